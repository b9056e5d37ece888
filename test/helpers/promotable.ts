import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { parseStack } from "../../components/config";
import { withStage } from "../../planner/promote";
import { stacksDir } from "../../planner/stack-file";
import { exampleFile, exampleStacks, rawConfigOf } from "./stacks";

export const stackText = (stack: string) => readFileSync(path.join(stacksDir, `Pulumi.${stack}.yaml`), "utf8");

/** Top-level settings the parser says are required at `to` and the stack does not have. */
export function missingAt(stack: string, to: string): string[] {
  const { raw, secretKeys } = rawConfigOf(withStage(exampleFile(stack), to));
  const r = parseStack(raw, { secretKeys });
  if (r.ok) return [];
  return r.errors.filter((e) => /^ai-infra:[A-Za-z]+$/.test(e.path) && e.message.startsWith("is required") && !(e.path.slice(9) in raw)).map((e) => e.path);
}

/**
 * An example stack's file prepared for stage `to`, as a team prepares it before promoting: the
 * settings the target stage requires and the stack lacks (a cluster and self-hosted models at
 * scale, a billing account for GCP budgets at growth) are taken from the example stack of that
 * stage on the same cloud. `npm run promote` sets them aside when it plans the current stage.
 */
export function preparedFor(stack: string, to: string): ReturnType<typeof parseDocument> {
  const doc = parseDocument(stackText(stack));
  const donor = exampleStacks.find((s) => s.startsWith(`${to}-${stack.split("-")[1]}-`));
  if (donor) {
    const d = parseDocument(stackText(donor));
    for (const key of missingAt(stack, to)) if (d.hasIn(["config", key])) doc.setIn(["config", key], d.getIn(["config", key], true));
  }
  return doc;
}
