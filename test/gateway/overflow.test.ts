/** The overflow and adapter entries of the rendered gateway config, as pure checks (the proxy test proves behaviour). */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Stack } from "../../components/config";
import { renderGatewayConfig } from "../../components/gateway/render";
import { overflowSpec } from "./litellm/harness/overflow-stand";

const API = "http://127.0.0.1:9/v1";
const config = () => parse(renderGatewayConfig(overflowSpec(API), { logTarget: "s3" }));
const group = (c: any, name: string) => c.model_list.filter((m: any) => m.model_name === name);

describe("self-hosted first with overflow in the rendered config", () => {
  it("puts vLLM first (order 1, the overflow's timeout, its own cooldown count) and the hosted API in the same group at order 2", () => {
    const [vllm, api, ...rest] = group(config(), "llama-small");
    expect(rest).toEqual([]);
    expect(vllm.litellm_params).toMatchObject({ model: "hosted_vllm/llama-small", order: 1, timeout: 2, stream_timeout: 2 });
    expect(vllm.model_info).toMatchObject({ id: "llama-small-self-hosted", allowed_fails: 3, cooldown_time: 5 });
    expect(api).toEqual({
      model_name: "llama-small",
      litellm_params: { model: "openai/hosted-model", api_base: API, api_key: "os.environ/AI_INFRA_KEY_API_US", timeout: 10, input_cost_per_token: 1.5e-7, output_cost_per_token: 6e-7, order: 2 },
      model_info: { id: "llama-small-overflow-chat-hosted-0", provider: "api-us", overflow_of: "llama-small" },
    });
  });

  it("does not retry vLLM or an adapter on the errors that overflow", () => {
    const noRetry = { TimeoutErrorRetries: 0, RateLimitErrorRetries: 0, ServiceUnavailableErrorRetries: 0, InternalServerErrorRetries: 0 };
    expect(config().router_settings.model_group_retry_policy).toEqual({ "llama-small": noRetry, "llama-small-support": noRetry });
  });

  it("exposes each adapter as a group on its base model's vLLM, falling back to the base group and its overflow", () => {
    const c = config();
    const [adapter, ...rest] = group(c, "llama-small-support");
    expect(rest).toEqual([]);
    expect(adapter.litellm_params).toMatchObject({ model: "hosted_vllm/llama-small-support", api_base: "os.environ/AI_INFRA_VLLM_LLAMA_SMALL_URL" });
    expect(c.router_settings.fallbacks).toEqual([{ "llama-small-support": ["llama-small", "chat-hosted"] }]);
  });

  it("a stack without overflow or fine-tuning renders none of it", () => {
    const spec = overflowSpec(API);
    const plain = { ...spec, fineTuning: undefined, selfHosted: spec.selfHosted!.map((s) => ({ ...s, overflow: undefined })) } as Stack;
    const c = parse(renderGatewayConfig(plain, { logTarget: "s3" }));
    expect(group(c, "llama-small")).toHaveLength(1);
    expect(group(c, "llama-small")[0].litellm_params.order).toBeUndefined();
    expect(c.router_settings.model_group_retry_policy).toBeUndefined();
    expect(c.router_settings.fallbacks).toBeUndefined();
  });
});
