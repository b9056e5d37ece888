import { accessSection, isObj, modelGroups } from "./read";
import type { Issue, Rule } from "./rule";

export const accessTeamModels: Rule = {
  id: "access-team-models",
  doc: "the models of each access team are model groups",
  check(c) {
    const out: Issue[] = [];
    const access = accessSection(c);
    if (!access) return out;
    const teams = isObj(access.teams) ? access.teams : {};
    const groups = modelGroups(c);
    for (const [team, t] of Object.entries(teams)) {
      if (!isObj(t) || !Array.isArray(t.models)) continue;
      t.models.forEach((m, i) => {
        if (typeof m === "string" && !groups.includes(m)) {
          out.push({ path: ["access", "teams", team, "models", i], message: `names no model group; groups: ${groups.join(", ")}`, value: m });
        }
      });
    }
    return out;
  },
};
