/**
 * Every AWS resource of the example stacks that Pulumi auto-names must fit its AWS name limit
 * once the provider appends "-" and 7 hex characters (facts/common.ts): the provider fails the
 * preview otherwise, it does not truncate. The offline planner's plan of each stack is read; its
 * fakes name resources through the same facts, so an overlong name also fails the plan itself.
 */
import { describe, expect, it } from "vitest";
import { planStack } from "../../planner/plan";
import { awsNameLimits } from "../../components/config/facts/aws";
import { exampleFile } from "../helpers/stacks";

describe("AWS auto-names fit AWS name limits", () => {
  for (const stack of ["prototype-aws-us-east-1", "growth-aws-eu-west-1", "scale-aws-us-east-1"]) {
    it(stack, async () => {
      const outcome = await planStack(exampleFile(stack));
      expect(outcome.result.errors).toEqual([]);
      const checked = outcome.result.resources.filter((r) => awsNameLimits[r.type]);
      expect(checked.length).toBeGreaterThan(10);
      const tooLong = checked
        .filter((r) => {
          const limit = awsNameLimits[r.type]!;
          const given = r.inputs[limit.field] ?? r.inputs[`${limit.field}Prefix`];
          // A given name must fit as it is; an auto-name is the logical name plus 8 characters.
          const length = typeof given === "string" ? given.length : r.name.length + 8;
          return length > limit.max;
        })
        .map((r) => `${r.type} ${r.name}`);
      expect(tooLong).toEqual([]);
    });
  }
});
