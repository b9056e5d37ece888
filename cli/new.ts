// A stack file of one's own: the stage, the cloud and the regions in; a commented
// `stacks/Pulumi.<stack>.yaml` that plans as it is out, with providers that serve the jurisdiction,
// and the `pulumi config set` commands for every placeholder printed.
//
//   npm run new -- <stage> <cloud> <region>... [--jurisdiction <j>] [--provider <p>]... [--name <stack>] [--out <file>] [--print]
//
// In a terminal, missing arguments are asked for (the allowed values in each question).
//
// Exit codes: 0 written (or printed); 1 bad arguments, or the file exists (never overwritten).
// See cli/README.md.
import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { createInterface } from "node:readline/promises";
import { type CommandSpec, commandArgs, usageError } from "./lib/args";
import { runMain } from "./lib/main";
import { type NewStackRequest, askForRequest, newStack, renderHints } from "../planner/new-stack";
import { stackNameOf, stacksDir } from "../planner/stack-file";

export const cli: CommandSpec = {
  usage: "usage: npm run new -- <stage> <cloud> <region>... [--jurisdiction <j>] [--provider <p>]... [--name <stack>] [--out <file>] [--print]",
  booleans: ["print"],
  values: ["jurisdiction", "provider", "name", "out"],
};

async function main(argv: string[]): Promise<number> {
  const args = commandArgs(argv, cli);
  if (typeof args === "number") return args;
  const { positional, flags, values } = args;
  for (const once of ["jurisdiction", "name", "out"]) {
    if ((values[once]?.length ?? 0) > 1) return usageError(cli, `--${once} is given more than once`);
  }
  // In a terminal, what is missing is asked for; elsewhere (CI, scripts) it is an error.
  const interactive = positional.length < 3 && process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (positional.length < 3 && !interactive) return usageError(cli, "stage, cloud and at least one region are needed");
  const [stage, cloud, ...regions] = positional;
  // `npm run new -- … --out ./x.yaml` runs in the package root; npm keeps the caller's directory in INIT_CWD.
  const out = values.out?.[0] ? path.resolve(process.env.INIT_CWD ?? process.cwd(), values.out[0]) : undefined;
  const given = {
    stage,
    cloud,
    regions,
    jurisdiction: values.jurisdiction?.[0],
    // `--provider openai,bedrock` and `--provider openai --provider bedrock` say the same.
    providers: values.provider?.flatMap((p) => p.split(",")).filter((p) => p !== ""),
    // A file named `Pulumi.<stack>.yaml` is that stack's, as `npm run plan` and Pulumi read it.
    name: values.name?.[0] ?? (out ? stackNameOf(out) : undefined),
  };
  let request: NewStackRequest;
  if (interactive) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      request = await askForRequest(given, (q) => rl.question(q));
    } finally {
      rl.close();
    }
  } else {
    request = { ...given, stage: stage!, cloud: cloud! };
  }
  const result = newStack(request);
  if (!result.ok) {
    for (const e of result.errors) process.stderr.write(`${e.argument}: ${e.message}\n`);
    return 1;
  }
  const s = result.stack;
  if (flags.print) {
    process.stdout.write(s.text);
    return 0;
  }
  const file = out ?? path.join(stacksDir, `Pulumi.${s.stack}.yaml`);
  const shown = path.relative(process.cwd(), file) || file;
  if (existsSync(file)) {
    process.stderr.write(`${shown} exists and is left as it is; pass --name <another stack> or --out <another file>, or remove it\n`);
    return 1;
  }
  writeFileSync(file, s.text, { flag: "wx" });
  process.stdout.write(`${renderHints(s, shown)}\n`);
  if (file !== path.join(stacksDir, `Pulumi.${s.stack}.yaml`)) {
    // Pulumi reads a stack's settings from `stackConfigDir` (Pulumi.yaml: stacks/) only.
    process.stdout.write(`Note: pulumi reads stacks/Pulumi.${s.stack}.yaml (Pulumi.yaml stackConfigDir); move the file there before pulumi stack init.\n`);
  }
  return 0;
}

if (require.main === module) runMain(main, "new", 1);
