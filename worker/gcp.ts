import { Logger } from "./log";
import { JobQueue, QueueMessage, ResultStore } from "./queue";

/**
 * The subset of @google-cloud/pubsub's v1.SubscriberClient that the worker uses (synchronous
 * pull), declared here so the adapter can be tested against an in-memory fake.
 * NOTE: unverified against a real Pub/Sub or its emulator (the emulator needs the gcloud SDK).
 */
export interface SubscriberApi {
  pull(
    request: { subscription: string; maxMessages: number },
    options?: { timeout?: number },
  ): Promise<[{ receivedMessages?: ReceivedMessage[] | null }, ...unknown[]]>;
  acknowledge(request: { subscription: string; ackIds: string[] }): Promise<unknown>;
  modifyAckDeadline(request: { subscription: string; ackIds: string[]; ackDeadlineSeconds: number }): Promise<unknown>;
}

export interface ReceivedMessage {
  ackId?: string | null;
  message?: { messageId?: string | null; data?: Uint8Array | string | null } | null;
  /** Set only when the subscription has a dead-letter policy; 1 on the first delivery. */
  deliveryAttempt?: number | null;
}

/** Pub/Sub's bounds for an ack deadline. */
const MAX_ACK_DEADLINE = 600;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n)));
/** gRPC DEADLINE_EXCEEDED: a pull that found nothing within our wait. */
const DEADLINE_EXCEEDED = 4;

export class PubSubJobQueue implements JobQueue {
  constructor(
    private readonly api: SubscriberApi,
    private readonly subscription: string,
    private readonly visibilityTimeoutSeconds: number,
    private readonly waitTimeSeconds: number,
    private readonly log: Logger,
  ) {}

  async receive(max: number, signal: AbortSignal): Promise<QueueMessage[]> {
    if (signal.aborted) return [];
    const pull = this.api
      .pull(
        { subscription: this.subscription, maxMessages: Math.max(1, max) },
        { timeout: Math.max(1, this.waitTimeSeconds) * 1000 },
      )
      .then(([res]) => (res.receivedMessages ?? []).filter((m): m is ReceivedMessage & { ackId: string } => !!m.ackId))
      .catch((err: { code?: number }) => {
        if (err?.code === DEADLINE_EXCEEDED) return [];
        throw err;
      });
    // A gax pull cannot be cancelled through an AbortSignal, so race it; whatever it still
    // delivers after the abort is handed straight back instead of waiting out a lease.
    let onAbort = () => {};
    const aborted = new Promise<"aborted">((resolve) => {
      onAbort = () => resolve("aborted");
      signal.addEventListener("abort", onAbort, { once: true });
    });
    const first = await Promise.race([pull, aborted]).finally(() => signal.removeEventListener("abort", onAbort));
    if (first === "aborted") {
      pull
        .then((late) => (late.length ? this.modAck(late.map((m) => m.ackId), 0) : undefined))
        .catch((err) => this.log("warn", "could not nack messages pulled during shutdown", { error: String(err) }));
      return [];
    }
    if (first.length === 0) return [];
    // The subscription's own ack deadline may be shorter than our lease and heartbeat assume.
    await this.modAck(first.map((m) => m.ackId), this.visibilityTimeoutSeconds);
    return first.map(toQueueMessage);
  }

  async ack(message: QueueMessage): Promise<void> {
    await this.api.acknowledge({ subscription: this.subscription, ackIds: [message.handle] });
  }

  async extend(message: QueueMessage, seconds: number): Promise<void> {
    await this.modAck([message.handle], seconds);
  }

  /** A nack with a deadline: Pub/Sub redelivers after it and counts the attempt for dead-lettering. */
  async release(message: QueueMessage, delaySeconds: number): Promise<void> {
    await this.modAck([message.handle], delaySeconds);
  }

  private modAck(ackIds: string[], seconds: number): Promise<unknown> {
    return this.api.modifyAckDeadline({
      subscription: this.subscription,
      ackIds,
      ackDeadlineSeconds: clamp(seconds, 0, MAX_ACK_DEADLINE),
    });
  }
}

export function toQueueMessage(received: ReceivedMessage & { ackId: string }): QueueMessage {
  const data = received.message?.data;
  // gRPC gives bytes; the JSON/REST fallback gives base64 text.
  const body =
    data == null ? "" : typeof data === "string" ? Buffer.from(data, "base64").toString("utf8") : Buffer.from(data).toString("utf8");
  return {
    id: received.message?.messageId ?? "unknown",
    body,
    // deliveryAttempt is 0/absent without a dead-letter policy; count that as a first delivery.
    receiveCount: received.deliveryAttempt && received.deliveryAttempt > 0 ? received.deliveryAttempt : 1,
    handle: received.ackId,
  };
}

/** The subset of @google-cloud/storage's Bucket the worker uses. */
export interface BucketApi {
  file(name: string): {
    exists(): Promise<[boolean]>;
    save(data: string, options: { contentType: string; resumable: boolean }): Promise<unknown>;
  };
}

/** NOTE: unverified against real GCS (no GCS-compatible server is run by the tests). */
export class GcsResultStore implements ResultStore {
  constructor(private readonly bucket: BucketApi) {}

  async exists(key: string): Promise<boolean> {
    const [found] = await this.bucket.file(key).exists();
    return found;
  }

  async put(key: string, body: string): Promise<void> {
    // Results are small; a resumable upload would cost an extra round trip per job.
    await this.bucket.file(key).save(body, { contentType: "application/json", resumable: false });
  }
}
