// Mutation testing of the kit's pure core: `npm run mutate` (full, then incremental).
// https://stryker-mutator.io/docs/stryker-js/configuration/
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  // Type-invalid mutants are discarded rather than counted as killed.
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  mutate: [
    // the config parser and its rules
    "components/config/parse.ts",
    "components/config/validate.ts",
    "components/config/stage-sections.ts",
    "components/config/rules/*.ts",
    // the policy packs' decisions
    "policies/residency/*.ts",
    "policies/guardrails/*.ts",
    "!policies/*/{index,pack,runner}.ts",
    // the gateway config renderer and overflow ordering
    "components/gateway/*.ts",
    "!components/gateway/{index,versions}.ts",
    // the cost model
    "components/cost/*.ts",
    "!components/cost/{index,prices,rates,regions}.ts",
    // the promotion diff
    "planner/diff.ts",
    "planner/promote.ts",
    // the failover record plan and the front-door rule plan
    "components/aws/failover.ts",
    "components/gcp/front-door.ts",
    // the worker's export filter
    "worker/export.ts",
  ],
  // The sandbox copy needs the sources, tests, examples and docs (some tests read them), not the installed tools.
  ignorePatterns: [".tools", "dist", "bench", "reports", "tools", "worker/node_modules", ".github"],
  incremental: true,
  incrementalFile: "reports/mutation/incremental.json",
  reporters: ["progress", "clear-text", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  thresholds: { high: 90, low: 80, break: null },
  // Two cores: one runner, one checker.
  concurrency: 1,
  timeoutMS: 20_000,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
