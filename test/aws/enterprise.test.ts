import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type PlanOutcome, planStack } from "../../planner/plan";
import { statefulTypes as diffStatefulTypes } from "../../planner/diff";
import { failoverRto, recordPlan } from "../../components/aws/failover";
import { protectedAwsTypes } from "../../components/aws/protection";
import { statefulTypes as policyStatefulTypes } from "../../policies/guardrails/stateful-deletion-protection";
import { exampleFile } from "../helpers/stacks";

const stack = "enterprise-aws-us-east-1";
const regions = ["us-east-1", "us-east-2", "us-west-2"];
const failover = { mode: "active-passive" as const, healthCheckIntervalSeconds: 10 as const, failureThreshold: 3, ttlSeconds: 60, regions: ["us-east-1", "us-east-2", "us-west-2"] as [string, string, ...string[]] };

describe("failover recovery time from the configuration", () => {
  it("is interval × threshold + TTL (hand-computed)", () => {
    expect(failoverRto({ healthCheckIntervalSeconds: 10, failureThreshold: 3, ttlSeconds: 60 })).toEqual({ detectionSeconds: 30, ttlSeconds: 60, totalSeconds: 90 });
    expect(failoverRto({ healthCheckIntervalSeconds: 30, failureThreshold: 3, ttlSeconds: 60 }).totalSeconds).toBe(150);
    expect(failoverRto({ healthCheckIntervalSeconds: 10, failureThreshold: 1, ttlSeconds: 0 }).totalSeconds).toBe(10);
  });

  it("is what the RTO table in docs/regions-and-failover.md says, row by row", () => {
    const readme = fs.readFileSync(path.join(__dirname, "../../docs/regions-and-failover.md"), "utf8");
    const section = readme.slice(readme.indexOf("<!-- aws-rto-table -->"), readme.indexOf("<!-- /aws-rto-table -->"));
    const rows = [...section.matchAll(/^\| (10|30) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const [, interval, threshold, ttl, detection, total] of rows) {
      const rto = failoverRto({ healthCheckIntervalSeconds: Number(interval) as 10 | 30, failureThreshold: Number(threshold), ttlSeconds: Number(ttl) });
      expect([Number(detection), Number(total)]).toEqual([rto.detectionSeconds, rto.totalSeconds]);
    }
  });
});

describe("records of the stack's name", () => {
  it("active-passive over three regions: primary with its check, secondary to a latency set of the others", () => {
    const plan = recordPlan("llm.example.com", regions, failover);
    expect(plan.map((r) => [r.role, r.name, r.policy, r.healthChecked, r.setIdentifier])).toEqual([
      ["record-us-east-1", "llm.example.com", { kind: "failover", type: "PRIMARY" }, true, "us-east-1"],
      ["record-standby", "llm.example.com", { kind: "failover", type: "SECONDARY" }, false, "standby"],
      ["standby-us-east-2", "standby.llm.example.com", { kind: "latency", region: "us-east-2" }, true, "us-east-2"],
      ["standby-us-west-2", "standby.llm.example.com", { kind: "latency", region: "us-west-2" }, true, "us-west-2"],
    ]);
  });

  it("active-active: one health-checked latency record per region", () => {
    const plan = recordPlan("llm.example.com", regions, { ...failover, mode: "active-active" });
    // the roles are the records' child names: the same as without failover, so nothing is replaced
    expect(plan.map((r) => [r.role, r.name, r.policy, r.healthChecked, r.setIdentifier])).toEqual(
      regions.map((r) => [`record-${r}`, "llm.example.com", { kind: "latency", region: r }, true, r]),
    );
  });

  it("without failover one latency record per region, keyed by region, so enterprise updates it in place", () => {
    const before = recordPlan("llm.example.com", ["us-east-1"], undefined);
    expect(before).toEqual([
      { role: "record-us-east-1", name: "llm.example.com", region: "us-east-1", healthChecked: false, policy: { kind: "latency", region: "us-east-1" }, setIdentifier: "us-east-1" },
    ]);
    const after = recordPlan("llm.example.com", regions, failover);
    expect(after.find((r) => r.role === "record-us-east-1")?.setIdentifier).toBe("us-east-1");
  });
});

describe("deletion protection covers every stateful AWS type", () => {
  it("protects each AWS type the promotion diff and the policy call stateful", () => {
    const aws = (types: string[]) => types.filter((t) => t.startsWith("aws:") || t.startsWith("eks:"));
    const missing = [...new Set([...aws(Object.keys(diffStatefulTypes)), ...aws(Object.keys(policyStatefulTypes))])].filter((t) => !protectedAwsTypes.includes(t));
    expect(missing).toEqual([]);
  });
});

describe(`the ${stack} example under the offline planner`, () => {
  let out: PlanOutcome;
  const byUrn = new Map<string, { protect?: boolean }>();
  beforeAll(async () => {
    out = await planStack(exampleFile(stack));
    for (const c of out.captured ?? []) byUrn.set(c.urn, c);
  }, 120_000);
  const res = (type: string) => out.result.resources.filter((r) => r.type === type);

  it("plans with exit 0 and no policy violation", () => {
    expect(out.result.errors).toEqual([]);
    expect(out.result.policy.violations).toEqual([]);
    expect(out.exitCode).toBe(0);
  });

  it("gives callers https://<domain>/v1 as the stack's apiUrl", () => {
    expect(out.outputs?.apiUrl).toBe("https://llm.example.com/v1");
  });

  it("has a regional custom domain with a certificate of its own region in each region, mapped under /v1", () => {
    const domains = res("aws:apigateway/domainName:DomainName");
    expect(domains.map((d) => d.region).sort()).toEqual(regions);
    for (const d of domains) {
      expect(d.inputs).toMatchObject({ domainName: "llm.example.com", endpointConfiguration: { types: "REGIONAL" }, securityPolicy: "TLS_1_2" });
      expect(String(d.inputs.regionalCertificateArn)).toMatch(new RegExp(`^arn:aws:acm:${d.region}:`));
    }
    expect(res("aws:acm/certificate:Certificate").map((c) => [c.region, c.inputs.validationMethod]).sort()).toEqual(regions.map((r) => [r, "DNS"]));
    expect(res("aws:apigateway/basePathMapping:BasePathMapping").map((m) => [m.region, m.inputs.basePath, m.inputs.stageName]).sort()).toEqual(regions.map((r) => [r, "v1", "v1"]));
  });

  it("checks each region's own health route on its execute-api host with the configured timing", () => {
    const checks = res("aws:route53/healthCheck:HealthCheck");
    expect(checks.map((c) => String(c.inputs.fqdn).split(".").slice(2).join(".")).sort()).toEqual(regions.map((r) => `${r}.amazonaws.com`));
    for (const c of checks) expect(c.inputs).toMatchObject({ type: "HTTPS", port: 443, resourcePath: "/v1/health", requestInterval: 10, failureThreshold: 3, enableSni: true });
  });

  it("routes the name to us-east-1 first and to the latency set of the others on failure", () => {
    const records = res("aws:route53/record:Record").filter((r) => !String(r.inputs.name).startsWith("_"));
    const primary = records.find((r) => JSON.stringify(r.inputs.failoverRoutingPolicies) === '[{"type":"PRIMARY"}]')!;
    expect(primary.inputs).toMatchObject({ name: "llm.example.com", type: "CNAME", ttl: 60, setIdentifier: "us-east-1" });
    expect(String((primary.inputs.records as string[])[0])).toMatch(/\.execute-api\.us-east-1\.amazonaws\.com$/);
    const secondary = records.find((r) => JSON.stringify(r.inputs.failoverRoutingPolicies) === '[{"type":"SECONDARY"}]')!;
    expect(secondary.inputs.aliases).toEqual([{ name: "standby.llm.example.com", zoneId: "Z0123456789ABCDEFGHIJ", evaluateTargetHealth: true }]);
    const standby = records.filter((r) => r.inputs.name === "standby.llm.example.com");
    expect(standby.map((r) => (r.inputs.latencyRoutingPolicies as { region: string }[])[0]!.region).sort()).toEqual(["us-east-2", "us-west-2"]);
    expect(standby.every((r) => typeof r.inputs.healthCheckId === "string" && r.inputs.ttl === 60)).toBe(true);
  });

  it("puts health alarms in every region, each on a topic of its own region", () => {
    const alarms = res("aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => /-health-(api-5xx-rate|gateway-unhealthy-targets|dlq-depth)$/.test(a.name));
    for (const region of regions) {
      const here = alarms.filter((a) => a.region === region);
      expect(here.map((a) => a.name.replace(/.*-health-/, "")).sort()).toEqual(["api-5xx-rate", "dlq-depth", "gateway-unhealthy-targets"]);
      for (const a of here) expect((a.inputs.alarmActions as string[])[0]).toMatch(new RegExp(`^arn:aws:sns:${region}:`));
    }
    const subs = res("aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.protocol === "email");
    expect(subs.map((s) => s.region).sort()).toEqual(regions);
  });

  it("protects every stateful resource, and no stateless one", () => {
    // Stateful by the diff's and the policy's tables, not by the list under test.
    const statefulTypes = new Set([...Object.keys(diffStatefulTypes), ...Object.keys(policyStatefulTypes)]);
    const stateful = out.result.resources.filter((r) => statefulTypes.has(r.type));
    expect(stateful.length).toBeGreaterThan(40);
    expect(stateful.filter((r) => byUrn.get(r.urn)?.protect !== true).map((r) => r.name)).toEqual([]);
    const protectedStateless = out.result.resources.filter((r) => !protectedAwsTypes.includes(r.type) && byUrn.get(r.urn)?.protect === true);
    expect(protectedStateless.map((r) => r.type)).toEqual([]);
  });
});

describe("bad failover and domain input exits 1 naming the property", () => {
  const withConfig = (patch: Record<string, unknown>) => {
    const f = exampleFile(stack);
    return { ...f, config: { ...f.config, ...patch } };
  };
  const api = (over: Record<string, unknown>) => ({ "ai-infra:api": { ...(exampleFile(stack).config["ai-infra:api"] as object), ...over } });
  const errorsOf = async (patch: Record<string, unknown>) => {
    const o = await planStack(withConfig(patch));
    expect(o.exitCode).toBe(1);
    expect(o.result.resources).toEqual([]);
    return o.result.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it("failover without a domain", async () => {
    expect(await errorsOf(api({ domain: undefined }))).toContain(
      "ai-infra:api.domain: is required with failover on aws: the DNS name callers use, routed by Route 53 to the healthy regions (e.g. api.example.com)",
    );
  });

  it("failover without a hosted zone", async () => {
    const errors = await errorsOf(api({ dnsZone: undefined }));
    expect(errors.some((e) => e.startsWith("ai-infra:api.dnsZone: is required with failover on aws"))).toBe(true);
  });

  it("a zone id without the zone's name", async () => {
    const errors = await errorsOf(api({ dnsZoneName: undefined }));
    expect(errors.some((e) => e.startsWith("ai-infra:api.dnsZoneName: is required with api.dnsZone on aws"))).toBe(true);
  });

  it("a domain the zone does not own", async () => {
    expect(await errorsOf(api({ domain: "llm.example.org" }))).toContain(
      "ai-infra:api.domain: is not in hosted zone example.com; allowed: a name ending in .example.com",
    );
    // A suffix that is not a label boundary is not in the zone either.
    expect(await errorsOf(api({ domain: "llm.notexample.com" }))).toContain(
      "ai-infra:api.domain: is not in hosted zone example.com; allowed: a name ending in .example.com",
    );
  });

  it("a domain that is the zone's apex (Route 53 refuses a CNAME there)", async () => {
    const message =
      "ai-infra:api.domain: is the apex of hosted zone example.com, where Route 53 refuses the CNAME records the kit writes; allowed: a name ending in .example.com (e.g. api.example.com)";
    expect(await errorsOf(api({ domain: "example.com" }))).toEqual([message]);
  });

  it("a zone that is not a Route 53 zone id", async () => {
    expect(await errorsOf(api({ dnsZone: "example-zone" }))).toContain(
      "ai-infra:api.dnsZone: must be a Route 53 hosted zone id: Z followed by upper-case letters and digits (aws route53 list-hosted-zones)",
    );
  });

  it("one region with failover", async () => {
    expect(await errorsOf({ "ai-infra:regions": ["us-east-1"] })).toContain(
      "ai-infra:failover: needs at least two regions (ai-infra:regions lists 1); add a region of the jurisdiction or remove failover",
    );
  });

  it("regions in two jurisdictions", async () => {
    const errors = await errorsOf({ "ai-infra:regions": ["us-east-1", "eu-west-1"] });
    expect(errors.find((e) => e.startsWith("ai-infra:regions[1]:"))).toMatch(/^ai-infra:regions\[1\]: is outside jurisdiction us; allowed aws regions: .*us-east-2/);
  });
});
