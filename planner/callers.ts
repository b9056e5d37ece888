import type { Stack } from "../components/config/model";
import { adminPathPrefix, apiBasePath, callerRoutes, healthRoute } from "../components/gateway/routes";
import { type CapturedResource, SecretValue } from "./capture";
import type { PlanOutcome } from "./plan";

/**
 * What a caller of the stack's API sees, read from one plan: the planned front door's resources
 * (API Gateway methods, integrations, usage plan; the GCP URL map and Cloud Armor policy), the
 * stack's `apiUrl` output, and the validated spec for the limits the gateway holds per key. No
 * stage name is consulted: a promotion changes what callers see exactly where the planned
 * resources differ.
 */
export interface CallerView {
  /** The stack output `apiUrl` (the base URL callers configure), or null when the plan has none. */
  url: string | null;
  /** The header callers must send their key in, as they write it. */
  auth: string;
  /** What that key is and where it comes from. */
  keyKind: string;
  /** Limits a caller can hit (429 above them), one line each, sorted. */
  limits: string[];
  /** Whether answers arrive as the model writes them (SSE) or in one buffered body. */
  streaming: string;
  /** Caller routes (`POST /v1/chat/completions`), without operator-only paths, sorted. */
  routes: string[];
}

/** One fact that differs before → after, with what the team does about it. */
export interface CallerChange {
  what: "url" | "auth" | "keyKind" | "limits" | "streaming" | "routes";
  before: string;
  after: string;
  migration: string;
}

export interface CallerDiff {
  before: CallerView;
  after: CallerView;
  /** Empty when callers see no difference. */
  changes: CallerChange[];
}

const plain = (v: unknown): unknown => (v instanceof SecretValue ? v.value : v);
const inputsOf = (r: CapturedResource) => r.inputs as Record<string, unknown>;

function awsView(res: readonly CapturedResource[], spec: Stack, url: string | null): Omit<CallerView, "url"> {
  const of = (t: string) => res.filter((r) => r.type === t);
  const byId = new Map(of("aws:apigateway/resource:Resource").map((r) => [r.id, r]));
  const pathOf = (id: string, depth = 0): string => {
    const r = byId.get(id);
    // The REST API's root resource is not registered by the program: the chain ends there.
    if (!r || depth > 20) return "";
    return `${pathOf(String(inputsOf(r).parentId), depth + 1)}/${String(inputsOf(r).pathPart)}`;
  };
  const base = url ? new URL(url).pathname.replace(/\/$/, "") : "";
  const validators = new Set(of("aws:apigateway/requestValidator:RequestValidator").filter((v) => inputsOf(v).validateRequestParameters === true).map((v) => v.id));
  // Operators' routes are IAM-signed (`AWS_IAM`); what is left is what callers reach.
  const methods = of("aws:apigateway/method:Method").filter((m) => inputsOf(m).authorization !== "AWS_IAM");
  const keyed = methods.filter((m) => inputsOf(m).apiKeyRequired === true);
  const bearer = methods.filter((m) => {
    const i = inputsOf(m);
    const params = (plain(i.requestParameters) ?? {}) as Record<string, unknown>;
    return validators.has(String(i.requestValidatorId)) && params["method.request.header.Authorization"] === true;
  });
  const routes = methods.map((m) => `${String(inputsOf(m).httpMethod)} ${base}${pathOf(String(inputsOf(m).resourceId))}`).sort();
  const keyNames = of("aws:apigateway/apiKey:ApiKey").filter((k) => inputsOf(k).enabled !== false).map((k) => k.name.split("-api-key-").pop());
  let auth: string;
  let keyKind: string;
  if (keyed.length > 0) {
    auth = "x-api-key: <API Gateway API key>";
    keyKind = `API Gateway API key (created by the deploy: ${keyNames.join(", ") || "none"}; value from aws apigateway get-api-key --include-value)`;
  } else if (bearer.length > 0) {
    auth = "Authorization: Bearer <LiteLLM virtual key>";
    keyKind = "LiteLLM virtual key (in the keys database; issued with npm run keys)";
  } else {
    auth = "none";
    keyKind = "none";
  }
  const limits: string[] = [];
  const stage = of("aws:apigateway/methodSettings:MethodSettings")[0];
  const s = stage ? (inputsOf(stage).settings as Record<string, number> | undefined) : undefined;
  if (s?.throttlingRateLimit !== undefined) limits.push(`all callers together (API Gateway stage): ${s.throttlingRateLimit} requests/s, burst ${s.throttlingBurstLimit ?? s.throttlingRateLimit}`);
  // A usage plan's per-key limits apply only to methods that require an API key.
  const plan = of("aws:apigateway/usagePlan:UsagePlan")[0];
  if (plan && keyed.length > 0) {
    const t = inputsOf(plan).throttleSettings as { rateLimit?: number; burstLimit?: number } | undefined;
    const q = inputsOf(plan).quotaSettings as { limit?: number; period?: string } | undefined;
    if (t?.rateLimit !== undefined) limits.push(`per key (API Gateway usage plan): ${t.rateLimit} requests/s, burst ${t.burstLimit ?? t.rateLimit}`);
    if (q?.limit !== undefined) limits.push(`per key (API Gateway usage plan): ${q.limit} requests per ${String(q.period).toLowerCase()}`);
  }
  if (bearer.length > 0) limits.push(...litellmKeyLimits(spec));
  const integrations = of("aws:apigateway/integration:Integration").filter((i) => methods.some((m) => inputsOf(m).resourceId === inputsOf(i).resourceId));
  const streamed = integrations.length > 0 && integrations.every((i) => inputsOf(i).responseTransferMode === "STREAM");
  return { auth, keyKind, limits: limits.sort(), streaming: streamed ? "streamed (API Gateway response streaming)" : "buffered (API Gateway returns the whole answer at once)", routes };
}

