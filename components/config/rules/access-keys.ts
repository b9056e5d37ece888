import { budgetPeriods } from "../schema";
import { accessSection, isObj } from "./read";
import type { Issue, Rule } from "./rule";

export const accessKeys: Rule = {
  id: "access-keys",
  doc: "each entry of access.keys names a key of api.keys and a declared team, and a budget (there or in keyDefaults) has a period",
  check(c) {
    const out: Issue[] = [];
    const access = accessSection(c);
    if (!access) return out;
    const teamNames = Object.keys(isObj(access.teams) ? access.teams : {});
    const budgetPair = (path: PropertyKey[], o: unknown) => {
      if (isObj(o) && o.budgetUsd !== undefined && o.budgetPeriod === undefined) {
        out.push({ path: [...path, "budgetPeriod"], message: `is required with budgetUsd (a budget without a period never resets); allowed: ${budgetPeriods.join(", ")}` });
      }
    };
    budgetPair(["access", "keyDefaults"], access.keyDefaults);

    const apiKeys = c.api && Array.isArray(c.api.keys) ? c.api.keys.filter((k): k is string => typeof k === "string") : [];
    if (!isObj(access.keys)) return out;
    for (const [key, k] of Object.entries(access.keys)) {
      if (!apiKeys.includes(key)) out.push({ path: ["access", "keys", key], message: `names no key of api.keys; keys: ${apiKeys.join(", ")}`, value: key });
      if (!isObj(k)) continue;
      if (typeof k.team === "string" && !teamNames.includes(k.team)) {
        out.push({
          path: ["access", "keys", key, "team"],
          message: `names no team of access.teams; teams: ${teamNames.join(", ") || "(none declared)"}`,
          value: k.team,
        });
      }
      const defaults = isObj(access.keyDefaults) ? access.keyDefaults : {};
      if (k.budgetUsd !== undefined && k.budgetPeriod === undefined && defaults.budgetPeriod === undefined) budgetPair(["access", "keys", key], k);
    }
    return out;
  },
};
