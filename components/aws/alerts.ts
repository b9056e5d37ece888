import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renamedFrom } from "../platform/renames";

/** The CloudWatch dimensions of one region's request path. */
export interface HealthDimensions {
  apiName: pulumi.Input<string>;
  stageName: pulumi.Input<string>;
  /** `net/<name>/<id>` of the gateway's NLB. */
  nlbArnSuffix: pulumi.Input<string>;
  /** `targetgroup/<name>/<id>` of the gateway's target group. */
  targetGroupArnSuffix: pulumi.Input<string>;
  /** Dead-letter queue of the job queue (growth and later). */
  dlqName?: pulumi.Input<string>;
}

/** Share of API responses that are 5xx above which the gateway alarms (over 2 of 3 five-minute periods). */
export const gateway5xxRateThreshold = 0.05;

export interface HealthAlarmSpec {
  role: string;
  args: aws.cloudwatch.MetricAlarmArgs;
}

/**
 * The request path's health alarms, as plain alarm arguments (tested without Pulumi):
 * - the API's 5xx rate: API Gateway's `5XXError` averaged is the share of requests answered 5xx
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html);
 * - unhealthy gateway targets behind the NLB (`UnHealthyHostCount`,
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html);
 * - any message in the dead-letter queue: a job failed `maxReceiveCount` times and waits for a person.
 */
export function healthAlarmSpecs(d: HealthDimensions, topicArn: pulumi.Input<string>): HealthAlarmSpec[] {
  const actions = { alarmActions: [topicArn], okActions: [topicArn], treatMissingData: "notBreaching" };
  const specs: HealthAlarmSpec[] = [
    {
      role: "api-5xx-rate",
      args: {
        alarmDescription: `More than ${gateway5xxRateThreshold * 100}% of API requests answered 5xx: the gateway or its providers are failing`,
        namespace: "AWS/ApiGateway",
        metricName: "5XXError",
        dimensions: { ApiName: d.apiName, Stage: d.stageName },
        statistic: "Average",
        period: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        threshold: gateway5xxRateThreshold,
        comparisonOperator: "GreaterThanThreshold",
        ...actions,
      },
    },
    {
      role: "gateway-unhealthy-targets",
      args: {
        alarmDescription: "Gateway tasks fail the NLB health check (/health/liveliness) for 3 minutes",
        namespace: "AWS/NetworkELB",
        metricName: "UnHealthyHostCount",
        dimensions: { LoadBalancer: d.nlbArnSuffix, TargetGroup: d.targetGroupArnSuffix },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 3,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        ...actions,
      },
    },
  ];
  if (d.dlqName) {
    specs.push({
      role: "dlq-depth",
      args: {
        alarmDescription: "Jobs are in the dead-letter queue: they failed every delivery; inspect and redrive them",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: d.dlqName },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        ...actions,
      },
    });
  }
  return specs;
}

export interface HealthAlertsArgs {
  dimensions: HealthDimensions;
  topicArn: pulumi.Input<string>;
}

/**
 * One region's health alarms, notifying the stack's alert topic. CloudWatch alarms notify topics
 * of their own region, so they are created in the topic's (primary) region.
 */
export class HealthAlerts extends pulumi.ComponentResource {
  constructor(name: string, args: HealthAlertsArgs, opts: pulumi.ComponentResourceOptions) {
    // Formerly `HealthAlarms`: the alias keeps every URN.
    super("ai-infra:aws:HealthAlerts", name, {}, renamedFrom("ai-infra:aws:HealthAlarms", opts));
    for (const spec of healthAlarmSpecs(args.dimensions, args.topicArn)) {
      new aws.cloudwatch.MetricAlarm(`${name}-${spec.role}`, spec.args, { parent: this, provider: opts.provider });
    }
    this.registerOutputs({});
  }
}