const methodOf = new Map([...callerRoutes, healthRoute].map((r) => [`${apiBasePath}${r.path}`, r.method]));

function gcpView(res: readonly CapturedResource[], spec: Stack): Omit<CallerView, "url"> {
  const map = res.find((r) => r.type === "gcp:compute/uRLMap:URLMap");
  type Matcher = { routeRules?: { matchRules?: { fullPathMatch?: string }[] }[] };
  const routes = ((map ? (inputsOf(map).pathMatchers as Matcher[] | undefined) : undefined) ?? [])
    .flatMap((pm) => pm.routeRules ?? [])
    .flatMap((r) => (r.matchRules ?? []).map((m) => m.fullPathMatch))
    // The admin path is for operators only (Cloud Armor admits it from api.adminCidrs).
    .filter((p): p is string => typeof p === "string" && !p.startsWith(adminPathPrefix))
    // A URL map matches paths, not methods: the method is the one LiteLLM serves the path with.
    .map((p) => `${methodOf.get(p) ?? "ANY"} ${p}`)
    .sort();
  const limits: string[] = [];
  const policy = res.find((r) => r.type === "gcp:compute/securityPolicy:SecurityPolicy");
  type Rule = { action?: string; rateLimitOptions?: { enforceOnKey?: string; enforceOnKeyName?: string; rateLimitThreshold?: { count?: number; intervalSec?: number }; exceedAction?: string } };
  for (const r of ((policy ? inputsOf(policy).rules : undefined) as Rule[] | undefined) ?? []) {
    const o = r.rateLimitOptions;
    if (r.action !== "throttle" || !o) continue;
    const who =
      o.enforceOnKey === "HTTP_HEADER"
        ? `per key (Cloud Armor, ${o.enforceOnKeyName} header)`
        : o.enforceOnKey === "IP"
          ? "per client address (Cloud Armor)"
          : `per ${String(o.enforceOnKey ?? "ALL").toLowerCase()} (Cloud Armor)`;
    limits.push(`${who}: ${o.rateLimitThreshold?.count} requests per ${o.rateLimitThreshold?.intervalSec} s, then ${o.exceedAction ?? "deny(429)"}`);
  }
  limits.push(...litellmKeyLimits(spec));
  return {
    auth: "Authorization: Bearer <LiteLLM virtual key>",
    keyKind: "LiteLLM virtual key (in the keys database; issued with npm run keys)",
    limits: limits.sort(),
    // The load balancer passes a Cloud Run answer through as it is written.
    streaming: "streamed (load balancer → Cloud Run, chunked)",
    routes,
  };
}

