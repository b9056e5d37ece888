import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { exitCodes, planStack } from "../../planner/plan";
import { listStacks, loadStackFile } from "../../planner/stack-file";
import { AiPlatform, platformOutputs, readStack } from "../../components";
import { frontDoorGuarded } from "../../policies/guardrails/front-door-guarded";
import { runner as guardrails } from "../../policies/guardrails/runner";
import type { InProcessResource } from "../../policies/lib/runner";
import { configFor, messages, mutate, res } from "./helpers";
import { webAclRules } from "../../components/aws/waf";

/**
 * `front-door-guarded` over the GCP example stacks as the planner plans them (preview semantics:
 * ids unknown, links by property dependencies), then over broken copies made the way a library
 * user could make them (a transformation on the kit's components), each failing with its message.
 */

const repoRoot = path.resolve(__dirname, "..", "..");
const gcpStacks = listStacks().filter((s) => s.includes("-gcp-"));
const armor = "ai-infra-global-frontdoor-armor (gcp:compute/securityPolicy:SecurityPolicy) (on ai-infra-global-frontdoor-backend)";
const urlMap = "ai-infra-global-frontdoor-urlmap (gcp:compute/uRLMap:URLMap)";
const backend = "ai-infra-global-frontdoor-backend (gcp:compute/backendService:BackendService)";
const noThrottle =
  "has no rule that throttles per client address (action throttle or rate_based_ban with rateLimitOptions.enforceOnKey IP, or enforceOnKeyConfigs of type IP only, and a rateLimitThreshold); a key the caller writes, such as the Authorization header, gives every made-up value a fresh count";
const adminOpen = (rule: string) =>
  `admits the admin path /v1/admin/ from any address: ${rule} matches it before any deny (allow it only from listed ranges, none of them *, 0.0.0.0/0 or ::/0, then deny it)`;

type Rule = { priority: number; action: string; match: { expr?: { expression: string } }; rateLimitOptions?: Record<string, unknown> };

/** Plans a GCP stack with the guardrails pack, the kit's components changed by one transformation. */
async function plan(stack: string, change?: pulumi.ResourceTransformation) {
  const loaded = loadStackFile(path.join(repoRoot, "stacks", `Pulumi.${stack}.yaml`), stack);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const program = () => {
    const spec = readStack();
    return platformOutputs(spec, new AiPlatform(spec.project, { stack: spec }, change ? { transformations: [change] } : {}));
  };
  const { exitCode, result } = await planStack(loaded.file, { runners: [guardrails], program });
  const found = result.policy.violations.filter((v) => v.policy === "front-door-guarded");
  const undecided = (result.policy.notCheckable ?? []).filter((v) => v.policy === "front-door-guarded");
  return { exitCode, messages: found.map((v) => v.message), levels: found.map((v) => v.level), undecided };
}

/** A transformation of one resource type's inputs. */
const onType =
  (type: string, f: (props: Record<string, unknown>) => Record<string, unknown>): pulumi.ResourceTransformation =>
  (args) =>
    args.type === type ? { props: f({ ...args.props }), opts: args.opts } : undefined;
const onRules = (f: (rules: Rule[]) => Rule[]) => onType("gcp:compute/securityPolicy:SecurityPolicy", (p) => ({ ...p, rules: f(structuredClone(p.rules) as Rule[]) }));

describe("front-door-guarded on the GCP example stacks", () => {
  it("covers every GCP example", () => expect(gcpStacks).toEqual(["enterprise-gcp-europe-west4", "growth-gcp-us-central1", "prototype-gcp-europe-west4", "scale-gcp-europe-west4"]));

  it.each(gcpStacks)("%s passes, and runs at preview (no value it reads is unknown)", async (stack) => {
    const r = await plan(stack);
    expect(r.exitCode).toBe(exitCodes.ok);
    expect(r.messages).toEqual([]);
    expect(r.undecided).toEqual([]);
  }, 120_000);
});

