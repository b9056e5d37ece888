import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { QueueConfig } from "../config/model";
import { type LifecycleRule, SecureBucket } from "./bucket";
import { policyDocument } from "./iam";

/** The worker writes `results/<job id>.json` (its default `RESULTS_PREFIX`). */
export const resultsPrefix = "results/";

/** SQS's longest retention: a dead letter should wait as long as possible for someone to look. */
export const dlqRetentionSeconds = 1_209_600;

/** Redrive after `maxReceiveCount` deliveries into the dead-letter queue. */
export function redrivePolicy(dlqArn: string, maxReceiveCount: number): string {
  return JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount });
}

/** Results are kept as long as request logs: both hold model output. */
export function resultsLifecycleRules(retentionDays: number): LifecycleRule[] {
  return [{ id: "expire-results", prefix: resultsPrefix, expireDays: retentionDays, noncurrentDays: retentionDays }];
}

/** Queue policy refusing any request not made over TLS. */
export function tlsOnlyQueuePolicy(queueArn: string): string {
  return policyDocument([
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "sqs:*",
      Resource: queueArn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ]);
}

export interface JobQueueArgs {
  /** Deliveries before a job goes to the dead-letter queue, message retention and visibility timeout. */
  queue: QueueConfig;
  /** Days results are kept in the results bucket (a lifecycle rule, so a plain number). */
  retentionDays: number;
  /** Pulumi `protect` on both queues and the results bucket. Default false. */
  protect?: boolean;
}

/**
 * The async job queue: SQS with a dead-letter queue after `maxReceiveCount` deliveries, both
 * encrypted with SQS-managed keys (no KMS key to pay for or grant), TLS-only, long polling; and the
 * results bucket the worker writes to, hardened like the request log.
 */
export class JobQueue extends pulumi.ComponentResource {
  readonly queueUrl: pulumi.Output<string>;
  readonly queueArn: pulumi.Output<string>;
  readonly queueName: pulumi.Output<string>;
  readonly dlqArn: pulumi.Output<string>;
  readonly dlqName: pulumi.Output<string>;
  readonly dlqUrl: pulumi.Output<string>;
  readonly resultsBucket: pulumi.Output<string>;
  readonly resultsBucketArn: pulumi.Output<string>;

  constructor(name: string, args: JobQueueArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:JobQueue", name, {}, opts);
    const o = { parent: this, provider: opts.provider };
    const q = args.queue;

    const dlq = new aws.sqs.Queue(
      `${name}-dlq`,
      { sqsManagedSseEnabled: true, messageRetentionSeconds: dlqRetentionSeconds },
      { ...o, protect: args.protect ?? false },
    );
    const queue = new aws.sqs.Queue(
      `${name}-jobs`,
      {
        sqsManagedSseEnabled: true,
        messageRetentionSeconds: q.retentionSeconds,
        visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
        receiveWaitTimeSeconds: 20,
        redrivePolicy: dlq.arn.apply((arn) => redrivePolicy(arn, q.maxReceiveCount)),
      },
      { ...o, protect: args.protect ?? false },
    );
    // Only this queue may dead-letter into the DLQ.
    new aws.sqs.RedriveAllowPolicy(
      `${name}-dlq-redrive-allow`,
      {
        queueUrl: dlq.url,
        redriveAllowPolicy: queue.arn.apply((arn) => JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [arn] })),
      },
      o,
    );
    new aws.sqs.QueuePolicy(`${name}-jobs-policy`, { queueUrl: queue.url, policy: queue.arn.apply(tlsOnlyQueuePolicy) }, o);
    new aws.sqs.QueuePolicy(`${name}-dlq-policy`, { queueUrl: dlq.url, policy: dlq.arn.apply(tlsOnlyQueuePolicy) }, o);

    const results = new SecureBucket(`${name}-results`, { lifecycleRules: resultsLifecycleRules(args.retentionDays), protect: args.protect }, o);

    this.queueUrl = queue.url;
    this.queueArn = queue.arn;
    this.queueName = queue.name;
    this.dlqArn = dlq.arn;
    this.dlqName = dlq.name;
    this.dlqUrl = dlq.url;
    this.resultsBucket = results.bucket;
    this.resultsBucketArn = results.arn;
    this.registerOutputs({
      queueUrl: this.queueUrl,
      queueName: this.queueName,
      dlqName: this.dlqName,
      resultsBucket: this.resultsBucket,
    });
  }
}
