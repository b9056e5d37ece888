/**
 * The Pub/Sub and GCS adapters against in-memory fakes of the client calls they make. No
 * Pub/Sub emulator is available here (it ships with the gcloud SDK), so these adapters are
 * unverified against a real Pub/Sub / GCS; the fakes model the documented semantics.
 */
import { describe, expect, it } from "vitest";
import { BucketApi, GcsResultStore, PubSubJobQueue, ReceivedMessage, SubscriberApi, toQueueMessage } from "../../worker/gcp";
import { silentLogger } from "../../worker/log";
import { Worker } from "../../worker/worker";
import { completion, fakeFetch, job, MemoryStore, testConfig, waitFor } from "./fakes";

const SUB = "projects/p1/subscriptions/jobs";

/** Synchronous-pull semantics: ack deadlines, delivery attempts, dead-lettering after the max. */
class FakeSubscriber implements SubscriberApi {
  private seq = 0;
  readonly messages: { id: string; data: Buffer; attempts: number; deadline: number; ackId?: string }[] = [];
  readonly deadLetterTopic: { id: string; data: string; attempts: number }[] = [];
  readonly calls: string[] = [];
  /** Makes the next pull wait this long before answering (to race it with an abort). */
  pullDelayMs = 0;

  constructor(
    private readonly maxDeliveryAttempts = 5,
    private readonly subscriptionAckDeadline = 10,
  ) {}

  publish(data: string): string {
    const id = `${++this.seq}`;
    this.messages.push({ id, data: Buffer.from(data), attempts: 0, deadline: 0 });
    return id;
  }

