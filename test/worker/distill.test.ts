/**
 * The distillation parts of the worker, pure: the held-out split, the metrics, the scoring of a
 * held-out set, and the evaluation's environment.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { evaluateConfigFromEnv, evaluatePairs, exactMatch, tokenF1 } from "../../worker/evaluate";
import { exportConfigFromEnv, isHeldOut } from "../../worker/export";

const line = (prompt: string, answer: string) => ({ messages: [{ role: "user", content: prompt }, { role: "assistant", content: answer }] });

describe("held-out split", () => {
  const prompts = Array.from({ length: 400 }, (_, i) => `prompt ${i}`);
  // This test's own reading of the rule: sha256 of the prompt messages, first 4 bytes big-endian, mod 100.
  const bucket = (p: string) => createHash("sha256").update(JSON.stringify([{ role: "user", content: p }])).digest().readUInt32BE(0) % 100;

  it("puts a pair held out exactly when its prompt's bucket is below the percent, whatever the answer", () => {
    for (const pct of [5, 20, 50]) {
      expect(prompts.filter((p) => isHeldOut(line(p, "a"), pct))).toEqual(prompts.filter((p) => bucket(p) < pct));
      expect(prompts.filter((p) => isHeldOut(line(p, "another answer"), pct))).toEqual(prompts.filter((p) => bucket(p) < pct));
    }
  });

  it("holds nothing out at 0", () => {
    expect(prompts.filter((p) => isHeldOut(line(p, "a"), 0))).toEqual([]);
  });

  it("reads EXPORT_HELD_OUT_PERCENT and EXPORT_RUN_ID_PREFIX, and refuses a percent outside 0..50", () => {
    const env = { EXPORT_LOG_BUCKET: "l", EXPORT_TRAINING_BUCKET: "t", EXPORT_REGION: "us-east-1" };
    const now = new Date("2026-12-01T03:00:00.000Z");
    expect(exportConfigFromEnv({ ...env, EXPORT_HELD_OUT_PERCENT: "20", EXPORT_RUN_ID_PREFIX: "distill" }, now)).toMatchObject({ heldOutPercent: 20, runId: "distill-2026-12-01T03-00-00-000Z" });
    expect(exportConfigFromEnv(env, now).heldOutPercent).toBeUndefined();
    expect(() => exportConfigFromEnv({ ...env, EXPORT_HELD_OUT_PERCENT: "51" }, now)).toThrow("EXPORT_HELD_OUT_PERCENT must be a whole number from 0 to 50 (given: 51)");
  });
});

describe("metrics", () => {
  it("exact match ignores case and surrounding space only", () => {
    expect([exactMatch(" Billing\n", "billing"), exactMatch("billing.", "billing"), exactMatch("", "")]).toEqual([1, 0, 1]);
  });

  it("token F1 is the F1 of the word multisets", () => {
    // student 4 words, teacher 3, 2 in common: precision 1/2, recall 2/3, F1 = 4/7.
    expect(tokenF1("the cat sat down", "the cat slept")).toBeCloseTo(4 / 7, 12);
    expect(tokenF1("a a b", "a b b")).toBeCloseTo(2 / 3, 12);
    expect([tokenF1("x", "y"), tokenF1("", "y"), tokenF1("", ""), tokenF1("Same words", "same  WORDS")]).toEqual([0, 0, 1, 1]);
  });

  it("scores a held-out set as the mean, a failed call as 0, and counts the student's tokens", async () => {
    const lines = [line("p1", "billing"), line("p2", "shipping"), line("p3", "refund"), line("p4", "refund")];
    const answers: Record<string, string> = { p1: "billing", p2: "Shipping", p3: "billing" };
    const r = await evaluatePairs(lines, { metric: "exact-match" }, async (m) => {
      const a = answers[m[0]!.content];
      if (a === undefined) throw new Error("503");
      return { text: a, promptTokens: 10, completionTokens: 2 };
    });
    expect(r).toEqual({
      pairs: 4,
      score: 0.5,
      errors: 1,
      promptTokens: 30,
      completionTokens: 6,
      worst: [
        { prompt: "p3", teacher: "refund", student: "billing", score: 0 },
        { prompt: "p4", teacher: "refund", student: "", score: 0 },
      ],
    });
  });
});

describe("evaluation environment", () => {
  const env = { EVAL_BUCKET: "b", EVAL_TRAINING_SET: "distill-1", EVAL_BASE_URL: "http://v/v1", EVAL_ADAPTER: "a", EVAL_VERSION: "run-1", EVAL_ID: "e1", EVAL_METRIC: "token-f1", EVAL_THRESHOLD: "0.8", EVAL_REGION: "us-east-1" };
  it("reads the Job's variables", () => {
    expect(evaluateConfigFromEnv(env)).toEqual({
      bucket: "b",
      trainingSet: "distill-1",
      trainingPrefix: "training-sets",
      baseUrl: "http://v/v1",
      apiKey: undefined,
      adapter: "a",
      version: "run-1",
      evaluationId: "e1",
      metric: "token-f1",
      threshold: 0.8,
      region: "us-east-1",
      endpoint: undefined,
      timeoutSeconds: 60,
    });
  });
  it.each([
    [{ EVAL_METRIC: "bleu" }, "EVAL_METRIC must be one of exact-match, token-f1 (given: bleu)"],
    [{ EVAL_THRESHOLD: "1.2" }, "EVAL_THRESHOLD must be a number from 0 to 1 (given: 1.2)"],
    [{ EVAL_ADAPTER: "" }, "EVAL_ADAPTER is required"],
  ])("refuses %j", (bad, message) => {
    expect(() => evaluateConfigFromEnv({ ...env, ...bad })).toThrow(message);
  });
});
