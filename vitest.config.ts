import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Pulumi mocks are process-global: each test file runs in its own fork so one file's
    // mocks and captured resources never leak into another's.
    pool: "forks",
    isolate: true,
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core CI machine.
    // Most files spend their time waiting on real processes (LiteLLM, the Pulumi engine, Redis,
    // moto), so two workers overlap those waits.
    maxWorkers: 2,
    // Vitest's own output, then a table of each file's time, slowest first (test/reporters).
    reporters: ["default", "./test/reporters/file-times.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
