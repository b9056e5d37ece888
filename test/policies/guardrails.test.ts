import { describe, expect, it } from "vitest";
import { tlsOnlyBucketPolicy } from "../../components/aws/bucket";
import { apiGatewayRequiresAuth } from "../../policies/guardrails/api-gateway-requires-auth";
import { apiGatewayThrottled } from "../../policies/guardrails/api-gateway-throttled";
import { bucketEncrypted } from "../../policies/guardrails/bucket-encrypted";
import { bucketPublicAccessBlocked } from "../../policies/guardrails/bucket-public-access-blocked";
import { budgetsPresent } from "../../policies/guardrails/budgets-present";
import { cacheEncryptedAndAuthenticated } from "../../policies/guardrails/cache-encrypted-and-authenticated";
import { containerImagesPinned } from "../../policies/guardrails/container-images-pinned";
import { databaseEncrypted } from "../../policies/guardrails/database-encrypted";
import { gpuNodePoolsTaintedAndBounded } from "../../policies/guardrails/gpu-node-pools-tainted-and-bounded";
import { noPublicInvoker } from "../../policies/guardrails/no-public-invoker";
import { noPublicNetworkExposure } from "../../policies/guardrails/no-public-network-exposure";
import { queueEncrypted } from "../../policies/guardrails/queue-encrypted";
import { requestLogRetention } from "../../policies/guardrails/request-log-retention";
import { requiredTags } from "../../policies/guardrails/required-tags";
import { statefulDeletionProtection } from "../../policies/guardrails/stateful-deletion-protection";
import type { InProcessResource } from "../../policies/lib/runner";
import { awsProvider, configFor, gcpProvider, messages, mutate, res, run } from "./helpers";

const growth = configFor("eu", "growth").guardrails.settings;
const enterprise = configFor("eu", "enterprise").guardrails.settings;
const digest = `sha256:${"0123456789abcdef".repeat(4)}`;

describe("cache-encrypted-and-authenticated", () => {
  const base = [
    res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", { atRestEncryptionEnabled: true, transitEncryptionEnabled: true, transitEncryptionMode: "required", authToken: "[secret]" }),
    res("aws:elasticache/cluster:Cluster", "cache-member", { replicationGroupId: "cache" }),
    res("gcp:redis/instance:Instance", "redis", { transitEncryptionMode: "SERVER_AUTHENTICATION", authEnabled: true }),
  ];
  const check = (rs: InProcessResource[]) => messages(cacheEncryptedAndAuthenticated, rs, growth);
  const rg = "cache (aws:elasticache/replicationGroup:ReplicationGroup)";

  it("passes TLS, at-rest encryption and AUTH on both clouds", () => expect(check(base)).toEqual([]));
  it("refuses a cache without TLS", () =>
    expect(check(mutate(base, "cache", (r) => (r.props.transitEncryptionEnabled = false)))).toEqual([`${rg} does not use TLS (transitEncryptionEnabled is not true)`]));
  it("refuses a cache without at-rest encryption", () =>
    expect(check(mutate(base, "cache", (r) => delete r.props.atRestEncryptionEnabled))).toEqual([`${rg} does not encrypt data at rest (atRestEncryptionEnabled is not true)`]));
  it("refuses TLS that is only preferred", () =>
    expect(check(mutate(base, "cache", (r) => (r.props.transitEncryptionMode = "preferred")))).toEqual([
      `${rg} also accepts connections without TLS (transitEncryptionMode is preferred; use required)`,
    ]));
  it("refuses a cache without AUTH", () =>
    expect(check(mutate(base, "cache", (r) => delete r.props.authToken))).toEqual([`${rg} does not require AUTH (set authToken or userGroupIds)`]));
  it("accepts RBAC user groups instead of a token", () =>
    expect(check(mutate(base, "cache", (r) => { delete r.props.authToken; r.props.userGroupIds = ["gateway"]; }))).toEqual([]));
  it("refuses a standalone cluster without TLS", () =>
    expect(check(mutate(base, "cache-member", (r) => delete r.props.replicationGroupId))).toEqual([
      "cache-member (aws:elasticache/cluster:Cluster) does not use TLS (transitEncryptionEnabled is not true)",
    ]));
  it("refuses Memorystore without TLS", () =>
    expect(check(mutate(base, "redis", (r) => (r.props.transitEncryptionMode = "DISABLED")))).toEqual([
      "redis (gcp:redis/instance:Instance) does not use TLS (transitEncryptionMode is not SERVER_AUTHENTICATION)",
    ]));
  it("refuses Memorystore without AUTH", () =>
    expect(check(mutate(base, "redis", (r) => (r.props.authEnabled = false)))).toEqual(["redis (gcp:redis/instance:Instance) does not require AUTH (authEnabled is not true)"]));
});

