import { gpuPoolNames, maxBelowMin } from "./read";
import type { Issue, Rule } from "./rule";

export const selfHostedPool: Rule = {
  id: "self-hosted-pool",
  doc: "each selfHosted group has maxReplicas at least minReplicas and runs on a GPU pool of cluster.gpuPools",
  check(c) {
    const out: Issue[] = [];
    if (!Array.isArray(c.selfHosted)) return out;
    const pools = gpuPoolNames(c);
    // One pass per entry, so a group's problems are listed together.
    c.selfHosted.forEach((s, i) => {
      out.push(...maxBelowMin(["selfHosted", i], s, "minReplicas", "maxReplicas"));
      if (s && typeof s.pool === "string" && !pools.includes(s.pool)) {
        out.push({ path: ["selfHosted", i, "pool"], message: `names no GPU pool; pools: ${pools.join(", ") || "(none: set ai-infra:cluster.gpuPools)"}`, value: s.pool });
      }
    });
    return out;
  },
};
