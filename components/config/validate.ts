import type { z } from "zod";
import { endpointAllowed, endpointFacts, isEndpointProvider, keyedProviderKinds, regionalProviderKinds } from "./endpoints";
import { checkAwsAutoNames, checkCloudLimits } from "./cloud-limits";
import { checkAccess } from "./checks-access";
import { checkGcp } from "./checks-gcp";
import { checkFailover } from "./checks-failover";
import { checkGpuPools } from "./gpus";
import { cloudSqlTiers, customTierProblem } from "./facts/gcp";
import { type Capabilities, applyPreset, atLeast, capabilitiesOf, defaultDatabaseTiers } from "./presets";
import { allowedRegions, cloudRegions, jurisdictions } from "./regions";
import { type Stage, type StackConfig, secretConfigKeys, stackConfigSchema, stages } from "./schema";
import { Secret } from "./secret";

/** One problem in a stack config: where, what is wrong (with what is allowed), and the value given. */
export interface SpecError {
  /** Config path, e.g. `ai-infra:regions[1]` or `ai-infra:models[0].provider`. */
  path: string;
  message: string;
  /** The value given, `[secret]` for secrets, absent when the key was missing. */
  value?: unknown;
}

/** The validated stack: config with presets, plus what the program derives from it. */
export interface Spec extends Omit<StackConfig, "providerKeys"> {
  project: string;
  stack: string;
  primaryRegion: string;
  capabilities: Capabilities;
  /** Provider name → API key, held as `Secret` so it never prints. */
  providerKeys: Record<string, Secret>;
}

export type ParseResult = { ok: true; spec: Spec } | { ok: false; errors: SpecError[] };

export interface ParseOptions {
  project?: string;
  stack?: string;
  /** Config keys (short, e.g. `providerKeys`) that were set as Pulumi secrets. */
  secretKeys?: ReadonlySet<string>;
  /** Every full config key of the stack (`aws:region`, `ai-infra:stage`), to report keys in namespaces nobody reads. */
  configKeys?: readonly string[];
}

export const configNamespace = "ai-infra";

/**
 * Config namespaces a stack file may use: the kit's own and those of the providers and tools the
 * program runs with (`pulumi config` keys are `<namespace>:<key>`).
 */
export const knownConfigNamespaces: readonly string[] = [configNamespace, "aws", "gcp", "pulumi", "kubernetes", "eks", "random", "awsx", "tls", "command", "docker"];

/**
 * Keys in a namespace no one reads (`ai-infr:stage`, `aws-region`): Pulumi would pass them on and
 * the kit would silently fall back to the preset. Each is an error naming the key.
 */
export function unknownNamespaceErrors(fullKeys: readonly string[]): SpecError[] {
  return fullKeys
    .filter((k) => k.includes(":") && !knownConfigNamespaces.includes(k.slice(0, k.indexOf(":"))))
    .sort()
    .map((k) => ({
      path: k,
      message: `is in namespace '${k.slice(0, k.indexOf(":"))}', which neither the kit nor a provider reads; allowed namespaces: ${knownConfigNamespaces.join(", ")} (did you mean ${configNamespace}:${k.slice(k.indexOf(":") + 1)}?)`,
    }));
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = configNamespace;
  path.forEach((p, i) => {
    if (typeof p === "number") out += `[${p}]`;
    else out += i === 0 ? `:${String(p)}` : `.${String(p)}`;
  });
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

function redact(path: readonly PropertyKey[], value: unknown): unknown {
  return secretConfigKeys.includes(path[0] as keyof StackConfig) && value !== undefined ? "[secret]" : value;
}

function zodErrors(issues: readonly z.core.$ZodIssue[], merged: unknown): SpecError[] {
  const out: SpecError[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const parent = allowedKeysAt(issue.path);
        out.push({
          path: formatPath(path),
          message: `is not a known setting${parent.length ? `; allowed: ${parent.join(", ")}` : ""}`,
          value: redact(path, valueAt(merged, path)),
        });
      }
      continue;
    }
    const value = valueAt(merged, issue.path);
    const defaultMessage = issue.message.startsWith("Invalid input");
    const message =
      value === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value")
        ? `is required${defaultMessage ? "" : `; ${issue.message}`}`
        : issue.message;
    out.push({ path: formatPath(issue.path), message, ...(value === undefined ? {} : { value: redact(issue.path, value) }) });
  }
  return out;
}

