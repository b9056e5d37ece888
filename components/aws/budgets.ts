import { fixedDecimal } from "../config/numbers";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BudgetConfig } from "../config/model";
import { HealthAlerts, type HealthDimensions } from "./alerts";
import { policyDocument } from "./iam";

/** Services that publish to the alert topic; both need the topic's KMS key too. */
const publishers = ["budgets.amazonaws.com", "cloudwatch.amazonaws.com"];

export interface BudgetNotificationSpec {
  notificationType: "ACTUAL" | "FORECASTED";
  threshold: number;
  comparisonOperator: "GREATER_THAN";
  thresholdType: "PERCENTAGE";
}

/** One notification per actual and per forecast threshold (percent of the budget). */
export function budgetNotifications(budget: Pick<BudgetConfig, "actualThresholds" | "forecastThresholds">): BudgetNotificationSpec[] {
  const n = (notificationType: "ACTUAL" | "FORECASTED") => (threshold: number) => ({
    notificationType,
    threshold,
    comparisonOperator: "GREATER_THAN" as const,
    thresholdType: "PERCENTAGE" as const,
  });
  const uniq = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
  return [...uniq(budget.actualThresholds).map(n("ACTUAL")), ...uniq(budget.forecastThresholds).map(n("FORECASTED"))];
}

/**
 * Cost filter on a cost-allocation tag (`user:<key>$<value>`). The tag key must be activated as a
 * cost-allocation tag in the billing console once per payer account; until it is, a tag-filtered
 * budget reads 0.
 */
export function tagFilter(key: string, value: string): { name: string; values: string[] } {
  return { name: "TagKeyValue", values: [`user:${key}$${value}`] };
}

/** Budget names: unique per account, so they carry project and stack. */
export function budgetName(spec: { project: string; stack: string }, suffix: string): string {
  return `${spec.project}-${spec.stack}-${suffix}`.replace(/[:\\]/g, "-").slice(0, 100);
}

