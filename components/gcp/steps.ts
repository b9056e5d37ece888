import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { FineTuning as FineTuningConfig, GcpStack, QueueConfig } from "../config/model";
import { fromStage } from "../config/model";
import type { Secret } from "../config/secret";
import { readFileSync } from "node:fs";
import { cacheBucketEnv } from "../gateway/cache-tiers";
import { hookModules } from "../gateway/hooks";
import { renderGatewayConfig, semanticCacheUrlEnv, vllmUrlEnv } from "../gateway/render";
import { dedicatedEnv } from "../gateway/dedicated";
import { DedicatedEndpoint } from "./dedicated";
import { adminPrefix } from "../gateway/routes";
import { litellmImageRef } from "../gateway/versions";
import type { RegionArgs, RegionDetailsInputs } from "../platform/contract";
import { gcpLabels, regionCidr } from "../platform/tags";
import { SecureBucket } from "./bucket";
import { ResponseCache } from "./cache";
import { Cluster } from "./cluster";
import { type GcpGrowthStack, type GcpScaleStack, type RegionContext, stepOpts } from "./context";
import { KeysDatabase, databaseSettings, gatewayDatabaseEnv } from "./database";
import { FineTuning } from "./fine-tuning";
import { apiBasePath, frontDoorNames } from "./front-door";
import { LlmGateway, gatewaySizing } from "./llm-gateway";
import { GatewayMasterKey } from "./master-key";
import { gcpName, nameLimits } from "./names";
import { Network } from "./network";
import { JobQueue } from "./queue";
import { ImageMirror } from "./registry";
import { QueueScaler } from "./scaler";
import { ProviderSecrets } from "./secrets";
import { ProjectServices } from "./services";
import { UsageAnalytics, dailySpendLimits } from "./usage";
import { AsyncWorker } from "./worker";

/**
 * The build steps of a GCP region, in the order the region runs them. Each takes the region's
 * context and the slices it needs, already narrowed to the stage that has them, and returns the
 * component it built; the names match the AWS steps where the concept does.
 */

/** What `regionDetails.<region>.workerPool` says before the worker image is pushed. */
export const workerPoolPending =
  "not created yet: push the worker image to workerRepository, then pulumi config set --path 'ai-infra:worker.imageTag' <tag> and pulumi up (README, First deploy)";

/**
 * The stack's URL on GCP: the global front door's, the same in every region and at every stage.
 * A region has no public endpoint of its own (Cloud Run ingress admits only the load balancer), so
 * a region's `apiUrl` is this URL too; the balancer sends each caller to the nearest healthy region.
 */
export function gcpApiUrl(domain: string): string {
  return `https://${domain}${apiBasePath}`;
}

/**
 * The region's context. Its explicit provider means the ambient gcp:project/gcp:region config can
 * never redirect a resource; `dependsOn` is added once the APIs are enabled (`buildServices`).
 */
export function buildRegionContext(parent: pulumi.ComponentResource, name: string, args: RegionArgs<GcpStack>): RegionContext {
  const { stack, region, index, tags } = args;
  const labels = gcpLabels(tags);
  const provider = new gcp.Provider(`${name}-provider`, { project: stack.gcpProject, region, defaultLabels: labels }, { parent });
  return {
    provider,
    scope: { gcpProject: stack.gcpProject, project: stack.project, stack: stack.stack, region },
    gcpProject: stack.gcpProject,
    region,
    labels,
    name,
    parent,
    index,
    regionCidr: regionCidr(stack.network.cidr, index),
    tags,
    protect: stack.deletionProtection,
  };
}

/** The Google APIs of what the stack's stage builds; everything else in the region waits for them. */
export function buildServices(ctx: RegionContext, stack: GcpStack): ProjectServices {
  const growth = fromStage(stack, "growth");
  const needs = { cache: growth, queue: growth, budgets: growth, cluster: fromStage(stack, "scale"), keys: true, ...(stack.dedicated ? { vertex: true } : {}) };
  return new ProjectServices(`${ctx.name}-services`, { ctx, needs }, stepOpts(ctx));
}

