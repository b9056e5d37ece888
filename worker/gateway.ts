import { classifyStatus, gatewayRetryDelayMs, parseRetryAfterMs, sleep } from "./backoff";
import { ChatCompletion, chatCompletionSchema, chatRequestBody, Job } from "./job";

export interface GatewayOptions {
  url: string;
  apiKey?: string;
  /** `authorization` (default) sends `Bearer <key>`; `x-api-key` sends the bare key. */
  apiKeyHeader?: "authorization" | "x-api-key";
  timeoutMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/** `kind` follows classifyStatus: transient errors were retried until attempts ran out. */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly kind: "transient" | "rejected" | "failed",
    readonly attempts: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = "GatewayError";
  }
}

export interface GatewayDeps {
  fetch?: typeof fetch;
  /** Aborts the whole call (worker shutdown); its reason is rethrown as is. */
  signal?: AbortSignal;
  random?: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; error: string }) => void;
}

const snippet = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

/**
 * Calls the chat-completions endpoint, retrying transient failures (network, timeout, 408, 425,
 * 429, 5xx, and a 2xx whose body is not a completion) with jittered exponential backoff.
 */
export async function callGateway(
  job: Job,
  opts: GatewayOptions,
  deps: GatewayDeps = {},
): Promise<{ completion: ChatCompletion; attempts: number }> {
  const doFetch = deps.fetch ?? fetch;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.apiKey) {
    if (opts.apiKeyHeader === "x-api-key") headers["x-api-key"] = opts.apiKey;
    else headers.authorization = `Bearer ${opts.apiKey}`;
  }
  const body = JSON.stringify(chatRequestBody(job));
  const backoff = { baseMs: opts.backoffBaseMs, maxMs: opts.backoffMaxMs };

  for (let attempt = 1; ; attempt++) {
    let failure: string;
    let retryAfterMs: number | undefined;
    let status: number | undefined;
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const signal = deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout;
    try {
      const res = await doFetch(opts.url, { method: "POST", headers, body, signal });
      const text = await res.text();
      status = res.status;
      const cls = classifyStatus(res.status);
      if (cls === "ok") {
        const parsed = safeJson(text);
        const completion = chatCompletionSchema.safeParse(parsed);
        if (completion.success) return { completion: completion.data, attempts: attempt };
        // A proxy in between can answer 200 with an HTML error page; another try may reach a
        // healthy replica.
        failure = `gateway answered ${res.status} without a chat completion: ${snippet(text)}`;
      } else {
        failure = `gateway answered ${res.status}: ${snippet(text)}`;
        if (cls !== "transient") throw new GatewayError(failure, cls, attempt, res.status);
        retryAfterMs = parseRetryAfterMs(res.headers.get("retry-after"));
      }
    } catch (err) {
      if (err instanceof GatewayError) throw err;
      if (deps.signal?.aborted) throw deps.signal.reason;
      failure = timeout.aborted
        ? `gateway did not answer within ${opts.timeoutMs} ms`
        : `gateway unreachable: ${describe(err)}`;
    }
    if (attempt >= opts.maxAttempts) throw new GatewayError(failure, "transient", attempt, status);
    const delayMs = gatewayRetryDelayMs(attempt, retryAfterMs, backoff, deps.random);
    deps.onRetry?.({ attempt, delayMs, error: failure });
    await sleep(delayMs, deps.signal);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** fetch hides the useful part (ECONNREFUSED, ECONNRESET) in `cause`. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}
