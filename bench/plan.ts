// Offline plan speed per example stack: the median wall time of `tsx cli/plan.ts <stack> --json`,
// each run in a fresh child process (what CI and a user pay), plus the median in-process time of
// the plan alone once modules are loaded (what the planner itself costs). No assertions.
//
//   npm run bench:plan [-- --runs <n>] [-- <stack>...]
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { planStack } from "../planner/plan";
import { discoverPolicyModules, loadPolicyModule } from "../planner/policy";
import { countResources } from "../planner/render";
import { listStacks, loadStackFile, repoRoot, stacksDir } from "../planner/stack-file";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const runsAt = argv.indexOf("--runs");
  const runs = runsAt >= 0 ? Math.max(1, Number(argv[runsAt + 1]) || 5) : 5;
  const named = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--runs");
  const stacks = named.length > 0 ? named : listStacks();
  const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
  // The in-process column runs the same policy packs the CLI runs, so the two measure the same work.
  for (const f of discoverPolicyModules(path.join(repoRoot, "policies"))) loadPolicyModule(f);

  const rows: string[][] = [];
  for (const stack of stacks) {
    const wall: number[] = [];
    let total = 0;
    let custom = 0;
    let exit = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync(tsx, [path.join(repoRoot, "cli", "plan.ts"), stack, "--json"], { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 << 20 });
      wall.push(performance.now() - t0);
      exit = r.status ?? -1;
      if (i === 0 && exit !== 1 && r.stdout) {
        const c = countResources(JSON.parse(r.stdout).resources);
        total = c.total;
        custom = c.custom;
      }
    }
    const inProcess: number[] = [];
    const file = loadStackFile(path.join(stacksDir, `Pulumi.${stack}.yaml`), stack);
    if (file.ok) {
      // The first in-process run pays module loading; it is the child-process column's business.
      for (let i = 0; i <= runs; i++) {
        const o = await planStack(file.file);
        if (i > 0) inProcess.push(o.durationMs);
      }
    }
    rows.push([stack, String(custom), String(total), median(wall).toFixed(0), inProcess.length ? median(inProcess).toFixed(0) : "-", String(exit)]);
  }

  const head = ["stack", "resources", "registered (incl. components, providers)", `child process ms (median of ${runs})`, "in-process ms (median, warm)", "exit"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  console.log(line(head));
  console.log(`|${widths.map((w, i) => (i === 0 ? `${"-".repeat(w + 1)}-` : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const r of rows) console.log(line(r));
  console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
