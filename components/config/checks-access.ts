import { capabilitiesOf } from "./presets";
import { type StackConfig, budgetPeriods, stages } from "./schema";

/** One problem: config path (after `ai-infra:`), message with the allowed values, the value given. */
export interface AccessIssue {
  path: PropertyKey[];
  message: string;
  value?: unknown;
}

/** The first stage at which a cloud has the keys database, for messages that say which stage adds it. */
export function keysStage(cloud: "aws" | "gcp"): (typeof stages)[number] {
  return stages.find((s) => capabilitiesOf(s, cloud).keys)!;
}

/** The model groups callers can name: hosted models, self-hosted groups and the router group. */
export function modelGroups(c: Partial<StackConfig>): string[] {
  const groups = new Set<string>();
  for (const list of [c.models, c.selfHosted]) {
    if (!Array.isArray(list)) continue;
    for (const m of list) if (m && typeof m.name === "string") groups.add(m.name);
  }
  if (c.routing && typeof c.routing.routerGroup === "string") groups.add(c.routing.routerGroup);
  return [...groups];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Relations of the `access` section to the rest of the stack: it exists only with the keys
 * database; a team's models are model groups; a key entry names a key of `api.keys` and a
 * declared team; a budget has a period. Each rule reads only well-formed fields (the schema
 * reports the others).
 */
export function checkAccess(c: Partial<StackConfig>): AccessIssue[] {
  const issues: AccessIssue[] = [];
  const cloud = c.cloud === "aws" || c.cloud === "gcp" ? c.cloud : undefined;
  const stage = typeof c.stage === "string" && (stages as readonly string[]).includes(c.stage) ? c.stage : undefined;
  // Key names are the keys' names in the front door and their aliases in the gateway: one each.
  if (c.api && Array.isArray(c.api.keys)) {
    const seen = new Set<string>();
    c.api.keys.forEach((k, i) => {
      if (typeof k !== "string") return;
      if (seen.has(k)) issues.push({ path: ["api", "keys", i], message: `names key '${k}' a second time; key names must be unique`, value: k });
      seen.add(k);
    });
  }
  if (c.access === undefined) return issues;
  if (cloud && stage && !capabilitiesOf(stage, cloud).keys) {
    const from = keysStage(cloud);
    issues.push({
      path: ["access"],
      message: `needs the keys database, which cloud ${cloud} has from stage ${from} (this stack is ${stage}; its callers use the front door's API keys of api.keys): remove access or set stage ${from}`,
    });
    return issues;
  }
  if (!isObject(c.access)) return issues;
  const access = c.access as Record<string, unknown>;
  const teams = isObject(access.teams) ? access.teams : {};
  const teamNames = Object.keys(teams);
  const groups = modelGroups(c);

  for (const [team, t] of Object.entries(teams)) {
    if (!isObject(t) || !Array.isArray(t.models)) continue;
    t.models.forEach((m, i) => {
      if (typeof m === "string" && !groups.includes(m)) {
        issues.push({ path: ["access", "teams", team, "models", i], message: `names no model group; groups: ${groups.join(", ")}`, value: m });
      }
    });
  }

  const budgetPair = (path: PropertyKey[], o: unknown) => {
    if (isObject(o) && o.budgetUsd !== undefined && o.budgetPeriod === undefined) {
      issues.push({ path: [...path, "budgetPeriod"], message: `is required with budgetUsd (a budget without a period never resets); allowed: ${budgetPeriods.join(", ")}` });
    }
  };
  budgetPair(["access", "keyDefaults"], access.keyDefaults);

  const apiKeys = c.api && Array.isArray(c.api.keys) ? c.api.keys.filter((k): k is string => typeof k === "string") : [];
  if (isObject(access.keys)) {
    for (const [key, k] of Object.entries(access.keys)) {
      if (!apiKeys.includes(key)) issues.push({ path: ["access", "keys", key], message: `names no key of api.keys; keys: ${apiKeys.join(", ")}`, value: key });
      if (!isObject(k)) continue;
      if (typeof k.team === "string" && !teamNames.includes(k.team)) {
        issues.push({
          path: ["access", "keys", key, "team"],
          message: `names no team of access.teams; teams: ${teamNames.join(", ") || "(none declared)"}`,
          value: k.team,
        });
      }
      const defaults = isObject(access.keyDefaults) ? access.keyDefaults : {};
      if (k.budgetUsd !== undefined && k.budgetPeriod === undefined && defaults.budgetPeriod === undefined) budgetPair(["access", "keys", key], k);
    }
  }
  return issues;
}
