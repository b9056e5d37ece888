import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { parseStack } from "../../components/config";
import { promoteStack, withStage } from "../../planner/promote";
import { parseStackFile, repoRoot, stacksDir } from "../../planner/stack-file";
import { exampleFile, exampleStacks, rawConfigOf } from "../helpers/stacks";

/**
 * docs/promotion.md's table of what each promotion adds, changes, replaces and deletes, recomputed
 * with the planner: a change to the program or the example stacks that moves a count fails here
 * until the table says so. Only the rows the table has are planned (each promotion plans twice).
 */
const doc = path.join(repoRoot, "docs", "promotion.md");
const row = /^\| `([a-z0-9-]+) → ([a-z]+)` \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|/;
const rows = readFileSync(doc, "utf8")
  .split("\n")
  .flatMap((l) => {
    const m = row.exec(l);
    return m ? [{ stack: m[1]!, to: m[2]!, counts: { add: Number(m[3]), change: Number(m[4]), replace: Number(m[5]), delete: Number(m[6]) } }] : [];
  });

const stackText = (stack: string) => readFileSync(path.join(stacksDir, `Pulumi.${stack}.yaml`), "utf8");

/** Top-level settings the spec says are required at `to` and the stack does not have. */
function missingAt(stack: string, to: string): string[] {
  const { raw, secretKeys } = rawConfigOf(withStage(exampleFile(stack), to));
  const r = parseStack(raw, { secretKeys });
  if (r.ok) return [];
  return r.errors.filter((e) => /^ai-infra:[A-Za-z]+$/.test(e.path) && e.message.startsWith("is required") && !(e.path.slice(9) in raw)).map((e) => e.path);
}

/**
 * The stack file ready for `to`, as test/planner/promote.test.ts prepares it: settings the target
 * stage requires and the stack lacks come from the example stack of that stage on the same cloud.
 */
function promotable(stack: string, to: string) {
  const text = parseDocument(stackText(stack));
  const donor = exampleStacks.find((s) => s.startsWith(`${to}-${stack.split("-")[1]}-`));
  if (donor) {
    const d = parseDocument(stackText(donor));
    for (const key of missingAt(stack, to)) if (d.hasIn(["config", key])) text.setIn(["config", key], d.getIn(["config", key], true));
  }
  const loaded = parseStackFile(text.toString(), stack);
  if (!loaded.ok) throw new Error(`${stack} prepared for ${to} does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.file;
}

// Two in-process plans per row; the enterprise targets are the kit's largest stacks.
describe("docs/promotion.md: the promotion table", { timeout: 180_000 }, () => {
  it("has the rows it describes", () => {
    expect(rows.map((r) => `${r.stack} → ${r.to}`)).toEqual([
      "prototype-aws-us-east-1 → growth",
      "prototype-gcp-europe-west4 → growth",
      "scale-aws-us-east-1 → enterprise",
      "scale-gcp-europe-west4 → enterprise",
    ]);
  });

  it.each(rows)("$stack → $to: the counts are the planner's", async ({ stack, to, counts }) => {
    const { result } = await promoteStack(promotable(stack, to), to);
    expect(result.errors).toEqual([]);
    expect({ add: result.added.length, change: result.changed.length, replace: result.replaced.length, delete: result.deleted.length }).toEqual(counts);
  });
});
