// docs/residency.md is generated from the routing table (cli/lib/residency-doc.ts): it must be what
// the generator gives today, and it must carry every form with its source.
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { renderResidencyDoc, residencyDocFile } from "../../cli/lib/residency-doc";

describe("docs/residency.md", () => {
  const text = fs.readFileSync(residencyDocFile, "utf8");

  it("is what `npm run docs` writes today (regenerate it with `npm run docs`)", () => {
    expect(text).toBe(renderResidencyDoc());
  });

  it("has one row per routing form, each with a source and the date it was read", () => {
    const rows = text.split("\n").filter((l) => /^\| (bedrock|vertex|azure|openai|anthropic|openai-compatible) \|/.test(l));
    expect(rows).toHaveLength(29);
    for (const r of rows) expect(r).toMatch(/\| \[[a-z.]+\]\(https:\/\/[^)]+\) \(2026-12-07\) \|$/);
  });

  it("says the Bedrock global profile and OpenAI's default host stay in no jurisdiction", () => {
    expect(text).toContain("| bedrock | model id prefix `global.` | any commercial AWS region | no | no | no | no | no | no |");
    expect(text).toContain("| openai | no `apiBase`, or `https://api.openai.com/v1` | global: no processing constraint | no | no | no | no | no | no |");
  });
});
