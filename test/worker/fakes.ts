import type { JobQueue, QueueMessage, ResultStore } from "../../worker/queue";
import type { WorkerConfig } from "../../worker/config";

/**
 * An in-memory queue with SQS semantics (visibility timeout, receive count, redrive to a
 * dead-letter list after maxReceiveCount), for tests of the processing logic without a server.
 */
export class MemoryQueue implements JobQueue {
  private seq = 0;
  readonly items: { id: string; body: string; receiveCount: number; visibleAt: number; handle?: string }[] = [];
  readonly deadLetters: { id: string; body: string; receiveCount: number }[] = [];
  readonly calls: { op: "ack" | "extend" | "release"; id: string; seconds?: number }[] = [];

  constructor(
    private readonly visibilitySeconds = 30,
    private readonly maxReceiveCount = Infinity,
  ) {}

  send(body: string): string {
    const id = `m${++this.seq}`;
    this.items.push({ id, body, receiveCount: 0, visibleAt: 0 });
    return id;
  }

  async receive(max: number, signal: AbortSignal): Promise<QueueMessage[]> {
    const deadline = Date.now() + 200;
    while (!signal.aborted) {
      const now = Date.now();
      const out: QueueMessage[] = [];
      for (const item of [...this.items]) {
        if (out.length >= max || item.visibleAt > now) continue;
        if (item.receiveCount >= this.maxReceiveCount) {
          this.items.splice(this.items.indexOf(item), 1);
          this.deadLetters.push({ id: item.id, body: item.body, receiveCount: item.receiveCount });
          continue;
        }
        item.receiveCount++;
        item.visibleAt = now + this.visibilitySeconds * 1000;
        item.handle = `${item.id}#${item.receiveCount}`;
        out.push({ id: item.id, body: item.body, receiveCount: item.receiveCount, handle: item.handle });
      }
      if (out.length || Date.now() > deadline) return out;
      await new Promise((r) => setTimeout(r, 10));
    }
    return [];
  }

  private find(message: QueueMessage) {
    const item = this.items.find((i) => i.handle === message.handle);
    if (!item) throw new Error(`stale or unknown handle ${message.handle}`);
    return item;
  }

  async ack(message: QueueMessage): Promise<void> {
    this.calls.push({ op: "ack", id: message.id });
    this.items.splice(this.items.indexOf(this.find(message)), 1);
  }

  async extend(message: QueueMessage, seconds: number): Promise<void> {
    this.calls.push({ op: "extend", id: message.id, seconds });
    this.find(message).visibleAt = Date.now() + seconds * 1000;
  }

  async release(message: QueueMessage, delaySeconds: number): Promise<void> {
    this.calls.push({ op: "release", id: message.id, seconds: delaySeconds });
    this.find(message).visibleAt = Date.now() + delaySeconds * 1000;
  }
}

export class MemoryStore implements ResultStore {
  readonly objects = new Map<string, string>();
  puts = 0;
  failPuts = false;

  async exists(key: string): Promise<boolean> {
    return this.objects.has(key);
  }

  async put(key: string, body: string): Promise<void> {
    if (this.failPuts) throw new Error("store unavailable");
    this.puts++;
    this.objects.set(key, body);
  }
}

export type FetchHandler = (body: Record<string, unknown>, init: RequestInit) => Promise<Response> | Response;

/** A fetch stand-in that records each call and answers through `handler`. */
export function fakeFetch(handler: FetchHandler) {
  const calls: { url: string; body: Record<string, unknown>; headers: Record<string, string> }[] = [];
  const fn = (async (url: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push({ url: String(url), body, headers: init?.headers as Record<string, string> });
    const signal = init?.signal;
    if (signal?.aborted) throw signal.reason;
    // Races the handler with the request's signal, as real fetch does.
    return await new Promise<Response>((resolve, reject) => {
      signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      Promise.resolve(handler(body, init!)).then(resolve, reject);
    });
  }) as typeof fetch;
  return { fetch: fn, calls };
}

export function completion(content: string): Response {
  return Response.json({
    id: "chatcmpl-test",
    object: "chat.completion",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  });
}

export function job(id: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ id, model: "small", messages: [{ role: "user", content: `question ${id}` }], ...extra });
}

export function testConfig(overrides: Partial<WorkerConfig> = {}): WorkerConfig {
  return {
    cloud: "aws",
    queueUrl: "http://127.0.0.1:1/000000000000/jobs",
    resultsBucket: "results",
    resultsPrefix: "results/",
    gateway: { url: "http://gateway.test/v1/chat/completions", apiKeyHeader: "authorization", timeoutMs: 5000, maxAttempts: 3, backoffBaseMs: 1, backoffMaxMs: 5 },
    concurrency: 2,
    visibilityTimeoutSeconds: 30,
    retryDelayBaseSeconds: 0,
    retryDelayMaxSeconds: 0,
    receiveWaitSeconds: 0,
    shutdownGraceSeconds: 5,
    aws: { region: "us-east-1", s3ForcePathStyle: false },
    logLevel: "error",
    ...overrides,
  };
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 20_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
