// Offline plan: what `pulumi up` would create for a stack, without a cloud or the Pulumi CLI.
//
//   npm run plan -- [<stack name | path to a stack config file>] [--json] [--summary] [--policy-pack <file>]...
//
// Human output: the summary first (stack, monthly cost, resources by region/component/type,
// policy results grouped by policy), then the tree by region (`--summary` leaves it out). Long
// lines (a policy message, a config problem) wrap at the terminal's width, or 100 columns when
// the output is not a terminal; nothing is cut, `--json` included.
// `--json` adds `cost` to the plan document (totals, by region, notes, not-priced) and to each
// resource (`resources[i].cost`).
//
// Exit codes: 0 plan made, no mandatory violation; 1 invalid config, unknown stack or bad
// arguments; 2 mandatory policy violation; 4 the program failed under the mock runtime.
// See cli/README.md.
// First: the SDK parts a plan never uses load only if something uses them.
import "../planner/lazy-sdk";
import * as path from "node:path";
import { type CommandSpec, commandArgs, withUsage } from "./lib/args";
import { runMain } from "./lib/main";
import { type PlanOutcome, type PlanResult, exitCodes, planStack } from "../planner/plan";
import { discoverPolicyModules, loadPolicyModule } from "../planner/policy";
import { costOfPlan, planJson } from "../planner/cost";
import { renderErrors, renderPlan, terminalWidth } from "../planner/render";
import { loadStackFile, repoRoot, resolveStackArg } from "../planner/stack-file";

export const cli: CommandSpec = {
  usage: "usage: npm run plan -- [<stack name | path to a stack config file>] [--json] [--summary | --tree] [--policy-pack <file>]...",
  booleans: ["json", "summary", "tree"],
  values: ["policy-pack"],
};

function emptyResult(stack: string): PlanResult {
  return { stack, stage: null, cloud: null, regions: [], resources: [], policy: { violations: [] }, errors: [] };
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const fail = (stack: string, errors: { path: string; message: string }[], code: number = exitCodes.invalidConfig) => {
    if (json) process.stdout.write(`${JSON.stringify({ ...emptyResult(stack), errors })}\n`);
    else for (const e of errors) process.stderr.write(`${e.path ? `${e.path}: ` : ""}${e.message}\n`);
    return code;
  };
  const args = commandArgs(argv, cli, { fail: (message) => fail("", [{ path: "", message }]) });
  if (typeof args === "number") return args;
  const { positional, flags, values } = args;
  if (positional.length > 1) return fail("", [{ path: "", message: withUsage(cli, "one stack at a time") }]);
  if (flags.summary && flags.tree) return fail("", [{ path: "", message: withUsage(cli, "--summary and --tree exclude each other") }]);

  const ref = resolveStackArg(positional[0]);
  if (!ref.ok) return fail(positional[0] ?? "", [{ path: "", message: ref.message }]);
  const loaded = loadStackFile(ref.file, ref.stack);
  if (!loaded.ok) return fail(ref.stack, loaded.errors);

  for (const f of [...discoverPolicyModules(path.join(repoRoot, "policies")), ...(values["policy-pack"] ?? [])]) loadPolicyModule(f);

  const outcome: PlanOutcome = await planStack(loaded.file);
  const { result } = outcome;
  // Priced whenever the program ran: a policy violation does not make the cost unknown.
  const cost = outcome.spec && (outcome.exitCode === exitCodes.ok || outcome.exitCode === exitCodes.policy) ? costOfPlan(loaded.file, outcome.spec, result.resources) : undefined;
  if (json) {
    process.stdout.write(`${JSON.stringify(planJson(result, cost))}\n`);
  } else if (outcome.exitCode === exitCodes.invalidConfig) {
    const n = result.errors.length;
    process.stderr.write(`invalid stack config ${path.relative(process.cwd(), ref.file)} (${n} problem${n === 1 ? "" : "s"}):\n`);
    process.stderr.write(`${renderErrors(result.errors, outcome.errorValues, terminalWidth(process.stderr))}\n`);
  } else if (outcome.exitCode === exitCodes.programError) {
    process.stderr.write(`the program failed under the offline plan of ${result.stack}:\n${renderErrors(result.errors, undefined, terminalWidth(process.stderr))}\n`);
  } else {
    process.stdout.write(`${renderPlan(result, { cost, tree: !flags.summary, width: terminalWidth(process.stdout) })}\n`);
  }
  return outcome.exitCode;
}

if (require.main === module) runMain(main, "plan", exitCodes.programError);
