import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AtStage, AwsEnterprise, AwsLoggingConfig, AwsStack, TrafficConfig } from "../config/model";
import type { Secret } from "../config/secret";
import { allowedRegions } from "../config/regions";
import { databaseEnv, gatewayEnv, renderGatewayConfig, semanticCacheUrlEnv, vllmUrlEnv } from "../gateway/render";
import { dedicatedEnv } from "../gateway/dedicated";
import { ProvisionedThroughput } from "./dedicated";
import type { HealthDimensions } from "./alerts";
import { SecureBucket, logBucketLifecycleRules } from "./bucket";
import { ResponseCache, cachePort } from "./cache";
import { coldCacheBucket } from "./cache-cold";
import { readFileSync } from "node:fs";
import { cacheBucketEnv } from "../gateway/cache-tiers";
import { hookModules } from "../gateway/hooks";
import { Cluster } from "./cluster";
import type { RegionContext } from "./context";
import { childOpts } from "./context";
import { type DashboardInputs, dashboardConsoleUrl, estimatedCostPerRequest, renderDashboardBody } from "./dashboard";
import { KeysDatabase, databaseSslMode } from "./database";
import { GlobalKeysDatabase, type PrimaryKeysDatabase, needsGlobalDatabase } from "./database-global";
import { FineTuning, fineTuningBaseModels } from "./fine-tuning";
import { FrontDoor } from "./front-door";
import { LlmGateway, gatewayListenerPort, gatewayPort } from "./llm-gateway";
import { GatewayMasterKey } from "./master-key";
import { shortName } from "./names";
import { Network } from "./network";
import { JobQueue } from "./queue";
import { ProviderSecrets } from "./secrets";
import { UsageAnalytics } from "./usage";
import { ApiFirewall } from "./waf";
import { AsyncWorker } from "./worker";

/** A stack from growth on: cache, queue, worker, keys database, budgets. */
export type AwsGrown = AtStage<AwsStack, "growth">;

/** The region's VPC, subnets, NAT and the gateway's security groups; a NAT gateway per zone from growth on (`Network`). */
export function buildNetwork(ctx: RegionContext, stage: AwsStack["stage"], egress: "nat-gateway" | "nat-instance" | undefined): Network {
  return new Network(
    `${ctx.name}-network`,
    { cidr: ctx.cidr, region: ctx.region, gatewayPort, listenerPort: gatewayListenerPort, natPerZone: stage !== "prototype", egress },
    childOpts(ctx),
  );
}

/** One Secrets Manager secret per provider key. */
export function buildSecrets(ctx: RegionContext, keys: Record<string, Secret>): ProviderSecrets {
  return new ProviderSecrets(`${ctx.name}-secrets`, { keys, recoveryWindowInDays: ctx.recoveryWindowInDays }, childOpts(ctx));
}

export interface RequestLog {
  bucket: SecureBucket;
  /** The customer-managed key, with `logging.customerManagedKey`. */
  keyArn?: pulumi.Output<string>;
}

/** The request/response log bucket, with its opt-in customer-managed key. */
export function buildRequestLog(ctx: RegionContext, logging: AwsLoggingConfig): RequestLog {
  // Rotation on, the default key policy (the account's IAM decides who may use it), a 30-day deletion window.
  const key = logging.customerManagedKey
    ? new aws.kms.Key(
        `${ctx.name}-request-log-key`,
        { description: `ai-infra request log of ${ctx.scope.stack} (${ctx.region})`, enableKeyRotation: true, deletionWindowInDays: 30 },
        childOpts(ctx, { protect: ctx.deletionProtection }),
      )
    : undefined;
  const bucket = new SecureBucket(
    `${ctx.name}-request-log`,
    { lifecycleRules: logBucketLifecycleRules(logging.retentionDays), protect: ctx.deletionProtection, ...(key ? { kmsKeyArn: key.arn } : {}) },
    childOpts(ctx),
  );
  return { bucket, ...(key ? { keyArn: key.arn } : {}) };
}

