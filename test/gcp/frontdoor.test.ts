import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { unsecret } from "./checks";
import { captured, installMocks, invokes, one, ofType, resolve, settle, stackConfig } from "./harness";

// Mocks first: nothing that registers resources is imported before this line runs.
const stack = "prototype-gcp-europe-west4";
const region = "europe-west4";
installMocks({ stack });

let spec: import("../../components/config/model").Stack;
let out: { apiUrl: string; apiUrls: Record<string, string>; dnsRecords: { name: string; type: string; value: string }[] };

beforeAll(async () => {
  const { parseStack } = await import("../../components/config/parse");
  const { AiPlatform } = await import("../../components/platform/platform");
  const cfg = stackConfig(stack);
  const parsed = parseStack(cfg.raw, { project: "ai-infra", stack, secretKeys: new Set(["providerKeys"]) });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  spec = parsed.stack;
  const platform = new AiPlatform("ai-infra", { stack: spec });
  const [apiUrl, apiUrls, dnsRecords] = await resolve(pulumi.all([platform.apiUrl, platform.apiUrls, platform.dnsRecords!]));
  out = { apiUrl, apiUrls, dnsRecords };
  await settle();
});

const fd = (type: string, suffix: string) => one(type, `ai-infra-global-frontdoor${suffix}`);
const urlMap = () => fd("gcp:compute/uRLMap:URLMap", "-urlmap").inputs;
const backendId = () => `projects/ai-infra-example/global/backendServices/${fd("gcp:compute/backendService:BackendService", "-backend").inputs.name}`;

