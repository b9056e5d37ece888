import { featureTag } from "../../../components/gateway/access";
import { type BudgetPeriod, budgetPeriods } from "../../../components/config/schema";
import type { KeysStack } from "../../../components/config/model";

/**
 * The bodies the keys command sends to LiteLLM's admin API, built from the stack's spec. Field
 * names are those of the pinned LiteLLM's request models (`NewTeamRequest`, `UpdateTeamRequest`,
 * `TagNewRequest`, `TagUpdateRequest`, `GenerateKeyRequest`, `UpdateKeyRequest`, `KeyRequest`);
 * test/keys validates every body against those pydantic models.
 */

/** Limits of one key: what the spec and the command line can set. */
export interface KeyLimits {
  rpm?: number;
  tpm?: number;
  budgetUsd?: number;
  budgetPeriod?: BudgetPeriod;
}

/** Marks what the kit created, so `list` and `sync` tell the stack's keys from hand-made ones. */
export const managedBy = { "managed-by": "ai-infra" } as const;

/** The early-alert amount of a budget (LiteLLM's soft budget), in whole cents. */
export function softBudget(budgetUsd: number, alertAtPercent: number): number {
  return Math.round(budgetUsd * alertAtPercent) / 100;
}

/** `/team/new` (and, with the same fields, `/team/update`): the team id is the team's name. */
export function teamBody(spec: KeysStack, team: string): Record<string, unknown> {
  const t = spec.access.teams[team];
  if (!t) throw new Error(`no team '${team}' in access.teams`);
  const body: Record<string, unknown> = {
    team_id: team,
    team_alias: team,
    max_budget: t.budgetUsd,
    budget_duration: t.budgetPeriod,
    soft_budget: softBudget(t.budgetUsd, spec.access.alertAtPercent),
    metadata: { ...managedBy },
  };
  if (t.rpm !== undefined) body.rpm_limit = t.rpm;
  if (t.tpm !== undefined) body.tpm_limit = t.tpm;
  if (t.models) body.models = [...t.models];
  return body;
}

/**
 * `/tag/new` (and `/tag/update`): a feature of `budget.features` as the tag `feature:<name>` with
 * its monthly budget.
 * `1mo` is LiteLLM's calendar-month period, as the spec's feature budgets are monthly.
 */
export function tagBody(spec: KeysStack, feature: string): Record<string, unknown> {
  const usd = spec.budget?.features[feature];
  if (usd === undefined) throw new Error(`no feature '${feature}' in budget.features`);
  return {
    name: featureTag(feature),
    description: `feature ${feature}: monthly budget of stack ${spec.stack} (budget.features)`,
    max_budget: usd,
    budget_duration: "1mo",
    soft_budget: softBudget(usd, spec.access.alertAtPercent),
  };
}

/** A key's limits: the command line over its `access.keys` entry over `access.keyDefaults`. */
export function keyLimits(spec: KeysStack, name: string, override: KeyLimits = {}): KeyLimits {
  const a = spec.access;
  const entry = a.keys?.[name] ?? {};
  const pick = <K extends keyof KeyLimits>(k: K): KeyLimits[K] => override[k] ?? entry[k] ?? a.keyDefaults[k];
  const out: KeyLimits = {};
  for (const k of ["rpm", "tpm", "budgetUsd", "budgetPeriod"] as const) {
    const v = pick(k);
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** `/key/generate`: the key's alias is its name; the value LiteLLM generates is printed once. */
export function keyBody(spec: KeysStack, name: string, team: string | undefined, limits: KeyLimits): Record<string, unknown> {
  const body: Record<string, unknown> = { key_alias: name, metadata: { ...managedBy } };
  if (team !== undefined) body.team_id = team;
  if (limits.rpm !== undefined) body.rpm_limit = limits.rpm;
  if (limits.tpm !== undefined) body.tpm_limit = limits.tpm;
  if (limits.budgetUsd !== undefined) {
    body.max_budget = limits.budgetUsd;
    body.soft_budget = softBudget(limits.budgetUsd, spec.access.alertAtPercent);
  }
  if (limits.budgetPeriod !== undefined) body.budget_duration = limits.budgetPeriod;
  return body;
}

/** The team a key of `api.keys` belongs to (its `access.keys` entry), if any. */
export function keyTeam(spec: KeysStack, name: string): string | undefined {
  return spec.access?.keys?.[name]?.team;
}

export { budgetPeriods };
