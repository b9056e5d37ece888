import { cloudArmorRateLimit } from "../facts/gcp";
import { perKeyQuotaPerDay } from "./read";
import type { Rule } from "./rule";

/** Cloud Armor counts over at most one hour; a daily allowance is a budget in the gateway. */
export const gcpQuotaPerDay: Rule = {
  id: "gcp-quota-per-day",
  doc: "a GCP stack sets no api.perKey.quotaPerDay (Cloud Armor cannot count a day)",
  check(c) {
    const quota = perKeyQuotaPerDay(c);
    if (c.cloud !== "gcp" || quota === undefined) return [];
    return [
      {
        path: ["api", "perKey", "quotaPerDay"],
        message: `cannot be enforced on cloud gcp: Cloud Armor's rate-based rules count over at most ${Math.max(...cloudArmorRateLimit.intervalsSeconds)} s (${cloudArmorRateLimit.source}); remove it and give keys a daily budget instead (access.keyDefaults: a LiteLLM budget with a 1d period)`,
        value: quota,
      },
    ];
  },
};
