import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { databaseEnv, gatewayEnv, semanticCacheUrlEnv, vllmUrlEnv } from "../gateway/render";
import type { RegionArgs, RegionDetails, RegionalPlatform } from "../platform/contract";
import type { HealthDimensions } from "./alarms";
import { regionCidr } from "../platform/tags";
import { ManagedApi } from "./api";
import { SecureBucket, logBucketLifecycleRules } from "./bucket";
import { ResponseCache, cachePort } from "./cache";
import { AwsCluster } from "./cluster";
import { KeysDatabase } from "./database";
import { AwsFineTuning } from "./fine-tuning";
import { fineTuningReleaseName } from "../kubernetes/fine-tuning-release";
import { GlobalKeysDatabase, type PrimaryKeysDatabase, needsGlobalDatabase } from "./database-global";
import { type DashboardInputs, dashboardConsoleUrl, estimatedCostPerRequest, renderDashboardBody } from "./dashboard";
import { LlmGateway, gatewayListenerPort, gatewayPort } from "./gateway";
import { GatewayKey } from "./gateway-key";
import { type NameScope, shortName } from "./names";
import { AwsNetwork } from "./network";
import { JobQueue } from "./queue";
import { ProviderSecrets } from "./secrets";
import { UsageAnalytics } from "./usage";
import { ApiFirewall } from "./waf";
import { AsyncWorker } from "./worker";

/**
 * Days a deleted secret can be restored (AWS allows 7–30): the shortest by default so a torn-down
 * test stack frees its names soon, the longest where the stack asks for deletion protection.
 */
export function secretRecoveryWindowDays(deletionProtection: boolean): number {
  return deletionProtection ? 30 : 7;
}

/**
 * One AWS region of the platform. Every resource below is created through this region's own
 * provider (region and default tags set there), never the ambient `aws:region`, so a
 * multi-region stack cannot put a resource in the wrong place and nothing escapes tagging.
 *
 * Child names depend on the region component's name and a fixed role only, never on the stage:
 * promotion adds children (cache, queue, worker) and changes settings, and keeps every URN.
 */
export class AwsRegion extends pulumi.ComponentResource implements RegionalPlatform {
  readonly region: string;
  readonly apiUrl: pulumi.Output<string>;
  readonly apiHost: pulumi.Output<string>;
  readonly requestLogBucket: pulumi.Output<string>;
  readonly dashboardUrl: pulumi.Output<string>;
  readonly queueName?: pulumi.Output<string>;
  /** The provider every child uses; stack-wide resources of this region reuse it. */
  readonly provider: aws.Provider;
  /** For stack-wide alarms on this region's API (CloudWatch dimensions). */
  readonly apiName: pulumi.Output<string>;
  readonly apiStageName: pulumi.Output<string>;
  /** CloudWatch dimensions of the request path, for the health alarms (see `HealthAlarms`). */
  readonly health: HealthDimensions;
  readonly details: pulumi.Output<RegionDetails>;
  /** The REST API's id and stage (regional custom domains map a base path onto them). */
  readonly restApiId: pulumi.Output<string>;
  /** From growth: the keys database (the enterprise global database builds on its cluster). */
  readonly database?: {
    clusterIdentifier: pulumi.Output<string>;
    clusterArn: pulumi.Output<string>;
    endpoint: pulumi.Output<string>;
    readerEndpoint: pulumi.Output<string>;
    secretArn: pulumi.Output<string>;
    /** Primary of a multi-region stack: what the secondary regions join (`database-global.ts`). */
    global?: PrimaryKeysDatabase;
  };
  /** The gateway's master key in Secrets Manager (the keys command reads it). */
  readonly masterKeySecretArn: pulumi.Output<string>;

