import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { adminPathPrefix, armorRules, frontDoorNames, frontDoorRoutes, perKeyThrottle, ruleDescriptionMax, wafRuleSets } from "../../components/gcp/front-door";
import { evaluateArmorExpression } from "../../cli/lib/local/frontdoor";
import { lifecycleRules, secureBucketArgs } from "../../components/gcp/bucket";
import { gatewayEnvVars, gatewaySizing } from "../../components/gcp/llm-gateway";
import { gcpName, nameLimits } from "../../components/gcp/names";
import { mirroredImageRef, upstreamRegistry } from "../../components/gcp/registry";
import { requiredServices } from "../../components/gcp/services";
import { semanticCacheUrl } from "../../components/gcp/cache";
import { dailyUsageQuery, dashboardConsoleUrl, renderDashboard } from "../../components/gcp/usage";
import { limit } from "../../components/config/facts/limits";
import { cloudArmorRateLimit } from "../../components/config/facts/gcp";
import type { Captured } from "./harness";
import { plaintextLeaks, regionalViolations } from "./checks";

const scope = { gcpProject: "ai-infra-example", project: "ai-infra", stack: "prototype-gcp-europe-west4", region: "europe-west4" };

describe("gcpName", () => {
  it("fits every limit, is deterministic and differs per role, region and project", () => {
    for (const [kind, max] of Object.entries(nameLimits)) {
      const n = gcpName({ ...scope, stack: "a-very-long-stack-name-for-enterprise-multi-region-gcp-europe-west4" }, "some-role", max);
      expect(n.length, kind).toBeLessThanOrEqual(max);
      expect(n).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
    }
    expect(gcpName(scope, "gw", 30)).toBe(gcpName(scope, "gw", 30));
    expect(gcpName(scope, "gw", 30)).not.toBe(gcpName(scope, "api", 30));
    expect(gcpName(scope, "gw", 30)).not.toBe(gcpName({ ...scope, region: "europe-west1" }, "gw", 30));
    expect(gcpName(scope, "gw", 63)).not.toBe(gcpName({ ...scope, gcpProject: "other-project" }, "gw", 63));
    expect(gcpName(scope, "usage", 1024, "_")).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it("does not depend on the stage (promotion keeps physical names)", () => {
    // The scope has no stage at all; this guards against someone adding it.
    expect(Object.keys(scope)).not.toContain("stage");
  });
});

describe("bucket settings", () => {
  it("deletes every version after the retention period and purges overwritten versions", () => {
    expect(lifecycleRules(30)).toEqual([
      { action: { type: "Delete" }, condition: { age: 30, withState: "ANY" } },
      { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 7, withState: "ARCHIVED" } },
    ]);
    expect(lifecycleRules(undefined).some((r) => (r.condition as { age?: number }).age !== undefined)).toBe(false);
  });

  it("uses CMEK only when a key is given (Google-managed encryption otherwise)", () => {
    expect(secureBucketArgs({ bucketName: "b", region: "us-central1" }).encryption).toBeUndefined();
    expect(secureBucketArgs({ bucketName: "b", region: "us-central1", kmsKeyName: "k" }).encryption).toEqual({ defaultKmsKeyName: "k" });
    expect(secureBucketArgs({ bucketName: "b", region: "us-central1" }).location).toBe("US-CENTRAL1");
  });
});

describe("gateway sizing", () => {
  const base = { gateway: { cpu: 1, memoryMiB: 1024, minReplicas: 1, maxReplicas: 2, timeoutSeconds: 60 }, api: { perKey: { ratePerSecond: 5, burst: 10, quotaPerDay: 2000 }, global: { ratePerSecond: 20, burst: 40 }, keys: ["default"] } };
  it("renders CPU and memory exactly (the spec takes only Cloud Run's values) and spreads the global burst", () => {
    expect(gatewaySizing(base)).toEqual({ cpu: "1", memory: "1024Mi", minInstances: 1, maxInstances: 2, concurrency: 20, requestTimeoutSeconds: 75, billing: "instance" });
  });
  it("takes gateway.billing as given (instance-based when unset)", () => {
    expect(gatewaySizing({ ...base, gateway: { ...base.gateway, billing: "request" } }).billing).toBe("request");
  });
  it("covers retries in the request timeout", () => {
    const s = gatewaySizing({ ...base, reliability: { fallbacks: {}, numRetries: 2, allowedFails: 3, cooldownSeconds: 30 } });
    expect(s.requestTimeoutSeconds).toBe(60 * 3 + 15);
  });
  it("sends the request timeout exactly, up to Cloud Run's 3600 s (the spec refuses more: rules/gcp-request-timeout.ts)", () => {
    const s = gatewaySizing({ ...base, gateway: { ...base.gateway, timeoutSeconds: 896 }, reliability: { fallbacks: {}, numRetries: 3, allowedFails: 3, cooldownSeconds: 30 } });
    expect(s.requestTimeoutSeconds).toBe(3599);
    const over = gatewaySizing({ ...base, gateway: { ...base.gateway, timeoutSeconds: 900 }, reliability: { fallbacks: {}, numRetries: 10, allowedFails: 3, cooldownSeconds: 30 } });
    expect(over.requestTimeoutSeconds).toBe(9915);
  });
  const envInput = { region: "r", logBucket: "logs", configBucket: "cfg", configSha: "x", providerSecrets: { openai: { secret: "s1", version: "3" } }, logKey: { accessId: "GOOG1EID", secret: "hmac-s", version: "2" }, masterKey: { secret: "mk", version: "4" } };
  it("passes secrets only as Secret Manager references", () => {
    const envs = gatewayEnvVars(envInput);
    expect(envs.find((e) => e.name === "AI_INFRA_KEY_OPENAI")).toEqual({ name: "AI_INFRA_KEY_OPENAI", valueSource: { secretKeyRef: { secret: "s1", version: "3" } } });
    expect(envs.find((e) => e.name === "AI_INFRA_LOG_SECRET_ACCESS_KEY")).toEqual({ name: "AI_INFRA_LOG_SECRET_ACCESS_KEY", valueSource: { secretKeyRef: { secret: "hmac-s", version: "2" } } });
    expect(envs.find((e) => e.name === "AI_INFRA_GATEWAY_MASTER_KEY")).toEqual({ name: "AI_INFRA_GATEWAY_MASTER_KEY", valueSource: { secretKeyRef: { secret: "mk", version: "4" } } });
    expect(envs.find((e) => e.name === "AI_INFRA_REDIS_PASSWORD")).toBeUndefined();
    expect(envs.find((e) => e.name === "AI_INFRA_REDIS_CA_CERT")).toBeUndefined();
  });
  it("sets every variable the rendered config reads", async () => {
    const { renderGatewayConfig } = await import("../../components/gateway/render");
    const { parseStack } = await import("../../components/config/parse");
    const { exampleRaw } = await import("../helpers/stacks");
    for (const stack of ["prototype-gcp-europe-west4", "growth-gcp-us-central1"]) {
      const { raw, secretKeys } = exampleRaw(stack);
      const parsed = parseStack(raw, { secretKeys });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const text = renderGatewayConfig(parsed.stack, { logTarget: "gcs" });
      const read = [...new Set([...text.matchAll(/os\.environ\/([A-Z0-9_]+)/g)].map((m) => m[1]!))].sort();
      const redis = { host: "h", port: 6378, passwordSecret: "p", passwordVersion: "1", caCert: "PEM" };
      const set = gatewayEnvVars({ ...envInput, providerSecrets: Object.fromEntries(Object.keys(parsed.stack.providerKeys).map((k) => [k, { secret: k, version: "1" }])), redis }).map((e) => e.name);
      expect(read.filter((n) => !set.includes(n)), stack).toEqual([]);
    }
  });
});

describe("rendered LiteLLM config per cloud", () => {
  const specOf = async (stack: string) => {
    const { parseStack } = await import("../../components/config/parse");
    const { exampleRaw } = await import("../helpers/stacks");
    const { raw, secretKeys } = exampleRaw(stack);
    const parsed = parseStack(raw, { secretKeys });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.stack;
  };
  it("logs with the S3 logger on both clouds; only GCP gets the XML API endpoint, the HMAC refs and the Memorystore CA", async () => {
    const { renderGatewayConfig } = await import("../../components/gateway/render");
    const gcpCfg = parse(renderGatewayConfig(await specOf("growth-gcp-us-central1")));
    const awsCfg = parse(renderGatewayConfig(await specOf("growth-aws-eu-west-1")));
    for (const cfg of [gcpCfg, awsCfg]) {
      expect(cfg.litellm_settings.success_callback).toEqual(["s3_v2"]);
      expect(cfg.litellm_settings.failure_callback).toEqual(["s3_v2"]);
      expect(cfg.litellm_settings.s3_callback_params.s3_path).toBe("requests");
    }
    expect(gcpCfg.litellm_settings.s3_callback_params).toMatchObject({
      s3_endpoint_url: "os.environ/AI_INFRA_LOG_ENDPOINT",
      s3_aws_access_key_id: "os.environ/AI_INFRA_LOG_ACCESS_KEY_ID",
      s3_aws_secret_access_key: "os.environ/AI_INFRA_LOG_SECRET_ACCESS_KEY",
    });
    expect(Object.keys(awsCfg.litellm_settings.s3_callback_params).sort()).toEqual(["s3_bucket_name", "s3_path", "s3_region_name"]);
    expect(gcpCfg.litellm_settings.cache_params.ssl_ca_data).toBe("os.environ/AI_INFRA_REDIS_CA_CERT");
    expect(gcpCfg.router_settings.cache_kwargs.ssl_ca_data).toBe("os.environ/AI_INFRA_REDIS_CA_CERT");
    // ElastiCache's certificate chains to Amazon's public CA, which the image already trusts.
    expect(awsCfg.litellm_settings.cache_params.ssl_ca_data).toBeUndefined();
    expect(awsCfg.router_settings.cache_kwargs).toEqual({ ssl: true });
  });
  it("keeps logEndpointOverride for local runs against an S3-compatible server", async () => {
    const { renderGatewayConfig } = await import("../../components/gateway/render");
    const local = parse(renderGatewayConfig(await specOf("prototype-gcp-europe-west4"), { logTarget: "s3", logEndpointOverride: true }));
    expect(local.litellm_settings.s3_callback_params).toEqual({
      s3_bucket_name: "os.environ/AI_INFRA_LOG_BUCKET",
      s3_region_name: "os.environ/AI_INFRA_LOG_REGION",
      s3_path: "requests",
      s3_endpoint_url: "os.environ/AI_INFRA_LOG_ENDPOINT",
    });
  });
});

describe("front door routes (URL map)", () => {
  it("forwards exactly the inference routes, the health route and the keys command's admin routes; nothing else", () => {
    const routes = frontDoorRoutes();
    expect(routes.filter((r) => r.kind === "caller").map((r) => [r.path, r.upstream])).toEqual([
      ["/v1/chat/completions", "/v1/chat/completions"],
      ["/v1/completions", "/v1/completions"],
      ["/v1/embeddings", "/v1/embeddings"],
      ["/v1/models", "/v1/models"],
    ]);
    // The health route needs no key and calls no model.
    expect(routes.filter((r) => r.kind === "health").map((r) => [r.path, r.upstream])).toEqual([["/v1/health", "/health/liveliness"]]);
    const admin = routes.filter((r) => r.kind === "admin");
    expect(admin.map((r) => [r.path, r.upstream])).toContainEqual(["/v1/admin/key/generate", "/key/generate"]);
    for (const r of admin) expect(r.path.startsWith(adminPathPrefix)).toBe(true);
    expect(routes.length).toBe(4 + 1 + admin.length);
    expect(routes.map((r) => r.path)).not.toContain("/v1/cache/flushall");
  });
});

describe("Cloud Armor rules", () => {
  const api = { perKey: { ratePerSecond: 5, burst: 10 }, adminCidrs: ["203.0.113.0/24"] };
  it("throttles per client address over 10 s with the token bucket's worst case (burst + 10 × rate), 429 past it: no key a caller writes", () => {
    expect(perKeyThrottle(api)).toEqual({ count: 60, intervalSec: 10 });
    const t = armorRules(api).find((r) => r.action === "throttle")!;
    expect(t.rateLimitOptions).toEqual({ conformAction: "allow", exceedAction: "deny(429)", enforceOnKey: "IP", rateLimitThreshold: { count: 60, intervalSec: 10 } });
    expect(t.match).toEqual({ versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } });
  });
  it("fits Cloud Armor's count at the spec's per-key caps, so no stack needs a rule for it", () => {
    const caps = { perKey: { ratePerSecond: limit("api.perKey.ratePerSecond").max, burst: limit("api.perKey.burst").max } };
    // 5,000 + 10 × 10,000 = 105,000 per 10 s; Cloud Armor counts up to 1,000,000.
    expect(perKeyThrottle(caps)).toEqual({ count: 105_000, intervalSec: 10 });
    expect(perKeyThrottle(caps).count).toBeLessThanOrEqual(cloudArmorRateLimit.maxCount);
  });
  it("allows the admin path from adminCidrs only, denies it to everyone else, then denies a caller request without a bearer key, before the throttle", () => {
    const rules = armorRules(api);
    expect(rules.map((r) => [r.priority, r.action])).toEqual([[100, "allow"], [200, "deny(403)"], [250, "deny(403)"], [1000, "throttle"], [2147483647, "allow"]]);
    expect(rules[0]!.match.expr!.expression).toBe("request.path.startsWith('/v1/admin/') && (inIpRange(origin.ip, '203.0.113.0/24'))");
    expect(rules[1]!.match.expr!.expression).toBe("request.path.startsWith('/v1/admin/')");
    expect(rules[2]!.match.expr!.expression).toBe(
      "request.path != '/v1/health' && (!has(request.headers['authorization']) || !request.headers['authorization'].matches('^[Bb]earer sk-[A-Za-z0-9_-]+$'))",
    );
  });
  // The planned expression read by the local front door's interpreter of the rules language.
  it.each([
    ["no Authorization header", "/v1/chat/completions", undefined, true],
    ["a key without the Bearer scheme", "/v1/chat/completions", "sk-abc", true],
    ["a bearer that is no LiteLLM key", "/v1/chat/completions", "Bearer abc", true],
    ["a bearer with a space in the key", "/v1/models", "Bearer sk-abc def", true],
    ["Basic credentials", "/v1/embeddings", "Basic sk-abc", true],
    ["a bearer LiteLLM key", "/v1/chat/completions", "Bearer sk-AbC_12-x", false],
    ["a lower-case bearer LiteLLM key", "/v1/completions", "bearer sk-abc", false],
    ["the health route, no key", "/v1/health", undefined, false],
  ] as const)("the bearer rule on %s: denies = %s", (_what, path, authorization, denied) => {
    const rule = armorRules(api).find((r) => r.priority === 250)!;
    expect(evaluateArmorExpression(rule.match.expr!.expression, { path, ip: "198.51.100.7", headers: authorization ? { authorization } : {} })).toBe(denied);
  });
  it("with no adminCidrs denies the admin path to everyone", () => {
    const rules = armorRules({ perKey: api.perKey });
    expect(rules.filter((r) => r.action === "allow" && r.match.expr)).toEqual([]);
    expect(rules.map((r) => r.priority)).toEqual([200, 250, 1000, 2147483647]);
    expect(rules[0]).toMatchObject({ priority: 200, action: "deny(403)" });
  });
  it("keeps each expression within 5 subexpressions: 10 ranges become 3 allow rules", () => {
    const cidrs = Array.from({ length: 10 }, (_, i) => `198.51.100.${i * 16}/28`);
    const allow = armorRules({ perKey: api.perKey, adminCidrs: cidrs }).filter((r) => r.action === "allow" && r.match.expr);
    expect(allow.map((r) => r.priority)).toEqual([100, 101, 102]);
    for (const r of allow) expect((r.match.expr!.expression.match(/inIpRange|startsWith/g) ?? []).length).toBeLessThanOrEqual(5);
    expect(allow.flatMap((r) => [...r.match.expr!.expression.matchAll(/'(\d[^']+)'/g)].map((m) => m[1]))).toEqual(cidrs);
  });
  it("adds the preconfigured WAF rules only with api.waf", () => {
    expect(armorRules(api).some((r) => /evaluatePreconfiguredWaf/.test(r.match.expr?.expression ?? ""))).toBe(false);
    const waf = armorRules({ ...api, waf: true }).filter((r) => /evaluatePreconfiguredWaf/.test(r.match.expr?.expression ?? ""));
    expect(waf.map((r) => r.match.expr!.expression)).toEqual(wafRuleSets.map((set) => `evaluatePreconfiguredWaf('${set}', {'sensitivity': 1})`));
    for (const r of waf) expect(r.action).toBe("deny(403)");
  });
  it("keeps rule descriptions within Cloud Armor's 64 characters and priorities unique", () => {
    const rules = armorRules({ perKey: api.perKey, adminCidrs: Array.from({ length: 10 }, () => "198.51.100.0/24"), waf: true });
    for (const r of rules) expect(String(r.description).length).toBeLessThanOrEqual(ruleDescriptionMax);
    expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
  });
});

describe("front door names", () => {
  it("are valid compute names (63, lower-case) and one NEG name per region", () => {
    const names = frontDoorNames({ gcpProject: "ai-infra-example", project: "ai-infra", stack: "a-very-long-stack-name-for-enterprise-multi-region-gcp-europe-west4" });
    for (const [k, v] of Object.entries(names)) if (typeof v === "string") expect(v, k).toMatch(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])$/);
    expect(names.neg("europe-west4")).not.toBe(names.neg("europe-west1"));
    expect(names.neg("europe-west4")).toMatch(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])$/);
  });
});

