import { type ScalarTag, stringify } from "yaml";
import { plainDecimal } from "../config/numbers";
import { accessGeneralSettings } from "./access";
import type { CacheConfig, Routing, SemanticCacheConfig, Stack } from "../config/model";
import { adapterEntries } from "./adapters";
import { applyCacheTiers } from "./cache-tiers";
import { applyDistillation } from "./distillation";
import { databaseEnv, envRef, gatewayEnv, gatewayProcessEnv, providerKeyEnv, semanticCacheUrlEnv, vllmUrlEnv } from "./env";
import { modelEntry } from "./model-entry";
import { applyGatewayHooks } from "./hooks";
import { applyPromptTemplates } from "./prompts";
import { applySelfHostedFirst, overflowEntries, selfHostedOverflowInfo, selfHostedOverflowParams } from "./overflow";
import { applyDedicatedFirst, dedicatedEntries } from "./dedicated";

// The variable names and the hosted model entry live in leaf modules (`env.ts`, `model-entry.ts`)
// that the adapters' and overflow groups import too; they stay part of this module's API.
export { databaseEnv, gatewayEnv, gatewayProcessEnv, modelEntry, providerKeyEnv, semanticCacheUrlEnv, vllmUrlEnv };

export interface RenderOptions {
  /**
   * Where request logs go: the cloud's bucket (`s3` on AWS, `gcs` on GCP). Both are written by
   * LiteLLM's S3 logger: its `gcs_bucket` logger refuses to start without an enterprise licence,
   * so on GCP the S3 logger writes through GCS's S3-compatible XML API with an HMAC key. Local runs
   * use `s3` against an S3-compatible server with `AI_INFRA_LOG_ENDPOINT` set.
   */
  logTarget?: "s3" | "gcs";
  /** Render `s3_endpoint_url` so logs go to an S3-compatible server (local runs). */
  logEndpointOverride?: boolean;
  /** The project directory the prompt template files are read from (default: the working directory). */
  promptRoot?: string;
}

/** A stable, namespaced cache/counter key prefix per stack, so stacks can share a Redis safely. */
export function cacheNamespace(stack: Pick<Stack, "project" | "stack">): string {
  return `${stack.project}:${stack.stack}`;
}

/**
 * LiteLLM's master key, on both clouds, from the secret store (`AI_INFRA_GATEWAY_MASTER_KEY`).
 * LiteLLM refuses to start without one unless told to accept every request; with it, every
 * route demands a key: the master key (operators' `npm run keys`, the async worker, AWS's API
 * Gateway integration) or a LiteLLM virtual key (callers).
 *
 * - AWS: the key lives in Secrets Manager; API Gateway's integration sends it as `Authorization:
 *   Bearer <key>` (prototype) and the async worker reads it from the secret store.
 * - GCP: the key lives in Secret Manager (`GatewayMasterKey`). Callers reach Cloud Run only through
 *   the global load balancer (ingress "internal and Cloud Load Balancing"), which forwards their
 *   own `Authorization` header: their LiteLLM virtual key is what LiteLLM checks. The load
 *   balancer cannot mint ID tokens, so Cloud Run's IAM invoker check is off; what keeps callers out
 *   is the ingress setting plus LiteLLM's keys.
 */
export function gatewayAuthSettings(_cloud: Stack["cloud"]): Record<string, string | boolean> {
  return { master_key: envRef(gatewayEnv.masterKey) };
}

/**
 * Render the LiteLLM proxy config for a stack. Pure and deterministic: the same spec gives the
 * same text (keys in a fixed order), and no secret value or resource name appears in it.
 */
