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
