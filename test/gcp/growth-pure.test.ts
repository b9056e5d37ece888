import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../worker/config";
import { budgetAmount, spendAlertFilter, thresholdRules } from "../../components/gcp/budgets";
import { caBundle, cacheSettings } from "../../components/gcp/cache";
import { networkPlan } from "../../components/gcp/network";
import { queueSettings, regionalStorage } from "../../components/gcp/queue";
import { renderScalerConfig } from "../../components/gcp/scaler";
import { dailySpendLimits, spendCheckQuery } from "../../components/gcp/usage";
import { workerConcurrency, workerEnvVars } from "../../components/gcp/worker";

describe("cache settings", () => {
  it("keeps one replica in another zone on the standard tier, read replicas from two on", () => {
    expect(cacheSettings({ ttlSeconds: 60, nodeType: "standard-ha-1gb", replicas: 1 })).toEqual({ tier: "STANDARD_HA", memorySizeGb: 1, replicaCount: 1, readReplicasMode: "READ_REPLICAS_DISABLED" });
    expect(cacheSettings({ ttlSeconds: 60, nodeType: "cache.t4g.small", replicas: 2 })).toEqual({ tier: "STANDARD_HA", memorySizeGb: 5, replicaCount: 2, readReplicasMode: "READ_REPLICAS_ENABLED" });
    expect(cacheSettings({ ttlSeconds: 60, nodeType: "standard-ha-16gb", replicas: 1 }).memorySizeGb).toBe(16);
  });
  it("trusts every CA the instance lists (old and new during a rotation), as one PEM bundle", () => {
    const a = "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----";
    const b = "-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----\n";
    expect(caBundle([{ cert: a }, { cert: b }, {}])).toBe(`${a}\n${b.trim()}`);
    expect(caBundle([])).toBe("");
  });
  it("carves the region's /16 without overlap", () => {
    expect(networkPlan("10.41.0.0/16")).toEqual({ regionCidr: "10.41.0.0/16", subnet: "10.41.0.0/20", cacheRange: "10.41.255.240/28" });
  });
});

