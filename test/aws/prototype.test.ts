import { beforeAll, describe, expect, it } from "vitest";
import { type Captured, captured, collector, fakeAccount, installMocks, invokes, isSecretWrapped, passwordOf, ofType, one, placeholderKey, planStackFile, providerRegions, resolve, strings } from "./harness";

const stack = "prototype-aws-us-east-1";
const region = "us-east-1";
installMocks({ stack, region });

type Spec = import("../../components/config/model").AwsPrototype;
let spec: Spec;
let outputs: { apiUrl: string; requestLogBucket: string; dashboardUrl: string; apiHost: string };

beforeAll(async () => {
  const c = collector();
  // The usage plan's daily quota exists at prototype only; the example leaves it out so that it
  // promotes unchanged, so the test sets it as a stack would.
  const planned = await planStackFile(stack, { override: { api: { perKey: { quotaPerDay: 2000 } } }, resourceOptions: { transformations: [c.transformation] } });
  if (planned.stack.cloud !== "aws" || planned.stack.stage !== "prototype") throw new Error(`${stack} is an AWS prototype stack`);
  spec = planned.stack;
  const r = planned.platform.regions[0]!;
  outputs = {
    apiUrl: await resolve(r.apiUrl),
    apiHost: await resolve(r.apiHost),
    requestLogBucket: await resolve(r.requestLogBucket),
    dashboardUrl: await resolve(r.dashboardUrl),
  };
});

const custom = () => captured.filter((c) => c.custom && !c.type.startsWith("pulumi:providers:"));
const byBucket = (type: string, bucketId: string) => ofType(type).filter((c) => c.inputs.bucket === bucketId);