describe("image mirror", () => {
  it("maps a ghcr.io reference onto the regional remote repository", () => {
    expect(upstreamRegistry("ghcr.io/berriai/litellm:v1.109.3")).toBe("ghcr.io");
    expect(mirroredImageRef("ghcr.io/berriai/litellm:v1.109.3", "europe-west4-docker.pkg.dev/p/r")).toBe("europe-west4-docker.pkg.dev/p/r/berriai/litellm:v1.109.3");
    expect(mirroredImageRef("library/redis:7", "h/p/r")).toBe("h/p/r/library/redis:7");
  });
});

describe("services", () => {
  it("adds the growth APIs only when the capabilities ask for them", () => {
    const proto = requiredServices({ cache: false, queue: false, budgets: false });
    // Compute for the front door (load balancer, NEGs, Cloud Armor) from the prototype on; no API Gateway.
    expect(proto).toContain("compute.googleapis.com");
    expect(proto).not.toContain("apigateway.googleapis.com");
    expect(proto).not.toContain("apikeys.googleapis.com");
    expect(proto).not.toContain("redis.googleapis.com");
    expect(requiredServices({ cache: true, queue: true, budgets: true })).toEqual(expect.arrayContaining(["redis.googleapis.com", "pubsub.googleapis.com", "billingbudgets.googleapis.com"]));
  });
  it("adds GKE (and Compute, once) with the cluster", () => {
    expect(requiredServices({ cache: true, queue: true, budgets: true })).not.toContain("container.googleapis.com");
    const scale = requiredServices({ cache: true, queue: true, budgets: true, cluster: true });
    expect(scale).toContain("container.googleapis.com");
    expect(scale.filter((x) => x === "compute.googleapis.com")).toHaveLength(1);
    expect(requiredServices({ cache: false, queue: false, budgets: false, cluster: true })).toEqual(expect.arrayContaining(["container.googleapis.com", "compute.googleapis.com"]));
  });
});

