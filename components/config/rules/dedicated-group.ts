import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

/**
 * A dedicated entry serves a hosted model group of `models` (whose deployments take its overflow),
 * and each group has at most one entry.
 */
export const dedicatedGroup: Rule = {
  id: "dedicated-group",
  doc: "each dedicated entry names a hosted model group of models, at most one entry per group",
  check(c) {
    if (!Array.isArray(c.dedicated)) return [];
    const hosted = [...new Set((Array.isArray(c.models) ? c.models : []).filter(isObj).map((m) => m.name).filter((n): n is string => typeof n === "string"))];
    const seen = new Set<string>();
    const out: Issue[] = [];
    c.dedicated.forEach((d: unknown, i: number) => {
      if (!isObj(d) || typeof d.group !== "string") return;
      if (!hosted.includes(d.group)) {
        out.push({ path: ["dedicated", i, "group"], message: `names no hosted model group (its on-demand deployments take the overflow); allowed: ${hosted.join(", ") || "(none)"}`, value: d.group });
      } else if (seen.has(d.group)) {
        out.push({ path: ["dedicated", i, "group"], message: `is served by an earlier dedicated entry already; one entry per group`, value: d.group });
      }
      seen.add(d.group);
    });
    return out;
  },
};
