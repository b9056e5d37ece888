/**
 * `cache.tiers` in the spec and in the rendered gateway config: bad input refused with the property
 * path and the allowed values; each tier's TTL and bounds reach LiteLLM; the installer is the last
 * litellm setting; the GCS cold tier is rendered for GCS's S3-compatible XML API with the gateway's
 * HMAC key (no GCS-compatible local store runs here, so GCP is proven at the rendered-config level).
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseStack } from "../../components/config";
import { cacheBucketEnv, coldTierPrefix } from "../../components/gateway/cache-tiers";
import { applyGatewayHooks, hooksCallbackEnv, hooksRemoteCallback } from "../../components/gateway/hooks";
import { renderGatewayConfig } from "../../components/gateway/render";
import { applyCacheTiers } from "../../components/gateway/cache-tiers";
import { growthStackRaw } from "../gateway/litellm/harness/spec";
import { stackRaw } from "../gateway/litellm/harness/overflow-stand";
import { stackConfig } from "../gcp/harness";

const tiers = { hot: { ttlSeconds: 60, maxEntries: 1000, maxEntryKb: 256 }, cold: { ttlDays: 7 } };

function withTiers(raw: Record<string, any>, t: unknown = tiers): Record<string, any> {
  raw.cache = { ...raw.cache, tiers: t };
  return raw;
}

function parsed(raw: Record<string, unknown>, stack = "growth-aws-eu-west-1") {
  return parseStack(raw, { project: "ai-infra", stack, secretKeys: new Set(["providerKeys"]) });
}

function errors(raw: Record<string, unknown>) {
  const r = parsed(raw);
  return r.ok ? [] : r.errors.map((e) => ({ path: e.path, message: e.message }));
}

function rendered(raw: Record<string, unknown>, stack: string, opts: Parameters<typeof renderGatewayConfig>[1] = {}) {
  const r = parsed(raw, stack);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const text = renderGatewayConfig(r.stack, opts);
  return { text, settings: (parse(text) as { litellm_settings: Record<string, any> }).litellm_settings };
}

describe("cache.tiers in the spec", () => {
  it("accepts hot and cold tiers on the growth example (Redis TTL 3600 s)", () => {
    expect(errors(withTiers(growthStackRaw()))).toEqual([]);
  });

  it("refuses a hot TTL longer than the Redis TTL, naming both", () => {
    const raw = withTiers(growthStackRaw(), { hot: { ...tiers.hot, ttlSeconds: 3601 } });
    expect(errors(raw)).toEqual([
      { path: "ai-infra:cache.tiers.hot.ttlSeconds", message: "must be at most cache.ttlSeconds (3600): the hot tier is filled from Redis and must not outlive it" },
    ]);
  });

  it("refuses a cold TTL shorter than the Redis TTL", () => {
    const raw = growthStackRaw() as Record<string, any>;
    raw.cache = { ...raw.cache, ttlSeconds: 2 * 86_400 + 1, tiers: { hot: tiers.hot, cold: { ttlDays: 2 } } };
    expect(errors(raw)).toEqual([
      { path: "ai-infra:cache.tiers.cold.ttlDays", message: "must be at least 3 (cache.ttlSeconds 172801 s in whole days): the cold tier refills Redis" },
    ]);
  });

  it.each([
    ["hot.maxEntries", { hot: { ...tiers.hot, maxEntries: 0 } }, "ai-infra:cache.tiers.hot.maxEntries", "must be greater than 0"],
    ["hot.maxEntryKb", { hot: { ...tiers.hot, maxEntryKb: 2048 } }, "ai-infra:cache.tiers.hot.maxEntryKb", "must be at most 1024"],
    ["cold.ttlDays", { hot: tiers.hot, cold: { ttlDays: 0 } }, "ai-infra:cache.tiers.cold.ttlDays", "must be greater than 0"],
    ["an unknown tier", { hot: tiers.hot, warm: {} }, "ai-infra:cache.tiers.warm", ""],
  ])("refuses a bad %s with its path", (_what, t, path, message) => {
    const errs = errors(withTiers(growthStackRaw(), t));
    expect(errs).toHaveLength(1);
    expect(errs[0]!.path).toBe(path);
    expect(errs[0]!.message).toContain(message);
  });

  it("refuses tiers together with the semantic cache", () => {
    const raw = withTiers(stackRaw("scale-aws-us-east-1") as Record<string, any>);
    const r = parseStack(raw, { project: "ai-infra", stack: "scale-aws-us-east-1", secretKeys: new Set(["providerKeys"]) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.path, e.message])).toEqual([
      ["ai-infra:cache.tiers", "must not be set with semanticCache (LiteLLM keeps one response cache; the tiers wrap the exact-match one): remove one of them"],
    ]);
  });
});

describe("cache.tiers in the rendered gateway config", () => {
  it("without tiers, the config is as before: Redis TTL in cache_params, no installer", () => {
    const { settings } = rendered(growthStackRaw(), "growth-aws-eu-west-1");
    expect(settings.cache_params.ttl).toBe(3600);
    expect(settings.ai_infra_cache_tiers).toBeUndefined();
    expect(settings.callbacks).toBeUndefined();
  });

  it("AWS: each tier's TTL and bounds, the S3 bucket from the environment, the installer last", () => {
    const { settings } = rendered(withTiers(growthStackRaw()), "growth-aws-eu-west-1");
    expect(settings.cache_params.ttl).toBeUndefined();
    expect(settings.cache_params.type).toBe("redis");
    expect(settings.ai_infra_cache_tiers).toEqual({
      hot: { ttl: 60, max_entries: 1000, max_entry_kb: 256 },
      redis: { ttl: 3600 },
      cold: { ttl: 7 * 86_400, bucket: `os.environ/${cacheBucketEnv}`, region: "os.environ/AI_INFRA_LOG_REGION", path: coldTierPrefix },
    });
    expect(settings.callbacks).toBe(`os.environ/${hooksCallbackEnv}`);
    expect(settings.ai_infra_hooks).toEqual(["ai_infra_cache_tiers.installer"]);
    const keys = Object.keys(settings);
    expect(keys.slice(-3)).toEqual(["ai_infra_cache_tiers", "ai_infra_hooks", "callbacks"]);
    expect(keys.indexOf("cache")).toBeLessThan(keys.indexOf("ai_infra_cache_tiers"));
  });

  it("GCP: the cold tier speaks GCS's S3-compatible XML API with the gateway's HMAC key", () => {
    const { settings } = rendered(withTiers(structuredClone(stackConfig("growth-gcp-us-central1").raw) as Record<string, any>), "growth-gcp-us-central1", { logTarget: "gcs" });
    expect(settings.ai_infra_cache_tiers.redis).toEqual({ ttl: 1800 });
    expect(settings.ai_infra_cache_tiers.cold).toEqual({
      ttl: 7 * 86_400,
      bucket: `os.environ/${cacheBucketEnv}`,
      region: "os.environ/AI_INFRA_LOG_REGION",
      path: coldTierPrefix,
      endpoint: "os.environ/AI_INFRA_LOG_ENDPOINT",
      access_key_id: "os.environ/AI_INFRA_LOG_ACCESS_KEY_ID",
      secret_access_key: "os.environ/AI_INFRA_LOG_SECRET_ACCESS_KEY",
    });
  });

  it("the deployed gateway's callback URL names the hooks' loader object without .py", () => {
    expect(hooksRemoteCallback("s3", "log-bucket-1a2b", "config/")).toBe("s3://log-bucket-1a2b/config/ai_infra_hooks.hooks");
    expect(hooksRemoteCallback("gcs", "gw-config", "litellm/")).toBe("gcs://gw-config/litellm/ai_infra_hooks.hooks");
  });

  it("refuses to render over another callback instead of dropping it", () => {
    const r = parsed(withTiers(growthStackRaw()));
    if (!r.ok) throw new Error("invalid");
    const settings: Record<string, unknown> = { cache: true, cache_params: { type: "redis", ttl: 3600 }, callbacks: ["other.hook"] };
    applyCacheTiers(r.stack, settings, { endpoint: false, hmac: false });
    expect(() => applyGatewayHooks(r.stack, settings)).toThrow('gateway hooks: litellm_settings.callbacks is already ["other.hook"]');
  });

  it("hot tier only: no cold settings", () => {
    const { settings } = rendered(withTiers(growthStackRaw(), { hot: tiers.hot }), "growth-aws-eu-west-1");
    expect(settings.ai_infra_cache_tiers).toEqual({ hot: { ttl: 60, max_entries: 1000, max_entry_kb: 256 }, redis: { ttl: 3600 } });
  });
});
