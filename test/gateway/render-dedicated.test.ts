/**
 * The gateway config of a group with dedicated capacity: the capacity is the group's order-1
 * deployment, the on-demand deployments order 2, no retry of the errors that overflow. The real
 * LiteLLM run of the AWS config is test/gateway/litellm/dedicated.test.ts.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseStackOrThrow } from "../../components/config";
import { renderGatewayConfig } from "../../components/gateway/render";
import { awsDedicatedRaw, gcpDedicatedRaw } from "../helpers/dedicated";

const opts = { secretKeys: new Set(["providerKeys"]) };
const entries = (config: string, group: string) => (parse(config).model_list as any[]).filter((e) => e.model_name === group);

describe("gateway config with dedicated capacity", () => {
  it("AWS: the provisioned model's ARN is the model id of an order-1 deployment; on-demand is order 2", () => {
    const cfg = renderGatewayConfig(parseStackOrThrow(awsDedicatedRaw(), opts));
    const group = entries(cfg, "chat-small-hosted");
    expect(group).toHaveLength(2);
    expect(group[1]).toEqual({
      model_name: "chat-small-hosted",
      litellm_params: {
        model: "bedrock/converse/amazon.nova-lite-v1:0",
        model_id: "os.environ/AI_INFRA_DEDICATED_CHAT_SMALL_HOSTED",
        aws_region_name: "us-east-1",
        order: 1,
        timeout: 60,
        input_cost_per_token: 0,
        output_cost_per_token: 0,
      },
      model_info: { id: "chat-small-hosted-dedicated", provider: "dedicated", allowed_fails: 3, cooldown_time: 30 },
    });
    expect(group[0].model_info.id).toBe("chat-small-hosted-0");
    expect(group[0].litellm_params.order).toBe(2);
    expect(group[0].litellm_params.model).toBe("openai/gpt-4o-mini");
    expect(parse(cfg).router_settings.model_group_retry_policy["chat-small-hosted"]).toEqual({
      TimeoutErrorRetries: 0,
      RateLimitErrorRetries: 0,
      ServiceUnavailableErrorRetries: 0,
      InternalServerErrorRetries: 0,
    });
    // Groups without dedicated capacity keep no order.
    expect(entries(cfg, "chat-strong").map((e) => e.litellm_params.order)).toEqual([undefined, undefined]);
  });

  it("GCP: the dedicated endpoint's URL is the api_base of an order-1 Model Garden deployment", () => {
    const cfg = renderGatewayConfig(parseStackOrThrow(gcpDedicatedRaw(), opts));
    const group = entries(cfg, "chat-small-hosted");
    expect(group).toHaveLength(2);
    expect(group[1].litellm_params).toEqual({
      model: "vertex_ai/openai/chat-small-hosted",
      api_base: "os.environ/AI_INFRA_DEDICATED_CHAT_SMALL_HOSTED",
      vertex_location: "europe-west4",
      vertex_project: "ai-infra-example",
      order: 1,
      timeout: 60,
      input_cost_per_token: 0,
      output_cost_per_token: 0,
    });
    expect(group[0].litellm_params.order).toBe(2);
  });

  it("a stack without dedicated capacity renders as before: no order, no dedicated entry", () => {
    const raw = awsDedicatedRaw();
    delete raw.dedicated;
    const cfg = parse(renderGatewayConfig(parseStackOrThrow(raw, opts)));
    expect((cfg.model_list as any[]).filter((e) => e.litellm_params.order !== undefined)).toEqual([]);
    expect((cfg.model_list as any[]).filter((e) => e.model_info.provider === "dedicated")).toEqual([]);
  });
});