export function renderGatewayConfig(stack: Stack, opts: RenderOptions = {}): string {
  const logTarget = opts.logTarget ?? (stack.cloud === "gcp" ? "gcs" : "s3");
  const modelList = applyDistillation(stack, [...stack.models.map((m, i) => modelEntry(stack, m, i)), ...scaleModelEntries(stack), ...overflowEntries(stack), ...adapterEntries(stack), ...dedicatedEntries(stack)]);

  const litellmSettings: Record<string, unknown> = {
    // Unknown OpenAI params are dropped rather than failing a request to a provider that lacks them.
    drop_params: true,
    request_timeout: stack.gateway.timeoutSeconds,
    // Logging of every interaction, successes and failures alike, to the durable request log.
    // `s3_v2`, not `s3`: the older `s3` logger is wired into the success path only, so a request
    // that failed (every deployment down, rate limited) left no record; s3_v2 logs both, in batches.
    success_callback: ["s3_v2"],
    failure_callback: ["s3_v2"],
  };
  const s3: Record<string, string> = {
    s3_bucket_name: envRef(gatewayEnv.logBucket),
    s3_region_name: envRef(gatewayEnv.logRegion),
    s3_path: "requests",
  };
  if (logTarget === "gcs" || opts.logEndpointOverride) s3.s3_endpoint_url = envRef(gatewayEnv.logEndpoint);
  if (logTarget === "gcs") {
    // GCS has no role credentials for the S3 API; the logger resolves these markers itself.
    s3.s3_aws_access_key_id = envRef(gatewayEnv.logAccessKeyId);
    s3.s3_aws_secret_access_key = envRef(gatewayEnv.logSecretAccessKey);
  }
  litellmSettings.s3_callback_params = s3;

  const routerSettings: Record<string, unknown> = {
    // simple-shuffle honours per-deployment `weight` (A/B shares); it uses rpm/tpm only as weights.
    routing_strategy: "simple-shuffle",
    timeout: stack.gateway.timeoutSeconds,
  };
  // Without pre-call checks simple-shuffle sends traffic past a deployment's rpm/tpm; with them a
  // deployment over its limit is skipped (the group's fallback answers) and, with none left, the
  // gateway answers 429.
  if (stack.models.some((m) => m.rpm !== undefined || m.tpm !== undefined)) routerSettings.enable_pre_call_checks = true;

  if (stack.cache) {
    const redis = {
      host: envRef(gatewayEnv.redisHost),
      port: envRef(gatewayEnv.redisPort),
      password: envRef(gatewayEnv.redisPassword),
    };
    // Memorystore's certificate is signed by a per-instance private CA that no trust store holds;
    // without it TLS verification fails and the gateway runs with no cache and no shared counters.
    // redis-py takes the PEM itself as `ssl_ca_data`, and LiteLLM resolves the marker for every
    // redis kwarg (cache_params and the router's cache_kwargs alike).
    const tls = stack.cloud === "gcp" ? { ssl: true, ssl_ca_data: envRef(gatewayEnv.redisCaCert) } : { ssl: true };
    litellmSettings.cache = true;
    litellmSettings.cache_params = {
      type: "redis",
      ...redis,
      ...tls,
      ttl: stack.cache.ttlSeconds,
      namespace: cacheNamespace(stack),
    };
    // rpm/tpm counters live in the same Redis so every gateway replica enforces one shared limit.
    routerSettings.redis_host = redis.host;
    routerSettings.redis_port = redis.port;
    routerSettings.redis_password = redis.password;
    // The router builds its own Redis client from these fields and, unlike `cache_params`, takes
    // TLS only through `cache_kwargs`; without it the counters speak plaintext to a TLS-only cache.
    routerSettings.cache_kwargs = { ...tls };
  }

  if (stack.semanticCache) {
    litellmSettings.cache = true;
    litellmSettings.cache_params = semanticCacheParams(stack.semanticCache, stack.cache);
  }

  if (stack.reliability) {
    const r = stack.reliability;
    routerSettings.num_retries = r.numRetries;
    routerSettings.allowed_fails = r.allowedFails;
    routerSettings.cooldown_time = r.cooldownSeconds;
    const fallbacks = Object.entries(r.fallbacks).map(([group, targets]) => ({ [group]: targets }));
    if (fallbacks.length > 0) routerSettings.fallbacks = fallbacks;
  }

  applySelfHostedFirst(stack, routerSettings);
  applyDedicatedFirst(stack, modelList, routerSettings);
  // Last of the litellm settings: the tiers' installer must load after everything it wraps.
  applyCacheTiers(stack, litellmSettings, { endpoint: logTarget === "gcs" || opts.logEndpointOverride === true, hmac: logTarget === "gcs" });
  // After the tiers' settings: `callbacks` names the one loader of the kit's hooks (hooks.ts).
  applyGatewayHooks(stack, litellmSettings);

  const config: Record<string, unknown> = {
    model_list: modelList,
    litellm_settings: litellmSettings,
    router_settings: routerSettings,
    general_settings: { ...gatewayAuthSettings(stack.cloud), ...accessGeneralSettings(stack) },
  };
  applyPromptTemplates(stack, opts.promptRoot ?? process.cwd(), config);
  // LiteLLM reads the file with PyYAML, a YAML 1.1 reader: written as 1.1, a string that 1.1 would
  // read as something else is quoted (Azure's `api_version: 2024-10-21` would be a date there),
  // and numbers are plain decimals (below).
  return stringify(config, { sortMapEntries: false, lineWidth: 0, version: "1.1", customTags: (tags) => [plainNumberTag, ...tags] });
}

/**
 * Numbers as plain decimals: LiteLLM reads its config with PyYAML (YAML 1.1), whose float pattern
 * needs a dot, so the `yaml` package's `2e-7` (a price of 0.2 USD per million tokens, per token)
 * would load as the string "2e-7" (https://yaml.org/type/float.html). A fraction keeps its point.
 */
const plainNumberTag: ScalarTag = {
  identify: (v) => typeof v === "number" && Number.isFinite(v),
  default: true,
  tag: "tag:yaml.org,2002:float",
  test: /^$^/,
  resolve: (s) => Number(s),
  stringify: ({ value }) => plainDecimal(value as number),
};

