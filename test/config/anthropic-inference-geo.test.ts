import { describe, expect, it } from "vitest";
import { parseStack } from "../../components/config";
import { exampleRaw } from "../helpers/stacks";

// https://platform.claude.com/docs/en/build-with-claude/data-residency: inference_geo is taken by
// Claude Opus 4.6 and later; older models answer HTTP 400.
const withModel = (model: string, inferenceGeo?: string) => {
  // The growth GCP example: its fallback group is the anthropic provider's (models[1]).
  const { raw, secretKeys } = exampleRaw("growth-gcp-us-central1");
  raw.providers = { ...(raw.providers as object), anthropic: { kind: "anthropic", ...(inferenceGeo ? { inferenceGeo } : {}) } };
  raw.models = (raw.models as Record<string, unknown>[]).map((m) => (m.provider === "anthropic" ? { ...m, model } : m));
  return parseStack(raw, { project: "ai-infra", stack: "t", secretKeys });
};
const message = () =>
  `is older than Claude Opus 4.6: Anthropic answers HTTP 400 to its requests carrying inference_geo (provider 'anthropic' sets inferenceGeo); allowed: claude-opus-4-6, claude-sonnet-4-6 or a later model, or a provider without inferenceGeo`;

describe("anthropic-inference-geo-model", () => {
  it.each(["claude-3-5-haiku-20241022", "claude-3-7-sonnet-20250219", "claude-sonnet-4-20250514", "claude-opus-4-1", "claude-opus-4-1-20250805", "claude-sonnet-4-5", "claude-haiku-4-5-20251001", "claude-opus-4-5"])(
    "refuses %s with inferenceGeo us, at the model",
    (model) => {
      const r = withModel(model, "us");
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors.map((e) => [e.path, e.message])).toEqual([["ai-infra:models[1].model", message()]]);
    },
  );

  it.each(["claude-opus-4-6", "claude-sonnet-4-6", "claude-opus-5-5", "claude-sonnet-4-6-20260217"])("accepts %s with inferenceGeo us", (model) => {
    const r = withModel(model, "us");
    expect(r.ok ? [] : r.errors).toEqual([]);
  });
});
