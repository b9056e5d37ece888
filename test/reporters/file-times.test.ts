import { describe, expect, it } from "vitest";
import { fileTimesTable } from "./file-times";

describe("the per-file time table", () => {
  it("lists every file slowest first with load and test time, and names a file that did not pass", () => {
    const table = fileTimesTable([
      { file: "test/a.test.ts", loadMs: 1200, testsMs: 300, tests: 4, state: "passed" },
      { file: "test/b.test.ts", loadMs: 900, testsMs: 61_000, tests: 12, state: "failed" },
      { file: "test/c.test.ts", loadMs: 50, testsMs: 2_450, tests: 1, state: "passed" },
    ]);
    expect(table.split("\n")).toEqual([
      "Time per test file (3 files, 65.9 s summed over workers)",
      "  total    load   tests tests  file",
      "   61.9     0.9    61.0    12  test/b.test.ts (failed)",
      "    2.5     0.1     2.5     1  test/c.test.ts",
      "    1.5     1.2     0.3     4  test/a.test.ts",
    ]);
  });
});
