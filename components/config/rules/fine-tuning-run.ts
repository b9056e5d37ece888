import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

export const fineTuningRun: Rule = {
  id: "fine-tuning-run",
  doc: "fineTuning.run trains on a self-hosted group's weights into an adapter named unlike any model group",
  check(c) {
    const out: Issue[] = [];
    const ft = c.fineTuning;
    if (!isObj(ft) || !isObj(ft.run)) return out;
    const hostedGroups = Array.isArray(c.models) ? c.models.filter(isObj).map((m) => m.name).filter((n): n is string => typeof n === "string") : [];
    const selfHostedGroups = Array.isArray(c.selfHosted) ? c.selfHosted.filter(isObj).map((s) => s.name).filter((n): n is string => typeof n === "string") : [];
    if (typeof ft.run.baseModel === "string" && !selfHostedGroups.includes(ft.run.baseModel)) {
      out.push({
        path: ["fineTuning", "run", "baseModel"],
        message: `is not served by this stack (training starts from a self-hosted group's weights); allowed: ${selfHostedGroups.join(", ") || "(none: set ai-infra:selfHosted)"}`,
        value: ft.run.baseModel,
      });
    }
    if (typeof ft.run.adapter === "string" && (hostedGroups.includes(ft.run.adapter) || selfHostedGroups.includes(ft.run.adapter))) {
      out.push({ path: ["fineTuning", "run", "adapter"], message: "must differ from every model group (the adapter becomes a model group of its own)", value: ft.run.adapter });
    }
    return out;
  },
};
