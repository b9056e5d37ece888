import { describe, expect, it } from "vitest";
import config from "../../stryker.config.mjs";
import { equivalents } from "../../scripts/mutation/equivalent";
import { inScope, renderMarkdown, scores, survivors, type MutationReport } from "../../scripts/mutation/scope";

describe("mutation scope", () => {
  it.each([
    ["components/config/parse.ts", true],
    ["components/config/rules/routing-tiers.ts", true],
    ["components/config/schema.ts", false],
    ["components/gateway/render.ts", true],
    ["components/gateway/versions.ts", false],
    ["components/cost/llm.ts", true],
    ["components/cost/prices.ts", false],
    ["policies/residency/storage-location-in-jurisdiction.ts", true],
    ["policies/residency/pack.ts", false],
    ["planner/promote.ts", true],
    ["planner/plan.ts", false],
    ["components/aws/failover.ts", true],
    ["components/aws/network.ts", false],
    ["components/gcp/front-door.ts", true],
    ["worker/export.ts", true],
    ["test/worker/export-filter.test.ts", false],
  ])("%s in scope: %s", (file, expected) => {
    expect(inScope(file, config.mutate)).toBe(expected);
  });

  it("applies exclusions after the globs they follow, and a later glob takes a file back", () => {
    expect(inScope("a/b.ts", ["a/*.ts", "!a/b.ts"])).toBe(false);
    expect(inScope("a/b.ts", ["a/*.ts", "!a/b.ts", "a/b.ts"])).toBe(true);
  });
});

const mutant = (id: string, status: string, line: number, mutatorName = "ConditionalExpression", replacement?: string) => ({ id, status, mutatorName, replacement, location: { start: { line, column: 3 } } });
const report: MutationReport = {
  files: {
    "worker/export.ts": { mutants: [mutant("1", "Killed", 10), mutant("2", "Survived", 12, "EqualityOperator", "day >= cfg.to"), mutant("3", "Timeout", 14), mutant("4", "CompileError", 15)] },
    "planner/diff.ts": { mutants: [mutant("5", "Killed", 1), mutant("6", "NoCoverage", 2, "BlockStatement", "{}"), mutant("7", "Killed", 3), mutant("8", "Killed", 4)] },
  },
};

describe("mutation report", () => {
  it("scores each module and the whole scope, counting time-outs as detected and compile errors not at all", () => {
    expect(scores(report)).toEqual([
      { module: "planner", killed: 3, survived: 0, noCoverage: 1, timeout: 0, score: 75 },
      { module: "worker", killed: 1, survived: 1, noCoverage: 0, timeout: 1, score: 66.7 },
      { module: "all", killed: 4, survived: 1, noCoverage: 1, timeout: 1, score: 71.4 },
    ]);
  });

  it("lists every undetected mutant with its place and replacement", () => {
    expect(survivors(report)).toEqual(["planner/diff.ts:2:3 BlockStatement (no test covers it) → \"{}\"", "worker/export.ts:12:3 EqualityOperator → \"day >= cfg.to\""]);
  });

  it("renders the pull-request comment", () => {
    expect(renderMarkdown(report)).toBe(
      [
        "<!-- ai-infra:mutation -->",
        "### Mutation testing",
        "",
        "| module | detected | survived | no coverage | score |",
        "|---|---:|---:|---:|---:|",
        "| planner | 3 | 0 | 1 | 75.0% |",
        "| worker | 2 | 1 | 0 | 66.7% |",
        "| all | 5 | 1 | 1 | 71.4% |",
        "",
        "Mutants no test detected (2):",
        "- `planner/diff.ts:2:3 BlockStatement (no test covers it) → \"{}\"`",
        "- `worker/export.ts:12:3 EqualityOperator → \"day >= cfg.to\"`",
        "",
      ].join("\n"),
    );
  });
});

describe("equivalent mutants", () => {
  it("marks a listed survivor with its reason, in the list and in the comment's count", () => {
    const listed = [{ at: "worker/export.ts:12:3 EqualityOperator", why: "the same day either way" }];
    expect(survivors(report, listed)).toEqual([
      "planner/diff.ts:2:3 BlockStatement (no test covers it) → \"{}\"",
      "worker/export.ts:12:3 EqualityOperator → \"day >= cfg.to\" (equivalent: the same day either way)",
    ]);
    expect(renderMarkdown(report, listed).split("\n")[9]).toBe("Mutants no test detected (2, 1 listed as equivalent):");
  });

  it("each listed mutant names a file in scope, a line, a column and a mutator, once, with a reason", () => {
    for (const e of equivalents) {
      const m = /^(\S+):(\d+):(\d+) ([A-Z][A-Za-z]+)$/.exec(e.at);
      expect(m, e.at).not.toBeNull();
      expect(inScope(m![1]!, config.mutate), e.at).toBe(true);
      expect(e.why.length, e.at).toBeGreaterThan(10);
    }
    expect(new Set(equivalents.map((e) => e.at)).size).toBe(equivalents.length);
  });
});
