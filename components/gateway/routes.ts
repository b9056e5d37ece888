/**
 * The OpenAI-compatible routes callers may reach through the managed front door, relative to the
 * API's base URL (`apiUrl`, which ends in `/v1`). Everything else LiteLLM serves — keys, cache,
 * health, config, model management — is for operators only: on AWS the front door authenticates
 * to LiteLLM with its master key, so a forwarded admin route would make every API-key holder an
 * admin (cache flush, health checks that spend tokens).
 */
export const callerRoutes: readonly { path: string; method: "GET" | "POST" }[] = [
  { path: "/chat/completions", method: "POST" },
  { path: "/completions", method: "POST" },
  { path: "/embeddings", method: "POST" },
  { path: "/models", method: "GET" },
];

/**
 * What a caller's `Authorization` header must be to reach the throttle and LiteLLM: a bearer
 * LiteLLM key, `sk-` then URL-safe characters (LiteLLM strips `Bearer `/`bearer `,
 * `_get_bearer_token_or_received_api_key` in proxy/auth/user_api_key_auth.py; its keys and master
 * key start with `sk-`, key_management_endpoints.py, of the pinned release `litellmVersion`).
 * Both RE2 (Cloud Armor's `matches`) and PCRE (AWS WAF's regex match) read it alike.
 */
export const bearerPattern = "^[Bb]earer sk-[A-Za-z0-9_-]+$";

/**
 * The health route of each region's front door, relative to `apiUrl`: answered by LiteLLM's
 * `/health/liveliness`, which needs no key and calls no model (a DNS health check or a load
 * balancer probing it spends nothing). It is the only non-inference route callers can reach.
 */
export const healthRoute = { path: "/health", upstream: "/health/liveliness", method: "GET" } as const;

/**
 * Operators' path to LiteLLM's admin API (keys, teams, tags, budgets), relative to `apiUrl`:
 * `<apiUrl>/admin/key/generate` reaches LiteLLM's `/key/generate`. Callers can never use it: each
 * cloud's front door admits it only for operators (AWS: IAM-signed requests; GCP: the stack's
 * operator ranges), and LiteLLM still demands the master key from the secret store.
 */
export const adminPrefix = "/admin";

/** Prefix of every caller path on the GCP front door: `apiUrl` is `https://<api.domain>/v1`. */
export const apiBasePath = "/v1";

/**
 * The GCP front door's admin path as Cloud Armor sees it (before the URL map rewrites it); the
 * `front-door-guarded` policy reads it from here.
 */
export const adminPathPrefix = `${apiBasePath}${adminPrefix}/`;

/**
 * The LiteLLM admin routes the kit's `keys` command uses, and the only ones the admin path forwards
 * (checked against the pinned LiteLLM's own route table, `litellmVersion` in versions.ts, in test/keys/routes.test.ts).
 * `/key/regenerate` is not among them: regenerating a virtual key is an enterprise feature in that
 * release, so `keys rotate` creates, deletes and renames instead.
 */
export const adminRoutes: readonly { path: string; method: "GET" | "POST" }[] = [
  { path: "/key/generate", method: "POST" },
  { path: "/key/list", method: "GET" },
  { path: "/key/update", method: "POST" },
  { path: "/key/delete", method: "POST" },
  { path: "/team/new", method: "POST" },
  { path: "/team/update", method: "POST" },
  { path: "/team/list", method: "GET" },
  { path: "/tag/new", method: "POST" },
  { path: "/tag/update", method: "POST" },
  { path: "/tag/list", method: "GET" },
];
