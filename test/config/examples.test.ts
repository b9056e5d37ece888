import { describe, expect, it } from "vitest";
import { Secret, parseStack } from "../../components/config";
import { exampleFile, exampleRaw, exampleStacks } from "../helpers/stacks";

// One secure value per provider key in stacks/Pulumi.<stack>.yaml: growth-gcp has openai and anthropic, the rest one each.
const providerKeyCount: Record<string, number> = {
  "prototype-aws-us-east-1": 1, "prototype-gcp-europe-west4": 1, "growth-aws-eu-west-1": 1, "growth-gcp-us-central1": 2,
  "scale-aws-us-east-1": 1, "scale-gcp-europe-west4": 1, "enterprise-aws-us-east-1": 1, "enterprise-gcp-europe-west4": 1,
};

describe("example stacks", () => {
  it("there are example stacks for both clouds and the first two stages", () => {
    expect(exampleStacks).toEqual(
      expect.arrayContaining(["prototype-aws-us-east-1", "prototype-gcp-europe-west4", "growth-aws-eu-west-1", "growth-gcp-us-central1"]),
    );
  });

  it.each(exampleStacks)("%s parses, and its name says its stage, cloud and primary region", (stack) => {
    const { raw, secretKeys } = exampleRaw(stack);
    const result = parseStack(raw, { project: "ai-infra", stack, secretKeys });
    if (!result.ok) throw new Error(`${stack}: ${JSON.stringify(result.errors, null, 2)}`);
    const { stack: spec } = result;
    // Stacks are named <stage>-<cloud>-<region or region group>.
    expect(stack).toBe(`${spec.stage}-${spec.cloud}-${spec.primaryRegion}`);
    expect(spec.stack).toBe(stack);
    expect(spec.regions[0]).toBe(spec.primaryRegion);
  });

  it.each(exampleStacks)("%s keeps provider keys as secrets that never print", (stack) => {
    const file = exampleFile(stack);
    expect(file.secretKeys).toEqual(["ai-infra:providerKeys"]);
    const { raw, secretKeys } = exampleRaw(stack);
    const result = parseStack(raw, { project: "ai-infra", stack, secretKeys });
    if (!result.ok) throw new Error("does not parse");
    const keys = Object.values(result.stack.providerKeys);
    expect(keys).toHaveLength(providerKeyCount[stack]!);
    for (const k of keys) expect(k).toBeInstanceOf(Secret);
    const printed = JSON.stringify(result.stack) + String(Object.values(result.stack.providerKeys));
    for (const placeholder of file.placeholders) expect(printed).not.toContain(placeholder);
  });
});
