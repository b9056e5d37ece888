import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { promoteStack } from "../../planner/promote";
import { parseStackFile, repoRoot } from "../../planner/stack-file";
import { preparedFor } from "../helpers/promotable";

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

/** The stack file ready for `to` (see `preparedFor`). */
function promotable(stack: string, to: string) {
  const loaded = parseStackFile(preparedFor(stack, to).toString(), stack);
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