describe("semantic cache URL", () => {
  it("is TLS with the AUTH string, and carries the CA bundle as redis-py's ssl_ca_data, URL-encoded", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB+a/b==\n-----END CERTIFICATE-----";
    const url = semanticCacheUrl("10.40.255.244", 6378, "f00d-cafe", pem);
    expect(url).toBe(`rediss://:f00d-cafe@10.40.255.244:6378?ssl_ca_data=${encodeURIComponent(pem)}`);
    expect(new URL(url).searchParams.get("ssl_ca_data")).toBe(pem);
    expect(semanticCacheUrl("h", 6378, "p", "")).toBe("rediss://:p@h:6378");
  });
});

describe("usage", () => {
  it("aggregates per day and model from the external table", () => {
    const q = dailyUsageQuery("p", "d", "requests");
    expect(q).toContain("FROM `p.d.requests`");
    expect(q).toContain("GROUP BY day, model_group, model");
  });
  it("renders a dashboard for the service and gateway, with growth tiles only at growth", () => {
    const proto = JSON.parse(renderDashboard({ title: "t", region: "r", serviceName: "svc", urlMapName: "um", quotaRejectionsMetric: "m", usageView: "p.d.v" }));
    const titles = (d: any) => d.mosaicLayout.tiles.map((t: any) => t.widget.title);
    expect(titles(proto)).not.toContain("Response cache hit ratio");
    const growth = JSON.parse(renderDashboard({ title: "t", region: "r", serviceName: "svc", urlMapName: "um", quotaRejectionsMetric: "m", usageView: "p.d.v", featureView: "p.d.f", redisInstanceId: "i", queueSubscription: "s" }));
    expect(titles(growth)).toEqual(expect.arrayContaining(["Response cache hit ratio", "Async jobs waiting"]));
    expect(dashboardConsoleUrl("projects/1/dashboards/abc", "p")).toBe("https://console.cloud.google.com/monitoring/dashboards/builder/abc?project=p");
  });
});

