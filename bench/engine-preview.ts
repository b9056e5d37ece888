// `pulumi preview` through the real engine for every stack in stacks/ (test/engine/harness.ts):
// wall time per preview, resources the engine stepped over against the offline plan's, and the
// policies that could not run during the preview (the analyzer's "can't run policy ... during
// preview"). Prints numbers; asserts nothing. Needs scripts/setup/50-pulumi.sh first.
//
//   npx tsx bench/engine-preview.ts [<stack> ...]
import * as path from "node:path";
import { listStacks, stacksDir } from "../planner/stack-file";
import { enginePreview, kitProgram, plannerPlan } from "../test/engine/harness";

async function main() {
  const stacks = process.argv.length > 2 ? process.argv.slice(2) : listStacks();
  const program = await kitProgram();
  const rows: string[] = [];
  const notRun = new Map<string, Set<string>>();
  for (const stack of stacks) {
    const file = path.join(stacksDir, `Pulumi.${stack}.yaml`);
    const started = performance.now();
    const preview = await enginePreview({ stack, stackFile: file, program });
    const ms = performance.now() - started;
    const plan = await plannerPlan(file);
    const stackUrn = preview.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
    const defaults = preview.resources.filter((r) => r.type.startsWith("pulumi:providers:") && r.urn.split("::").pop()!.startsWith("default"));
    const programs = preview.resources.length - defaults.length - (stackUrn ? 1 : 0);
    const planned = new Set(plan.resources.map((r) => r.urn));
    const same = preview.resources.filter((r) => planned.has(r.urn)).length;
    for (const p of preview.policies.filter((x) => x.message.startsWith("can't run policy"))) {
      const detail = p.message.replace(/^.* during preview: /, "");
      (notRun.get(p.policy) ?? notRun.set(p.policy, new Set()).get(p.policy)!).add(`${stack}: ${detail}`);
    }
    rows.push(
      `| ${stack} | ${preview.ok ? 0 : 1} | ${Math.round(ms)} | ${preview.resources.length} | ${programs} | ${plan.resources.length} | ${same} | ${defaults.map((d) => d.type.replace("pulumi:providers:", "")).join(", ")} |`,
    );
    process.stderr.write(`${stack}: ${Math.round(ms)} ms\n`);
  }
  console.log("| stack | exit | preview ms | engine steps | program's resources | planner | same URN | default providers |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---|");
  for (const r of rows) console.log(r);
  console.log("\nPolicies that could not run during the preview:");
  for (const [policy, where] of [...notRun].sort()) {
    console.log(`- ${policy}`);
    for (const w of [...where].sort()) console.log(`  - ${w}`);
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
