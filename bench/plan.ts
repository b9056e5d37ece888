// Offline plan speed per example stack: the median wall time of `tsx cli/plan.ts <stack> --json`,
// each run in a fresh child process (what CI and a user pay), plus the median in-process time of
// the plan alone once modules are loaded (what the planner itself costs). No assertions.
//
//   npm run bench:plan [-- --runs <n>] [-- --base <checkout dir>] [-- <stack>...]
//
// With `--base`, every figure is also taken on that checkout (an older commit's worktree with its
// own dependencies or a link to these), alternating with this checkout's run by run so that both
// sides see the same load, and the table gives base / this as a ratio (2.0 = twice as fast).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { countResources } from "../planner/render";
import { listStacks, repoRoot } from "../planner/stack-file";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function tsxOf(root: string): string {
  return [path.join(root, "node_modules", ".bin", "tsx"), path.join(repoRoot, "node_modules", ".bin", "tsx")].find(existsSync)!;
}

/** One child-process plan in `root`: wall ms, exit code, stdout. */
function childPlan(root: string, stack: string): { ms: number; exit: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(tsxOf(root), [path.join(root, "cli", "plan.ts"), stack, "--json"], { cwd: root, encoding: "utf8", maxBuffer: 256 << 20 });
  return { ms: performance.now() - t0, exit: r.status ?? -1, stdout: r.stdout };
}

/** Warm in-process plan times of `stack` with the planner of `root`, in a process of their own. */
function inProcess(root: string, stack: string, runs: number): number[] {
  const r = spawnSync(tsxOf(repoRoot), [path.join(repoRoot, "bench", "plan-inprocess.ts"), root, stack, String(runs)], { cwd: root, encoding: "utf8", maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`in-process plan of ${stack} in ${root} failed: ${r.stderr.trim().split("\n")[0]}`);
  return (JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { times: number[] }).times;
}

const ratio = (base: number, head: number) => (head > 0 ? `${(base / head).toFixed(2)}×` : "-");

function main(): void {
  const argv = process.argv.slice(2);
  const valueOf = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const runs = Math.max(1, Number(valueOf("--runs")) || 5);
  const baseArg = valueOf("--base");
  const base = baseArg ? path.resolve(baseArg) : undefined;
  if (base && !existsSync(path.join(base, "cli", "plan.ts"))) throw new Error(`--base ${baseArg}: no cli/plan.ts there (not a checkout of the kit)`);
  const named = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--runs" && argv[i - 1] !== "--base");
  const stacks = named.length > 0 ? named : listStacks();

  const rows: string[][] = [];
  for (const stack of stacks) {
    const wall: number[] = [];
    const baseWall: number[] = [];
    let total = 0;
    let custom = 0;
    let exit = 0;
    for (let i = 0; i < runs; i++) {
      if (base) baseWall.push(childPlan(base, stack).ms);
      const r = childPlan(repoRoot, stack);
      wall.push(r.ms);
      exit = r.exit;
      if (i === 0 && exit !== 1 && r.stdout) {
        const c = countResources(JSON.parse(r.stdout).resources);
        total = c.total;
        custom = c.custom;
      }
    }
    const baseIn = base ? inProcess(base, stack, runs) : [];
    const headIn = inProcess(repoRoot, stack, runs);
    const row = [stack, String(custom), String(total)];
    if (base) {
      row.push(median(baseWall).toFixed(0), median(wall).toFixed(0), ratio(median(baseWall), median(wall)));
      row.push(median(baseIn).toFixed(0), median(headIn).toFixed(0), ratio(median(baseIn), median(headIn)));
    } else {
      row.push(median(wall).toFixed(0), median(headIn).toFixed(0));
    }
    row.push(String(exit));
    rows.push(row);
    // Progress on stderr: a long run under load still leaves its finished rows behind.
    console.error(row.join(" | "));
  }

  const head = base
    ? ["stack", "resources", "registered", `child ms base`, `child ms this`, "child speed-up", `in-process ms base`, `in-process ms this`, "in-process speed-up", "exit"]
    : ["stack", "resources", "registered (incl. components, providers)", `child process ms (median of ${runs})`, "in-process ms (median, warm)", "exit"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (i === 0 ? `${"-".repeat(w + 1)}-` : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const r of rows) console.log(line(r));
  console.log(`\nmedians of ${runs} runs; node ${process.version}, ${process.platform}/${process.arch}${base ? `; base ${path.basename(base)}` : ""}`);
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