/** The ECS cluster the gateway and the worker run in. */
export function buildContainers(ctx: RegionContext): aws.ecs.Cluster {
  // Auto-named: a replacement never clashes with the old cluster's name. Container Insights bills
  // custom metrics per task; the free service-level metrics are enough for the dashboard and autoscaling.
  return new aws.ecs.Cluster(`${ctx.name}-cluster`, { settings: [{ name: "containerInsights", value: "disabled" }] }, childOpts(ctx));
}

/** Growth: the response cache, reachable from the gateway's tasks only. */
export function buildCache(ctx: RegionContext, network: Network, stack: AwsGrown): ResponseCache {
  return new ResponseCache(
    `${ctx.name}-cache`,
    {
      cache: stack.cache,
      region: ctx.region,
      names: ctx.scope,
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      clientSecurityGroupIds: [network.gatewaySecurityGroupId],
      recoveryWindowInDays: ctx.recoveryWindowInDays,
      semanticCache: stack.stage !== "growth" && stack.semanticCache !== undefined,
    },
    childOpts(ctx),
  );
}

/** Growth with `cache.tiers.cold`: the cold cache tier's bucket in the region (cache-cold.ts). */
export function buildColdCache(ctx: RegionContext, stack: AwsGrown, requestLog: RequestLog): SecureBucket | undefined {
  const cold = stack.cache.tiers?.cold;
  if (!cold) return undefined;
  return coldCacheBucket(`${ctx.name}-cache-cold`, { ttlDays: cold.ttlDays, ...(requestLog.keyArn ? { kmsKeyArn: requestLog.keyArn } : {}) }, childOpts(ctx));
}

/** Growth: the job queue, its dead-letter queue and the results bucket. */
export function buildQueue(ctx: RegionContext, stack: AwsGrown): JobQueue {
  return new JobQueue(`${ctx.name}-queue`, { queue: stack.queue, retentionDays: stack.logging.retentionDays, protect: ctx.deletionProtection }, childOpts(ctx));
}

/** Scale: the EKS cluster with its GPU pools and the vLLM releases, scaled on the queue. */
export function buildCluster(ctx: RegionContext, network: Network, queue: JobQueue, stack: AtStage<AwsStack, "scale">): Cluster {
  // `-kubernetes`: `${name}-cluster` is the ECS cluster's name.
  return new Cluster(
    `${ctx.name}-kubernetes`,
    {
      cluster: stack.cluster,
      selfHosted: stack.selfHosted,
      serving: { cloud: "aws", selfHosted: stack.selfHosted, ...(stack.stage === "enterprise" && stack.fineTuning ? { fineTuning: stack.fineTuning } : {}) },
      deletionProtection: ctx.deletionProtection,
      scope: ctx.scope,
      tags: ctx.tags,
      vpcId: network.vpcId,
      regionCidr: ctx.cidr,
      natGatewayIds: natGatewaysOf(network),
      queue: { arn: queue.queueArn, url: queue.queueUrl },
    },
    childOpts(ctx),
  );
}

/** The cluster's nodes route through the NAT gateway; rules/aws-nat-instance-prototype keeps a NAT instance out of scale. */
/** The cluster's nodes route through the region's NAT gateways; the config refuses a NAT instance where there is a cluster. */
function natGatewaysOf(network: Network): [pulumi.Output<string>, pulumi.Output<string>] {
  if (!network.natGatewayIds) throw new Error("network.egress: the cluster needs nat-gateway (nat-instance is for stage prototype only)");
  return network.natGatewayIds;
}

export interface KeysDatabaseParts {
  database: KeysDatabase;
  /** The primary of a multi-region stack: the global database the others join. */
  shared?: PrimaryKeysDatabase;
}

/**
 * Growth: LiteLLM's keys database (`${name}-database`, stable: the global database builds on it);
 * with several regions the primary's cluster becomes an Aurora global database the others join.
 */
