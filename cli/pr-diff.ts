// Pull-request plan diff: plan every stack at the base and at the head, offline, and print one
// Markdown comment (per stack: added / changed / replaced / deleted with stateful ones flagged,
// policy verdicts, monthly cost before -> after).
//
//   npm run pr-diff -- --base <checkout dir | plan-JSON dir | git ref> [--head <checkout dir | plan-JSON dir>]
//                      [--stack <name>]... [--out <file>] [--base-label <text>] [--head-label <text>]
//                      [--jobs <n>] [--all] [--dry-run]
//
// A checkout is planned with its own planner (its cli/plan.ts), so the base is planned as the base
// commit's code would plan it. A git ref is checked out into a temporary worktree that borrows this
// checkout's node_modules. A plan-JSON directory holds `<stack>.json` or `plan-<stack>.json` files
// from `npm run plan -- <stack> --json`. A stack with no file on one side is new (or removed).
// Plans run in parallel (`--jobs`, default the machine's cores). Between two git work trees, a
// stack is planned only when a file its plan may read differs (`stacksToPlan`); `--all` plans
// every stack; `--dry-run` prints which stacks would be planned and why, and plans nothing.
// Exit codes: 0 comment made; 1 bad arguments. See cli/README.md.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import * as path from "node:path";
import { type CommandSpec, commandArgs, usageError } from "./lib/args";
import { runMain } from "./lib/main";
import { changedFiles } from "../planner/changed-files";
import { type PlanDoc, type StackPlans, renderPrDiff, stacksToPlan } from "../planner/pr-diff";
import { relativeToRoots } from "../planner/capture";
import { checkoutRoots, listStacks, repoRoot } from "../planner/stack-file";

export const cli: CommandSpec = {
  usage:
    "usage: npm run pr-diff -- --base <checkout dir | plan-JSON dir | git ref> [--head <checkout dir | plan-JSON dir>] [--stack <name>]... [--out <file>] [--base-label <text>] [--head-label <text>] [--jobs <n>] [--all] [--dry-run]",
  booleans: ["all", "dry-run"],
  values: ["base", "head", "stack", "out", "base-label", "head-label", "jobs"],
  separator: "\n",
};

type Side = { kind: "checkout"; dir: string; cleanup?: () => void } | { kind: "plans"; dir: string };

function resolveSide(flag: string, value: string, allowRef: boolean): Side | string {
  if (existsSync(value) && statSync(value).isDirectory()) {
    const dir = path.resolve(value);
    if (existsSync(path.join(dir, "stacks"))) return { kind: "checkout", dir };
    if (readdirSync(dir).some((f) => f.endsWith(".json"))) return { kind: "plans", dir };
    return `--${flag}: ${value} has neither a stacks/ folder (a checkout) nor plan JSON files`;
  }
  if (!allowRef) return `--${flag}: ${value} is not a directory`;
  const rev = spawnSync("git", ["-C", repoRoot, "rev-parse", "--verify", "--quiet", `${value}^{commit}`], { encoding: "utf8" });
  if (rev.status !== 0) return `--${flag}: '${value}' is neither a directory nor a git commit of ${repoRoot}`;
  const dir = mkdtempSync(path.join(tmpdir(), "ai-infra-base-"));
  const add = spawnSync("git", ["-C", repoRoot, "worktree", "add", "--detach", "--quiet", dir, rev.stdout.trim()], { encoding: "utf8" });
  if (add.status !== 0) return `--${flag}: git worktree add failed: ${add.stderr.trim()}`;
  // The base borrows this checkout's dependencies; the workflow installs the base's own instead.
  if (!existsSync(path.join(dir, "node_modules"))) symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
  return { kind: "checkout", dir, cleanup: () => void spawnSync("git", ["-C", repoRoot, "worktree", "remove", "--force", dir]) };
}

function stacksOf(side: Side): string[] {
  if (side.kind === "checkout") return listStacks(path.join(side.dir, "stacks"));
  return readdirSync(side.dir)
    .map((f) => /^(?:plan-)?(.+)\.json$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined);
}

function failedDoc(stack: string, message: string): PlanDoc {
  return { stack, stage: null, cloud: null, regions: [], resources: [], policy: { violations: [] }, errors: [{ path: "", message }] };
}

