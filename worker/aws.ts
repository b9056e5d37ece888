import { HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { Logger } from "./log";
import { JobQueue, QueueMessage, ResultStore } from "./queue";

/** SQS's upper bound for a message's visibility timeout (12 hours). */
const SQS_MAX_VISIBILITY = 43_200;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n)));

export class SqsJobQueue implements JobQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly visibilityTimeoutSeconds: number,
    private readonly waitTimeSeconds: number,
  ) {}

  async receive(max: number, signal: AbortSignal): Promise<QueueMessage[]> {
    const out = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: clamp(max, 1, 10),
        WaitTimeSeconds: this.waitTimeSeconds,
        // Set per receive rather than relying on the queue's default, so the heartbeat interval
        // and the lease always agree.
        VisibilityTimeout: this.visibilityTimeoutSeconds,
        MessageSystemAttributeNames: ["ApproximateReceiveCount"],
      }),
      { abortSignal: signal },
    );
    return (out.Messages ?? []).flatMap((m) =>
      m.ReceiptHandle
        ? [{
            id: m.MessageId ?? "unknown",
            body: m.Body ?? "",
            receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? "1") || 1,
            handle: m.ReceiptHandle,
          }]
        : [],
    );
  }

  async ack(message: QueueMessage): Promise<void> {
    await this.client.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: message.handle }));
  }

  async extend(message: QueueMessage, seconds: number): Promise<void> {
    await this.setVisibility(message, seconds);
  }

  async release(message: QueueMessage, delaySeconds: number): Promise<void> {
    await this.setVisibility(message, delaySeconds);
  }

  private async setVisibility(message: QueueMessage, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: message.handle,
        VisibilityTimeout: clamp(seconds, 0, SQS_MAX_VISIBILITY),
      }),
    );
  }
}

export class S3ResultStore implements ResultStore {
  private warnedForbidden = false;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly log: Logger,
  ) {}

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) return false;
      // Without s3:ListBucket, S3 answers 403 for a missing key. Treat it as missing (the job
      // then simply runs) instead of failing every job over an optional optimisation.
      if (status === 403) {
        if (!this.warnedForbidden) {
          this.warnedForbidden = true;
          this.log("warn", "HeadObject forbidden; grant s3:ListBucket so redelivered jobs skip the gateway", {
            bucket: this.bucket,
          });
        }
        return false;
      }
      throw err;
    }
  }

  async put(key: string, body: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: "application/json" }),
    );
  }
}
