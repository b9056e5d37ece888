import { maxBelowMin } from "./read";
import type { Rule } from "./rule";

export const minNotAboveMax: Rule = {
  id: "min-not-above-max",
  doc: "the replica and node ranges of gateway, worker, cluster.systemNodes and each GPU pool have max at least min",
  check(c) {
    const gpuPools = c.cluster && typeof c.cluster === "object" && Array.isArray(c.cluster.gpuPools) ? c.cluster.gpuPools : [];
    return [
      ...maxBelowMin(["gateway"], c.gateway, "minReplicas", "maxReplicas"),
      ...maxBelowMin(["worker"], c.worker, "minReplicas", "maxReplicas"),
      ...(c.cluster ? [...maxBelowMin(["cluster", "systemNodes"], c.cluster.systemNodes, "min", "max"), ...gpuPools.flatMap((p, i) => maxBelowMin(["cluster", "gpuPools", i], p, "minNodes", "maxNodes"))] : []),
    ];
  },
};
