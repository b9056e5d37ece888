// ---------------------------------------------------------------------------------------------
// The tiered response cache (`cache.tiers`): the settings the gateway config carries for it and
// the module LiteLLM loads to run it. The tiers' stores are LiteLLM's own (InMemoryCache,
// RedisCache, S3Cache); the module `ai_infra_cache_tiers.py` beside this file is only the glue the
// pinned release lacks (several tiers under one response cache, a TTL per tier, fill-on-hit). Its
// docstring says what LiteLLM offers and why each piece of glue is needed.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Stack } from "../config/model";
import { envRef, gatewayEnv } from "./env";

/** Python module name of the glue; LiteLLM imports it from the config file's directory. */
export const cacheTiersModule = "ai_infra_cache_tiers";
/**
 * The glue's source, shipped beside the rendered config. Found beside this file when the kit runs
 * from source, and in `components/gateway/` beside `dist/` when it runs compiled (both ship,
 * package.json `files`).
 */
export const cacheTiersModuleFile = ((): string => {
  const here = path.join(__dirname, `${cacheTiersModule}.py`);
  return existsSync(here) ? here : path.resolve(__dirname, "../../../components/gateway", `${cacheTiersModule}.py`);
})();
/** The callback that installs the tiers (module.instance), as LiteLLM imports it beside the config. */
export const cacheTiersCallback = `${cacheTiersModule}.installer`;
/**
 * The variable `litellm_settings.callbacks` names. Deployed, the gateway reads its config from a
 * bucket, so nothing sits beside the config: the adapter uploads the module beside the config
 * object and sets this to its URL, `s3://<bucket>/<key without .py>.installer` (AWS) or
 * `gcs://…` (GCP), which LiteLLM downloads and imports at start (`get_instance_fn`,
 * litellm/proxy/types_utils/utils.py; https://docs.litellm.ai/docs/proxy/call_hooks). Locally it is
 * `ai_infra_cache_tiers.installer`, the module copied beside the config file. LiteLLM resolves an
 * `os.environ/` marker only in a plain value, not in a list item, so `callbacks` is that one value.
 */
export const cacheTiersCallbackEnv = "AI_INFRA_CACHE_TIERS_CALLBACK";
/** The module object's key beside the config object: `<config prefix>ai_infra_cache_tiers.py`. */
export function cacheTiersObjectKey(configPrefix: string): string {
  return `${configPrefix}${cacheTiersModule}.py`;
}
/** The value of `AI_INFRA_CACHE_TIERS_CALLBACK` for a module uploaded under `key` in `bucket`. */
export function cacheTiersRemoteCallback(scheme: "s3" | "gcs", bucket: string, key: string): string {
  return `${scheme}://${bucket}/${key.replace(/\.py$/, "")}.installer`;
}
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
 * Adds the tiers to `litellm_settings` when the stack has `cache.tiers`. Call it last: the proxy
 * applies `litellm_settings` in order, and the installer (in `callbacks`) needs the Redis cache
 * (`cache`, `cache_params`) and its settings already applied, so `callbacks` is moved to the end.
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
  if (litellmSettings.callbacks !== undefined) {
    // The installer takes `callbacks` as one `os.environ/` value (see cacheTiersCallbackEnv).
    throw new Error(`cache.tiers: litellm_settings.callbacks is already ${JSON.stringify(litellmSettings.callbacks)}; the tiers' installer needs it as its one value`);
  }
  litellmSettings.callbacks = envRef(cacheTiersCallbackEnv);
}
