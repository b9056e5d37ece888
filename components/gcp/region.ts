import type * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { type GcpStack, fromStage } from "../config/model";
import type { RegionArgs, RegionDetailsInputs, RegionalPlatform } from "../platform/contract";
import type { SecureBucket } from "./bucket";
import type { ResponseCache } from "./cache";
import type { Cluster } from "./cluster";
import type { KeysDatabase } from "./database";
import type { FineTuning } from "./fine-tuning";
import type { LlmGateway } from "./llm-gateway";
import type { GatewayMasterKey } from "./master-key";
import type { Network } from "./network";
import type { JobQueue } from "./queue";
import type { QueueScaler } from "./scaler";
import type { ProviderSecrets } from "./secrets";
import type { ProjectServices } from "./services";
import * as step from "./steps";
import type { UsageAnalytics } from "./usage";
import type { AsyncWorker } from "./worker";

import type { DedicatedEndpoint } from "./dedicated";

export { gcpApiUrl, workerPoolPending } from "./steps";

/** What a secondary region takes from the primary: one VPC, one keys database and one master key per stack. */
export interface RegionShared {
  network: gcp.compute.Network;
  database: KeysDatabase;
  masterKey: pulumi.Output<string>;
  /** Group → base URL of the primary region's dedicated Vertex AI endpoint (`dedicated`). */
  dedicated?: Record<string, pulumi.Output<string>>;
  /** Those endpoints, to grant each region's gateway its use. */
  dedicatedEndpoints?: DedicatedEndpoint[];
}

/**
 * One region of a GCP stack. Every child name is `${name}-<role>` and depends only on the
 * region, never on the stage: promoting a stack adds children (cache, queue, worker) and changes
 * settings, and every URN of the prototype stays what it was.
 */
export class Region extends pulumi.ComponentResource implements RegionalPlatform {
  readonly region: string;
  readonly provider: gcp.Provider;
  readonly apiUrl: pulumi.Output<string>;
  readonly apiHost: pulumi.Output<string>;
  readonly requestLogBucket: pulumi.Output<string>;
  readonly dashboardUrl: pulumi.Output<string>;
  readonly queueName?: pulumi.Output<string>;
  readonly details: RegionDetailsInputs;
  readonly shared: RegionShared;

  /** The APIs the region enables; stack-wide resources that need one of them wait for it. */
  readonly services: ProjectServices;
  readonly secrets: ProviderSecrets;
  readonly logs: SecureBucket;
  readonly gateway: LlmGateway;
  /** LiteLLM's master key in this region's Secret Manager (one value for the whole stack). */
  readonly masterKey: GatewayMasterKey;
  readonly usage: UsageAnalytics;
  /** The keys database (every stage on GCP) and the VPC it is private in. */
  readonly network: Network;
  readonly database: KeysDatabase;
  /** Growth. */
  readonly cache?: ResponseCache;
  readonly queue?: JobQueue;
  readonly worker?: AsyncWorker;
  readonly scaler?: QueueScaler;
  /** Scale. */
  readonly kubernetes?: Cluster;
  /** Enterprise, with `fineTuning`: the export and training identity, grants and release. */
  readonly fineTuning?: FineTuning;

  /** `primary`: the primary region's shared parts, absent in the primary itself. */
  constructor(name: string, args: RegionArgs<GcpStack>, opts?: pulumi.ComponentResourceOptions, primary?: RegionShared) {
    super("ai-infra:gcp:Region", name, {}, opts);
    const { stack, region } = args;
    this.region = region;
    const base = step.buildRegionContext(this, name, args);
    this.provider = base.provider;
    this.services = step.buildServices(base, stack);
    const ctx = { ...base, dependsOn: [this.services] };

    this.secrets = step.buildSecrets(ctx, stack.providerKeys);
    this.logs = step.buildRequestLog(ctx, stack.logging.retentionDays);
    this.masterKey = step.buildMasterKey(ctx, primary?.masterKey);
    const mirror = step.buildImageMirror(ctx);
    this.network = step.buildNetwork(ctx, primary?.network);
    this.database = step.buildKeysDatabase(ctx, stack, this.network, primary?.database);
    const growth = fromStage(stack, "growth")
      ? { stack, cache: step.buildCache(ctx, stack, this.network), queue: step.buildQueue(ctx, stack.queue) }
      : undefined;
    const scale = growth && fromStage(growth.stack, "scale") ? { stack: growth.stack, cluster: step.buildCluster(ctx, growth.stack, this.network, growth.queue) } : undefined;
    this.cache = growth?.cache;
    this.queue = growth?.queue;
    this.kubernetes = scale?.cluster;

    const parts = { logs: this.logs, secrets: this.secrets, mirror, masterKey: this.masterKey, network: this.network, database: this.database };
    const coldCache = growth && step.buildColdCache(ctx, growth.stack);
    // Scale: dedicated endpoints are deployed once, in the primary region; every region's gateway calls them.
    const endpoints = primary ? (primary.dedicatedEndpoints ?? []) : step.buildDedicated(ctx, stack);
    const dedicated = primary ? primary.dedicated : endpoints.length > 0 ? Object.fromEntries((stack.dedicated ?? []).map((d, i) => [d.group, endpoints[i]!.url])) : undefined;
    this.gateway = step.buildGateway(ctx, stack, { ...parts, cache: growth?.cache, coldCache, cluster: scale?.cluster, ...(dedicated ? { dedicated } : {}) });
    for (const e of endpoints) e.grantInvoke(region, pulumi.interpolate`serviceAccount:${this.gateway.serviceAccount.email}`);
    const apiUrl = step.gcpApiUrl(stack.api.domain);
    const work = growth && step.buildWorker(ctx, growth.stack, { queue: growth.queue, masterKey: this.masterKey, gatewayUrl: apiUrl });
    this.worker = work?.worker;
    this.scaler = work?.scaler;
    const tuning = scale?.stack.fineTuning;
    if (scale && work && tuning) this.fineTuning = step.buildFineTuning(ctx, scale.stack, tuning, { cluster: scale.cluster, logs: this.logs, worker: work.worker });
    this.usage = step.buildUsage(ctx, stack, { logs: this.logs, gateway: this.gateway, growth });

    this.details = step.regionDetails({ apiUrl, mirror, masterKey: this.masterKey, database: this.database, queue: this.queue, worker: this.worker, cluster: this.kubernetes, fineTuning: this.fineTuning });
    this.shared = { network: this.network.network, database: this.database, masterKey: this.masterKey.value, ...(dedicated ? { dedicated, dedicatedEndpoints: endpoints } : {}) };
    this.queueName = growth?.queue.topicName;
    this.apiUrl = pulumi.output(apiUrl);
    this.apiHost = pulumi.output(stack.api.domain);
    this.requestLogBucket = this.logs.name;
    this.dashboardUrl = this.usage.dashboardUrl;
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
