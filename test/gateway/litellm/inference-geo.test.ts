import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseStack } from "../../../components/config";
import { renderGatewayConfig } from "../../../components/gateway/render";
import { exampleRaw } from "../../helpers/stacks";

/**
 * Anthropic's data residency through the real LiteLLM (the pinned release in .tools/venv-litellm):
 * the US growth example's fallback deployment, rendered by the kit, reaches Anthropic's Messages
 * API with `inference_geo: "us"`, which keeps inference in the US
 * (https://platform.claude.com/docs/en/manage-claude/data-residency, read 2026-12-07); without
 * `inferenceGeo` the kit sends none and Anthropic's default (global) applies.
 */
const python = path.resolve(__dirname, "..", "..", "..", ".tools", "venv-litellm", "bin", "python");
const script = path.join(__dirname, "send.py");

function providerBody(entry: unknown): Record<string, unknown> {
  const out = execFileSync(python, [script], {
    input: JSON.stringify({ entry }),
    encoding: "utf8",
    env: { ...process.env, LITELLM_LOCAL_MODEL_COST_MAP: "True" },
    stdio: ["pipe", "pipe", "pipe"],
    timeout: 120_000,
  });
  return JSON.parse(out.trim().split("\n").at(-1)!).body;
}

function anthropicEntry(change: (raw: Record<string, any>) => void = () => undefined) {
  const { raw, secretKeys } = exampleRaw("growth-gcp-us-central1");
  const r = structuredClone(raw) as Record<string, any>;
  change(r);
  const parsed = parseStack(r, { secretKeys });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parse(renderGatewayConfig(parsed.stack)).model_list.find((e: { litellm_params: { model: string } }) => e.litellm_params.model.startsWith("anthropic/"));
}

describe("Anthropic inference_geo through LiteLLM", () => {
  it("the US example's Anthropic deployment asks Anthropic for US-only inference", () => {
    const body = providerBody(anthropicEntry());
    expect(body.inference_geo).toBe("us");
    expect(body.model).toBe("claude-sonnet-4-6");
  });

  it("sends no inference_geo when the provider sets none (the stack is then global)", () => {
    const body = providerBody(anthropicEntry((r) => ((r.jurisdiction = "global"), delete r.providers.anthropic.inferenceGeo)));
    expect(Object.keys(body).sort()).toEqual(["max_tokens", "messages", "model"]);
  });
});
