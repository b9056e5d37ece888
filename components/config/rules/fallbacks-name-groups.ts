import { servedGroups } from "./read";
import type { Issue, Rule } from "./rule";

export const fallbacksNameGroups: Rule = {
  id: "fallbacks-name-groups",
  doc: "reliability.fallbacks maps model groups to other model groups",
  check(c) {
    const out: Issue[] = [];
    if (!(c.reliability && typeof c.reliability.fallbacks === "object" && c.reliability.fallbacks)) return out;
    const groups = servedGroups(c);
    const groupList = [...groups].join(", ");
    for (const [from, targets] of Object.entries(c.reliability.fallbacks)) {
      if (!groups.has(from)) out.push({ path: ["reliability", "fallbacks", from], message: `names no model group; groups: ${groupList}`, value: from });
      if (!Array.isArray(targets)) continue;
      targets.forEach((t, i) => {
        if (t === from) out.push({ path: ["reliability", "fallbacks", from, i], message: "must differ from the group it backs up", value: t });
        else if (!groups.has(t)) out.push({ path: ["reliability", "fallbacks", from, i], message: `names no model group; groups: ${groupList}`, value: t });
      });
    }
    return out;
  },
};