// ---------------------------------------------------------------------------------------------
// Scale stage: self-hosted model groups, routing tiers, semantic cache.
//
// Batch: the kit batches through its own queue, not through provider batch APIs (`/v1/batches`).
// Batch work is put on the stack's job queue, the async worker sends it through this gateway
// (so routing, caching, fallbacks and the request log apply), and the vLLM releases scale on that
// same queue's depth — batch traffic is what wakes the self-hosted models from zero. Provider batch
// APIs would bypass the self-hosted models, need a files store per provider, and exist only for
// some providers; the queue path works for every model group. Nothing in this config is
// batch-specific.
// ---------------------------------------------------------------------------------------------

/**
 * Self-hosted groups (vLLM inside the cluster, OpenAI-compatible, reached through an internal
 * load balancer — so only from inside the network) and the router group.
 */
export function scaleModelEntries(stack: Stack): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = (stack.selfHosted ?? []).map((s) => {
    const info: Record<string, string | number> = { id: `${s.name}-self-hosted`, provider: "self-hosted", ...selfHostedOverflowInfo(stack, s) };
    // `routing_tier`, as for hosted models: LiteLLM drops deployments whose `tier` is not free/paid.
    if (s.tier) info.routing_tier = s.tier;
    return {
      model_name: s.name,
      litellm_params: {
        // vLLM serves the model under the group name (the chart's `model.servedName`).
        model: `hosted_vllm/${s.name}`,
        api_base: envRef(vllmUrlEnv(s.name)),
        timeout: stack.gateway.timeoutSeconds,
        ...selfHostedOverflowParams(stack, s),
        // GPU time is paid per node-hour, not per token: zero marginal cost steers cost reports right.
        input_cost_per_token: 0,
        output_cost_per_token: 0,
      },
      model_info: info,
    };
  });
  if (stack.routing) entries.push(routerEntry(stack.routing));
  return entries;
}

/**
 * The routing tiers as LiteLLM's own complexity router (`auto_router/complexity_router`, local,
 * no extra model call), configured so that it applies exactly the spec's rules and nothing else:
 *
 * - a strong keyword forces COMPLEX (`keyword_tier_rules`, checked before any scoring);
 * - the heuristic score is reduced to prompt length alone (every other dimension weighs 0): the
 *   router counts `chars / 4` tokens and scores +1 above `token_thresholds.complex`, which the
 *   boundaries put in COMPLEX, and 0 or -1 otherwise, which they put in SIMPLE. With the
 *   threshold at `strongAboveChars / 4` (a whole number: the spec takes multiples of 4) no prompt of `strongAboveChars` characters or
 *   fewer goes strong by length, and every prompt 4 characters longer does (the router's
 *   granularity is 4 characters);
 * - SIMPLE/MEDIUM go to the small tier, COMPLEX/REASONING to the strong one; when classification
 *   fails the strong tier answers, since a wrong answer costs more than a dearer one.
 */
export function routerEntry(routing: Routing): Record<string, unknown> {
  const { small, strong } = routing.tiers;
  const config: Record<string, unknown> = {
    classifier_type: "heuristic",
    tiers: { SIMPLE: small, MEDIUM: small, COMPLEX: strong, REASONING: strong },
    token_thresholds: { simple: 15, complex: routing.strongAboveChars / 4 },
    dimension_weights: { tokenCount: 1 },
    tier_boundaries: { simple_medium: 0.5, medium_complex: 0.75, complex_reasoning: 1.5 },
  };
  if (routing.strongKeywords.length > 0) config.keyword_tier_rules = [{ keywords: routing.strongKeywords, tier: "COMPLEX" }];
  return {
    model_name: routing.routerGroup,
    litellm_params: {
      model: "auto_router/complexity_router",
      complexity_router_config: config,
      complexity_router_default_model: strong,
    },
    model_info: { id: `${routing.routerGroup}-router` },
  };
}

/**
 * Semantic cache: answers reused by meaning above the similarity threshold, prompts embedded by a
 * model group of this gateway. It replaces the exact-match cache (LiteLLM keeps one response
 * cache; an identical prompt has similarity 1 and still hits). Needs a Redis/Valkey with vector
 * search (RediSearch `FT.*` — ElastiCache for Valkey 8.2+, Memorystore for Valkey/Redis with vector
 * search); the rate-limit counters keep using `router_settings` on the same store.
 */
export function semanticCacheParams(sc: SemanticCacheConfig, cache: CacheConfig | undefined): Record<string, unknown> {
  return {
    type: "redis-semantic",
    redis_url: envRef(semanticCacheUrlEnv),
    similarity_threshold: sc.similarityThreshold,
    redis_semantic_cache_embedding_model: sc.embeddingModel,
    ...(cache ? { ttl: cache.ttlSeconds } : {}),
  };
}
