import { describe, expect, it } from "vitest";
import { callGateway, GatewayError } from "../../worker/gateway";
import { parseJob } from "../../worker/job";
import { silentLogger } from "../../worker/log";
import { Outcome, processMessage, ProcessorDeps } from "../../worker/processor";
import { Worker } from "../../worker/worker";
import { completion, fakeFetch, job, MemoryQueue, MemoryStore, testConfig, waitFor } from "./fakes";

const gatewayOpts = { url: "http://gw.test/v1/chat/completions", timeoutMs: 2000, maxAttempts: 3, backoffBaseMs: 1, backoffMaxMs: 5 };

function theJob(id = "j1") {
  const parsed = parseJob(job(id));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.job;
}

describe("callGateway", () => {
  it("retries transient statuses and returns the completion with the attempt count", async () => {
    const statuses = [503, 429];
    const gw = fakeFetch(() => {
      const s = statuses.shift();
      return s ? new Response("busy", { status: s }) : completion("ok");
    });
    const retries: number[] = [];
    const out = await callGateway(theJob(), gatewayOpts, { fetch: gw.fetch, onRetry: (r) => retries.push(r.attempt) });
    expect(out.attempts).toBe(3);
    expect(out.completion.choices[0]?.message?.content).toBe("ok");
    expect(retries).toEqual([1, 2]);
    expect(gw.calls).toHaveLength(3);
  });

  it("sends the bearer key and the job as an OpenAI chat request", async () => {
    const gw = fakeFetch(() => completion("ok"));
    await callGateway(theJob("j9"), { ...gatewayOpts, apiKey: "sk-123" }, { fetch: gw.fetch });
    expect(gw.calls[0]).toMatchObject({
      url: gatewayOpts.url,
      headers: { authorization: "Bearer sk-123", "content-type": "application/json" },
      body: { model: "small", messages: [{ role: "user", content: "question j9" }], stream: false },
    });
    await callGateway(theJob(), gatewayOpts, { fetch: gw.fetch });
    expect(gw.calls[1]!.headers.authorization).toBeUndefined();
  });

  it("sends the bare key in x-api-key when configured (GCP API Gateway), and no Authorization", async () => {
    const gw = fakeFetch(() => completion("ok"));
    await callGateway(theJob(), { ...gatewayOpts, apiKey: "AIza-worker", apiKeyHeader: "x-api-key" }, { fetch: gw.fetch });
    expect(gw.calls[0]!.headers["x-api-key"]).toBe("AIza-worker");
    expect(gw.calls[0]!.headers.authorization).toBeUndefined();
    await callGateway(theJob(), { ...gatewayOpts, apiKey: "sk-1", apiKeyHeader: "authorization" }, { fetch: gw.fetch });
    expect(gw.calls[1]!.headers).toMatchObject({ authorization: "Bearer sk-1" });
    expect(gw.calls[1]!.headers["x-api-key"]).toBeUndefined();
  });

  it("gives up after maxAttempts on a persistent 5xx, as a transient error", async () => {
    const gw = fakeFetch(() => new Response("boom", { status: 500 }));
    const err = await callGateway(theJob(), gatewayOpts, { fetch: gw.fetch }).catch((e) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ kind: "transient", attempts: 3, status: 500 });
    expect(err.message).toBe("gateway answered 500: boom");
    expect(gw.calls).toHaveLength(3);
  });

  it("does not retry a rejected request or an auth failure", async () => {
    for (const [status, kind] of [[400, "rejected"], [422, "rejected"], [401, "failed"]] as const) {
      const gw = fakeFetch(() => new Response("no", { status }));
      await expect(callGateway(theJob(), gatewayOpts, { fetch: gw.fetch })).rejects.toMatchObject({ kind, attempts: 1, status });
      expect(gw.calls).toHaveLength(1);
    }
  });

  it("retries network errors, timeouts and a 200 that is not a completion", async () => {
    let n = 0;
    const gw = fakeFetch(async () => {
      n++;
      if (n === 1) throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") });
      if (n === 2) return new Promise<Response>(() => {}); // hangs until the attempt's timeout
      if (n === 3) return new Response("<html>proxy error</html>", { status: 200 });
      return completion("finally");
    });
    const errors: string[] = [];
    const out = await callGateway(theJob(), { ...gatewayOpts, timeoutMs: 100, maxAttempts: 4 }, {
      fetch: gw.fetch,
      onRetry: (r) => errors.push(r.error),
    });
    expect(out.attempts).toBe(4);
    expect(errors).toEqual([
      "gateway unreachable: fetch failed (connect ECONNREFUSED)",
      "gateway did not answer within 100 ms",
      "gateway answered 200 without a chat completion: <html>proxy error</html>",
    ]);
  });

  it("stops at once when the worker aborts, rethrowing the abort reason", async () => {
    const gw = fakeFetch(() => new Promise<Response>(() => {}));
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(new Error("shutdown")), 50);
    await expect(callGateway(theJob(), gatewayOpts, { fetch: gw.fetch, signal: abort.signal })).rejects.toThrow("shutdown");
    expect(Date.now() - started).toBeLessThan(1000);
    expect(gw.calls).toHaveLength(1);
  });
});

