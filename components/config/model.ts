import type { z } from "zod";
import type { GpuShape } from "./gpus";
import type { Jurisdiction } from "./regions";
import type * as schema from "./schema";
import type { Secret } from "./secret";

/**
 * The parsed stack: what `parseStack` returns once every field and every relation of a stack file
 * has been checked. It is split by cloud (`AwsStack | GcpStack`, discriminated on `cloud`) and
 * narrowed by stage (discriminated on `stage`): a section exists on a cloud and stage exactly when
 * the kit builds something from it there, so a component never re-checks what the parser proved.
 *
 * Field names are the config keys of the stack file (`ai-infra:<key>`), so a reader can go from a
 * setting to the code that honours it by name.
 */

export type { Cloud } from "./regions";
export type { Stage } from "./schema";
import type { Stage } from "./schema";

// The slices both clouds share, as the stack file writes them.
export type ProviderConfig = z.infer<typeof schema.providerSchema>;
export type ModelConfig = z.infer<typeof schema.modelSchema>;
/** A hosted model deployment with its provider resolved (`provider` names it). */
export interface Model extends ModelConfig {
  providerConfig: ProviderConfig;
}
export type TrafficConfig = z.infer<typeof schema.trafficSchema>;
export type TagsConfig = z.infer<typeof schema.tagsSchema>;
export type BudgetConfig = z.infer<typeof schema.budgetSchema>;
export type GatewayConfig = z.infer<typeof schema.gatewaySchema>;
export type NetworkConfig = z.infer<typeof schema.networkSchema>;
export type CacheConfig = z.infer<typeof schema.cacheSchema>;
export type ReliabilityConfig = z.infer<typeof schema.reliabilitySchema>;
export type QueueConfig = z.infer<typeof schema.queueSchema>;
export type GpuPoolConfig = z.infer<typeof schema.gpuPoolSchema>;
export type SelfHostedConfig = z.infer<typeof schema.selfHostedSchema>;

/** A GPU pool with the machine its nodes run on, chosen at parse time from the kit's GPU table. */
export interface GpuPool extends GpuPoolConfig {
  machine: GpuShape;
}
/** A self-hosted model group with its GPU pool resolved (`pool` names it). */
export interface SelfHostedGroup extends SelfHostedConfig {
  gpuPool: GpuPool;
}
/** Fine-tuning with its references resolved: the trainer's pool and the run's base group. */
export interface FineTuning extends Omit<FineTuningConfig, "run"> {
  trainerPool: GpuPool;
  run?: NonNullable<FineTuningConfig["run"]> & { base: SelfHostedGroup };
}
export type Distillation = z.infer<typeof schema.distillationSchema>;
export type SemanticCacheConfig = z.infer<typeof schema.semanticCacheSchema>;
export type PromptsConfig = z.infer<typeof schema.promptsSchema>;
export type RoutingConfig = z.infer<typeof schema.routingSchema>;
/** Model routing with its tiers resolved: the group each tier's requests go to. */
export interface Routing extends RoutingConfig {
  tiers: { small: string; strong: string };
}
export type FineTuningConfig = z.infer<typeof schema.fineTuningSchema>;
export type AccessConfig = z.infer<typeof schema.accessSchema>;
/** Bedrock Provisioned Throughput serving a hosted model group first (AWS, from scale). */
export interface BedrockDedicated extends z.infer<typeof schema.bedrockDedicatedSchema> {
  group: string;
}
/** A Model Garden model on a dedicated Vertex AI endpoint serving a hosted model group first (GCP, from scale). */
export interface VertexDedicated extends z.infer<typeof schema.vertexDedicatedSchema> {
  group: string;
}
type WorkerFile = z.infer<typeof schema.workerSchema>;
type ClusterFile = z.infer<typeof schema.clusterSchema>;
type DatabaseFile = z.infer<typeof schema.databaseSchema>;
type FailoverFile = z.infer<typeof schema.failoverSchema>;

/** Per-key and stage-wide throttles, the caller keys and the public name: what both front doors read. */
export interface ApiConfig {
  perKey: { ratePerSecond: number; burst: number };
  /** The whole stack: AWS's stage throttle; GCP's requests in flight. */
  global: { burst: number };
  keys: string[];
  domain?: string;
  dnsZone?: string;
  waf?: boolean;
}

export interface LoggingConfig {
  retentionDays: number;
}

/** The async worker both clouds run (replicas scale on the queue's depth). */
export type WorkerConfig = Omit<WorkerFile, "imageTag">;

/** The cluster both clouds build: version, system nodes and GPU pools. */
export interface ClusterConfig extends Pick<ClusterFile, "kubernetesVersion" | "systemNodes"> {
  gpuPools: GpuPool[];
}

/** The keys database both clouds run (Postgres for LiteLLM's keys, teams, budgets and spend). */
export type DatabaseConfig = Pick<DatabaseFile, "backupRetentionDays" | "highAvailability">;

// ---------------------------------------------------------------------------------------------
// What only one cloud reads.

