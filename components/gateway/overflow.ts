import type { Stack } from "../config/model";
import { adapterFallbacks } from "./adapters";
import { modelEntry } from "./model-entry";

/**
 * Self-hosted first, hosted API second: how a self-hosted model group overflows to hosted model
 * groups in LiteLLM (the release `litellmVersion` in versions.ts pins; file and function names below are its own).
 *
 * Ordering. The overflow groups' deployments are copied into the self-hosted group with a higher
 * `order` than vLLM's (vLLM 1, the first overflow group 2, the next 3, ...). The router keeps only
 * the healthy deployments of the lowest order (`utils.get_order_filtered_deployments`), so vLLM
 * takes every request while it is healthy, and a vLLM deployment in cooldown (too many failures
 * within a minute, or a 429) is skipped and the next order answers at once: "cooling down".
 *
 * Fallbacks. When the order-1 call fails, `Router.async_function_with_fallbacks` prepends the
 * higher order levels of the same group to the group's fallbacks (`ORDER-BASED FALLBACKS`) for every
 * error except `ContextWindowExceededError` and `ContentPolicyViolationError` (those have their own
 * `context_window_fallbacks` / `content_policy_fallbacks`, which the kit does not set: a prompt too
 * long for vLLM's context is refused rather than silently sent to an API). So 503 ("down"), 500,
 * 529 (overloaded: mapped to a 5xx error), 429 ("saturated": vLLM's admission limit) and timeouts
 * ("slow": this deployment's `timeout`, the overflow's `timeoutSeconds`) all overflow. A stack's own
 * `reliability.fallbacks` for the group still apply after the order levels.
 *
 * Retries. The self-hosted group retries none of these errors on vLLM
 * (`model_group_retry_policy`): a retry would be routed to the same lowest-order deployment and
 * only add a timeout's worth of latency before the overflow; the failure still counts towards the
 * deployment's cooldown (`allowed_fails` / `cooldown_time` of `reliability`).
 *
 * Streaming. The router reads a stream's first chunk before handing the stream to the caller
 * (`_aread_first_chunk` in `Router._acompletion`), so a stream that fails before its first chunk
 * (503, 429, no first byte within `stream_timeout`) overflows like any request. After the first
 * chunk has reached the caller, `stream_with_fallbacks` re-raises the provider's error instead of
 * falling back (`not e.is_pre_first_chunk and generated_content`): the caller sees a stream that
 * ends with an error, never a second answer spliced onto half of the first.
 */

type SelfHosted = NonNullable<Stack["selfHosted"]>[number];

/** The `order` of vLLM's deployment in a group with overflow (lowest: tried first). */
export const selfHostedOrder = 1;

/** Extra `litellm_params` of a self-hosted deployment with overflow: its order and its patience. */
export function selfHostedOverflowParams(stack: Stack, s: SelfHosted): Record<string, number> {
  if (!s.overflow) return {};
  const t = s.overflow.timeoutSeconds ?? stack.gateway.timeoutSeconds;
  // `stream_timeout` bounds a stream's wait for its first chunk; `timeout` a whole answer.
  return { order: selfHostedOrder, timeout: t, stream_timeout: t };
}

/**
 * Cooldown of vLLM's deployment, set on the deployment (`model_info.allowed_fails` and
 * `cooldown_time`, read by `router_utils/cooldown_handlers._get_deployment_cooldown_policy`).
 * The router-level `allowed_fails` is ignored by LiteLLM when it equals LiteLLM's own default (3:
 * `_is_allowed_fails_set_on_router`); the router then cools a deployment down only once more than
 * half of its calls in the current minute failed, so after a busy healthy minute vLLM kept taking
 * (and failing) most requests of the next one — seen in the overflow test (168 of 200 requests
 * still tried vLLM first). On the deployment the count always applies.
 */
export function selfHostedOverflowInfo(stack: Stack, s: SelfHosted): Record<string, number> {
  if (!s.overflow) return {};
  return { allowed_fails: stack.reliability?.allowedFails ?? 3, cooldown_time: stack.reliability?.cooldownSeconds ?? 30 };
}

/** The hosted deployments that take a self-hosted group's overflow, in the group, ordered after vLLM. */
export function overflowEntries(stack: Stack): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const s of stack.selfHosted ?? []) {
    s.overflow?.groups.forEach((group, k) => {
      stack.models.forEach((m, i) => {
        if (m.name !== group) return;
        const e = modelEntry(stack, m, i);
        out.push({
          model_name: s.name,
          litellm_params: { ...e.litellm_params, order: selfHostedOrder + 1 + k },
          model_info: { ...e.model_info, id: `${s.name}-overflow-${m.name}-${i}`, overflow_of: s.name },
        });
      });
    });
  }
  return out;
}

/**
 * Router settings for the groups with overflow and for adapters: no retry of vLLM on the errors
 * that overflow (LiteLLM's `RetryPolicy` field names).
 */
export function overflowRetryPolicy(stack: Stack): Record<string, Record<string, number>> {
  const policy: Record<string, Record<string, number>> = {};
  const noRetry = { TimeoutErrorRetries: 0, RateLimitErrorRetries: 0, ServiceUnavailableErrorRetries: 0, InternalServerErrorRetries: 0 };
  for (const s of stack.selfHosted ?? []) if (s.overflow) policy[s.name] = { ...noRetry };
  // An adapter lives on the same vLLM: a retry there waits on the same failure; its fallback
  // (the base group, then the base group's overflow) is the way out.
  for (const a of stack.fineTuning?.adapters ?? []) policy[a.name] = { ...noRetry };
  return policy;
}

/**
 * The router settings of self-hosted-first groups and adapters, merged into what `render.ts`
 * already set: the retry policy above, and the adapters' fallbacks after the stack's own.
 */
export function applySelfHostedFirst(stack: Stack, routerSettings: Record<string, unknown>): void {
  const policy = overflowRetryPolicy(stack);
  if (Object.keys(policy).length > 0) {
    routerSettings.model_group_retry_policy = { ...(routerSettings.model_group_retry_policy as object | undefined), ...policy };
  }
  const fallbacks = adapterFallbacks(stack);
  if (fallbacks.length > 0) routerSettings.fallbacks = [...((routerSettings.fallbacks as object[] | undefined) ?? []), ...fallbacks];
}
