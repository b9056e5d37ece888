import { redeliveryDelaySeconds } from "./backoff";
import { callGateway, GatewayError, GatewayOptions } from "./gateway";
import { buildResult, parseJob, resultKey } from "./job";
import { Logger } from "./log";
import { JobQueue, QueueMessage, ResultStore } from "./queue";

export interface ProcessorDeps {
  queue: JobQueue;
  store: ResultStore;
  gateway: GatewayOptions;
  resultsPrefix: string;
  visibilityTimeoutSeconds: number;
  retryDelayBaseSeconds: number;
  retryDelayMaxSeconds: number;
  log: Logger;
  /** Aborted when the worker gives up on in-flight jobs at the end of a graceful shutdown. */
  signal: AbortSignal;
  fetch?: typeof fetch;
  random?: () => number;
  now?: () => Date;
}

export type Outcome =
  /** Result stored (or already there from an earlier delivery) and the message acked. */
  | { kind: "done"; key: string; alreadyStored: boolean; gatewayAttempts: number }
  /** Not a job. Released, not deleted, so the redrive policy puts it in the dead-letter queue. */
  | { kind: "poison"; reason: string; delaySeconds: number }
  /** The gateway refused the request itself (400/413/422): no retry can succeed, same path as poison. */
  | { kind: "rejected"; reason: string; delaySeconds: number }
  /** Released to be retried later; after maxReceiveCount deliveries the queue dead-letters it. */
  | { kind: "retry"; reason: string; delaySeconds: number }
  /** Shutdown took it away mid-job; released for immediate pickup by another worker. */
  | { kind: "released"; reason: string; delaySeconds: 0 };

/**
 * One delivery of one message, from parse to ack or release. Never throws: every path ends with
 * the message acked or handed back, apart from a crash, which the visibility timeout covers.
 */
export async function processMessage(message: QueueMessage, deps: ProcessorDeps): Promise<Outcome> {
  const base = { messageId: message.id, receiveCount: message.receiveCount };
  const heartbeat = startHeartbeat(deps.queue, message, deps.visibilityTimeoutSeconds, deps.log);
  let outcome: Outcome;
  let jobId: string | undefined;
  try {
    outcome = await run();
  } catch (err) {
    outcome = failure(err);
  }
  // The heartbeat must be quiet before settling: a late extend after a release would hide the
  // message again for a whole visibility timeout.
  await heartbeat.stop();
  try {
    if (outcome.kind === "done") await deps.queue.ack(message);
    else await deps.queue.release(message, outcome.delaySeconds);
  } catch (err) {
    // Nothing is lost: the message reappears after its visibility timeout, and a stored result
    // makes the next delivery a cheap ack.
    deps.log("warn", "could not settle message; it will come back after its visibility timeout", {
      ...base, jobId, outcome: outcome.kind, error: String(err),
    });
  }
  const level = outcome.kind === "done" || outcome.kind === "released" ? "info" : "warn";
  deps.log(level, `job ${outcome.kind}`, { ...base, jobId, ...outcome });
  return outcome;

  async function run(): Promise<Outcome> {
    const parsed = parseJob(message.body);
    if (!parsed.ok) {
      // Another delivery cannot fix the body, so there is no growing backoff; but a fixed delay
      // keeps a queue without a redrive policy from spinning on it.
      return { kind: "poison", reason: parsed.reason, delaySeconds: deps.retryDelayBaseSeconds };
    }
    const job = parsed.job;
    jobId = job.id;
    const key = resultKey(deps.resultsPrefix, job.id);
    // A redelivery after the result was stored but before the ack: skip the paid gateway call.
    if (await deps.store.exists(key)) return { kind: "done", key, alreadyStored: true, gatewayAttempts: 0 };
    const { completion, attempts } = await callGateway(job, deps.gateway, {
      fetch: deps.fetch,
      signal: deps.signal,
      random: deps.random,
      onRetry: (info) => deps.log("info", "retrying gateway call", { ...base, jobId, ...info }),
    });
    const result = buildResult(job, completion, message.receiveCount, (deps.now ?? (() => new Date()))());
    await deps.store.put(key, JSON.stringify(result));
    return { kind: "done", key, alreadyStored: false, gatewayAttempts: attempts };
  }

  function failure(err: unknown): Outcome {
    if (deps.signal.aborted) return { kind: "released", reason: "worker shutting down", delaySeconds: 0 };
    if (err instanceof GatewayError && err.kind === "rejected") {
      return { kind: "rejected", reason: err.message, delaySeconds: deps.retryDelayBaseSeconds };
    }
    const delaySeconds = redeliveryDelaySeconds(
      message.receiveCount,
      { baseSeconds: deps.retryDelayBaseSeconds, maxSeconds: deps.retryDelayMaxSeconds },
      deps.random,
    );
    return { kind: "retry", reason: err instanceof Error ? err.message : String(err), delaySeconds };
  }
}

/**
 * Extends the message's lease at half the visibility timeout while the job runs, so a slow
 * gateway call does not let a second worker take the same job; when the process dies the
 * extensions stop and the message comes back within one timeout.
 */
export function startHeartbeat(queue: JobQueue, message: QueueMessage, visibilitySeconds: number, log: Logger) {
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    pending = queue.extend(message, visibilitySeconds).catch((err) => {
      log("warn", "could not extend message visibility", { messageId: message.id, error: String(err) });
    });
  }, (visibilitySeconds * 1000) / 2);
  return {
    async stop() {
      clearInterval(timer);
      await pending;
    },
  };
}
