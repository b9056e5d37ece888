import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Pulumi mocks are process-global: each test file runs in its own fork so one file's
    // mocks and captured resources never leak into another's.
    pool: "forks",
    isolate: true,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
