// The rendered LiteLLM config's settings on exact values (components/gateway/render.ts): what the
// real LiteLLM runs (test/gateway/litellm, a child process a mutant cannot reach) depend on.
// Found by mutation testing (docs/testing.md).
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type Stack, parseStack } from "../../components/config";
import { renderGatewayConfig, routerEntry, scaleModelEntries } from "../../components/gateway/render";
import { exampleRaw } from "../helpers/stacks";

function exampleSpec(stack: string): Stack {
  const { raw, secretKeys } = exampleRaw(stack);
  const r = parseStack(raw, { project: "ai-infra", stack, secretKeys });
  if (!r.ok) throw new Error(`${stack}: ${JSON.stringify(r.errors)}`);
  return r.stack;
}

describe("renderGatewayConfig", () => {
  it("AWS: drops unknown params, logs to S3 without an endpoint, shuffles by weight, TLS to the cache", () => {
    const spec = exampleSpec("growth-aws-eu-west-1");
    const text = renderGatewayConfig(spec);
    // keys in the order written, not sorted
    expect(text.split("\n").filter((l) => /^\S/.test(l))).toEqual(["model_list:", "litellm_settings:", "router_settings:", "general_settings:"]);
    const c = parse(text);
    expect(c.litellm_settings.drop_params).toBe(true);
    expect(c.litellm_settings.s3_callback_params).toEqual({ s3_bucket_name: "os.environ/AI_INFRA_LOG_BUCKET", s3_region_name: "os.environ/AI_INFRA_LOG_REGION", s3_path: "requests" });
    expect(c.router_settings.routing_strategy).toBe("simple-shuffle");
    expect(c.router_settings.enable_pre_call_checks).toBe(true);
    expect(c.router_settings.cache_kwargs).toEqual({ ssl: true });
    expect(c.litellm_settings.cache_params.ssl).toBe(true);
  });

  it("pre-call checks with any deployment's rpm or tpm, none without", () => {
    const spec = exampleSpec("prototype-aws-us-east-1");
    const checks = (models: unknown[]) => parse(renderGatewayConfig({ ...spec, models } as Stack)).router_settings.enable_pre_call_checks;
    expect(checks(spec.models.map((m) => ({ ...m, rpm: undefined, tpm: undefined })))).toBeUndefined();
    const [first, ...rest] = spec.models.map((m) => ({ ...m, rpm: undefined, tpm: undefined }));
    expect(checks([{ ...first!, rpm: 10 }, ...rest, { ...first!, name: "other" }])).toBe(true);
    expect(checks([{ ...first!, tpm: 1000 }, ...rest, { ...first!, name: "other" }])).toBe(true);
  });

  it("no fallbacks key without fallbacks; the semantic cache keeps the cache on", () => {
    const growth = exampleSpec("growth-aws-eu-west-1");
    const none = parse(renderGatewayConfig({ ...growth, reliability: { ...growth.reliability!, fallbacks: {} } } as Stack));
    expect("fallbacks" in none.router_settings).toBe(false);
    expect(parse(renderGatewayConfig(exampleSpec("scale-aws-us-east-1"))).litellm_settings.cache).toBe(true);
  });

  it("writes prices as plain decimals, never in exponent form", () => {
    const spec = exampleSpec("prototype-aws-us-east-1");
    const text = renderGatewayConfig({ ...spec, models: spec.models.map((m) => ({ ...m, inputCostPerMillionTokens: 0.2 })) } as Stack);
    expect(text).toContain("input_cost_per_token: 0.0000002\n");
    expect(text).not.toMatch(/\de-\d/);
  });
});

describe("scaleModelEntries", () => {
  it("a self-hosted group as vLLM behind its URL variable, its tier as routing_tier only when set", () => {
    const spec = { gateway: { timeoutSeconds: 30 }, selfHosted: [{ name: "llama-small", tier: "small" }, { name: "coder" }] } as unknown as Stack;
    expect(scaleModelEntries(spec)).toStrictEqual([
      {
        model_name: "llama-small",
        litellm_params: { model: "hosted_vllm/llama-small", api_base: "os.environ/AI_INFRA_VLLM_LLAMA_SMALL_URL", timeout: 30, input_cost_per_token: 0, output_cost_per_token: 0 },
        model_info: { id: "llama-small-self-hosted", provider: "self-hosted", routing_tier: "small" },
      },
      {
        model_name: "coder",
        litellm_params: { model: "hosted_vllm/coder", api_base: "os.environ/AI_INFRA_VLLM_CODER_URL", timeout: 30, input_cost_per_token: 0, output_cost_per_token: 0 },
        model_info: { id: "coder-self-hosted", provider: "self-hosted" },
      },
    ]);
  });
});

describe("routerEntry", () => {
  const routing = { routerGroup: "auto", tiers: { small: "chat-small", strong: "chat-strong" }, strongAboveChars: 2000, strongKeywords: ["prove", "step by step"] };

  it("LiteLLM's complexity router scoring prompt length alone, strong keywords forcing COMPLEX", () => {
    expect(routerEntry(routing as never)).toEqual({
      model_name: "auto",
      litellm_params: {
        model: "auto_router/complexity_router",
        complexity_router_config: {
          classifier_type: "heuristic",
          tiers: { SIMPLE: "chat-small", MEDIUM: "chat-small", COMPLEX: "chat-strong", REASONING: "chat-strong" },
          token_thresholds: { simple: 15, complex: 500 },
          dimension_weights: { tokenCount: 1 },
          tier_boundaries: { simple_medium: 0.5, medium_complex: 0.75, complex_reasoning: 1.5 },
          keyword_tier_rules: [{ keywords: ["prove", "step by step"], tier: "COMPLEX" }],
        },
        complexity_router_default_model: "chat-strong",
      },
      model_info: { id: "auto-router" },
    });
  });

  it("no keyword rule without strong keywords", () => {
    const cfg = (routerEntry({ ...routing, strongKeywords: [] } as never).litellm_params as Record<string, Record<string, unknown>>).complexity_router_config!;
    expect(Object.keys(cfg)).toEqual(["classifier_type", "tiers", "token_thresholds", "dimension_weights", "tier_boundaries"]);
  });
});
