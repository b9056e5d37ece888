/**
 * No dead settings (issue "one typed model", item 2): every `ai-infra:*` setting a user can write
 * either changes something the kit does with it or is refused by the config parser on that cloud
 * and stage, with its path and reason. What the kit does with a setting is judged through every
 * consumer (`fingerprint` in `./dead-settings`): the plan (resources and their inputs, stack
 * outputs, the cost document), the request bodies `npm run keys -- <stack> sync` sends to LiteLLM,
 * and the policy packs' config; a setting ignored by all of them is re-tried under the documented
 * preconditions (`preconditions`, e.g. GCP `worker.imageTag`).
 *
 * For each example stack, every leaf of its config after the stage preset is merged in (what the
 * user wrote and what the preset fills in, which a user can write too) is changed to another valid
 * value and planned offline. The dead ones found today are `knownDead` in `./dead-settings`, and
 * the test asserts that list EXACTLY: a new dead setting fails it, and so does a listed one that is
 * no longer dead (remove it from the list when it is fixed).
 *
 * Two files so that vitest's two workers share the walk: `dead-settings-enterprise-aws.test.ts`
 * (the largest stack, about half the time) and this one (the other stacks, the list's sanity test
 * and the canary). Each stack's test prints its timing, leaves, mutations, plans, and every dead,
 * coarse, conditionally live and refused setting (plus a `DEAD-JSON` line from which the list can
 * be regenerated).
 */
import { describe, expect, it } from "vitest";
import { allMergedConfigs, checkStack, exampleFile, exampleStacks, knownDead, programIgnoring, walkStack } from "./dead-settings";

const ownFile = "enterprise-aws-us-east-1";
const allMerged = allMergedConfigs();

describe("no dead settings: every example stack's settings change what the kit does or are refused", () => {
  for (const stack of exampleStacks.filter((s) => s !== ownFile)) {
    it(stack, { timeout: 900_000 }, async () => {
      await checkStack(stack, allMerged);
    });
  }

  it("knownDead names only example stacks, each setting once", () => {
    for (const k of knownDead) expect(exampleStacks, `knownDead: ${k.stack}`).toContain(k.stack);
    const keys = knownDead.map((k) => `${k.stack} ${k.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  // The detector itself can fail: a kit whose program never reads `gateway.timeoutSeconds` (pinned
  // to the example's value before the program reads its config) must have that setting reported.
  it("canary: a setting the program ignores is reported dead", { timeout: 120_000 }, async () => {
    const stack = "prototype-aws-us-east-1";
    const file = exampleFile(stack);
    const path = "ai-infra:gateway.timeoutSeconds";
    const pinned = (allMerged[exampleStacks.indexOf(stack)]!.gateway as { timeoutSeconds: number }).timeoutSeconds;
    const r = await walkStack(stack, file, allMerged, { only: (p) => p === path, program: programIgnoring(["gateway", "timeoutSeconds"], pinned, file.secretKeys) });
    expect(r.dead.map((d) => `${d.kind} ${d.path}`)).toEqual([`dead ${path}`]);
    const live = await walkStack(stack, file, allMerged, { only: (p) => p === path });
    expect(live.dead).toEqual([]);
  });
});
