/**
 * "No dead settings" (issue "one typed model", item 2): every setting a user can write either
 * changes what the plan creates or is refused by the config parser on that cloud and stage. This
 * module mutates every leaf of an example stack's `ai-infra:*` config, one at a time, and plans
 * each mutation offline; `dead-settings.test.ts` asserts the dead ones against an explicit list.
 *
 * ---------------------------------------------------------------------------------------------
 * Entry points into the kit. ALL imports of source code are here and nowhere else in the test, so
 * that a move of the planner or of `components/config/` is fixed in this one block:
 *   planStack     — the offline planner (parse, program under mocks, capture)
 *   costOfPlan    — the plan's cost document, as `npm run plan -- --json` prints it
 *   loadStackFile — reads an example stack file (secure: leaves → placeholders)
 *   applyPreset   — raw stack config → config with the stage preset merged under it
 *   stackConfigSchema — only to find the allowed members of enums and literal unions
 *   hasKeys       — whether the stack has the keys database (so `npm run keys -- sync` runs)
 *   teamBody, tagBody, keyBody, keyLimits, keyTeam — the request bodies `sync` sends
 *   policyConfigFor, kitPacks, enforcementConfigKey — the packs' config, as the planner derives it
 * ---------------------------------------------------------------------------------------------
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "vitest";
import { keyBody, keyLimits, keyTeam, tagBody, teamBody } from "../../cli/lib/keys/requests";
import { type Stack, applyPreset, hasKeys, stackConfigSchema } from "../../components/config";
import { costOfPlan } from "../../planner/cost";
import { type PlanOutcome, planStack } from "../../planner/plan";
import { type StackFile, listStacks, loadStackFile, stacksDir } from "../../planner/stack-file";
import { policyConfigFor } from "../../policies/lib/config";
import { enforcementConfigKey } from "../../policies/lib/planner";
import { kitPacks } from "../../policies/packs";

export type { StackFile };
export const exampleStacks: readonly string[] = listStacks();

export const namespace = "ai-infra";

export function exampleFile(stack: string): StackFile {
  const loaded = loadStackFile(path.join(stacksDir, `Pulumi.${stack}.yaml`), stack);
  if (!loaded.ok) throw new Error(`example stack ${stack} does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.file;
}

/**
 * The raw `ai-infra:*` settings of a stack file as the program receives them. The file's values are
 * already what the engine hands over after its string round trip (YAML scalars and JSON objects),
 * and `readRawConfig` adds `gcpProject` from `gcp:project`; reproduced here rather than going
 * through the Pulumi runtime so the walk needs no global state.
 */
export function rawOf(file: StackFile): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(file.config)) if (k.startsWith(`${namespace}:`)) raw[k.slice(namespace.length + 1)] = structuredClone(v);
  if (raw.gcpProject === undefined && typeof file.config["gcp:project"] === "string") raw.gcpProject = file.config["gcp:project"];
  return raw;
}

/** Every leaf a user can write: what the stack file says, plus what the stage preset fills in. */
export function mergedOf(file: StackFile): Record<string, unknown> {
  return applyPreset(rawOf(file));
}

// ---------------------------------------------------------------------------------------------
// Leaves
// ---------------------------------------------------------------------------------------------

export type Path = readonly (string | number)[];

