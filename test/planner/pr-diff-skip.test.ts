// The pull-request diff plans a stack only when a file its plan may read changed. These tests hold
// the skip rule against what every example's plan really reads, and against a change in each of
// the checkout's folders, so a skipped stack can never hide a change.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changedFiles } from "../../planner/changed-files";
import { stacksToPlan } from "../../planner/pr-diff";
import { repoRoot } from "../../planner/stack-file";
import { exampleStacks } from "../helpers/stacks";

const recorder = path.join(repoRoot, "test", "helpers", "record-reads.cjs");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = (p: string) => {
  const d = mkdtempSync(path.join(tmpdir(), `ai-infra-skip-${p}-`));
  dirs.push(d);
  return d;
};

/** Stacks `stacksToPlan` plans for these changed files. */
const planned = (changed: string[] | null) => [...stacksToPlan(exampleStacks, changed)].filter(([, why]) => why !== null).map(([s]) => s);

/** Repo-relative files (and folders) a plan of `stack` reads or loads, dependencies left out. */
function readsOf(stack: string): Promise<string[]> {
  const out = path.join(tmp("reads"), "reads.json");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", recorder, "--import", "tsx", path.join("cli", "plan.ts"), stack, "--json"], {
      cwd: repoRoot,
      env: { ...process.env, RECORD_READS: out },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`plan of ${stack} exited ${code}: ${err}`));
      const files = (JSON.parse(readFileSync(out, "utf8")) as string[])
        .filter((f) => f.startsWith(`${repoRoot}${path.sep}`))
        .map((f) => path.relative(repoRoot, f).split(path.sep).join("/"))
        .filter((f) => f !== "node_modules" && !f.startsWith("node_modules/") && f !== path.relative(repoRoot, recorder));
      resolve([...new Set(files)].sort());
    });
  });
}

describe("what each example's plan reads", () => {
  const reads = new Map<string, string[]>();
  beforeAll(async () => {
    // Two plans at a time, the machine's two cores.
    const queue = [...exampleStacks];
    const worker = async () => {
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) reads.set(s, await readsOf(s));
    };
    await Promise.all([worker(), worker()]);
  }, 900_000);

  it("is recorded: the stack's own file, the planner, the program and the policy packs", () => {
    expect([...reads.keys()].sort()).toEqual(exampleStacks);
    for (const [stack, files] of reads) {
      for (const f of [`stacks/Pulumi.${stack}.yaml`, "cli/plan.ts", "planner/plan.ts", "components/program.ts", "policies/guardrails/runner.ts", "tsconfig.json"]) {
        expect(files, stack).toContain(f);
      }
    }
  });

  it("a change to any file a plan reads re-plans that stack", () => {
    for (const [stack, files] of reads) {
      for (const f of files) expect(planned([f]), `${stack} reads ${f}`).toContain(stack);
    }
  });

  it("no plan reads another stack's file, so a stack file's change re-plans that stack alone", () => {
    for (const [stack, files] of reads) expect(files.filter((f) => f.startsWith("stacks/Pulumi.")), stack).toEqual([`stacks/Pulumi.${stack}.yaml`]);
  });
});