describe("prototype on AWS (us-east-1) under mocks", () => {
  it("registers the prototype and nothing from later stages, without invokes", () => {
    expect(invokes).toEqual([]);
    expect(ofType("aws:elasticache/replicationGroup:ReplicationGroup")).toHaveLength(0);
    expect(ofType("aws:sqs/queue:Queue")).toHaveLength(0);
    expect(ofType("aws:budgets/budget:Budget")).toHaveLength(0);
    // One NAT instance instead of the NAT gateway (the tasks have no public IP), no ALB.
    expect(ofType("aws:ec2/natGateway:NatGateway")).toHaveLength(0);
    expect(ofType("aws:ec2/instance:Instance")).toHaveLength(1);
    for (const lb of ofType("aws:lb/loadBalancer:LoadBalancer")) expect(lb.inputs.loadBalancerType).toBe("network");
  });

  it("puts every resource in the region's own provider, with the stack's tags", () => {
    const providers = ofType("pulumi:providers:aws");
    expect(providers).toHaveLength(1);
    expect(providers[0]!.inputs.region).toBe(region);
    const tags = providers[0]!.inputs.defaultTags;
    const parsedTags = typeof tags === "string" ? JSON.parse(tags) : tags;
    expect(parsedTags.tags).toMatchObject({ stack, stage: "prototype", owner: "platform-team", "cost-center": "cc-1001" });
    const awsResources = custom().filter((c) => c.type.startsWith("aws:"));
    expect(awsResources.length).toBeGreaterThan(40);
    const wrong = awsResources.filter((c) => !c.provider || providerRegions.get(c.provider.split("::").pop()!) !== region);
    expect(wrong.map((c) => c.name)).toEqual([]);
  });

  describe("request log store", () => {
    let bucket: Captured;
    beforeAll(() => {
      bucket = one("aws:s3/bucket:Bucket", "-request-log-bucket");
    });
    it("is not force-destroyed and is the region's requestLogBucket output", () => {
      expect(bucket.inputs.forceDestroy).toBe(false);
      expect(outputs.requestLogBucket).toBe(bucket.outputs.bucket);
    });
    it("is encrypted with SSE-KMS and a bucket key", () => {
      const [sse] = byBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", bucket.id);
      expect(sse!.inputs.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }]);
    });
    it("is versioned, owner-enforced and blocks all public access", () => {
      expect(byBucket("aws:s3/bucketVersioning:BucketVersioning", bucket.id)[0]!.inputs.versioningConfiguration.status).toBe("Enabled");
      expect(byBucket("aws:s3/bucketOwnershipControls:BucketOwnershipControls", bucket.id)[0]!.inputs.rule.objectOwnership).toBe("BucketOwnerEnforced");
      const pab = byBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", bucket.id)[0]!.inputs;
      expect([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets]).toEqual([true, true, true, true]);
    });
    it("refuses plain-HTTP access", () => {
      const policy = JSON.parse(byBucket("aws:s3/bucketPolicy:BucketPolicy", bucket.id)[0]!.inputs.policy);
      expect(policy.Statement).toContainEqual(
        expect.objectContaining({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      );
    });
    it("expires request logs (and their old versions) after logging.retentionDays", () => {
      const rules = byBucket("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucket.id)[0]!.inputs.rules as any[];
      const logs = rules.find((r) => r.filter.prefix === "requests/");
      expect(spec.logging.retentionDays).toBe(30);
      expect(logs.expiration.days).toBe(spec.logging.retentionDays);
      expect(logs.noncurrentVersionExpiration.noncurrentDays).toBe(1);
      // The gateway config lives in the same bucket and must never expire.
      expect(rules.find((r) => r.filter.prefix === "config/").expiration).toBeUndefined();
    });
  });

  describe("provider keys", () => {
    it("go into one Secrets Manager secret per provider, as a Pulumi secret", async () => {
      const secrets = ofType("aws:secretsmanager/secret:Secret").filter((s) => s.name.includes("-secrets-"));
      expect(secrets.map((s) => s.name)).toEqual([`ai-infra-${region}-secrets-key-openai`]);
      expect(secrets[0]!.inputs.recoveryWindowInDays).toBeGreaterThanOrEqual(7);
      const version = one("aws:secretsmanager/secretVersion:SecretVersion", "-secrets-key-openai-value");
      expect(version.inputs.secretId).toBe(secrets[0]!.id);
      expect(isSecretWrapped(version.inputs.secretString)).toBe(true);
    });
    it("never appear in plain text in any other resource input", () => {
      const key = placeholderKey("openai");
      const leaks = captured.filter((c) => strings(c.inputs, true).some((s) => s.includes(key)));
      expect(leaks.map((c) => `${c.type} ${c.name}`)).toEqual([]);
      // The scan can see the key: counting secret values too, it finds it exactly where it belongs.
      const anywhere = captured.filter((c) => strings(c.inputs).some((s) => s.includes(key)));
      expect(anywhere.map((c) => c.type)).toEqual(["aws:secretsmanager/secretVersion:SecretVersion"]);
    });
  });

  describe("managed API gateway", () => {
    it("exposes only the inference routes, each requiring an API key, and the key-less health route, proxied over the VPC link to the NLB", () => {
      const paths = new Map<string, string>();
      const api = one("aws:apigateway/restApi:RestApi");
      const resources = ofType("aws:apigateway/resource:Resource");
      const pathOf = (id: string): string => {
        const r = resources.find((x) => x.id === id);
        return r ? `${pathOf(r.inputs.parentId)}/${r.inputs.pathPart}` : "";
      };
      for (const r of resources) paths.set(r.id!, pathOf(r.id!));
      const methods = ofType("aws:apigateway/method:Method");
      expect(methods.map((m) => `${m.inputs.httpMethod} ${paths.get(m.inputs.resourceId)}`).sort()).toEqual([
        "GET /health",
        "GET /models",
        "POST /chat/completions",
        "POST /completions",
        "POST /embeddings",
      ]);
      const inference = methods.filter((m) => paths.get(m.inputs.resourceId) !== "/health");
      for (const m of inference) expect(m.inputs).toMatchObject({ apiKeyRequired: true, authorization: "NONE", restApi: api.id });
      // No admin path and no validator at prototype: nothing but the master-key injection changed hands.
      expect(ofType("aws:apigateway/requestValidator:RequestValidator")).toEqual([]);
      const health = methods.find((m) => paths.get(m.inputs.resourceId) === "/health")!;
      expect(health.inputs).toMatchObject({ apiKeyRequired: false, authorization: "NONE", operationName: "health" });
      expect(resources.some((r) => String(r.inputs.pathPart).startsWith("{"))).toBe(false);
      const link = one("aws:apigateway/vpcLink:VpcLink");
      const nlb = one("aws:lb/loadBalancer:LoadBalancer");
      const integrations = ofType("aws:apigateway/integration:Integration");
      expect(integrations).toHaveLength(5);
      for (const integration of integrations) {
        expect(integration.inputs).toMatchObject({ type: "HTTP_PROXY", connectionType: "VPC_LINK", connectionId: link.id, responseTransferMode: "STREAM" });
        const path = paths.get(integration.inputs.resourceId)!;
        // LiteLLM's liveness route needs no key and calls no model.
        const upstream = path === "/health" ? "/health/liveliness" : `/v1${path}`;
        expect(integration.inputs.uri).toMatch(/^http:\/\/[^/]+\.elb\.us-east-1\.amazonaws\.com\//);
        expect(integration.inputs.uri.endsWith(upstream)).toBe(true);
      }
      expect(link.inputs.targetArn).toBe(nlb.outputs.arn);
      expect(nlb.inputs.internal).toBe(true);
    });
    it("has no keys database, no admin path and no WAF: callers hold API Gateway keys", () => {
      expect(ofType("aws:rds/cluster:Cluster")).toEqual([]);
      expect(ofType("aws:wafv2/webAcl:WebAcl")).toEqual([]);
      expect(ofType("aws:apigateway/method:Method").filter((m) => m.inputs.authorization !== "NONE")).toEqual([]);
      for (const k of ofType("aws:apigateway/apiKey:ApiKey")) expect(k.inputs.enabled).toBe(true);
    });
    it("creates one API key per spec.api.keys entry, each in the usage plan", () => {
      const keys = ofType("aws:apigateway/apiKey:ApiKey");
      expect(keys.map((k) => k.name.split("-key-").pop()).sort()).toEqual([...spec.api.keys].sort());
      for (const k of keys) expect(k.inputs.value).toBeUndefined();
      const plan = one("aws:apigateway/usagePlan:UsagePlan");
      const planKeys = ofType("aws:apigateway/usagePlanKey:UsagePlanKey");
      expect(planKeys.map((p) => p.inputs.keyId).sort()).toEqual(keys.map((k) => k.id).sort());
      for (const p of planKeys) expect(p.inputs.usagePlanId).toBe(plan.id);
    });
    it("throttles and quotas each key as spec.api.perKey", () => {
      const plan = one("aws:apigateway/usagePlan:UsagePlan").inputs;
      expect(plan.throttleSettings).toEqual({ rateLimit: spec.api.perKey.ratePerSecond, burstLimit: spec.api.perKey.burst });
      expect(plan.quotaSettings).toEqual({ limit: spec.api.perKey.quotaPerDay, period: "DAY" });
    });
    it("throttles the whole stage as spec.api.global and logs access as JSON", () => {
      const ms = one("aws:apigateway/methodSettings:MethodSettings").inputs;
      expect(ms.methodPath).toBe("*/*");
      expect(ms.settings).toMatchObject({ throttlingRateLimit: spec.api.global.ratePerSecond, throttlingBurstLimit: spec.api.global.burst });
      const stage = one("aws:apigateway/stage:Stage").inputs;
      const accessLogs = one("aws:cloudwatch/logGroup:LogGroup", "-api-access-logs");
      expect(stage.accessLogSettings.destinationArn).toContain(accessLogs.name);
      expect(JSON.parse(stage.accessLogSettings.format)).toHaveProperty("apiKeyId", "$context.identity.apiKeyId");
    });
    it("leaves the account-wide API Gateway setting alone unless the stack owns it (manageApiGatewayAccount)", () => {
      expect(spec.manageApiGatewayAccount).toBe(false);
      expect(ofType("aws:apigateway/account:Account")).toHaveLength(0);
      expect(ofType("aws:iam/role:Role").filter((r) => r.name.endsWith("-cloudwatch-role"))).toHaveLength(0);
    });
    it("exposes the stage URL", () => {
      expect(outputs.apiUrl).toMatch(/^https:\/\/.+\.execute-api\.us-east-1\.amazonaws\.com\/v1$/);
      expect(outputs.apiUrl).toContain(outputs.apiHost);
    });
  });

  describe("LLM gateway", () => {
    let container: any;
    beforeAll(() => {
      const td = one("aws:ecs/taskDefinition:TaskDefinition");
      container = JSON.parse(td.inputs.containerDefinitions)[0];
    });
    const env = () => Object.fromEntries((container.environment as { name: string; value: string }[]).map((e) => [e.name, e.value]));

    it("runs the pinned LiteLLM image on port 4000", async () => {
      const { litellmImageRef } = await import("../../components/gateway/versions");
      expect(container.image).toBe(litellmImageRef());
      expect(container.image).not.toMatch(/:latest$|1\.107\.0/);
      expect(container.portMappings).toEqual([{ containerPort: 4000, protocol: "tcp" }]);
    });
    it("writes request logs to the log bucket and reads its config object from it", () => {
      const bucket = one("aws:s3/bucket:Bucket", "-request-log-bucket");
      const obj = one("aws:s3/bucketObjectv2:BucketObjectv2");
      expect(obj.inputs.bucket).toBe(bucket.outputs.bucket);
      expect(env().AI_INFRA_LOG_BUCKET).toBe(bucket.outputs.bucket);
      expect(env().AI_INFRA_LOG_REGION).toBe(region);
      expect(env().LITELLM_CONFIG_BUCKET_NAME).toBe(obj.inputs.bucket);
      expect(env().LITELLM_CONFIG_BUCKET_OBJECT_KEY).toBe(obj.inputs.key);
      expect(obj.inputs.content).toContain("os.environ/AI_INFRA_LOG_BUCKET");
    });
    it("gets the provider key from the secret's ARN, not its value", () => {
      const secret = one("aws:secretsmanager/secret:Secret", "-key-openai");
      const keySecret = one("aws:secretsmanager/secret:Secret", "-gateway-key-secret");
      const arn = (s: Captured) => `arn:aws:secretsmanager:${region}:${fakeAccount}:secret:${s.outputs.name}-${String(s.outputs.arn).split("-").pop()}`;
      expect(container.secrets).toEqual([
        { name: "AI_INFRA_GATEWAY_MASTER_KEY", valueFrom: arn(keySecret) },
        { name: "AI_INFRA_KEY_OPENAI", valueFrom: arn(secret) },
      ]);
      const execPolicy = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "gateway-execution-secrets").inputs.policy);
      expect(execPolicy.Statement).toEqual([
        expect.objectContaining({ Action: "secretsmanager:GetSecretValue", Resource: expect.arrayContaining([arn(secret), arn(keySecret)]) }),
      ]);
    });
    it("sends the gateway's own key from API Gateway, the exact value the gateway holds as its master key, kept a Pulumi secret", () => {
      const integration = ofType("aws:apigateway/integration:Integration").find((i) => i.inputs.uri.endsWith("/v1/chat/completions"))!;
      expect(isSecretWrapped(integration.inputs.requestParameters)).toBe(true);
      const mockGatewayKey = passwordOf("-gateway-key-value");
      expect(integration.inputs.requestParameters.value["integration.request.header.Authorization"]).toBe(`'Bearer sk-${mockGatewayKey}'`);
      // The secret the container gets as AI_INFRA_GATEWAY_MASTER_KEY: LiteLLM compares it byte for
      // byte with the bearer token, so it must be the same `sk-` string, not the bare random value.
      const version = one("aws:secretsmanager/secretVersion:SecretVersion", "-gateway-key-secret-value");
      expect(isSecretWrapped(version.inputs.secretString)).toBe(true);
      expect(version.inputs.secretString.value).toBe(`sk-${mockGatewayKey}`);
      // Nowhere else in plain text: only the secret's version and the integration hold it.
      expect(captured.filter((c) => strings(c.inputs, true).some((x) => x.includes(mockGatewayKey))).map((c) => c.name)).toEqual([]);
      expect([...new Set(captured.filter((c) => strings(c.inputs).some((x) => x.includes(mockGatewayKey))).map((c) => c.type))].sort()).toEqual([
        "aws:apigateway/integration:Integration",
        "aws:secretsmanager/secretVersion:SecretVersion",
      ]);
      // Every inference route carries it; the key-less health route does not.
      const withKey = ofType("aws:apigateway/integration:Integration").filter((i) => !i.inputs.uri.endsWith("/health/liveliness"));
      expect(withKey).toHaveLength(4);
      for (const i of withKey) {
        expect(i.inputs.requestParameters.value["integration.request.header.Authorization"]).toBe(`'Bearer sk-${mockGatewayKey}'`);
      }
      const health = ofType("aws:apigateway/integration:Integration").find((i) => i.inputs.uri.endsWith("/health/liveliness"))!;
      expect(health.inputs.requestParameters).toEqual({});
    });
    it("lets the task write only under requests/ and read only its config object", () => {
      const bucket = one("aws:s3/bucket:Bucket", "-request-log-bucket");
      const policy = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "-task-policy").inputs.policy);
      const arn = `arn:aws:s3:::${bucket.outputs.bucket}`;
      expect(policy.Statement).toEqual([
        expect.objectContaining({ Action: "s3:PutObject", Resource: `${arn}/requests/*` }),
        expect.objectContaining({ Action: "s3:GetObject", Resource: `${arn}/config/litellm.yaml` }),
      ]);
    });
    it("runs as a Fargate service sized and scaled from spec.gateway, in private subnets without a public IP", () => {
      const svc = one("aws:ecs/service:Service");
      expect(svc.inputs.launchType).toBe("FARGATE");
      expect(svc.inputs.desiredCount).toBe(spec.gateway.minReplicas);
      expect(svc.inputs.networkConfiguration.assignPublicIp).toBe(false);
      const privateSubnets = ofType("aws:ec2/subnet:Subnet").filter((s) => s.name.includes("-private-"));
      expect([...svc.inputs.networkConfiguration.subnets].sort()).toEqual(privateSubnets.map((s) => s.id).sort());
      const td = one("aws:ecs/taskDefinition:TaskDefinition").inputs;
      expect(td).toMatchObject({ cpu: "512", memory: "1024", networkMode: "awsvpc" });
      // One LiteLLM worker process per vCPU.
      expect(container.command).toEqual(["--port", "4000", "--num_workers", "1"]);
      const target = one("aws:appautoscaling/target:Target").inputs;
      expect([target.minCapacity, target.maxCapacity]).toEqual([spec.gateway.minReplicas, spec.gateway.maxReplicas]);
      const policy = one("aws:appautoscaling/policy:Policy").inputs;
      expect(policy.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType).toBe("ECSServiceAverageCPUUtilization");
    });
    it("is health-checked on /health/liveliness and reachable only through the NLB", () => {
      const tg = one("aws:lb/targetGroup:TargetGroup").inputs;
      expect(tg.healthCheck.path).toBe("/health/liveliness");
      expect(tg.targetType).toBe("ip");
      const nlbSg = one("aws:ec2/securityGroup:SecurityGroup", "-nlb-sg");
      const sg = one("aws:ec2/securityGroup:SecurityGroup", "-gateway-sg").inputs;
      expect(sg.ingress).toEqual([expect.objectContaining({ fromPort: 4000, toPort: 4000, securityGroups: [nlbSg.id] })]);
      expect(sg.ingress[0].cidrBlocks).toBeUndefined();
      const nlb = one("aws:lb/loadBalancer:LoadBalancer").inputs;
      expect(nlb.securityGroups).toEqual([nlbSg.id]);
      // The VPC link arrives over PrivateLink, which the NLB's inbound rules must not filter.
      expect(nlb.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic).toBe("off");
    });
    it("names the NLB, target group and service so a replacement can run beside the old one", () => {
      for (const t of ["aws:lb/loadBalancer:LoadBalancer", "aws:lb/targetGroup:TargetGroup"]) {
        const r = one(t).inputs;
        expect(r.name).toBeUndefined();
        expect(r.namePrefix.length).toBeLessThanOrEqual(6);
      }
      expect(one("aws:ecs/service:Service").inputs.name).toBeUndefined();
      expect(one("aws:ecs/cluster:Cluster").inputs.name).toBeUndefined();
    });
  });

  describe("network", () => {
    it("has 2 public + 2 private subnets in two zones inside the region's /16", () => {
      const subnets = ofType("aws:ec2/subnet:Subnet");
      expect(subnets).toHaveLength(4);
      expect(new Set(subnets.map((s) => s.inputs.availabilityZone))).toEqual(new Set(["us-east-1a", "us-east-1b"]));
      expect(one("aws:ec2/vpc:Vpc").inputs.cidrBlock).toBe("10.40.0.0/16");
      for (const s of subnets) expect(s.inputs.mapPublicIpOnLaunch).toBe(false);
    });
    it("sends the private subnets out through one NAT instance in a public subnet, the only public address", () => {
      const nat = one("aws:ec2/instance:Instance", "-nat-instance");
      const publicA = ofType("aws:ec2/subnet:Subnet").find((s) => s.name.endsWith("-public-0"))!;
      expect(nat.inputs.subnetId).toBe(publicA.id);
      expect(nat.inputs.instanceType).toBe("t4g.nano");
      expect(nat.inputs.sourceDestCheck).toBe(false);
      expect(nat.inputs.rootBlockDevice).toEqual({ volumeType: "gp3", volumeSize: 8, encrypted: true, deleteOnTermination: true });
      const template = one("aws:ec2/launchTemplate:LaunchTemplate", "-nat-template").inputs;
      expect(nat.inputs.launchTemplate).toEqual({ id: one("aws:ec2/launchTemplate:LaunchTemplate", "-nat-template").id, version: "$Latest" });
      expect(template.imageId).toBe("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64");
      expect(template.metadataOptions).toEqual({ httpTokens: "required", httpEndpoint: "enabled" });
      const script = Buffer.from(template.userData as string, "base64").toString("utf8");
      expect(script).toContain("iptables -t nat -A POSTROUTING -o \"$iface\" -j MASQUERADE");
      expect(script).toContain("net.ipv4.ip_forward = 1");
      // Nothing from the internet reaches it: its group admits the VPC's own range only.
      const sg = one("aws:ec2/securityGroup:SecurityGroup", "-nat-sg").inputs;
      expect(nat.inputs.vpcSecurityGroupIds).toEqual([one("aws:ec2/securityGroup:SecurityGroup", "-nat-sg").id]);
      expect(sg.ingress).toEqual([expect.objectContaining({ protocol: "-1", cidrBlocks: ["10.40.0.0/16"] })]);
      const eips = ofType("aws:ec2/eip:Eip");
      expect(eips.map((e) => e.inputs.instance)).toEqual([nat.id]);
      const rt = one("aws:ec2/routeTable:RouteTable", "-private-rt").inputs;
      expect(rt.routes).toEqual([{ cidrBlock: "0.0.0.0/0", networkInterfaceId: nat.outputs.primaryNetworkInterfaceId }]);
      // A NAT instance and its one address at prototype (a NAT gateway per zone starts at growth).
      expect(ofType("aws:ec2/natGateway:NatGateway")).toHaveLength(0);
      expect(eips).toHaveLength(1);
      const rts = ["-public-rt", "-private-rt"].map((n) => one("aws:ec2/routeTable:RouteTable", n).id);
      expect(one("aws:ec2/vpcEndpoint:VpcEndpoint", "-s3-endpoint").inputs.routeTableIds).toEqual(rts);
    });
  });

  describe("token and cost tracking", () => {
    it("maps a Glue table over requests/ with tokens and cost, and saves the daily query in an encrypted workgroup", () => {
      const table = one("aws:glue/catalogTable:CatalogTable").inputs;
      expect(table.storageDescriptor.location).toMatch(/^s3:\/\/.+\/requests\/$/);
      const cols = (table.storageDescriptor.columns as { name: string }[]).map((c) => c.name);
      expect(cols).toEqual(expect.arrayContaining(["model", "prompt_tokens", "completion_tokens", "response_cost"]));
      const wg = one("aws:athena/workgroup:Workgroup").inputs.configuration;
      expect(wg.resultConfiguration.encryptionConfiguration.encryptionOption).toBe("SSE_S3");
      // bytesScannedCutoff: 800 requests/day x 31 days x 16 KiB ≈ 0.38 GiB, raised to the 1 GiB floor.
      expect(wg.bytesScannedCutoffPerQuery).toBe(1024 ** 3);
      const q = ofType("aws:athena/namedQuery:NamedQuery").find((n) => n.inputs.name === "daily tokens and cost per model")!;
      expect(q.inputs.query).toMatch(/sum\(response_cost\)/);
      expect(q.inputs.query).toMatch(/GROUP BY 1, 2, 3/);
    });
    it("has a dashboard of API traffic and gateway load that links to the usage query", () => {
      const dash = one("aws:cloudwatch/dashboard:Dashboard");
      const body = JSON.parse(dash.inputs.dashboardBody);
      const metrics = JSON.stringify(body.widgets);
      for (const m of ["Count", "Latency", "4XXError", "5XXError", "CPUUtilization", "MemoryUtilization"]) expect(metrics).toContain(`"${m}"`);
      expect(metrics).toContain("daily tokens and cost per model");
      expect(outputs.dashboardUrl).toContain(`dashboards/dashboard/${dash.inputs.dashboardName}`);
      expect(outputs.dashboardUrl).toContain("region=us-east-1");
    });
  });
});