describe("the checks themselves can fail", () => {
  const r = (over: Partial<Captured>): Captured => ({ type: "gcp:storage/bucket:Bucket", name: "b", custom: true, inputs: {}, id: "b", outputs: {}, provider: "urn::prov-id", ...over });
  it("plaintextLeaks finds a key in a plaintext input but not inside a secret", () => {
    expect(plaintextLeaks([r({ inputs: { env: [{ value: "x-KEY-y" }] } })], ["KEY"])).toEqual(["gcp:storage/bucket:Bucket b: inputs.env[0].value"]);
    expect(plaintextLeaks([r({ inputs: { d: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "KEY" } } })], ["KEY"])).toEqual([]);
  });
  it("regionalViolations finds a default provider and a foreign location", () => {
    const prov = r({ type: "pulumi:providers:gcp", id: "prov-id", inputs: { region: "europe-west4" }, provider: undefined });
    expect(regionalViolations([prov, r({ provider: undefined })], "europe-west4")).toEqual(["b: provider (default)"]);
    expect(regionalViolations([prov, r({ inputs: { location: "US" } })], "europe-west4")).toEqual(["b: location=US"]);
  });
});

describe("front door in the promotion diff", () => {
  const res = (type: string, name: string, inputs: Record<string, unknown>) => ({ urn: `urn:pulumi:s::ai-infra::ai-infra:gcp:FrontDoor$${type}::${name}`, type, name, parent: null, region: "europe-west4", inputs });
  it("counts a new certificate or anycast IP as a stateful loss (callers cut off), a changed Cloud Armor rule as an in-place update", async () => {
    const { diffPlans, statefulLosses } = await import("../../planner/diff");
    const cert = "gcp:compute/managedSslCertificate:ManagedSslCertificate";
    const ip = "gcp:compute/globalAddress:GlobalAddress";
    const armor = "gcp:compute/securityPolicy:SecurityPolicy";
    const d = diffPlans(
      [res(cert, "cert", { name: "c", managed: { domains: ["a.example.com"] } }), res(ip, "ip", { name: "ip-1" }), res(armor, "armor", { name: "p", rules: [{ priority: 1000 }] })],
      [res(cert, "cert", { name: "c", managed: { domains: ["b.example.com"] } }), res(ip, "ip", { name: "ip-2" }), res(armor, "armor", { name: "p", rules: [{ priority: 1001 }] })],
    );
    expect(statefulLosses(d).map((l) => l.urn.split("::").pop())).toEqual(["cert", "ip"]);
    expect(d.changed.map((c) => c.name)).toEqual(["armor"]);
  });
});
