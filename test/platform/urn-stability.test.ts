// Renames keep every URN: each resource the examples had before the typed-model release (the
// fixture, taken from `npm run plan -- <stack> --json` at commit ca05ec6) is still planned under
// its URN, or a planned resource is known by that URN through aliases: a renamed component's own
// `aliases` and its children's, as the Pulumi SDK computes them, and every descendant's URN under
// each of its parent's alias URNs, which is how the engine inherits aliases down the tree
// (https://www.pulumi.com/docs/iac/concepts/options/aliases/). The engine then updates those
// resources in place instead of replacing them. Resources added since are allowed; a resource
// that disappears, or is renamed without an alias, fails.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { childUrn } from "../../planner/mocks";
import { planStack } from "../../planner/plan";
import { exampleFile, exampleStacks } from "../helpers/stacks";

// Resources removed on purpose, each a different resource type taking over (no alias can join
// two types): the prototype's NAT instance replaced the NAT gateway (network.egress, issue 22).
const removedOnPurpose: Record<string, string[]> = {
  "prototype-aws-us-east-1": ["ai-infra:platform:AiPlatform$ai-infra:aws:Region$ai-infra:aws:Network$aws:ec2/natGateway:NatGateway::ai-infra-us-east-1-network-nat"],
};

const before = JSON.parse(readFileSync(path.join(__dirname, "fixtures", "urns-ca05ec6.json"), "utf8")) as Record<string, string[]>;

describe("URNs of the example stacks", () => {
  it("the fixture covers every example stack", () => {
    expect(Object.keys(before).sort()).toEqual([...exampleStacks].sort());
  });

  it.each(exampleStacks)("%s: every earlier URN is still planned, or aliased by the resource that took its place", async (stack) => {
    const outcome = await planStack(exampleFile(stack), { runners: [], aliasUrns: true });
    expect(outcome.result.errors).toEqual([]);
    const removed = removedOnPurpose[stack] ?? [];
    for (const u of removed) expect(before[stack]).toContain(u);
    const earlier = new Set((before[stack] ?? []).filter((u) => !removed.includes(u)).map((u) => `urn:pulumi:${stack}::ai-infra::${u}`));
    // Registration order puts each parent before its children.
    const aliasesOf = new Map<string, Set<string>>();
    for (const r of outcome.captured ?? []) {
      const known = new Set(r.aliases ?? []);
      for (const a of (r.parent && aliasesOf.get(r.parent)) || []) known.add(childUrn(stack, "ai-infra", a, r.type, r.name));
      aliasesOf.set(r.urn, known);
    }
    const covered = new Set<string>();
    for (const r of outcome.captured ?? []) for (const u of [r.urn, ...(aliasesOf.get(r.urn) ?? [])]) if (earlier.has(u)) covered.add(u);
    expect([...earlier].filter((u) => !covered.has(u))).toEqual([]);
    // The check bites only if the plan holds the earlier resources at all.
    expect(covered.size).toBe(earlier.size);
  }, 180_000);
});
