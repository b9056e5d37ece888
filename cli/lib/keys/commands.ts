import { featureTag } from "../../../components/gateway/access";
import { type BudgetPeriod, budgetPeriods } from "../../../components/config/schema";
import type { KeysStack } from "../../../components/config/model";
import { type AdminClient, type AdminResponse, errorText } from "./admin";
import { type KeyLimits, keyBody, keyLimits, keyTeam, tagBody, teamBody } from "./requests";
import { KeysError } from "./target";

/** What the command line gave for one key. */
export interface KeyFlags {
  name?: string;
  team?: string;
  rpm?: string;
  tpm?: string;
  budget?: string;
  budgetPeriod?: string;
}

/** A key as `/key/list?return_full_object=true` returns it (the fields the command reads). */
export interface ListedKey {
  token?: string;
  key_alias?: string | null;
  team_id?: string | null;
  rpm_limit?: number | null;
  tpm_limit?: number | null;
  max_budget?: number | null;
  soft_budget?: number | null;
  budget_duration?: string | null;
  spend?: number | null;
  models?: string[] | null;
  metadata?: Record<string, unknown> | null;
}

const keyName = /^[a-z][a-z0-9-]{0,39}$/;

function positive(flag: string, v: string | undefined, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new KeysError(`--${flag} must be ${integer ? "a whole number" : "a number (USD)"} greater than 0 (given: ${JSON.stringify(v)})`);
  }
  return n;
}

/** The limits of `--rpm/--tpm/--budget/--budget-period`, checked as the spec checks them. */
export function limitsFromFlags(f: KeyFlags): KeyLimits {
  const out: KeyLimits = {};
  const rpm = positive("rpm", f.rpm, true);
  const tpm = positive("tpm", f.tpm, true);
  const budget = positive("budget", f.budget, false);
  if (rpm !== undefined) out.rpm = rpm;
  if (tpm !== undefined) out.tpm = tpm;
  if (budget !== undefined) out.budgetUsd = budget;
  if (f.budgetPeriod !== undefined) {
    if (!(budgetPeriods as readonly string[]).includes(f.budgetPeriod)) {
      throw new KeysError(`--budget-period must be one of ${budgetPeriods.join(", ")} (given: ${JSON.stringify(f.budgetPeriod)})`);
    }
    out.budgetPeriod = f.budgetPeriod as BudgetPeriod;
  }
  return out;
}

function checkName(name: string | undefined): string {
  if (name === undefined) throw new KeysError("--name is required: the key's name (its alias in the gateway)");
  if (!keyName.test(name)) throw new KeysError(`--name must be lower-case letters, digits and '-', starting with a letter, at most 40 characters (given: ${JSON.stringify(name)})`);
  return name;
}

function checkTeam(spec: KeysStack, team: string | undefined): string | undefined {
  if (team === undefined) return undefined;
  const teams = Object.keys(spec.access?.teams ?? {});
  if (!teams.includes(team)) {
    throw new KeysError(`--team '${team}' is not a team of ai-infra:access.teams; teams: ${teams.join(", ") || "(none declared: add one under access.teams and run sync)"}`);
  }
  return team;
}

function ok(r: AdminResponse, what: string): any {
  if (r.status < 200 || r.status >= 300) throw new KeysError(`${what} failed: ${errorText(r)}`);
  return r.body;
}

/** Every key in the gateway (all pages of `/key/list`). */
export async function listKeys(admin: AdminClient): Promise<ListedKey[]> {
  const out: ListedKey[] = [];
  for (let page = 1; ; page++) {
    const body = ok(await admin.get("/key/list", { return_full_object: "true", size: "100", page: String(page) }), "listing keys (/key/list)");
    const keys = (body?.keys ?? []) as (ListedKey | string)[];
    out.push(...keys.filter((k): k is ListedKey => typeof k === "object" && k !== null));
    if (!body?.total_pages || page >= body.total_pages) return out;
  }
}

async function findKey(admin: AdminClient, name: string): Promise<ListedKey | undefined> {
  return (await listKeys(admin)).find((k) => k.key_alias === name);
}