  /**
   * `primaryDatabase`: in a secondary region of a multi-region stack, the primary region's
   * global keys database (from `createRegion`'s typed `earlier`).
   */
  constructor(name: string, args: RegionArgs, opts?: pulumi.ComponentResourceOptions, primaryDatabase?: PrimaryKeysDatabase) {
    super("ai-infra:aws:Region", name, {}, opts);
    const { spec, region, index, tags } = args;
    this.region = region;
    const names: NameScope = { project: spec.project, stack: spec.stack, region };

    const provider = new aws.Provider(`${name}-provider`, { region: region as aws.Region, defaultTags: { tags } }, { parent: this });
    this.provider = provider;
    const o = { parent: this, provider };

    const network = new AwsNetwork(`${name}-network`, { cidr: regionCidr(spec.network.cidr, index), region, gatewayPort, listenerPort: gatewayListenerPort }, o);
    const recoveryWindowInDays = secretRecoveryWindowDays(spec.deletionProtection);
    const secrets = new ProviderSecrets(`${name}-secrets`, { keys: spec.providerKeys, recoveryWindowInDays }, o);
    // Opt-in customer-managed key for the request log: rotation on, the default key policy (the
    // account's IAM decides who may use it), a 30-day deletion window.
    const logKey = spec.logging.customerManagedKey
      ? new aws.kms.Key(
          `${name}-request-log-key`,
          { description: `ai-infra request log of ${spec.stack} (${region})`, enableKeyRotation: true, deletionWindowInDays: 30 },
          { ...o, protect: spec.deletionProtection },
        )
      : undefined;
    const logStore = new SecureBucket(
      `${name}-request-log`,
      {
        lifecycleRules: logBucketLifecycleRules(spec.logging.retentionDays),
        protect: spec.deletionProtection,
        ...(logKey ? { kmsKeyArn: logKey.arn } : {}),
      },
      o,
    );

    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      {
        // Auto-named (`<logical>-<7 hex>`): a replacement never clashes with the old cluster's name.
        // Container Insights bills custom metrics per task; the free service-level CPU/memory
        // metrics are enough for the dashboard and autoscaling.
        settings: [{ name: "containerInsights", value: "disabled" }],
      },
      o,
    );

    // Growth: the cache comes before the gateway, whose environment points at it.
    const caps = spec.capabilities;
    const cache =
      caps.cache && spec.cache
        ? new ResponseCache(
            `${name}-cache`,
            {
              cache: spec.cache,
              region,
              names,
              vpcId: network.vpcId,
              subnetIds: network.privateSubnetIds,
              clientSecurityGroupIds: [network.gatewaySecurityGroupId],
              recoveryWindowInDays,
              semanticCache: spec.semanticCache !== undefined,
            },
            o,
          )
        : undefined;

    // The queue comes before the cluster (its releases scale on the queue's depth), and the
    // cluster before the gateway, whose environment carries the models' internal addresses.
    const withQueue = caps.queue && spec.queue && spec.worker;
    const queue = withQueue
      ? new JobQueue(`${name}-queue`, { queue: spec.queue!, retentionDays: spec.logging.retentionDays, protect: spec.deletionProtection }, o)
      : undefined;
    let kubernetes: AwsCluster | undefined;
    if (caps.cluster) {
      if (!queue) throw new Error("the cluster needs the job queue (the spec enables both from scale)");
      // `-kubernetes`: `${name}-cluster` is the ECS cluster's name.
      kubernetes = new AwsCluster(
        `${name}-kubernetes`,
        {
          spec,
          region,
          tags,
          vpcId: network.vpcId,
          regionCidr: regionCidr(spec.network.cidr, index),
          natGatewayId: network.natGatewayId,
          queue: { arn: queue.queueArn, url: queue.queueUrl },
        },
        o,
      );
    }
    const vllmEnvironment = Object.fromEntries(Object.entries(kubernetes?.vllmEndpoints ?? {}).map(([group, url]) => [vllmUrlEnv(group), url]));