/** Keys a strict object at `path` accepts, for the message of an unknown key. */
function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let schema = unwrap(stackConfigSchema);
  for (const p of path) {
    const def = schema?.def;
    if (def?.type === "object") schema = unwrap(def.shape?.[String(p)]);
    else if (def?.type === "array") schema = unwrap(def.element);
    else if (def?.type === "record") schema = unwrap(def.valueType);
    else return [];
  }
  return schema?.def?.type === "object" ? Object.keys(schema.def.shape ?? {}) : [];
}

interface SchemaNode {
  def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown; innerType?: unknown };
}

function unwrap(schema: unknown): SchemaNode | undefined {
  let s = schema as SchemaNode | undefined;
  while (s?.def && (s.def.type === "optional" || s.def.type === "default" || s.def.type === "nullable")) {
    s = s.def.innerType as SchemaNode;
  }
  return s;
}

/**
 * What Pub/Sub accepts for the settings `ai-infra:queue` shares with SQS (whose ranges the schema
 * follows): a dead-letter policy's delivery attempts, a subscription's ack deadline and its
 * message retention.
 */
export const pubsubLimits = {
  maxReceiveCount: { min: 5, max: 100, what: "delivery attempts before dead-lettering" },
  visibilityTimeoutSeconds: { min: 10, max: 600, what: "ack deadline in seconds" },
  retentionSeconds: { min: 600, max: 604_800, what: "subscription message retention in seconds (7 days)" },
} as const;

/**
 * The keys database on GCP (Cloud SQL): a custom tier Cloud SQL creates, and high availability
 * only on a dedicated-core tier (the effective one: `database.tier` or the stage's default).
 */
export function gcpDatabaseErrors(c: Partial<StackConfig>): SpecError[] {
  const db = c.database && typeof c.database === "object" ? (c.database as Record<string, unknown>) : undefined;
  if (!db) return [];
  const errors: SpecError[] = [];
  const tierSet = typeof db.tier === "string";
  if (tierSet && /^db-(f1-micro|g1-small|custom-\d+-\d+)$/.test(db.tier as string)) {
    const problem = customTierProblem(db.tier as string);
    if (problem) errors.push({ path: formatPath(["database", "tier"]), message: `${problem} (${cloudSqlTiers.source})`, value: db.tier });
  }
  const stage = typeof c.stage === "string" && c.stage in defaultDatabaseTiers.gcp ? (c.stage as Stage) : undefined;
  const tier = tierSet ? (db.tier as string) : stage ? defaultDatabaseTiers.gcp[stage] : undefined;
  if (db.highAvailability === true && tier && cloudSqlTiers.sharedCore.includes(tier)) {
    errors.push({
      path: formatPath(tierSet ? ["database", "tier"] : ["database", "highAvailability"]),
      message: `${tierSet ? "is" : `needs a dedicated-core database.tier: the stage's default ${tier} is`} a shared-core tier, which the Cloud SQL SLA does not cover; with database.highAvailability set a tier of db-custom-<vCPUs>-<MiB> such as db-custom-1-3840 is required`,
      value: tierSet ? db.tier : true,
    });
  }
  return errors;
}

