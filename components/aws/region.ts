import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fineTuningReleaseName } from "../kubernetes/fine-tuning-release";
import type { AwsStack } from "../config/model";
import type { RegionArgs, RegionDetailsInputs, RegionalPlatform } from "../platform/contract";
import { regionCidr } from "../platform/tags";
import type { HealthDimensions } from "./alerts";
import type { RegionContext } from "./context";
import type { PrimaryKeysDatabase } from "./database-global";
import {
  buildCache,
  buildColdCache,
  buildCluster,
  buildContainers,
  buildDashboard,
  buildDedicated,
  buildFineTuning,
  buildFrontDoor,
  buildGateway,
  buildKeysDatabase,
  buildMasterKey,
  buildNetwork,
  buildQueue,
  buildRequestLog,
  buildSecrets,
  buildUsage,
  buildWorker,
  growthPanels,
  healthDimensions,
} from "./steps";

/**
 * Days a deleted secret can be restored (AWS allows 7–30): the shortest by default so a torn-down
 * test stack frees its names soon, the longest where the stack asks for deletion protection.
 */
export function secretRecoveryWindowDays(deletionProtection: boolean): number {
  return deletionProtection ? 30 : 7;
}

/** What a secondary region takes from the primary: its global keys database (several regions, from growth). */
export interface Shared {
  keysDatabase?: PrimaryKeysDatabase;
  /** Group → ARN of the primary region's Bedrock Provisioned Throughput (`dedicated`). */
  dedicated?: Record<string, pulumi.Output<string>>;
}

/**
 * One AWS region of the platform. Every resource below is created through this region's own
 * provider (region and default tags set there), never the ambient `aws:region`, so a
 * multi-region stack cannot put a resource in the wrong place and nothing escapes tagging.
 *
 * Child names depend on the region component's name and a fixed role only, never on the stage:
 * promotion adds children (cache, queue, worker) and changes settings, and keeps every URN.
 */
export class Region extends pulumi.ComponentResource implements RegionalPlatform {
  readonly region: string;
  readonly apiUrl: pulumi.Output<string>;
  readonly apiHost: pulumi.Output<string>;
  readonly requestLogBucket: pulumi.Output<string>;
  readonly dashboardUrl: pulumi.Output<string>;
  readonly queueName?: pulumi.Output<string>;
  readonly details: RegionDetailsInputs;
  readonly shared: Shared;
  /** The provider every child uses; stack-wide resources of this region reuse it. */
  readonly provider: aws.Provider;
  /** For stack-wide alarms on this region's API (CloudWatch dimensions). */
  readonly apiName: pulumi.Output<string>;
  readonly apiStageName: pulumi.Output<string>;
  /** CloudWatch dimensions of the request path, for the health alerts (see `HealthAlerts`). */
  readonly health: HealthDimensions;
  /** The REST API's id (regional custom domains map a base path onto it). */
  readonly restApiId: pulumi.Output<string>;

