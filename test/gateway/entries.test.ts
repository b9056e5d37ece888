// The gateway's model_list entries built from typed stacks, each field on exact values
// (components/gateway/model-entry.ts, adapters.ts, overflow.ts, access.ts): which provider settings
// reach LiteLLM and which are left out. The real LiteLLM runs (test/gateway/litellm) read the same
// entries in a child process, where a mutant cannot reach. Found by mutation testing (docs/testing.md).
import { describe, expect, it } from "vitest";
import { modelEntry } from "../../components/gateway/model-entry";
import { adapterEntries, adapterFallbacks } from "../../components/gateway/adapters";
import { overflowEntries, selfHostedOverflowInfo } from "../../components/gateway/overflow";
import { accessContainerEnv, featureTag } from "../../components/gateway/access";
import { providerKeyEnv } from "../../components/gateway/env";

type Any = any;
const stack = (over: Record<string, unknown> = {}): Any => ({ cloud: "aws", stage: "growth", providerKeys: {}, gateway: { timeoutSeconds: 60 }, models: [], ...over });
const model = (kind: string, providerConfig: Record<string, unknown> = {}, over: Record<string, unknown> = {}): Any => ({
  name: "chat",
  provider: "p",
  model: "m-1",
  providerConfig: { kind, ...providerConfig },
  ...over,
});

describe("modelEntry", () => {
  it("a bare deployment: the prefixed model, the timeout, no settings it does not have", () => {
    // toStrictEqual: a setting the deployment does not have is no key at all, not an undefined one
    expect(modelEntry(stack(), model("bedrock"), 0)).toStrictEqual({
      model_name: "chat",
      litellm_params: { model: "bedrock/m-1", timeout: 60 },
      model_info: { id: "chat-0", provider: "p" },
    });
  });

  it("each provider kind's own settings, and only on that kind", () => {
    const all = { apiVersion: "2024-10-21", inferenceGeo: "us", region: "eu-west-1" };
    const params = (kind: string, s: Any = stack()) => modelEntry(s, model(kind, all), 1).litellm_params;
    expect(params("azure")).toEqual({ model: "azure/m-1", api_version: "2024-10-21", timeout: 60 });
    expect(params("anthropic")).toEqual({ model: "anthropic/m-1", api_base: "https://api.anthropic.com", inference_geo: "us", timeout: 60 });
    expect(params("bedrock")).toEqual({ model: "bedrock/m-1", aws_region_name: "eu-west-1", timeout: 60 });
    expect(params("vertex")).toStrictEqual({ model: "vertex_ai/m-1", vertex_location: "eu-west-1", timeout: 60 });
    expect(params("vertex", stack({ gcpProject: "proj-1" }))).toEqual({ model: "vertex_ai/m-1", vertex_location: "eu-west-1", vertex_project: "proj-1", timeout: 60 });
    expect(params("openai")).toEqual({ model: "openai/m-1", api_base: "https://api.openai.com/v1", timeout: 60 });
    // without the setting, nothing
    expect(modelEntry(stack({ gcpProject: "proj-1" }), model("azure"), 0).litellm_params).toEqual({ model: "azure/m-1", timeout: 60 });
    expect(modelEntry(stack({ gcpProject: "proj-1" }), model("vertex"), 0).litellm_params).toEqual({ model: "vertex_ai/m-1", timeout: 60 });
  });

  it("limits, weight, prices per token and the routing tier when the model sets them", () => {
    const m = model("openai-compatible", { apiBase: "https://llm.example.com/v1" }, { rpm: 100, tpm: 5000, weight: 3, inputCostPerMillionTokens: 0.15, outputCostPerMillionTokens: 0.6, tier: "small" });
    expect(modelEntry(stack({ providerKeys: { p: "k" } }), m, 2)).toEqual({
      model_name: "chat",
      litellm_params: {
        model: "openai/m-1",
        api_base: "https://llm.example.com/v1",
        api_key: "os.environ/AI_INFRA_KEY_P",
        timeout: 60,
        rpm: 100,
        tpm: 5000,
        weight: 3,
        input_cost_per_token: 0.00000015,
        output_cost_per_token: 0.0000006,
      },
      model_info: { id: "chat-2", provider: "p", routing_tier: "small" },
    });
  });
});