export function buildSecrets(ctx: RegionContext, providerKeys: Record<string, Secret>): ProviderSecrets {
  return new ProviderSecrets(`${ctx.name}-secrets`, { ctx, keys: providerKeys, protect: ctx.protect }, stepOpts(ctx));
}

export function buildRequestLog(ctx: RegionContext, retentionDays: number): SecureBucket {
  return new SecureBucket(`${ctx.name}-logs`, { ctx, bucketName: gcpName(ctx.scope, "requests", nameLimits.bucket), retentionDays, protect: ctx.protect }, stepOpts(ctx));
}

/**
 * Growth with `cache.tiers.cold`: the cold cache tier's bucket, a bucket of its own in the region
 * (not a prefix of the request log: its objects are deleted after the tier's TTL, the log's after
 * the log retention, and the gateway may read cached answers back but never a log). SecureBucket:
 * single region, versioned, public access prevented, Google-managed encryption; its age rule
 * deletes objects (all versions) `ttlDays` after they were written
 * (https://cloud.google.com/storage/docs/lifecycle#age). Not protected: cached answers can be recomputed.
 */
export function buildColdCache(ctx: RegionContext, stack: GcpGrowthStack): SecureBucket | undefined {
  const cold = stack.cache.tiers?.cold;
  if (!cold) return undefined;
  return new SecureBucket(`${ctx.name}-cache-cold`, { ctx, bucketName: gcpName(ctx.scope, "cache-cold", nameLimits.bucket), retentionDays: cold.ttlDays }, stepOpts(ctx));
}

/** `shared`: the primary region's key value (absent in the primary, which generates it). */
export function buildMasterKey(ctx: RegionContext, shared: pulumi.Input<string> | undefined): GatewayMasterKey {
  return new GatewayMasterKey(`${ctx.name}-master-key`, { ctx, shared, protect: ctx.protect }, stepOpts(ctx));
}

export function buildImageMirror(ctx: RegionContext): ImageMirror {
  return new ImageMirror(`${ctx.name}-mirror`, { ctx, upstreamImage: litellmImageRef() }, stepOpts(ctx));
}

/** `shared`: the primary region's VPC (one per stack), absent in the primary. */
export function buildNetwork(ctx: RegionContext, shared: gcp.compute.Network | undefined): Network {
  // Same child name as when the VPC came with the cache at growth, so promotion keeps it.
  return new Network(`${ctx.name}-network`, { ctx, regionCidr: ctx.regionCidr, network: shared, protect: ctx.protect }, stepOpts(ctx));
}

/** `primary`: the primary region's database, which a secondary region replicates. */
export function buildKeysDatabase(ctx: RegionContext, stack: GcpStack, network: Network, primary: KeysDatabase | undefined): KeysDatabase {
  return new KeysDatabase(
    `${ctx.name}-database`,
    { ctx, settings: databaseSettings(stack), network: network.network.id, regionCidr: ctx.regionCidr, primary },
    stepOpts(ctx),
  );
}

export function buildCache(ctx: RegionContext, stack: GcpGrowthStack, network: Network): ResponseCache {
  return new ResponseCache(
    `${ctx.name}-cache`,
    {
      ctx,
      cache: stack.cache,
      stackName: stack.stack,
      semanticCache: fromStage(stack, "scale") && stack.semanticCache !== undefined,
      protect: ctx.protect,
      network: network.network.id,
      reservedIpRange: network.plan.cacheRange,
    },
    stepOpts(ctx),
  );
}

export function buildQueue(ctx: RegionContext, queue: QueueConfig): JobQueue {
  return new JobQueue(`${ctx.name}-queue`, { ctx, queue, protect: ctx.protect }, stepOpts(ctx));
}

