import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

/** vLLM loads an adapter only on top of the base model it serves. */
export const fineTuningAdapters: Rule = {
  id: "fine-tuning-adapters",
  doc: "each fineTuning adapter's baseModel is a self-hosted group and its name is a model group of its own",
  check(c) {
    const out: Issue[] = [];
    const ft = c.fineTuning;
    if (!isObj(ft)) return out;
    const hostedGroups = Array.isArray(c.models) ? c.models.filter(isObj).map((m) => m.name).filter((n): n is string => typeof n === "string") : [];
    const selfHostedGroups = Array.isArray(c.selfHosted) ? c.selfHosted.filter(isObj).map((s) => s.name).filter((n): n is string => typeof n === "string") : [];
    const adapters: Record<string, any>[] = Array.isArray(ft.adapters) ? ft.adapters.filter(isObj) : [];
    const seen = new Set<string>();
    adapters.forEach((a, i) => {
      if (typeof a.baseModel === "string" && !selfHostedGroups.includes(a.baseModel)) {
        out.push({
          path: ["fineTuning", "adapters", i, "baseModel"],
          message: `is not served by this stack (an adapter runs on the vLLM release of its base model); allowed: ${selfHostedGroups.join(", ") || "(none: set ai-infra:selfHosted)"}`,
          value: a.baseModel,
        });
      }
      if (typeof a.name === "string") {
        if (hostedGroups.includes(a.name) || selfHostedGroups.includes(a.name) || seen.has(a.name)) {
          out.push({ path: ["fineTuning", "adapters", i, "name"], message: "must differ from every model group and every other adapter (it becomes a model group of its own)", value: a.name });
        }
        seen.add(a.name);
      }
    });
    return out;
  },
};