    // Growth: LiteLLM's virtual keys, teams and budgets live in the keys database. The child
    // name `${name}-database` is stable: the enterprise global database builds on it.
    const database = caps.keys
      ? new KeysDatabase(
          `${name}-database`,
          {
            spec,
            region,
            names,
            vpcId: network.vpcId,
            subnetIds: network.privateSubnetIds,
            clientSecurityGroupId: network.gatewaySecurityGroupId,
            recoveryWindowInDays,
            replicaRegions: index === 0 ? spec.regions.slice(1) : [],
            ...(primaryDatabase ? { primary: primaryDatabase } : {}),
          },
          o,
        )
      : undefined;
    // Several regions: the primary's cluster becomes an Aurora global database the others join,
    // so a caller key made in any region is valid in all of them.
    const globalDatabase =
      database && index === 0 && needsGlobalDatabase(spec)
        ? new GlobalKeysDatabase(`${name}-global-database`, { names, sourceClusterArn: database.clusterArn, deletionProtection: spec.deletionProtection }, o)
        : undefined;

    const gatewayKey = new GatewayKey(`${name}-gateway-key`, { recoveryWindowInDays }, o);
    const gateway = new LlmGateway(
      `${name}-gateway`,
      {
        spec,
        region,
        names,
        clusterArn: cluster.arn,
        clusterName: cluster.name,
        vpcId: network.vpcId,
        taskSubnetIds: network.privateSubnetIds,
        lbSubnetIds: network.privateSubnetIds,
        securityGroupId: network.gatewaySecurityGroupId,
        nlbSecurityGroupId: network.nlbSecurityGroupId,
        ...(logKey ? { logKeyArn: logKey.arn } : {}),
        logBucket: { bucket: logStore.bucket, arn: logStore.arn },
        providerSecretArns: secrets.arns,
        extraSecrets: {
          [gatewayEnv.masterKey]: gatewayKey.secretArn,
          ...(cache ? { [gatewayEnv.redisPassword]: cache.authSecretArn } : {}),
          ...(cache?.urlSecretArn ? { [semanticCacheUrlEnv]: cache.urlSecretArn } : {}),
          ...(database ? { [databaseEnv.password]: database.passwordValueFrom } : {}),
        },
        extraEnvironment: {
          ...(cache ? { [gatewayEnv.redisHost]: cache.host, [gatewayEnv.redisPort]: String(cachePort) } : {}),
          ...(database
            ? { [databaseEnv.host]: database.localEndpoint, [databaseEnv.port]: String(database.port), [databaseEnv.name]: database.databaseName, [databaseEnv.user]: database.username }
            : {}),
          // A secondary's writes are forwarded, but DDL is not: only the primary's LiteLLM
          // migrates the schema (pinned LiteLLM 1.108.7 reads `DISABLE_SCHEMA_UPDATE` in
          // litellm/proxy/db/prisma_client.py; write forwarding forwards DML only:
          // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding-apg.html).
          ...(primaryDatabase && database ? { DISABLE_SCHEMA_UPDATE: "true" } : {}),
          ...vllmEnvironment,
        },
      },
      o,
    );

    const api = new ManagedApi(`${name}-api`, { spec, region, names, nlbArn: gateway.nlbArn, nlbDnsName: gateway.nlbDnsName, gatewayKey: gatewayKey.value }, o);
    if (spec.api.waf) new ApiFirewall(`${name}-waf`, { spec, stageArn: api.stageArn }, o);
    const usage = new UsageAnalytics(`${name}-usage`, { spec, region, logBucket: { bucket: logStore.bucket } }, o);

    let growth: pulumi.Output<DashboardInputs["growth"]> = pulumi.output(undefined);
    let worker: AsyncWorker | undefined;
    if (queue) {
      worker = new AsyncWorker(
        `${name}-worker`,
        {
          spec,
          region,
          names,
          clusterArn: cluster.arn,
          clusterName: cluster.name,
          vpcId: network.vpcId,
          subnetIds: network.privateSubnetIds,
          queue: { url: queue.queueUrl, arn: queue.queueArn, name: queue.queueName },
          results: { bucket: queue.resultsBucket, arn: queue.resultsBucketArn },
          gatewayUrl: gateway.internalUrl,
          gatewayKeySecretArn: gatewayKey.secretArn,
        },
        o,
      );
      this.queueName = queue.queueName;
      const costPerRequestUsd = estimatedCostPerRequest(spec);
      growth = pulumi
        .all([cache ? cache.memberClusterIds : pulumi.output([] as string[]), queue.queueName, queue.dlqName, worker.serviceName])
        .apply(([cacheClusterIds, queueName, dlqName, workerServiceName]) => ({
          cacheClusterIds,
          queueName,
          dlqName,
          workerServiceName,
          ...(costPerRequestUsd === undefined ? {} : { costPerRequestUsd }),
        }));
    }