/** Flags each command takes; any other is refused rather than ignored. */
export const commandFlags: Record<string, readonly string[]> = {
  create: ["name", "team", "rpm", "tpm", "budget", "budget-period", "outputs"],
  list: ["outputs"],
  rotate: ["name", "outputs"],
  revoke: ["name", "outputs"],
  sync: ["outputs"],
};

/** Checks the command line against the stack before anything reaches the gateway. */
export function preflight(spec: KeysStack, command: string, flags: KeyFlags): void {
  if (command === "list" || command === "sync") return;
  checkName(flags.name);
  if (command !== "create") return;
  checkTeam(spec, flags.team);
  const limits = keyLimits(spec, flags.name!, limitsFromFlags(flags));
  if (limits.budgetUsd !== undefined && limits.budgetPeriod === undefined) {
    throw new KeysError(`--budget-period is required with --budget when access.keyDefaults has no budgetPeriod; allowed: ${budgetPeriods.join(", ")}`);
  }
}

export interface Printer {
  /** Lines for the operator (stdout). */
  out(line: string): void;
}

/** `create --name <n> [--team <t>] [--rpm] [--tpm] [--budget] [--budget-period]`. */
export async function createKey(spec: KeysStack, admin: AdminClient, flags: KeyFlags, p: Printer): Promise<void> {
  preflight(spec, "create", flags);
  const name = flags.name!;
  const team = flags.team ?? keyTeam(spec, name);
  const limits = keyLimits(spec, name, limitsFromFlags(flags));
  if (await findKey(admin, name)) {
    throw new KeysError(`--name '${name}': a key of that name already exists in the gateway; choose another name, or rotate it (npm run keys -- ${spec.stack} rotate --name ${name})`);
  }
  const created = ok(await admin.post("/key/generate", keyBody(spec, name, team, limits)), `creating key '${name}' (/key/generate)`);
  printNewKey(p, name, created.key);
}

function printNewKey(p: Printer, name: string, value: unknown): void {
  if (typeof value !== "string") throw new KeysError(`the gateway answered without a key value for '${name}'`);
  p.out(`${name}\t${value}`);
  p.out(`  (shown once: store it now; the gateway keeps only its hash)`);
}

function fmt(v: unknown): string {
  return v === null || v === undefined ? "-" : String(v);
}

/** `list`: names, teams, limits, budgets and spend; never key values (the gateway has only hashes). */
export async function listCommand(admin: AdminClient, p: Printer): Promise<void> {
  const keys = await listKeys(admin);
  p.out(["name", "team", "rpm", "tpm", "budget-usd", "period", "spend-usd", "managed"].join("\t"));
  for (const k of keys.sort((a, b) => String(a.key_alias).localeCompare(String(b.key_alias)))) {
    const managed = k.metadata?.["managed-by"] === "ai-infra" ? "yes" : "no";
    p.out([fmt(k.key_alias), fmt(k.team_id), fmt(k.rpm_limit), fmt(k.tpm_limit), fmt(k.max_budget), fmt(k.budget_duration), fmt(k.spend), managed].join("\t"));
  }
}

/**
 * `rotate --name <n>`: a new value for the key, same name, team, limits, budget and spend so far.
 * LiteLLM's `/key/regenerate` is an enterprise feature in the pinned release (key_management_endpoints.py:
 * "Regenerating Virtual Keys is an Enterprise feature"), so the command makes the new key under a
 * temporary name first, then deletes the old one and gives the new one the name: the old value
 * works until the new one exists.
 */
