import type { Issue, Rule } from "./rule";

export const modelWeightsSum: Rule = {
  id: "model-weights-sum",
  doc: "the weights of a model group's deployments (weighted A/B routing) are all set and sum to 100",
  check(c) {
    const out: Issue[] = [];
    if (!Array.isArray(c.models)) return out;
    // Weighted A/B routing: the weights of a group's deployments are shares of its traffic.
    const byGroup = new Map<string, { i: number; weight?: number }[]>();
    c.models.forEach((m, i) => {
      if (m && typeof m.name === "string") byGroup.set(m.name, [...(byGroup.get(m.name) ?? []), { i, weight: m.weight }]);
    });
    for (const [group, ds] of byGroup) {
      if (!ds.some((d) => d.weight !== undefined)) continue;
      const sum = ds.reduce((s, d) => s + (typeof d.weight === "number" ? d.weight : 0), 0);
      if (ds.some((d) => d.weight === undefined) || Math.abs(sum - 100) > 1e-9) {
        out.push({ path: ["models", ds[0]!.i, "weight"], message: `weights of model group '${group}' must all be set and sum to 100 (they sum to ${sum})`, value: sum });
      }
    }
    return out;
  },
};
