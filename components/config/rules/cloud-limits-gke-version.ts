import { gkeCalendarReadOn, gkeOffersNewCluster, gkeVersionCalendar } from "../facts/gcp";
import { isObj } from "./read";
import type { Rule } from "./rule";

/**
 * GKE creates no cluster on a minor version in its maintenance period or past standard support in
 * the Regular channel, the one the kit's clusters are enrolled in
 * (https://cloud.google.com/kubernetes-engine/versioning), so the first `up` would fail: such a
 * version is refused. Judged as of the day the calendar was read (`gkeCalendarReadOn`), so a plan
 * does not change with the clock.
 */
export const cloudLimitsGkeVersion: Rule = {
  id: "cloud-limits-gke-version",
  doc: "on gcp, cluster.kubernetesVersion is a version GKE still creates clusters on in the Regular channel",
  check(c) {
    if (c.cloud !== "gcp" || !isObj(c.cluster)) return [];
    const version = c.cluster.kubernetesVersion;
    if (typeof version !== "string" || !/^1\.\d+$/.test(version) || gkeOffersNewCluster(version)) return [];
    const offered = Object.keys(gkeVersionCalendar).filter((v) => gkeOffersNewCluster(v));
    return [
      {
        path: ["cluster", "kubernetesVersion"],
        message: `is not offered for new clusters in GKE's Regular channel (as of ${gkeCalendarReadOn}: in its maintenance period or past standard support); allowed: ${offered.join(", ")} or newer`,
        value: version,
      },
    ];
  },
};
