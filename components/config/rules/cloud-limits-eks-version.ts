import { eksCalendarReadOn, eksSupportPhase, eksVersionCalendar } from "../facts/aws";
import { isObj } from "./read";
import type { Rule } from "./rule";

/**
 * EKS creates no cluster on a Kubernetes version past extended support, and upgrades a running one
 * on its own at that date (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html),
 * so such a version is refused. A version in extended support is accepted: it is a choice a stack
 * may make for a while, and the cost model bills it at the extended-support rate, six times the
 * standard one. Judged as of the day the calendar was read (`eksCalendarReadOn`), so a plan does
 * not change with the clock.
 */
export const cloudLimitsEksVersion: Rule = {
  id: "cloud-limits-eks-version",
  doc: "on aws, cluster.kubernetesVersion is a version EKS still supports (standard or extended support)",
  check(c) {
    if (c.cloud !== "aws" || !isObj(c.cluster)) return [];
    const version = c.cluster.kubernetesVersion;
    if (typeof version !== "string" || !/^1\.\d+$/.test(version) || eksSupportPhase(version) !== "ended") return [];
    const offered = Object.keys(eksVersionCalendar).filter((v) => eksSupportPhase(v) !== "ended");
    const standard = offered.filter((v) => eksSupportPhase(v) === "standard");
    return [
      {
        path: ["cluster", "kubernetesVersion"],
        message: `is past EKS extended support (as of ${eksCalendarReadOn}); allowed: ${offered.join(", ")} or newer (standard support, billed at the standard rate: ${standard.join(", ")} or newer)`,
        value: version,
      },
    ];
  },
};