/** Rules that relate fields to each other; each runs only when the fields it reads are well-formed. */
export function crossCheck(c: Partial<StackConfig>, secretKeys: ReadonlySet<string>): SpecError[] {
  const errors: SpecError[] = [];
  const err = (path: PropertyKey[], message: string, value?: unknown) =>
    errors.push({ path: formatPath(path), message, ...(value === undefined ? {} : { value }) });

  const cloud = c.cloud === "aws" || c.cloud === "gcp" ? c.cloud : undefined;
  // Cross-field rules see the raw merged input: a field of the wrong type is the schema's to
  // report, so each rule reads it only when it has the right shape.
  const jurisdiction = typeof c.jurisdiction === "string" && (jurisdictions as readonly string[]).includes(c.jurisdiction) ? c.jurisdiction : undefined;
  const selfHosted = Array.isArray(c.selfHosted) ? c.selfHosted : [];
  const gpuPools = c.cluster && typeof c.cluster === "object" && Array.isArray(c.cluster.gpuPools) ? c.cluster.gpuPools : [];

  if (Array.isArray(c.regions) && cloud) {
    const seen = new Set<string>();
    c.regions.forEach((region, i) => {
      if (typeof region !== "string") return;
      if (seen.has(region)) err(["regions", i], "is listed twice", region);
      seen.add(region);
      if (!cloudRegions[cloud].includes(region)) {
        err(["regions", i], `is not ${cloud === "aws" ? "an" : "a"} ${cloud} region; allowed: ${cloudRegions[cloud].join(", ")}`, region);
      } else if (jurisdiction && !allowedRegions(cloud, jurisdiction).includes(region)) {
        err(
          ["regions", i],
          `is outside jurisdiction ${jurisdiction}; allowed ${cloud} regions: ${allowedRegions(cloud, jurisdiction).join(", ")}`,
          region,
        );
      }
    });
  }

  if (cloud === "gcp" && !c.gcpProject) err(["gcpProject"], "is required for cloud gcp (set gcp:project or ai-infra:gcpProject)");

  const providers = c.providers && typeof c.providers === "object" ? c.providers : undefined;
  const keys = c.providerKeys && typeof c.providerKeys === "object" ? c.providerKeys : {};
  if (c.providerKeys !== undefined && !secretKeys.has("providerKeys")) {
    err(["providerKeys"], "must be a Pulumi secret: pulumi config set --secret --path 'ai-infra:providerKeys.<provider>' <key>", "[secret]");
  }
  if (providers) {
    for (const [pname, p] of Object.entries(providers)) {
      if (!p || typeof p !== "object") continue;
      if (keyedProviderKinds.includes(p.kind) && !(pname in keys)) {
        err(
          ["providerKeys", pname],
          `is required for provider '${pname}' (kind ${p.kind}): pulumi config set --secret --path 'ai-infra:providerKeys.${pname}' <key>`,
        );
      }
      if (regionalProviderKinds.includes(p.kind) && !p.region) err(["providers", pname, "region"], `is required for kind ${p.kind}`);
      if ((p.kind === "azure" || p.kind === "openai-compatible") && !p.apiBase) {
        err(["providers", pname, "apiBase"], `is required for kind ${p.kind}`);
      }
    }
    for (const kname of Object.keys(keys)) {
      if (!(kname in providers)) err(["providerKeys", kname], `names no provider; providers: ${Object.keys(providers).join(", ")}`, "[secret]");
    }
  }

  const groups = new Set<string>();
  if (Array.isArray(c.models)) {
    c.models.forEach((m, i) => {
      if (!m || typeof m !== "object") return;
      if (typeof m.name === "string") groups.add(m.name);
      if (providers && typeof m.provider === "string" && !(m.provider in providers)) {
        err(["models", i, "provider"], `names no provider; providers: ${Object.keys(providers).join(", ")}`, m.provider);
      }
    });
    // Weighted A/B routing: the weights of a group's deployments are shares of its traffic.
    const byGroup = new Map<string, { i: number; weight?: number }[]>();
    c.models.forEach((m, i) => {
      if (m && typeof m.name === "string") byGroup.set(m.name, [...(byGroup.get(m.name) ?? []), { i, weight: m.weight }]);
    });
    for (const [group, ds] of byGroup) {
      if (!ds.some((d) => d.weight !== undefined)) continue;
      const sum = ds.reduce((s, d) => s + (typeof d.weight === "number" ? d.weight : 0), 0);
      if (ds.some((d) => d.weight === undefined) || Math.abs(sum - 100) > 1e-9) {
        err(["models", ds[0]!.i, "weight"], `weights of model group '${group}' must all be set and sum to 100 (they sum to ${sum})`, sum);
      }
    }
  }
  for (const s of selfHosted) if (s && typeof s.name === "string") groups.add(s.name);

  const groupList = () => [...groups].join(", ");
  if (c.reliability && typeof c.reliability.fallbacks === "object" && c.reliability.fallbacks) {
    for (const [from, targets] of Object.entries(c.reliability.fallbacks)) {
      if (!groups.has(from)) err(["reliability", "fallbacks", from], `names no model group; groups: ${groupList()}`, from);
      if (!Array.isArray(targets)) continue;
      targets.forEach((t, i) => {
        if (t === from) err(["reliability", "fallbacks", from, i], "must differ from the group it backs up", t);
        else if (!groups.has(t)) err(["reliability", "fallbacks", from, i], `names no model group; groups: ${groupList()}`, t);
      });
    }
  }

  const minMax = (path: PropertyKey[], o: unknown, minKey: string, maxKey: string) => {
    if (!o || typeof o !== "object") return;
    const r = o as Record<string, unknown>;
    if (typeof r[minKey] === "number" && typeof r[maxKey] === "number" && (r[maxKey] as number) < (r[minKey] as number)) {
      err([...path, maxKey], `must be at least ${minKey} (${String(r[minKey])})`, r[maxKey]);
    }
  };
  minMax(["gateway"], c.gateway, "minReplicas", "maxReplicas");
  minMax(["worker"], c.worker, "minReplicas", "maxReplicas");
  if (c.cluster) {
    minMax(["cluster", "systemNodes"], c.cluster.systemNodes, "min", "max");
    gpuPools.forEach((p, i) => minMax(["cluster", "gpuPools", i], p, "minNodes", "maxNodes"));
  }
  selfHosted.forEach((s, i) => {
    minMax(["selfHosted", i], s, "minReplicas", "maxReplicas");
    const pools = gpuPools.map((p) => p?.name).filter((n): n is string => typeof n === "string");
    if (s && typeof s.pool === "string" && !pools.includes(s.pool)) {
      err(["selfHosted", i, "pool"], `names no GPU pool; pools: ${pools.join(", ") || "(none: set ai-infra:cluster.gpuPools)"}`, s.pool);
    }
  });

  if (c.budget && typeof c.budget.monthlyUsd === "number" && c.budget.features && typeof c.budget.features === "object") {
    for (const [feature, usd] of Object.entries(c.budget.features)) {
      if (typeof usd === "number" && usd > c.budget.monthlyUsd) {
        err(["budget", "features", feature], `must not exceed the stack budget (${c.budget.monthlyUsd} USD)`, usd);
      }
    }
  }

  if (c.semanticCache && typeof c.semanticCache.embeddingModel === "string" && !groups.has(c.semanticCache.embeddingModel)) {
    err(["semanticCache", "embeddingModel"], `names no model group; groups: ${groupList()}`, c.semanticCache.embeddingModel);
  }
  if (c.routing && typeof c.routing.routerGroup === "string" && groups.has(c.routing.routerGroup)) {
    err(["routing", "routerGroup"], "must not be the name of a model group", c.routing.routerGroup);
  }
  // The router needs somewhere to send each class of request.
  if (c.routing && typeof c.routing === "object") {
    const tiers = new Set([...(Array.isArray(c.models) ? c.models : []), ...(Array.isArray(c.selfHosted) ? c.selfHosted : [])].map((m) => m?.tier));
    for (const t of ["small", "strong"]) {
      if (!tiers.has(t as "small")) err(["routing"], `needs a model group of tier ${t} (set tier on a model or selfHosted entry)`);
    }
  }
  for (const issue of checkSelfHostedFirst(c)) err(issue.path, issue.message, issue.value);
  for (const issue of checkGpuPools(c)) err(issue.path, issue.message, issue.value);
  for (const issue of checkCloudLimits(c)) err(issue.path, issue.message, issue.value);
  for (const issue of checkGcp(c)) err(issue.path, issue.message, issue.value);
  for (const issue of checkAccess(c)) err(issue.path, issue.message, issue.value);
  for (const issue of checkFailover(c)) err(issue.path, issue.message, issue.value);

  const knownStage = typeof c.stage === "string" && (stages as readonly string[]).includes(c.stage) ? c.stage : undefined;
  if (cloud === "gcp" && knownStage && atLeast(knownStage, "growth") && (c.gcpBillingAccount === undefined || c.gcpBillingAccount === "")) {
    err(
      ["gcpBillingAccount"],
      `is required for cloud gcp from stage growth: GCP budgets live on a billing account, not in the project, so without it the stack gets no budget alerts (pulumi config set ai-infra:gcpBillingAccount XXXXXX-XXXXXX-XXXXXX; gcloud billing accounts list)`,
    );
  }
  // Pub/Sub takes narrower ranges than SQS. A value only the schema's wider range allows is
  // rejected here; one outside the schema's range is the schema's to report.
  if (cloud === "gcp" && c.queue && typeof c.queue === "object") {
    const queue = c.queue as Record<string, unknown>;
    const schemaRange = { maxReceiveCount: [1, 100], visibilityTimeoutSeconds: [10, 43_200], retentionSeconds: [600, 1_209_600] } as const;
    for (const [key, limit] of Object.entries(pubsubLimits) as [keyof typeof pubsubLimits, (typeof pubsubLimits)[keyof typeof pubsubLimits]][]) {
      const v = queue[key];
      const [lo, hi] = schemaRange[key];
      if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) continue;
      if (v < limit.min || v > limit.max) {
        err(["queue", key], `must be between ${limit.min} and ${limit.max} on cloud gcp (Pub/Sub ${limit.what})`, v);
      }
    }
  }

  const stage = c.stage;
  if (stage === "scale" || stage === "enterprise") {
    if (!c.cluster) err(["cluster"], `is required at stage ${stage} (Kubernetes cluster with GPU pools)`);
    if (!c.selfHosted || c.selfHosted.length === 0) err(["selfHosted"], `is required at stage ${stage} (models served by vLLM)`);
  }
  if (c.database && typeof c.database === "object") {
    const db = c.database as Record<string, unknown>;
    const awsOnly = ["minCapacity", "maxCapacity"].filter((k) => db[k] !== undefined);
    if (cloud === "gcp") for (const k of awsOnly) err(["database", k], "is for cloud aws (Aurora Serverless v2 capacity); on gcp set database.tier", db[k]);
    if (cloud === "aws" && db.tier !== undefined) err(["database", "tier"], "is for cloud gcp (Cloud SQL tier); on aws set database.minCapacity and database.maxCapacity", db.tier);
    if (typeof db.minCapacity === "number" && typeof db.maxCapacity === "number" && db.minCapacity > db.maxCapacity) {
      err(["database", "maxCapacity"], `must be at least database.minCapacity (${db.minCapacity})`, db.maxCapacity);
    }
  }
  // AWS from growth: callers hold LiteLLM virtual keys and API Gateway no longer asks for its own
  // keys, so a usage plan's daily quota would count nobody (components/aws/api.ts).
  const perKey = c.api && typeof c.api === "object" ? (c.api as Record<string, unknown>).perKey : undefined;
  const quota = perKey && typeof perKey === "object" ? (perKey as Record<string, unknown>).quotaPerDay : undefined;
  if (cloud === "aws" && typeof stage === "string" && (stages as readonly string[]).includes(stage) && atLeast(stage as (typeof stages)[number], "growth") && quota !== undefined) {
    err(
      ["api", "perKey", "quotaPerDay"],
      `is enforced only by the AWS prototype's API keys; from stage growth callers use LiteLLM virtual keys: remove it and give keys a budget with a period instead (access.keyDefaults)`,
      quota,
    );
  }
  if (cloud === "gcp") errors.push(...gcpDatabaseErrors(c));
  if (stage === "enterprise" && Array.isArray(c.regions) && c.regions.length > 1 && !c.failover) {
    err(["failover"], "is required when an enterprise stack has several regions");
  }
  return errors;
}