export function buildKeysDatabase(ctx: RegionContext, network: Network, stack: AwsGrown, primary: PrimaryKeysDatabase | undefined): KeysDatabaseParts {
  const database = new KeysDatabase(
    `${ctx.name}-database`,
    {
      database: stack.database,
      deletionProtection: ctx.deletionProtection,
      names: ctx.scope,
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      clientSecurityGroupId: network.gatewaySecurityGroupId,
      recoveryWindowInDays: ctx.recoveryWindowInDays,
      replicaRegions: ctx.index === 0 ? stack.regions.slice(1) : [],
      ...(primary ? { primary } : {}),
    },
    childOpts(ctx),
  );
  if (ctx.index !== 0 || !needsGlobalDatabase(stack.regions)) return { database };
  const global = new GlobalKeysDatabase(
    `${ctx.name}-global-database`,
    { names: ctx.scope, sourceClusterArn: database.clusterArn, deletionProtection: ctx.deletionProtection },
    childOpts(ctx),
  );
  const shared = database.passwordSecretArn
    ? { globalClusterIdentifier: global.globalClusterIdentifier, engineVersion: global.engineVersion, passwordSecretArn: database.passwordSecretArn }
    : undefined;
  return { database, ...(shared ? { shared } : {}) };
}

/** LiteLLM's master key in Secrets Manager. */
export function buildMasterKey(ctx: RegionContext): GatewayMasterKey {
  return new GatewayMasterKey(`${ctx.name}-gateway-key`, { recoveryWindowInDays: ctx.recoveryWindowInDays }, childOpts(ctx));
}

export interface GatewayInputs {
  network: Network;
  secrets: ProviderSecrets;
  requestLog: RequestLog;
  containers: aws.ecs.Cluster;
  masterKey: GatewayMasterKey;
  cache?: ResponseCache | undefined;
  /** The cold cache tier's bucket (`buildColdCache`). */
  coldCache?: SecureBucket | undefined;
  database?: KeysDatabase | undefined;
  /** A secondary region of the global keys database: only the primary's LiteLLM migrates the schema. */
  secondary: boolean;
  cluster?: Cluster | undefined;
  /** Group → ARN of its Bedrock Provisioned Throughput (`dedicated`, bought in the primary region). */
  dedicated?: Record<string, pulumi.Output<string>>;
}

/**
 * The stack's Bedrock Provisioned Throughputs (`dedicated`), bought in the primary region (the
 * rules put them there): group → the provisioned model's ARN, which every region's gateway invokes.
 */
export function buildDedicated(ctx: RegionContext, stack: AwsStack): Record<string, pulumi.Output<string>> {
  const out: Record<string, pulumi.Output<string>> = {};
  for (const d of stack.dedicated ?? []) {
    out[d.group] = new ProvisionedThroughput(`${ctx.name}-dedicated-${d.group}`, { dedicated: d, names: ctx.scope }, childOpts(ctx)).provisionedModelArn;
  }
  return out;
}

