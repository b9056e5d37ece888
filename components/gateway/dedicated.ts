import type { BedrockDedicated, Stack, VertexDedicated } from "../config/model";
import { bedrockProvisionedModels } from "../config/facts/dedicated";
import { envRef } from "./env";

/**
 * Dedicated capacity first, on-demand second: a hosted model group with `dedicated` capacity gets
 * one more deployment, the capacity, with LiteLLM `order` 1, and the group's on-demand deployments
 * move to order 2. This is the ordering and fallback machinery of the self-hosted overflow
 * (`overflow.ts` explains the router's side): the lowest healthy order answers; when it fails
 * (a throttle, 429, is Bedrock's answer once the model units are busy; 5xx; a timeout) the router
 * falls back to the next order within the group, and a deployment that failed `allowed_fails`
 * times in a minute, or answered 429 once, is skipped for `cooldown_time`.
 *
 * Addresses. The capacity's identity exists only after deploy, so the adapter passes it in a
 * variable (`dedicatedEnv`): on AWS the provisioned model's ARN, which Bedrock takes as the model
 * id of an invocation; on GCP the dedicated endpoint's base URL on its own DNS name
 * (`https://<endpoint>.<region>-<project number>.prediction.vertexai.goog/v1beta1/projects/<project>/locations/<region>/endpoints/<endpoint>`),
 * since a dedicated endpoint no longer answers on the shared `<region>-aiplatform.googleapis.com`.
 */

/** `order` of the dedicated deployment (tried first) and of the group's on-demand deployments. */
export const dedicatedOrder = 1;
export const onDemandOrder = 2;

/** The variable holding a group's dedicated capacity (ARN on AWS, endpoint URL on GCP), e.g. `AI_INFRA_DEDICATED_CHAT_FAST`. */
export function dedicatedEnv(group: string): string {
  return `AI_INFRA_DEDICATED_${group.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** The `model_info.id` of a group's dedicated deployment (the request log's `model_id`). */
export function dedicatedDeploymentId(group: string): string {
  return `${group}-dedicated`;
}

function dedicatedList(stack: Stack): (BedrockDedicated | VertexDedicated)[] {
  return stack.dedicated ?? [];
}

/** The groups served by dedicated capacity first. */
export function dedicatedGroups(stack: Stack): Set<string> {
  return new Set(dedicatedList(stack).map((d) => d.group));
}

function bedrockParams(d: BedrockDedicated): Record<string, string> {
  // The on-demand id picks LiteLLM's request shape; `model_id` (the ARN) is what Bedrock is asked for:
  // https://docs.aws.amazon.com/bedrock/latest/userguide/prov-thru-use.html
  const base = bedrockProvisionedModels.find((m) => m.id === d.model)?.baseModel ?? d.model;
  return { model: `bedrock/converse/${base}`, model_id: envRef(dedicatedEnv(d.group)), aws_region_name: d.region };
}

function vertexParams(stack: Stack, d: VertexDedicated): Record<string, string> {
  // Model Garden deployments speak OpenAI's chat API (LiteLLM's `vertex_ai/openai/<endpoint>`
  // route); with `api_base` set the path comes from it, and the group name only labels the route.
  return {
    model: `vertex_ai/openai/${d.group}`,
    api_base: envRef(dedicatedEnv(d.group)),
    vertex_location: d.region,
    ...(stack.gcpProject ? { vertex_project: stack.gcpProject } : {}),
  };
}

/** The dedicated deployments, one per entry, in the group they serve. */
export function dedicatedEntries(stack: Stack): Record<string, unknown>[] {
  return dedicatedList(stack).map((d) => ({
    model_name: d.group,
    litellm_params: {
      ...(stack.cloud === "aws" ? bedrockParams(d as BedrockDedicated) : vertexParams(stack, d as VertexDedicated)),
      order: dedicatedOrder,
      timeout: stack.gateway.timeoutSeconds,
      // Paid by the hour, not per token: no per-request cost in the gateway's spend records.
      input_cost_per_token: 0,
      output_cost_per_token: 0,
    },
    // On the deployment, as for vLLM (`selfHostedOverflowInfo` says why the router-level count is not enough).
    model_info: {
      id: dedicatedDeploymentId(d.group),
      provider: "dedicated",
      allowed_fails: stack.reliability?.allowedFails ?? 3,
      cooldown_time: stack.reliability?.cooldownSeconds ?? 30,
    },
  }));
}

/**
 * Moves the on-demand deployments of the dedicated groups behind the capacity (order 2), and sets
 * the groups' retry policy: no retry of the errors that overflow, since a retry goes to the same
 * lowest order and only delays the overflow.
 */
export function applyDedicatedFirst(stack: Stack, modelList: Record<string, unknown>[], routerSettings: Record<string, unknown>): void {
  const groups = dedicatedGroups(stack);
  if (groups.size === 0) return;
  for (const e of modelList) {
    const info = e.model_info as { id?: string } | undefined;
    if (!groups.has(e.model_name as string) || info?.id === dedicatedDeploymentId(e.model_name as string)) continue;
    e.litellm_params = { ...(e.litellm_params as object), order: onDemandOrder };
  }
  const noRetry = { TimeoutErrorRetries: 0, RateLimitErrorRetries: 0, ServiceUnavailableErrorRetries: 0, InternalServerErrorRetries: 0 };
  const policy = Object.fromEntries([...groups].map((g) => [g, { ...noRetry }]));
  routerSettings.model_group_retry_policy = { ...(routerSettings.model_group_retry_policy as object | undefined), ...policy };
}
