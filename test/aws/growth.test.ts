import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Captured, captured, fakeAccount, installMocks, invokes, isSecretWrapped, ofType, one, placeholderKey, planStackFile, providerRegions, resolve, strings } from "./harness";

const stack = "growth-aws-eu-west-1";
const region = "eu-west-1";
installMocks({ stack, region });

type Spec = import("../../components/config/model").AwsGrowth;
let spec: Spec;
let queueNameOutput: string | undefined;
let platform: import("../../components/platform/platform").AiPlatform;

beforeAll(async () => {
  const planned = await planStackFile(stack);
  if (planned.stack.cloud !== "aws" || planned.stack.stage !== "growth") throw new Error(`${stack} is an AWS growth stack`);
  spec = planned.stack;
  platform = planned.platform;
  queueNameOutput = await resolve(planned.platform.regions[0]!.queueName!);
});

/** The ARN the planner's fake gave a resource, checked to be in the stack's region and the fake account. */
const arnOf = (c: Captured) => {
  const arn = String(c.outputs.arn);
  expect(arn.startsWith(`arn:aws:${c.type.split(":")[1]!.split("/")[0]}:${region}:${fakeAccount}:`)).toBe(true);
  return arn;
};
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

  describe("network from growth: a NAT gateway per zone", () => {
    it("puts a NAT gateway in each zone's public subnet and routes each zone's private subnet through its own", () => {
      const byName = (type: string, suffix: string) => ofType(type).find((c) => c.name.endsWith(suffix))!;
      const nats = ofType("aws:ec2/natGateway:NatGateway");
      expect(nats.map((n) => n.name.replace(/.*-network-/, "")).sort()).toEqual(["nat", "nat-1"]);
      expect(ofType("aws:ec2/eip:Eip").map((n) => n.name.replace(/.*-network-/, "")).sort()).toEqual(["nat-ip", "nat-ip-1"]);
      const [natA, natB] = [byName("aws:ec2/natGateway:NatGateway", "-network-nat"), byName("aws:ec2/natGateway:NatGateway", "-network-nat-1")];
      expect(natA.inputs.subnetId).toBe(byName("aws:ec2/subnet:Subnet", "-network-public-0").id);
      expect(natB.inputs.subnetId).toBe(byName("aws:ec2/subnet:Subnet", "-network-public-1").id);
      const rtA = byName("aws:ec2/routeTable:RouteTable", "-network-private-rt");
      const rtB = byName("aws:ec2/routeTable:RouteTable", "-network-private-rt-1");
      expect(rtA.inputs.routes).toEqual([expect.objectContaining({ cidrBlock: "0.0.0.0/0", natGatewayId: natA.id })]);
      expect(rtB.inputs.routes).toEqual([expect.objectContaining({ cidrBlock: "0.0.0.0/0", natGatewayId: natB.id })]);
      expect([0, 1].map((i) => byName("aws:ec2/routeTableAssociation:RouteTableAssociation", `-network-private-${i}-rta`).inputs.routeTableId)).toEqual([rtA.id, rtB.id]);
      // S3 stays on the free gateway endpoint from every route table.
      const publicRt = byName("aws:ec2/routeTable:RouteTable", "-network-public-rt");
      expect(byName("aws:ec2/vpcEndpoint:VpcEndpoint", "-network-s3-endpoint").inputs.routeTableIds).toEqual([publicRt.id, rtA.id, rtB.id]);
    });
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
      expect(rg.inputs.authToken.value).toBe(token.outputs.result);
      // Only the cache, the keys database and their Secrets Manager copies hold the cache's token
      // and the database's password, all as Pulumi secrets.
      const passwords = [token.outputs.result, one("random:index/randomPassword:RandomPassword", "-database-password").outputs.result];
      const holds = (c: Captured, plainOnly: boolean) => strings(c.inputs, plainOnly).some((x) => passwords.includes(x));
      expect(captured.filter((c) => holds(c, true)).map((c) => c.name)).toEqual([]);
      expect(captured.filter((c) => holds(c, false)).map((c) => c.type).sort()).toEqual([
        "aws:elasticache/replicationGroup:ReplicationGroup",
        "aws:rds/cluster:Cluster",
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
      expect(rg.inputs.subnetGroupName).toBe(subnetGroup.outputs.name);
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

  describe("keys database", () => {
    it("is one Aurora Serverless v2 writer at the default capacity, no final snapshot without deletion protection", () => {
      const cluster = one("aws:rds/cluster:Cluster").inputs;
      expect(cluster).toMatchObject({
        engine: "aurora-postgresql",
        engineMode: "provisioned",
        storageEncrypted: true,
        masterUsername: "litellm",
        backupRetentionPeriod: 7,
        deletionProtection: false,
        skipFinalSnapshot: true,
        serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 4 },
      });
      // The kit's password (RDS's managed one cannot join a global database), never RDS-managed.
      expect(cluster.manageMasterUserPassword).toBeUndefined();
      const password = one("random:index/randomPassword:RandomPassword", "-database-password");
      expect(isSecretWrapped(cluster.masterPassword)).toBe(true);
      expect(cluster.masterPassword.value).toBe(password.outputs.result);
      expect(cluster.finalSnapshotIdentifier).toBeUndefined();
      const instances = ofType("aws:rds/clusterInstance:ClusterInstance");
      expect(instances.map((i) => [i.name, i.inputs.instanceClass, i.inputs.availabilityZone, i.inputs.publiclyAccessible])).toEqual([
        ["ai-infra-eu-west-1-database-writer", "db.serverless", "eu-west-1a", false],
      ]);
    });
    it("sits in the private subnets and admits only the gateway's tasks on 5432", () => {
      const subnets = one("aws:rds/subnetGroup:SubnetGroup").inputs.subnetIds as string[];
      const privateIds = ofType("aws:ec2/subnet:Subnet").filter((x) => x.inputs.tags?.tier === "private").map((x) => x.id);
      expect([...subnets].sort()).toEqual([...privateIds].sort());
      const sg = one("aws:ec2/securityGroup:SecurityGroup", "-database-sg").inputs;
      const gatewaySg = one("aws:ec2/securityGroup:SecurityGroup", "-network-gateway-sg");
      expect(sg.ingress).toEqual([expect.objectContaining({ protocol: "tcp", fromPort: 5432, toPort: 5432, securityGroups: [gatewaySg.id] })]);
      expect(sg.ingress[0].cidrBlocks).toBeUndefined();
      expect(sg.egress).toEqual([]);
      expect(one("aws:rds/cluster:Cluster").inputs.vpcSecurityGroupIds).toEqual([one("aws:ec2/securityGroup:SecurityGroup", "-database-sg").id]);
    });
    it("requires TLS on the cluster: a parameter group of the engine's family with rds.force_ssl=1", () => {
      const group = one("aws:rds/clusterParameterGroup:ClusterParameterGroup");
      expect(group.inputs.family).toBe("aurora-postgresql16");
      expect(group.inputs.parameters).toEqual([{ name: "rds.force_ssl", value: "1", applyMethod: "immediate" }]);
      expect(one("aws:rds/cluster:Cluster").inputs.dbClusterParameterGroupName).toBe(group.outputs.name);
    });
    it("reaches the gateway as plain DATABASE_HOST/PORT/NAME/USERNAME and the password from the kit's secret's JSON key", () => {
      const c = containerOf("-gateway-task");
      const env = envOf(c);
      const cluster = one("aws:rds/cluster:Cluster");
      expect(env).toMatchObject({
        DATABASE_HOST: cluster.outputs.endpoint,
        DATABASE_PORT: "5432",
        DATABASE_NAME: "litellm",
        DATABASE_USERNAME: "litellm",
        // LiteLLM asks for TLS in the URL it assembles; the cluster refuses plaintext.
        DATABASE_SSLMODE: "require",
      });
      expect(env.DATABASE_PASSWORD).toBeUndefined();
      expect(env.DATABASE_URL).toBeUndefined();
      const secretArn = (c.secrets as { name: string; valueFrom: string }[]).find((x) => x.name === "DATABASE_PASSWORD")!.valueFrom.replace(/:password::$/, "");
      expect(secretArn).toBe(arnOf(one("aws:secretsmanager/secret:Secret", "-database-password-secret")));
      expect(c.secrets).toContainEqual({ name: "DATABASE_PASSWORD", valueFrom: `${secretArn}:password::` });
      // The execution role reads exactly that secret (by its ARN, not the JSON-key reference).
      const exec = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "-gateway-execution-secrets").inputs.policy);
      expect(exec.Statement[0].Resource).toContain(secretArn);
      expect(exec.Statement[0].Resource.filter((r: string) => r.startsWith(secretArn))).toHaveLength(1);
      expect(exec.Statement[0].Resource.filter((r: string) => r.endsWith("::"))).toEqual([]);
    });
  });

  describe("front door from growth", () => {
    const methodsByPath = () => {
      const resources = ofType("aws:apigateway/resource:Resource");
      const pathOf = (id: string): string => {
        const r = resources.find((x) => x.id === id);
        return r ? `${pathOf(r.inputs.parentId)}/${r.inputs.pathPart}` : "";
      };
      return ofType("aws:apigateway/method:Method").map((m) => ({ key: `${m.inputs.httpMethod} ${pathOf(m.inputs.resourceId)}`, m }));
    };
    it("lets callers in with their own bearer token (required by a validator), no API Gateway key, no master key injected", () => {
      const callers = methodsByPath().filter(({ key }) => ["POST /chat/completions", "POST /completions", "POST /embeddings", "GET /models"].includes(key));
      expect(callers).toHaveLength(4);
      const validator = one("aws:apigateway/requestValidator:RequestValidator");
      expect(validator.inputs).toMatchObject({ validateRequestParameters: true, validateRequestBody: false });
      for (const { m } of callers) {
        expect(m.inputs).toMatchObject({ authorization: "NONE", apiKeyRequired: false, requestParameters: { "method.request.header.Authorization": true }, requestValidatorId: validator.id });
      }
      const integrations = ofType("aws:apigateway/integration:Integration").filter((i) => /\/v1\//.test(i.inputs.uri));
      expect(integrations).toHaveLength(4);
      for (const i of integrations) {
        expect(isSecretWrapped(i.inputs.requestParameters)).toBe(false);
        expect(i.inputs.requestParameters).toEqual({});
        expect(i.inputs.responseTransferMode).toBe("STREAM");
      }
    });
    it("forwards exactly the admin routes under /admin, IAM-signed, the master key taken from x-litellm-api-key", async () => {
      const { adminRoutes } = await import("../../components/gateway/routes");
      const admin = methodsByPath().filter(({ key }) => key.includes(" /admin/"));
      expect(admin.map(({ key }) => key).sort()).toEqual(adminRoutes.map((r) => `${r.method} /admin${r.path}`).sort());
      for (const { m } of admin) {
        expect(m.inputs).toMatchObject({ authorization: "AWS_IAM", apiKeyRequired: false, requestParameters: { "method.request.header.x-litellm-api-key": true } });
      }
      // No catch-all anywhere: `{proxy+}` would forward every LiteLLM route.
      expect(ofType("aws:apigateway/resource:Resource").filter((r) => String(r.inputs.pathPart).startsWith("{"))).toEqual([]);
      const integ = ofType("aws:apigateway/integration:Integration").filter((i) => /\/(key|team|tag)\//.test(i.inputs.uri));
      expect(integ).toHaveLength(adminRoutes.length);
      for (const i of integ) {
        expect(i.inputs.uri).not.toContain("/admin/");
        expect(i.inputs.requestParameters).toEqual({
          "integration.request.header.x-litellm-api-key": "method.request.header.x-litellm-api-key",
          "integration.request.header.Authorization": "method.request.header.x-litellm-api-key",
        });
      }
    });
    it("keeps the key-less health route and retires the prototype's API keys (kept, disabled)", () => {
      const health = methodsByPath().find(({ key }) => key === "GET /health")!.m;
      expect(health.inputs).toMatchObject({ authorization: "NONE", apiKeyRequired: false, operationName: "health" });
      const keys = ofType("aws:apigateway/apiKey:ApiKey");
      expect(keys.map((k) => k.name.split("-key-").pop()).sort()).toEqual([...spec.api.keys].sort());
      for (const k of keys) expect(k.inputs.enabled).toBe(false);
    });
    it("reports the admin URL, master-key secret and database for the keys command; no WAF unless api.waf", async () => {
      const r = platform.regions[0]!;
      const details = await resolve(r.details);
      const apiUrl = await resolve(r.apiUrl);
      expect(details!.adminUrl).toBe(`${apiUrl}/admin`);
      expect(details!.masterKeySecret).toBe(arnOf(one("aws:secretsmanager/secret:Secret", "-gateway-key-secret")));
      expect(details!.databaseHost).toBe(one("aws:rds/cluster:Cluster").outputs.endpoint);
      expect(details!.databaseSecret).toBe(arnOf(one("aws:secretsmanager/secret:Secret", "-database-password-secret")));
      expect(spec.api.waf).toBeUndefined();
      expect(ofType("aws:wafv2/webAcl:WebAcl")).toEqual([]);
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
      expect(redrive).toEqual({ deadLetterTargetArn: `arn:aws:sqs:${region}:${fakeAccount}:${dlq.outputs.name}`, maxReceiveCount: spec.queue!.maxReceiveCount });
      expect(spec.queue!.maxReceiveCount).toBe(5);
      const allow = JSON.parse(one("aws:sqs/redriveAllowPolicy:RedriveAllowPolicy").inputs.redriveAllowPolicy);
      expect(allow).toEqual({ redrivePermission: "byQueue", sourceQueueArns: [`arn:aws:sqs:${region}:${fakeAccount}:${jobs.outputs.name}`] });
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
      expect(queueNameOutput).toBe(jobs.outputs.name);
    });
  });

  describe("async worker", () => {
    it("runs an immutable, scanned ECR image tag of the worker package's version", async () => {
      const repo = one("aws:ecr/repository:Repository");
      expect(repo.inputs.imageTagMutability).toBe("IMMUTABLE");
      expect(repo.inputs.imageScanningConfiguration.scanOnPush).toBe(true);
      const { workerImageTag } = await import("../../components/aws/worker");
      expect(containerOf("-worker-task").image).toMatch(new RegExp(`^${repo.outputs.repositoryUrl}:${workerImageTag.replace(/\./g, "\\.")}$`));
      const workerPkg = path.join(__dirname, "..", "..", "worker", "package.json");
      if (fs.existsSync(workerPkg)) expect(JSON.parse(fs.readFileSync(workerPkg, "utf8")).version).toBe(workerImageTag);
    });
    it("gets the worker's env contract: queue, results bucket, gateway URL, cloud, concurrency, visibility", () => {
      const env = envOf(containerOf("-worker-task"));
      const jobs = one("aws:sqs/queue:Queue", "-queue-jobs");
      const results = one("aws:s3/bucket:Bucket", "-queue-results-bucket");
      const nlb = one("aws:lb/loadBalancer:LoadBalancer");
      expect(env.QUEUE_URL).toBe(`https://sqs.${region}.amazonaws.com/${fakeAccount}/${jobs.outputs.name}`);
      expect(env.RESULTS_BUCKET).toBe(results.outputs.bucket);
      expect(env.GATEWAY_URL).toBe(`http://${nlb.outputs.dnsName}`);
      expect(env.WORKER_CLOUD).toBe("aws");
      expect(env.AWS_REGION).toBe(region);
      expect(Number(env.CONCURRENCY)).toBeGreaterThanOrEqual(1);
      expect(env.VISIBILITY_TIMEOUT_SECONDS).toBe(String(spec.queue!.visibilityTimeoutSeconds));
    });
    it("gets the gateway's key only by reference to its secret", () => {
      const keySecret = one("aws:secretsmanager/secret:Secret", "-gateway-key-secret");
      const arn = arnOf(keySecret);
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
      expect(backlog).toMatchObject({ namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: jobs.outputs.name } });
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
      expect(policy.Statement[0].Resource).toBe(`arn:aws:sqs:${region}:${fakeAccount}:${jobs.outputs.name}`);
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
    it("keeps one cloud budget (infrastructure spend) and none per feature: no resource carries a feature tag", () => {
      // The example declares feature budgets; they are LiteLLM's to enforce (request tags), not AWS Budgets'.
      expect(Object.keys(spec.budget.features)).toEqual(["support-assistant", "search-summaries"]);
      expect(ofType("aws:budgets/budget:Budget").map((b) => b.name)).toEqual(["ai-infra-global-monthly"]);
      const filters = ofType("aws:budgets/budget:Budget").flatMap((b) => b.inputs.costFilters as { values: string[] }[]);
      expect(filters.flatMap((f) => f.values).filter((v) => v.startsWith("user:feature$"))).toEqual([]);
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