export interface AwsApiConfig extends ApiConfig {
  /** The REST API stage's throttle. */
  global: { ratePerSecond: number; burst: number };
  /** The Route 53 zone's DNS name, checked offline against `domain`. */
  dnsZoneName?: string;
}
export interface AwsPrototypeApiConfig extends AwsApiConfig {
  /** The REST API usage plan's daily quota per key: only the prototype's API keys enforce one. */
  perKey: ApiConfig["perKey"] & { quotaPerDay?: number };
}
export interface GcpApiConfig extends ApiConfig {
  /** The global load balancer's certificate is issued for it: required on GCP. */
  domain: string;
  /** Source ranges of the operators' admin path. */
  adminCidrs?: string[];
}
export interface AwsLoggingConfig extends LoggingConfig {
  /** A customer-managed KMS key for the request log instead of `aws/s3`. */
  customerManagedKey: boolean;
}
export interface GcpWorkerConfig extends WorkerConfig {
  /** Tag of the worker image in the stack's own repository; the pool exists once it is set. */
  imageTag?: string;
}
export interface AwsClusterConfig extends ClusterConfig {
  /** Who may reach the EKS API from outside the VPC; `[]` keeps it private. */
  publicAccessCidrs: string[];
  /** IAM principals made cluster administrators besides the deploying identity. */
  adminPrincipals: string[];
}
export interface GcpClusterConfig extends ClusterConfig {
  /** Who may reach the GKE API. */
  controlPlane: NonNullable<ClusterFile["controlPlane"]>;
}
export interface AwsDatabaseConfig extends DatabaseConfig {
  /** Aurora Serverless v2 capacity range in ACUs; unset: the stage's default. */
  minCapacity?: number;
  maxCapacity?: number;
}
export interface GcpDatabaseConfig extends DatabaseConfig {
  /** Cloud SQL tier; unset: the stage's default. */
  tier?: string;
}
/** Route 53 failover: the records' routing, health checks and TTL. */
export type AwsFailoverConfig = FailoverFile;
/** Failover with the regions it moves between: the primary first, at least one more. */
export interface AwsFailover extends AwsFailoverConfig {
  regions: [string, string, ...string[]];
}

// ---------------------------------------------------------------------------------------------
// The stack, cloud by cloud and stage by stage.

interface StackCommon {
  /** The Pulumi project and stack the program runs in. */
  project: string;
  stack: string;
  /** Every region; the first is the primary. */
  regions: [string, ...string[]];
  primaryRegion: string;
  jurisdiction: Jurisdiction;
  providers: Record<string, ProviderConfig>;
  /** Provider name → API key, held as `Secret` so it never prints. */
  providerKeys: Record<string, Secret>;
  /** Hosted model deployments; at least one. */
  models: [Model, ...Model[]];
  traffic: TrafficConfig;
  tags: TagsConfig;
  network: NetworkConfig;
  gateway: GatewayConfig;
  deletionProtection: boolean;
}

/** From growth: budgets and alerts, the response cache, fallbacks, the job queue and its worker. */
interface GrowthSections<Worker extends WorkerConfig> {
  /** Budgets and alerts. */
  budget: BudgetConfig;
  cache: CacheConfig;
  reliability: ReliabilityConfig;
  queue: QueueConfig;
  worker: Worker;
  /** Prompt templates served by the gateway, with weighted variants. */
  prompts?: PromptsConfig;
}

/** From scale: the cluster with GPU pools and vLLM, model routing, the semantic cache, batch jobs. */
interface ScaleSections<Cluster extends ClusterConfig> {
  cluster: Cluster;
  selfHosted: SelfHostedGroup[];
  routing?: Routing;
  semanticCache?: SemanticCacheConfig;
}

/** From scale: dedicated capacity bought from the cloud, one entry per model group it serves first. */
interface DedicatedSections<D> {
  dedicated?: D[];
}
interface NoDedicatedSections {
  dedicated?: never;
}

/** At enterprise: fine-tuning and distillation on the cluster. */
interface EnterpriseSections {
  fineTuning?: FineTuning;
}

/** The keys database and the access it holds (caller keys, teams, budgets). */
interface KeysSections<Database extends DatabaseConfig> {
  database: Database;
  access: AccessConfig;
}

// A section a cloud or stage does not have is declared absent (`?: never`): reading it on the union
// is allowed and typed `undefined` there, so `if (stack.cache)` narrows as a stage check does.
interface NoGrowthSections {
  budget?: never;
  cache?: never;
  reliability?: never;
  queue?: never;
  worker?: never;
  prompts?: never;
}
interface NoScaleSections {
  cluster?: never;
  selfHosted?: never;
  routing?: never;
  semanticCache?: never;
}
interface NoEnterpriseSections {
  fineTuning?: never;
}
interface NoKeysSections {
  database?: never;
  access?: never;
}
interface NoGcpSections {
  gcpProject?: never;
  gcpBillingAccount?: never;
}
interface NoAwsSections {
  manageApiGatewayAccount?: never;
  failover?: never;
}

