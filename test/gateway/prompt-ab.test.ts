/** The prompt A/B report's arithmetic on hand-written log lines (the real run: litellm/prompts.test.ts). */
import { describe, expect, it } from "vitest";
import { type LogLine, percentile, promptAbReport, sampleSizeForMeans } from "../../cli/lib/report/prompt-ab";

const line = (variant: string, o: Partial<LogLine> & { version?: number } = {}): LogLine => ({
  status: "success",
  cache_hit: null,
  prompt_tokens: 10,
  completion_tokens: 5,
  response_cost: 0.001,
  startTime: 100,
  endTime: 100.2,
  ...o,
  metadata: { spend_logs_metadata: { prompt_template: "t", prompt_variant: variant, prompt_version: o.version ?? 1 } },
});

describe("prompt A/B report", () => {
  it("nearest-rank percentiles", () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 95)).toBe(19);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBe(null);
  });

  it("sample size: Welch variances, two-sided 0.05, power 0.8", () => {
    // control mean 100, variance 62.5; variant mean 92, variance 10:
    // (1.95996 + 0.84162)^2 * 72.5 / 64 = 7.84887 * 1.13281 = 8.891 -> 9
    expect(sampleSizeForMeans([100, 110, 90, 105, 95], [90, 94, 88, 96, 92])).toBe(9);
    expect(sampleSizeForMeans([10, 10], [10, 10])).toBe(null);
    // No variance at all: the floor of two per variant.
    expect(sampleSizeForMeans([20, 20], [10, 10])).toBe(2);
  });

  it("groups by template, version and variant; tokens and saving from model-answered requests only", () => {
    const rows = promptAbReport(
      [
        line("b", { prompt_tokens: 6 }),
        line("a", { prompt_tokens: 10 }),
        line("a", { prompt_tokens: 12, endTime: 101 }),
        line("a", { cache_hit: true, prompt_tokens: 10, response_cost: 0 }),
        line("b", { status: "failure", prompt_tokens: 0, response_cost: 0 }),
        line("b", { prompt_tokens: 4 }),
        line("a", { version: 2, prompt_tokens: 50 }),
        { status: "success", metadata: null },
      ],
      { t: "a" },
    );
    expect(rows.map((r) => [r.version, r.variant, r.control, r.requests, r.errors, r.cacheHits, r.modelAnswered, r.inputTokens, r.outputTokens])).toEqual([
      [1, "a", true, 3, 0, 1, 2, 22, 10],
      [1, "b", false, 3, 1, 0, 2, 10, 10],
      [2, "a", true, 1, 0, 0, 1, 50, 5],
    ]);
    const b = rows[1]!;
    expect(b.tokenSavingVsControl).toBeCloseTo(1 - 5 / 11, 12);
    expect(b.errorRate).toBeCloseTo(1 / 3, 12);
    expect(rows[0]!.cacheHitRate).toBeCloseTo(1 / 3, 12);
    expect(rows[0]!.costUsd).toBeCloseTo(0.002, 12);
    // Latencies of successes, in ms: 200, 1000, 200 -> p50 200, p95 1000.
    expect(rows[0]!.latencyP50Ms).toBeCloseTo(200, 6);
    expect(rows[0]!.latencyP95Ms).toBeCloseTo(1000, 6);
    // control [10, 12] (variance 2), b [6, 4] (variance 2): 7.849 * 4 / 36 = 0.87 -> the floor, 2.
    expect(b.sampleSizeNeeded).toBe(2);
    expect(b.trusted).toBe(true);
  });
});
