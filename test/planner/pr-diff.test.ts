// The pull-request plan diff: real plans of an example stack, edited the way a pull request
// would change them, compared and rendered; the CLI on plan-JSON folders and on a checkout.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { costOfPlan, planJson } from "../../planner/cost";
import { planStack } from "../../planner/plan";
import { type PlanDoc, commentMarker, compareStack, failing, renderPrDiff } from "../../planner/pr-diff";
import { withStage } from "../../planner/promote";
import { repoRoot } from "../../planner/stack-file";
import { exampleFile, exampleStacks } from "../helpers/stacks";

let prototype: PlanDoc;
let growth: PlanDoc;
const dirs: string[] = [];
const tmp = (p: string) => {
  const d = mkdtempSync(path.join(tmpdir(), `ai-infra-prdiff-${p}-`));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

beforeAll(async () => {
  const file = exampleFile("prototype-aws-us-east-1");
  const a = await planStack(file);
  prototype = planJson(a.result, costOfPlan(file, a.spec!, a.result.resources)) as PlanDoc;
  const grown = withStage(file, "growth");
  const b = await planStack(grown);
  growth = planJson(b.result, costOfPlan(grown, b.spec!, b.result.resources)) as PlanDoc;
}, 120_000);

/** The same plan with one resource's inputs edited. */
function edit(doc: PlanDoc, type: string, change: (inputs: Record<string, unknown>) => Record<string, unknown>): PlanDoc {
  let done = false;
  const resources = doc.resources.map((r) => {
    if (done || r.type !== type) return r;
    done = true;
    return { ...r, inputs: change(r.inputs) };
  });
  if (!done) throw new Error(`no ${type} in the plan`);
  return { ...doc, resources };
}

describe("comparing one stack", () => {
  it("the same plan on both sides is no change", () => {
    const d = compareStack({ stack: "s", base: prototype, head: prototype });
    expect(d.status).toBe("unchanged");
    expect(d.cost).toEqual({ before: prototype.cost!.totalMonthlyUsd, after: prototype.cost!.totalMonthlyUsd });
  });

  it("a stage promotion adds resources and raises the cost", () => {
    const d = compareStack({ stack: "s", base: prototype, head: growth });
    expect(d.status).toBe("changed");
    expect(d.diff!.added.length).toBe(growth.resources.length - prototype.resources.length + d.diff!.deleted.length);
    expect(d.diff!.added.map((a) => a.type)).toContain("aws:elasticache/replicationGroup:ReplicationGroup");
    expect(d.cost.after).toBeGreaterThan(d.cost.before!);
    // Promotion replaces nothing that holds data.
    expect(d.stateful).toEqual([]);
  });

  it("a renamed log bucket is a stateful replacement, flagged and failing", () => {
    const head = edit(prototype, "aws:s3/bucket:Bucket", (i) => ({ ...i, bucket: "renamed-log-bucket" }));
    const d = compareStack({ stack: "s", base: prototype, head });
    expect(d.diff!.replaced).toHaveLength(1);
    expect(d.stateful).toEqual([expect.objectContaining({ type: "aws:s3/bucket:Bucket", change: "replaced" })]);
    expect(failing([{ stack: "s", base: prototype, head }])).toBe(true);
    expect(failing([{ stack: "s", base: prototype, head: prototype }])).toBe(false);
  });

  it("no stack file at the base: a new stack, everything added, cost n/a before", () => {
    const d = compareStack({ stack: "s", base: null, head: prototype });
    expect(d.status).toBe("new");
    expect(d.diff!.added).toHaveLength(prototype.resources.length);
    expect(d.cost.before).toBeNull();
  });
});

describe("the comment", () => {
  it("one table row per stack with counts, verdict and cost before -> after; details per changed stack", () => {
    const bucketRenamed = edit(prototype, "aws:s3/bucket:Bucket", (i) => ({ ...i, bucket: "renamed-log-bucket" }));
    const violating: PlanDoc = { ...prototype, policy: { violations: [{ policy: "tags-required", urn: prototype.resources[3]!.urn, message: "m", level: "mandatory" }] } };
    const md = renderPrDiff(
      [
        { stack: "grow", base: prototype, head: growth },
        { stack: "fresh", base: null, head: prototype },
        { stack: "same", base: prototype, head: prototype },
        { stack: "risky", base: prototype, head: bucketRenamed },
        { stack: "blocked", base: prototype, head: violating },
      ],
      { base: "abc1234", head: "def5678" },
    );
    const lines = md.split("\n");
    expect(lines[0]).toBe(commentMarker);
    expect(lines[1]).toBe("### Offline plan: abc1234 → def5678");
    const row = (s: string) => lines.find((l) => l.startsWith(`| \`${s}\` |`))!;
    const d = compareStack({ stack: "grow", base: prototype, head: growth });
    const delta = growth.cost!.totalMonthlyUsd - prototype.cost!.totalMonthlyUsd;
    const fmt = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    // Deleted: the prototype's NAT instance, its launch template and its security group.
    expect(row("grow")).toBe(
      `| \`grow\` | changed | ${d.diff!.added.length} | ${d.diff!.changed.length} | ${d.diff!.replaced.length} | 3 | ✅ pass | ${fmt(prototype.cost!.totalMonthlyUsd)} → ${fmt(growth.cost!.totalMonthlyUsd)} (+${fmt(delta)}) |`,
    );
    expect(row("fresh")).toBe(`| \`fresh\` | 🆕 new stack | ${prototype.resources.length} | 0 | 0 | 0 | ✅ pass | n/a → ${fmt(prototype.cost!.totalMonthlyUsd)} |`);
    expect(row("same")).toContain("| no change | 0 | 0 | 0 | 0 | ✅ pass |");
    expect(row("risky")).toContain("| changed ⚠️ 1 stateful | 0 | 0 | 1 | 0 |");
    expect(row("blocked")).toContain("| ❌ 1 mandatory, 0 advisory |");
    expect(md).toContain("**⚠️ 1 stateful resource(s) would be deleted or replaced**");
    expect(md).toContain("<details><summary><code>fresh</code>: 🆕 new stack</summary>");
    expect(md).toContain(`- ${prototype.resources.length} resources to create (the base commit has no stack file)`);
    expect(md).not.toContain("<code>same</code>");
  });
});

describe("npm run pr-diff", () => {
  const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
  const run = (args: string[]) => spawnSync(tsx, [path.join(repoRoot, "cli", "pr-diff.ts"), ...args], { cwd: repoRoot, encoding: "utf8" });

  it("compares plan-JSON folders; a stack only at the head is new", () => {
    const base = tmp("base");
    const head = tmp("head");
    writeFileSync(path.join(base, "plan-a.json"), JSON.stringify(prototype));
    writeFileSync(path.join(head, "plan-a.json"), JSON.stringify(growth));
    writeFileSync(path.join(head, "b.json"), JSON.stringify(prototype));
    const out = path.join(tmp("out"), "comment.md");
    const r = run(["--base", base, "--head", head, "--out", out, "--base-label", "main"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const md = readFileSync(out, "utf8");
    expect(md).toMatch(/^\| `a` \| changed \|/m);
    expect(md).toMatch(/^\| `b` \| 🆕 new stack \|/m);
  });

  it("plans a checkout with its own planner; a stack file missing there is a new stack", () => {
    const base = tmp("checkout");
    mkdirSync(path.join(base, "stacks"));
    const head = tmp("plans");
    writeFileSync(path.join(head, "prototype-aws-us-east-1.json"), JSON.stringify(prototype));
    const r = run(["--base", base, "--head", head]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\| `prototype-aws-us-east-1` \| 🆕 new stack \| \d+ \|/m);
  });

  it.each([
    [[], "--base is required"],
    [["--base", "no-such-ref-or-dir"], "--base: 'no-such-ref-or-dir' is neither a directory nor a git commit"],
    [["--base", ".", "--head", "/nonexistent"], "--head: /nonexistent is not a directory"],
    [["--base", ".", "--stack", "nope"], "--stack: no stack nope at the base or the head"],
    [["--base", ".", "--jobs", "0"], "--jobs: '0' is not a whole number of 1 or more"],
    [["--base", ".", "--jobs", "two"], "--jobs: 'two' is not a whole number of 1 or more"],
  ])("bad arguments %j: exit 1 with a clear message", (args, message) => {
    const r = run(args as string[]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
  });
});

/** Every string in a plan input, with its path (`values.lora[0].uri`). */
function inputStrings(v: unknown, at: string, out: { path: string; value: string }[] = []): { path: string; value: string }[] {
  if (typeof v === "string") out.push({ path: at, value: v });
  else if (Array.isArray(v)) v.forEach((x, i) => inputStrings(x, `${at}[${i}]`, out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) inputStrings(x, at ? `${at}.${k}` : k, out);
  return out;
}

describe("one commit in two folders (a laptop and CI, the base worktree of a git ref)", () => {
  const roots = [...new Set([repoRoot, realpathSync(repoRoot)])];

  it("no planned input of any example holds the checkout's folder; the kit's charts are repo-relative", async () => {
    const charts: string[] = [];
    for (const stack of exampleStacks) {
      const file = exampleFile(stack);
      const { result, spec } = await planStack(file);
      expect(result.errors, stack).toEqual([]);
      const doc = planJson(result, costOfPlan(file, spec!, result.resources));
      for (const r of doc.resources) {
        for (const s of inputStrings(r.inputs, "")) {
          for (const root of roots) expect(s.value.includes(root), `${stack} ${r.name} ${s.path}: ${s.value}`).toBe(false);
          if (r.type === "kubernetes:helm.sh/v3:Release" && s.path === "chart" && s.value.includes("/")) charts.push(s.value);
        }
      }
    }
    // Scale and enterprise stacks serve models from the kit's vLLM chart; enterprise fine-tunes too.
    expect(new Set(charts)).toEqual(new Set(["charts/vllm-serving", "charts/fine-tuning"]));
  }, 300_000);

  it("npm run pr-diff between two copies of the same tree: no change for any stack", () => {
    // A copy of this working tree (tracked and new files) in another folder, with its dependencies.
    const copy = tmp("clone");
    const ls = spawnSync("git", ["-C", repoRoot, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" });
    expect(ls.status).toBe(0);
    for (const f of ls.stdout.split("\0").filter(Boolean)) {
      const from = path.join(repoRoot, f);
      if (!existsSync(from) || f === "node_modules" || f.startsWith(".tools")) continue;
      mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
      copyFileSync(from, path.join(copy, f));
    }
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(copy, "node_modules"));
    const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
    const r = spawnSync(tsx, [path.join(repoRoot, "cli", "pr-diff.ts"), "--base", copy, "--head", repoRoot], { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const rows = r.stdout.split("\n").filter((l) => /^\| `[^`]+` \|/.test(l));
    expect(rows.map((l) => l.split(" | ")[0]!.slice(3, -1))).toEqual(exampleStacks);
    for (const row of rows) expect(row).toMatch(/^\| `[^`]+` \| no change \| 0 \| 0 \| 0 \| 0 \|/);
    expect(r.stdout).not.toContain("<details>");
  }, 600_000);
});
