/**
 * Growth on AWS: the health alarms on the stack's alert topic, and the stack outputs an engineer
 * needs after `up` (image repository, API key ids, queue URLs, buckets, alert topic).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type Captured, ofType, one, planStackFile, resolve } from "./harness";
import { installMocks } from "./harness";

const stack = "growth-aws-eu-west-1";
installMocks({ stack, region: "eu-west-1" });

let outputs: Record<string, any>;
beforeAll(async () => {
  const { platform, stack: parsed } = await planStackFile(stack);
  const { platformOutputs } = await import("../../components/platform/platform");
  const o = platformOutputs(parsed, platform);
  outputs = { regionDetails: await resolve(o.regionDetails), alertTopic: await resolve(o.alertTopic!) };
});

const alarm = (role: string): Captured => one("aws:cloudwatch/metricAlarm:MetricAlarm", `-health-${role}`);

describe("health alarms", () => {
  let topic: Captured;
  beforeAll(() => {
    topic = one("aws:sns/topic:Topic", "-global-alerts");
  });
  const topicArn = () => `arn:aws:sns:eu-west-1:123456789012:${topic.outputs.name}`;

  it("alarm on the API's 5xx rate, on unhealthy gateway targets and on any dead letter, to the alert topic", () => {
    for (const role of ["api-5xx-rate", "gateway-unhealthy-targets", "dlq-depth"]) {
      const a = alarm(role).inputs;
      expect(a.alarmActions, role).toEqual([topicArn()]);
      expect(a.okActions, role).toEqual([topicArn()]);
    }
    expect(alarm("api-5xx-rate").inputs).toMatchObject({ namespace: "AWS/ApiGateway", metricName: "5XXError", statistic: "Average", threshold: 0.05, comparisonOperator: "GreaterThanThreshold" });
    const api = one("aws:apigateway/restApi:RestApi");
    expect(alarm("api-5xx-rate").inputs.dimensions).toEqual({ ApiName: api.inputs.name, Stage: "v1" });
  });

  it("watch the gateway's own NLB target group and the job queue's dead-letter queue", () => {
    const dims = alarm("gateway-unhealthy-targets").inputs.dimensions;
    expect(dims.LoadBalancer).toMatch(/^net\//);
    expect(dims.TargetGroup).toMatch(/^targetgroup\//);
    const dlq = ofType("aws:sqs/queue:Queue").find((q) => q.name.endsWith("-queue-dlq"))!;
    expect(alarm("dlq-depth").inputs).toMatchObject({ namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", threshold: 1 });
    expect(alarm("dlq-depth").inputs.dimensions).toEqual({ QueueName: dlq.outputs.name });
  });
});

describe("stack outputs", () => {
  it("name the worker's image repository, the API key ids, the queue URLs, the results bucket and the alert topic", () => {
    const d = outputs.regionDetails["eu-west-1"];
    const repo = one("aws:ecr/repository:Repository");
    expect(d.imageRepositoryUrl).toBe(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/${repo.outputs.name}`);
    const keys = ofType("aws:apigateway/apiKey:ApiKey");
    expect(Object.values(d.apiKeyIds).sort()).toEqual(keys.map((k) => k.id).sort());
    const queueUrl = (nameEndsWith: string) => `https://sqs.eu-west-1.amazonaws.com/123456789012/${one("aws:sqs/queue:Queue", nameEndsWith).outputs.name}`;
    expect(d.queueUrl).toBe(queueUrl("-queue-jobs"));
    expect(d.deadLetterQueueUrl).toBe(queueUrl("-queue-dlq"));
    expect(d.resultsBucket).toBe(one("aws:s3/bucket:Bucket", "-queue-results-bucket").outputs.bucket);
    expect(d.clusterName).toBeUndefined();
    const topic = one("aws:sns/topic:Topic", "-global-alerts");
    expect(topic.outputs.name).toMatch(/-global-alerts-[0-9a-f]{7}$/);
    expect(outputs.alertTopic).toBe(`arn:aws:sns:eu-west-1:123456789012:${topic.outputs.name}`);
  });
});
