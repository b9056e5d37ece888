/**
 * Bad input of `fineTuning.distillation`: refused with the property path and the allowed values,
 * the gate's record included (an adapter whose recorded score is below the threshold never serves).
 */
import { describe, expect, it } from "vitest";
import { parseStack } from "../../components/config";
import { distilling } from "../helpers/distillation";

function errors(raw: Record<string, unknown>) {
  const r = parseStack(raw, { secretKeys: new Set(["providerKeys"]) });
  return r.ok ? [] : r.errors.map(({ path, message, value }) => ({ path, message, value }));
}

describe("fineTuning.distillation in the spec", () => {
  it("accepts the valid distillation", () => {
    expect(errors(distilling())).toEqual([]);
  });

  it("refuses a teacher that is no model group, naming the groups", () => {
    const raw = distilling();
    raw.fineTuning.distillation.teacher = "gpt-nowhere";
    expect(errors(raw)).toEqual([
      { path: "ai-infra:fineTuning.distillation.teacher", message: "names no model group (the teacher is a group callers ask for); groups: chat-small-hosted, chat-strong, embed, llama-small", value: "gpt-nowhere" },
    ]);
  });

  it("refuses a student that is not self-hosted, naming the self-hosted groups", () => {
    const raw = distilling();
    raw.fineTuning.distillation.student = "chat-small-hosted";
    expect(errors(raw)).toEqual([
      { path: "ai-infra:fineTuning.distillation.student", message: "is not a self-hosted group (the adapter is trained on and served beside its weights); allowed: llama-small", value: "chat-small-hosted" },
      { path: "ai-infra:fineTuning.distillation.adapter", message: "is not an adapter of fineTuning.adapters on the student chat-small-hosted; allowed: (none: add the trained adapter to fineTuning.adapters)", value: "triage-small" },
    ]);
  });

  it("refuses an adapter not listed on the student, naming the adapters there", () => {
    const raw = distilling();
    raw.fineTuning.distillation.adapter = "triage-other";
    expect(errors(raw)).toEqual([
      { path: "ai-infra:fineTuning.distillation.adapter", message: "is not an adapter of fineTuning.adapters on the student llama-small; allowed: triage-small", value: "triage-other" },
    ]);
  });

  it("refuses a gate record below the threshold: the adapter never serves on a failing score", () => {
    const raw = distilling();
    raw.fineTuning.distillation.serve.score = 0.89;
    expect(errors(raw)).toEqual([
      { path: "ai-infra:fineTuning.distillation.serve.score", message: "is below the threshold 0.9: the adapter serves only after a passing evaluation; allowed: 0.9 to 1", value: 0.89 },
    ]);
  });

  it("refuses a gate record of another version than the one served", () => {
    const raw = distilling();
    raw.fineTuning.distillation.serve.version = "run-0";
    expect(errors(raw)).toEqual([
      { path: "ai-infra:fineTuning.distillation.serve.version", message: "is not the version fineTuning.adapters serves for triage-small; allowed: run-1 (run the evaluation and the gate on the served version)", value: "run-0" },
    ]);
  });

  it.each([
    ["metric", "bleu", "must be one of exact-match, token-f1"],
    ["heldOutPercent", 60, "must be between 5 and 50 (percent)"],
    ["threshold", 1.5, "must be between 0 and 1"],
  ])("refuses %s %j with the allowed values", (key, value, message) => {
    const raw = distilling();
    raw.fineTuning.distillation[key] = value;
    expect(errors(raw)).toEqual([{ path: `ai-infra:fineTuning.distillation.${key}`, message, value }]);
  });

  it("refuses a weight of 0 (remove serve to stop serving)", () => {
    const raw = distilling();
    raw.fineTuning.distillation.serve.weightPercent = 0;
    expect(errors(raw)).toEqual([{ path: "ai-infra:fineTuning.distillation.serve.weightPercent", message: "must be above 0 and at most 100 (percent)", value: 0 }]);
  });
});
