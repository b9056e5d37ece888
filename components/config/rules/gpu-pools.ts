import { acceleratorsIn, acceleratorsOf, gpuOffer, gpuTable, poolGpusPerNode, shapeFor } from "../gpus";
import { knownCloud } from "./read";
import type { Issue, Rule } from "./rule";

interface PoolLike {
  name?: unknown;
  accelerator?: unknown;
  maxNodes?: unknown;
}
interface SelfHostedLike {
  pool?: unknown;
  gpusPerReplica?: unknown;
  maxReplicas?: unknown;
}

/**
 * GPU pools against the GPU table (`../gpus.ts`): the accelerator must exist on the cloud and be
 * offered in every region of the stack (each region gets the same pools), a model's replica must
 * fit the pool's largest machine, and its replicas must fit the pool's node budget.
 */
export const gpuPools: Rule = {
  id: "gpu-pools",
  doc: "GPU pools' accelerators are offered in every region, and each selfHosted group's replicas fit its pool's machines and node budget",
  check(c) {
    const issues: Issue[] = [];
    const cloud = knownCloud(c);
    const pools = Array.isArray(c.cluster?.gpuPools) ? (c.cluster.gpuPools as PoolLike[]) : [];
    if (!cloud) return issues;
    const regions = Array.isArray(c.regions) ? c.regions.filter((r): r is string => typeof r === "string") : [];
    const selfHosted = Array.isArray(c.selfHosted) ? (c.selfHosted as SelfHostedLike[]) : [];

    pools.forEach((p, i) => {
      if (!p || typeof p.accelerator !== "string") return;
      const path = ["cluster", "gpuPools", i, "accelerator"];
      if (!(p.accelerator in gpuTable[cloud])) {
        issues.push({ path, message: `is not a ${cloud} accelerator the kit knows; allowed: ${acceleratorsOf(cloud).join(", ")}`, value: p.accelerator });
        return;
      }
      for (const region of regions) {
        if (gpuOffer(cloud, p.accelerator, region)) continue;
        const here = acceleratorsIn(cloud, region);
        issues.push({
          path,
          message: `is not offered by ${cloud} in ${region} (per the kit's GPU table); allowed in ${region}: ${here.join(", ") || "(none)"}`,
          value: p.accelerator,
        });
      }
    });

    selfHosted.forEach((s, i) => {
      // A count the schema refuses (0, a fraction, NaN, ±Infinity) has no machine shape: the schema reports it.
      if (!s || typeof s.pool !== "string" || typeof s.gpusPerReplica !== "number" || !Number.isInteger(s.gpusPerReplica) || s.gpusPerReplica < 1) return;
      const pool = pools.find((p) => p?.name === s.pool);
      if (!pool || typeof pool.accelerator !== "string" || !(pool.accelerator in gpuTable[cloud])) return;
      const largest = gpuTable[cloud][pool.accelerator]!.shapes.at(-1)!;
      if (s.gpusPerReplica > largest.gpus) {
        issues.push({
          path: ["selfHosted", i, "gpusPerReplica"],
          message: `exceeds the largest ${pool.accelerator} machine on ${cloud} (${largest.type}, ${largest.gpus} GPUs)`,
          value: s.gpusPerReplica,
        });
        return;
      }
      const shape = shapeFor(cloud, pool.accelerator, poolGpusPerNode(s.pool, selfHosted));
      if (shape && typeof pool.maxNodes === "number" && typeof s.maxReplicas === "number") {
        const capacity = pool.maxNodes * Math.floor(shape.gpus / s.gpusPerReplica);
        if (s.maxReplicas > capacity) {
          issues.push({
            path: ["selfHosted", i, "maxReplicas"],
            message: `must be at most ${capacity}: pool '${s.pool}' has at most ${pool.maxNodes} ${shape.type} nodes with ${shape.gpus} GPU(s) each`,
            value: s.maxReplicas,
          });
        }
      }
    });
    return issues;
  },
};
