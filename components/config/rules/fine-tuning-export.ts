import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

export const fineTuningExport: Rule = {
  id: "fine-tuning-export",
  doc: "fineTuning.export names model groups (adapters included) and its window does not end before it starts",
  check(c) {
    const out: Issue[] = [];
    const ft = c.fineTuning;
    if (!isObj(ft) || !isObj(ft.export)) return out;
    const ex = ft.export;
    const hostedGroups = [...new Set(Array.isArray(c.models) ? c.models.filter(isObj).map((m) => m.name).filter((n): n is string => typeof n === "string") : [])];
    const selfHostedGroups = Array.isArray(c.selfHosted) ? c.selfHosted.filter(isObj).map((s) => s.name).filter((n): n is string => typeof n === "string") : [];
    const adapters = new Set(Array.isArray(ft.adapters) ? ft.adapters.filter(isObj).map((a) => a.name).filter((n): n is string => typeof n === "string") : []);
    const known = [...hostedGroups, ...selfHostedGroups, ...adapters];
    if (Array.isArray(ex.models)) {
      ex.models.forEach((m: unknown, i: number) => {
        if (typeof m === "string" && !known.includes(m)) out.push({ path: ["fineTuning", "export", "models", i], message: `names no model group; groups: ${known.join(", ")}`, value: m });
      });
    }
    if (typeof ex.from === "string" && typeof ex.to === "string" && ex.from > ex.to) {
      out.push({ path: ["fineTuning", "export", "to"], message: `must not be before export.from (${ex.from})`, value: ex.to });
    }
    return out;
  },
};