/** LiteLLM on Fargate behind the internal NLB, pointed at the stage's cache, keys database and models. */
export function buildGateway(ctx: RegionContext, stack: AwsStack, i: GatewayInputs): LlmGateway {
  const { network, cache, database } = i;
  const bedrock = Object.values(stack.providers).some((p) => p.kind === "bedrock");
  const vllmEnvironment = Object.fromEntries(Object.entries(i.cluster?.vllmEndpoints ?? {}).map(([group, url]) => [vllmUrlEnv(group), url]));
  return new LlmGateway(
    `${ctx.name}-gateway`,
    {
      config: renderGatewayConfig(stack, { logTarget: "s3" }),
      gateway: stack.gateway,
      retentionDays: stack.logging.retentionDays,
      ...(bedrock ? { bedrockRegions: stack.jurisdiction === "global" ? ["*"] : allowedRegions("aws", stack.jurisdiction) } : {}),
      names: ctx.scope,
      clusterArn: i.containers.arn,
      clusterName: i.containers.name,
      vpcId: network.vpcId,
      taskSubnetIds: network.privateSubnetIds,
      lbSubnetIds: network.privateSubnetIds,
      securityGroupId: network.gatewaySecurityGroupId,
      nlbSecurityGroupId: network.nlbSecurityGroupId,
      ...(i.requestLog.keyArn ? { logKeyArn: i.requestLog.keyArn } : {}),
      logBucket: { bucket: i.requestLog.bucket.bucket, arn: i.requestLog.bucket.arn },
      ...(i.coldCache ? { coldCacheBucket: { bucket: i.coldCache.bucket, arn: i.coldCache.arn } } : {}),
      ...(hookModules(stack).length > 0 ? { hookModules: hookModules(stack).map((m) => ({ module: m.module, source: readFileSync(m.file, "utf8") })) } : {}),
      providerSecretArns: i.secrets.arns,
      extraSecrets: {
        [gatewayEnv.masterKey]: i.masterKey.secretArn,
        ...(cache ? { [gatewayEnv.redisPassword]: cache.authSecretArn } : {}),
        ...(cache?.urlSecretArn ? { [semanticCacheUrlEnv]: cache.urlSecretArn } : {}),
        ...(database ? { [databaseEnv.password]: database.passwordValueFrom } : {}),
      },
      extraEnvironment: {
        ...(cache ? { [gatewayEnv.redisHost]: cache.host, [gatewayEnv.redisPort]: String(cachePort) } : {}),
        ...(i.coldCache ? { [cacheBucketEnv]: i.coldCache.bucket } : {}),
        ...(database
          ? {
              [databaseEnv.host]: database.localEndpoint,
              [databaseEnv.port]: String(database.port),
              [databaseEnv.name]: database.databaseName,
              [databaseEnv.user]: database.username,
              // The cluster refuses plaintext (`rds.force_ssl`); LiteLLM asks for TLS.
              [databaseEnv.sslMode]: databaseSslMode,
            }
          : {}),
        // Write forwarding forwards DML only, not DDL: only the primary's LiteLLM migrates the schema
        // (the pinned LiteLLM, `litellmVersion`, reads `DISABLE_SCHEMA_UPDATE` in litellm/proxy/db/prisma_client.py;
        // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding-apg.html).
        ...(i.secondary && database ? { DISABLE_SCHEMA_UPDATE: "true" } : {}),
        ...vllmEnvironment,
        ...Object.fromEntries(Object.entries(i.dedicated ?? {}).map(([group, arn]) => [dedicatedEnv(group), arn])),
      },
      ...(i.dedicated && Object.keys(i.dedicated).length > 0 ? { provisionedModelArns: Object.values(i.dedicated) } : {}),
    },
    childOpts(ctx),
  );
}

/** The REST API in front of the gateway, and the WAF with `api.waf`. */
export function buildFrontDoor(ctx: RegionContext, stack: AwsStack, gateway: LlmGateway, masterKey: GatewayMasterKey): FrontDoor {
  // From growth callers bring LiteLLM virtual keys as `Authorization: Bearer sk-...`.
  const keysDatabase = stack.stage !== "prototype";
  const frontDoor = new FrontDoor(
    `${ctx.name}-api`,
    {
      api: stack.api,
      keysDatabase,
      manageApiGatewayAccount: stack.manageApiGatewayAccount,
      timeoutSeconds: stack.gateway.timeoutSeconds,
      retentionDays: stack.logging.retentionDays,
      names: ctx.scope,
      nlbArn: gateway.nlbArn,
      nlbDnsName: gateway.nlbDnsName,
      gatewayKey: masterKey.value,
    },
    childOpts(ctx),
  );
  if (stack.api.waf) new ApiFirewall(`${ctx.name}-waf`, { stack: ctx.scope.stack, perKey: stack.api.perKey, bearerKeys: keysDatabase, stageArn: frontDoor.stageArn }, childOpts(ctx));
  return frontDoor;
}

/** Token and cost queries over the request log. */
export function buildUsage(ctx: RegionContext, traffic: TrafficConfig, requestLog: RequestLog): UsageAnalytics {
  return new UsageAnalytics(`${ctx.name}-usage`, { scope: ctx.scope, traffic, logBucket: { bucket: requestLog.bucket.bucket } }, childOpts(ctx));
}

