import { cloudArmorRateLimit } from "../facts/gcp";
import type { Rule } from "./rule";

/** The front door throttle's count over its 10 s window (see `perKeyThrottle`). */
export const gcpPerKeyRate: Rule = {
  id: "gcp-per-key-rate",
  doc: "on gcp, api.perKey's burst + 10 × ratePerSecond fits Cloud Armor's count",
  check(c) {
    const api = c.api && typeof c.api === "object" ? (c.api as Record<string, unknown>) : undefined;
    const perKey = api?.perKey && typeof api.perKey === "object" ? (api.perKey as Record<string, unknown>) : undefined;
    if (c.cloud !== "gcp" || typeof perKey?.ratePerSecond !== "number" || typeof perKey.burst !== "number") return [];
    if (!(perKey.burst + perKey.ratePerSecond * 10 > cloudArmorRateLimit.maxCount)) return [];
    return [
      {
        path: ["api", "perKey", "ratePerSecond"],
        message: `with burst gives a Cloud Armor count of ${perKey.burst + perKey.ratePerSecond * 10} per 10 s; at most ${cloudArmorRateLimit.maxCount} (burst + 10 × ratePerSecond)`,
        value: perKey.ratePerSecond,
      },
    ];
  },
};
