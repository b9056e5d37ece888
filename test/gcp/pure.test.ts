import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { apiRoutes, perKeyLimitPerMinute, renderOpenApi } from "../../components/gcp/apiGateway";
import { hardenedBucketArgs, lifecycleRules } from "../../components/gcp/bucket";
import { gatewayEnvVars, gatewaySizing } from "../../components/gcp/llmGateway";
import { gcpName, nameLimits } from "../../components/gcp/names";
import { mirroredImageRef, upstreamRegistry } from "../../components/gcp/registry";
import { requiredServices } from "../../components/gcp/services";
import { semanticCacheUrl } from "../../components/gcp/cache";
import { dailyUsageQuery, dashboardConsoleUrl, renderDashboard } from "../../components/gcp/usage";
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
    expect(hardenedBucketArgs({ bucketName: "b", region: "us-central1" }).encryption).toBeUndefined();
    expect(hardenedBucketArgs({ bucketName: "b", region: "us-central1", kmsKeyName: "k" }).encryption).toEqual({ defaultKmsKeyName: "k" });
    expect(hardenedBucketArgs({ bucketName: "b", region: "us-central1" }).location).toBe("US-CENTRAL1");
  });
});

describe("gateway sizing", () => {
  const base = { gateway: { cpu: 0.5, memoryMiB: 1024, minReplicas: 1, maxReplicas: 2, timeoutSeconds: 60 }, api: { perKey: { ratePerSecond: 5, burst: 10, quotaPerDay: 2000 }, global: { ratePerSecond: 20, burst: 40 }, keys: ["default"] } };
  it("rounds CPU up to 1 (Cloud Run forces concurrency 1 below that) and spreads the global burst", () => {
    expect(gatewaySizing(base)).toEqual({ cpu: "1", memory: "1024Mi", minInstances: 1, maxInstances: 2, concurrency: 20, requestTimeoutSeconds: 75 });
  });
  it("covers retries in the request timeout", () => {
    const s = gatewaySizing({ ...base, reliability: { fallbacks: {}, numRetries: 2, allowedFails: 3, cooldownSeconds: 30 } });
    expect(s.requestTimeoutSeconds).toBe(60 * 3 + 15);
  });
  const envInput = { region: "r", logBucket: "logs", configBucket: "cfg", configSha: "x", providerSecrets: { openai: { secret: "s1", version: "3" } }, logKey: { accessId: "GOOG1EID", secret: "hmac-s", version: "2" } };
  it("passes secrets only as Secret Manager references", () => {
    const envs = gatewayEnvVars(envInput);
    expect(envs.find((e) => e.name === "AI_INFRA_KEY_OPENAI")).toEqual({ name: "AI_INFRA_KEY_OPENAI", valueSource: { secretKeyRef: { secret: "s1", version: "3" } } });
    expect(envs.find((e) => e.name === "AI_INFRA_LOG_SECRET_ACCESS_KEY")).toEqual({ name: "AI_INFRA_LOG_SECRET_ACCESS_KEY", valueSource: { secretKeyRef: { secret: "hmac-s", version: "2" } } });
    expect(envs.find((e) => e.name === "AI_INFRA_REDIS_PASSWORD")).toBeUndefined();
    expect(envs.find((e) => e.name === "AI_INFRA_REDIS_CA_CERT")).toBeUndefined();
  });
  it("sets every variable the rendered config reads", async () => {
    const { renderGatewayConfig } = await import("../../components/gateway/render");
    const { parseSpec } = await import("../../components/spec/validate");
    const { exampleRaw } = await import("../helpers/stacks");
    for (const stack of ["prototype-gcp-europe-west4", "growth-gcp-us-central1"]) {
      const { raw, secretKeys } = exampleRaw(stack);
      const parsed = parseSpec(raw, { secretKeys });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const text = renderGatewayConfig(parsed.spec, { logTarget: "gcs" });
      const read = [...new Set([...text.matchAll(/os\.environ\/([A-Z0-9_]+)/g)].map((m) => m[1]!))].sort();
      const redis = { host: "h", port: 6378, passwordSecret: "p", passwordVersion: "1", caCert: "PEM" };
      const set = gatewayEnvVars({ ...envInput, providerSecrets: Object.fromEntries(Object.keys(parsed.spec.providerKeys).map((k) => [k, { secret: k, version: "1" }])), redis }).map((e) => e.name);
      expect(read.filter((n) => !set.includes(n)), stack).toEqual([]);
    }
  });
});

describe("rendered LiteLLM config per cloud", () => {
  const specOf = async (stack: string) => {
    const { parseSpec } = await import("../../components/spec/validate");
    const { exampleRaw } = await import("../helpers/stacks");
    const { raw, secretKeys } = exampleRaw(stack);
    const parsed = parseSpec(raw, { secretKeys });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.spec;
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

describe("renderOpenApi", () => {
  const doc = parse(renderOpenApi({ title: "t", backendUrl: "https://gw-abc-ez.a.run.app", deadlineSeconds: 75, perKeyPerMinute: 300 }));
  it("protects every route with the API key and the quota", () => {
    expect(Object.keys(doc.paths)).toEqual(apiRoutes.map((r) => r.path));
    for (const r of apiRoutes) {
      expect(doc.paths[r.path][r.method].security).toEqual([{ api_key: [] }]);
      expect(doc.paths[r.path][r.method]["x-google-quota"].metricCosts["llm-requests"]).toBe(1);
    }
    expect(doc["x-google-management"].quota.limits[0].values.STANDARD).toBe(300);
    expect(doc["x-google-backend"]).toEqual({ address: "https://gw-abc-ez.a.run.app", jwt_audience: "https://gw-abc-ez.a.run.app", path_translation: "APPEND_PATH_TO_ADDRESS", deadline: 75 });
  });
  it("caps the per-minute limit by the daily quota", () => {
    expect(perKeyLimitPerMinute({ perKey: { ratePerSecond: 10, burst: 20, quotaPerDay: 10_000 }, global: { ratePerSecond: 1, burst: 1 }, keys: ["a"] })).toBe(600);
    expect(perKeyLimitPerMinute({ perKey: { ratePerSecond: 10, burst: 20, quotaPerDay: 100 }, global: { ratePerSecond: 1, burst: 1 }, keys: ["a"] })).toBe(100);
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
    expect(proto).toContain("apigateway.googleapis.com");
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
    const proto = JSON.parse(renderDashboard({ title: "t", region: "r", serviceName: "svc", gatewayId: "gw", quotaRejectionsMetric: "m", usageView: "p.d.v" }));
    const titles = (d: any) => d.mosaicLayout.tiles.map((t: any) => t.widget.title);
    expect(titles(proto)).not.toContain("Response cache hit ratio");
    const growth = JSON.parse(renderDashboard({ title: "t", region: "r", serviceName: "svc", gatewayId: "gw", quotaRejectionsMetric: "m", usageView: "p.d.v", featureView: "p.d.f", redisInstanceId: "i", queueSubscription: "s" }));
    expect(titles(growth)).toEqual(expect.arrayContaining(["Response cache hit ratio", "Async jobs waiting"]));
    expect(dashboardConsoleUrl("projects/1/dashboards/abc", "p")).toBe("https://console.cloud.google.com/monitoring/dashboards/builder/abc?project=p");
  });
});

describe("the checks themselves can fail", () => {
  const r = (over: Partial<Captured>): Captured => ({ type: "gcp:storage/bucket:Bucket", name: "b", custom: true, inputs: {}, id: "b", provider: "urn::prov-id", ...over });
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
