import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Captured, captured, installMocks, invokes, isSecretWrapped, mockPassword, ofType, one, placeholderKey, planStackFile, providerRegions, resolve, strings } from "./harness";

const stack = "growth-aws-eu-west-1";
const region = "eu-west-1";
installMocks({ stack, region });

type Spec = import("../../components/spec/validate").Spec;
let spec: Spec;
let queueNameOutput: string | undefined;

beforeAll(async () => {
  const planned = await planStackFile(stack);
  spec = planned.spec;
  queueNameOutput = await resolve(planned.platform.regions[0]!.queueName!);
});

const arnOf = (c: Captured) => `arn:aws:${c.type.split(":")[1]!.split("/")[0]}:${region}:123456789012:${c.name}`;
const containerOf = (nameEndsWith: string) => JSON.parse(one("aws:ecs/taskDefinition:TaskDefinition", nameEndsWith).inputs.containerDefinitions)[0];
const envOf = (container: any): Record<string, string> =>
  Object.fromEntries((container.environment as { name: string; value: string }[]).map((e) => [e.name, e.value]));

describe("growth on AWS (eu-west-1) under mocks", () => {
  it("keeps every AWS resource in the stack's region through an explicit provider, without invokes", () => {
    expect(invokes).toEqual([]);
    const providers = ofType("pulumi:providers:aws");
    expect(providers.map((p) => p.inputs.region)).toEqual([region, region]);
    const awsResources = captured.filter((c) => c.custom && c.type.startsWith("aws:"));
    const wrong = awsResources.filter((c) => !c.provider || providerRegions.get(c.provider.split("::").pop()!) !== region);
    expect(wrong.map((c) => c.name)).toEqual([]);
  });

  it("never puts a provider key in a plain input", () => {
    const key = placeholderKey("openai-eu");
    expect(captured.filter((c) => strings(c.inputs, true).some((s) => s.includes(key))).map((c) => c.name)).toEqual([]);
    expect(captured.filter((c) => strings(c.inputs).some((s) => s.includes(key))).map((c) => c.type)).toEqual([
      "aws:secretsmanager/secretVersion:SecretVersion",
    ]);
  });

  describe("response cache", () => {
    let rg: Captured;
    beforeAll(() => {
      rg = one("aws:elasticache/replicationGroup:ReplicationGroup");
    });
    it("requires TLS, an AUTH token and encryption at rest", () => {
      expect(rg.inputs).toMatchObject({ engine: "valkey", transitEncryptionEnabled: true, transitEncryptionMode: "required", atRestEncryptionEnabled: true });
      const token = one("random:index/randomPassword:RandomPassword", "-cache-auth-token");
      expect(token.inputs.length).toBeGreaterThanOrEqual(16);
      expect(isSecretWrapped(rg.inputs.authToken)).toBe(true);
      expect(rg.inputs.authToken.value).toBe(mockPassword);
      // Only the cache and its Secrets Manager copy hold the token, both as Pulumi secrets.
      expect(captured.filter((c) => strings(c.inputs, true).includes(mockPassword)).map((c) => c.name)).toEqual([]);
      expect(captured.filter((c) => strings(c.inputs).includes(mockPassword)).map((c) => c.type).sort()).toEqual([
        "aws:elasticache/replicationGroup:ReplicationGroup",
        "aws:secretsmanager/secretVersion:SecretVersion",
      ]);
    });
    it("is multi-AZ with automatic failover and 1 + cache.replicas nodes over both zones", () => {
      expect(rg.inputs.multiAzEnabled).toBe(true);
      expect(rg.inputs.automaticFailoverEnabled).toBe(true);
      expect(rg.inputs.numCacheClusters).toBe(1 + spec.cache!.replicas);
      expect(new Set(rg.inputs.preferredCacheClusterAzs)).toEqual(new Set([`${region}a`, `${region}b`]));
      expect(rg.inputs.nodeType).toBe(spec.cache!.nodeType);
      expect(rg.inputs.replicationGroupId.length).toBeLessThanOrEqual(40);
    });
    it("sits in the private subnets and admits only the gateway's security group", () => {
      const subnetGroup = one("aws:elasticache/subnetGroup:SubnetGroup");
      expect(rg.inputs.subnetGroupName).toBe(`${subnetGroup.name}-abc1234`);
      const privateIds = ofType("aws:ec2/subnet:Subnet")
        .filter((s) => s.name.includes("-private-"))
        .map((s) => s.id)
        .sort();
      expect([...subnetGroup.inputs.subnetIds].sort()).toEqual(privateIds);
      const sg = one("aws:ec2/securityGroup:SecurityGroup", "-cache-sg");
      const gatewaySg = one("aws:ec2/securityGroup:SecurityGroup", "-gateway-sg");
      expect(rg.inputs.securityGroupIds).toEqual([sg.id]);
      expect(sg.inputs.ingress).toEqual([expect.objectContaining({ fromPort: 6379, toPort: 6379, securityGroups: [gatewaySg.id] })]);
      expect(sg.inputs.ingress[0].cidrBlocks).toBeUndefined();
    });
    it("is wired into the gateway: host/port as env, password as an ECS secret from Secrets Manager", () => {
      const c = containerOf("-gateway-task");
      const env = envOf(c);
      expect(env.AI_INFRA_REDIS_HOST).toMatch(/^master\..+\.cache\.amazonaws\.com$/);
      expect(env.AI_INFRA_REDIS_PORT).toBe("6379");
      expect(env.AI_INFRA_REDIS_PASSWORD).toBeUndefined();
      const authSecret = one("aws:secretsmanager/secret:Secret", "-cache-auth-secret");
      expect(c.secrets).toContainEqual({ name: "AI_INFRA_REDIS_PASSWORD", valueFrom: arnOf(authSecret) });
      const version = one("aws:secretsmanager/secretVersion:SecretVersion", "-cache-auth-secret-value");
      expect(version.inputs.secretId).toBe(authSecret.id);
      const exec = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "-gateway-execution-secrets").inputs.policy);
      expect(exec.Statement[0].Resource).toEqual(expect.arrayContaining([arnOf(authSecret)]));
      const config = one("aws:s3/bucketObjectv2:BucketObjectv2").inputs.content as string;
      expect(config).toContain("os.environ/AI_INFRA_REDIS_HOST");
    });
  });

  it("lets the gateway call Bedrock (a bedrock provider is configured) with its task role", () => {
    const policy = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "-gateway-task-policy").inputs.policy);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["WriteRequestLogs", "ReadGatewayConfig", "InvokeBedrockModels"]);
    expect(policy.Statement[2].Action).toEqual(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
  });

  describe("job queue", () => {
    let jobs: Captured;
    let dlq: Captured;
    beforeAll(() => {
      jobs = one("aws:sqs/queue:Queue", "-queue-jobs");
      dlq = one("aws:sqs/queue:Queue", "-queue-dlq");
    });
    it("dead-letters after queue.maxReceiveCount deliveries", () => {
      const redrive = JSON.parse(jobs.inputs.redrivePolicy);
      expect(redrive).toEqual({ deadLetterTargetArn: `arn:aws:sqs:${region}:123456789012:${dlq.name}-abc1234`, maxReceiveCount: spec.queue!.maxReceiveCount });
      expect(spec.queue!.maxReceiveCount).toBe(5);
      const allow = JSON.parse(one("aws:sqs/redriveAllowPolicy:RedriveAllowPolicy").inputs.redriveAllowPolicy);
      expect(allow).toEqual({ redrivePermission: "byQueue", sourceQueueArns: [`arn:aws:sqs:${region}:123456789012:${jobs.name}-abc1234`] });
    });
    it("encrypts both queues and keeps jobs as long as configured", () => {
      expect(jobs.inputs.sqsManagedSseEnabled).toBe(true);
      expect(dlq.inputs.sqsManagedSseEnabled).toBe(true);
      expect(jobs.inputs.messageRetentionSeconds).toBe(spec.queue!.retentionSeconds);
      expect(jobs.inputs.visibilityTimeoutSeconds).toBe(spec.queue!.visibilityTimeoutSeconds);
      for (const p of ofType("aws:sqs/queuePolicy:QueuePolicy")) {
        expect(JSON.parse(p.inputs.policy).Statement[0]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
      }
    });
    it("has a results bucket hardened like the request log", () => {
      const b = one("aws:s3/bucket:Bucket", "-queue-results-bucket");
      expect(b.inputs.forceDestroy).toBe(false);
      const forBucket = (t: string) => ofType(t).find((c) => c.inputs.bucket === b.id)!;
      expect(forBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules[0].bucketKeyEnabled).toBe(true);
      expect(forBucket("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status).toBe("Enabled");
      const pab = forBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
      expect([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets]).toEqual([true, true, true, true]);
      expect(forBucket("aws:s3/bucketPolicy:BucketPolicy").inputs.policy).toContain("aws:SecureTransport");
    });
    it("exposes the queue name", () => {
      expect(queueNameOutput).toBe(`${jobs.name}-abc1234`);
    });
  });

  describe("async worker", () => {
    it("runs an immutable, scanned ECR image tag of the worker package's version", async () => {
      const repo = one("aws:ecr/repository:Repository");
      expect(repo.inputs.imageTagMutability).toBe("IMMUTABLE");
      expect(repo.inputs.imageScanningConfiguration.scanOnPush).toBe(true);
      const { workerImageTag } = await import("../../components/aws/worker");
      expect(containerOf("-worker-task").image).toMatch(new RegExp(`/${repo.name}-abc1234:${workerImageTag.replace(/\./g, "\\.")}$`));
      const workerPkg = path.join(__dirname, "..", "..", "worker", "package.json");
      if (fs.existsSync(workerPkg)) expect(JSON.parse(fs.readFileSync(workerPkg, "utf8")).version).toBe(workerImageTag);
    });
    it("gets the worker's env contract: queue, results bucket, gateway URL, cloud, concurrency, visibility", () => {
      const env = envOf(containerOf("-worker-task"));
      const jobs = one("aws:sqs/queue:Queue", "-queue-jobs");
      const results = one("aws:s3/bucket:Bucket", "-queue-results-bucket");
      const nlb = one("aws:lb/loadBalancer:LoadBalancer");
      expect(env.QUEUE_URL).toBe(`https://sqs.${region}.amazonaws.com/123456789012/${jobs.name}-abc1234`);
      expect(env.RESULTS_BUCKET).toBe(`${results.name}-abc1234`);
      expect(env.GATEWAY_URL).toBe(`http://${nlb.inputs.name}-0123456789.elb.${region}.amazonaws.com`);
      expect(env.WORKER_CLOUD).toBe("aws");
      expect(env.AWS_REGION).toBe(region);
      expect(Number(env.CONCURRENCY)).toBeGreaterThanOrEqual(1);
      expect(env.VISIBILITY_TIMEOUT_SECONDS).toBe(String(spec.queue!.visibilityTimeoutSeconds));
    });
    it("gets the gateway's key only by reference to its secret", () => {
      const keySecret = one("aws:secretsmanager/secret:Secret", "-gateway-key-secret");
      const arn = `arn:aws:secretsmanager:${region}:123456789012:${keySecret.name}`;
      expect(containerOf("-worker-task").secrets).toEqual([{ name: "GATEWAY_API_KEY", valueFrom: arn }]);
      const execPolicy = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "worker-execution-secrets").inputs.policy);
      expect(execPolicy.Statement).toEqual([expect.objectContaining({ Action: "secretsmanager:GetSecretValue", Resource: [arn] })]);
    });
    it("scales on the queue's visible messages between worker.minReplicas (0) and maxReplicas", () => {
      const target = one("aws:appautoscaling/target:Target", "-worker-scaling").inputs;
      expect([target.minCapacity, target.maxCapacity]).toEqual([spec.worker!.minReplicas, spec.worker!.maxReplicas]);
      expect(spec.worker!.minReplicas).toBe(0);
      const backlog = one("aws:cloudwatch/metricAlarm:MetricAlarm", "-worker-backlog").inputs;
      const jobs = one("aws:sqs/queue:Queue", "-queue-jobs");
      expect(backlog).toMatchObject({ namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: `${jobs.name}-abc1234` } });
      const scaleOut = one("aws:appautoscaling/policy:Policy", "-worker-scale-out");
      expect(backlog.alarmActions).toEqual([arnOf(scaleOut)]);
      const idle = one("aws:cloudwatch/metricAlarm:MetricAlarm", "-worker-idle").inputs;
      expect(idle.alarmActions).toEqual([arnOf(one("aws:appautoscaling/policy:Policy", "-worker-scale-in"))]);
      const svc = one("aws:ecs/service:Service", "-worker-service").inputs;
      expect(svc.desiredCount).toBe(0);
    });
    it("may only consume its queue and write its results", () => {
      const policy = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "-worker-task-policy").inputs.policy);
      const jobs = one("aws:sqs/queue:Queue", "-queue-jobs");
      expect(policy.Statement[0].Resource).toBe(`arn:aws:sqs:${region}:123456789012:${jobs.name}-abc1234`);
      expect(policy.Statement[0].Action).not.toContain("sqs:SendMessage");
    });
  });

  describe("budgets and alerts", () => {
    let topic: Captured;
    beforeAll(() => {
      topic = one("aws:sns/topic:Topic");
    });
    it("has a KMS-encrypted topic with the e-mail and webhook subscribers from budget.notify", () => {
      expect(topic.inputs.kmsMasterKeyId).toBe(one("aws:kms/key:Key").id);
      const subs = ofType("aws:sns/topicSubscription:TopicSubscription");
      expect(subs.map((s) => [s.inputs.protocol, s.inputs.endpoint]).sort()).toEqual(
        [["email", "ai-platform@example.com"], ["https", "https://hooks.example.com/ai-budget"]].sort(),
      );
      for (const s of subs) expect(s.inputs.topic).toBe(arnOf(topic));
      const keyPolicy = JSON.parse(one("aws:kms/keyPolicy:KeyPolicy").inputs.policy);
      expect(JSON.stringify(keyPolicy)).toContain("budgets.amazonaws.com");
    });
    it("budgets the stack monthly by its stack tag, alerting at every actual and forecast threshold", () => {
      const budget = one("aws:budgets/budget:Budget", "-global-monthly").inputs;
      expect(budget).toMatchObject({ budgetType: "COST", timeUnit: "MONTHLY", limitAmount: "3000.00", limitUnit: "USD" });
      expect(budget.costFilters).toEqual([{ name: "TagKeyValue", values: [`user:stack$${stack}`] }]);
      const got = (budget.notifications as any[]).map((n) => [n.notificationType, n.threshold]);
      expect(got).toEqual([...spec.budget.actualThresholds.map((t) => ["ACTUAL", t]), ...spec.budget.forecastThresholds.map((t) => ["FORECASTED", t])]);
      for (const n of budget.notifications) expect(n.subscriberSnsTopicArns).toEqual([arnOf(topic)]);
    });
    it("has one budget per feature, filtered by the feature tag", () => {
      for (const [feature, usd] of Object.entries(spec.budget.features)) {
        const b = one("aws:budgets/budget:Budget", `-feature-${feature}`).inputs;
        expect(b.limitAmount).toBe(usd.toFixed(2));
        expect(b.costFilters).toEqual([{ name: "TagKeyValue", values: [`user:feature$${feature}`] }]);
      }
      expect(ofType("aws:budgets/budget:Budget")).toHaveLength(1 + Object.keys(spec.budget.features).length);
    });
    it("alarms to the topic when the estimated daily AI spend exceeds monthly / 30", () => {
      const alarm = one("aws:cloudwatch/metricAlarm:MetricAlarm", "-daily-spend").inputs;
      expect(alarm.threshold).toBe(100);
      expect(alarm.alarmActions).toEqual([arnOf(topic)]);
      const api = one("aws:apigateway/restApi:RestApi");
      const requests = (alarm.metricQueries as any[]).find((q) => q.id === "requests");
      expect(requests.metric).toMatchObject({ namespace: "AWS/ApiGateway", metricName: "Count", dimensions: { ApiName: api.inputs.name, Stage: "v1" }, period: 86400 });
    });
  });

  it("adds growth widgets to the region's dashboard", () => {
    const body = one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody as string;
    for (const m of ["CacheHitRate", "ApproximateNumberOfMessagesVisible", "5xx rate", "Estimated AI spend", "daily cost per feature"]) {
      expect(body).toContain(m);
    }
    const rg = one("aws:elasticache/replicationGroup:ReplicationGroup").inputs.replicationGroupId;
    expect(body).toContain(`${rg}-001`);
  });
});
