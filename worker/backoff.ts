/**
 * Retry timing. Two layers: short in-process retries of a gateway call within one delivery, and
 * the delay before the queue offers a failed message again (which is what eventually moves it to
 * the dead-letter queue). Randomness is injected so tests can pin it.
 */

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before retry number `attempt` (1 = after the first failure). Full jitter: uniformly in
 * [0, min(max, base·2^(attempt-1))), so many workers hitting one overloaded gateway spread out
 * instead of retrying in lockstep.
 */
export function backoffDelayMs(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** A server's Retry-After wins over our own jitter, but never beyond the configured maximum. */
export function gatewayRetryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  opts: BackoffOptions,
  random: () => number = Math.random,
): number {
  const jittered = backoffDelayMs(attempt, opts, random);
  return Math.min(opts.maxMs, Math.max(jittered, retryAfterMs ?? 0));
}

/**
 * - transient: worth another call in this delivery (overload, rate limit, upstream trouble).
 * - rejected: the gateway says the request itself is bad; no later delivery will do better, so the
 *   message should reach the dead-letter queue quickly.
 * - failed: anything else (auth, routing, unknown model). Often a deploy or config problem that a
 *   fix can cure, so the message keeps its normal redelivery backoff.
 */
export type StatusClass = "ok" | "transient" | "rejected" | "failed";

export function classifyStatus(status: number): StatusClass {
  if (status >= 200 && status < 300) return "ok";
  if (status === 408 || status === 425 || status === 429 || status >= 500) return "transient";
  if (status === 400 || status === 413 || status === 422) return "rejected";
  return "failed";
}

export interface RedeliveryOptions {
  baseSeconds: number;
  maxSeconds: number;
}

/**
 * Seconds a message stays hidden after its `receiveCount`-th delivery failed. Equal jitter
 * (half fixed, half random) keeps a real minimum backoff while still spreading retries.
 */
export function redeliveryDelaySeconds(
  receiveCount: number,
  opts: RedeliveryOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(opts.maxSeconds, opts.baseSeconds * 2 ** Math.max(0, receiveCount - 1));
  return Math.min(opts.maxSeconds, Math.ceil(ceiling / 2 + random() * (ceiling / 2)));
}

/** Resolves after `ms`, or rejects early when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
