import type { Issue, Rule } from "./rule";

export const featureBudgetsWithinStack: Rule = {
  id: "feature-budgets-within-stack",
  doc: "no feature's budget exceeds the stack's monthly budget",
  check(c) {
    const out: Issue[] = [];
    if (!(c.budget && typeof c.budget.monthlyUsd === "number" && c.budget.features && typeof c.budget.features === "object")) return out;
    for (const [feature, usd] of Object.entries(c.budget.features)) {
      if (typeof usd === "number" && usd > c.budget.monthlyUsd) {
        out.push({ path: ["budget", "features", feature], message: `must not exceed the stack budget (${c.budget.monthlyUsd} USD)`, value: usd });
      }
    }
    return out;
  },
};
