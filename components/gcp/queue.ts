import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { QueueConfig } from "../config/model";
import { pubsubLimits } from "../config/facts/gcp";
import { type ChildExtra, type GcpContext, childOpts } from "./context";
import { gcpName, nameLimits } from "./names";

export interface QueueSettings {
  maxDeliveryAttempts: number;
  ackDeadlineSeconds: number;
  retentionSeconds: number;
}

/**
 * Pub/Sub settings from the stack's `queue`, one to one. The stack file follows SQS's wider ranges;
 * values Pub/Sub cannot take are rejected by the parser (`config/rules/pubsub-ranges.ts`) with
 * their path, and refused here for any other caller, never bent: a retention silently cut from 14
 * to 7 days loses jobs the operator expected to keep, and a raised attempt count pays for retries
 * of a poison job nobody asked for.
 */
export function queueSettings(queue: Pick<QueueConfig, "maxReceiveCount" | "visibilityTimeoutSeconds" | "retentionSeconds">): QueueSettings {
  const check = (key: keyof typeof pubsubLimits, value: number) => {
    const { min, max } = pubsubLimits[key];
    if (!(value >= min && value <= max)) throw new Error(`queue.${key} ${value} is outside Pub/Sub's ${min}–${max}`);
    return value;
  };
  return {
    maxDeliveryAttempts: check("maxReceiveCount", queue.maxReceiveCount),
    ackDeadlineSeconds: check("visibilityTimeoutSeconds", queue.visibilityTimeoutSeconds),
    retentionSeconds: check("retentionSeconds", queue.retentionSeconds),
  };
}

/** Messages of the kit's topics are stored only in the stack's region, and published only there. */
export function regionalStorage(region: string): gcp.types.input.pubsub.TopicMessageStoragePolicy {
  return { allowedPersistenceRegions: [region], enforceInTransit: true };
}

/**
 * A job queue in the context's region: topics stored only there, Pub/Sub-managed encryption unless
 * `kmsKeyName`, not protected unless `protect`.
 */
export interface JobQueueArgs {
  ctx: GcpContext;
  /** Delivery attempts, ack deadline and retention (the stack's `queue`), within Pub/Sub's limits. */
  queue: Pick<QueueConfig, "maxReceiveCount" | "visibilityTimeoutSeconds" | "retentionSeconds">;
  /** The stack's `deletionProtection`: the topics and subscriptions. Default: false. */
  protect?: boolean;
  /**
   * Cloud KMS key for the topics. Default: Google-managed encryption (Pub/Sub always encrypts at
   * rest); set a key where a policy requires CMEK (the Pub/Sub service agent needs encrypt/decrypt on it).
   */
  kmsKeyName?: pulumi.Input<string>;
}

/**
 * The async job queue: a topic, the worker's pull subscription, a dead-letter topic and a
 * subscription on it that keeps dead letters for inspection (Pub/Sub drops messages published to
 * a topic without subscriptions). Dead-lettering is done by the Pub/Sub service agent, which
 * needs to publish to the dead-letter topic and to subscribe (ack) on the source subscription.
 */
export class JobQueue extends pulumi.ComponentResource {
  readonly topic: gcp.pubsub.Topic;
  readonly subscription: gcp.pubsub.Subscription;
  readonly deadLetterTopic: gcp.pubsub.Topic;
  readonly deadLetterSubscription: gcp.pubsub.Subscription;
  readonly settings: QueueSettings;
  /** Topic name callers publish jobs to. */
  readonly topicName: pulumi.Output<string>;

  constructor(name: string, args: JobQueueArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:JobQueue", name, {}, opts);
    const { ctx } = args;
    const protect = args.protect ?? false;
    const o = (extra: ChildExtra = {}) => childOpts(this, ctx, extra);
    this.settings = queueSettings(args.queue);
    const encryption = args.kmsKeyName ? { kmsKeyName: args.kmsKeyName } : {};

    this.deadLetterTopic = new gcp.pubsub.Topic(
      `${name}-dead-letters`,
      { name: gcpName(ctx.scope, "jobs-dead-letters", nameLimits.pubsub), messageStoragePolicy: regionalStorage(ctx.region), ...encryption },
      o({ protect }),
    );
    this.deadLetterSubscription = new gcp.pubsub.Subscription(
      `${name}-dead-letters-sub`,
      {
        name: gcpName(ctx.scope, "jobs-dead-letters", nameLimits.pubsub),
        topic: this.deadLetterTopic.id,
        ackDeadlineSeconds: 60,
        messageRetentionDuration: "604800s",
        expirationPolicy: { ttl: "" },
      },
      o({ protect }),
    );
    this.topic = new gcp.pubsub.Topic(
      `${name}-jobs`,
      { name: gcpName(ctx.scope, "jobs", nameLimits.pubsub), messageStoragePolicy: regionalStorage(ctx.region), ...encryption },
      o({ protect }),
    );
    this.subscription = new gcp.pubsub.Subscription(
      `${name}-jobs-sub`,
      {
        name: gcpName(ctx.scope, "jobs-worker", nameLimits.pubsub),
        topic: this.topic.id,
        ackDeadlineSeconds: this.settings.ackDeadlineSeconds,
        messageRetentionDuration: `${this.settings.retentionSeconds}s`,
        deadLetterPolicy: { deadLetterTopic: this.deadLetterTopic.id, maxDeliveryAttempts: this.settings.maxDeliveryAttempts },
        // Redelivery of a nacked job backs off on Pub/Sub's side as well as in the worker.
        retryPolicy: { minimumBackoff: "10s", maximumBackoff: "600s" },
        expirationPolicy: { ttl: "" },
      },
      o({ protect }),
    );

    const agent = new gcp.projects.ServiceIdentity(`${name}-pubsub-agent`, { project: ctx.gcpProject, service: "pubsub.googleapis.com" }, o());
    new gcp.pubsub.TopicIAMMember(
      `${name}-dead-letter-publisher`,
      { topic: this.deadLetterTopic.name, role: "roles/pubsub.publisher", member: agent.member },
      o(),
    );
    new gcp.pubsub.SubscriptionIAMMember(
      `${name}-dead-letter-subscriber`,
      { subscription: this.subscription.name, role: "roles/pubsub.subscriber", member: agent.member },
      o(),
    );

    this.topicName = this.topic.name;
    this.registerOutputs({
      topic: this.topic.name,
      subscription: this.subscription.id,
      deadLetterTopic: this.deadLetterTopic.name,
    });
  }
}