export async function rotateKey(spec: KeysStack, admin: AdminClient, flags: KeyFlags, p: Printer): Promise<void> {
  const name = checkName(flags.name);
  const old = await findKey(admin, name);
  if (!old) throw new KeysError(`--name '${name}': no key of that name in the gateway; keys: ${(await listKeys(admin)).map((k) => k.key_alias).filter(Boolean).join(", ") || "(none)"}`);
  const temp = `${name}.rotating`;
  const body: Record<string, unknown> = { key_alias: temp, metadata: old.metadata ?? {}, spend: old.spend ?? 0 };
  for (const [from, to] of [["team_id", "team_id"], ["rpm_limit", "rpm_limit"], ["tpm_limit", "tpm_limit"], ["max_budget", "max_budget"], ["soft_budget", "soft_budget"], ["budget_duration", "budget_duration"], ["models", "models"]] as const) {
    const v = old[from];
    if (v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)) body[to] = v;
  }
  const created = ok(await admin.post("/key/generate", body), `creating the new value of '${name}' (/key/generate)`);
  try {
    ok(await admin.post("/key/delete", { key_aliases: [name] }), `deleting the old value of '${name}' (/key/delete; both values work, the new one is named '${temp}')`);
    ok(await admin.post("/key/update", { key: created.key, key_alias: name }), `renaming '${temp}' to '${name}' (/key/update; the old value is deleted, the new one works under '${temp}')`);
  } catch (e) {
    // The new key exists: its value must not be lost with the error.
    printNewKey(p, temp, created.key);
    throw e;
  }
  printNewKey(p, name, created.key);
  p.out(`  the old value of '${name}' no longer works`);
}

/** `revoke --name <n>`: the key stops working at once. */
export async function revokeKey(spec: KeysStack, admin: AdminClient, flags: KeyFlags, p: Printer): Promise<void> {
  const name = checkName(flags.name);
  if (!(await findKey(admin, name))) {
    throw new KeysError(`--name '${name}': no key of that name in the gateway; keys: ${(await listKeys(admin)).map((k) => k.key_alias).filter(Boolean).join(", ") || "(none)"}`);
  }
  ok(await admin.post("/key/delete", { key_aliases: [name] }), `revoking '${name}' (/key/delete)`);
  p.out(`revoked ${name} (stack ${spec.stack})`);
}

/**
 * `sync`: the declared teams (created, or updated to the stack's values), a tag budget per
 * `budget.features` entry, and the keys of `api.keys` that do not exist yet (values printed once).
 * Existing keys are not changed (their values are not known); what exists in the gateway but not
 * in the stack is listed, not deleted.
 */
export async function sync(spec: KeysStack, admin: AdminClient, p: Printer): Promise<void> {
  const access = spec.access!;
  const teams = ok(await admin.get("/team/list"), "listing teams (/team/list)") as { team_id: string }[];
  const teamIds = new Set(teams.map((t) => t.team_id));
  for (const team of Object.keys(access.teams).sort()) {
    const exists = teamIds.has(team);
    ok(await admin.post(exists ? "/team/update" : "/team/new", teamBody(spec, team)), `${exists ? "updating" : "creating"} team '${team}'`);
    p.out(`team ${team}: ${exists ? "updated" : "created"}`);
  }
  const tags = ok(await admin.get("/tag/list"), "listing tags (/tag/list)") as { name: string }[];
  const tagNames = new Set(tags.map((t) => t.name));
  for (const feature of Object.keys(spec.budget?.features ?? {}).sort()) {
    const exists = tagNames.has(featureTag(feature));
    ok(await admin.post(exists ? "/tag/update" : "/tag/new", tagBody(spec, feature)), `${exists ? "updating" : "creating"} the budget of feature '${feature}' (tag ${featureTag(feature)})`);
    p.out(`feature ${feature}: tag ${featureTag(feature)} budget ${exists ? "updated" : "created"}`);
  }
  const keys = await listKeys(admin);
  const existing = new Set(keys.map((k) => k.key_alias));
  for (const name of spec.api.keys) {
    if (existing.has(name)) {
      p.out(`key ${name}: exists (unchanged; rotate it for a new value)`);
      continue;
    }
    const created = ok(await admin.post("/key/generate", keyBody(spec, name, keyTeam(spec, name), keyLimits(spec, name))), `creating key '${name}'`);
    printNewKey(p, name, created.key);
  }
  const extraTeams = [...teamIds].filter((t) => !(t in access.teams));
  const extraKeys = keys.map((k) => k.key_alias).filter((a): a is string => typeof a === "string" && !spec.api.keys.includes(a));
  if (extraTeams.length) p.out(`not in the stack config (left as they are): teams ${extraTeams.join(", ")}`);
  if (extraKeys.length) p.out(`not in api.keys (left as they are; revoke them if unwanted): keys ${extraKeys.join(", ")}`);
}