/** The limits LiteLLM holds on each virtual key: `access.keyDefaults` (what `npm run keys` gives a new key). */
function litellmKeyLimits(spec: Stack): string[] {
  const d = (spec as { access?: { keyDefaults?: { rpm?: number; tpm?: number; budgetUsd?: number; budgetPeriod?: string } } }).access?.keyDefaults;
  const out: string[] = [];
  if (d?.rpm !== undefined) out.push(`per key (LiteLLM, access.keyDefaults): ${d.rpm} requests/min`);
  if (d?.tpm !== undefined) out.push(`per key (LiteLLM, access.keyDefaults): ${d.tpm} tokens/min`);
  if (d?.budgetUsd !== undefined) out.push(`per key (LiteLLM, access.keyDefaults): budget $${d.budgetUsd}${d.budgetPeriod ? ` per ${d.budgetPeriod}` : ""}`);
  return out;
}

/** What callers of a planned stack see. */
export function callerView(outcome: Pick<PlanOutcome, "captured" | "spec" | "outputs">): CallerView | undefined {
  if (!outcome.spec || !outcome.captured) return undefined;
  const url = typeof outcome.outputs?.apiUrl === "string" ? outcome.outputs.apiUrl : null;
  const view = outcome.spec.cloud === "aws" ? awsView(outcome.captured, outcome.spec, url) : gcpView(outcome.captured, outcome.spec);
  return { url, ...view };
}

/** The facts that differ, each with its migration step. */
export function callerChanges(stack: string, before: CallerView, after: CallerView): CallerChange[] {
  const out: CallerChange[] = [];
  const list = (xs: string[]) => (xs.length ? xs.join("; ") : "none");
  if (before.url !== after.url) {
    out.push({ what: "url", before: String(before.url), after: String(after.url), migration: `point callers' base URL at ${after.url} once the promotion is deployed` });
  }
  if (before.auth !== after.auth || before.keyKind !== after.keyKind) {
    const toVirtual = after.keyKind.startsWith("LiteLLM virtual key") && !before.keyKind.startsWith("LiteLLM virtual key");
    const migration = toVirtual
      ? `${before.auth.split(":")[0]} stops working when the promotion is deployed: right after pulumi up, issue each caller a virtual key (npm run keys -- ${stack} sync for the keys of ai-infra:api.keys, or npm run keys -- ${stack} create --name <caller>) and switch callers to ${after.auth}; calls with the old key fail from the deploy until then`
      : `switch callers to ${after.auth} (${after.keyKind}) when the promotion is deployed`;
    if (before.auth !== after.auth) out.push({ what: "auth", before: before.auth, after: after.auth, migration });
    if (before.keyKind !== after.keyKind) out.push({ what: "keyKind", before: before.keyKind, after: after.keyKind, migration: before.auth !== after.auth ? "the auth header's step above" : migration });
  }
  if (list(before.limits) !== list(after.limits)) {
    const litellm = (xs: string[]) => xs.filter((l) => l.includes("(LiteLLM"));
    const door = (xs: string[]) => xs.filter((l) => !l.includes("(LiteLLM"));
    const steps: string[] = [];
    if (list(door(before.limits)) !== list(door(after.limits))) steps.push("the front door's limits apply from the deploy: callers get 429 above them, so check their peak rates");
    if (list(litellm(before.limits)) !== list(litellm(after.limits))) {
      steps.push(
        litellm(before.limits).length > 0
          ? `keys issued before keep the limits they were issued with; new keys get access.keyDefaults (npm run keys -- ${stack} rotate --name <caller> keeps the old limits: revoke and create to change them)`
          : `each virtual key is issued with access.keyDefaults unless given its own (npm run keys -- ${stack} create --name <caller> --rpm <n> --tpm <n>)`,
      );
    }
    out.push({ what: "limits", before: list(before.limits), after: list(after.limits), migration: steps.join("; ") });
  }
  if (before.streaming !== after.streaming) {
    out.push({ what: "streaming", before: before.streaming, after: after.streaming, migration: after.streaming.startsWith("buffered") ? "callers that set stream: true get the whole answer at once: raise their read timeouts" : "no step: stream: true now streams" });
  }
  const removed = before.routes.filter((r) => !after.routes.includes(r));
  const added = after.routes.filter((r) => !before.routes.includes(r));
  if (removed.length > 0 || added.length > 0) {
    out.push({
      what: "routes",
      before: list(before.routes),
      after: list(after.routes),
      migration: removed.length > 0 ? `removed: ${removed.join(", ")}: callers of them get 404 once the promotion is deployed; move them off first` : `added: ${added.join(", ")}; no step for existing callers`,
    });
  }
  return out;
}
