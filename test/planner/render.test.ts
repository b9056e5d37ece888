// The human plan output: summary first, counts that add up, lines within the width asked for
// (long messages wrapped, never cut), policy results grouped by policy, the tree after the summary.
import { beforeAll, describe, expect, it } from "vitest";
import { costOfPlan } from "../../planner/cost";
import { type PlanResult, planStack } from "../../planner/plan";
import { breakdown, plainWidth, renderCost, renderErrors, notCheckableHint, renderNotCheckable, renderPlan, renderViolations, terminalWidth, topTypes, usd, wrap } from "../../planner/render";
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
  it("header, then the cost total, then resources, policies and the tree, every line within the width", () => {
    const text = renderPlan(result, { cost, width: plainWidth });
    const lines = text.split("\n");
    expect(lines[0]).toBe("Plan of stack scale-aws-us-east-1: stage scale, cloud aws, regions us-east-1");
    expect(lines[1]).toBe(`Monthly cost: ${usd(cost.totalMonthlyUsd)} = fixed ${usd(cost.fixedMonthlyUsd)} + usage ${usd(cost.usageMonthlyUsd)} + LLM ${usd(cost.llmMonthlyUsd)}`);
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    expect(at(/^Resources: /)).toBeGreaterThan(1);
    expect(at(/^Policies: /)).toBeGreaterThan(at(/^Resources: /));
    expect(at(/^us-east-1 \(\d+ resources\)$/)).toBeGreaterThan(at(/^Policies: /));
    const long = lines.filter((l) => [...l].length > plainWidth);
    expect(long).toEqual([]);
    expect(text).not.toContain("…");
  });

  it("--summary leaves the tree out; the tree shows each priced resource's monthly cost", () => {
    const summary = renderPlan(result, { cost, tree: false });
    expect(summary).not.toMatch(/^us-east-1 \(/m);
    expect(summary.split("\n").length).toBeLessThan(50);
    const full = renderPlan(result, { cost, width: plainWidth }).split("\n");
    const at = full.flatMap((l, i) => (l.includes("[aws:elasticache/replicationGroup:ReplicationGroup]") ? [i] : []));
    expect(at).toHaveLength(1);
    // The entry: its line and the continuation lines a long label wraps onto (no branch of their own).
    const next = full.findIndex((l, i) => i > at[0]! && !/^[ │]+[^ │├└]/.test(l));
    const entry = full.slice(at[0], next).map((l) => l.replace(/^[ │]+(?:[├└]─ )?/, "")).join(" ");
    expect(entry).toMatch(/ \$\d[\d,]*\.\d\d\/mo$/);
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
  it("one line per policy (how many resources, the first by name), then one hint on what happens at pulumi up; never shown as a pass", () => {
    const n = (name: string, message: string) => ({ policy: "container-images-pinned", urn: `urn:pulumi:s::p::t::${name}`, message });
    const lines = renderNotCheckable([n("a", "value unknown"), n("b", "value unknown"), n("c", "other"), { policy: "p2", urn: null, message: "m" }, { policy: "p3", urn: "urn:pulumi:s::p::t::d", message: "m" }], new Map(), 100);
    expect(lines.slice(0, 4)).toEqual([
      "Not checkable at preview: 5 checks of 3 policies (decided at pulumi up)",
      "  container-images-pinned: 3 resources, first a",
      "  p2: the stack",
      "  p3: 1 resource, d",
    ]);
    // The messages are not repeated per resource (--json keeps them); the hint comes once.
    expect(lines.join("\n")).not.toContain("value unknown");
    const hint = unwrap(lines.slice(4));
    expect(hint).toBe(notCheckableHint);
    expect(hint).toContain("`pulumi preview --policy-pack policies/<pack>` cannot see");
    expect(hint).toContain("`pulumi up --policy-pack policies/<pack>` runs the same checks once the values exist");
    expect(lines.slice(4).every((l) => l.startsWith("  ") && l.length <= 100)).toBe(true);
    expect(renderNotCheckable([])).toEqual([]);
  });

  it("three policies of one stack print three lines and one hint, not three repeated messages", () => {
    const msg = "not checkable at preview: string value at .containerDefinitions can't be known during preview";
    const items = [
      { policy: "request-log-retention", urn: null, message: msg },
      { policy: "container-images-pinned", urn: "urn:pulumi:s::p::aws:ecs/taskDefinition:TaskDefinition::gateway-task", message: msg },
      { policy: "request-log-store-in-jurisdiction", urn: null, message: msg },
    ];
    const lines = renderNotCheckable(items, new Map(), 100);
    expect(lines.filter((l) => l.includes("can't be known during preview"))).toEqual([]);
    expect(lines.slice(1, 4)).toEqual(["  request-log-retention: the stack", "  container-images-pinned: 1 resource, gateway-task", "  request-log-store-in-jurisdiction: the stack"]);
    expect(lines.filter((l) => l.includes("pulumi up --policy-pack")).length).toBe(1);
  });
});

/** A long reason, as a residency or config rule writes one: ~300 characters of ordinary words. */
const longMessage =
  "gateway model group 'chat-fallback' (anthropic/claude-sonnet) sends prompts to an endpoint outside the stack's jurisdiction (eu): " +
  "api.anthropic.com serves from the United States; route the group through a regional endpoint (Bedrock in eu-central-1 or Vertex " +
  "in europe-west4) or drop it from reliability.fallbacks.chat";

/** The text of a wrapped entry: its lines without their indentation, joined by the spaces the breaks replaced. */
const unwrap = (lines: readonly string[]) => lines.map((l) => l.trimStart()).join(" ");

describe("long messages wrap, never cut", () => {
  it("a ~300-character violation message at width 80: whole, every line within 80, no ellipsis", () => {
    expect(longMessage.length).toBeGreaterThan(280);
    const lines = renderViolations([{ policy: "gateway-endpoints-in-jurisdiction", urn: "urn:pulumi:s::p::t::gateway", message: longMessage, level: "mandatory" }], new Map(), 80).split("\n");
    expect(lines.slice(0, 2)).toEqual(["Policies: 1 violation of 1 policy (1 mandatory, 0 advisory)", "  [mandatory] gateway-endpoints-in-jurisdiction: 1"]);
    const entry = lines.slice(2);
    expect(entry.length).toBeGreaterThan(3);
    expect(entry[0]).toMatch(/^ {6}\S/);
    for (const l of entry.slice(1)) expect(l).toMatch(/^ {8}\S/);
    expect(unwrap(entry)).toBe(`${longMessage} [gateway]`);
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    expect(lines.join("\n")).not.toContain("…");
  });

  it("the same message in the whole plan (--summary and with the tree), and in the checks a preview cannot decide", () => {
    const gateway = result.resources.find((r) => r.parent !== null)!;
    const withLong: PlanResult = { ...result, policy: { violations: [{ policy: "p", urn: gateway.urn, message: longMessage, level: "advisory" }], notCheckable: [{ policy: "q", urn: null, message: longMessage }] } };
    for (const tree of [false, true]) {
      const lines = renderPlan(withLong, { cost, tree, width: 80 }).split("\n");
      expect(lines.filter((l) => l.length > 80)).toEqual([]);
      expect(lines.join("\n")).not.toContain("…");
      const at = lines.indexOf("  [advisory] p: 1") + 1;
      const next = lines.findIndex((l, i) => i > at && !l.startsWith("        "));
      expect(unwrap(lines.slice(at, next < 0 ? lines.length : next))).toBe(`${longMessage} [${gateway.name}]`);
    }
    const checks = renderNotCheckable([{ policy: "q", urn: null, message: longMessage }], new Map(), 80);
    expect(checks.filter((l) => l.length > 80)).toEqual([]);
    expect(unwrap(checks.slice(2))).toBe(notCheckableHint);
  });

  it("a ~300-character config error at width 80: whole, with its path and the value given, every line within 80", () => {
    const e = { path: "ai-infra:reliability.fallbacks.chat[0]", message: longMessage };
    const other = { path: "ai-infra:stage", message: "must be one of prototype, growth, scale" };
    const lines = renderErrors([e, other], new Map([[e, "chat-backup"]]), 80).split("\n");
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    expect(lines.join("\n")).not.toContain("…");
    expect(lines.at(-1)).toBe("ai-infra:stage: must be one of prototype, growth, scale");
    expect(lines[0]!.startsWith("ai-infra:reliability.fallbacks.chat[0]: gateway model group")).toBe(true);
    for (const l of lines.slice(1, -1)) expect(l).toMatch(/^ {4}\S/);
    expect(unwrap(lines.slice(0, -1))).toBe(`ai-infra:reliability.fallbacks.chat[0]: ${longMessage} (given: "chat-backup")`);
  });

  it("breaks at spaces only; a word longer than a whole line is the one thing broken", () => {
    expect(wrap("  ", "aaa bbb ccc", 9, "    ")).toEqual(["  aaa bbb", "    ccc"]);
    const word = "x".repeat(25);
    const lines = wrap("  ", `see ${word} here`, 12, "    ");
    expect(lines).toEqual(["  see", "    xxxxxxxx", "    xxxxxxxx", "    xxxxxxxx", "    x here"]);
  });

  it("wraps at the terminal's width when the output is one, else at 100 columns", () => {
    expect(terminalWidth({ isTTY: true, columns: 132 })).toBe(132);
    expect(terminalWidth({ isTTY: false, columns: 132 })).toBe(100);
    expect(terminalWidth({})).toBe(plainWidth);
    expect(plainWidth).toBe(100);
  });
});