  /** `primary`: in a secondary region, what the primary region shares (`createRegion`). */
  constructor(name: string, args: RegionArgs<AwsStack>, opts?: pulumi.ComponentResourceOptions, primary?: Shared) {
    super("ai-infra:aws:Region", name, {}, opts);
    const { stack, region, index, tags } = args;
    this.region = region;
    this.provider = new aws.Provider(`${name}-provider`, { region: region as aws.Region, defaultTags: { tags } }, { parent: this });
    const ctx: RegionContext = {
      name, parent: this, provider: this.provider, region, index, tags,
      scope: { project: stack.project, stack: stack.stack, region },
      cidr: regionCidr(stack.network.cidr, index),
      deletionProtection: stack.deletionProtection,
      recoveryWindowInDays: secretRecoveryWindowDays(stack.deletionProtection),
    };

    const network = buildNetwork(ctx, stack.stage, stack.network.egress);
    const secrets = buildSecrets(ctx, stack.providerKeys);
    const requestLog = buildRequestLog(ctx, stack.logging);
    const containers = buildContainers(ctx);
    // Growth: the cache before the gateway (its environment points at it), the queue before the
    // cluster (its releases scale on the queue's depth), the cluster before the gateway (the models' addresses).
    const grown = stack.stage === "prototype" ? undefined : { stack, cache: buildCache(ctx, network, stack), queue: buildQueue(ctx, stack) };
    const scaled = grown && grown.stack.stage !== "growth" ? { stack: grown.stack, cluster: buildCluster(ctx, network, grown.queue, grown.stack) } : undefined;
    const keys = grown && buildKeysDatabase(ctx, network, grown.stack, primary?.keysDatabase);
    const masterKey = buildMasterKey(ctx);
    // Scale: dedicated capacity is bought once, in the primary region; every region's gateway invokes it.
    const dedicated = primary ? primary.dedicated : buildDedicated(ctx, stack);
    const gateway = buildGateway(ctx, stack, {
      network, secrets, requestLog, containers, masterKey,
      cache: grown?.cache, coldCache: grown && buildColdCache(ctx, grown.stack, requestLog), database: keys?.database, cluster: scaled?.cluster, secondary: primary?.keysDatabase !== undefined,
      ...(dedicated ? { dedicated } : {}),
    });
    const frontDoor = buildFrontDoor(ctx, stack, gateway, masterKey);
    const usage = buildUsage(ctx, stack.traffic, requestLog);
    const worker = grown && buildWorker(ctx, grown.stack, { containers, network, queue: grown.queue, gateway, masterKey });
    const enterprise = scaled?.stack.stage === "enterprise" && scaled.stack.fineTuning ? { ...scaled.stack, fineTuning: scaled.stack.fineTuning } : undefined;
    const fineTuning = enterprise && scaled && worker ? buildFineTuning(ctx, enterprise, { cluster: scaled.cluster, requestLog, worker }) : undefined;
    const growth = grown && worker && growthPanels(grown.stack, grown.cache, grown.queue, worker);
    this.dashboardUrl = buildDashboard(ctx, { frontDoor, containers, gateway, usage, growth });

    this.apiUrl = frontDoor.apiUrl;
    this.apiHost = frontDoor.apiHost;
    this.apiName = frontDoor.apiName;
    this.apiStageName = frontDoor.stageName;
    this.restApiId = frontDoor.restApiId;
    this.requestLogBucket = requestLog.bucket.bucket;
    this.health = healthDimensions(frontDoor, gateway, grown?.queue);
    if (grown) this.queueName = grown.queue.queueName;
    this.shared = { ...(keys?.shared ? { keysDatabase: keys.shared } : {}), ...(dedicated && Object.keys(dedicated).length > 0 ? { dedicated } : {}) };
    this.details = {
      apiKeyIds: pulumi.output(frontDoor.apiKeyIds),
      imageRepositoryUrl: worker?.repositoryUrl,
      queueUrl: grown?.queue.queueUrl,
      deadLetterQueueUrl: grown?.queue.dlqUrl,
      resultsBucket: grown?.queue.resultsBucket,
      modelCacheBucket: scaled?.cluster.modelCacheBucket,
      modelWeights: scaled?.cluster.modelWeightsUris,
      clusterName: scaled?.cluster.clusterName,
      adminUrl: frontDoor.adminUrl,
      masterKeySecret: frontDoor.adminUrl ? masterKey.secretArn : undefined,
      databaseHost: keys?.database.localEndpoint,
      databaseSecret: keys?.database.secretArn,
      fineTuning: fineTuning ? fineTuningReleaseName : undefined,
      fineTuningIdentity: fineTuning?.roleArn,
      fineTuningExportCommand: fineTuning?.exportCommand,
    };
    this.registerOutputs({
      region,
      apiUrl: this.apiUrl,
      apiHost: this.apiHost,
      requestLogBucket: this.requestLogBucket,
      dashboardUrl: this.dashboardUrl,
      queueName: this.queueName,
    });
  }
}
