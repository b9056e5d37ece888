import { defaultApiBase } from "../config/endpoints";
import { perMillion } from "../config/numbers";
import type { Model, ProviderConfig, Stack } from "../config/model";
import { envRef, providerKeyEnv } from "./env";

/** The LiteLLM provider prefix of each kind (`<prefix>/<model>`). */
const litellmPrefix: Record<ProviderConfig["kind"], string> = {
  openai: "openai",
  anthropic: "anthropic",
  azure: "azure",
  bedrock: "bedrock",
  vertex: "vertex_ai",
  "openai-compatible": "openai",
};

type LitellmParams = Record<string, string | number | boolean>;

/**
 * One hosted model deployment as a LiteLLM `model_list` entry. A leaf of the gateway folder, shared
 * by the renderer and the overflow groups (which copy hosted deployments into a self-hosted group).
 */
export function modelEntry(stack: Stack, m: Model, index: number) {
  const p = m.providerConfig;
  const params: LitellmParams = { model: `${litellmPrefix[p.kind]}/${m.model}` };
  const apiBase = p.apiBase ?? defaultApiBase[p.kind];
  if (apiBase) params.api_base = apiBase;
  if (m.provider in stack.providerKeys) params.api_key = envRef(providerKeyEnv(m.provider));
  if (p.kind === "azure" && p.apiVersion) params.api_version = p.apiVersion;
  // Anthropic's data residency: without it inference may run in any geography
  // (https://platform.claude.com/docs/en/manage-claude/data-residency, read 2026-12-07).
  if (p.kind === "anthropic" && p.inferenceGeo) params.inference_geo = p.inferenceGeo;
  if (p.kind === "bedrock" && p.region) params.aws_region_name = p.region;
  if (p.kind === "vertex" && p.region) {
    params.vertex_location = p.region;
    if (stack.gcpProject) params.vertex_project = stack.gcpProject;
  }
  params.timeout = stack.gateway.timeoutSeconds;
  if (m.rpm !== undefined) params.rpm = m.rpm;
  if (m.tpm !== undefined) params.tpm = m.tpm;
  if (m.weight !== undefined) params.weight = m.weight;
  // LiteLLM prices per token; the spec per million tokens (how providers publish prices).
  // Shifted in decimal, not divided in binary: 0.15 per million is 0.00000015, not 1.4999999999999999e-7.
  if (m.inputCostPerMillionTokens !== undefined) params.input_cost_per_token = perMillion(m.inputCostPerMillionTokens);
  if (m.outputCostPerMillionTokens !== undefined) params.output_cost_per_token = perMillion(m.outputCostPerMillionTokens);
  const info: Record<string, string> = { id: `${m.name}-${index}`, provider: m.provider };
  // Not `tier`: LiteLLM reserves model_info.tier for 'free' | 'paid' and drops a deployment whose
  // tier is anything else (logged, not fatal), so the group would vanish from the proxy.
  if (m.tier) info.routing_tier = m.tier;
  return { model_name: m.name, litellm_params: params, model_info: info };
}
