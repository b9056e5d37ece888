import { adminPathPrefix } from "../../components/gateway/routes";
import { stackPolicy } from "../lib/define";
import { type ResourceView, arr, identifiers, label, obj, ofType, peek, read, str } from "../lib/resources";

/**
 * Cloud Armor rules evaluate in priority order and the first match decides
 * (https://cloud.google.com/armor/docs/security-policy-overview#rule-evaluation-order); a policy
 * without a rule at the lowest priority gets Google's default `allow` rule.
 */
const defaultPriority = 2147483647;
const implicitDefault = { priority: defaultPriority, action: "allow", ranges: ["*"] as string[], expression: undefined as string | undefined };
const wholeInternet = new Set(["*", "0.0.0.0/0", "::/0"]);

/** A rule as far as this policy understands it. */
interface Rule {
  priority: number;
  action: string;
  /** `versionedExpr: SRC_IPS_V1` source ranges, when the rule matches by address. */
  ranges?: string[];
  /** The custom (CEL) expression, when the rule matches by expression. */
  expression?: string;
  rateLimit: Record<string, unknown>;
}

function rulesOf(policy: ResourceView): Rule[] {
  const rules = arr(policy.props.rules).map((x) => {
    const r = obj(x);
    const match = obj(r.match);
    return {
      priority: typeof r.priority === "number" ? r.priority : Number(r.priority),
      action: str(r.action) ?? "",
      ...(str(match.versionedExpr) === "SRC_IPS_V1" ? { ranges: arr(obj(match.config).srcIpRanges).filter((v): v is string => typeof v === "string") } : {}),
      ...(str(obj(match.expr).expression) ? { expression: str(obj(match.expr).expression)!.replace(/\s+/g, " ").trim() } : {}),
      rateLimit: obj(r.rateLimitOptions),
    };
  });
  if (!rules.some((r) => r.priority === defaultPriority)) rules.push({ ...implicitDefault, rateLimit: {} });
  return rules.sort((a, b) => a.priority - b.priority);
}

