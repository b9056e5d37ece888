import type { Rule } from "./rule";

/**
 * The tiers wrap the exact-match Redis cache; LiteLLM keeps one response cache, and the semantic
 * cache replaces the exact one (components/gateway/render.ts), so the two cannot be combined.
 */
export const cacheTiersNotSemantic: Rule = {
  id: "cache-tiers-not-semantic",
  doc: "cache.tiers and semanticCache are not set together",
  check(c) {
    const tiers = (c.cache as { tiers?: unknown } | undefined)?.tiers;
    if (tiers === undefined || c.semanticCache === undefined) return [];
    return [{ path: ["cache", "tiers"], message: "must not be set with semanticCache (LiteLLM keeps one response cache; the tiers wrap the exact-match one): remove one of them", value: tiers }];
  },
};
