// Pull-request plan diff speed with one stack changed: `tsx cli/pr-diff.ts --base <commit> --head
// <worktree>` where the head is the commit with one stack file edited, timed for this checkout
// and, with `--base`, for another checkout of the kit (its own cli/pr-diff.ts, e.g. main before
// a change), one after the other in the same run; plus this checkout with `--all` (every stack
// planned, as when a component changes). No assertions.
//
//   npx tsx bench/pr-diff.ts [--base <checkout dir>] [--stack <name>]
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { listStacks, repoRoot } from "../planner/stack-file";

function git(dir: string, args: string[]): string {
  const r = spawnSync("git", ["-C", dir, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} in ${dir}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** Seconds `checkout`'s pr-diff takes from its HEAD commit to that commit with `stack`'s file edited. */
function timePrDiff(checkout: string, stack: string, extra: string[] = []): { seconds: number; rows: string[] } {
  const commit = git(checkout, ["rev-parse", "HEAD"]);
  const head = mkdtempSync(path.join(tmpdir(), "ai-infra-bench-prdiff-"));
  rmSync(head, { recursive: true });
  git(checkout, ["worktree", "add", "--detach", "--quiet", head, commit]);
  try {
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(head, "node_modules"));
    appendFileSync(path.join(head, "stacks", `Pulumi.${stack}.yaml`), "# edited by bench/pr-diff.ts\n");
    const tsx = [path.join(checkout, "node_modules", ".bin", "tsx"), path.join(repoRoot, "node_modules", ".bin", "tsx")].find(existsSync)!;
    const t0 = performance.now();
    const r = spawnSync(tsx, [path.join(checkout, "cli", "pr-diff.ts"), "--base", commit, "--head", head, ...extra], { cwd: checkout, encoding: "utf8", maxBuffer: 64 << 20 });
    const seconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`pr-diff in ${checkout} exited ${r.status}: ${r.stderr.trim()}`);
    return { seconds, rows: r.stdout.split("\n").filter((l) => /^\| `[^`]+` \|/.test(l)) };
  } finally {
    git(checkout, ["worktree", "remove", "--force", head]);
  }
}

function main(): void {
  const argv = process.argv.slice(2);
  const valueOf = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const base = valueOf("--base") ? path.resolve(valueOf("--base")!) : undefined;
  if (base && !existsSync(path.join(base, "cli", "pr-diff.ts"))) throw new Error(`--base ${base}: no cli/pr-diff.ts there`);
  const stack = valueOf("--stack") ?? "prototype-gcp-europe-west4";
  if (!listStacks().includes(stack)) throw new Error(`--stack: no stack ${stack}`);

  const runs: [string, { seconds: number; rows: string[] }][] = [];
  if (base) runs.push([`base (${git(base, ["rev-parse", "--short", "HEAD"])}), one stack changed`, timePrDiff(base, stack)]);
  runs.push([`this (${git(repoRoot, ["rev-parse", "--short", "HEAD"])}), one stack changed`, timePrDiff(repoRoot, stack)]);
  runs.push([`this, --all (every stack planned)`, timePrDiff(repoRoot, stack, ["--all"])]);
  const first = runs[0]![1].seconds;
  console.log("| run | stacks in the comment | planned | seconds | base / this |");
  console.log("|---|---:|---:|---:|---:|");
  for (const [label, r] of runs) {
    const planned = r.rows.filter((l) => !l.includes("not planned")).length;
    console.log(`| ${label} | ${r.rows.length} | ${planned} | ${r.seconds.toFixed(1)} | ${base ? `${(first / r.seconds).toFixed(2)}×` : "-"} |`);
  }
  console.log(`\nstack changed: ${stack}; node ${process.version}, ${process.platform}/${process.arch}`);
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
