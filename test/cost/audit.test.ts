// The source audit of the price table (components/cost/audit.ts): each problem's exact message,
// and the sources that pass. Found by mutation testing (docs/testing.md): the table's own audit
// test only sees sources that pass and two that fail.
import { describe, expect, it } from "vitest";
import { sourceProblem, sourceProblems } from "../../components/cost/audit";
import type { Source } from "../../components/cost/rates";

const ok: Source = { url: "https://aws.amazon.com/fargate/pricing/", date: "2026-11-30", basis: "official" };
const urlProblem = (url: string) => `source URL '${url}' is not an https page (or, for an assumption, a file of the kit)`;

describe("sourceProblem", () => {
  it("a complete source passes, for every basis", () => {
    for (const basis of ["official", "third-party", "list-price", "assumption"] as const) expect(sourceProblem({ ...ok, basis })).toBeNull();
  });

  it("an assumption may cite a file of the kit; another basis may not, and an assumption may not cite another path", () => {
    expect(sourceProblem({ ...ok, url: "components/cost/llm.ts", basis: "assumption" })).toBeNull();
    expect(sourceProblem({ ...ok, url: "components/cost/llm.ts", basis: "official" })).toBe(urlProblem("components/cost/llm.ts"));
    expect(sourceProblem({ ...ok, url: "docs/cost.md", basis: "assumption" })).toBe(urlProblem("docs/cost.md"));
  });

  it("names each problem with the value given", () => {
    expect(sourceProblem(undefined)).toBe("no source");
    expect(sourceProblem({ ...ok, url: "" })).toBe(urlProblem(""));
    expect(sourceProblem({ ...ok, url: undefined as unknown as string })).toBe(urlProblem(""));
    expect(sourceProblem({ ...ok, url: "http://aws.amazon.com/fargate/pricing/" })).toBe(urlProblem("http://aws.amazon.com/fargate/pricing/"));
    // https must start the URL
    expect(sourceProblem({ ...ok, url: "see https://aws.amazon.com/" })).toBe(urlProblem("see https://aws.amazon.com/"));
    expect(sourceProblem({ ...ok, date: undefined as unknown as string })).toBe("source date '' is not YYYY-MM-DD");
    expect(sourceProblem({ ...ok, date: "30 Nov 2026" })).toBe("source date '30 Nov 2026' is not YYYY-MM-DD");
    // the date is the whole value
    expect(sourceProblem({ ...ok, date: "x2026-11-30" })).toBe("source date 'x2026-11-30' is not YYYY-MM-DD");
    expect(sourceProblem({ ...ok, date: "2026-11-30x" })).toBe("source date '2026-11-30x' is not YYYY-MM-DD");
    expect(sourceProblem({ ...ok, basis: "guess" as Source["basis"] })).toBe("basis 'guess' is not one of official, third-party, list-price, assumption");
  });
});

describe("sourceProblems", () => {
  it("reports every bad source of an entry and of a rate, prefixed with its name, in table order", () => {
    const table = {
      "aws:a/b:C": { kind: "free" as const, reason: "x", sources: [ok, { ...ok, url: "http://a" }, { ...ok, date: "" }] },
      "aws:d/e:F": { kind: "free" as const, reason: "x", sources: [ok] },
      "aws:g/h:I": { kind: "free" as const, reason: "x" },
    };
    const rateTable = { good: { usd: 1, unit: "u", regional: false, source: ok }, bad: { usd: 1, unit: "u", regional: false, source: { ...ok, basis: "x" as Source["basis"] } } };
    expect(sourceProblems(table as never, [rateTable])).toEqual([
      `aws:a/b:C: ${urlProblem("http://a")}`,
      "aws:a/b:C: source date '' is not YYYY-MM-DD",
      "aws:g/h:I: no source",
      "bad: basis 'x' is not one of official, third-party, list-price, assumption",
    ]);
  });
});
