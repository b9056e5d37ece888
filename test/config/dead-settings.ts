/**
 * "No dead settings" (issue "one typed model", item 2): every setting a user can write either
 * changes what the plan creates or is refused by the config parser on that cloud and stage. This
 * module mutates every leaf of an example stack's `ai-infra:*` config, one at a time, and plans
 * each mutation offline; `dead-settings.test.ts` asserts the dead ones against an explicit list.
 *
 * ---------------------------------------------------------------------------------------------
 * Entry points into the kit. ALL imports of source code are here and nowhere else in the test, so
 * that the planner's move (`cli/lib/*` → `planner/`) and the `components/config/` restructuring
 * are fixed at merge in this one block:
 *   planStack     — the offline planner (parse, program under mocks, capture)
 *   costOfPlan    — the plan's cost document, as `npm run plan -- --json` prints it
 *   loadStackFile — reads an example stack file (secure: leaves → placeholders)
 *   applyPreset   — raw stack config → config with the stage preset merged under it
 *   stackConfigSchema — only to find the allowed members of enums and literal unions
 * ---------------------------------------------------------------------------------------------
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { costOfPlan } from "../../cli/lib/cost";
import { type PlanOutcome, planStack } from "../../cli/lib/plan";
import { type StackFile, listStacks, loadStackFile, stacksDir } from "../../cli/lib/stack-file";
import { applyPreset, stackConfigSchema } from "../../components/config";

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
 * A plan as a canonical string: what the plan creates and reports. Compared are the captured
 * registrations (urn, type, name, parent, provider, protect, dependencies, and the inputs with
 * secrets UNWRAPPED but marked `{"$secret": value}`: the `--json` view redacts every secret to
 * `[secret]`, which would make two plans whose secret-marked inputs differ look the same), the
 * program's stack outputs, the cost document, and the errors/exit code. Unknowns (`[unknown]`) are
 * counted by `unknownsIn` so the test can require that the resolved run has none that could hide a
 * difference.
 */
export function fingerprint(o: PlanOutcome, file: StackFile): string {
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
  return JSON.stringify({ exitCode: o.exitCode, errors: o.result.errors, resources, outputs: canonical(o.outputs ?? null), cost });
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
  noCandidate: string[];
  unknowns: number;
  ms: number;
}

/**
 * Walk one stack: for every leaf of its merged config, every question of `mutationsOf`: plan the
 * first candidate the parser accepts and compare with the baseline (the same file with the same
 * top-level key written out unmutated). Dead: accepted and the fingerprint unchanged.
 * `configs` are the merged configs of all examples (for `seen` values); `mutate` lets the test
 * inject a fake dead setting into the file first.
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
  const baselines = new Map<string, { print: string; outcome: PlanOutcome }>();
  let plans = 0;
  const baseline = async (key: string) => {
    let b = baselines.get(key);
    if (!b) {
      const f = withKey(file, key, merged[key]);
      const outcome = await plan(f, opts.program);
      plans++;
      if (outcome.exitCode !== 0) throw new Error(`${stack}: baseline with ${key} written out does not plan: ${JSON.stringify(outcome.result.errors)}`);
      b = { print: fingerprint(outcome, f), outcome };
      baselines.set(key, b);
    }
    return b;
  };
  const otherCandidateChanges = async (rest: readonly Mutation[], key: string, basePrint: string): Promise<string | undefined> => {
    let accepted = 0;
    for (const m of rest) {
      if (accepted >= coarseTries) break;
      const f = withKey(file, key, setAt(merged, m.path, m.value)[key]);
      const outcome = await plan(f, opts.program);
      plans++;
      if (refused(outcome)) continue;
      accepted++;
      if (outcome.exitCode !== 0 || fingerprint(outcome, f) !== basePrint) return m.describe;
    }
    return undefined;
  };
  const report: StackReport = { stack, leaves: 0, questions: 0, plans: 0, dead: [], refused: [], programErrors: [], noCandidate: [], unknowns: 0, ms: 0 };
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
        const value = setAt(merged, m.path, m.value)[key];
        const f = withKey(file, key, value);
        const outcome = await plan(f, opts.program);
        plans++;
        if (refused(outcome)) {
          tried.push(m.describe);
          reason = outcome.result.errors.map((e) => `${e.path}: ${e.message}`).join("; ");
          continue;
        }
        decided = true;
        const base = await baseline(key);
        if (outcome.exitCode !== 0) {
          report.programErrors.push({ path: m.label, change: m.describe, error: outcome.result.errors.map((e) => e.message).join("; ") });
        } else if (fingerprint(outcome, f) === base.print) {
          // Dead for this value. Before calling the setting dead, try the group's other candidates
          // (up to `coarseTries` the parser accepts): if one of them changes the plan, the setting
          // is read but COARSE (values are rounded or clamped, so some accepted changes are
          // ignored, e.g. `routing.strongAboveChars` / 4); if none does, it is DEAD.
          const changedBy = await otherCandidateChanges(group.slice(group.indexOf(m) + 1), key, base.print);
          report.dead.push({ stack, path: m.label, change: m.describe, kind: changedBy ? "coarse" : "dead", ...(changedBy ? { liveWith: changedBy } : {}) });
        }
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
