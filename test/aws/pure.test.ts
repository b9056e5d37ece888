import { describe, expect, it } from "vitest";
import { accessLogFormat, apiThrottle, deploymentFingerprint, integrationTimeoutMs } from "../../components/aws/front-door";
import { budgetNotifications, dailySpendThreshold, emailRole, tagFilter } from "../../components/aws/budgets";
import { logBucketLifecycleRules, tlsOnlyBucketPolicy } from "../../components/aws/bucket";
import { cacheZones, valkeyEngineVersion } from "../../components/aws/cache";
import { estimatedCostPerRequest, renderDashboardBody } from "../../components/aws/dashboard";
import { fargateSize, gatewayEnvironment, gatewaySecrets, gatewayTaskPolicy, logRetentionDays } from "../../components/aws/llm-gateway";
import { shortName, sqlName } from "../../components/aws/names";
import { subnetCidrs } from "../../components/aws/network";
import { redrivePolicy } from "../../components/aws/queue";
import { bytesScannedCutoff, dailyUsageQuery, requestLogTableParameters } from "../../components/aws/usage";
import { workerEnvironment, workerScaleOutSteps } from "../../components/aws/worker";
import { loadConfig } from "../../worker/config";

describe("AWS adapter pure functions", () => {
  it("shortName keeps length limits, is deterministic, and differs per stack, region and project", () => {
    const scope = { project: "ai-infra", stack: "prototype-aws-us-east-1-with-a-very-long-name", region: "us-east-1" };
    for (const [role, max] of [["gw", 32], ["gw-tg", 32], ["cache", 40]] as const) {
      const n = shortName(scope, role, max);
      expect(n.length).toBeLessThanOrEqual(max);
      expect(n).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
      expect(n).not.toContain("--");
      expect(n.endsWith(`-${role}`)).toBe(true);
      expect(shortName(scope, role, max)).toBe(n);
    }
    const a = shortName(scope, "gw", 32);
    expect(shortName({ ...scope, region: "us-west-2" }, "gw", 32)).not.toBe(a);
    expect(shortName({ ...scope, project: "other" }, "gw", 32)).not.toBe(a);
    expect(sqlName("ai-infra", "growth-aws-eu-west-1", "eu-west-1")).toBe("ai_infra_growth_aws_eu_west_1_eu_west_1");
  });

  it("splits the region's /16 into two public and two private /20s", () => {
    expect(subnetCidrs("10.41.0.0/16")).toEqual({ public: ["10.41.0.0/20", "10.41.16.0/20"], private: ["10.41.128.0/20", "10.41.144.0/20"] });
    expect(() => subnetCidrs("10.41.0.0/24")).toThrow(/\/16/);
  });

  it("expires request logs at the retention and keeps the gateway config", () => {
    const rules = logBucketLifecycleRules(45);
    expect(rules.find((r) => r.prefix === "requests/")).toMatchObject({ expireDays: 45, noncurrentDays: 1 });
    expect(rules.find((r) => r.prefix === "config/")!.expireDays).toBeUndefined();
    expect(JSON.parse(tlsOnlyBucketPolicy("arn:aws:s3:::b")).Statement[0].Resource).toEqual(["arn:aws:s3:::b", "arn:aws:s3:::b/*"]);
  });

  it("maps the API limits of the spec", () => {
    const t = apiThrottle({ perKey: { ratePerSecond: 3, burst: 6, quotaPerDay: 100 }, global: { ratePerSecond: 50, burst: 90 }, keys: ["a"] });
    expect(t).toEqual({ stage: { rateLimit: 50, burstLimit: 90 }, perKey: { rateLimit: 3, burstLimit: 6, quotaPerDay: 100 } });
    expect(integrationTimeoutMs(60)).toBe(60_000);
    expect(integrationTimeoutMs(5000)).toBe(900_000);
    expect(JSON.parse(accessLogFormat())).toMatchObject({ status: "$context.status", apiKeyId: "$context.identity.apiKeyId" });
  });

  it("fingerprints an API deployment by everything upstream of it", () => {
    const base = {
      routes: [
        { path: "/chat/completions", method: "POST" },
        { path: "/models", method: "GET" },
      ],
      integrationUris: ["http://gw-1.elb.us-east-1.amazonaws.com/v1/chat/completions", "http://gw-1.elb.us-east-1.amazonaws.com/v1/models"],
      vpcLinkId: "vl-1",
      nlbArn: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/gw-1/1",
      requestParameters: { "integration.request.header.X-Extra": "'x'", "integration.request.header.Authorization": "'Bearer k1'" },
      timeoutMs: 60_000,
    };
    const changed = [
      { ...base, integrationUris: ["http://gw-2.elb.us-east-1.amazonaws.com/v1/chat/completions", "http://gw-1.elb.us-east-1.amazonaws.com/v1/models"] },
      { ...base, routes: [{ path: "/chat/completions", method: "POST" }] },
      { ...base, vpcLinkId: "vl-2" },
      { ...base, nlbArn: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/gw-2/2" },
      { ...base, requestParameters: { ...base.requestParameters, "integration.request.header.Authorization": "'Bearer k2'" } },
      { ...base, timeoutMs: 120_000 },
    ].map(deploymentFingerprint);
    expect(new Set([deploymentFingerprint(base), ...changed]).size).toBe(7);
    // Key order alone never redeploys.
    const reordered = { ...base, requestParameters: Object.fromEntries(Object.entries(base.requestParameters).reverse()) };
    expect(deploymentFingerprint(reordered)).toBe(deploymentFingerprint(base));
  });

  it("sizes Fargate tasks to valid combinations", () => {
    expect(fargateSize(0.5, 1024)).toEqual({ cpu: "512", memory: "1024" });
    expect(fargateSize(0.25, 512)).toEqual({ cpu: "256", memory: "512" });
    expect(fargateSize(1, 2048)).toEqual({ cpu: "1024", memory: "2048" });
    // Nothing is rounded: sizes Fargate does not offer are the spec's to refuse, and never reach here.
    expect(() => fargateSize(0.3, 1024)).toThrow(/Fargate offers no task of 0.3 vCPU/);
    expect(() => fargateSize(0.25, 3072)).toThrow(/Fargate offers no task of 0.25 vCPU with 3072 MiB/);
    expect(logRetentionDays(30)).toBe(30);
    expect(logRetentionDays(45)).toBe(60);
    expect(logRetentionDays(5000)).toBe(3653);
  });

  it("gives the gateway resource names only, and secrets by ARN", () => {
    const env = gatewayEnvironment({ region: "eu-west-1", logBucket: "logs", configBucket: "logs", configHash: "abc" });
    expect(env.map((e) => e.name)).toEqual(
      expect.arrayContaining(["AI_INFRA_LOG_BUCKET", "AI_INFRA_LOG_REGION", "LITELLM_CONFIG_BUCKET_NAME", "LITELLM_CONFIG_BUCKET_OBJECT_KEY"]),
    );
    expect(gatewaySecrets({ "openai-eu": "arn:1" }, { AI_INFRA_REDIS_PASSWORD: "arn:2" })).toEqual([
      { name: "AI_INFRA_KEY_OPENAI_EU", valueFrom: "arn:1" },
      { name: "AI_INFRA_REDIS_PASSWORD", valueFrom: "arn:2" },
    ]);
    const withBedrock = JSON.parse(gatewayTaskPolicy({ logBucketArn: "arn:aws:s3:::l", configObjectArn: "arn:aws:s3:::l/config/x", bedrock: true }));
    expect(withBedrock.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["WriteRequestLogs", "ReadGatewayConfig", "InvokeBedrockModels"]);
    const without = JSON.parse(gatewayTaskPolicy({ logBucketArn: "arn:aws:s3:::l", configObjectArn: "arn:aws:s3:::l/config/x", bedrock: false }));
    expect(JSON.stringify(without)).not.toContain("bedrock");
  });

  it("builds the usage table and query over LiteLLM's date folders", () => {
    expect(requestLogTableParameters("logs")["storage.location.template"]).toBe("s3://logs/requests/${dt}/");
    expect(dailyUsageQuery("db", "requests")).toContain('FROM "db"."requests"');
    expect(bytesScannedCutoff({ requestsPerDay: 800, inputTokensPerRequest: 1, outputTokensPerRequest: 1 })).toBe(1024 ** 3);
    expect(bytesScannedCutoff({ requestsPerDay: 1e9, inputTokensPerRequest: 1, outputTokensPerRequest: 1 })).toBe(1024 ** 4);
  });

  it("estimates the cost of a request from first-choice models only", () => {
    const models = [
      { name: "chat", provider: "p", model: "m", inputCostPerMillionTokens: 1, outputCostPerMillionTokens: 2 },
      { name: "backup", provider: "p", model: "n", inputCostPerMillionTokens: 100, outputCostPerMillionTokens: 100 },
    ];
    const traffic = { requestsPerDay: 1, inputTokensPerRequest: 1000, outputTokensPerRequest: 500 };
    const reliability = { fallbacks: { chat: ["backup"] }, numRetries: 0, allowedFails: 1, cooldownSeconds: 1 };
    expect(estimatedCostPerRequest({ models, traffic, reliability })).toBeCloseTo((1000 * 1 + 500 * 2) / 1e6);
    expect(estimatedCostPerRequest({ models: [{ name: "x", provider: "p", model: "m" }], traffic, reliability: undefined })).toBeUndefined();
  });

  it("renders a prototype dashboard without growth widgets, and a growth one with them", () => {
    const base = { region: "us-east-1", apiName: "api", stageName: "v1", clusterName: "c", gatewayServiceName: "g", athena: { workgroup: "w", database: "d" } };
    const proto = renderDashboardBody(base);
    expect(proto).not.toContain("CacheHitRate");
    expect(renderDashboardBody(base)).toBe(proto);
    const growth = renderDashboardBody({ ...base, growth: { cacheClusterIds: ["rg-001", "rg-002"], queueName: "q", dlqName: "d", workerServiceName: "w", costPerRequestUsd: 0.001 } });
    expect(JSON.parse(growth).widgets.length).toBeGreaterThan(JSON.parse(proto).widgets.length);
    expect(growth).toContain('"rg-002"');
  });

  it("alerts at every configured threshold and shares the daily budget between regions", () => {
    expect(budgetNotifications({ actualThresholds: [80, 50, 80], forecastThresholds: [100] }).map((n) => `${n.notificationType}:${n.threshold}`)).toEqual([
      "ACTUAL:50",
      "ACTUAL:80",
      "FORECASTED:100",
    ]);
    expect(dailySpendThreshold(3000, 1)).toBe(100);
    expect(dailySpendThreshold(3000, 2)).toBe(50);
    expect(tagFilter("stack", "s")).toEqual({ name: "TagKeyValue", values: ["user:stack$s"] });
    expect(emailRole("AI-Platform@Example.com")).toBe("email-ai-platform-example-com");
  });

  it("places cache nodes in alternating zones and dead-letters after maxReceiveCount", () => {
    expect(cacheZones("eu-west-1", 2)).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1a"]);
    expect(JSON.parse(redrivePolicy("arn:dlq", 7))).toEqual({ deadLetterTargetArn: "arn:dlq", maxReceiveCount: 7 });
  });

  it("renders a worker environment the worker itself accepts", () => {
    const env = workerEnvironment({
      region: "eu-west-1",
      queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs",
      resultsBucket: "results-bucket",
      gatewayUrl: "http://internal-gw.elb.eu-west-1.amazonaws.com",
      worker: { cpu: 0.25, memoryMiB: 512, minReplicas: 0, maxReplicas: 4, jobsPerReplica: 20 },
      queue: { maxReceiveCount: 5, retentionSeconds: 345600, visibilityTimeoutSeconds: 1200 },
      gatewayTimeoutSeconds: 60,
    });
    const config = loadConfig(Object.fromEntries(env.map((e) => [e.name, e.value])));
    expect(config).toMatchObject({ cloud: "aws", resultsBucket: "results-bucket", concurrency: 4, visibilityTimeoutSeconds: 600 });
    expect(config.gateway.url).toBe("http://internal-gw.elb.eu-west-1.amazonaws.com/v1/chat/completions");
  });

  it("steps worker scale-out by jobsPerReplica", () => {
    expect(workerScaleOutSteps(20, 4)).toEqual([
      { lower: 0, upper: 20, add: 1 },
      { lower: 20, upper: 40, add: 2 },
      { lower: 40, upper: 60, add: 3 },
      { lower: 60, add: 4 },
    ]);
    expect(workerScaleOutSteps(10, 1)).toEqual([{ lower: 0, add: 1 }]);
  });
});

describe("cache engine", () => {
  it("runs Valkey 8.2 (vector search) only with the semantic cache, in the same 8.x parameter family", () => {
    expect(valkeyEngineVersion(false)).toBe("8.0");
    expect(valkeyEngineVersion(true)).toBe("8.2");
  });
});
