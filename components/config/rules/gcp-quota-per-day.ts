import { cloudArmorRateLimit } from "../facts/gcp";
import type { Rule } from "./rule";

/** Cloud Armor counts over at most one hour; a daily allowance is a budget in the gateway. */
export const gcpQuotaPerDay: Rule = {
  id: "gcp-quota-per-day",
  doc: "a GCP stack sets no api.perKey.quotaPerDay (Cloud Armor cannot count a day)",
  check(c) {
    const api = c.api && typeof c.api === "object" ? (c.api as Record<string, unknown>) : undefined;
    const perKey = api?.perKey && typeof api.perKey === "object" ? (api.perKey as Record<string, unknown>) : undefined;
    if (c.cloud !== "gcp" || perKey?.quotaPerDay === undefined) return [];
    return [
      {
        path: ["api", "perKey", "quotaPerDay"],
        message: `cannot be enforced on cloud gcp: Cloud Armor's rate-based rules count over at most ${Math.max(...cloudArmorRateLimit.intervalsSeconds)} s (${cloudArmorRateLimit.source}); remove it and give keys a daily budget instead (access.keyDefaults: a LiteLLM budget with a 1d period)`,
        value: perKey.quotaPerDay,
      },
    ];
  },
};
