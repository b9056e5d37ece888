import { defineConfig } from "vitest/config";

// The tests of the kit's pure core, for mutation testing (`npm run mutate`): fast, in-process,
// no real LiteLLM, engine or cloud emulator. Stryker runs each mutant against only the tests that
// cover it. Not merged with vitest.config.ts: merging would append these lists to its `include`.
export default defineConfig({
  test: {
    include: [
      "test/config/**/*.test.ts",
      "test/cost/**/*.test.ts",
      "test/policies/**/*.test.ts",
      "test/gateway/*.test.ts",
      "test/planner/{diff,promote,promote-enterprise-aws,render}.test.ts",
      "test/aws/{pure,enterprise,growth}.test.ts",
      "test/gcp/{front-door-rule-order,frontdoor,frontdoor-multi,pure}.test.ts",
      "test/worker/{export-filter,pure}.test.ts",
    ],
    // Files that plan through a child process: the mutant is switched on inside this process
    // only, so a child would always run the unmutated code.
    exclude: [
      "test/policies/analyzer.test.ts",
      "test/policies/example-stacks.test.ts",
      "test/policies/violating-stacks.test.ts",
      "test/config/overflow.test.ts",
    ],
    isolate: true,
    testTimeout: 60_000,
  },
});
