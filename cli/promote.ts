// Promotion check: plan a stack at its own stage and at a later one, and diff the two plans.
//
//   npm run promote -- <stack name | path to a stack config file> --to <stage> [--json] [--write] [--out <file>]
//
// Exit codes: 0 promotion is additive; 1 invalid config at either stage, unknown stack or bad
// arguments; 2 the promoted stack has a mandatory policy violation; 3 a stateful resource would be
// deleted or replaced; 4 the program failed under the mock runtime. See cli/README.md.
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { type CommandSpec, commandArgs } from "./lib/args";
import { runMain } from "./lib/main";
import { exitCodes } from "../planner/plan";
import { discoverPolicyModules, loadPolicyModule } from "../planner/policy";
import { type PromoteResult, promoteStack, setStageInYaml } from "../planner/promote";
import { renderErrors } from "../planner/render";
import { renderPromotion } from "../planner/render-promote";
import { loadStackFile, repoRoot, resolveStackArg } from "../planner/stack-file";

export const cli: CommandSpec = {
  usage: "usage: npm run promote -- <stack name | path to a stack config file> --to <stage> [--json] [--write] [--out <file>] [--policy-pack <file>]...",
  booleans: ["json", "write"],
  values: ["to", "out", "policy-pack"],
};

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const empty = (stack: string, to: string): PromoteResult => ({
    stack, from: null, to, added: [], changed: [], replaced: [], deleted: [], stateful: [], policy: { violations: [] }, errors: [],
  });
  const fail = (stack: string, to: string, errors: { path: string; message: string }[]) => {
    if (json) process.stdout.write(`${JSON.stringify({ ...empty(stack, to), errors })}\n`);
    else for (const e of errors) process.stderr.write(`${e.path ? `${e.path}: ` : ""}${e.message}\n`);
    return exitCodes.invalidConfig;
  };
  const args = commandArgs(argv, cli, { fail: (message) => fail("", "", [{ path: "", message }]) });
  if (typeof args === "number") return args;
  const { positional, flags, values } = args;
  const to = values.to?.at(-1);
  if (positional.length !== 1 || !to) return fail(positional[0] ?? "", to ?? "", [{ path: "", message: cli.usage }]);

  const ref = resolveStackArg(positional[0]);
  if (!ref.ok) return fail(positional[0]!, to, [{ path: "", message: ref.message }]);
  const loaded = loadStackFile(ref.file, ref.stack);
  if (!loaded.ok) return fail(ref.stack, to, loaded.errors);
  for (const f of [...discoverPolicyModules(path.join(repoRoot, "policies")), ...(values["policy-pack"] ?? [])]) loadPolicyModule(f);

  const { result, exitCode } = await promoteStack(loaded.file, to);
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (result.errors.length > 0) {
    process.stderr.write(`cannot promote ${result.stack} to ${to}:\n${renderErrors(result.errors)}\n`);
  } else process.stdout.write(`${renderPromotion(result)}\n`);

  if ((flags.write || values.out) && exitCode === exitCodes.ok) {
    const target = values.out?.at(-1) ?? ref.file;
    writeFileSync(target, setStageInYaml(readFileSync(ref.file, "utf8"), to));
    // The stack keeps its name (and so its state and URNs); only the stage setting changes.
    process.stderr.write(`wrote ${path.relative(process.cwd(), target)} (ai-infra:stage: ${to})\n`);
  } else if (flags.write || values.out) {
    process.stderr.write("not written: the promotion is not safe (see above)\n");
  }
  return exitCode;
}

if (require.main === module) runMain(main, "promote", exitCodes.programError);