/** Growth: the async worker, scaled on the queue's depth. */
export function buildWorker(ctx: RegionContext, stack: AwsGrown, i: { containers: aws.ecs.Cluster; network: Network; queue: JobQueue; gateway: LlmGateway; masterKey: GatewayMasterKey }): AsyncWorker {
  return new AsyncWorker(
    `${ctx.name}-worker`,
    {
      worker: stack.worker,
      queueConfig: stack.queue,
      gatewayTimeoutSeconds: stack.gateway.timeoutSeconds,
      retentionDays: stack.logging.retentionDays,
      names: ctx.scope,
      clusterArn: i.containers.arn,
      clusterName: i.containers.name,
      vpcId: i.network.vpcId,
      subnetIds: i.network.privateSubnetIds,
      queue: { url: i.queue.queueUrl, arn: i.queue.queueArn, name: i.queue.queueName },
      results: { bucket: i.queue.resultsBucket, arn: i.queue.resultsBucketArn },
      gatewayUrl: i.gateway.internalUrl,
      gatewayKeySecretArn: i.masterKey.secretArn,
    },
    childOpts(ctx),
  );
}

/** Enterprise with `fineTuning`: the export and LoRA runs, on this region's cluster and buckets only. */
export function buildFineTuning(
  ctx: RegionContext,
  stack: AwsEnterprise & { fineTuning: NonNullable<AwsEnterprise["fineTuning"]> },
  i: { cluster: Cluster; requestLog: RequestLog; worker: AsyncWorker },
): FineTuning {
  return new FineTuning(
    `${ctx.name}-fine-tuning`,
    {
      release: { fineTuning: stack.fineTuning },
      baseModels: fineTuningBaseModels(stack.fineTuning, stack.selfHosted),
      region: ctx.region,
      cluster: i.cluster,
      logBucket: { bucket: i.requestLog.bucket.bucket, arn: i.requestLog.bucket.arn },
      ...(i.requestLog.keyArn ? { logKeyArn: i.requestLog.keyArn } : {}),
      workerRepositoryUrl: i.worker.repositoryUrl,
    },
    childOpts(ctx),
  );
}

/** Growth: what the dashboard shows of the cache, queue and worker. */
export function growthPanels(stack: AwsGrown, cache: ResponseCache, queue: JobQueue, worker: AsyncWorker): pulumi.Output<DashboardInputs["growth"]> {
  const costPerRequestUsd = estimatedCostPerRequest(stack);
  return pulumi.all([cache.memberClusterIds, queue.queueName, queue.dlqName, worker.serviceName]).apply(([cacheClusterIds, queueName, dlqName, workerServiceName]) => ({
    cacheClusterIds,
    queueName,
    dlqName,
    workerServiceName,
    ...(costPerRequestUsd === undefined ? {} : { costPerRequestUsd }),
  }));
}

/** The region's CloudWatch dashboard; returns its console URL. */
export function buildDashboard(
  ctx: RegionContext,
  i: { frontDoor: FrontDoor; containers: aws.ecs.Cluster; gateway: LlmGateway; usage: UsageAnalytics; growth?: pulumi.Output<DashboardInputs["growth"]> | undefined },
): pulumi.Output<string> {
  const dashboardName = shortName(ctx.scope, "llm", 255);
  const { frontDoor, usage } = i;
  new aws.cloudwatch.Dashboard(
    `${ctx.name}-dashboard`,
    {
      dashboardName,
      dashboardBody: pulumi
        .all([frontDoor.apiName, frontDoor.stageName, i.containers.name, i.gateway.serviceName, usage.workgroupName, usage.databaseName, i.growth ?? pulumi.output(undefined)])
        .apply(([apiName, stageName, clusterName, gatewayServiceName, workgroup, database, g]) =>
          renderDashboardBody({ region: ctx.region, apiName, stageName, clusterName, gatewayServiceName, athena: { workgroup, database }, ...(g ? { growth: g } : {}) }),
        ),
    },
    childOpts(ctx),
  );
  return pulumi.output(dashboardConsoleUrl(ctx.region, dashboardName));
}

/** CloudWatch dimensions of the request path, for the health alerts. */
export function healthDimensions(frontDoor: FrontDoor, gateway: LlmGateway, queue: JobQueue | undefined): HealthDimensions {
  return {
    apiName: frontDoor.apiName,
    stageName: frontDoor.stageName,
    nlbArnSuffix: gateway.nlbArnSuffix,
    targetGroupArnSuffix: gateway.targetGroupArnSuffix,
    ...(queue ? { dlqName: queue.dlqName } : {}),
  };
}
