// The human plan output: summary first, counts that add up, lines within 120 columns, policy
// results grouped by policy, the tree after the summary.
import { beforeAll, describe, expect, it } from "vitest";
import { costOfPlan } from "../../planner/cost";
import { type PlanResult, planStack } from "../../planner/plan";
import { breakdown, maxWidth, renderCost, renderNotCheckable, renderPlan, renderViolations, topTypes, usd } from "../../planner/render";
import type { StackCost } from "../../components/cost/model";
import { exampleFile } from "../helpers/stacks";

let result: PlanResult;
let cost: StackCost;

beforeAll(async () => {
  const file = exampleFile("scale-aws-us-east-1");
  const outcome = await planStack(file);
  result = outcome.result;
  cost = costOfPlan(file, outcome.spec!, result.resources);
}, 60_000);

const total = (xs: [string, number][]) => xs.reduce((a, [, n]) => a + n, 0);

describe("summary counts", () => {
  it("by region adds up to cloud resources + providers; by component and by type to cloud resources", () => {
    const b = breakdown(result);
    expect(b.counts.total).toBe(result.resources.length);
    expect(b.counts.custom + b.counts.providers + b.counts.components).toBe(b.counts.total);
    expect(total(b.byRegion)).toBe(b.counts.custom + b.counts.providers);
    expect(total(b.byComponent)).toBe(b.counts.custom);
    expect(total(b.byType)).toBe(b.counts.custom);
    expect(total(topTypes(b.byType))).toBe(b.counts.custom);
    expect(topTypes(b.byType).length).toBe(13);
  });

  it("the tree's region counts add up to the same number as the summary's", () => {
    const text = renderPlan(result, { cost });
    const regions = [...text.matchAll(/^(\S+|\(no region\)) \((\d+) resources?\)$/gm)].map((m) => Number(m[2]));
    const b = breakdown(result);
    expect(regions.reduce((a, n) => a + n, 0)).toBe(b.counts.custom + b.counts.providers);
    expect(text).toContain(`Resources: ${b.counts.custom} to create + ${b.counts.providers} providers + ${b.counts.components} components = ${b.counts.total} in the plan`);
  });
});

describe("layout", () => {
  it("header, then the cost total, then resources, policies and the tree, every line within 120 columns", () => {
    const text = renderPlan(result, { cost });
    const lines = text.split("\n");
    expect(lines[0]).toBe("Plan of stack scale-aws-us-east-1: stage scale, cloud aws, regions us-east-1");
    expect(lines[1]).toBe(`Monthly cost: ${usd(cost.totalMonthlyUsd)} = fixed ${usd(cost.fixedMonthlyUsd)} + usage ${usd(cost.usageMonthlyUsd)} + LLM ${usd(cost.llmMonthlyUsd)}`);
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    expect(at(/^Resources: /)).toBeGreaterThan(1);
    expect(at(/^Policies: /)).toBeGreaterThan(at(/^Resources: /));
    expect(at(/^us-east-1 \(\d+ resources\)$/)).toBeGreaterThan(at(/^Policies: /));
    const long = lines.filter((l) => [...l].length > maxWidth);
    expect(long).toEqual([]);
  });

  it("--summary leaves the tree out; the tree shows each priced resource's monthly cost", () => {
    const summary = renderPlan(result, { cost, tree: false });
    expect(summary).not.toMatch(/^us-east-1 \(/m);
    expect(summary.split("\n").length).toBeLessThan(50);
    const full = renderPlan(result, { cost });
    const nodeGroups = full.split("\n").filter((l) => l.includes("[aws:elasticache/replicationGroup:ReplicationGroup]"));
    expect(nodeGroups).toHaveLength(1);
    expect(nodeGroups[0]).toMatch(/ \$\d[\d,]*\.\d\d\/mo$/);
  });

  it("says when there is no traffic profile", () => {
    const lines = renderCost({ ...cost, traffic: null, llm: null, notes: [] });
    expect(lines[1]).toBe("  no traffic profile (ai-infra:traffic): fixed costs at rest only");
  });
});

describe("policy results grouped by policy", () => {
  it("one line per policy with its count, then each distinct message with the resources it names", () => {
    const v = (policy: string, name: string, message: string, level: "mandatory" | "advisory" = "advisory") => ({ policy, urn: `urn:pulumi:s::p::t::${name}`, message, level });
    const text = renderViolations([
      v("tags-required", "a", "missing tag owner"),
      v("tags-required", "b", "missing tag owner"),
      v("tags-required", "c", "missing tag cost-center"),
      v("encrypted-at-rest", "d", "bucket d is not encrypted", "mandatory"),
      { policy: "budget-set", urn: null, message: "no budget", level: "advisory" as const },
    ]);
    expect(text.split("\n")).toEqual([
      "Policies: 5 violations of 3 policies (1 mandatory, 4 advisory)",
      "  [mandatory] encrypted-at-rest: 1",
      "      bucket d is not encrypted [d]",
      "  [advisory] tags-required: 3",
      "      missing tag owner [2 resources: a, b]",
      "      missing tag cost-center [c]",
      "  [advisory] budget-set: 1",
      "      no budget [(stack)]",
    ]);
  });
});

describe("checks a preview cannot decide", () => {
  it("are grouped by policy like the violations, and never shown as a pass", () => {
    const n = (name: string, message: string) => ({ policy: "container-images-pinned", urn: `urn:pulumi:s::p::t::${name}`, message });
    expect(renderNotCheckable([n("a", "value unknown"), n("b", "value unknown"), { policy: "p2", urn: null, message: "m" }])).toEqual([
      "Not checkable at preview: 3 checks of 2 policies (decided at pulumi up)",
      "  container-images-pinned: 2",
      "      value unknown [2 resources: a, b]",
      "  p2: 1",
      "      m [(stack)]",
    ]);
    expect(renderNotCheckable([])).toEqual([]);
  });
});
