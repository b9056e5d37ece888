import { pubsubLimits } from "../facts/gcp";
import type { Issue, Rule } from "./rule";

/**
 * Pub/Sub takes narrower ranges than SQS. A value only the schema's wider range allows is
 * rejected here; one outside the schema's range is the schema's to report.
 */
export const pubsubRanges: Rule = {
  id: "pubsub-ranges",
  doc: "on gcp, the queue's delivery attempts, ack deadline and retention are within Pub/Sub's ranges",
  check(c) {
    const out: Issue[] = [];
    if (c.cloud !== "gcp" || !c.queue || typeof c.queue !== "object") return out;
    const queue = c.queue as Record<string, unknown>;
    const schemaRange = { maxReceiveCount: [1, 100], visibilityTimeoutSeconds: [10, 43_200], retentionSeconds: [600, 1_209_600] } as const;
    for (const [key, limit] of Object.entries(pubsubLimits) as [keyof typeof pubsubLimits, (typeof pubsubLimits)[keyof typeof pubsubLimits]][]) {
      const v = queue[key];
      const [lo, hi] = schemaRange[key];
      if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) continue;
      if (v < limit.min || v > limit.max) {
        out.push({ path: ["queue", key], message: `must be between ${limit.min} and ${limit.max} on cloud gcp (Pub/Sub ${limit.what})`, value: v });
      }
    }
    return out;
  },
};