/**
 * Parse a stack config once, at the program boundary: fill in the stage preset, validate every
 * field and every relation, and report all problems together. Nothing downstream sees raw config.
 */
export function parseSpec(raw: Record<string, unknown>, opts: ParseOptions = {}): ParseResult {
  const secretKeys = opts.secretKeys ?? new Set<string>();
  const merged = applyPreset(raw);
  const parsed = stackConfigSchema.safeParse(merged);
  const errors = parsed.success ? [] : zodErrors(parsed.error.issues, merged);
  // Cross-field rules read the merged input defensively, so they report even when other fields are broken.
  errors.unshift(...unknownNamespaceErrors(opts.configKeys ?? []));
  errors.push(...crossCheck(merged as Partial<StackConfig>, secretKeys));
  for (const issue of checkAwsAutoNames(opts.project ?? configNamespace, merged as Partial<StackConfig>)) {
    errors.push({ path: formatPath(issue.path), message: issue.message, ...(issue.value === undefined ? {} : { value: issue.value }) });
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors: dedupe(errors) };

  const config = parsed.data;
  const providerKeys: Record<string, Secret> = {};
  for (const [k, v] of Object.entries(config.providerKeys ?? {})) providerKeys[k] = new Secret(v, `${configNamespace}:providerKeys.${k}`);
  return {
    ok: true,
    spec: {
      ...config,
      project: opts.project ?? configNamespace,
      stack: opts.stack ?? "dev",
      primaryRegion: config.regions[0]!,
      capabilities: capabilitiesOf(config.stage, config.cloud),
      providerKeys,
    },
  };
}