describe("GCP front door (prototype, europe-west4) under mocks", () => {
  it("reads nothing from the cloud", () => expect(invokes).toEqual([]));

  it("is the stack's URL, https://<api.domain>/v1, and every region's apiUrl is that same URL", () => {
    expect(out.apiUrl).toBe("https://llm-proto-eu.example.com/v1");
    expect(out.apiUrls).toEqual({ [region]: "https://llm-proto-eu.example.com/v1" });
  });

  it("routes only the inference, health and admin paths to Cloud Run and answers everything else 404 at the balancer", () => {
    const m = urlMap();
    expect(m.hostRules).toEqual([{ hosts: ["llm-proto-eu.example.com"], pathMatcher: "api" }]);
    const pm = m.pathMatchers[0];
    const forwarded = pm.routeRules.map((r: any) => [r.matchRules[0].fullPathMatch, r.routeAction?.urlRewrite?.pathPrefixRewrite ?? null]);
    expect(forwarded.slice(0, 5)).toEqual([
      ["/v1/chat/completions", null],
      ["/v1/completions", null],
      ["/v1/embeddings", null],
      ["/v1/models", null],
      ["/v1/health", "/health/liveliness"],
    ]);
    // Admin routes: rewritten from /v1/admin/<path> to LiteLLM's /<path>.
    for (const [path, rewrite] of forwarded.slice(5)) expect(path).toBe(`/v1/admin${rewrite}`);
    expect(forwarded.map((f: any[]) => f[0])).toContain("/v1/admin/key/generate");
    expect(forwarded.map((f: any[]) => f[0])).not.toContain("/v1/cache/flushall");
    for (const r of pm.routeRules) expect(r.service).toBe(backendId());
    expect(new Set(pm.routeRules.map((r: any) => r.priority)).size).toBe(pm.routeRules.length);
    // Anything unmatched, on the domain or any other host: aborted with 404 before a backend is called.
    const abort404 = { faultInjectionPolicy: { abort: { httpStatus: 404, percentage: 100 } } };
    expect(pm.defaultRouteAction).toEqual(abort404);
    expect(m.defaultRouteAction).toEqual(abort404);
  });

  it("puts one serverless NEG in the region, pointing at the region's Cloud Run gateway, behind an EXTERNAL_MANAGED backend service with outlier detection and Cloud Armor", () => {
    const negs = ofType("gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup");
    expect(negs.map((n) => [n.inputs.region, n.inputs.networkEndpointType, n.inputs.cloudRun])).toEqual([
      [region, "SERVERLESS", { service: one("gcp:cloudrunv2/service:Service", "-gateway-service").inputs.name }],
    ]);
    const bs = fd("gcp:compute/backendService:BackendService", "-backend").inputs;
    expect(bs.loadBalancingScheme).toBe("EXTERNAL_MANAGED");
    expect(bs.backends).toEqual([{ group: `projects/ai-infra-example/regions/${region}/networkEndpointGroups/${negs[0]!.inputs.name}` }]);
    expect(bs.outlierDetection).toEqual({
      consecutiveErrors: 5,
      enforcingConsecutiveErrors: 100,
      consecutiveGatewayFailure: 3,
      enforcingConsecutiveGatewayFailure: 100,
      interval: { seconds: 10 },
      baseEjectionTime: { seconds: 30 },
      maxEjectionPercent: 50,
    });
    // Serverless NEGs take no health check and no backend timeout (Cloud Run's request timeout applies).
    expect(bs.healthChecks).toBeUndefined();
    expect(bs.timeoutSec).toBeUndefined();
    expect(bs.securityPolicy).toBe(`https://www.googleapis.com/compute/v1/projects/ai-infra-example/global/securityPolicies/${fd("gcp:compute/securityPolicy:SecurityPolicy", "-armor").inputs.name}`);
    expect(bs.logConfig).toEqual({ enable: true, sampleRate: 1 });
  });

  it("enforces the spec's api.perKey limit per client address, the bearer-key deny and admin ranges in Cloud Armor (no WAF unless api.waf)", () => {
    const policy = fd("gcp:compute/securityPolicy:SecurityPolicy", "-armor").inputs;
    expect(policy.type).toBe("CLOUD_ARMOR");
    const rules = policy.rules as any[];
    expect(rules.map((r) => [r.priority, r.action])).toEqual([[100, "allow"], [200, "deny(403)"], [250, "deny(403)"], [1000, "throttle"], [2147483647, "allow"]]);
    expect(rules[0].match.expr.expression).toBe("request.path.startsWith('/v1/admin/') && (inIpRange(origin.ip, '203.0.113.0/24'))");
    expect(rules[2].match.expr.expression).toContain("!has(request.headers['authorization'])");
    // prototype: 5 req/s with a burst of 10 → 60 per 10 s.
    expect(spec.api.perKey).toMatchObject({ ratePerSecond: 5, burst: 10 });
    expect(rules[3].rateLimitOptions).toEqual({
      conformAction: "allow",
      exceedAction: "deny(429)",
      enforceOnKey: "IP",
      rateLimitThreshold: { count: 60, intervalSec: 10 },
    });
    expect(JSON.stringify(rules)).not.toContain("evaluatePreconfiguredWaf");
  });

  it("serves HTTPS on 443 from a global static IP with a Google-managed certificate for api.domain, and outputs the A record to create (no dnsZone)", () => {
    const cert = fd("gcp:compute/managedSslCertificate:ManagedSslCertificate", "-cert").inputs;
    expect(cert.managed).toEqual({ domains: ["llm-proto-eu.example.com"] });
    const proxy = fd("gcp:compute/targetHttpsProxy:TargetHttpsProxy", "-proxy").inputs;
    expect(proxy.sslCertificates).toHaveLength(1);
    expect(proxy.urlMap).toBe(`projects/ai-infra-example/global/urlMaps/${urlMap().name}`);
    const rule = fd("gcp:compute/globalForwardingRule:GlobalForwardingRule", "-https").inputs;
    expect(rule).toMatchObject({ loadBalancingScheme: "EXTERNAL_MANAGED", portRange: "443", ipProtocol: "TCP" });
    const ip = fd("gcp:compute/globalAddress:GlobalAddress", "-ip").inputs;
    expect(ip).toMatchObject({ addressType: "EXTERNAL", ipVersion: "IPV4" });
    expect(rule.ipAddress).toBe(`projects/ai-infra-example/global/addresses/${ip.name}`);
    expect(out.dnsRecords).toEqual([{ name: "llm-proto-eu.example.com.", type: "A", value: fd("gcp:compute/globalAddress:GlobalAddress", "-ip").outputs.address }]);
    // No zone: the kit writes no record and uses no Certificate Manager.
    expect(captured.filter((c) => /dns\/recordSet|certificatemanager/.test(c.type))).toEqual([]);
    // Only HTTPS: no port-80 rule.
    expect(ofType("gcp:compute/globalForwardingRule:GlobalForwardingRule")).toHaveLength(1);
  });

  it("keeps the master key out of the front door entirely", () => {
    const key = unsecret<string>(one("gcp:secretmanager/secretVersion:SecretVersion", "-master-key-secret-version").inputs.secretData);
    const front = captured.filter((c) => c.name.startsWith("ai-infra-global-frontdoor"));
    expect(front.length).toBeGreaterThan(5);
    expect(front.filter((c) => JSON.stringify(c.inputs).includes(key))).toEqual([]);
  });
});
