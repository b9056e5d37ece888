import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { semanticCacheUrlEnv, vllmUrlEnv } from "../gateway/render";
import { litellmImageRef } from "../gateway/versions";
import type { RegionArgs, RegionDetails, RegionalPlatform } from "../platform/contract";
import { gcpLabels, regionCidr } from "../platform/tags";
import { SecureBucket } from "./bucket";
import { ResponseCache } from "./cache";
import { GcpCluster } from "./cluster";
import { type GcpContext, componentOpts } from "./context";
import { KeysDatabase, gatewayDatabaseEnv } from "./database";
import { adminPrefix } from "../gateway/routes";
import { apiBasePath, frontDoorNames } from "./front-door";
import { LlmGateway, gatewaySizing } from "./llm-gateway";
import { GatewayMasterKey } from "./master-key";
import { gcpName, nameLimits } from "./names";
import { PrivateNetwork } from "./network";
import { JobQueue } from "./queue";
import { GcpFineTuning } from "./fine-tuning";
import { ImageMirror } from "./registry";
import { ProviderSecrets } from "./secrets";
import { QueueScaler } from "./scaler";
import { ProjectServices } from "./services";
import { UsageAnalytics, dailySpendLimits } from "./usage";
import { AsyncWorker } from "./worker";

/** What `regionDetails.<region>.workerPool` says before the worker image is pushed. */
export const workerPoolPending =
  "not created yet: push the worker image to workerRepository, then pulumi config set --path 'ai-infra:worker.imageTag' <tag> and pulumi up (README, First deploy)";

/** The region's details output, without the entries the stage does not have. */
export function regionDetails(entries: { [K in keyof RegionDetails]: pulumi.Input<RegionDetails[K]> | undefined }): pulumi.Output<RegionDetails> {
  const present = Object.entries(entries).filter(([, v]) => v !== undefined);
  return pulumi.all(present.map(([, v]) => v)).apply((values): RegionDetails => Object.fromEntries(present.map(([k], i) => [k, values[i]])));
}

/**
 * The stack's URL on GCP: the global front door's, the same in every region and at every stage.
 * A region has no public endpoint of its own (Cloud Run ingress admits only the load balancer), so
 * a region's `apiUrl` is this URL too; the balancer sends each caller to the nearest healthy region.
 */
export function gcpApiUrl(domain: string): string {
  return `https://${domain}${apiBasePath}`;
}

/**
 * One region of a GCP stack. Every child name is `${name}-<role>` and depends only on the
 * region, never on the stage: promoting a stack adds children (cache, queue, worker) and changes
 * settings, and every URN of the prototype stays what it was.
 */
export class GcpRegion extends pulumi.ComponentResource implements RegionalPlatform {
  readonly region: string;
  readonly provider: gcp.Provider;
  readonly apiUrl: pulumi.Output<string>;
  readonly apiHost: pulumi.Output<string>;
  readonly requestLogBucket: pulumi.Output<string>;
  readonly dashboardUrl: pulumi.Output<string>;
  readonly queueName?: pulumi.Output<string>;
  readonly details: pulumi.Output<RegionDetails>;

  /** The APIs the region enables; stack-wide resources that need one of them wait for it. */
  readonly services: ProjectServices;
  readonly secrets: ProviderSecrets;
  readonly logs: SecureBucket;
  readonly gateway: LlmGateway;
  /** LiteLLM's master key in this region's Secret Manager (one value for the whole stack). */
  readonly masterKey: GatewayMasterKey;
  readonly usage: UsageAnalytics;
  /** The keys database (every stage on GCP) and the VPC it is private in. */
  readonly network?: PrivateNetwork;
  readonly database?: KeysDatabase;
  /** Growth. */
  readonly cache?: ResponseCache;
  readonly queue?: JobQueue;
  readonly worker?: AsyncWorker;
  readonly scaler?: QueueScaler;
  /** Scale. */
  readonly kubernetes?: GcpCluster;
  /** Enterprise, with `spec.fineTuning`: the export and training identity, grants and release. */
  readonly fineTuning?: GcpFineTuning;

