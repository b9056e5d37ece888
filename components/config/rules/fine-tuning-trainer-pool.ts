import { gpuPoolNames, isObj } from "./read";
import type { Rule } from "./rule";

export const fineTuningTrainerPool: Rule = {
  id: "fine-tuning-trainer-pool",
  doc: "fineTuning.trainer.pool names a GPU pool of cluster.gpuPools",
  check(c) {
    const ft = c.fineTuning;
    if (!isObj(ft) || !isObj(ft.trainer) || typeof ft.trainer.pool !== "string") return [];
    const pools = gpuPoolNames(c);
    if (pools.includes(ft.trainer.pool)) return [];
    return [{ path: ["fineTuning", "trainer", "pool"], message: `names no GPU pool; pools: ${pools.join(", ") || "(none: set ai-infra:cluster.gpuPools)"}`, value: ft.trainer.pool }];
  },
};