/** `budget.notify.emails[0]`: the config path as a user writes it with `pulumi config set --path`. */
export function fmt(p: Path): string {
  let out = `${namespace}:`;
  p.forEach((k, i) => {
    out += typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`;
  });
  return out;
}

/** The path with array indices collapsed (`models[].rpm`): same schema node. */
export function schemaPathOf(p: Path): string {
  return fmt(p.map((k) => (typeof k === "number" ? -1 : k))).replace(/\[-1\]/g, "[]");
}

/**
 * Top-level keys not walked, with why. `providerKeys` are secrets (the plan carries them as
 * `[secret]` placeholders the file loader made; a changed API key is a changed secret value, not a
 * setting that shapes the plan). `stage`, `cloud` and `regions` are structural: changing one
 * selects another preset, another adapter or another set of regions, i.e. another stack; the
 * examples and promotion tests cover them.
 */
export const skippedKeys: Readonly<Record<string, string>> = {
  providerKeys: "secret values (placeholders in an offline plan)",
  stage: "structural: selects the stage preset and capabilities",
  cloud: "structural: selects the cloud adapter",
  regions: "structural: the set of regions (covered by the promotion and example tests)",
};

export interface Leaf {
  path: Path;
  value: unknown;
  /** `scalar`: a string/number/boolean; `empty`: an empty array or record (a user could fill it). */
  kind: "scalar" | "scalarArray" | "empty";
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Leaves of the merged config. Arrays of scalars are one leaf each (mutated as a whole: one element
 * changed, the last dropped), which is the only de-duplication by collapsed schema path: the
 * elements of a scalar list are interchangeable items of one setting (thresholds, CIDRs, e-mails,
 * key names). Elements of arrays of objects (models, GPU pools, self-hosted groups, adapters) are
 * NOT collapsed: each plays its own role (primary or fallback, small or strong tier, the pool a
 * group runs on), so `models[1].rpm` can be dead while `models[0].rpm` is read.
 * Record keys (provider names, team names, feature names) are names, not leaves: renaming one is a
 * structural change that needs its references renamed too; they are not walked.
 */
export function leavesOf(merged: Record<string, unknown>): Leaf[] {
  const out: Leaf[] = [];
  const walk = (v: unknown, p: (string | number)[]): void => {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push({ path: p, value: v, kind: "empty" });
      else if (v.every((x) => !isPlainObject(x) && !Array.isArray(x))) out.push({ path: p, value: v, kind: "scalarArray" });
      else v.forEach((x, i) => walk(x, [...p, i]));
    } else if (isPlainObject(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0 && p.length > 0) out.push({ path: p, value: v, kind: "empty" });
      for (const k of keys) walk(v[k], [...p, k]);
    } else {
      out.push({ path: p, value: v, kind: "scalar" });
    }
  };
  for (const [k, v] of Object.entries(merged)) if (!(k in skippedKeys)) walk(v, [k]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

interface ZodNode {
  def?: {
    type?: string;
    shape?: Record<string, unknown>;
    element?: unknown;
    valueType?: unknown;
    innerType?: unknown;
    in?: unknown;
    options?: unknown[];
    entries?: Record<string, unknown>;
    values?: unknown[];
    checks?: { _zod?: { def?: { check?: string; value?: number } } }[];
  };
}

function unwrap(s: unknown): ZodNode | undefined {
  let n = s as ZodNode | undefined;
  while (n?.def && ["optional", "default", "nullable", "pipe"].includes(n.def.type ?? "")) n = (n.def.type === "pipe" ? n.def.in : n.def.innerType) as ZodNode;
  return n;
}

/** The schema node at a config path (array indices and record keys stepped through). */
function schemaAt(p: Path): ZodNode | undefined {
  let s = unwrap(stackConfigSchema);
  for (const k of p) {
    const d = s?.def;
    if (d?.type === "object") s = unwrap(d.shape?.[String(k)]);
    else if (d?.type === "array") s = unwrap(d.element);
    else if (d?.type === "record") s = unwrap(d.valueType);
    else return undefined;
  }
  return s;
}

/** Allowed members of an enum or a union of literals at `p`; undefined for any other node. */
export function membersAt(p: Path): unknown[] | undefined {
  const d = schemaAt(p)?.def;
  if (d?.type === "enum") return Object.values(d.entries ?? {});
  if (d?.type === "literal") return d.values;
  if (d?.type === "union") {
    const lits = (d.options ?? []).map((o) => unwrap(o)?.def);
    if (lits.every((x) => x?.type === "literal")) return lits.flatMap((x) => x!.values ?? []);
  }
  return undefined;
}

function multipleOfAt(p: Path): number | undefined {
  for (const c of schemaAt(p)?.def?.checks ?? []) if (c._zod?.def?.check === "multiple_of") return c._zod.def.value;
  return undefined;
}

/** `10.40.0.0/16` → `10.41.0.0/16`, `203.0.113.0/24` → `203.0.114.0/24`: the last octet of the prefix bumped. */
function bumpCidr(v: string): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(v);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  const i = Math.max(0, Math.ceil(bits / 8) - 1);
  octets[i] = octets[i]! >= 254 ? octets[i]! - 1 : octets[i]! + 1;
  return `${octets.join(".")}/${bits}`;
}

/** The last run of digits ±1 (`1.33` → `1.34`, `0 3 * * *` → `0 4 * * *`, `2026-01-31` → `2026-01-32`→refused, then −1). */
function bumpDigits(v: string, by: number): string | undefined {
  const m = /^(.*?)(\d+)(\D*)$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[2]) + by;
  if (n < 0) return undefined;
  return `${m[1]}${String(n).padStart(m[2]!.length, "0")}${m[3]}`;
}

/** Date `YYYY-MM-DD` one day later (or earlier). */
function shiftDate(v: string, days: number): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Another valid string of the same format, most specific first; the first one the parser accepts is
 * planned. A CIDR gets its prefix bumped, an e-mail a letter in its local part, a DNS name a letter
 * in its first label, a URL a letter at the end of its path, a date a day; then the last number
 * (versions, cron fields, billing accounts, tiers), then a letter or digit appended; then another
 * value the examples use at the same schema path (so references such as `models[].provider` can
 * pick another defined provider).
 */
function stringCandidates(v: string, seen: readonly unknown[]): string[] {
  const out: (string | undefined)[] = [];
  out.push(bumpCidr(v));
  if (/^[^@\s]+@[^@\s]+$/.test(v)) out.push(v.replace("@", "x@"));
  if (/^https?:\/\//.test(v)) out.push(v.endsWith("/") ? `${v}x` : `${v}x`);
  else if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(v) && !/^\d/.test(v)) out.push(v.replace(".", "x."));
  out.push(shiftDate(v, 1), shiftDate(v, -1));
  out.push(bumpDigits(v, 1), bumpDigits(v, -1));
  out.push(`${v}x`, `${v}1`);
  for (const s of seen) if (typeof s === "string") out.push(s);
  return [...new Set(out.filter((x): x is string => x !== undefined && x !== v))];
}

function numberCandidates(v: number, p: Path, seen: readonly unknown[]): number[] {
  const step = multipleOfAt(p) ?? (Number.isInteger(v) ? 1 : v / 2);
  const out = [v + step, v - step, v * 2, Number.isInteger(v) ? Math.floor(v / 2) : v / 2, ...(Number.isInteger(v) ? [] : [v + 1]), ...seen.filter((s): s is number => typeof s === "number")];
  return [...new Set(out.filter((x) => x !== v && Number.isFinite(x)))];
}

/** One way to change a leaf: what it becomes, described for the report. */
export interface Mutation {
  path: Path;
  /** What the report names: the leaf's path; `…[0]` and `…[last]` for the two questions of a list. */
  label: string;
  /** e.g. `30 → 31`, `[50,80,100] → [50,80]`. */
  describe: string;
  value: unknown;
}

const show = (v: unknown) => JSON.stringify(v);

/**
 * Candidate mutations per leaf, in groups: a group is one question ("does this value matter?"), its
 * candidates the values tried in order until the parser accepts one.
 *  - boolean: flipped.
 *  - enum / literal union (from the schema): the other members.
 *  - number: ± one step (the schema's `multipleOf`, else 1 for whole numbers, else half the value),
 *    then ×2, ÷2, then other values the examples use here; the parser's range checks pick.
 *  - free string: `stringCandidates`.
 *  - array of scalars: two questions: its first element changed (as a scalar), and its last dropped.
 *  - empty array/record: filled with what another example has at the same schema path, if any.
 * `seen` is every value the examples hold at the same collapsed schema path.
 */
export function mutationsOf(leaf: Leaf, seen: readonly unknown[]): Mutation[][] {
  const p = leaf.path;
  const scalar = (v: unknown, at: Path): unknown[] => {
    const members = membersAt(at);
    if (members) return members.filter((m) => m !== v);
    if (typeof v === "boolean") return [!v];
    if (typeof v === "number") return numberCandidates(v, at, seen);
    if (typeof v === "string") return stringCandidates(v, seen);
    return [];
  };
  if (leaf.kind === "scalar") return [scalar(leaf.value, p).map((c) => ({ path: p, label: fmt(p), describe: `${show(leaf.value)} → ${show(c)}`, value: c }))];
  if (leaf.kind === "scalarArray") {
    const arr = leaf.value as unknown[];
    const elementSeen = seen.flatMap((s) => (Array.isArray(s) ? s : []));
    const first = scalar(arr[0], [...p, 0]).length ? scalarWithSeen(arr[0], [...p, 0], elementSeen, scalar) : [];
    const changeFirst = first.filter((c) => !arr.includes(c)).map((c) => ({ path: p, label: fmt([...p, 0]), describe: `${show(arr[0])} → ${show(c)}`, value: [c, ...arr.slice(1)] }));
    const groups = [changeFirst];
    groups.push([{ path: p, label: `${fmt(p)}[last]`, describe: `${show(arr)} → ${show(arr.slice(0, -1))} (last dropped)`, value: arr.slice(0, -1) }]);
    return groups;
  }
  // Empty container: borrow a non-empty value from another example at the same schema path.
  const fills = seen.filter((s) => (Array.isArray(s) ? s.length > 0 : isPlainObject(s) && Object.keys(s).length > 0));
  return fills.length ? [fills.map((f) => ({ path: p, label: fmt(p), describe: `${show(leaf.value)} → ${show(f)}`, value: f }))] : [];
}

function scalarWithSeen(v: unknown, at: Path, elementSeen: readonly unknown[], scalar: (v: unknown, at: Path) => unknown[]): unknown[] {
  const base = scalar(v, at);
  return [...new Set([...base, ...elementSeen.filter((s) => s !== v && typeof s === typeof v)])];
}

/** A copy of `root` with the value at `p` replaced. */
export function setAt(root: Record<string, unknown>, p: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  let cur: Record<string | number, unknown> = copy;
  for (const k of p.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[p[p.length - 1]!] = structuredClone(value);
  return copy;
}

export function getAt(root: unknown, p: Path): unknown {
  let cur = root;
  for (const k of p) cur = (cur as Record<string | number, unknown> | undefined)?.[k];
  return cur;
}

/** Every value at each collapsed schema path across the given merged configs. */
export function valuesBySchemaPath(configs: readonly Record<string, unknown>[]): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const add = (k: string, v: unknown) => {
    const list = out.get(k) ?? [];
    if (!list.some((x) => JSON.stringify(x) === JSON.stringify(v))) list.push(v);
    out.set(k, list);
  };
  const walk = (v: unknown, p: (string | number)[]): void => {
    add(schemaPathOf(p), v);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (isPlainObject(v)) for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
  };
  for (const c of configs) for (const [k, v] of Object.entries(c)) walk(v, [k]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Files and plans
// ---------------------------------------------------------------------------------------------

/**
 * The stack file with one top-level setting written out in full (its merged value, preset leaves
 * included, possibly mutated). Only that key is written: the others stay as the user wrote them,
 * since whether a key is written at all can matter by itself (`costOfPlan` prices traffic only when
 * the file states `ai-infra:traffic`). Each mutation is therefore compared with the baseline of the
 * same file with the same key written out unmutated, not with the example as it is.
 */
export function withKey(file: StackFile, key: string, value: unknown): StackFile {
  return { ...file, config: { ...file.config, [`${namespace}:${key}`]: structuredClone(value) } };
}

/**
 * Plan without policy packs (`runners: []`): policies judge a plan, they do not add to it, and they
 * are most of a large stack's planning time. The program still runs twice (resolved and preview),
 * as `planStack` has no option to skip the preview run.
 */
export async function plan(file: StackFile, program?: () => unknown): Promise<PlanOutcome> {
  // Stack traces off while planning: the Pulumi SDK records `new Error().stack` on every promise it
  // makes (debuggable.js, for its leak report) and formatting those traces through source maps was
  // ~75% of a plan's time under tsx (enterprise-aws: 4.1 s → 0.8 s). No planned value depends on them: the
  // fingerprints of both ways are identical (checked when this was written), and the SDK raises the
  // limit itself where it reads a resource's source position.
  // Likewise the SDK's `Resource.callsites()` (a full stack per registration, for the source
  // position the engine shows): under vitest every such trace goes through its source-map
  // formatter; a bare formatter saves another ~20%. Source positions are not part of a plan.
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  Error.stackTraceLimit = 0;
  Error.prepareStackTrace = (err) => String(err);
  try {
    return await planStack(file, { runners: [], ...(program ? { program } : {}) });
  } finally {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = prepare;
  }
}

export function refused(o: PlanOutcome): boolean {
  return o.exitCode !== 0 && o.spec === undefined && o.result.errors.length > 0;
}

/**
 * What the kit makes of a stack, per consumer of its settings, each as a canonical string:
 *  - `plan`: what the plan creates and reports: the captured registrations (urn, type, name,
 *    parent, provider, protect, dependencies, and the inputs with secrets UNWRAPPED but marked
 *    `{"$secret": value}`: the `--json` view redacts every secret to `[secret]`, which would make two
 *    plans whose secret-marked inputs differ look the same), the program's stack outputs, the cost
 *    document, and the errors/exit code. Unknowns (`[unknown]`) are counted by `unknownsIn` so the
 *    test can require that the resolved run has none that could hide a difference.
 *  - `keys`: the request bodies `npm run keys -- <stack> sync` sends to LiteLLM for the parsed stack
 *    (`keysRequests`), for a stack with the keys database; null without one (sync has no gateway
 *    database to talk to).
 *  - `policy`: the config each policy pack runs with (`policyConfigFor`, as the planner and
 *    `pulumi preview --policy-pack` derive it): allowed regions and endpoints, retention bounds, ….
 * A setting is live when any part changes; `consumersChanged` names which.
 */
export type Fingerprint = Record<Consumer, string>;
export const consumers = ["plan", "keys", "policy"] as const;
export type Consumer = (typeof consumers)[number];

export function fingerprint(o: PlanOutcome, file: StackFile): Fingerprint {
  const resources = (o.captured ?? []).map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent ?? null,
    provider: r.provider ?? null,
    protect: r.protect ?? false,
    dependencies: [...(r.dependencies ?? [])].sort(),
    inputs: canonical(r.inputs),
  }));
  let cost: unknown = null;
  if (o.spec && o.exitCode === 0) cost = canonical(costOfPlan(file, o.spec, o.result.resources));
  return {
    plan: JSON.stringify({ exitCode: o.exitCode, errors: o.result.errors, resources, outputs: canonical(o.outputs ?? null), cost }),
    keys: JSON.stringify(o.spec ? canonical(keysRequests(o.spec)) : null),
    policy: JSON.stringify(o.spec ? canonical(policyDocument(o.spec, file)) : null),
  };
}

export function consumersChanged(a: Fingerprint, b: Fingerprint): Consumer[] {
  return consumers.filter((c) => a[c] !== b[c]);
}

/**
 * The requests `sync` (cli/lib/keys/commands.ts) sends for the stack, in its order: a team body per
 * `access.teams` entry, a tag body per `budget.features` entry, a key body per `api.keys` name (all
 * keys as if new: `sync` creates the missing ones). Whether a team or tag exists only picks
 * `/…/new` or `/…/update`; the body is the same. Null for a stack without the keys database.
 */
export function keysRequests(spec: Stack): unknown {
  if (!hasKeys(spec)) return null;
  return {
    teams: Object.keys(spec.access.teams)
      .sort()
      .map((t) => teamBody(spec, t)),
    tags: Object.keys(spec.budget?.features ?? {})
      .sort()
      .map((f) => tagBody(spec, f)),
    keys: spec.api.keys.map((k) => keyBody(spec, k, keyTeam(spec, k), keyLimits(spec, k))),
  };
}

/** The packs' config for the parsed stack and the file's enforcement overrides, as `plannerRunner` derives it; a refusal as its message. */
export function policyDocument(spec: Stack, file: StackFile): unknown {
  try {
    return policyConfigFor(spec, file.config[enforcementConfigKey] as Parameters<typeof policyConfigFor>[1], kitPacks);
  } catch (e) {
    return { error: String(e) };
  }
}

/** Sorted keys; secrets as `{$secret}`; non-plain objects that are not secrets kept by their JSON. */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      if (proto?.constructor?.name === "SecretValue") return { $secret: canonical((v as { value: unknown }).value) };
      return { [`$${proto?.constructor?.name ?? "object"}`]: JSON.parse(JSON.stringify(v) ?? "null") };
    }
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

export function unknownsIn(o: PlanOutcome): number {
  return (JSON.stringify(o.captured?.map((r) => canonical(r.inputs)) ?? []).match(/\[unknown\]/g) ?? []).length;
}

// ---------------------------------------------------------------------------------------------
// The walk
// ---------------------------------------------------------------------------------------------

export interface Finding {
  stack: string;
  /** `ai-infra:failover.failureThreshold` */
  path: string;
  /** What it was changed to (the first mutation the parser accepted). */
  change: string;
  /** `dead`: no accepted change tried moves the plan; `coarse`: another, larger change does (`liveWith`). */
  kind: "dead" | "coarse";
  liveWith?: string;
}

/** Further accepted candidates tried before a setting whose first change was ignored is called dead. */
const coarseTries = 3;

/**
 * PRECONDITIONS: settings that other settings wait for. The examples are in their first-deploy
 * state, so some parts of a stack do not exist yet and what sizes them is read by nothing UNTIL
 * the precondition holds. A setting ignored by every consumer is re-planned with the precondition
 * set in both the baseline and the mutated file; if anything then changes, the setting is live
 * ("live with <precondition>"), not dead. Keep every such precondition in this one table.
 *  - GCP `worker.imageTag`: the worker pool (Cloud Run worker pool: `worker.*` sizing) and the
 *    fine-tuning release (export CronJob, trainer: `fineTuning.*`) are created only once the
 *    worker image is pushed and its tag set (components/gcp: first deploy builds the image).
 */
export interface Precondition {
  /** `worker.imageTag` */
  name: string;
  path: Path;
  value: unknown;
  /** Whether the precondition is missing in this merged config (so it can be what a setting waits for). */
  appliesTo: (merged: Record<string, unknown>) => boolean;
  why: string;
}

export const preconditions: readonly Precondition[] = [
  {
    name: "worker.imageTag",
    path: ["worker", "imageTag"],
    value: "0.1.0",
    appliesTo: (m) => m.cloud === "gcp" && isPlainObject(m.worker) && getAt(m, ["worker", "imageTag"]) === undefined,
    why: "GCP: the worker pool and the fine-tuning release exist only once worker.imageTag is set (first deploy)",
  },
];

export interface StackReport {
  stack: string;
  leaves: number;
  questions: number;
  plans: number;
  dead: Finding[];
  /** Questions whose every candidate the parser refused: the setting cannot be changed here. */
  refused: { path: string; tried: string[]; reason: string }[];
  /** Accepted mutations that made the program fail: live (the plan changed) but worth a look. */
  programErrors: { path: string; change: string; error: string }[];
  /** Settings the plan ignores but another consumer (keys requests, policy config) does not. */
  liveBeyondPlan: { path: string; change: string; consumers: Consumer[] }[];
  /** Settings ignored as the example is, live once a precondition holds. */
  liveWithPrecondition: { path: string; change: string; precondition: string; consumers: Consumer[] }[];
  noCandidate: string[];
  unknowns: number;
  ms: number;
}

/**
 * Walk one stack: for every leaf of its merged config, every question of `mutationsOf`: plan the
 * first candidate the parser accepts and compare with the baseline (the same file with the same
 * top-level keys written out unmutated) through every consumer (`fingerprint`). Ignored by all:
 * the group's further candidates are tried (coarse), then each applicable precondition; dead when
 * nothing moves. `allMerged` are the merged configs of all examples (for `seen` values).
 */
export interface WalkOptions {
  /** Another program than the kit's (the test's canary: a program that ignores one setting). */
  program?: () => unknown;
  /** Walk only the leaves whose formatted path this accepts. */
  only?: (path: string) => boolean;
}

export async function walkStack(stack: string, file: StackFile, allMerged: readonly Record<string, unknown>[], opts: WalkOptions = {}): Promise<StackReport> {
  const started = performance.now();
  const merged = mergedOf(file);
  const seen = valuesBySchemaPath(allMerged);
  const baselines = new Map<string, { print: Fingerprint; outcome: PlanOutcome }>();
  let plans = 0;
  /** The file with the top-level `keys` of `config` written out. */
  const fileOf = (config: Record<string, unknown>, keys: readonly string[]): StackFile => keys.reduce((f, k) => withKey(f, k, config[k]), file);
  const planned = async (config: Record<string, unknown>, keys: readonly string[]) => {
    const f = fileOf(config, keys);
    const outcome = await plan(f, opts.program);
    plans++;
    return { outcome, f };
  };
  const baseline = async (config: Record<string, unknown>, keys: readonly string[], name: string) => {
    const id = `${name} ${keys.join(",")}`;
    let b = baselines.get(id);
    if (!b) {
      const { outcome, f } = await planned(config, keys);
      if (outcome.exitCode !== 0) throw new Error(`${stack}: baseline ${id} does not plan: ${JSON.stringify(outcome.result.errors)}`);
      b = { print: fingerprint(outcome, f), outcome };
      baselines.set(id, b);
    }
    return b;
  };
  /** `pre`: the precondition's change, applied to both sides (the baseline's print is given). */
  const otherCandidateChanges = async (rest: readonly Mutation[], keys: readonly string[], basePrint: Fingerprint, pre: (c: Record<string, unknown>) => Record<string, unknown> = (c) => c): Promise<string | undefined> => {
    let accepted = 0;
    for (const m of rest) {
      if (accepted >= coarseTries) break;
      const { outcome, f } = await planned(pre(setAt(merged, m.path, m.value)), keys);
      if (refused(outcome)) continue;
      accepted++;
      if (outcome.exitCode !== 0 || consumersChanged(fingerprint(outcome, f), basePrint).length) return m.describe;
    }
    return undefined;
  };
  const report: StackReport = { stack, leaves: 0, questions: 0, plans: 0, dead: [], refused: [], programErrors: [], liveBeyondPlan: [], liveWithPrecondition: [], noCandidate: [], unknowns: 0, ms: 0 };
  const leaves = leavesOf(merged).filter((l) => !opts.only || opts.only(fmt(l.path)));
  report.leaves = leaves.length;
  for (const leaf of leaves) {
    const key = String(leaf.path[0]);
    const groups = mutationsOf(leaf, seen.get(schemaPathOf(leaf.path)) ?? []);
    if (groups.length === 0 || groups.every((g) => g.length === 0)) report.noCandidate.push(fmt(leaf.path));
    for (const group of groups) {
      if (group.length === 0) continue;
      report.questions++;
      const tried: string[] = [];
      let reason = "";
      let decided = false;
      const label = group[0]!.label;
      for (const m of group) {
        const mutated = setAt(merged, m.path, m.value);
        const { outcome, f } = await planned(mutated, [key]);
        if (refused(outcome)) {
          tried.push(m.describe);
          reason = outcome.result.errors.map((e) => `${e.path}: ${e.message}`).join("; ");
          continue;
        }
        decided = true;
        const base = await baseline(merged, [key], "example");
        if (outcome.exitCode !== 0) {
          report.programErrors.push({ path: m.label, change: m.describe, error: outcome.result.errors.map((e) => e.message).join("; ") });
          break;
        }
        const changed = consumersChanged(fingerprint(outcome, f), base.print);
        if (changed.length) {
          if (!changed.includes("plan")) report.liveBeyondPlan.push({ path: m.label, change: m.describe, consumers: changed });
          break;
        }
        // Ignored for this value. Before calling the setting dead, try the group's other candidates
        // (up to `coarseTries` the parser accepts): if one of them changes anything, the setting is
        // read but COARSE (values are rounded or clamped, so some accepted changes are ignored, e.g.
        // `routing.strongAboveChars` / 4). Then the preconditions: the same change with the
        // precondition set in both files.
        const rest = group.slice(group.indexOf(m) + 1);
        const changedBy = await otherCandidateChanges(rest, [key], base.print);
        if (changedBy) {
          report.dead.push({ stack, path: m.label, change: m.describe, kind: "coarse", liveWith: changedBy });
          break;
        }
        let live = false;
        for (const pre of preconditions) {
          if (!pre.appliesTo(merged)) continue;
          const preKey = String(pre.path[0]);
          const keys = [...new Set([key, preKey])];
          const preBase = await baseline(setAt(merged, pre.path, pre.value), keys, pre.name);
          const withPre = await planned(setAt(mutated, pre.path, pre.value), keys);
          if (refused(withPre.outcome)) continue;
          const preChanged = withPre.outcome.exitCode !== 0 ? (["plan"] as Consumer[]) : consumersChanged(fingerprint(withPre.outcome, withPre.f), preBase.print);
          if (preChanged.length) {
            report.liveWithPrecondition.push({ path: m.label, change: m.describe, precondition: pre.name, consumers: preChanged });
            live = true;
            break;
          }
          // Read once the precondition holds, but rounded: coarse (with the precondition).
          const coarseBy = await otherCandidateChanges(rest, keys, preBase.print, (c) => setAt(c, pre.path, pre.value));
          if (coarseBy) {
            report.dead.push({ stack, path: m.label, change: m.describe, kind: "coarse", liveWith: `${coarseBy} with ${pre.name}` });
            live = true;
            break;
          }
        }
        if (!live) report.dead.push({ stack, path: m.label, change: m.describe, kind: "dead" });
        break;
      }
      if (!decided) report.refused.push({ path: label, tried, reason });
    }
  }
  for (const b of baselines.values()) report.unknowns += unknownsIn(b.outcome);
  report.plans = plans;
  report.ms = Math.round(performance.now() - started);
  return report;
}

/**
 * The canary's program: the kit's program, except that the setting at `p` is pinned to `value`
 * in the runtime config before the program reads it, i.e. a kit in which nothing reads that
 * setting. The parser still sees (and accepts) the user's value, as it would a dead setting's.
 */
export function programIgnoring(p: Path, value: unknown, secretKeys: readonly string[]): () => Promise<unknown> {
  return async () => {
    const { program } = await import("../../components/program");
    const all = { ...pulumi.runtime.allConfig() };
    const key = `${namespace}:${String(p[0])}`;
    const top = p.length === 1 ? value : setAt({ v: JSON.parse(all[key]!) }, ["v", ...p.slice(1)], value).v;
    all[key] = typeof top === "string" ? top : JSON.stringify(top);
    pulumi.runtime.setAllConfig(all, [...secretKeys]);
    return program();
  };
}

export function allMergedConfigs(): Record<string, unknown>[] {
  return exampleStacks.map((s) => mergedOf(exampleFile(s)));
}

// ---------------------------------------------------------------------------------------------
// The known dead settings, and the test of one stack (shared by the two test files)
// ---------------------------------------------------------------------------------------------

export interface KnownDead {
  stack: string;
  /** The setting's path as `pulumi config set --path` writes it; `…[0]` / `…[last]` for a list's first element / its last dropped. */
  path: string;
  /** `dead`: no change tried moves the plan; `coarse`: read, but the change tried first is ignored (rounded or clamped). */
  kind: "dead" | "coarse";
  why: string;
}

/**
 * The settings the kit still ignores (each: stack, path, kind, why; the trailing comment is the
 * change that was ignored first). Remove an entry when its setting is fixed: read by a consumer, or
 * refused by the parser on that cloud/stage with its path and reason. None is left: the COARSE
 * ones (read, but rounded) are now refused unless representable exactly: `routing.strongAboveChars`
 * in multiples of 4 (the router's tokens), GCP `gateway.cpu`/`worker.cpu` one of Cloud Run's CPU
 * counts, GCP `api.global.burst` a multiple of `gateway.maxReplicas` (rules/gcp-cloud-run-size.ts,
 * rules/gcp-global-burst.ts).
 */
export const knownDead: readonly KnownDead[] = [];

export function summary(r: StackReport): string {
  const lines = [
    `${r.stack}: ${r.leaves} leaves, ${r.questions} mutations, ${r.plans} plans, ${(r.ms / 1000).toFixed(1)} s; ` +
      `${r.dead.length} dead, ${r.liveWithPrecondition.length} live with a precondition, ${r.liveBeyondPlan.length} live off the plan, ${r.refused.length} refused, ${r.programErrors.length} program errors`,
    ...r.dead.map((d) => `  ${d.kind === "dead" ? "DEAD    " : "COARSE  "} ${d.path}: ${d.change}${d.liveWith ? ` ignored; live with ${d.liveWith}` : ""}`),
    ...r.liveWithPrecondition.map((x) => `  LIVE WITH ${x.precondition} ${x.path}: ${x.change} (changes ${x.consumers.join(", ")})`),
    ...r.liveBeyondPlan.map((x) => `  LIVE OFF-PLAN ${x.path}: ${x.change} (plan unchanged; changes ${x.consumers.join(", ")})`),
    ...r.refused.map((x) => `  refused  ${x.path}: tried ${x.tried.join(" | ")} — ${x.reason.slice(0, 300)}`),
    ...r.programErrors.map((x) => `  PROGRAM  ${x.path}: ${x.change} — ${x.error.slice(0, 300)}`),
    ...r.noCandidate.map((p) => `  skipped  ${p}: no valid other value known (empty, and no example fills it)`),
  ];
  return lines.join("\n");
}


/** The test of one example stack: walk it, print the report, and require exactly its `knownDead` entries. */
export async function checkStack(stack: string, allMerged: readonly Record<string, unknown>[]): Promise<StackReport> {
  const r = await walkStack(stack, exampleFile(stack), allMerged);
  console.log(summary(r));
  console.log(`DEAD-JSON ${JSON.stringify(r.dead.map(({ stack: s, path, kind, change }) => ({ stack: s, path, kind, change })))}`);
  // An unknown in the resolved run could hide a difference between two plans.
  expect(r.unknowns, "unknown values in the resolved plan").toBe(0);
  expect(r.questions).toBeGreaterThan(0);
  const found = r.dead.map((d) => `${d.kind} ${d.path}`).sort();
  const expected = knownDead
    .filter((k) => k.stack === stack)
    .map((k) => `${k.kind} ${k.path}`)
    .sort();
  expect(found, `dead settings of ${stack} (new ones: fix them or make the parser refuse them; fixed ones: remove them from knownDead)`).toEqual(expected);
  return r;
}