describe("queue-encrypted", () => {
  const base = [res("aws:sqs/queue:Queue", "jobs", { sqsManagedSseEnabled: true }), res("aws:sqs/queue:Queue", "dlq", { kmsMasterKeyId: "alias/aws/sqs" })];
  const check = (rs: InProcessResource[]) => messages(queueEncrypted, rs, growth);

  it("passes SQS-managed SSE and KMS", () => expect(check(base)).toEqual([]));
  it("refuses a queue that does not declare encryption", () =>
    expect(check(mutate(base, "jobs", (r) => delete r.props.sqsManagedSseEnabled))).toEqual([
      "jobs (aws:sqs/queue:Queue) does not declare encryption at rest (set sqsManagedSseEnabled: true or kmsMasterKeyId)",
    ]));
  it("refuses a queue that turns encryption off", () =>
    expect(check(mutate(base, "jobs", (r) => (r.props.sqsManagedSseEnabled = false)))).toEqual([
      "jobs (aws:sqs/queue:Queue) does not declare encryption at rest (set sqsManagedSseEnabled: true or kmsMasterKeyId)",
    ]));
});

describe("bucket-encrypted", () => {
  const base = [
    res("aws:s3/bucket:Bucket", "logs", {}, { id: "logs-1a2b" }),
    res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "logs-encryption", {
      bucket: "logs-1a2b",
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
    }),
    res("aws:s3/bucketPolicy:BucketPolicy", "logs-tls-only", { bucket: "logs-1a2b", policy: tlsOnlyBucketPolicy("arn:aws:s3:::logs-1a2b") }),
  ];
  const check = (rs: InProcessResource[]) => messages(bucketEncrypted, rs, growth);

  it("passes the kit's SecureBucket settings", () => expect(check(base)).toEqual([]));
  it("refuses a bucket without an encryption configuration", () =>
    expect(check(base.filter((r) => r.name !== "logs-encryption"))).toEqual([
      "logs (aws:s3/bucket:Bucket) has no server-side encryption configuration (aws:s3/bucketServerSideEncryptionConfiguration with aws:kms or AES256)",
    ]));
  it("does not count another bucket's encryption configuration", () =>
    expect(check(mutate(base, "logs-encryption", (r) => (r.props.bucket = "other-bucket")))).toEqual([
      "logs (aws:s3/bucket:Bucket) has no server-side encryption configuration (aws:s3/bucketServerSideEncryptionConfiguration with aws:kms or AES256)",
    ]));
  it("refuses a bucket that accepts plain HTTP", () =>
    expect(check(mutate(base, "logs-tls-only", (r) => (r.props.policy = JSON.stringify({ Version: "2012-10-17", Statement: [] }))))).toEqual([
      "logs (aws:s3/bucket:Bucket) has no bucket policy that denies requests without TLS (Deny with aws:SecureTransport false)",
    ]));
});