/** `allow`, `throttle` and `rate_based_ban` (conforming requests) let a request through; `deny(…)` and `redirect` do not. */
const admits = (action: string) => action === "allow" || action === "throttle" || action === "rate_based_ban";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const adminTest = `request\\.path\\.startsWith\\((['"])${escape(adminPathPrefix)}\\1\\)`;
const adminOnly = new RegExp(`^${adminTest}$`);
const adminFromRanges = new RegExp(`^${adminTest} && \\((.*)\\)$`);
const ipRange = /^inIpRange\(origin\.ip, (['"])([^'"]+)\1\)$/;

/**
 * How a rule matches the request in question. `all`: every such request; `some`: requests from
 * the listed addresses only (or a subset the rule's expression picks, e.g. a WAF signature);
 * `none`: never; `unknown`: an expression this policy does not read.
 */
type Matches = "all" | "some" | "none" | "unknown";

function matchesAdmin(r: Rule): Matches {
  if (r.ranges) return r.ranges.some((c) => wholeInternet.has(c)) ? "all" : "some";
  const e = r.expression ?? "";
  if (adminOnly.test(e)) return "all";
  const scoped = adminFromRanges.exec(e);
  if (scoped) {
    const ranges = scoped[2]!.split(" || ").map((t) => ipRange.exec(t.trim()));
    if (ranges.some((m) => m === null)) return "unknown";
    return ranges.some((m) => wholeInternet.has(m![2]!)) ? "all" : "some";
  }
  if (e.startsWith("evaluatePreconfiguredWaf(") || e.startsWith("evaluatePreconfiguredExpr(")) return "some";
  return e === "true" ? "all" : "unknown";
}

function matchesCaller(r: Rule): Matches {
  if (r.ranges) return r.ranges.some((c) => wholeInternet.has(c)) ? "all" : "some";
  const e = r.expression ?? "";
  if (adminOnly.test(e) || adminFromRanges.test(e)) return "none";
  if (e.startsWith("evaluatePreconfiguredWaf(") || e.startsWith("evaluatePreconfiguredExpr(")) return "some";
  return e === "true" ? "all" : "unknown";
}

/**
 * A throttle or rate-based ban counted per client address only (`enforceOnKey: IP`, or
 * `enforceOnKeyConfigs` whose every key is `IP`). Any key the caller writes (a header such as
 * `Authorization`, a cookie, `X-Forwarded-For`) gives each made-up value a fresh count, alone or
 * combined with the address; a throttle without a key (`ALL`) is one count anyone can exhaust.
 */
function addressThrottle(r: Rule): boolean {
  if (r.action !== "throttle" && r.action !== "rate_based_ban") return false;
  const o = r.rateLimit;
  const configs = arr(o.enforceOnKeyConfigs).map((c) => obj(c).enforceOnKeyType);
  const keyed = configs.length > 0 ? configs.every((t) => t === "IP") : o.enforceOnKey === "IP";
  const t = obj(o.rateLimitThreshold);
  return keyed && typeof t.count === "number" && t.count > 0 && typeof t.intervalSec === "number" && t.intervalSec > 0;
}

const ruleLabel = (r: Rule) => `rule ${r.priority} (${r.action})`;

/** Throttle findings for one security policy: the first rule that decides every caller request must be the per-address throttle. */
function throttleFindings(rules: Rule[]): string[] {
  const throttle = rules.find(addressThrottle);
  if (!throttle) {
    return [
      "has no rule that throttles per client address (action throttle or rate_based_ban with rateLimitOptions.enforceOnKey IP, or enforceOnKeyConfigs of type IP only, and a rateLimitThreshold); a key the caller writes, such as the Authorization header, gives every made-up value a fresh count",
    ];
  }
  for (const r of rules) {
    const m = matchesCaller(r);
    if (r === throttle && m === "all") return [];
    if (m === "all") {
      return r.priority < throttle.priority
        ? [`lets ${ruleLabel(r)} decide every caller request before the throttle (rule ${throttle.priority}) counts it`]
        : [`has a throttle (rule ${throttle.priority}) that does not match every request (match srcIpRanges ['*'])`];
    }
    if (m === "unknown" && admits(r.action)) return [`lets ${ruleLabel(r)} admit requests before the throttle (rule ${throttle.priority}) with an expression this policy cannot read: ${r.expression}`];
  }
  return [];
}

/** Admin findings: for a request to the admin path from an address outside every listed range, the first rule that certainly matches denies it. */
function adminFindings(rules: Rule[]): string[] {
  for (const r of rules) {
    const m = matchesAdmin(r);
    if (m === "unknown" && admits(r.action)) return [`may admit the admin path ${adminPathPrefix} from any address: ${ruleLabel(r)} has an expression this policy cannot read: ${r.expression}`];
    if (m !== "all") continue;
    if (admits(r.action)) {
      return [`admits the admin path ${adminPathPrefix} from any address: ${ruleLabel(r)} matches it before any deny (allow it only from listed ranges, none of them *, 0.0.0.0/0 or ::/0, then deny it)`];
    }
    return [];
  }
  return [];
}

/** Whether a default of the URL map (top level or a path matcher) answers by itself: a redirect or a 100% fault-injection abort. */
function answersItself(d: Record<string, unknown>): boolean {
  if (Object.keys(obj(d.defaultUrlRedirect)).length > 0) return true;
  const abort = obj(obj(obj(d.defaultRouteAction).faultInjectionPolicy).abort);
  return typeof abort.httpStatus === "number" && abort.percentage === 100;
}

const dependsOn = (r: ResourceView, key: string, targets: readonly ResourceView[]) => {
  const deps = r.propertyDependencies?.[key] ?? [];
  return targets.filter((t) => deps.some((d) => d.urn === t.urn));
};

/** Targets named by value (known values only; at preview the property dependencies do this). */
const namedBy = (values: unknown[], targets: readonly ResourceView[]) => {
  const strings = values.map((v) => str(v)).filter((v): v is string => v !== undefined);
  return targets.filter((t) => {
    const ids = identifiers(t);
    return strings.some((s) => ids.has(s) || [...ids].some((id) => s.endsWith(`/${id}`)));
  });
};

/**
 * An AWS WAF web ACL's findings: it must hold a blocking rate-based rule per client address
 * (`aggregateKeyType: IP`, no scope-down), with no `allow` rule before it (an allow ends the
 * evaluation, so the requests it matches are never counted). A rate-based rule keyed on a header
 * the caller writes (`Authorization`) counts every made-up value afresh; AWS WAF rate-based rules
 * under their limit do not end the evaluation, so the per-address rule counts each request it sees
 * (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-request-limiting.html).
 */
function webAclFindings(acl: ResourceView): string[] {
  const rules = arr(acl.props.rules)
    .map((x) => obj(x))
    .sort((a, b) => Number(a.priority) - Number(b.priority));
  const perAddress = rules.findIndex((r) => {
    const rate = obj(obj(r.statement).rateBasedStatement);
    return str(rate.aggregateKeyType) === "IP" && rate.scopeDownStatement === undefined && obj(r.action).block !== undefined;
  });
  if (perAddress < 0) {
    return ["has no rate-based rule per client address (action block, rateBasedStatement.aggregateKeyType IP, no scopeDownStatement); a key the caller writes, such as the Authorization header, gives every made-up value a fresh count"];
  }
  const allow = rules.slice(0, perAddress).find((r) => obj(r.action).allow !== undefined);
  return allow ? [`lets rule ${String(allow.priority)} (${str(allow.name) ?? "?"}, allow) decide requests before the per-address rate rule (${String(rules[perAddress]!.priority)}) counts them`] : [];
}

/**
 * The GCP front door (`components/gcp/front-door.ts`) keeps the gateway behind its controls. For
 * every backend service whose backends are serverless NEGs (the Cloud Run gateway):
 * (a) it has a Cloud Armor security policy whose first rule matching every caller request is a
 * throttle (or rate-based ban) counted per client address: Cloud Armor cannot tell a real LiteLLM
 * key from a made-up one, so a count keyed on anything the caller writes is escaped by inventing
 * values (https://cloud.google.com/armor/docs/rate-limiting-overview, key types);
 * (b) in that policy, a request to the admin path (`/v1/admin/`) from an address outside the
 * listed ranges meets a deny before any rule that admits it: admin allow rules list ranges, none
 * of them `*`, `0.0.0.0/0` or `::/0`;
 * (c) every URL map that routes to it answers its defaults (the top-level one and each path
 * matcher's) itself, with a redirect or a 100% fault-injection abort, so a path outside the listed
 * routes never reaches LiteLLM (which serves its admin, key and cache routes on any path it knows).
 *
 * Everything it reads is known at preview: the rules and the URL map's defaults are literals, and
 * the links between the NEGs, the backend service, its security policy and the URL map are the
 * engine's property dependencies (their ids are unknown until created). Expressions other than the
 * kit's forms (`request.path.startsWith('<admin path>')`, `&& (inIpRange(origin.ip, '<cidr>') || …)`,
 * preconfigured WAF rules) are not interpreted: one that admits traffic before the deny or the
 * throttle is reported, not assumed safe.
 *
 * On AWS, every WAF web ACL (`api.waf`, components/aws/waf.ts) rate-limits per client address
 * as well, for the same reason (`webAclFindings`).
 *
 * Severity: high. Enforcement: mandatory.
 * Rationale: the throttle is the only limit in front of LiteLLM on GCP, the admin path
 * mints keys, and an unlisted path would reach LiteLLM's own admin routes.
 * Checkov / tfsec: none (CKV_GCP_73 is Cloud Armor's Log4j rule, not these).
 */
export const frontDoorGuarded = stackPolicy("guardrails", {
  name: "front-door-guarded",
  description:
    "The GCP front door throttles per client address, admits the admin path only from listed ranges and forwards only listed paths to the gateway; an AWS WAF web ACL rate-limits per client address.",
  enforcementLevel: "mandatory",
  severity: "high",
  mappings: [],
  validate: (resources, _s, report) => {
    const negs = ofType(resources, "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup").filter(
      (n) => str(peek(n.props, "networkEndpointType")) === "SERVERLESS",
    );
    const policies = ofType(resources, "gcp:compute/securityPolicy:SecurityPolicy");
    const gateways = ofType(resources, "gcp:compute/backendService:BackendService").filter((b) => {
      if (dependsOn(b, "backends", negs).length > 0) return true;
      const groups = read(b.props, "backends");
      return groups.known && namedBy(arr(groups.value).map((x) => peek(obj(x), "group")), negs).length > 0;
    });
    for (const b of gateways) {
      const sp = read(b.props, "securityPolicy");
      const attached = [...dependsOn(b, "securityPolicy", policies), ...(sp.known ? namedBy([sp.value], policies) : [])];
      const policy = attached[0];
      if (!policy) {
        const why = sp.known && str(sp.value) ? `its security policy ${str(sp.value)} is not a resource of this stack` : "it has no Cloud Armor security policy (securityPolicy)";
        report(`${label(b)} fronts the Cloud Run gateway but ${why}`, b.urn);
        continue;
      }
      const rules = rulesOf(policy);
      for (const m of [...throttleFindings(rules), ...adminFindings(rules)]) report(`${label(policy)} (on ${b.name}) ${m}`, policy.urn);
    }
    for (const acl of ofType(resources, "aws:wafv2/webAcl:WebAcl")) for (const m of webAclFindings(acl)) report(`${label(acl)} ${m}`, acl.urn);
    for (const map of ofType(resources, "gcp:compute/uRLMap:URLMap")) {
      const targets = [...dependsOn(map, "defaultService", gateways), ...dependsOn(map, "pathMatchers", gateways)];
      const ds = read(map.props, "defaultService");
      if (targets.length === 0 && !(ds.known && namedBy([ds.value], gateways).length > 0)) continue;
      const defaults = [{ where: "its default", d: map.props }, ...arr(map.props.pathMatchers).map((p) => ({ where: `path matcher '${str(obj(p).name) ?? "?"}'`, d: obj(p) }))];
      const open = defaults.filter(({ d }) => !answersItself(d)).map(({ where }) => where);
      if (open.length > 0) {
        report(
          `${label(map)} forwards paths outside its route rules to the gateway (${open.join(", ")}): answer them with defaultRouteAction.faultInjectionPolicy.abort at percentage 100 or a defaultUrlRedirect`,
          map.urn,
        );
      }
    }
  },
});
