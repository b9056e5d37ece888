// Distillation gate: lets a distilled adapter serve part of its teacher's traffic only when the
// evaluation Job's result passes the spec's metric and threshold.
//
//   npm run distill -- <stack name | stack file> gate <evaluation result .json> [--weight <percent>]
//
// On a pass it writes `fineTuning.distillation.serve` (the version scored, the score, the weight)
// into the stack file, and prints the teacher's cost per request before and after; `pulumi up`
// then renders the adapter into the teacher's group. On a refusal it changes nothing and exits 2.
// Raise the weight later with the same command and `--weight`, or by editing `serve.weightPercent`.
import "../planner/lazy-sdk";
import { readFileSync, writeFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parseDocument } from "yaml";
import { readRawConfig } from "../components/config/config";
import type { Stack } from "../components/config/model";
import { parseStack } from "../components/config/parse";
import { encodeConfig, loadStackFile, projectName, resolveStackArg } from "../planner/stack-file";
import { type CommandSpec, commandArgs } from "./lib/args";
import { costPerRequest, gate } from "./lib/distill/gate";

export const cli: CommandSpec = {
  usage: "usage: npm run distill -- <stack name | stack file> gate <evaluation result .json> [--weight <percent>]",
  booleans: [],
  values: ["weight"],
  separator: "\n",
};

export const distillExit = { ok: 0, invalid: 1, refused: 2 } as const;

function stackOf(file: string, stack: string): { spec: Stack } | { error: string } {
  const loaded = loadStackFile(file, stack);
  if (!loaded.ok) return { error: loaded.errors.map((e) => `${e.path}: ${e.message}`).join("\n") };
  pulumi.runtime.setAllConfig(encodeConfig(loaded.file.config), loaded.file.secretKeys);
  const { raw, secretKeys } = readRawConfig();
  const parsed = parseStack(raw, { project: projectName, stack, secretKeys, configKeys: Object.keys(loaded.file.config) });
  if (!parsed.ok) return { error: `invalid stack config:\n${parsed.errors.map((e) => `  ${e.path}: ${e.message}`).join("\n")}` };
  return { spec: parsed.stack };
}

export function main(argv: readonly string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`), err: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): number {
  const args = commandArgs(argv, cli, { out, fail: (message) => (err(message), distillExit.invalid) });
  if (typeof args === "number") return args;
  const { positional, values } = args;
  if (positional.length !== 3 || positional[1] !== "gate") return (err(cli.usage), distillExit.invalid);
  const weightArg = values.weight?.at(-1);
  const weight = weightArg === undefined ? undefined : Number(weightArg);
  if (weight !== undefined && !(weight > 0 && weight <= 100)) return (err(`--weight: must be above 0 and at most 100 (percent), given ${weightArg}`), distillExit.invalid);
  const ref = resolveStackArg(positional[0]);
  if (!ref.ok) return (err(ref.message), distillExit.invalid);
  const loaded = stackOf(ref.file, ref.stack);
  if ("error" in loaded) return (err(loaded.error), distillExit.invalid);
  let result: Record<string, unknown>;
  try {
    result = JSON.parse(readFileSync(positional[2]!, "utf8"));
  } catch (e) {
    return (err(`${positional[2]}: not a readable evaluation result (${(e as Error).message})`), distillExit.invalid);
  }
  const verdict = gate(loaded.spec, result, weight);
  if (!verdict.ok) {
    err(`refused: the adapter does not serve\n${verdict.reasons.map((r) => `  ${r}`).join("\n")}`);
    return distillExit.refused;
  }
  const doc = parseDocument(readFileSync(ref.file, "utf8"));
  doc.setIn(["config", "ai-infra:fineTuning", "distillation", "serve"], doc.createNode(verdict.serve));
  writeFileSync(ref.file, doc.toString({ lineWidth: 0 }));
  const d = loaded.spec.fineTuning!.distillation!;
  out(`passed: ${d.adapter} ${verdict.serve.version} scored ${verdict.serve.score} (${d.metric}, threshold ${d.threshold}); serves ${verdict.serve.weightPercent}% of ${d.teacher}`);
  const teacherUsd = (result.teacher as { costPerRequestUsd?: unknown } | undefined)?.costPerRequestUsd;
  if (typeof teacherUsd === "number") {
    const c = costPerRequest(teacherUsd, verdict.serve.weightPercent);
    out(`cost per request of ${d.teacher}: before $${c.beforeUsd.toPrecision(3)}, after $${c.afterUsd.toPrecision(3)} (token prices; the student's GPU nodes are priced per hour in the plan)`);
  }
  return distillExit.ok;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