describe("database-encrypted", () => {
  const base = [
    res("aws:rds/instance:Instance", "ledger", { storageEncrypted: true }),
    res("aws:rds/cluster:Cluster", "aurora", { storageEncrypted: true }),
    res("gcp:sql/databaseInstance:DatabaseInstance", "sql", { settings: { ipConfiguration: { sslMode: "ENCRYPTED_ONLY" } } }),
  ];
  const check = (rs: InProcessResource[]) => messages(databaseEncrypted, rs, growth);

  it("passes encrypted RDS and TLS-only Cloud SQL", () => expect(check(base)).toEqual([]));
  it("refuses unencrypted RDS storage", () =>
    expect(check(mutate(base, "ledger", (r) => (r.props.storageEncrypted = false)))).toEqual(["ledger (aws:rds/instance:Instance) does not encrypt storage (storageEncrypted is not true)"]));
  it("refuses an unencrypted Aurora cluster", () =>
    expect(check(mutate(base, "aurora", (r) => delete r.props.storageEncrypted))).toEqual(["aurora (aws:rds/cluster:Cluster) does not encrypt storage (storageEncrypted is not true)"]));
  it("refuses Cloud SQL that allows plain connections", () =>
    expect(check(mutate(base, "sql", (r) => (r.props.settings = { ipConfiguration: { sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" } })))).toEqual([
      "sql (gcp:sql/databaseInstance:DatabaseInstance) accepts connections without TLS (set settings.ipConfiguration.sslMode to ENCRYPTED_ONLY)",
    ]));
});

describe("bucket-public-access-blocked", () => {
  const base = [
    res("aws:s3/bucket:Bucket", "logs", {}, { id: "logs-1a2b" }),
    res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "logs-public-access", {
      bucket: "logs-1a2b",
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    res("gcp:storage/bucket:Bucket", "gcs", { name: "gcs-logs", publicAccessPrevention: "enforced", uniformBucketLevelAccess: true }),
    res("gcp:storage/bucketIAMMember:BucketIAMMember", "gcs-writer", { bucket: "gcs-logs", role: "roles/storage.objectCreator", member: "serviceAccount:gw@p.iam.gserviceaccount.com" }),
  ];
  const check = (rs: InProcessResource[]) => messages(bucketPublicAccessBlocked, rs, growth);

  it("passes blocked S3 and enforced GCS buckets", () => expect(check(base)).toEqual([]));
  it("refuses an S3 bucket without a public access block", () =>
    expect(check(base.filter((r) => r.name !== "logs-public-access"))).toEqual(["logs (aws:s3/bucket:Bucket) has no public access block (aws:s3/bucketPublicAccessBlock)"]));
  it("refuses a public access block with a setting off", () =>
    expect(check(mutate(base, "logs-public-access", (r) => (r.props.restrictPublicBuckets = false)))).toEqual([
      "logs (aws:s3/bucket:Bucket) has a public access block that leaves restrictPublicBuckets off",
    ]));
  it("refuses a public canned ACL", () =>
    expect(check([...base, res("aws:s3/bucketAcl:BucketAcl", "logs-acl", { bucket: "logs-1a2b", acl: "public-read" })])).toEqual([
      "logs (aws:s3/bucket:Bucket) has the public canned ACL public-read",
    ]));
  it("refuses a GCS bucket without public access prevention", () =>
    expect(check(mutate(base, "gcs", (r) => (r.props.publicAccessPrevention = "inherited")))).toEqual([
      "gcs (gcp:storage/bucket:Bucket) does not enforce public access prevention (publicAccessPrevention: enforced)",
    ]));
  it("refuses a GCS bucket with object ACLs", () =>
    expect(check(mutate(base, "gcs", (r) => (r.props.uniformBucketLevelAccess = false)))).toEqual([
      "gcs (gcp:storage/bucket:Bucket) does not use uniform bucket-level access (uniformBucketLevelAccess: true)",
    ]));
  it("refuses a bucket grant to allUsers", () =>
    expect(check(mutate(base, "gcs-writer", (r) => { r.props.member = "allUsers"; r.props.role = "roles/storage.objectViewer"; }))).toEqual([
      "gcs-writer (gcp:storage/bucketIAMMember:BucketIAMMember) grants roles/storage.objectViewer on bucket gcs-logs to allUsers",
    ]));
});

describe("no-public-invoker", () => {
  const base = [
    res("gcp:cloudrunv2/service:Service", "gateway", { location: "europe-west4", invokerIamDisabled: false, ingress: "INGRESS_TRAFFIC_ALL" }),
    res("gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "gateway-invoker", { name: "gateway", role: "roles/run.invoker", member: "serviceAccount:api@p.iam.gserviceaccount.com" }),
  ];
  const check = (rs: InProcessResource[]) => messages(noPublicInvoker, rs, growth);

  it("passes an invoker grant to the API gateway's service account", () => expect(check(base)).toEqual([]));
  it("refuses allUsers as invoker", () =>
    expect(check(mutate(base, "gateway-invoker", (r) => (r.props.member = "allUsers")))).toEqual([
      "gateway-invoker (gcp:cloudrunv2/serviceIamMember:ServiceIamMember) grants roles/run.invoker on service gateway to allUsers",
    ]));
  it("refuses a service with the invoker check off and ingress open to all", () =>
    expect(check(mutate(base, "gateway", (r) => (r.props.invokerIamDisabled = true)))).toEqual([
      "gateway (gcp:cloudrunv2/service:Service) disables the invoker IAM check with ingress INGRESS_TRAFFIC_ALL, so anyone on the internet can invoke it",
    ]));
  it("refuses the invoker check off when ingress is left to its default (all)", () =>
    expect(check(mutate(base, "gateway", (r) => { r.props.invokerIamDisabled = true; delete r.props.ingress; }))).toEqual([
      "gateway (gcp:cloudrunv2/service:Service) disables the invoker IAM check with ingress INGRESS_TRAFFIC_ALL, so anyone on the internet can invoke it",
    ]));
  it("passes the invoker check off behind ingress internal + load balancer (the GCP front door)", () =>
    expect(check(mutate(base, "gateway", (r) => { r.props.invokerIamDisabled = true; r.props.ingress = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"; }))).toEqual([]));
});

describe("no-public-network-exposure", () => {
  const base = [
    res("aws:ec2/securityGroup:SecurityGroup", "gateway-sg", {
      ingress: [{ protocol: "tcp", fromPort: 4000, toPort: 4000, cidrBlocks: ["10.40.0.0/16"] }],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    }),
    res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "cache-from-vpc", { ipProtocol: "tcp", fromPort: 6379, toPort: 6379, cidrIpv4: "10.40.0.0/16" }),
    res("aws:lb/loadBalancer:LoadBalancer", "gateway-nlb", { loadBalancerType: "network", internal: true }),
    res("aws:rds/instance:Instance", "ledger", { publiclyAccessible: false }),
    res("kubernetes:core/v1:Service", "vllm", {
      metadata: { annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" } },
      spec: { type: "LoadBalancer", ports: [{ port: 8000 }] },
    }),
    res("kubernetes:core/v1:Service", "vllm-cluster", { spec: { type: "ClusterIP", ports: [{ port: 8000 }] } }),
  ];
  const check = (rs: InProcessResource[]) => messages(noPublicNetworkExposure, rs, growth);

  it("passes private ports, an internal NLB and an internal LoadBalancer service", () => expect(check(base)).toEqual([]));
  it("refuses the gateway port open to the world", () =>
    expect(check(mutate(base, "gateway-sg", (r) => ((r.props.ingress as { cidrBlocks: string[] }[])[0]!.cidrBlocks = ["0.0.0.0/0"])))).toEqual([
      "gateway-sg (aws:ec2/securityGroup:SecurityGroup) opens 4000 (LiteLLM gateway) to 0.0.0.0/0 (ingress)",
    ]));
  it("refuses Redis open to the world (a public cache)", () =>
    expect(check(mutate(base, "cache-from-vpc", (r) => (r.props.cidrIpv4 = "0.0.0.0/0")))).toEqual([
      "cache-from-vpc (aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule) opens 6379 (Redis/Valkey) to 0.0.0.0/0",
    ]));
  it("refuses an internet-facing load balancer", () =>
    expect(check(mutate(base, "gateway-nlb", (r) => (r.props.internal = false)))).toEqual([
      "gateway-nlb (aws:lb/loadBalancer:LoadBalancer) is internet-facing; the gateway must be reachable only through the managed API gateway (set internal: true)",
    ]));
  it("refuses a public LoadBalancer service for the model server", () =>
    expect(check(mutate(base, "vllm", (r) => (r.props.metadata = {})))).toEqual([
      "vllm (kubernetes:core/v1:Service) is a public LoadBalancer service; model servers and data stores stay private (use an internal load balancer annotation)",
    ]));
  it("refuses a publicly accessible database", () =>
    expect(check(mutate(base, "ledger", (r) => (r.props.publiclyAccessible = true)))).toEqual(["ledger (aws:rds/instance:Instance) is publicly accessible (publiclyAccessible: true)"]));
});

describe("api-gateway-requires-auth", () => {
  const base = [
    res("aws:apigateway/method:Method", "proxy-any", { httpMethod: "ANY", authorization: "NONE", apiKeyRequired: true }),
    res("aws:apigateway/method:Method", "proxy-options", { httpMethod: "OPTIONS", authorization: "NONE" }),
  ];
  const check = (rs: InProcessResource[]) => messages(apiGatewayRequiresAuth, rs, growth);

  it("passes API-key methods and the CORS preflight", () => expect(check(base)).toEqual([]));
  it("refuses a method without an API key or authorizer", () =>
    expect(check(mutate(base, "proxy-any", (r) => (r.props.apiKeyRequired = false)))).toEqual([
      "proxy-any (aws:apigateway/method:Method) accepts calls without an API key, a required bearer token or an authorizer (authorization NONE, apiKeyRequired not true)",
    ]));
  it("accepts a required Authorization header (the gateway behind checks the bearer token), and only that header", () => {
    const bearer = (header: string) =>
      mutate(base, "proxy-any", (r) => {
        r.props.apiKeyRequired = false;
        r.props.requestParameters = { [`method.request.header.${header}`]: true };
        r.props.requestValidatorId = "validator";
      });
    expect(check(bearer("Authorization"))).toEqual([]);
    expect(check(bearer("x-anything"))).toHaveLength(1);
  });
  it("accepts the kit's key-less health route (GET, operationName health) and nothing else named so", () => {
    const health = (method: string) => mutate(base, "proxy-any", (r) => { r.props.apiKeyRequired = false; r.props.httpMethod = method; r.props.operationName = "health"; });
    expect(check(health("GET"))).toEqual([]);
    expect(check(health("POST"))).toHaveLength(1);
  });
  it("accepts an authorizer instead of a key", () =>
    expect(check(mutate(base, "proxy-any", (r) => { r.props.apiKeyRequired = false; r.props.authorization = "COGNITO_USER_POOLS"; }))).toEqual([]));
});

describe("api-gateway-throttled", () => {
  const base = [
    res("aws:apigateway/restApi:RestApi", "rest-api", { name: "ai-infra" }, { id: "a1b2c3d4e5" }),
    res("aws:apigateway/methodSettings:MethodSettings", "stage-throttle", { restApi: "a1b2c3d4e5", stageName: "v1", methodPath: "*/*", settings: { throttlingRateLimit: 200, throttlingBurstLimit: 400 } }),
    res("aws:apigateway/usagePlan:UsagePlan", "usage-plan", { apiStages: [{ apiId: "a1b2c3d4e5", stage: "v1" }], throttleSettings: { rateLimit: 10, burstLimit: 20 } }),
  ];
  const check = (rs: InProcessResource[]) => messages(apiGatewayThrottled, rs, growth);

  it("passes stage throttling and a throttled usage plan", () => expect(check(base)).toEqual([]));
  it("refuses a REST API without stage throttling", () =>
    expect(check(mutate(base, "stage-throttle", (r) => (r.props.settings = { throttlingRateLimit: -1, throttlingBurstLimit: -1 })))).toEqual([
      "rest-api (aws:apigateway/restApi:RestApi) has no stage throttling (aws:apigateway/methodSettings with throttlingRateLimit and throttlingBurstLimit)",
    ]));
  it("refuses a usage plan without a throttle", () =>
    expect(check(mutate(base, "usage-plan", (r) => delete r.props.throttleSettings))).toEqual([
      "rest-api (aws:apigateway/restApi:RestApi) has no usage plan that throttles its API keys (aws:apigateway/usagePlan with throttleSettings)",
    ]));
  it("is advisory", () => expect(run(apiGatewayThrottled, base.slice(0, 1), growth).map((v) => v.level)).toEqual(["advisory", "advisory"]));
});

describe("request-log-retention", () => {
  const eu = awsProvider("eu", "eu-west-1");
  const gcpEu = gcpProvider("gcp-eu", "europe-west4");
  const env = (bucket: string) => [{ name: "AI_INFRA_LOG_BUCKET", value: bucket }, { name: "AI_INFRA_LOG_REGION", value: "eu-west-1" }];
  const base = [
    eu,
    gcpEu,
    res("aws:s3/bucket:Bucket", "logs", {}, { provider: eu.urn, id: "logs-1a2b" }),
    res("aws:s3/bucketVersioning:BucketVersioning", "logs-versioning", { bucket: "logs-1a2b", versioningConfiguration: { status: "Enabled" } }),
    res("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "logs-lifecycle", {
      bucket: "logs-1a2b",
      rules: [
        { id: "expire-request-logs", status: "Enabled", filter: { prefix: "requests/" }, expiration: { days: 90 }, noncurrentVersionExpiration: { noncurrentDays: 90 } },
        { id: "old-gateway-configs", status: "Enabled", filter: { prefix: "config/" }, noncurrentVersionExpiration: { noncurrentDays: 90 } },
        { id: "expire-query-results", status: "Enabled", filter: { prefix: "athena-results/" }, expiration: { days: 7 }, noncurrentVersionExpiration: { noncurrentDays: 1 } },
      ],
    }),
    res("aws:s3/bucketObjectv2:BucketObjectv2", "gateway-config", { content: "model_list: []\nlitellm_settings:\n  s3_callback_params:\n    s3_path: requests\n" }),
    res("aws:ecs/taskDefinition:TaskDefinition", "gateway-task", { containerDefinitions: JSON.stringify([{ name: "litellm", environment: env("logs-1a2b") }]) }),
    res("gcp:storage/bucket:Bucket", "gcs-logs", { name: "gcs-logs", lifecycleRules: [{ action: { type: "Delete" }, condition: { age: 90, withState: "ANY" } }] }),
    res("gcp:cloudrunv2/service:Service", "gateway-service", {
      template: { containers: [{ envs: [{ name: "AI_INFRA_LOG_BUCKET", value: "gcs-logs" }, { name: "GCS_BUCKET_NAME", value: "gcs-logs/requests" }] }] },
    }),
  ];
  const check = (rs: InProcessResource[], settings: object = growth) => messages(requestLogRetention, rs, settings);
  const setRule = (f: (rule: Record<string, unknown>) => void) => (r: InProcessResource) => f((r.props.rules as Record<string, unknown>[])[0]!);

  it("passes 90 days (plus 90 as noncurrent versions) within 30-365 days", () => expect(check(base)).toEqual([]));
  it("refuses retention below the audit minimum", () =>
    expect(check(mutate(base, "logs-lifecycle", setRule((x) => (x.expiration = { days: 10 }))))).toEqual([
      "logs (aws:s3/bucket:Bucket) (request log) deletes request logs after 10 days, below the audit minimum of 30 days",
    ]));
  it("counts noncurrent versions towards the maximum", () =>
    expect(check(mutate(base, "logs-lifecycle", setRule((x) => (x.expiration = { days: 300 }))))).toEqual([
      "logs (aws:s3/bucket:Bucket) (request log) keeps request logs up to 390 days (300 days, then 90 days as noncurrent versions), above the storage-limitation maximum of 365 days",
    ]));
  it("refuses a versioned log bucket that keeps noncurrent versions forever", () =>
    expect(check(mutate(base, "logs-lifecycle", setRule((x) => delete x.noncurrentVersionExpiration)))).toEqual([
      "logs (aws:s3/bucket:Bucket) (request log) keeps deleted request logs forever as noncurrent versions (no noncurrentVersionExpiration)",
    ]));
  it("does not count a rule for another prefix", () =>
    expect(check(mutate(base, "logs-lifecycle", (r) => (r.props.rules = (r.props.rules as unknown[]).slice(1))))).toEqual([
      "logs (aws:s3/bucket:Bucket) (request log) has no lifecycle rule that expires request logs; retention must be 30-365 days",
    ]));
  it("refuses a GCS log bucket kept too long", () =>
    expect(check(mutate(base, "gcs-logs", (r) => (r.props.lifecycleRules = [{ action: { type: "Delete" }, condition: { age: 400 } }])))).toEqual([
      "gcs-logs (gcp:storage/bucket:Bucket) (request log) keeps request logs up to 400 days, above the storage-limitation maximum of 365 days",
    ]));
  it("takes its bounds from the policy config (US allows two years)", () =>
    expect(check(mutate(base, "gcs-logs", (r) => (r.props.lifecycleRules = [{ action: { type: "Delete" }, condition: { age: 400 } }])), configFor("us", "growth").guardrails.settings)).toEqual([]));
});

describe("required-tags", () => {
  const tags = { stage: "growth", owner: "platform-team", "cost-center": "cc-1002" };
  const base = [
    awsProvider("eu", "eu-west-1", tags),
    gcpProvider("gcp-eu", "europe-west4", tags),
    res("aws:s3/bucket:Bucket", "logs", {}, { provider: "urn:pulumi:test::ai-infra::pulumi:providers:aws::eu" }),
    // Not taggable (the SDK class has no `tags` input): never reported.
    res("aws:s3/bucketPolicy:BucketPolicy", "logs-policy", { bucket: "logs" }),
    res("gcp:storage/bucket:Bucket", "gcs", { location: "EUROPE-WEST4" }, { provider: "urn:pulumi:test::ai-infra::pulumi:providers:gcp::gcp-eu" }),
  ];
  const check = (rs: InProcessResource[]) => messages(requiredTags, rs, growth);
  const withoutDefaults = (name: string, key: string) => (r: InProcessResource) => {
    if (r.name === name) delete r.props[key];
  };

  it("passes tags that come from the provider's defaults", () => expect(check(base)).toEqual([]));
  it("names the missing tag", () =>
    expect(check(mutate(base, "eu", (r) => (r.props.defaultTags = JSON.stringify({ tags: { stage: "growth", "cost-center": "cc-1002" } }))))).toEqual([
      "logs (aws:s3/bucket:Bucket) lacks required tags: owner (set them on the resource or in its provider's defaultTags)",
    ]));
  it("accepts tags set on the resource itself", () =>
    expect(check(mutate(mutate(base, "eu", withoutDefaults("eu", "defaultTags")), "logs", (r) => (r.props.tags = tags)))).toEqual([]));
  it("refuses a stage tag that is not the stack's stage", () =>
    expect(check(mutate(base, "logs", (r) => (r.props.tags = { stage: "prototype" })))).toEqual(["logs (aws:s3/bucket:Bucket) is tagged stage=prototype, but the stack is at stage growth"]));
  it("reads GCP default labels", () =>
    expect(check(mutate(base, "gcp-eu", withoutDefaults("gcp-eu", "defaultLabels")))).toEqual([
      "gcs (gcp:storage/bucket:Bucket) lacks required labels: stage, owner, cost-center (set them on the resource or in its provider's defaultLabels)",
    ]));
  it("is advisory", () => expect(run(requiredTags, mutate(base, "gcp-eu", withoutDefaults("gcp-eu", "defaultLabels")), growth)[0]!.level).toBe("advisory"));
});

describe("budgets-present", () => {
  const base = [
    res("aws:budgets/budget:Budget", "monthly", { budgetType: "COST", notifications: [{ threshold: 80, subscriberEmailAddresses: ["ai-platform@example.com"] }] }),
    res("gcp:billing/budget:Budget", "gcp-monthly", { thresholdRules: [{ thresholdPercent: 0.8 }], allUpdatesRule: {} }),
  ];
  const check = (rs: InProcessResource[], settings: object = growth) => messages(budgetsPresent, rs, settings);

  it("passes budgets that alert", () => expect(check(base)).toEqual([]));
  it("refuses a growth stack without a budget, stack-wide", () => {
    expect(run(budgetsPresent, [], growth)).toEqual([
      {
        policy: "budgets-present",
        urn: null,
        level: "mandatory",
        message: "the stack has no budget (aws:budgets/budget:Budget or gcp:billing/budget:Budget); budgets with alerts are required from the growth stage on (stack stage: growth)",
      },
    ]);
  });
  it("lets a prototype go without one", () => expect(check([], configFor("eu", "prototype").guardrails.settings)).toEqual([]));
  it("refuses an AWS budget without a subscriber", () =>
    expect(check(mutate(base, "monthly", (r) => (r.props.notifications = [])))).toEqual(["monthly (aws:budgets/budget:Budget) sends no alert (no notification with an e-mail or SNS subscriber)"]));
  it("refuses a GCP budget without thresholds", () =>
    expect(check(mutate(base, "gcp-monthly", (r) => (r.props.thresholdRules = [])))).toEqual([
      "gcp-monthly (gcp:billing/budget:Budget) sends no alert (needs thresholdRules and a recipient: default IAM recipients, notification channels or a Pub/Sub topic)",
    ]));
});

describe("container-images-pinned", () => {
  const base = [
    res("aws:ecs/taskDefinition:TaskDefinition", "gateway-task", { containerDefinitions: JSON.stringify([{ name: "litellm", image: "ghcr.io/berriai/litellm:v1.109.3" }]) }),
    res("gcp:cloudrunv2/service:Service", "gateway-service", { template: { containers: [{ name: "litellm", image: `europe-west4-docker.pkg.dev/p/mirror/litellm:v1.109.3@${digest}` }] } }),
    res("kubernetes:apps/v1:Deployment", "vllm", { spec: { template: { spec: { containers: [{ name: "vllm", image: "vllm/vllm-openai:v0.10.1" }] } } } }),
    res("kubernetes:helm.sh/v4:Chart", "vllm-chart", { values: { image: { repository: "vllm/vllm-openai", tag: "v0.10.1" }, router: { image: "lmcache/lmstack-router:0.1.7" } } }),
  ];
  const check = (rs: InProcessResource[]) => messages(containerImagesPinned, rs, growth);

  it("passes exact version tags and a well-formed digest", () => expect(check(base)).toEqual([]));
  it("refuses latest in an ECS task definition", () =>
    expect(check(mutate(base, "gateway-task", (r) => (r.props.containerDefinitions = JSON.stringify([{ name: "litellm", image: "ghcr.io/berriai/litellm:latest" }]))))).toEqual([
      "gateway-task (aws:ecs/taskDefinition:TaskDefinition) runs image ghcr.io/berriai/litellm:latest (container litellm), which uses the moving tag 'latest'",
    ]));
  it("refuses a malformed digest on Cloud Run", () =>
    expect(check(mutate(base, "gateway-service", (r) => (r.props.template = { containers: [{ name: "litellm", image: "litellm:v1.109.3@sha256:abc123" }] })))).toEqual([
      "gateway-service (gcp:cloudrunv2/service:Service) runs image litellm:v1.109.3@sha256:abc123 (container litellm), which has a malformed digest 'sha256:abc123' (expected sha256: and 64 lower-case hex digits)",
    ]));
  it("refuses an untagged Kubernetes image", () =>
    expect(check(mutate(base, "vllm", (r) => (r.props.spec = { template: { spec: { containers: [{ name: "vllm", image: "vllm/vllm-openai" }] } } })))).toEqual([
      "vllm (kubernetes:apps/v1:Deployment) runs image vllm/vllm-openai (container vllm), which has no tag (resolves to 'latest')",
    ]));
  it("refuses a moving tag in Helm values", () =>
    expect(check(mutate(base, "vllm-chart", (r) => ((r.props.values as { image: { tag: string } }).image.tag = "nightly")))).toEqual([
      "vllm-chart (kubernetes:helm.sh/v4:Chart) runs image vllm/vllm-openai:nightly (values.image), which uses the moving tag 'nightly'",
    ]));
  it("refuses a tag that is not a version", () =>
    expect(check(mutate(base, "vllm-chart", (r) => ((r.props.values as { router: { image: string } }).router.image = "lmcache/lmstack-router:prod")))).toEqual([
      "vllm-chart (kubernetes:helm.sh/v4:Chart) runs image lmcache/lmstack-router:prod (values.router.image), which uses tag 'prod', which is not an exact version",
    ]));
});

describe("gpu-node-pools-tainted-and-bounded", () => {
  const taint = { key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" };
  const base = [
    res("aws:eks/nodeGroup:NodeGroup", "gpu-l4", { amiType: "AL2023_x86_64_NVIDIA", instanceTypes: ["g6.xlarge"], taints: [taint], scalingConfig: { minSize: 0, maxSize: 4, desiredSize: 0 } }),
    res("aws:eks/nodeGroup:NodeGroup", "system", { amiType: "AL2023_x86_64_STANDARD", instanceTypes: ["m7i.large"], scalingConfig: { minSize: 2, maxSize: 10, desiredSize: 2 } }),
    res("gcp:container/nodePool:NodePool", "gke-l4", { nodeConfig: { machineType: "g2-standard-8", guestAccelerators: [{ type: "nvidia-l4", count: 1 }], taints: [taint] }, autoscaling: { totalMaxNodeCount: 4 } }),
  ];
  const check = (rs: InProcessResource[]) => messages(gpuNodePoolsTaintedAndBounded, rs, growth);

  it("passes tainted GPU pools within the stage's bound (and ignores CPU pools)", () => expect(check(base)).toEqual([]));
  it("refuses an untainted GPU node group", () =>
    expect(check(mutate(base, "gpu-l4", (r) => (r.props.taints = [])))).toEqual([
      "gpu-l4 (aws:eks/nodeGroup:NodeGroup) is a GPU node pool without the nvidia.com/gpu NoSchedule taint, so ordinary pods can be scheduled on GPU nodes",
    ]));
  it("refuses a GPU node group above the bound", () =>
    expect(check(mutate(base, "gpu-l4", (r) => (r.props.scalingConfig = { minSize: 0, maxSize: 10, desiredSize: 0 })))).toEqual([
      "gpu-l4 (aws:eks/nodeGroup:NodeGroup) may grow to 10 GPU nodes, above the bound of 4 per pool at stage growth",
    ]));
  it("counts a GKE per-zone maximum in every zone", () =>
    expect(check(mutate(base, "gke-l4", (r) => { r.props.autoscaling = { maxNodeCount: 2 }; r.props.nodeLocations = ["europe-west4-a", "europe-west4-b", "europe-west4-c"]; }))).toEqual([
      "gke-l4 (gcp:container/nodePool:NodePool) may grow to 6 GPU nodes, above the bound of 4 per pool at stage growth",
    ]));
  it("refuses an unbounded GKE GPU pool", () =>
    expect(check(mutate(base, "gke-l4", (r) => (r.props.autoscaling = { locationPolicy: "ANY" })))).toEqual([
      "gke-l4 (gcp:container/nodePool:NodePool) is a GPU node pool without an upper bound on its size",
    ]));
  it("is advisory", () => expect(run(gpuNodePoolsTaintedAndBounded, mutate(base, "gpu-l4", (r) => (r.props.taints = [])), growth)[0]!.level).toBe("advisory"));
});

describe("stateful-deletion-protection", () => {
  const base = [
    res("aws:s3/bucket:Bucket", "logs", { forceDestroy: false }, { protect: true }),
    res("aws:sqs/queue:Queue", "jobs", {}, { protect: true }),
    res("aws:rds/instance:Instance", "ledger", { deletionProtection: true }),
    // The provider protects these by default when the input is not set.
    res("gcp:redis/instance:Instance", "redis", {}),
    res("gcp:sql/databaseInstance:DatabaseInstance", "sql", {}),
    res("gcp:secretmanager/secret:Secret", "key", { deletionProtection: true }),
    // pulumi-eks's component: the engine hands policies its inputs, not its inner cluster's.
    res("eks:index:Cluster", "eks", { deletionProtection: true }),
  ];
  const check = (rs: InProcessResource[], settings: object = enterprise) => messages(statefulDeletionProtection, rs, settings);
  it("refuses an EKS cluster (pulumi-eks) without deletion protection, which is off by default", () =>
    expect(check(mutate(base, "eks", (r) => delete r.props.deletionProtection))).toEqual([
      "eks (eks:index:Cluster) holds state but is not protected from deletion at stage enterprise (set the protect resource option or deletionProtection: true)",
    ]));

  it("passes protect and provider flags at enterprise", () => expect(check(base)).toEqual([]));
  it("refuses an unprotected bucket", () =>
    expect(check(mutate(base, "logs", (r) => delete r.protect))).toEqual([
      "logs (aws:s3/bucket:Bucket) holds state but is not protected from deletion at stage enterprise (set the protect resource option)",
    ]));
  it("names the provider flag where the type has one", () =>
    expect(check(mutate(base, "ledger", (r) => (r.props.deletionProtection = false)))).toEqual([
      "ledger (aws:rds/instance:Instance) holds state but is not protected from deletion at stage enterprise (set the protect resource option or deletionProtection: true)",
    ]));
  it("refuses Memorystore with deletion protection turned off", () =>
    expect(check(mutate(base, "redis", (r) => (r.props.deletionProtection = false)))).toEqual([
      "redis (gcp:redis/instance:Instance) holds state but is not protected from deletion at stage enterprise (set the protect resource option or deletionProtection: true)",
    ]));
  it("refuses forceDestroy on a bucket", () =>
    expect(check(mutate(base, "logs", (r) => (r.props.forceDestroy = true)))).toEqual(["logs (aws:s3/bucket:Bucket) sets forceDestroy, so destroying it deletes every object in it"]));
  it("does not apply before enterprise", () => expect(check(mutate(base, "logs", (r) => delete r.protect), growth)).toEqual([]));
});