/** A stable logical role for an e-mail subscription, so reordering the list keeps every URN. */
export function emailRole(email: string): string {
  return `email-${email.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
}

/**
 * The daily AI spend alarm's threshold (USD): the month's budget spread over 30 days, shared
 * equally between the stack's regions (each region's API is measured in its own region).
 */
export function dailySpendThreshold(monthlyUsd: number, regions: number): number {
  return Math.round((monthlyUsd / 30 / Math.max(1, regions)) * 100) / 100;
}

/** Key policy: the account administers the key; the publishing services may encrypt to the topic. */
export function alertKeyPolicy(keyArn: string): string {
  const account = keyArn.split(":")[4];
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
      {
        Sid: "AlertPublishersEncrypt",
        Effect: "Allow",
        Principal: { Service: publishers },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": account } },
      },
    ],
  });
}

export function alertTopicPolicy(topicArn: string): string {
  const account = topicArn.split(":")[4]!;
  return policyDocument([
    {
      Sid: "AlertPublishers",
      Effect: "Allow",
      Principal: { Service: publishers },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: { StringEquals: { "aws:SourceAccount": account } },
    },
  ]);
}

/** An alert topic's subscribers (`budget.notify`): each e-mail (confirmed once by its owner) and the webhook. */
export function alertSubscriptions(name: string, topic: aws.sns.Topic, notify: BudgetConfig["notify"], o: pulumi.CustomResourceOptions): void {
  for (const email of [...new Set(notify.emails)].sort()) {
    new aws.sns.TopicSubscription(`${name}-${emailRole(email)}`, { topic: topic.arn, protocol: "email", endpoint: email }, o);
  }
  const webhook = notify.webhookUrl;
  if (webhook) {
    new aws.sns.TopicSubscription(
      `${name}-webhook`,
      { topic: topic.arn, protocol: webhook.startsWith("https:") ? "https" : "http", endpoint: webhook, endpointAutoConfirms: false },
      o,
    );
  }
}

/** What the daily spend and health alarms watch in the primary region. */
export interface SpendSource {
  apiName: pulumi.Input<string>;
  stageName: pulumi.Input<string>;
  /** The request path's CloudWatch dimensions for the health alarms. */
  health?: HealthDimensions;
}

export interface BudgetAlertsArgs {
  /** The monthly limit, thresholds and who is notified (`budget`). */
  budget: BudgetConfig;
  /** Project and stack: the budget's name and cost filter. */
  project: string;
  stack: string;
  /** Where the topic, budget and alarms live. */
  primaryRegion: string;
  /** How many regions share the monthly budget (the daily alarm watches the primary's share). */
  regionCount: number;
  /** Expected USD per request (`estimatedCostPerRequest`); absent: no prices, no daily spend alarm. */
  costPerRequestUsd?: number;
  tags: Record<string, string>;
  /** The primary region's API; the daily spend alarm lives beside it. */
  primary?: SpendSource;
}

/**
 * Budgets and alerts, once per stack (not per region), in the stack's primary region:
 *
 * - an SNS topic encrypted with a customer-managed KMS key (the AWS-managed SNS key does not let
 *   AWS Budgets or CloudWatch encrypt to it), with the e-mail and webhook subscribers of
 *   `budget.notify`;
 * - the stack's monthly AWS COST budget for infrastructure spend, filtered by the `stack`
 *   cost-allocation tag, alerting at every actual and forecast threshold. AWS Budgets see only
 *   the AWS bill (infrastructure and Bedrock), not invoices of other providers (OpenAI,
 *   Anthropic direct): per-key, per-team and per-feature AI budgets are enforced by LiteLLM
 *   against its keys database (`access` section, `npm run keys`), where the spend is known;
 * - the daily AI spend alarm, which covers every provider. Its metric is an *estimate*: API
 *   requests that reached the gateway (Count − 4XXError, from API Gateway) × the expected cost of a
 *   request from the spec's traffic profile and model prices. This is the most faithful number
 *   CloudWatch can alarm on without code in the request path: LiteLLM's true per-request cost
 *   is written to the request log in S3 (read by Athena, which cannot alarm), its own logs do not
 *   carry cost, and its spend metrics for Prometheus are an enterprise feature. It over-counts
 *   cached answers (they cost nothing), so it errs toward alerting early.
 */
export class BudgetAlerts extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;
  /** The stack's alert topic (the platform's `alertTopic` output). */
  readonly alertTopic: pulumi.Output<string>;

  constructor(name: string, args: BudgetAlertsArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:BudgetAlerts", name, {}, opts);
    const { budget, stack, tags } = args;
    const region = args.primaryRegion;
    const provider = new aws.Provider(`${name}-provider`, { region: region as aws.Region, defaultTags: { tags } }, { parent: this });
    const o = { parent: this, provider };

    const key = new aws.kms.Key(
      `${name}-key`,
      { description: `ai-infra alert topic of ${stack}`, enableKeyRotation: true, deletionWindowInDays: 30 },
      o,
    );
    const keyPolicy = new aws.kms.KeyPolicy(`${name}-key-policy`, { keyId: key.id, policy: key.arn.apply(alertKeyPolicy) }, o);
    const topic = new aws.sns.Topic(`${name}-alerts`, { displayName: `ai-infra ${stack} alerts`, kmsMasterKeyId: key.id }, o);
    const topicPolicy = new aws.sns.TopicPolicy(`${name}-alerts-policy`, { arn: topic.arn, policy: topic.arn.apply(alertTopicPolicy) }, o);

    alertSubscriptions(name, topic, budget.notify, o);

    const notifications = budgetNotifications(budget).map((n) => ({ ...n, subscriberSnsTopicArns: [topic.arn] }));
    // AWS Budgets checks that it may publish to the topic when a budget is saved.
    const budgetOpts = { ...o, dependsOn: [keyPolicy, topicPolicy] };
    new aws.budgets.Budget(
      `${name}-monthly`,
      {
        name: budgetName({ project: args.project, stack }, "monthly"),
        budgetType: "COST",
        timeUnit: "MONTHLY",
        // A decimal string without exponent (toFixed writes "1e+21" past 1e21).
        limitAmount: fixedDecimal(budget.monthlyUsd, 2),
        limitUnit: "USD",
        costFilters: [tagFilter("stack", stack)],
        notifications,
      },
      budgetOpts,
    );
    // No per-feature budgets here: a cost filter on a `feature` tag reads $0 forever, since no
    // resource carries the tag and the spend per feature is API spend, which is not on the AWS
    // bill. Feature budgets are LiteLLM's (request tags, spend tracked per tag in the keys
    // database, refused past the budget), from the growth stage.

    const costPerRequest = args.costPerRequestUsd;
    if (args.primary && costPerRequest !== undefined) {
      const api = { ApiName: args.primary.apiName, Stage: args.primary.stageName };
      const apiMetric = (id: string, metricName: string) => ({
        id,
        metric: { namespace: "AWS/ApiGateway", metricName, dimensions: api, stat: "Sum", period: 86400 },
      });
      new aws.cloudwatch.MetricAlarm(
        `${name}-daily-spend`,
        {
          alarmDescription:
            `Estimated AI spend of ${stack} in ${region} over the last 24 h is above its share of the monthly budget ` +
            `(${budget.monthlyUsd} USD / 30 days). Estimate: answered requests × ${costPerRequest.toPrecision(3)} USD; ` +
            `the exact figure is in the Athena query "daily tokens and cost per model".`,
          comparisonOperator: "GreaterThanThreshold",
          threshold: dailySpendThreshold(budget.monthlyUsd, args.regionCount),
          evaluationPeriods: 1,
          treatMissingData: "notBreaching",
          metricQueries: [
            apiMetric("requests", "Count"),
            apiMetric("rejected", "4XXError"),
            { id: "spend", expression: `(requests - rejected) * ${costPerRequest}`, label: "estimated AI spend (USD/day)", returnData: true },
          ],
          alarmActions: [topic.arn],
          okActions: [topic.arn],
        },
        o,
      );
    } else if (costPerRequest === undefined) {
      pulumi.log.warn("no model has inputCostPerMillionTokens/outputCostPerMillionTokens: the daily AI spend alarm is not created", this);
    }

    if (args.primary?.health) {
      // The topic's policy must admit CloudWatch before an alarm can be saved with it as action.
      new HealthAlerts(`${name}-health`, { dimensions: args.primary.health, topicArn: topic.arn }, { parent: this, provider, dependsOn: [topicPolicy, keyPolicy] });
    }

    this.topicArn = topic.arn;
    this.alertTopic = topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
