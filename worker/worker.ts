import { backoffDelayMs, sleep } from "./backoff";
import { WorkerConfig } from "./config";
import { Logger } from "./log";
import { Outcome, processMessage } from "./processor";
import { JobQueue, QueueMessage, ResultStore } from "./queue";

/** SQS returns at most 10 messages per receive; Pub/Sub allows more but batches this size are plenty. */
const MAX_BATCH = 10;

export interface WorkerDeps {
  queue: JobQueue;
  store: ResultStore;
  config: WorkerConfig;
  log: Logger;
  fetch?: typeof fetch;
  random?: () => number;
  /** Called after each delivery settles; tests and metrics hook in here. */
  onOutcome?: (outcome: Outcome, message: QueueMessage) => void;
}

/**
 * Receives up to `concurrency` jobs at a time and processes each with processMessage.
 * stop() begins a graceful shutdown: no more receives, in-flight jobs get the grace period to
 * finish, then they are aborted and released so another worker picks them up at once.
 */
export class Worker {
  private stopping = false;
  /** Cancels a long poll in progress, so shutdown does not wait up to 20 s for it. */
  private readonly receiveAbort = new AbortController();
  /** Cancels in-flight gateway calls when the grace period is over. */
  private readonly jobsAbort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped?: Promise<void>;
  private readonly stopRequested = new Promise<void>((resolve) =>
    this.receiveAbort.signal.addEventListener("abort", () => resolve(), { once: true }),
  );

  constructor(private readonly deps: WorkerDeps) {}

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Resolves once the worker has stopped and every received message is acked or released. */
  run(): Promise<void> {
    this.stopped ??= this.loop();
    return this.stopped;
  }

  /** `immediate` skips the grace period (a second SIGTERM/SIGINT). */
  stop(opts: { immediate?: boolean } = {}): void {
    if (!this.stopping) {
      this.stopping = true;
      this.deps.log("info", "stopping: no new jobs will be received", { inFlight: this.inFlight.size });
      this.receiveAbort.abort(new Error("worker stopping"));
    }
    if (opts.immediate) this.jobsAbort.abort(new Error("worker stopping now"));
  }

  private async loop(): Promise<void> {
    const { config, log } = this.deps;
    let receiveFailures = 0;
    while (!this.stopping) {
      // Also wake on stop(), so the grace period starts when the signal arrives, not when a
      // slot frees up.
      while (this.inFlight.size >= config.concurrency && !this.stopping) {
        await Promise.race([...this.inFlight, this.stopRequested]);
      }
      if (this.stopping) break;
      let messages: QueueMessage[];
      try {
        messages = await this.deps.queue.receive(
          Math.min(MAX_BATCH, config.concurrency - this.inFlight.size),
          this.receiveAbort.signal,
        );
        receiveFailures = 0;
      } catch (err) {
        if (this.stopping) break;
        receiveFailures++;
        const delayMs = backoffDelayMs(receiveFailures, { baseMs: 1000, maxMs: 30_000 }, this.deps.random);
        log("error", "receive failed", { error: String(err), retryInMs: delayMs });
        await sleep(delayMs, this.receiveAbort.signal).catch(() => undefined);
        continue;
      }
      for (const message of messages) this.start(message);
    }
    await this.drain();
  }

  private start(message: QueueMessage): void {
    const { config } = this.deps;
    const task = processMessage(message, {
      queue: this.deps.queue,
      store: this.deps.store,
      gateway: config.gateway,
      resultsPrefix: config.resultsPrefix,
      visibilityTimeoutSeconds: config.visibilityTimeoutSeconds,
      retryDelayBaseSeconds: config.retryDelayBaseSeconds,
      retryDelayMaxSeconds: config.retryDelayMaxSeconds,
      log: this.deps.log,
      signal: this.jobsAbort.signal,
      fetch: this.deps.fetch,
      random: this.deps.random,
    }).then((outcome) => this.deps.onOutcome?.(outcome, message));
    const tracked: Promise<void> = task
      .catch((err) => this.deps.log("error", "unexpected error after processing", { error: String(err) }))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async drain(): Promise<void> {
    const { config, log } = this.deps;
    if (this.inFlight.size > 0 && !this.jobsAbort.signal.aborted) {
      log("info", "waiting for in-flight jobs", { inFlight: this.inFlight.size, graceSeconds: config.shutdownGraceSeconds });
      const grace = new AbortController();
      await Promise.race([
        Promise.allSettled([...this.inFlight]),
        sleep(config.shutdownGraceSeconds * 1000, grace.signal).catch(() => undefined),
      ]);
      grace.abort();
    }
    if (this.inFlight.size > 0) {
      log("warn", "grace period over: releasing in-flight jobs", { inFlight: this.inFlight.size });
      this.jobsAbort.abort(new Error("shutdown grace period over"));
      await Promise.allSettled([...this.inFlight]);
    }
    log("info", "stopped");
  }
}