describe("queue settings", () => {
  it("passes values Pub/Sub accepts through unchanged, at both ends of its ranges", () => {
    expect(queueSettings({ maxReceiveCount: 5, retentionSeconds: 345_600, visibilityTimeoutSeconds: 120 })).toEqual({ maxDeliveryAttempts: 5, ackDeadlineSeconds: 120, retentionSeconds: 345_600 });
    expect(queueSettings({ maxReceiveCount: 100, retentionSeconds: 604_800, visibilityTimeoutSeconds: 600 })).toEqual({ maxDeliveryAttempts: 100, ackDeadlineSeconds: 600, retentionSeconds: 604_800 });
  });
  it("never bends a value Pub/Sub cannot take (the spec rejects it first)", () => {
    expect(() => queueSettings({ maxReceiveCount: 3, retentionSeconds: 345_600, visibilityTimeoutSeconds: 120 })).toThrow(/maxReceiveCount 3 is outside Pub\/Sub's 5–100/);
    expect(() => queueSettings({ maxReceiveCount: 5, retentionSeconds: 1_209_600, visibilityTimeoutSeconds: 120 })).toThrow(/retentionSeconds 1209600/);
    expect(() => queueSettings({ maxReceiveCount: 5, retentionSeconds: 345_600, visibilityTimeoutSeconds: 900 })).toThrow(/visibilityTimeoutSeconds 900/);
  });
  it("stores messages only in the region", () => {
    expect(regionalStorage("europe-west4")).toEqual({ allowedPersistenceRegions: ["europe-west4"], enforceInTransit: true });
  });
});

describe("worker environment", () => {
  it("is accepted by the worker's own config loader (the env contract)", () => {
    const envs = workerEnvVars({
      subscription: "projects/p/subscriptions/jobs",
      resultsBucket: "results-bucket",
      gatewayUrl: "https://llm.example.com/v1",
      apiKeySecret: "s",
      apiKeyVersion: "1",
      concurrency: workerConcurrency({ cpu: 1, memoryMiB: 512, minReplicas: 0, maxReplicas: 4, jobsPerReplica: 20 }),
      ackDeadlineSeconds: 120,
      gatewayTimeoutSeconds: 75,
    });
    // Cloud Run resolves the secret reference to the key's value at start-up.
    const env = Object.fromEntries(envs.map((e) => [e.name, (e.value as string | undefined) ?? "resolved-from-secret-manager"]));
    const cfg = loadConfig(env);
    expect(cfg).toMatchObject({ cloud: "gcp", subscription: "projects/p/subscriptions/jobs", resultsBucket: "results-bucket", concurrency: 20, visibilityTimeoutSeconds: 120 });
    expect(cfg.gateway.url).toBe("https://llm.example.com/v1/chat/completions");
    expect(cfg.gateway.apiKey).toBe("resolved-from-secret-manager");
    // `Authorization: Bearer <master key>`: LiteLLM's header, and what Cloud Armor requires of a caller request.
    expect(cfg.gateway.apiKeyHeader).toBe("authorization");
  });
});

describe("queue autoscaler config", () => {
  it("targets the pool with the gcp-pubsub scaler on backlog per replica", () => {
    const cfg = parse(renderScalerConfig({ workerPool: "projects/p/locations/r/workerpools/w", subscription: "projects/p/subscriptions/s", minReplicas: 0, maxReplicas: 4, jobsPerReplica: 20 }));
    expect(cfg.kind).toBe("CremaConfig");
    const so = cfg.spec.scaledObjects[0].spec;
    expect(so.scaleTargetRef.name).toBe("projects/p/locations/r/workerpools/w");
    expect([so.minReplicaCount, so.maxReplicaCount]).toEqual([0, 4]);
    expect(so.triggers[0]).toMatchObject({ type: "gcp-pubsub", metadata: { mode: "SubscriptionSize", value: "20", subscriptionName: "projects/p/subscriptions/s" } });
    expect(cfg.spec.triggerAuthentications[0].spec).toEqual({ podIdentity: { provider: "gcp" } });
  });
});

describe("budgets", () => {
  it("turns percentages into actual and forecast threshold rules", () => {
    expect(thresholdRules({ actualThresholds: [100, 50, 50], forecastThresholds: [90] })).toEqual([
      { thresholdPercent: 0.5, spendBasis: "CURRENT_SPEND" },
      { thresholdPercent: 1, spendBasis: "CURRENT_SPEND" },
      { thresholdPercent: 0.9, spendBasis: "FORECASTED_SPEND" },
    ]);
  });
  it("writes money as units and nanos", () => {
    expect(budgetAmount(2500)).toEqual({ specifiedAmount: { currencyCode: "USD", units: "2500", nanos: 0 } });
    expect(budgetAmount(12.5)).toEqual({ specifiedAmount: { currencyCode: "USD", units: "12", nanos: 500_000_000 } });
  });
  it("alerts on a run of exactly the regions' spend checks that failed on spend, not on any other error", () => {
    expect(spendAlertFilter(["a", "b"])).toBe(
      'resource.type="bigquery_dts_config" AND severity>=ERROR AND resource.labels.config_id=("a" OR "b") AND "ai-infra daily AI spend exceeded"',
    );
    // The check's own ERROR() message carries the text the filter matches.
    expect(spendCheckQuery("p", "d", "u", undefined, { dailyUsd: 1, features: {} })).toContain("ERROR(FORMAT('ai-infra daily AI spend exceeded: %s");
  });
});

describe("daily spend check", () => {
  it("compares yesterday's spend with monthly/30 for the stack and each feature, failing with ERROR()", () => {
    const limits = dailySpendLimits({ monthlyUsd: 2500, features: { "code-review": 1200, "chat-widget": 900 } });
    expect(limits).toEqual({ dailyUsd: 83.33, features: { "code-review": 40, "chat-widget": 30 } });
    const q = spendCheckQuery("p", "d", "daily_usage_by_model", "daily_cost_by_feature", limits);
    expect(q).toContain("FROM `p.d.daily_usage_by_model` WHERE day = DATE_SUB(@run_date, INTERVAL 1 DAY)");
    expect(q).toContain("83.33 AS limit_usd");
    expect(q).toContain("CASE feature WHEN 'chat-widget' THEN 30 WHEN 'code-review' THEN 40 END");
    expect(q).toMatch(/IF\(spend_usd > limit_usd, ERROR\(/);
    expect(spendCheckQuery("p", "d", "u", "f", { dailyUsd: 1, features: {} })).not.toContain("UNION ALL");
  });
});
