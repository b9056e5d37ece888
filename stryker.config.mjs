// Mutation testing of the kit's pure core: `npm run mutate` (full, then incremental).
// https://stryker-mutator.io/docs/stryker-js/configuration/
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  // No TypeScript checker: on the cost model it let through 14 mutants in 1 min 44 s where the
  // tests alone ran 330 in 37 s (bench/README.md). Type-invalid mutants run like the others; Vitest
  // strips types, so they are killed by a test or listed as survivors like any other.
  checkers: [],
  // Each mutant runs only the tests that covered its code in the dry run.
  coverageAnalysis: "perTest",
  // Static mutants (code run once, when a module loads: tables, rule ids and docs) need every test
  // re-run in a fresh module graph each, most of a run's time for a few percent of its mutants;
  // they are reported as ignored, not scored.
  ignoreStatic: true,
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
  // Two cores: two test runners.
  concurrency: 2,
  // The dry run of the whole scope runs every test file of vitest.mutate.config.ts once.
  dryRunTimeoutMinutes: 30,
  timeoutMS: 20_000,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
