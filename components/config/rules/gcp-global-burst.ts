import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

/** Cloud Run's highest per-instance concurrency (https://cloud.google.com/run/docs/about-concurrency). */
const maxConcurrency = 1000;

/**
 * On GCP `api.global.burst` is the requests in flight across the stack: each of the gateway's
 * `maxReplicas` Cloud Run instances admits `burst / maxReplicas` at once
 * (`maxInstanceRequestConcurrency`, 1–1000). Only a multiple of maxReplicas is exactly that, so
 * another value is refused with its nearest neighbours instead of being rounded up.
 */
export const gcpGlobalBurst: Rule = {
  id: "gcp-global-burst",
  doc: "on gcp, api.global.burst is a multiple of gateway.maxReplicas with at most 1000 requests per instance",
  check(c) {
    const out: Issue[] = [];
    if (c.cloud !== "gcp" || !isObj(c.api) || !isObj(c.api.global) || !isObj(c.gateway)) return out;
    const burst = c.api.global.burst;
    const n = c.gateway.maxReplicas;
    if (typeof burst !== "number" || !Number.isInteger(burst) || burst < 1) return out;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 5_000) return out;
    const max = n * maxConcurrency;
    if (burst > max) {
      out.push({ path: ["api", "global", "burst"], message: `must be at most ${max} on cloud gcp: ${maxConcurrency} requests per Cloud Run instance × gateway.maxReplicas (${n})`, value: burst });
    } else if (burst % n !== 0) {
      const lower = Math.floor(burst / n) * n;
      const nearest = [lower, lower + n].filter((v) => v >= n && v <= max);
      out.push({
        path: ["api", "global", "burst"],
        message: `must be a multiple of gateway.maxReplicas (${n}) on cloud gcp, each Cloud Run instance admitting burst / ${n} requests; nearest: ${nearest.join(" or ")}`,
        value: burst,
      });
    }
    return out;
  },
};
