import { cloudRunRequestTimeout } from "../facts/gcp";
import { isObj } from "./read";
import type { Rule } from "./rule";

const cloudRunMaxTimeoutSeconds = cloudRunRequestTimeout.maxSeconds;
const cloudRunTimeoutMarginSeconds = cloudRunRequestTimeout.marginSeconds;

/**
 * On GCP the Cloud Run request timeout covers the provider timeout of the first try and each
 * retry: `gateway.timeoutSeconds × (1 + reliability.numRetries) + 15`. Past Cloud Run's 3600 s
 * that cannot be sent, and shortening it would cut off the last retries, so it is refused.
 */
export const gcpRequestTimeout: Rule = {
  id: "gcp-request-timeout",
  doc: "on gcp, gateway.timeoutSeconds × (1 + reliability.numRetries) + 15 fits Cloud Run's 3600 s request timeout",
  check(c) {
    if (c.cloud !== "gcp" || !isObj(c.gateway)) return [];
    const t = c.gateway.timeoutSeconds;
    const retries = isObj(c.reliability) ? c.reliability.numRetries : 0;
    // Malformed values are the schema's to report.
    if (typeof t !== "number" || !Number.isInteger(t) || t < 1 || t > 900) return [];
    if (typeof retries !== "number" || !Number.isInteger(retries) || retries < 0 || retries > 10) return [];
    const tries = 1 + retries;
    const total = t * tries + cloudRunTimeoutMarginSeconds;
    if (total <= cloudRunMaxTimeoutSeconds) return [];
    const max = Math.floor((cloudRunMaxTimeoutSeconds - cloudRunTimeoutMarginSeconds) / tries);
    return [
      {
        path: ["gateway", "timeoutSeconds"],
        message: `must be at most ${max} on cloud gcp with reliability.numRetries ${retries}: the Cloud Run request timeout, timeoutSeconds × ${tries} tries + ${cloudRunTimeoutMarginSeconds} s, is ${total} s and Cloud Run allows at most ${cloudRunMaxTimeoutSeconds} s (lower timeoutSeconds to 1–${max} or reliability.numRetries)`,
        value: t,
      },
    ];
  },
};
