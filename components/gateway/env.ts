// The environment variables the rendered gateway config reads and the cloud adapters set: a leaf
// of the gateway folder, so the renderer, the adapters' model groups and the overflow groups share
// the names without importing one another.

/**
 * Names of the environment variables the rendered config reads (`os.environ/<NAME>`). The config
 * itself holds no resource names and no secrets: the cloud adapter sets these variables on the
 * gateway container from its outputs and from the secret store, so the same text renders for
 * every region and is deterministic for a given stack.
 */
export const gatewayEnv = {
  logBucket: "AI_INFRA_LOG_BUCKET",
  logRegion: "AI_INFRA_LOG_REGION",
  /**
   * S3 API endpoint of the log bucket: GCS's XML API on GCP, an S3-compatible server in local
   * runs; unset on AWS (the SDK's regional endpoint).
   */
  logEndpoint: "AI_INFRA_LOG_ENDPOINT",
  /** HMAC key of the gateway's service account (GCP): the S3 logger signs GCS writes with it. */
  logAccessKeyId: "AI_INFRA_LOG_ACCESS_KEY_ID",
  logSecretAccessKey: "AI_INFRA_LOG_SECRET_ACCESS_KEY",
  redisHost: "AI_INFRA_REDIS_HOST",
  redisPort: "AI_INFRA_REDIS_PORT",
  redisPassword: "AI_INFRA_REDIS_PASSWORD",
  /** PEM of the private CA that signs Memorystore's certificate (GCP). */
  redisCaCert: "AI_INFRA_REDIS_CA_CERT",
  /**
   * The gateway's own bearer key (from the secret store). Callers inside the network (the managed
   * API gateway's integration, the async worker) send it as `Authorization: Bearer <key>`.
   */
  masterKey: "AI_INFRA_GATEWAY_MASTER_KEY",
} as const;

/**
 * The variables LiteLLM assembles its database URL from (`DATABASE_*`, read by the proxy itself
 * before Prisma starts; a password with URL-reserved characters survives). The cloud adapter sets
 * host, port, name and user as plain variables and the password from the secret store.
 *
 * The read replica, where a region has one, is a whole URL (`DATABASE_URL_READ_REPLICA`, with the
 * password, so from the secret store): the pinned LiteLLM's `litellm` command assembles only the
 * writer's URL from the parts (`construct_database_url_from_env_vars` in proxy/utils.py, called by
 * `run_server` in proxy/proxy_cli.py), and its Prisma client routes reads to a replica only when
 * `DATABASE_URL_READ_REPLICA` is set (`PrismaClient.__init__`, proxy/utils.py).
 * `DATABASE_HOST_READ_REPLICA` is read only by `DatabaseURLSettings.apply_to_env`, which that
 * command does not call (test/gateway/litellm/read-replica-env.test.ts checks both in the pinned release).
 */
export const databaseEnv = {
  host: "DATABASE_HOST",
  port: "DATABASE_PORT",
  name: "DATABASE_NAME",
  user: "DATABASE_USERNAME",
  password: "DATABASE_PASSWORD",
  readReplicaUrl: "DATABASE_URL_READ_REPLICA",
  /** `sslmode` of the URLs LiteLLM assembles (writer and reader). */
  sslMode: "DATABASE_SSLMODE",
} as const;

/**
 * Settings of the LiteLLM process itself, the same wherever the kit runs it (ECS task, Cloud Run
 * service, the local run, the tests): the pinned release's bundled price map
 * (`litellm/model_prices_and_context_window_backup.json`) instead of a fetch from GitHub at every
 * start, so cost figures follow the pinned version and a start never waits on the internet.
 * https://docs.litellm.ai/docs/proxy/model_cost_map
 */
export const gatewayProcessEnv: Readonly<Record<string, string>> = Object.freeze({
  LITELLM_LOCAL_MODEL_COST_MAP: "True",
  // Warnings and errors only: the pinned release passes LITELLM_LOG to uvicorn as its log level
  // (`get_default_unvicorn_init_args`, litellm/proxy/proxy_cli.py), which drops uvicorn's INFO
  // access line written on the event loop for every request (2.6% of the proxy's busy samples under
  // py-spy, bench/README.md); the request log keeps every request.
  // https://docs.litellm.ai/docs/proxy/debugging
  LITELLM_LOG: "WARNING",
});

/** The variable holding a provider's API key, e.g. `AI_INFRA_KEY_OPENAI_EU`. */
export function providerKeyEnv(provider: string): string {
  return `AI_INFRA_KEY_${provider.toUpperCase().replace(/-/g, "_")}`;
}

/** How the rendered config reads a variable. */
export const envRef = (name: string) => `os.environ/${name}`;

/**
 * The variable holding the semantic cache's Redis URL, `rediss://:<password>@<host>:<port>`. The
 * semantic cache builds a plain `redis://` URL from host/port/password, so on a TLS-only cache it
 * must be given the whole URL. The adapter keeps the URL in the secret store (it embeds the AUTH
 * token) and passes it to the container only as a secret; on GCP it carries the Memorystore CA as
 * `?ssl_ca_data=<PEM, URL-encoded>`, which redis-py's `from_url` passes on to the TLS context.
 */
export const semanticCacheUrlEnv = "AI_INFRA_REDIS_URL";

/**
 * The variable holding a self-hosted group's base URL (`http://<internal load balancer>:8000/v1`),
 * e.g. `AI_INFRA_VLLM_LLAMA_SMALL_URL`. The gateway runs outside the cluster (ECS Fargate, Cloud
 * Run) and cannot resolve `*.svc.cluster.local`; it reaches each group through an internal load
 * balancer whose address exists only after deploy, so the adapter sets it from that Output.
 */
export function vllmUrlEnv(group: string): string {
  return `AI_INFRA_VLLM_${group.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_URL`;
}