function dedupe(errors: SpecError[]): SpecError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.path}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Thrown by the program when the config is invalid; carries every problem. */
export class SpecValidationError extends Error {
  constructor(readonly errors: SpecError[]) {
    super(
      `invalid stack config (${errors.length} problem${errors.length === 1 ? "" : "s"}):\n` +
        errors.map((e) => `  ${e.path}: ${e.message}${e.value === undefined ? "" : ` (given: ${JSON.stringify(e.value)})`}`).join("\n"),
    );
    this.name = "SpecValidationError";
  }
}

interface Issue {
  path: PropertyKey[];
  message: string;
  value?: unknown;
}

/**
 * Self-hosted first with API overflow, and fine-tuning: overflow targets are hosted model groups
 * whose every endpoint keeps data in the stack's jurisdiction; fine-tuning is an enterprise
 * section whose adapters are served by a self-hosted group (vLLM loads an adapter only on top of
 * the base model it serves). Reads the raw merged input defensively, like `crossCheck`.
 */
export function checkSelfHostedFirst(c: Partial<StackConfig>): Issue[] {
  const out: Issue[] = [];
  const obj = (v: unknown): v is Record<string, any> => !!v && typeof v === "object" && !Array.isArray(v);
  const cloud = c.cloud === "aws" || c.cloud === "gcp" ? c.cloud : undefined;
  const jurisdiction = typeof c.jurisdiction === "string" && (jurisdictions as readonly string[]).includes(c.jurisdiction) ? c.jurisdiction : undefined;
  const models = Array.isArray(c.models) ? c.models.filter(obj) : [];
  const selfHosted = Array.isArray(c.selfHosted) ? c.selfHosted.filter(obj) : [];
  const providers = obj(c.providers) ? c.providers : {};
  const hostedGroups = [...new Set(models.map((m) => m.name).filter((n): n is string => typeof n === "string"))];
  const selfHostedGroups = selfHosted.map((s) => s.name).filter((n): n is string => typeof n === "string");
  const gatewayTimeout = obj(c.gateway) && typeof c.gateway.timeoutSeconds === "number" ? c.gateway.timeoutSeconds : undefined;

  // Where a hosted group's deployments keep data: every deployment must be inside the jurisdiction.
  const outside = (group: string): string[] =>
    models
      .filter((m) => m.name === group && typeof m.provider === "string" && isEndpointProvider(providers[m.provider]))
      .filter((m) => cloud && jurisdiction && !endpointAllowed(providers[m.provider], cloud, jurisdiction))
      .map((m) => {
        const f = endpointFacts(providers[m.provider], cloud!);
        return `${f.endpoint} (${f.jurisdictions.join(", ") || "jurisdiction unknown"})`;
      });
  const inJurisdiction = () => hostedGroups.filter((g) => outside(g).length === 0);

  selfHosted.forEach((s, i) => {
    const o = s.overflow;
    if (!obj(o)) return;
    if (Array.isArray(o.groups)) {
      o.groups.forEach((g: unknown, j: number) => {
        if (typeof g !== "string") return;
        const path = ["selfHosted", i, "overflow", "groups", j];
        if (!hostedGroups.includes(g)) {
          out.push({ path, message: `names no hosted model group (overflow goes to a group of ai-infra:models); allowed: ${inJurisdiction().join(", ") || "(none)"}`, value: g });
          return;
        }
        const bad = outside(g);
        if (bad.length > 0) {
          out.push({
            path,
            message: `is outside jurisdiction ${jurisdiction}: model group '${g}' calls ${bad.join("; ")}; allowed groups in ${jurisdiction}: ${inJurisdiction().join(", ") || "(none)"}`,
            value: g,
          });
        }
      });
    }
    if (typeof o.timeoutSeconds === "number" && gatewayTimeout !== undefined && o.timeoutSeconds > gatewayTimeout) {
      out.push({ path: ["selfHosted", i, "overflow", "timeoutSeconds"], message: `must be at most gateway.timeoutSeconds (${gatewayTimeout}): the overflow must start before the caller's request times out`, value: o.timeoutSeconds });
    }
  });

  const ft = c.fineTuning;
  if (!obj(ft)) return out;
  if (typeof c.stage === "string" && c.stage !== "enterprise") {
    out.push({ path: ["fineTuning"], message: `is available at stage enterprise only (this stack is ${c.stage}); allowed stages: enterprise` });
  }
  const pools = obj(c.cluster) && Array.isArray(c.cluster.gpuPools) ? c.cluster.gpuPools.filter(obj).map((p) => p.name).filter((n): n is string => typeof n === "string") : [];
  if (obj(ft.trainer) && typeof ft.trainer.pool === "string" && !pools.includes(ft.trainer.pool)) {
    out.push({ path: ["fineTuning", "trainer", "pool"], message: `names no GPU pool; pools: ${pools.join(", ") || "(none: set ai-infra:cluster.gpuPools)"}`, value: ft.trainer.pool });
  }
  const adapters: Record<string, any>[] = Array.isArray(ft.adapters) ? ft.adapters.filter(obj) : [];
  const seen = new Set<string>();
  adapters.forEach((a, i) => {
    if (typeof a.baseModel === "string" && !selfHostedGroups.includes(a.baseModel)) {
      out.push({
        path: ["fineTuning", "adapters", i, "baseModel"],
        message: `is not served by this stack (an adapter runs on the vLLM release of its base model); allowed: ${selfHostedGroups.join(", ") || "(none: set ai-infra:selfHosted)"}`,
        value: a.baseModel,
      });
    }
    if (typeof a.name === "string") {
      if (hostedGroups.includes(a.name) || selfHostedGroups.includes(a.name) || seen.has(a.name)) {
        out.push({ path: ["fineTuning", "adapters", i, "name"], message: "must differ from every model group and every other adapter (it becomes a model group of its own)", value: a.name });
      }
      seen.add(a.name);
    }
  });
  if (obj(ft.run) && typeof ft.run.baseModel === "string" && !selfHostedGroups.includes(ft.run.baseModel)) {
    out.push({
      path: ["fineTuning", "run", "baseModel"],
      message: `is not served by this stack (training starts from a self-hosted group's weights); allowed: ${selfHostedGroups.join(", ") || "(none: set ai-infra:selfHosted)"}`,
      value: ft.run.baseModel,
    });
  }
  if (obj(ft.run) && typeof ft.run.adapter === "string" && (hostedGroups.includes(ft.run.adapter) || selfHostedGroups.includes(ft.run.adapter))) {
    out.push({ path: ["fineTuning", "run", "adapter"], message: "must differ from every model group (the adapter becomes a model group of its own)", value: ft.run.adapter });
  }
  const ex = ft.export;
  if (obj(ex)) {
    const known = [...hostedGroups, ...selfHostedGroups, ...seen];
    if (Array.isArray(ex.models)) {
      ex.models.forEach((m: unknown, i: number) => {
        if (typeof m === "string" && !known.includes(m)) out.push({ path: ["fineTuning", "export", "models", i], message: `names no model group; groups: ${known.join(", ")}`, value: m });
      });
    }
    if (typeof ex.from === "string" && typeof ex.to === "string" && ex.from > ex.to) {
      out.push({ path: ["fineTuning", "export", "to"], message: `must not be before export.from (${ex.from})`, value: ex.to });
    }
  }
  return out;
}
