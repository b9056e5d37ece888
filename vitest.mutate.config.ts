import { defineConfig } from "vitest/config";

// The tests of the kit's pure core, for mutation testing (`npm run mutate`): fast, in-process,
// no real LiteLLM, engine or cloud emulator. Stryker runs each mutant against only the tests that
// cover it. Not merged with vitest.config.ts: merging would append these lists to its `include`.

const include = [
  "test/config/**/*.test.ts",
  "test/cost/**/*.test.ts",
  "test/policies/**/*.test.ts",
  "test/gateway/*.test.ts",
  "test/planner/{diff,diff-values,promote-enterprise-aws,render,stage-yaml}.test.ts",
  "test/aws/{pure,enterprise,growth}.test.ts",
  "test/gcp/{front-door-rule-order,front-door-rules,frontdoor,frontdoor-multi,pure}.test.ts",
  "test/worker/{export-filter,pure}.test.ts",
];

// Files that start a process: the mutant is switched on inside this process only, so a child
// would always run the unmutated code, and these files are the slow ones. `npm test` runs them.
const exclude = [
  // plan through the policy analyzer or the CLI in a child process
  "test/policies/analyzer.test.ts",
  "test/policies/example-stacks.test.ts",
  "test/policies/violating-stacks.test.ts",
  "test/config/overflow.test.ts",
  // the rendered configs read by the real LiteLLM's Python (its YAML loader, its config model)
  "test/config/numbers-render.test.ts",
  "test/gateway/yaml11.test.ts",
  // plan every example stack once per setting (minutes per file, and every mutant of the config
  // core would run them); `npm test` runs them
  "test/config/dead-settings.test.ts",
  "test/config/dead-settings-enterprise-aws.test.ts",
];

// Files that run a Pulumi program under the mock runtime: the runtime's state is per module
// graph, so each file gets its own. The others share one module graph across files and mutant
// runs: reloading it per run cost seconds a mutant.
const planned = [
  "test/aws/{enterprise,growth}.test.ts",
  "test/gcp/{frontdoor,frontdoor-multi,pure}.test.ts",
  "test/config/{gcp,retention}.test.ts",
  "test/cost/{example-stacks,gcp-frontdoor}.test.ts",
  "test/policies/front-door.test.ts",
  "test/planner/{promote-enterprise-aws,render}.test.ts",
  "test/gateway/{overflow,render-proxy}.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      { test: { name: "pure", include, exclude: [...exclude, ...planned], isolate: false, testTimeout: 60_000 } },
      { test: { name: "planned", include: planned, exclude, isolate: true, testTimeout: 60_000 } },
    ],
  },
});
