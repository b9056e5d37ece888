// Plan, cost and diff timings for every example stack and for a generated five-region stack, and
// the cost figures themselves (fixed at rest, usage and LLM at the traffic profile). No assertions.
//
//   npm run bench:cost [-- --runs <n>]
//
// The five-region stack is the growth AWS example moved to us-east-1, us-east-2, us-west-2,
// us-west-1 and ca-central-1 (jurisdiction global, US endpoints): the growth stage plans across
// regions (growth resources in each; the enterprise examples are planned with the other stacks).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { costOfPlan, planJson } from "../planner/cost";
import { type PlanOutcome, planStack } from "../planner/plan";
import { discoverPolicyModules, loadPolicyModule } from "../planner/policy";
import { type PlanDoc, renderPrDiff } from "../planner/pr-diff";
import { listStacks, loadStackFile, repoRoot, stacksDir } from "../planner/stack-file";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const fiveRegions = ["us-east-1", "us-east-2", "us-west-2", "us-west-1", "ca-central-1"];

/** The growth AWS example moved to five North American regions. */
export function fiveRegionStackText(): string {
  const text = readFileSync(path.join(stacksDir, "Pulumi.growth-aws-eu-west-1.yaml"), "utf8");
  return text
    .replace("aws:region: eu-west-1", "aws:region: us-east-1")
    .replace("ai-infra:jurisdiction: eu", "ai-infra:jurisdiction: global")
    .replace("  ai-infra:regions:\n    - eu-west-1\n", `  ai-infra:regions:\n${fiveRegions.map((r) => `    - ${r}\n`).join("")}`)
    .replace("apiBase: https://eu.api.openai.com/v1", "apiBase: https://api.openai.com/v1")
    .replace("region: eu-central-1", "region: us-east-1")
    .replace("model: eu.anthropic.", "model: us.anthropic.");
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const runsAt = argv.indexOf("--runs");
  const runs = runsAt >= 0 ? Math.max(1, Number(argv[runsAt + 1]) || 3) : 3;
  for (const f of discoverPolicyModules(path.join(repoRoot, "policies"))) loadPolicyModule(f);

  const dir = mkdtempSync(path.join(tmpdir(), "ai-infra-bench-"));
  const five = path.join(dir, "Pulumi.growth-aws-5-regions.yaml");
  writeFileSync(five, fiveRegionStackText());
  const files = [...listStacks().map((s) => path.join(stacksDir, `Pulumi.${s}.yaml`)), five];

  const rows: string[][] = [];
  const costRows: string[][] = [];
  for (const file of files) {
    const loaded = loadStackFile(file);
    if (!loaded.ok) throw new Error(`${file}: ${JSON.stringify(loaded.errors)}`);
    const planMs: number[] = [];
    let outcome: PlanOutcome | undefined;
    // The first run pays module loading; the bench reports warm runs.
    for (let i = 0; i <= runs; i++) {
      outcome = await planStack(loaded.file);
      if (i > 0) planMs.push(outcome.durationMs);
    }
    if (!outcome?.spec) throw new Error(`${loaded.file.stack} did not plan: ${JSON.stringify(outcome?.result.errors)}`);
    const costMs: number[] = [];
    let cost = costOfPlan(loaded.file, outcome.spec, outcome.result.resources);
    for (let i = 0; i < runs * 10; i++) {
      const t0 = performance.now();
      cost = costOfPlan(loaded.file, outcome.spec, outcome.result.resources);
      costMs.push(performance.now() - t0);
    }
    const doc = planJson(outcome.result, cost) as PlanDoc;
    const diffMs: number[] = [];
    for (let i = 0; i < runs * 10; i++) {
      const t0 = performance.now();
      renderPrDiff([{ stack: doc.stack, base: doc, head: doc }]);
      diffMs.push(performance.now() - t0);
    }
    const stack = loaded.file.stack;
    rows.push([stack, String(outcome.spec.regions.length), String(outcome.result.resources.length), median(planMs).toFixed(0), median(costMs).toFixed(1), median(diffMs).toFixed(1)]);
    const t = cost.traffic;
    costRows.push([
      stack,
      `$${cost.fixedMonthlyUsd.toFixed(2)}`,
      `$${cost.usageMonthlyUsd.toFixed(2)}`,
      `$${cost.llmMonthlyUsd.toFixed(2)}`,
      `$${(cost.fixedMonthlyUsd + cost.usageMonthlyUsd).toFixed(2)}`,
      t ? String(t.requestsPerDay) : "-",
      String(cost.notPriced.length),
    ]);
  }
  const table = (head: string[], body: string[][]) => {
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
    return [line(head), `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`, ...body.map(line)].join("\n");
  };
  console.log(table(["stack", "regions", "registered", `plan ms (median of ${runs}, warm)`, "cost ms", "diff+render ms"], rows));
  console.log();
  console.log(table(["stack", "fixed at rest /month", "usage /month", "LLM /month", "infra at traffic /month", "requests/day", "not priced"], costRows));
  console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
}

if (require.main === module) void main();