describe("front-door-guarded on broken copies of prototype-gcp-europe-west4 (exit 2, mandatory)", () => {
  const stack = "prototype-gcp-europe-west4";

  it("refuses a security policy without the throttle", async () => {
    const r = await plan(stack, onRules((rules) => rules.filter((x) => x.action !== "throttle")));
    expect(r.exitCode).toBe(exitCodes.policy);
    expect(r.messages).toEqual([`${armor} ${noThrottle}`]);
    expect(r.levels).toEqual(["mandatory"]);
  }, 120_000);

  it("refuses a throttle counted per Authorization header instead of per address (every made-up key a fresh count)", async () => {
    const r = await plan(stack, onRules((rules) => rules.map((x) => (x.action === "throttle" ? { ...x, rateLimitOptions: { ...x.rateLimitOptions, enforceOnKey: "HTTP_HEADER", enforceOnKeyName: "Authorization" } } : x))));
    expect(r.messages).toEqual([`${armor} ${noThrottle}`]);
  }, 120_000);

  it("refuses a throttle counted per address and Authorization header combined (made-up keys still escape, once per address)", async () => {
    const combined = { enforceOnKeyConfigs: [{ enforceOnKeyType: "IP" }, { enforceOnKeyType: "HTTP_HEADER", enforceOnKeyName: "Authorization" }] };
    const r = await plan(
      stack,
      onRules((rules) => rules.map((x) => (x.action === "throttle" ? { ...x, rateLimitOptions: { ...x.rateLimitOptions, enforceOnKey: undefined, ...combined } } : x))),
    );
    expect(r.messages).toEqual([`${armor} ${noThrottle}`]);
  }, 120_000);

  it("refuses an allow-all rule that decides requests before the throttle counts them", async () => {
    const allowAll = { priority: 500, action: "allow", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } } };
    const r = await plan(stack, onRules((rules) => [...rules, allowAll as Rule]));
    // It also lets the admin path through? No: the admin deny (rule 200) comes first.
    expect(r.messages).toEqual([`${armor} lets rule 500 (allow) decide every caller request before the throttle (rule 1000) counts it`]);
  }, 120_000);

  it("refuses an admin allow rule for the whole internet", async () => {
    const r = await plan(
      stack,
      onRules((rules) => rules.map((x) => (x.priority === 100 ? { ...x, match: { expr: { expression: "request.path.startsWith('/v1/admin/') && (inIpRange(origin.ip, '0.0.0.0/0'))" } } } : x))),
    );
    expect(r.messages).toEqual([`${armor} ${adminOpen("rule 100 (allow)")}`]);
  }, 120_000);

  it("refuses a policy that never denies the admin path (the throttle, then the default rule, admit it)", async () => {
    const r = await plan(stack, onRules((rules) => rules.filter((x) => x.action !== "deny(403)")));
    expect(r.messages).toEqual([`${armor} ${adminOpen("rule 1000 (throttle)")}`]);
  }, 120_000);

  it("refuses a backend service without a security policy", async () => {
    const r = await plan(
      stack,
      onType("gcp:compute/backendService:BackendService", (p) => {
        delete p.securityPolicy;
        return p;
      }),
    );
    expect(r.messages).toEqual([`${backend} fronts the Cloud Run gateway but it has no Cloud Armor security policy (securityPolicy)`]);
  }, 120_000);

  it("refuses a URL map whose path matcher forwards unlisted paths to the gateway", async () => {
    const r = await plan(
      stack,
      onType("gcp:compute/uRLMap:URLMap", (p) => ({ ...p, pathMatchers: (p.pathMatchers as Record<string, unknown>[]).map(({ defaultRouteAction: _drop, ...m }) => m) })),
    );
    expect(r.exitCode).toBe(exitCodes.policy);
    expect(r.messages).toEqual([
      `${urlMap} forwards paths outside its route rules to the gateway (path matcher 'api'): answer them with defaultRouteAction.faultInjectionPolicy.abort at percentage 100 or a defaultUrlRedirect`,
    ]);
    expect(r.undecided).toEqual([]);
  }, 120_000);

  it("refuses a top-level default that aborts only part of the requests", async () => {
    const r = await plan(stack, onType("gcp:compute/uRLMap:URLMap", (p) => ({ ...p, defaultRouteAction: { faultInjectionPolicy: { abort: { httpStatus: 404, percentage: 50 } } } })));
    expect(r.messages).toEqual([
      `${urlMap} forwards paths outside its route rules to the gateway (its default): answer them with defaultRouteAction.faultInjectionPolicy.abort at percentage 100 or a defaultUrlRedirect`,
    ]);
  }, 120_000);
});