    // Enterprise: the training-set export and LoRA runs, on this region's cluster and buckets only.
    let fineTuning: AwsFineTuning | undefined;
    if (spec.fineTuning) {
      if (!kubernetes || !worker) throw new Error("fineTuning needs the cluster and the async worker (the spec allows it at enterprise, which has both)");
      fineTuning = new AwsFineTuning(
        `${name}-fine-tuning`,
        {
          spec,
          region,
          cluster: kubernetes,
          logBucket: { bucket: logStore.bucket, arn: logStore.arn },
          ...(logKey ? { logKeyArn: logKey.arn } : {}),
          workerRepositoryUrl: worker.repositoryUrl,
        },
        o,
      );
    }

    const dashboardName = shortName(names, "llm", 255);
    new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName,
        dashboardBody: pulumi
          .all([api.apiName, api.stageName, cluster.name, gateway.serviceName, usage.workgroupName, usage.databaseName, growth])
          .apply(([apiName, stageName, clusterName, gatewayServiceName, workgroup, database, g]) =>
            renderDashboardBody({
              region,
              apiName,
              stageName,
              clusterName,
              gatewayServiceName,
              athena: { workgroup, database },
              ...(g ? { growth: g } : {}),
            }),
          ),
      },
      o,
    );

    this.apiUrl = api.apiUrl;
    this.apiHost = api.apiHost;
    this.apiName = api.apiName;
    this.apiStageName = api.stageName;
    this.health = {
      apiName: api.apiName,
      stageName: api.stageName,
      nlbArnSuffix: gateway.nlbArnSuffix,
      targetGroupArnSuffix: gateway.targetGroupArnSuffix,
      ...(queue ? { dlqName: queue.dlqName } : {}),
    };
    const none = pulumi.output(undefined);
    this.details = pulumi
      .all({
        apiKeyIds: pulumi.output(api.apiKeyIds),
        imageRepositoryUrl: worker?.repositoryUrl ?? none,
        queueUrl: queue?.queueUrl ?? none,
        deadLetterQueueUrl: queue?.dlqUrl ?? none,
        resultsBucket: queue?.resultsBucket ?? none,
        modelCacheBucket: kubernetes?.modelCacheBucket ?? none,
        modelWeights: kubernetes?.modelWeightsUris ?? none,
        clusterName: kubernetes ? pulumi.output(kubernetes.clusterName) : none,
        adminUrl: api.adminUrl ?? none,
        masterKeySecret: api.adminUrl ? gatewayKey.secretArn : none,
        databaseHost: database?.localEndpoint ?? none,
        databaseSecret: database?.secretArn ?? none,
        fineTuning: fineTuning ? pulumi.output(fineTuningReleaseName) : none,
        fineTuningIdentity: fineTuning?.roleArn ?? none,
        fineTuningExportCommand: fineTuning ? pulumi.output(fineTuning.exportCommand) : none,
      })
      .apply((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as RegionDetails);
    this.restApiId = api.restApiId;
    this.masterKeySecretArn = gatewayKey.secretArn;
    if (database) {
      this.database = {
        clusterIdentifier: database.clusterIdentifier,
        clusterArn: database.clusterArn,
        endpoint: database.endpoint,
        readerEndpoint: database.readerEndpoint,
        secretArn: database.secretArn,
        ...(globalDatabase && database.passwordSecretArn
          ? { global: { globalClusterIdentifier: globalDatabase.globalClusterIdentifier, engineVersion: globalDatabase.engineVersion, passwordSecretArn: database.passwordSecretArn } }
          : {}),
      };
    }
    this.requestLogBucket = logStore.bucket;
    this.dashboardUrl = pulumi.output(dashboardConsoleUrl(region, dashboardName));
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
