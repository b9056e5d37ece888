// ---------------------------------------------------------------------------------------------
// The tiered response cache (`cache.tiers`): the settings the gateway config carries for it and
// the module LiteLLM loads to run it. The tiers' stores are LiteLLM's own (InMemoryCache,
// RedisCache, S3Cache); the module `ai_infra_cache_tiers.py` beside this file (loaded through hooks.ts) is only the glue the
// pinned release lacks (several tiers under one response cache, a TTL per tier, fill-on-hit). Its
// docstring says what LiteLLM offers and why each piece of glue is needed.
import type { Stack } from "../config/model";
import { envRef, gatewayEnv } from "./env";

/** The `litellm_settings` key the glue reads its settings from (the proxy stores it on `litellm`). */
export const cacheTiersSettingsKey = "ai_infra_cache_tiers";
/** Response header naming the tier that answered: hot, redis, cold or miss. */
export const cacheTierHeader = "x-ai-infra-cache-tier";
/** Key prefix of cached answers inside the cold-tier bucket. */
export const coldTierPrefix = "responses";

/**
 * The cold tier's bucket. Its region is the request log's (`AI_INFRA_LOG_REGION`, the stack's
 * region), and so is its S3 API endpoint and, on GCP, the HMAC key of the gateway's service account
 * (GCS through its S3-compatible XML API, as the request log).
 */
export const cacheBucketEnv = "AI_INFRA_CACHE_BUCKET";

export interface CacheTiersOptions {
  /** Render the S3 API endpoint (GCS's XML API on GCP, an S3-compatible server in local runs). */
  endpoint: boolean;
  /** Render the HMAC key (GCP). */
  hmac: boolean;
}

/**
 * Adds the tiers' settings to `litellm_settings` when the stack has `cache.tiers`. The installer
 * itself is loaded through the gateway hooks (`applyGatewayHooks`, hooks.ts), after these.
 */
export function applyCacheTiers(stack: Stack, litellmSettings: Record<string, unknown>, o: CacheTiersOptions): void {
  const cache = stack.cache;
  const tiers = cache?.tiers;
  if (!cache || !tiers) return;
  const params = litellmSettings.cache_params as Record<string, unknown> | undefined;
  // A `ttl` on LiteLLM's Cache is handed to every tier on write; each tier has its own instead.
  if (params) delete params.ttl;
  const settings: Record<string, unknown> = {
    hot: { ttl: tiers.hot.ttlSeconds, max_entries: tiers.hot.maxEntries, max_entry_kb: tiers.hot.maxEntryKb },
    redis: { ttl: cache.ttlSeconds },
  };
  if (tiers.cold) {
    settings.cold = {
      ttl: tiers.cold.ttlDays * 86_400,
      bucket: envRef(cacheBucketEnv),
      region: envRef(gatewayEnv.logRegion),
      path: coldTierPrefix,
      ...(o.endpoint ? { endpoint: envRef(gatewayEnv.logEndpoint) } : {}),
      ...(o.hmac ? { access_key_id: envRef(gatewayEnv.logAccessKeyId), secret_access_key: envRef(gatewayEnv.logSecretAccessKey) } : {}),
    };
  }
  litellmSettings[cacheTiersSettingsKey] = settings;
}
