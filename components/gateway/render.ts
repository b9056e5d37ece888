import { stringify } from "yaml";
import { defaultApiBase } from "../spec/endpoints";
import type { ModelConfig, ProviderConfig } from "../spec/schema";
import type { Spec } from "../spec/validate";

/**
 * Names of the environment variables the rendered config reads (`os.environ/<NAME>`). The config
 * itself holds no resource names and no secrets: the cloud adapter sets these variables on the
 * gateway container from its outputs and from the secret store, so the same text renders for
 * every region and is deterministic for a given spec.
 */
export const gatewayEnv = {
  logBucket: "AI_INFRA_LOG_BUCKET",
  logRegion: "AI_INFRA_LOG_REGION",
  /** Only set for local runs against an S3-compatible server. */
  logEndpoint: "AI_INFRA_LOG_ENDPOINT",
  redisHost: "AI_INFRA_REDIS_HOST",
  redisPort: "AI_INFRA_REDIS_PORT",
  redisPassword: "AI_INFRA_REDIS_PASSWORD",
} as const;

/** The variable holding a provider's API key, e.g. `AI_INFRA_KEY_OPENAI_EU`. */
export function providerKeyEnv(provider: string): string {
  return `AI_INFRA_KEY_${provider.toUpperCase().replace(/-/g, "_")}`;
}

const envRef = (name: string) => `os.environ/${name}`;

/** The LiteLLM provider prefix of each kind (`<prefix>/<model>`). */
const litellmPrefix: Record<ProviderConfig["kind"], string> = {
  openai: "openai",
  anthropic: "anthropic",
  azure: "azure",
  bedrock: "bedrock",
  vertex: "vertex_ai",
  "openai-compatible": "openai",
};

export interface RenderOptions {
  /**
   * Where request logs go: the cloud's bucket (`s3` on AWS, `gcs` on GCP). Local runs use `s3`
   * against an S3-compatible server with `AI_INFRA_LOG_ENDPOINT` set.
   */
  logTarget?: "s3" | "gcs";
  /** Render `s3_endpoint_url` so logs go to an S3-compatible server (local runs). */
  logEndpointOverride?: boolean;
}

type LitellmParams = Record<string, string | number | boolean>;

function modelEntry(spec: Spec, m: ModelConfig, index: number) {
  const p = spec.providers[m.provider]!;
  const params: LitellmParams = { model: `${litellmPrefix[p.kind]}/${m.model}` };
  const apiBase = p.apiBase ?? defaultApiBase[p.kind];
  if (apiBase) params.api_base = apiBase;
  if (m.provider in spec.providerKeys) params.api_key = envRef(providerKeyEnv(m.provider));
  if (p.kind === "azure" && p.apiVersion) params.api_version = p.apiVersion;
  if (p.kind === "bedrock" && p.region) params.aws_region_name = p.region;
  if (p.kind === "vertex" && p.region) {
    params.vertex_location = p.region;
    if (spec.gcpProject) params.vertex_project = spec.gcpProject;
  }
  params.timeout = spec.gateway.timeoutSeconds;
  if (m.rpm !== undefined) params.rpm = m.rpm;
  if (m.tpm !== undefined) params.tpm = m.tpm;
  if (m.weight !== undefined) params.weight = m.weight;
  // LiteLLM prices per token; the spec per million tokens (how providers publish prices).
  if (m.inputCostPerMillionTokens !== undefined) params.input_cost_per_token = m.inputCostPerMillionTokens / 1e6;
  if (m.outputCostPerMillionTokens !== undefined) params.output_cost_per_token = m.outputCostPerMillionTokens / 1e6;
  const info: Record<string, string> = { id: `${m.name}-${index}`, provider: m.provider };
  if (m.tier) info.tier = m.tier;
  return { model_name: m.name, litellm_params: params, model_info: info };
}

/** A stable, namespaced cache/counter key prefix per stack, so stacks can share a Redis safely. */
export function cacheNamespace(spec: Pick<Spec, "project" | "stack">): string {
  return `${spec.project}:${spec.stack}`;
}

/**
 * Render the LiteLLM proxy config for a stack. Pure and deterministic: the same spec gives the
 * same text (keys in a fixed order), and no secret value or resource name appears in it.
 */
export function renderGatewayConfig(spec: Spec, opts: RenderOptions = {}): string {
  const logTarget = opts.logTarget ?? (spec.cloud === "gcp" ? "gcs" : "s3");
  const modelList = spec.models.map((m, i) => modelEntry(spec, m, i));

  const litellmSettings: Record<string, unknown> = {
    // Unknown OpenAI params are dropped rather than failing a request to a provider that lacks them.
    drop_params: true,
    request_timeout: spec.gateway.timeoutSeconds,
    // Logging of every interaction, successes and failures alike, to the durable request log.
    success_callback: [logTarget === "s3" ? "s3" : "gcs_bucket"],
    failure_callback: [logTarget === "s3" ? "s3" : "gcs_bucket"],
  };
  if (logTarget === "s3") {
    const s3: Record<string, string> = {
      s3_bucket_name: envRef(gatewayEnv.logBucket),
      s3_region_name: envRef(gatewayEnv.logRegion),
      s3_path: "requests",
    };
    if (opts.logEndpointOverride) s3.s3_endpoint_url = envRef(gatewayEnv.logEndpoint);
    litellmSettings.s3_callback_params = s3;
  }

  const routerSettings: Record<string, unknown> = {
    // simple-shuffle honours per-deployment `weight` (A/B shares) and rpm/tpm limits.
    routing_strategy: "simple-shuffle",
    timeout: spec.gateway.timeoutSeconds,
  };

  if (spec.cache) {
    const redis = {
      host: envRef(gatewayEnv.redisHost),
      port: envRef(gatewayEnv.redisPort),
      password: envRef(gatewayEnv.redisPassword),
    };
    litellmSettings.cache = true;
    litellmSettings.cache_params = {
      type: "redis",
      ...redis,
      ssl: true,
      ttl: spec.cache.ttlSeconds,
      namespace: cacheNamespace(spec),
    };
    // rpm/tpm counters live in the same Redis so every gateway replica enforces one shared limit.
    routerSettings.redis_host = redis.host;
    routerSettings.redis_port = redis.port;
    routerSettings.redis_password = redis.password;
  }

  if (spec.reliability) {
    const r = spec.reliability;
    routerSettings.num_retries = r.numRetries;
    routerSettings.allowed_fails = r.allowedFails;
    routerSettings.cooldown_time = r.cooldownSeconds;
    const fallbacks = Object.entries(r.fallbacks).map(([group, targets]) => ({ [group]: targets }));
    if (fallbacks.length > 0) routerSettings.fallbacks = fallbacks;
  }

  const config: Record<string, unknown> = {
    model_list: modelList,
    litellm_settings: litellmSettings,
    router_settings: routerSettings,
    // No master key: the gateway is reachable only from the managed API gateway inside the private
    // network, which authenticates callers with API keys; LiteLLM's own key store needs a database.
    general_settings: {
      disable_spend_logs: true,
    },
  };
  return stringify(config, { sortMapEntries: false, lineWidth: 0 });
}
