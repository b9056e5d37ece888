import type { Stack } from "../config/model";
import { vllmUrlEnv } from "./env";

/**
 * Fine-tuned adapters as model groups of their own. vLLM serves each LoRA adapter under its own
 * model name (`--lora-modules <name>=<path>`) from the release of its base model, so the gateway
 * reaches an adapter through the base group's load balancer and asks for `<adapter name>`.
 * When the adapter's call fails (vLLM down, saturated, slow), the request falls back to the base
 * model group, and from there to the base group's overflow APIs (an adapter is never silently
 * answered by another adapter).
 */
export function adapterEntries(stack: Stack): Record<string, unknown>[] {
  return (stack.fineTuning?.adapters ?? []).map((a) => {
    const base = (stack.selfHosted ?? []).find((s) => s.name === a.baseModel);
    const timeout = base?.overflow?.timeoutSeconds ?? stack.gateway.timeoutSeconds;
    return {
      model_name: a.name,
      litellm_params: {
        model: `hosted_vllm/${a.name}`,
        api_base: `os.environ/${vllmUrlEnv(a.baseModel)}`,
        timeout,
        stream_timeout: timeout,
        // GPU time is paid per node-hour, as for the base model.
        input_cost_per_token: 0,
        output_cost_per_token: 0,
      },
      model_info: {
        id: `${a.name}-adapter`,
        provider: "self-hosted",
        base_model_group: a.baseModel,
        adapter_version: a.version,
        // As for the base deployment (see overflow.ts): the count must apply on the deployment.
        allowed_fails: stack.reliability?.allowedFails ?? 3,
        cooldown_time: stack.reliability?.cooldownSeconds ?? 30,
      },
    };
  });
}

/** `fallbacks` entries: adapter → its base model group, then the base group's overflow groups. */
export function adapterFallbacks(stack: Stack): Record<string, string[]>[] {
  return (stack.fineTuning?.adapters ?? []).map((a) => {
    const base = (stack.selfHosted ?? []).find((s) => s.name === a.baseModel);
    return { [a.name]: [a.baseModel, ...(base?.overflow?.groups ?? [])] };
  });
}