describe("fine-tuned adapters", () => {
  const adapters = { adapters: [{ name: "support", baseModel: "llama", version: "v2" }] };

  it("reach vLLM through the base group, with the base's overflow timeout and the stack's cooldown", () => {
    const s = stack({
      fineTuning: adapters,
      reliability: { allowedFails: 5, cooldownSeconds: 10 },
      selfHosted: [
        { name: "other", overflow: { timeoutSeconds: 5, groups: ["x"] } },
        { name: "llama", overflow: { timeoutSeconds: 7, groups: ["chat"] } },
      ],
    });
    expect(adapterEntries(s)).toEqual([
      {
        model_name: "support",
        litellm_params: { model: "hosted_vllm/support", api_base: "os.environ/AI_INFRA_VLLM_LLAMA_URL", timeout: 7, stream_timeout: 7, input_cost_per_token: 0, output_cost_per_token: 0 },
        model_info: { id: "support-adapter", provider: "self-hosted", base_model_group: "llama", adapter_version: "v2", allowed_fails: 5, cooldown_time: 10 },
      },
    ]);
    expect(adapterFallbacks(s)).toEqual([{ support: ["llama", "chat"] }]);
  });

  it("without an overflow or reliability settings: the gateway timeout, 3 fails, 30 s cooldown, the base group only", () => {
    for (const selfHosted of [undefined, [{ name: "llama" }]]) {
      const s = stack({ fineTuning: adapters, selfHosted });
      expect(adapterEntries(s)[0]).toMatchObject({ litellm_params: { timeout: 60, stream_timeout: 60 }, model_info: { allowed_fails: 3, cooldown_time: 30 } });
      expect(adapterFallbacks(s)).toEqual([{ support: ["llama"] }]);
    }
    expect(adapterEntries(stack())).toEqual([]);
  });
});

describe("overflow", () => {
  it("the deployment's cooldown only with an overflow: the stack's, else 3 fails and 30 s", () => {
    expect(selfHostedOverflowInfo(stack(), { name: "llama" } as Any)).toEqual({});
    expect(selfHostedOverflowInfo(stack(), { name: "llama", overflow: { groups: [] } } as Any)).toEqual({ allowed_fails: 3, cooldown_time: 30 });
    expect(selfHostedOverflowInfo(stack({ reliability: { allowedFails: 1, cooldownSeconds: 5 } }), { name: "llama", overflow: { groups: [] } } as Any)).toEqual({ allowed_fails: 1, cooldown_time: 5 });
  });

  it("orders the overflow groups after vLLM (order 1), in the order listed", () => {
    const s = stack({
      models: [model("openai", {}, { name: "a" }), model("openai", {}, { name: "b" })],
      selfHosted: [{ name: "llama", overflow: { groups: ["b", "a"] } }],
    });
    expect(overflowEntries(s).map((e: Any) => [e.model_info.id, e.litellm_params.order])).toEqual([
      ["llama-overflow-b-1", 2],
      ["llama-overflow-a-0", 3],
    ]);
  });
});

describe("access", () => {
  it("passes the budget webhook to the gateway only with the keys database", () => {
    const budget = { notify: { webhookUrl: "https://hooks.example.com/x" } };
    expect(accessContainerEnv(stack({ budget }))).toEqual({ WEBHOOK_URL: "https://hooks.example.com/x" });
    expect(accessContainerEnv(stack({ budget, stage: "prototype" }))).toEqual({});
    expect(accessContainerEnv(stack({ budget: { notify: {} } }))).toEqual({});
  });

  it("names a provider's key variable in upper case, dashes as underscores", () => {
    expect(providerKeyEnv("api-us")).toBe("AI_INFRA_KEY_API_US");
  });

  it("tags a feature as feature:<name>", () => {
    expect(featureTag("search")).toBe("feature:search");
  });
});