  async pull(request: { subscription: string; maxMessages: number }, options?: { timeout?: number }) {
    expect(request.subscription).toBe(SUB);
    this.calls.push(`pull(${request.maxMessages})`);
    const until = Date.now() + (options?.timeout ?? 60_000);
    if (this.pullDelayMs) await new Promise((r) => setTimeout(r, this.pullDelayMs));
    for (;;) {
      const now = Date.now();
      const received: ReceivedMessage[] = [];
      for (const m of [...this.messages]) {
        if (received.length >= request.maxMessages || m.deadline > now) continue;
        if (m.attempts >= this.maxDeliveryAttempts) {
          this.messages.splice(this.messages.indexOf(m), 1);
          this.deadLetterTopic.push({ id: m.id, data: m.data.toString(), attempts: m.attempts });
          continue;
        }
        m.attempts++;
        m.ackId = `ack-${m.id}-${m.attempts}`;
        m.deadline = now + this.subscriptionAckDeadline * 1000;
        received.push({ ackId: m.ackId, message: { messageId: m.id, data: m.data }, deliveryAttempt: m.attempts });
      }
      if (received.length) return [{ receivedMessages: received }] as [{ receivedMessages: ReceivedMessage[] }];
      if (Date.now() >= until) throw Object.assign(new Error("4 DEADLINE_EXCEEDED"), { code: 4 });
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async acknowledge(request: { subscription: string; ackIds: string[] }) {
    this.calls.push(`ack(${request.ackIds.join(",")})`);
    for (const ackId of request.ackIds) {
      const i = this.messages.findIndex((m) => m.ackId === ackId);
      if (i >= 0) this.messages.splice(i, 1);
    }
    return [{}];
  }

  async modifyAckDeadline(request: { subscription: string; ackIds: string[]; ackDeadlineSeconds: number }) {
    this.calls.push(`modAck(${request.ackIds.join(",")},${request.ackDeadlineSeconds})`);
    for (const ackId of request.ackIds) {
      const m = this.messages.find((x) => x.ackId === ackId);
      if (m) m.deadline = Date.now() + request.ackDeadlineSeconds * 1000;
    }
    return [{}];
  }
}

describe("toQueueMessage", () => {
  it("decodes gRPC bytes and REST base64, and counts a missing deliveryAttempt as the first", () => {
    expect(toQueueMessage({ ackId: "a", message: { messageId: "1", data: Buffer.from("{\"x\":1}") }, deliveryAttempt: 3 })).toEqual({
      id: "1", body: "{\"x\":1}", receiveCount: 3, handle: "a",
    });
    expect(toQueueMessage({ ackId: "b", message: { messageId: "2", data: Buffer.from("hé").toString("base64") }, deliveryAttempt: 0 })).toEqual({
      id: "2", body: "hé", receiveCount: 1, handle: "b",
    });
    expect(toQueueMessage({ ackId: "c", message: null })).toEqual({ id: "unknown", body: "", receiveCount: 1, handle: "c" });
  });
});

describe("PubSubJobQueue", () => {
  it("sets the lease on pull, acks, extends, and nacks with a delay", async () => {
    const api = new FakeSubscriber();
    api.publish(job("j1"));
    const q = new PubSubJobQueue(api, SUB, 45, 1, silentLogger);
    const [m] = await q.receive(5, new AbortController().signal);
    expect(m).toMatchObject({ id: "1", receiveCount: 1, handle: "ack-1-1" });
    await q.extend(m!, 45);
    await q.release(m!, 900);
    await q.ack(m!);
    expect(api.calls).toEqual(["pull(5)", "modAck(ack-1-1,45)", "modAck(ack-1-1,45)", "modAck(ack-1-1,600)", "ack(ack-1-1)"]);
    expect(api.messages).toHaveLength(0);
  });

  it("returns nothing when the pull's deadline passes with no message", async () => {
    const q = new PubSubJobQueue(new FakeSubscriber(), SUB, 30, 1, silentLogger);
    const started = Date.now();
    expect(await q.receive(1, new AbortController().signal)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("hands back at once what a pull delivers after the worker stopped", async () => {
    const api = new FakeSubscriber();
    api.publish(job("j1"));
    api.pullDelayMs = 200;
    const q = new PubSubJobQueue(api, SUB, 30, 5, silentLogger);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    expect(await q.receive(1, abort.signal)).toEqual([]);
    await waitFor(() => api.calls.includes("modAck(ack-1-1,0)"), "nack of the late message");
    expect(api.messages[0]!.deadline).toBeLessThanOrEqual(Date.now());
  });

  it("runs the worker end to end: a result out, a failing job and poison to the dead-letter topic", async () => {
    const api = new FakeSubscriber(5);
    api.publish(job("good"));
    api.publish(job("bad"));
    api.publish("poison");
    const store = new MemoryStore();
    const gw = fakeFetch((body) =>
      (body.messages as { content: string }[])[0]!.content === "question bad" ? new Response("down", { status: 503 }) : completion("fine"),
    );
    const config = testConfig({ cloud: "gcp", subscription: SUB, concurrency: 3, gateway: { ...testConfig().gateway, maxAttempts: 1 } });
    const worker = new Worker({ queue: new PubSubJobQueue(api, SUB, 30, 1, silentLogger), store, config, log: silentLogger, fetch: gw.fetch });
    const run = worker.run();
    await waitFor(() => api.deadLetterTopic.length === 2, "two dead letters");
    worker.stop();
    await run;
    expect(JSON.parse(store.objects.get("results/good.json")!)).toMatchObject({ jobId: "good", output: "fine" });
    expect(api.deadLetterTopic.map((d) => [d.data, d.attempts]).sort()).toEqual([["poison", 5], [job("bad"), 5]]);
    expect(gw.calls.filter((c) => (c.body.messages as { content: string }[])[0]!.content === "question bad")).toHaveLength(5);
    expect(api.messages).toHaveLength(0);
  });
});

describe("GcsResultStore", () => {
  it("checks existence and saves JSON without a resumable upload", async () => {
    const saved: [string, string, unknown][] = [];
    const bucket: BucketApi = {
      file: (name) => ({
        exists: async () => [name === "results/old.json"],
        save: async (data, options) => void saved.push([name, data, options]),
      }),
    };
    const store = new GcsResultStore(bucket);
    expect(await store.exists("results/old.json")).toBe(true);
    expect(await store.exists("results/new.json")).toBe(false);
    await store.put("results/new.json", "{}");
    expect(saved).toEqual([["results/new.json", "{}", { contentType: "application/json", resumable: false }]]);
  });
});
