import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BudgetConfig } from "../config/model";
import { HealthAlerts, type HealthDimensions } from "./alerts";
import { alertKeyPolicy, alertSubscriptions, alertTopicPolicy } from "./budgets";

export interface RegionalAlertsArgs {
  region: string;
  stack: string;
  /** `budget.notify`: the same e-mails and webhook as the stack's alert topic in the primary region. */
  notify: BudgetConfig["notify"];
  health: HealthDimensions;
}

/**
 * The health alarms of a region other than the primary, on an alert topic of that region: a
 * CloudWatch alarm's SNS action must be a topic in the alarm's own region
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html,
 * "the SNS topic must be in the same Region as the alarm"), and the alarms must sit beside the
 * metrics they read. The topic is built like the primary's (`BudgetAlerts`): encrypted with a
 * customer-managed key whose policy lets CloudWatch encrypt to it, subscribed by the stack's
 * e-mails (each address confirms each region's subscription once) and webhook.
 */
export class RegionalAlerts extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: RegionalAlertsArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:RegionalAlerts", name, {}, opts);
    const o = { parent: this, provider: opts.provider };
    const key = new aws.kms.Key(
      `${name}-key`,
      { description: `ai-infra alert topic of ${args.stack} (${args.region})`, enableKeyRotation: true, deletionWindowInDays: 30 },
      o,
    );
    const keyPolicy = new aws.kms.KeyPolicy(`${name}-key-policy`, { keyId: key.id, policy: key.arn.apply(alertKeyPolicy) }, o);
    const topic = new aws.sns.Topic(`${name}-alerts`, { displayName: `ai-infra ${args.stack} alerts (${args.region})`, kmsMasterKeyId: key.id }, o);
    const topicPolicy = new aws.sns.TopicPolicy(`${name}-alerts-policy`, { arn: topic.arn, policy: topic.arn.apply(alertTopicPolicy) }, o);
    alertSubscriptions(name, topic, args.notify, o);
    // The topic's policy must admit CloudWatch before an alarm can be saved with it as action.
    new HealthAlerts(`${name}-health`, { dimensions: args.health, topicArn: topic.arn }, { parent: this, provider: opts.provider, dependsOn: [topicPolicy, keyPolicy] });
    this.topicArn = topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