function deps(queue: MemoryQueue, store: MemoryStore, fetch: typeof globalThis.fetch, over: Partial<ProcessorDeps> = {}): ProcessorDeps {
  return {
    queue,
    store,
    gateway: gatewayOpts,
    resultsPrefix: "results/",
    visibilityTimeoutSeconds: 30,
    retryDelayBaseSeconds: 7,
    retryDelayMaxSeconds: 100,
    log: silentLogger,
    signal: new AbortController().signal,
    fetch,
    random: () => 1,
    ...over,
  };
}

async function receiveOne(queue: MemoryQueue) {
  const [m] = await queue.receive(1, new AbortController().signal);
  if (!m) throw new Error("queue empty");
  return m;
}

describe("processMessage", () => {
  it("stores the result under the job's key, then acks", async () => {
    const queue = new MemoryQueue();
    const store = new MemoryStore();
    const gw = fakeFetch(() => completion("42"));
    queue.send(job("j1"));
    const outcome = await processMessage(await receiveOne(queue), deps(queue, store, gw.fetch));
    expect(outcome).toEqual({ kind: "done", key: "results/j1.json", alreadyStored: false, gatewayAttempts: 1 });
    expect(JSON.parse(store.objects.get("results/j1.json")!)).toMatchObject({ jobId: "j1", output: "42", delivery: 1 });
    expect(queue.calls.map((c) => c.op)).toEqual(["ack"]);
    expect(queue.items).toHaveLength(0);
  });

  it("acks a redelivered job whose result is already stored without calling the gateway", async () => {
    const queue = new MemoryQueue();
    const store = new MemoryStore();
    store.objects.set("results/j1.json", "{}");
    const gw = fakeFetch(() => completion("x"));
    queue.send(job("j1"));
    const outcome = await processMessage(await receiveOne(queue), deps(queue, store, gw.fetch));
    expect(outcome).toMatchObject({ kind: "done", alreadyStored: true, gatewayAttempts: 0 });
    expect(gw.calls).toHaveLength(0);
    expect(queue.items).toHaveLength(0);
  });

  it("releases poison for the dead-letter queue instead of deleting it", async () => {
    const queue = new MemoryQueue();
    const gw = fakeFetch(() => completion("x"));
    queue.send("{not a job");
    const outcome = await processMessage(await receiveOne(queue), deps(queue, new MemoryStore(), gw.fetch));
    expect(outcome).toMatchObject({ kind: "poison", delaySeconds: 7, reason: expect.stringMatching(/^body is not JSON/) });
    expect(queue.calls).toEqual([{ op: "release", id: "m1", seconds: 7 }]);
    expect(queue.items).toHaveLength(1);
    expect(gw.calls).toHaveLength(0);
  });

  it("releases a job the gateway rejects (400) with the short fixed delay", async () => {
    const queue = new MemoryQueue();
    queue.send(job("j1"));
    const gw = fakeFetch(() => new Response("bad model", { status: 400 }));
    const outcome = await processMessage(await receiveOne(queue), deps(queue, new MemoryStore(), gw.fetch));
    expect(outcome).toMatchObject({ kind: "rejected", delaySeconds: 7 });
    expect(queue.calls.map((c) => c.op)).toEqual(["release"]);
  });

  it("releases a failed job with a redelivery backoff that grows with the receive count", async () => {
    const queue = new MemoryQueue(0);
    const store = new MemoryStore();
    queue.send(job("j1"));
    const gw = fakeFetch(() => new Response("down", { status: 503 }));
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const outcome = await processMessage(await receiveOne(queue), deps(queue, store, gw.fetch));
      expect(outcome.kind).toBe("retry");
      delays.push((outcome as Extract<Outcome, { kind: "retry" }>).delaySeconds);
      queue.items[0]!.visibleAt = 0;
    }
    expect(delays).toEqual([7, 14, 28]);
    expect(gw.calls).toHaveLength(9);
    expect(store.objects.size).toBe(0);
    expect(queue.calls.every((c) => c.op === "release")).toBe(true);
  });

  it("does not ack when the result cannot be stored", async () => {
    const queue = new MemoryQueue();
    const store = new MemoryStore();
    store.failPuts = true;
    queue.send(job("j1"));
    const outcome = await processMessage(await receiveOne(queue), deps(queue, store, fakeFetch(() => completion("x")).fetch));
    expect(outcome).toMatchObject({ kind: "retry", reason: "store unavailable" });
    expect(queue.calls.map((c) => c.op)).toEqual(["release"]);
  });

  it("releases for immediate pickup when the worker aborts mid-job", async () => {
    const queue = new MemoryQueue();
    queue.send(job("j1"));
    const abort = new AbortController();
    const gw = fakeFetch(() => new Promise<Response>(() => {}));
    const pending = processMessage(await receiveOne(queue), deps(queue, new MemoryStore(), gw.fetch, { signal: abort.signal }));
    await waitFor(() => gw.calls.length === 1, "gateway call");
    abort.abort(new Error("grace over"));
    expect(await pending).toEqual({ kind: "released", reason: "worker shutting down", delaySeconds: 0 });
    expect(queue.calls).toEqual([{ op: "release", id: "m1", seconds: 0 }]);
  });

  it("extends the lease while a slow job runs and stops extending once settled", async () => {
    const queue = new MemoryQueue(2);
    queue.send(job("j1"));
    const gw = fakeFetch(() => new Promise<Response>((r) => setTimeout(() => r(completion("slow")), 2300)));
    const outcome = await processMessage(await receiveOne(queue), deps(queue, new MemoryStore(), gw.fetch, {
      visibilityTimeoutSeconds: 2,
      gateway: { ...gatewayOpts, timeoutMs: 10_000 },
    }));
    expect(outcome.kind).toBe("done");
    const ops = queue.calls.map((c) => `${c.op}${c.seconds ?? ""}`);
    // Two heartbeats are due (at 1 s and 2 s); a loaded machine may run the second late.
    expect(ops.at(-1)).toBe("ack");
    expect(ops.slice(0, -1)).toContain("extend2");
    expect(new Set(ops.slice(0, -1))).toEqual(new Set(["extend2"]));
    await new Promise((r) => setTimeout(r, 1100));
    expect(queue.calls).toHaveLength(3);
  }, 10_000);
});