  /** `earlier`: the regions built before this one, the primary first (its VPC, database and master key are shared). */
  constructor(name: string, args: RegionArgs, opts?: pulumi.ComponentResourceOptions, earlier: readonly GcpRegion[] = []) {
    super("ai-infra:gcp:Region", name, {}, opts);
    const { spec, region } = args;
    if (!spec.gcpProject) throw new Error("gcpProject is required for cloud gcp (the spec validates this)");
    if (!spec.api.domain) throw new Error("api.domain is required for cloud gcp (the spec validates this)");
    this.region = region;

    // Explicit provider: the ambient gcp:project/gcp:region config can never redirect a resource.
    this.provider = new gcp.Provider(
      `${name}-provider`,
      { project: spec.gcpProject, region, defaultLabels: gcpLabels(args.tags) },
      { parent: this },
    );
    const base: GcpContext = {
      provider: this.provider,
      scope: { gcpProject: spec.gcpProject, project: spec.project, stack: spec.stack, region },
      gcpProject: spec.gcpProject,
      region,
      labels: gcpLabels(args.tags),
    };
    const services = new ProjectServices(`${name}-services`, { ctx: base, capabilities: spec.capabilities }, componentOpts(this, base));
    this.services = services;
    const ctx: GcpContext = { ...base, dependsOn: [services] };
    const co = () => componentOpts(this, ctx);

    this.secrets = new ProviderSecrets(`${name}-secrets`, { ctx, keys: spec.providerKeys, protect: spec.deletionProtection }, co());
    this.logs = new SecureBucket(
      `${name}-logs`,
      {
        ctx,
        bucketName: gcpName(ctx.scope, "requests", nameLimits.bucket),
        retentionDays: spec.logging.retentionDays,
        protect: spec.deletionProtection,
      },
      co(),
    );
    this.masterKey = new GatewayMasterKey(`${name}-master-key`, { ctx, shared: earlier[0]?.masterKey.value, protect: spec.deletionProtection }, co());
    const mirror = new ImageMirror(`${name}-mirror`, { ctx, upstreamImage: litellmImageRef() }, co());

    const providerSecrets = Object.fromEntries(
      Object.entries(this.secrets.secrets).map(([p, secret]) => [p, { secret, version: this.secrets.versions[p]! }]),
    );
    const caps = spec.capabilities;
    const primary = earlier[0];
    // Same child name as when the VPC came with the cache at growth, so promotion keeps it.
    if (caps.keys || caps.cache) {
      this.network = new PrivateNetwork(`${name}-network`, { ctx, regionCidr: regionCidr(spec.network.cidr, args.index), network: primary?.network?.network, protect: spec.deletionProtection }, co());
    }
    if (caps.keys && this.network) {
      this.database = new KeysDatabase(
        `${name}-database`,
        { ctx, spec, network: this.network.network.id, regionCidr: regionCidr(spec.network.cidr, args.index), primary: primary?.database },
        co(),
      );
    }
    const dbEnv = this.database ? gatewayDatabaseEnv(this.database) : undefined;
    if (caps.cache && spec.cache && this.network) {
      this.cache = new ResponseCache(
        `${name}-cache`,
        { ctx, spec, network: this.network.network.id, reservedIpRange: this.network.plan.cacheRange },
        co(),
      );
    }
    // The queue comes before the cluster (its releases scale on the subscription's backlog), and
    // the cluster before the gateway, whose environment carries the models' internal addresses.
    const withQueue = caps.queue && spec.queue && spec.worker;
    if (withQueue) this.queue = new JobQueue(`${name}-queue`, { ctx, spec }, co());
    if (caps.cluster) {
      if (!this.network || !this.queue) throw new Error("the cluster needs the VPC and the job queue (the spec enables both from scale)");
      // `-kubernetes`, as on AWS, where `-cluster` is the ECS cluster.
      this.kubernetes = new GcpCluster(
        `${name}-kubernetes`,
        {
          ctx,
          spec,
          network: this.network.network.id,
          regionCidr: regionCidr(spec.network.cidr, args.index),
          queueSubscription: this.queue.subscription.id,
        },
        co(),
      );
    }
    const vllmEnvironment = Object.fromEntries(Object.entries(this.kubernetes?.vllmEndpoints ?? {}).map(([group, url]) => [vllmUrlEnv(group), url]));
    this.gateway = new LlmGateway(
      `${name}-gateway`,
      {
        ctx,
        spec,
        logBucket: this.logs.name,
        providerSecrets,
        image: mirror.image,
        masterKey: { secret: this.masterKey.secret, version: this.masterKey.version },
        redis: this.cache
          ? { host: this.cache.host, port: this.cache.port, passwordSecret: this.cache.authSecret, passwordVersion: this.cache.authVersion, caCert: this.cache.caCert }
          : undefined,
        vpc: this.network ? { network: this.network.network.id, subnetwork: this.network.subnet.id } : undefined,
        extraEnvironment: { ...vllmEnvironment, ...dbEnv?.plain },
        extraSecrets: {
          ...(this.cache?.urlSecret && this.cache.urlVersion ? { [semanticCacheUrlEnv]: { secret: this.cache.urlSecret, version: this.cache.urlVersion } } : {}),
          ...dbEnv?.secrets,
        },
      },
      co(),
    );
    const sizing = gatewaySizing(spec);
    const apiUrl = gcpApiUrl(spec.api.domain);
    if (this.queue) {
      this.worker = new AsyncWorker(
        `${name}-worker`,
        {
          ctx,
          spec,
          subscriptionId: this.queue.subscription.id,
          subscriptionName: this.queue.subscription.name,
          ackDeadlineSeconds: this.queue.settings.ackDeadlineSeconds,
          gatewayUrl: apiUrl,
          gatewayTimeoutSeconds: sizing.requestTimeoutSeconds,
          masterKey: { secret: this.masterKey.secret, version: this.masterKey.version },
        },
        co(),
      );
      // The autoscaler needs the pool, which exists once the worker image is pushed.
      if (this.worker.pool && this.worker.poolPath) this.scaler = new QueueScaler(
        `${name}-scaler`,
        {
          ctx,
          spec,
          workerPool: this.worker.poolPath,
          workerPoolName: this.worker.pool.name,
          workerServiceAccount: this.worker.serviceAccount.email,
          subscription: this.queue.subscription.id,
        },
        co(),
      );
      this.queueName = this.queue.topicName;
    }
    if (spec.fineTuning) {
      if (!this.kubernetes || !this.worker) throw new Error("fineTuning needs the cluster and the async worker (the spec enables both at enterprise)");
      this.fineTuning = new GcpFineTuning(
        `${name}-fine-tuning`,
        { ctx, spec, cluster: this.kubernetes, logBucket: this.logs.name, workerRepositoryUrl: this.worker.repositoryUrl },
        co(),
      );
    }
    this.usage = new UsageAnalytics(
      `${name}-usage`,
      {
        ctx,
        stack: spec.stack,
        logBucket: this.logs.name,
        serviceName: this.gateway.serviceName,
        frontDoor: frontDoorNames({ gcpProject: spec.gcpProject, project: spec.project, stack: spec.stack }),
        growth: caps.budgets
          ? { redisInstanceId: this.cache?.instance.id, queueSubscription: this.queue?.subscription.name, spendLimits: dailySpendLimits(spec.budget) }
          : undefined,
      },
      co(),
    );

    this.details = regionDetails({
      gatewayImage: mirror.image,
      // Through the front door (any region may answer); Cloud Armor admits it from api.adminCidrs only.
      adminUrl: `${apiUrl}${adminPrefix}`,
      masterKeySecret: this.masterKey.secret.id,
      queueTopic: this.queue?.topic.id,
      queueSubscription: this.queue?.subscription.id,
      deadLetterTopic: this.queue?.deadLetterTopic.id,
      deadLetterSubscription: this.queue?.deadLetterSubscription.id,
      workerRepository: this.worker?.repositoryUrl,
      workerPool: this.worker ? (this.worker.poolPath ?? pulumi.output(workerPoolPending)) : undefined,
      resultsBucket: this.worker?.results.name,
      clusterName: this.kubernetes?.clusterName,
      modelCacheBucket: this.kubernetes?.modelCacheBucket,
      fineTuning: this.fineTuning?.status,
      fineTuningIdentity: this.fineTuning?.serviceAccount.email,
      fineTuningExportCommand: this.fineTuning?.exportCommand,
      databaseHost: this.database?.host,
      databaseSecret: this.database?.passwordSecret.secretId,
    });
    this.apiUrl = pulumi.output(apiUrl);
    this.apiHost = pulumi.output(spec.api.domain);
    this.requestLogBucket = this.logs.name;
    this.dashboardUrl = this.usage.dashboardUrl;
    this.registerOutputs({
      region,
      apiUrl: this.apiUrl,
      apiHost: this.apiHost,
      requestLogBucket: this.requestLogBucket,
      dashboardUrl: this.dashboardUrl,
      queueName: this.queueName,
      details: this.details,
    });
  }
}