interface AwsCommon extends StackCommon, NoGcpSections {
  cloud: "aws";
  logging: AwsLoggingConfig;
  api: AwsApiConfig;
  /** Whether this stack owns the account's API Gateway CloudWatch role setting. */
  manageApiGatewayAccount: boolean;
  /** Route 53 failover between the regions (required at enterprise with several regions). */
  failover?: AwsFailover;
}

export interface AwsPrototype extends AwsCommon, NoGrowthSections, NoScaleSections, NoDedicatedSections, NoEnterpriseSections, NoKeysSections {
  stage: "prototype";
  api: AwsPrototypeApiConfig;
}
export interface AwsGrowth extends AwsCommon, GrowthSections<WorkerConfig>, KeysSections<AwsDatabaseConfig>, NoScaleSections, NoDedicatedSections, NoEnterpriseSections {
  stage: "growth";
}
export interface AwsScale extends AwsCommon, GrowthSections<WorkerConfig>, KeysSections<AwsDatabaseConfig>, ScaleSections<AwsClusterConfig>, DedicatedSections<BedrockDedicated>, NoEnterpriseSections {
  stage: "scale";
}
export interface AwsEnterprise extends AwsCommon, GrowthSections<WorkerConfig>, KeysSections<AwsDatabaseConfig>, ScaleSections<AwsClusterConfig>, DedicatedSections<BedrockDedicated>, EnterpriseSections {
  stage: "enterprise";
}
export type AwsStack = AwsPrototype | AwsGrowth | AwsScale | AwsEnterprise;

interface GcpCommon extends StackCommon, KeysSections<GcpDatabaseConfig>, NoAwsSections {
  cloud: "gcp";
  gcpProject: string;
  logging: LoggingConfig;
  api: GcpApiConfig;
}

export interface GcpPrototype extends GcpCommon, NoGrowthSections, NoScaleSections, NoDedicatedSections, NoEnterpriseSections {
  stage: "prototype";
  gcpBillingAccount?: never;
}
export interface GcpGrowth extends GcpCommon, GrowthSections<GcpWorkerConfig>, NoScaleSections, NoDedicatedSections, NoEnterpriseSections {
  stage: "growth";
  /** Budgets live on a billing account, not in the project. */
  gcpBillingAccount: string;
}
export interface GcpScale extends GcpCommon, GrowthSections<GcpWorkerConfig>, ScaleSections<GcpClusterConfig>, DedicatedSections<VertexDedicated>, NoEnterpriseSections {
  stage: "scale";
  gcpBillingAccount: string;
}
export interface GcpEnterprise extends GcpCommon, GrowthSections<GcpWorkerConfig>, ScaleSections<GcpClusterConfig>, DedicatedSections<VertexDedicated>, EnterpriseSections {
  stage: "enterprise";
  gcpBillingAccount: string;
}
export type GcpStack = GcpPrototype | GcpGrowth | GcpScale | GcpEnterprise;

/** A parsed stack of either cloud. */
export type Stack = AwsStack | GcpStack;

// ---------------------------------------------------------------------------------------------
// Narrowing by stage.

const stageOrder: readonly Stage[] = ["prototype", "growth", "scale", "enterprise"];

/** The stages at or above `S`. */
export type StagesFrom<S extends Stage> = S extends "prototype"
  ? Stage
  : S extends "growth"
    ? "growth" | "scale" | "enterprise"
    : S extends "scale"
      ? "scale" | "enterprise"
      : "enterprise";

/** Whether `stage` is `floor` or later. */
export function stageAtLeast(stage: Stage, floor: Stage): boolean {
  return stageOrder.indexOf(stage) >= stageOrder.indexOf(floor);
}

/** A stack type (of one cloud or both) narrowed to the stages from `S` on: `AtStage<AwsStack, "scale">`. */
export type AtStage<T extends { stage: Stage }, S extends Stage> = Extract<T, { stage: StagesFrom<S> }>;

/** Narrows a stack (of one cloud or both) to the stages from `floor` on: `fromStage(stack, "scale")`. */
export function fromStage<T extends { stage: Stage }, S extends Stage>(stack: T, floor: S): stack is AtStage<T, S> {
  return stageAtLeast(stack.stage, floor);
}

/** A stack at growth or later: cache, fallbacks, queue and worker (either cloud). */
export type GrowthStack = AtStage<Stack, "growth">;
/** A stack at scale or later: the cluster, self-hosted models (either cloud). */
export type ScaleStack = AtStage<Stack, "scale">;
/** A stack with the keys database: GCP at every stage, AWS from growth. */
export type KeysStack = Extract<Stack, { database: DatabaseConfig }>;

/** Whether the stack has the keys database (GCP at every stage, AWS from growth). */
export function hasKeys<T extends Stack>(stack: T): stack is Extract<T, { database: DatabaseConfig }> {
  return stack.cloud === "gcp" || stageAtLeast(stack.stage, "growth");
}