function run(cmd: string, args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e) => resolve({ status: null, stdout: "", stderr: e.message }));
    child.on("close", (status) => resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

async function planOn(side: Side, stack: string): Promise<PlanDoc | null> {
  if (side.kind === "plans") {
    const file = [`${stack}.json`, `plan-${stack}.json`].map((f) => path.join(side.dir, f)).find(existsSync);
    if (!file) return null;
    try {
      return JSON.parse(readFileSync(file, "utf8")) as PlanDoc;
    } catch (e) {
      return failedDoc(stack, `${path.basename(file)} is not a plan document: ${(e as Error).message}`);
    }
  }
  if (!existsSync(path.join(side.dir, "stacks", `Pulumi.${stack}.yaml`))) return null;
  const tsx = [path.join(side.dir, "node_modules", ".bin", "tsx"), path.join(repoRoot, "node_modules", ".bin", "tsx")].find(existsSync)!;
  const r = await run(tsx, [path.join("cli", "plan.ts"), stack, "--json"], side.dir);
  try {
    const doc = JSON.parse(r.stdout) as PlanDoc;
    // A planner from before plans recorded paths under the checkout relative to it gives the
    // checkout's own folder (a temporary worktree for a git ref): the same relative form here.
    return { ...doc, resources: relativeToRoots(doc.resources ?? [], checkoutRoots(side.dir)) as PlanDoc["resources"] };
  } catch {
    return failedDoc(stack, `the planner gave no plan (exit ${r.status}): ${(r.stderr || r.stdout).trim().split("\n")[0] ?? ""}`);
  }
}

/** Run `tasks` with at most `jobs` at a time; results in the tasks' order. */
async function pool<T>(tasks: (() => Promise<T>)[], jobs: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return results;
}

async function main(argv: string[]): Promise<number> {
  const args = commandArgs(argv, cli);
  if (typeof args === "number") return args;
  const { positional, flags, values } = args;
  const fail = (message: string) => usageError(cli, message);
  if (positional.length > 0) return fail(`unexpected argument ${positional[0]}`);
  const one = (k: string) => (values[k]?.length ?? 0) > 1 ? null : values[k]?.[0];
  for (const k of ["base", "head", "out", "base-label", "head-label", "jobs"]) if (one(k) === null) return fail(`--${k} may be given once`);
  const jobsArg = one("jobs");
  const jobs = jobsArg === undefined ? Math.max(2, availableParallelism()) : Number(jobsArg);
  if (!Number.isInteger(jobs) || jobs < 1) return fail(`--jobs: '${jobsArg}' is not a whole number of 1 or more`);
  const baseArg = one("base");
  if (!baseArg) return fail("--base is required");
  const head = resolveSide("head", one("head") ?? repoRoot, false);
  if (typeof head === "string") return fail(head);
  const base = resolveSide("base", baseArg, true);
  if (typeof base === "string") return fail(base);
  try {
    const all = [...new Set([...stacksOf(base), ...stacksOf(head)])].sort();
    const wanted = values.stack ?? all;
    const unknown = wanted.filter((s) => !all.includes(s));
    if (unknown.length > 0) return fail(`--stack: no stack ${unknown.join(", ")} at the base or the head; stacks: ${all.join(", ")}`);
    // Skipping needs both sides as checkouts (a plan-JSON folder is read, not planned).
    const changed = flags.all || base.kind !== "checkout" || head.kind !== "checkout" ? null : changedFiles(base.dir, head.dir);
    const reasons = flags.all ? new Map(wanted.map((s) => [s, "--all"])) : stacksToPlan(wanted, changed);
    if (flags["dry-run"]) {
      for (const s of wanted) process.stdout.write(`${reasons.get(s) ? `plan ${s}: ${reasons.get(s)}` : `skip ${s}: no file its plan reads changed`}\n`);
      return 0;
    }
    const planned = wanted.filter((s) => reasons.get(s));
    const docs = await pool(
      planned.flatMap((stack) => [() => planOn(base, stack), () => planOn(head, stack)]),
      jobs,
    );
    const plans: StackPlans[] = wanted.map((stack) => {
      const i = planned.indexOf(stack);
      return i < 0 ? { stack, base: null, head: null, skipped: true } : { stack, base: docs[2 * i] ?? null, head: docs[2 * i + 1] ?? null };
    });
    const md = renderPrDiff(plans, { base: one("base-label") ?? baseArg, head: one("head-label") ?? (one("head") ?? "working tree") });
    const out = one("out");
    if (out) writeFileSync(out, `${md}\n`);
    else process.stdout.write(`${md}\n`);
    return 0;
  } finally {
    if (base.kind === "checkout") base.cleanup?.();
  }
}

if (require.main === module) runMain(main, "pr-diff", 1);
