import { isObj } from "./read";
import type { Rule } from "./rule";

export const fineTuningStage: Rule = {
  id: "fine-tuning-stage",
  doc: "fineTuning is set at stage enterprise only",
  check(c) {
    if (!isObj(c.fineTuning) || typeof c.stage !== "string" || c.stage === "enterprise") return [];
    return [{ path: ["fineTuning"], message: `is available at stage enterprise only (this stack is ${c.stage}); allowed stages: enterprise` }];
  },
};
