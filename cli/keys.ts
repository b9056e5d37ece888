// Caller keys, teams and feature budgets in a deployed stack's gateway, without a redeploy:
//
//   npm run keys -- <stack name | stack file> <create|list|rotate|revoke|sync> [options]
//   npm run keys -- <stack name | stack file> <command> --local [options]
//
// --local: the same commands against the stack's running `npm run local`, whose keys database is
// emulated in memory (LiteLLM's needs Prisma's engines, which cannot be downloaded here); every
// answer starts with a line that says so.
//
// Talks to LiteLLM's admin API at the stack output regionDetails.<primary>.adminUrl (the front
// door's operators-only admin path) with the master key read from the secret store named by
// regionDetails.<primary>.masterKeySecret. New key values are printed once, to stdout only.
// Exit 0: done; 1: bad arguments, invalid stack, a stack without the keys database, or the
// gateway refused (the message names the flag or property and what is allowed).
import * as pulumi from "@pulumi/pulumi";
import { readRawConfig } from "../components/config/config";
import { keysStage } from "../components/config/presets";
import { type Stack, hasKeys } from "../components/config/model";
import { parseStack } from "../components/config/parse";
import { type CommandSpec, commandArgs, usageError } from "./lib/args";
import { AdminClient, type Transport } from "./lib/keys/admin";
import { type KeyFlags, type Printer, commandFlags, createKey, listCommand, preflight, revokeKey, rotateKey, sync } from "./lib/keys/commands";
import { KeysError, adminTarget, readMasterKey, readOutputs } from "./lib/keys/target";
import { emulationNote, localRunFile, readLocalRunFile } from "./lib/local/keys";
import { encodeConfig, loadStackFile, projectName, resolveStackArg } from "../planner/stack-file";

export const commands = ["create", "list", "rotate", "revoke", "sync"] as const;
export const cli: CommandSpec = {
  usage: `usage: npm run keys -- <stack name | stack file> <${commands.join("|")}> [--name <key>] [--team <team>] [--rpm <n>] [--tpm <n>] [--budget <usd>] [--budget-period <${["1d", "7d", "30d", "1mo"].join("|")}>] [--outputs <pulumi stack output --json file> | --local]`,
  booleans: ["local"],
  values: ["name", "team", "rpm", "tpm", "budget", "budget-period", "outputs"],
  separator: "\n",
};

/** The parsed stack of its config file (the same parse the program does). */
function stackOf(arg: string): Stack {
  const ref = resolveStackArg(arg);
  if (!ref.ok) throw new KeysError(ref.message);
  const loaded = loadStackFile(ref.file, ref.stack);
  if (!loaded.ok) throw new KeysError(loaded.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  pulumi.runtime.setAllConfig(encodeConfig(loaded.file.config), loaded.file.secretKeys);
  const { raw, secretKeys } = readRawConfig();
  const parsed = parseStack(raw, { project: projectName, stack: ref.stack, secretKeys, configKeys: Object.keys(loaded.file.config) });
  if (!parsed.ok) throw new KeysError(`invalid stack config:\n${parsed.errors.map((e) => `  ${e.path}: ${e.message}`).join("\n")}`);
  return parsed.stack;
}

export async function main(argv: readonly string[], printer: Printer = { out: (l) => process.stdout.write(`${l}\n`) }): Promise<number> {
  const fail = (message: string) => {
    process.stderr.write(`${message}\n`);
    return 1;
  };
  const args = commandArgs(argv, cli, { out: printer.out });
  if (typeof args === "number") return args;
  const { positional, flags, values } = args;
  const [stackArg, command, ...rest] = positional;
  if (!stackArg || !command) return fail(cli.usage);
  if (rest.length) return usageError(cli, `unexpected argument ${rest[0]}`);
  if (!(commands as readonly string[]).includes(command)) return fail(`unknown command '${command}'; commands: ${commands.join(", ")}`);
  const stray = Object.keys(values).find((k) => !commandFlags[command]!.includes(k));
  if (stray) return fail(`--${stray} does not apply to ${command}; ${command} takes: ${commandFlags[command]!.map((f) => `--${f}`).join(", ")}`);
  const last = (k: string) => values[k]?.at(-1);
  const keyFlags: KeyFlags = { name: last("name"), team: last("team"), rpm: last("rpm"), tpm: last("tpm"), budget: last("budget"), budgetPeriod: last("budget-period") };
  try {
    const spec = stackOf(stackArg);
    if (!hasKeys(spec)) {
      return fail(
        `stack ${spec.stack} (${spec.stage}, ${spec.cloud}) has no keys database: its callers use the front door's API keys (ai-infra:api.keys). The keys database comes with stage ${keysStage(spec.cloud)} on ${spec.cloud}: npm run promote -- ${spec.stack} --to ${keysStage(spec.cloud)}`,
      );
    }
    preflight(spec, command, keyFlags);
    if (flags.local) {
      if (values.outputs) return fail("--outputs does not apply with --local: a local run's admin address comes from the run itself");
      const info = readLocalRunFile(spec.stack);
      if (!info) return fail(`no local run of ${spec.stack} is running (${localRunFile(spec.stack)} is missing or its process has ended): start one with npm run local -- ${spec.stack}`);
      printer.out(`local run of ${spec.stack} (${info.adminUrl}, not through the front door's admin guard): ${emulationNote}`);
      await runCommand(command, spec, new AdminClient(info.adminUrl, info.masterKey, { kind: "gcp" }), keyFlags, printer);
      return 0;
    }
    const outputs = await readOutputs(spec.stack, last("outputs"));
    const target = adminTarget(spec, outputs);
    const masterKey = await readMasterKey(spec, target.masterKeySecret);
    const transport: Transport = spec.cloud === "aws" ? { kind: "aws", region: spec.primaryRegion } : { kind: "gcp" };
    const admin = new AdminClient(target.adminUrl, masterKey, transport);
    await runCommand(command, spec, admin, keyFlags, printer);
    return 0;
  } catch (e) {
    if (e instanceof KeysError) return fail(e.message);
    throw e;
  }
}

async function runCommand(command: string, spec: Parameters<typeof createKey>[0], admin: AdminClient, keyFlags: KeyFlags, printer: Printer): Promise<void> {
  switch (command) {
    case "create":
      await createKey(spec, admin, keyFlags, printer);
      break;
    case "list":
      await listCommand(admin, printer);
      break;
    case "rotate":
      await rotateKey(spec, admin, keyFlags, printer);
      break;
    case "revoke":
      await revokeKey(spec, admin, keyFlags, printer);
      break;
    case "sync":
      await sync(spec, admin, printer);
      break;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
