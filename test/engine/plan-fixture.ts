// Prints the offline planner's plan of one fixture of fixtures.ts as JSON (the `plan --json`
// shape plus the exit code), for the engine tests, which cannot load the planner's mock runtime
// into the process that serves the engine's inline program.
import { planStack } from "../../planner/plan";
import { loadStackFile } from "../../planner/stack-file";
import { runner as guardrails } from "../../policies/guardrails/runner";
import { runner as residency } from "../../policies/residency/runner";
import { fixtures } from "./fixtures";

async function main() {
  const name = process.argv[2] ?? "";
  const fixture = fixtures[name];
  if (!fixture) throw new Error(`unknown fixture '${name}'; fixtures: ${Object.keys(fixtures).join(", ")}`);
  const loaded = loadStackFile(fixture.stackFile, fixture.stack);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const { exitCode, result } = await planStack(loaded.file, { runners: [residency, guardrails], program: fixture.program });
  process.stdout.write(JSON.stringify({ code: exitCode, ...result }));
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