/** The cluster scales its releases on the queue's backlog, so the queue comes first. */
export function buildCluster(ctx: RegionContext, stack: GcpScaleStack, network: Network, queue: JobQueue): Cluster {
  // `-kubernetes`, as on AWS, where `-cluster` is the ECS cluster.
  return new Cluster(
    `${ctx.name}-kubernetes`,
    {
      ctx,
      cluster: stack.cluster,
      selfHosted: stack.selfHosted,
      ...(stack.fineTuning ? { fineTuning: stack.fineTuning } : {}),
      network: network.network.id,
      regionCidr: ctx.regionCidr,
      queueSubscription: queue.subscription.id,
      protect: ctx.protect,
    },
    stepOpts(ctx),
  );
}

/** What the gateway is wired to: each part present from the stage that builds it. */
export interface GatewayParts {
  logs: SecureBucket;
  secrets: ProviderSecrets;
  mirror: ImageMirror;
  masterKey: GatewayMasterKey;
  network: Network;
  database: KeysDatabase;
  cache?: ResponseCache;
  /** The cold cache tier's bucket (`buildColdCache`). */
  coldCache?: SecureBucket | undefined;
  cluster?: Cluster;
  /** Group → base URL of its dedicated Vertex AI endpoint (`dedicated`, in the primary region). */
  dedicated?: Record<string, pulumi.Output<string>>;
}

/** The stack's dedicated Vertex AI endpoints (`dedicated`), deployed in the primary region (the rules put them there). */
export function buildDedicated(ctx: RegionContext, stack: GcpStack): DedicatedEndpoint[] {
  return (stack.dedicated ?? []).map((d) => new DedicatedEndpoint(`${ctx.name}-dedicated-${d.group}`, { ctx, dedicated: d }, stepOpts(ctx)));
}

/** The gateway comes after the cluster: its environment carries the models' internal addresses. */
export function buildGateway(ctx: RegionContext, stack: GcpStack, p: GatewayParts): LlmGateway {
  const dbEnv = gatewayDatabaseEnv(p.database);
  const vllmEnvironment = Object.fromEntries(Object.entries(p.cluster?.vllmEndpoints ?? {}).map(([group, url]) => [vllmUrlEnv(group), url]));
  const { cache } = p;
  return new LlmGateway(
    `${ctx.name}-gateway`,
    {
      ctx,
      stackName: stack.stack,
      config: renderGatewayConfig(stack, { logTarget: "gcs" }),
      sizing: gatewaySizing(stack),
      protect: ctx.protect,
      logBucket: p.logs.name,
      providerSecrets: p.secrets.refs,
      image: p.mirror.image,
      masterKey: { secret: p.masterKey.secret, version: p.masterKey.version },
      redis: cache && { host: cache.host, port: cache.port, passwordSecret: cache.authSecret, passwordVersion: cache.authVersion, caCert: cache.caCert },
      vpc: { network: p.network.network.id, subnetwork: p.network.subnet.id },
      ...(p.coldCache ? { coldCacheBucket: p.coldCache.name } : {}),
      ...(hookModules(stack).length > 0 ? { hookModules: hookModules(stack).map((m) => ({ module: m.module, source: readFileSync(m.file, "utf8") })) } : {}),
      extraEnvironment: {
        ...vllmEnvironment,
        ...dbEnv.plain,
        ...(p.coldCache ? { [cacheBucketEnv]: p.coldCache.name } : {}),
        ...Object.fromEntries(Object.entries(p.dedicated ?? {}).map(([group, url]) => [dedicatedEnv(group), url])),
      },
      extraSecrets: {
        ...(cache?.urlSecret && cache.urlVersion ? { [semanticCacheUrlEnv]: { secret: cache.urlSecret, version: cache.urlVersion } } : {}),
        ...dbEnv.secrets,
      },
    },
    stepOpts(ctx),
  );
}

