import type { Rule } from "./rule";

/** The hot tier never outlives Redis, and the cold tier never expires before it. */
export const cacheTiersTtlOrder: Rule = {
  id: "cache-tiers-ttl-order",
  doc: "cache.tiers: hot.ttlSeconds ≤ cache.ttlSeconds ≤ cold.ttlDays × 86400",
  check(c) {
    const cache = c.cache as { ttlSeconds?: unknown; tiers?: { hot?: { ttlSeconds?: unknown }; cold?: { ttlDays?: unknown } } } | undefined;
    const redis = cache?.ttlSeconds;
    if (typeof redis !== "number") return [];
    const hot = cache?.tiers?.hot?.ttlSeconds;
    const cold = cache?.tiers?.cold?.ttlDays;
    const issues = [];
    if (typeof hot === "number" && hot > redis)
      issues.push({ path: ["cache", "tiers", "hot", "ttlSeconds"], message: `must be at most cache.ttlSeconds (${redis}): the hot tier is filled from Redis and must not outlive it`, value: hot });
    if (typeof cold === "number" && cold * 86_400 < redis)
      issues.push({ path: ["cache", "tiers", "cold", "ttlDays"], message: `must be at least ${Math.ceil(redis / 86_400)} (cache.ttlSeconds ${redis} s in whole days): the cold tier refills Redis`, value: cold });
    return issues;
  },
};
