/**
 * No dead settings, the enterprise AWS stack alone: the largest example is about half the walk, so
 * it has its own file and vitest runs it in the other worker. What is tested and how:
 * `./dead-settings.test.ts` and `./dead-settings` (one helper, one `knownDead` list).
 */
import { describe, it } from "vitest";
import { allMergedConfigs, checkStack } from "./dead-settings";

const stack = "enterprise-aws-us-east-1";

describe("no dead settings: every example stack's settings change what the kit does or are refused", () => {
  it(stack, { timeout: 900_000 }, async () => {
    await checkStack(stack, allMergedConfigs());
  });
});