/** The async worker, and its autoscaler once the pool exists (the worker image is pushed). */
export function buildWorker(
  ctx: RegionContext,
  stack: GcpGrowthStack,
  p: { queue: JobQueue; masterKey: GatewayMasterKey; gatewayUrl: string },
): { worker: AsyncWorker; scaler?: QueueScaler } {
  const { queue, masterKey } = p;
  const worker = new AsyncWorker(
    `${ctx.name}-worker`,
    {
      ctx,
      worker: stack.worker,
      stackName: stack.stack,
      retentionDays: stack.logging.retentionDays,
      protect: ctx.protect,
      subscriptionId: queue.subscription.id,
      subscriptionName: queue.subscription.name,
      ackDeadlineSeconds: queue.settings.ackDeadlineSeconds,
      gatewayUrl: p.gatewayUrl,
      gatewayTimeoutSeconds: gatewaySizing(stack).requestTimeoutSeconds,
      masterKey: { secret: masterKey.secret, version: masterKey.version },
    },
    stepOpts(ctx),
  );
  if (!worker.pool || !worker.poolPath) return { worker };
  const scaler = new QueueScaler(
    `${ctx.name}-scaler`,
    {
      ctx,
      worker: stack.worker,
      stackName: stack.stack,
      workerPool: worker.poolPath,
      workerPoolName: worker.pool.name,
      workerServiceAccount: worker.serviceAccount.email,
      subscription: queue.subscription.id,
    },
    stepOpts(ctx),
  );
  return { worker, scaler };
}

export function buildFineTuning(ctx: RegionContext, stack: GcpScaleStack, fineTuning: FineTuningConfig, p: { cluster: Cluster; logs: SecureBucket; worker: AsyncWorker }): FineTuning {
  return new FineTuning(
    `${ctx.name}-fine-tuning`,
    {
      ctx,
      fineTuning,
      selfHosted: stack.selfHosted,
      stackName: stack.stack,
      imageTag: stack.worker.imageTag,
      cluster: p.cluster,
      logBucket: p.logs.name,
      workerRepositoryUrl: p.worker.repositoryUrl,
    },
    stepOpts(ctx),
  );
}

/** Token and cost tracking and the region's dashboard; from growth with the cache, queue and spend tiles. */
export function buildUsage(
  ctx: RegionContext,
  stack: GcpStack,
  p: { logs: SecureBucket; gateway: LlmGateway; growth?: { stack: GcpGrowthStack; cache: ResponseCache; queue: JobQueue } },
): UsageAnalytics {
  const { growth } = p;
  return new UsageAnalytics(
    `${ctx.name}-usage`,
    {
      ctx,
      stack: stack.stack,
      logBucket: p.logs.name,
      serviceName: p.gateway.serviceName,
      frontDoor: frontDoorNames({ gcpProject: stack.gcpProject, project: stack.project, stack: stack.stack }),
      growth: growth && { redisInstanceId: growth.cache.instance.id, queueSubscription: growth.queue.subscription.name, spendLimits: dailySpendLimits(growth.stack.budget) },
    },
    stepOpts(ctx),
  );
}

/** What the engineer needs from the region after `up`, each entry present once the stage has its piece. */
export function regionDetails(p: {
  apiUrl: string;
  mirror: ImageMirror;
  masterKey: GatewayMasterKey;
  database: KeysDatabase;
  queue?: JobQueue;
  worker?: AsyncWorker;
  cluster?: Cluster;
  fineTuning?: FineTuning;
}): RegionDetailsInputs {
  const { queue, worker, cluster, fineTuning } = p;
  const entries: RegionDetailsInputs = {
    gatewayImage: p.mirror.image,
    // Through the front door (any region may answer); Cloud Armor admits it from api.adminCidrs only.
    adminUrl: `${p.apiUrl}${adminPrefix}`,
    masterKeySecret: p.masterKey.secret.id,
    queueTopic: queue?.topic.id,
    queueSubscription: queue?.subscription.id,
    deadLetterTopic: queue?.deadLetterTopic.id,
    deadLetterSubscription: queue?.deadLetterSubscription.id,
    workerRepository: worker?.repositoryUrl,
    workerPool: worker && (worker.poolPath ?? workerPoolPending),
    resultsBucket: worker?.results.name,
    clusterName: cluster?.clusterName,
    modelCacheBucket: cluster?.modelCacheBucket,
    fineTuning: fineTuning?.status,
    fineTuningIdentity: fineTuning?.serviceAccount.email,
    fineTuningExportCommand: fineTuning?.exportCommand,
    databaseHost: p.database.host,
    databaseSecret: p.database.passwordSecret.secretId,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}