describe("a change in each folder of the checkout", () => {
  let base: string;
  let head: string;
  const tracked = spawnSync("git", ["-C", repoRoot, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" })
    .stdout.split("\0")
    .filter((f) => f !== "" && f !== "node_modules" && f !== ".tools" && existsSync(path.join(repoRoot, f)));
  // The first file of every top-level folder, and every top-level file.
  const samples = [...new Map(tracked.map((f) => [f.split("/")[0]!, f])).values()].sort();
  // Documentation, tests and benchmarks: no plan reads them (checked above against real plans).
  const inert = new Set(["docs", "test", "bench"]);

  beforeAll(() => {
    // Two git work trees holding this checkout's files: the base and the head of a pull request.
    base = tmp("base");
    head = tmp("head");
    for (const dir of [base, head]) {
      for (const f of tracked) {
        mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        copyFileSync(path.join(repoRoot, f), path.join(dir, f));
      }
      expect(spawnSync("git", ["init", "-q", dir]).status).toBe(0);
      symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
    }
  });

  it("the sample covers the checkout's folders", () => {
    for (const d of ["charts", "cli", "components", "planner", "policies", "stacks", "docs", "test", "bench", "package-lock.json", "package.json", "tsconfig.json"]) {
      expect(samples.map((f) => f.split("/")[0])).toContain(d);
    }
  });

  it("no difference: no stack planned", () => {
    expect(changedFiles(base, head)).toEqual([]);
    expect(planned([])).toEqual([]);
  });

  it.each(samples)("%s edited", (file) => {
    const target = path.join(head, file);
    const before = readFileSync(target);
    appendFileSync(target, "\n");
    try {
      const changed = changedFiles(base, head);
      expect(changed).toEqual([file]);
      const folder = file.split("/")[0]!;
      const stackFile = /^stacks\/Pulumi\.(.+)\.yaml$/.exec(file);
      if (inert.has(folder)) expect(planned(changed)).toEqual([]);
      else if (stackFile) expect(planned(changed)).toEqual([stackFile[1]]);
      else expect(planned(changed)).toEqual(exampleStacks);
    } finally {
      writeFileSync(target, before);
    }
  });

  it("a new file, or a file removed, in a source folder re-plans every stack", () => {
    writeFileSync(path.join(head, "components", "new-part.ts"), "export {};\n");
    try {
      expect(changedFiles(base, head)).toEqual(["components/new-part.ts"]);
      expect(planned(changedFiles(base, head))).toEqual(exampleStacks);
    } finally {
      unlinkSync(path.join(head, "components", "new-part.ts"));
    }
    const gone = path.join(base, "charts", "vllm-serving", "Chart.yaml");
    const kept = readFileSync(gone);
    unlinkSync(gone);
    try {
      expect(changedFiles(base, head)).toEqual(["charts/vllm-serving/Chart.yaml"]);
      expect(planned(changedFiles(base, head))).toEqual(exampleStacks);
    } finally {
      writeFileSync(gone, kept);
    }
  });

  it("a folder that is not a git work tree of its own: nothing is skipped", () => {
    expect(changedFiles(path.join(base, "components"), head)).toBeNull();
    expect(planned(null)).toEqual(exampleStacks);
  });

  it("npm run pr-diff with one stack file changed plans that stack at both sides and no other", () => {
    const stack = "prototype-gcp-europe-west4";
    const file = path.join(head, "stacks", `Pulumi.${stack}.yaml`);
    const before = readFileSync(file, "utf8");
    expect(before).toContain("    retentionDays: 30\n");
    writeFileSync(file, before.replace("    retentionDays: 30\n", "    retentionDays: 60\n"));
    try {
      const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
      const cli = path.join(repoRoot, "cli", "pr-diff.ts");
      const dry = spawnSync(tsx, [cli, "--base", base, "--head", head, "--dry-run"], { cwd: repoRoot, encoding: "utf8" });
      expect(dry.status).toBe(0);
      expect(dry.stdout.trim().split("\n")).toEqual(exampleStacks.map((s) => (s === stack ? `plan ${s}: its stack file changed` : `skip ${s}: no file its plan reads changed`)));
      const r = spawnSync(tsx, [cli, "--base", base, "--head", head], { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 << 20 });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const rows = r.stdout.split("\n").filter((l) => /^\| `[^`]+` \|/.test(l));
      expect(rows.map((l) => l.split(" | ")[0]!.slice(3, -1))).toEqual(exampleStacks);
      for (const row of rows) {
        if (row.startsWith(`| \`${stack}\` |`)) expect(row).toMatch(/^\| `[^`]+` \| changed \| 0 \| 1 \| 0 \| 0 \| ✅ pass \|/);
        else expect(row).toMatch(/^\| `[^`]+` \| no change \(not planned: no file its plan reads changed\) \| — \| — \| — \| — \| — \| n\/a \|$/);
      }
    } finally {
      writeFileSync(file, before);
    }
  }, 300_000);
});
