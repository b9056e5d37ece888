import type { Issue, Rule } from "./rule";

export const servingStagesNeedCluster: Rule = {
  id: "serving-stages-need-cluster",
  doc: "stages scale and enterprise have a cluster and selfHosted models",
  check(c) {
    const out: Issue[] = [];
    const stage = c.stage;
    if (stage !== "scale" && stage !== "enterprise") return out;
    if (!c.cluster) out.push({ path: ["cluster"], message: `is required at stage ${stage} (Kubernetes cluster with GPU pools)` });
    if (!c.selfHosted || c.selfHosted.length === 0) out.push({ path: ["selfHosted"], message: `is required at stage ${stage} (models served by vLLM)` });
    return out;
  },
};