describe("Worker loop", () => {
  it("processes every job with at most CONCURRENCY gateway calls at once", async () => {
    const queue = new MemoryQueue();
    const store = new MemoryStore();
    let active = 0;
    let peak = 0;
    const gw = fakeFetch(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 30));
      active--;
      return completion("ok");
    });
    for (let i = 0; i < 9; i++) queue.send(job(`j${i}`));
    const worker = new Worker({ queue, store, config: testConfig({ concurrency: 3 }), log: silentLogger, fetch: gw.fetch });
    const run = worker.run();
    await waitFor(() => store.objects.size === 9, "9 results");
    worker.stop();
    await run;
    expect(peak).toBe(3);
    expect(gw.calls).toHaveLength(9);
    expect(queue.items).toHaveLength(0);
  });

  it("on stop, receives nothing more and lets an in-flight job finish within the grace period", async () => {
    const queue = new MemoryQueue();
    const store = new MemoryStore();
    const gw = fakeFetch(() => new Promise<Response>((r) => setTimeout(() => r(completion("late")), 300)));
    queue.send(job("j1"));
    const worker = new Worker({ queue, store, config: testConfig({ concurrency: 1 }), log: silentLogger, fetch: gw.fetch });
    const run = worker.run();
    await waitFor(() => gw.calls.length === 1, "first call");
    queue.send(job("j2"));
    worker.stop();
    await run;
    expect([...store.objects.keys()]).toEqual(["results/j1.json"]);
    expect(queue.items.map((i) => [i.id, i.receiveCount])).toEqual([["m2", 0]]);
  });

  it("releases an in-flight job when the grace period runs out", async () => {
    const queue = new MemoryQueue();
    const gw = fakeFetch(() => new Promise<Response>(() => {}));
    queue.send(job("j1"));
    const outcomes: string[] = [];
    const worker = new Worker({
      queue,
      store: new MemoryStore(),
      config: testConfig({ shutdownGraceSeconds: 0 }),
      log: silentLogger,
      fetch: gw.fetch,
      onOutcome: (o) => outcomes.push(o.kind),
    });
    const run = worker.run();
    await waitFor(() => gw.calls.length === 1, "first call");
    worker.stop();
    await run;
    expect(outcomes).toEqual(["released"]);
    expect(queue.calls).toEqual([{ op: "release", id: "m1", seconds: 0 }]);
  });

  it("a second stop({ immediate }) cuts the grace period short", async () => {
    const queue = new MemoryQueue();
    const gw = fakeFetch(() => new Promise<Response>(() => {}));
    queue.send(job("j1"));
    const worker = new Worker({ queue, store: new MemoryStore(), config: testConfig({ shutdownGraceSeconds: 600 }), log: silentLogger, fetch: gw.fetch });
    const run = worker.run();
    await waitFor(() => gw.calls.length === 1, "first call");
    worker.stop();
    const started = Date.now();
    setTimeout(() => worker.stop({ immediate: true }), 100);
    await run;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(queue.calls.map((c) => c.op)).toEqual(["release"]);
  });

  it("dead-letters a failing job and a poison message through the queue's redrive, acking neither", async () => {
    const queue = new MemoryQueue(30, 3);
    const gw = fakeFetch(() => new Response("down", { status: 502 }));
    queue.send(job("bad"));
    queue.send("poison");
    const worker = new Worker({
      queue,
      store: new MemoryStore(),
      config: testConfig({ gateway: { ...testConfig().gateway, maxAttempts: 2 } }),
      log: silentLogger,
      fetch: gw.fetch,
    });
    const run = worker.run();
    await waitFor(() => queue.deadLetters.length === 2, "two dead letters");
    worker.stop();
    await run;
    expect(queue.deadLetters.map((d) => [d.body, d.receiveCount]).sort()).toEqual([["poison", 3], [job("bad"), 3]]);
    expect(gw.calls).toHaveLength(6);
    expect(queue.calls.some((c) => c.op === "ack")).toBe(false);
  });
});