describe("front-door-guarded: rule forms it accepts and refuses", () => {
  const settings = configFor("eu", "prototype").guardrails.settings;
  const neg = res("gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup", "neg", { networkEndpointType: "SERVERLESS", cloudRun: { service: "gw" } }, { id: "neg-1" });
  const throttle = {
    priority: 1000,
    action: "rate_based_ban",
    match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
    rateLimitOptions: { enforceOnKeyConfigs: [{ enforceOnKeyType: "IP" }], rateLimitThreshold: { count: 60, intervalSec: 10 } },
  };
  const base: InProcessResource[] = [
    neg,
    res("gcp:compute/securityPolicy:SecurityPolicy", "armor", { rules: [{ priority: 200, action: "deny(403)", match: { expr: { expression: "request.path.startsWith('/v1/admin/')" } } }, throttle] }, { id: "armor-1" }),
    // Linked by value here (ids known, as at `pulumi up`); the example stacks above link by property dependencies.
    res("gcp:compute/backendService:BackendService", "backend", { backends: [{ group: "neg-1" }], securityPolicy: "armor-1" }, { id: "backend-1" }),
    res("gcp:compute/uRLMap:URLMap", "urlmap", { defaultService: "backend-1", defaultUrlRedirect: { hostRedirect: "example.com" }, pathMatchers: [] }),
  ];
  const check = (rs: InProcessResource[]) => messages(frontDoorGuarded, rs, settings);

  it("accepts a rate-based ban keyed on the address by enforceOnKeyConfigs, no admin ranges, a redirecting default", () => expect(check(base)).toEqual([]));
  it("refuses a throttle without a key (one count for everyone)", () =>
    expect(
      check(
        mutate(base, "armor", (r) => {
          (r.props.rules as { rateLimitOptions?: Record<string, unknown> }[])[1]!.rateLimitOptions = { rateLimitThreshold: { count: 60, intervalSec: 10 } };
        }),
      ),
    ).toEqual([`armor (gcp:compute/securityPolicy:SecurityPolicy) (on backend) ${noThrottle}`]));
  it("refuses an admin allow rule with an expression it cannot read", () =>
    expect(
      check(
        mutate(base, "armor", (r) => {
          (r.props.rules as unknown[]).unshift({ priority: 100, action: "allow", match: { expr: { expression: "request.headers['x-admin'] == '1'" } } });
        }),
      ),
    ).toEqual([
      "armor (gcp:compute/securityPolicy:SecurityPolicy) (on backend) lets rule 100 (allow) admit requests before the throttle (rule 1000) with an expression this policy cannot read: request.headers['x-admin'] == '1'",
      "armor (gcp:compute/securityPolicy:SecurityPolicy) (on backend) may admit the admin path /v1/admin/ from any address: rule 100 (allow) has an expression this policy cannot read: request.headers['x-admin'] == '1'",
    ]));
  it("refuses a security policy the stack does not hold", () =>
    expect(check(mutate(base, "backend", (r) => (r.props.securityPolicy = "projects/p/global/securityPolicies/elsewhere")))).toEqual([
      "backend (gcp:compute/backendService:BackendService) fronts the Cloud Run gateway but its security policy projects/p/global/securityPolicies/elsewhere is not a resource of this stack",
    ]));
  it("leaves backend services without a serverless NEG alone", () =>
    expect(check(mutate(base, "neg", (r) => (r.props.networkEndpointType = "GCE_VM_IP_PORT")).map((r) => (r.name === "backend" ? { ...r, props: { ...r.props, securityPolicy: undefined } } : r)))).toEqual([]));
});

describe("front-door-guarded on an AWS WAF web ACL (components/aws/waf.ts)", () => {
  const settings = configFor("us", "scale").guardrails.settings;
  const acl = (bearerKeys: boolean) => [res("aws:wafv2/webAcl:WebAcl", "ai-infra-us-east-1-waf-acl", { scope: "REGIONAL", defaultAction: { allow: {} }, rules: webAclRules({ ratePerSecond: 10, burst: 20 }, { bearerKeys }) })];
  const label = "ai-infra-us-east-1-waf-acl (aws:wafv2/webAcl:WebAcl)";
  const noPerAddress =
    "has no rate-based rule per client address (action block, rateBasedStatement.aggregateKeyType IP, no scopeDownStatement); a key the caller writes, such as the Authorization header, gives every made-up value a fresh count";
  type AwsRule = { name: string; priority: number; action?: Record<string, unknown>; statement: Record<string, any> };
  const withRules = (f: (rules: AwsRule[]) => AwsRule[]) => mutate(acl(true), "ai-infra-us-east-1-waf-acl", (r) => (r.props.rules = f(r.props.rules as AwsRule[])));

  it.each([true, false])("passes the kit's rules (bearer keys: %s)", (bearerKeys) => {
    expect(messages(frontDoorGuarded, acl(bearerKeys), settings)).toEqual([]);
  });

  it("refuses a web ACL whose only rate rule is keyed on Authorization (the fault the per-address rule closes)", () => {
    expect(messages(frontDoorGuarded, withRules((rules) => rules.filter((r) => r.name !== "per-client-ip-rate")), settings)).toEqual([`${label} ${noPerAddress}`]);
  });

  it("refuses a per-address rule narrowed by a scope-down statement, or only counting", () => {
    const scoped = withRules((rules) => rules.map((r) => (r.name === "per-client-ip-rate" ? { ...r, statement: { rateBasedStatement: { ...r.statement.rateBasedStatement, scopeDownStatement: { byteMatchStatement: {} } } } } : r)));
    expect(messages(frontDoorGuarded, scoped, settings)).toEqual([`${label} ${noPerAddress}`]);
    const counting = withRules((rules) => rules.map((r) => (r.name === "per-client-ip-rate" ? { ...r, action: { count: {} } } : r)));
    expect(messages(frontDoorGuarded, counting, settings)).toEqual([`${label} ${noPerAddress}`]);
  });

  it("refuses an allow rule ahead of the per-address rule (its requests are never counted)", () => {
    const allowFirst = withRules((rules) => [{ name: "allow-everyone", priority: -1, action: { allow: {} }, statement: { notStatement: {} } }, ...rules]);
    expect(messages(frontDoorGuarded, allowFirst, settings)).toEqual([`${label} lets rule -1 (allow-everyone, allow) decide requests before the per-address rate rule (3) counts them`]);
  });
});
