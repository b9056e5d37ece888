/**
 * Every number of a stack's configuration, with the range the kit accepts and the API value it
 * becomes. The range is the documented range of the API field it is sent to (the URL), or, where
 * the API documents none, a bound of the kit's own (`kitBound`: why) that keeps the value exact
 * and finite through every renderer and the cost model. The schema (`../schema.ts`) and the rules
 * enforce these ranges; `test/config/numbers.test.ts` walks the schema and fails on a numeric
 * setting missing here, then drives every entry with its min, max, max + 1, a fraction, 1e21,
 * Infinity and NaN.
 *
 * Keys are schema paths: `[]` an array element, `*` a record value (a name the user chooses).
 * Sources read 2026-12-07.
 */
import { apiGatewayAccountThrottle, ecsMaxTasksPerService } from "./aws";
import { bedrockMaxModelUnits } from "./dedicated";

export interface NumericLimit {
  /** Smallest accepted value; `minExclusive`: greater than `min` only. */
  min: number;
  minExclusive?: boolean;
  /** Largest accepted value. */
  max: number;
  /** Whole numbers only. */
  integer: boolean;
  /** Accepted values are multiples of this (cents, ACU halves, 4 characters). */
  step?: number;
  /** The only accepted values (a discrete set). */
  allowed?: readonly number[];
  /** The API field(s) it becomes, and how it is written there. */
  sentAs: string;
  /** Where the range is documented. */
  source: string;
  /** Set when the maximum is the kit's own: why that bound. */
  kitBound?: string;
}

const litellmConfig = "https://docs.litellm.ai/docs/proxy/config_settings";
const litellmKeys = "https://docs.litellm.ai/docs/proxy/virtual_keys";
const costDoc = "docs/costs.md (the kit's cost model)";
const costModel = "Only the cost model reads it (no API): bounded so the monthly estimate stays a finite number of dollars";

/** Money in USD: cents, up to 10 million a month (AWS Budgets `Amount` is a decimal string, GCP `Money` units+nanos). */
const usd = (sentAs: string, source: string): NumericLimit => ({
  min: 0,
  minExclusive: true,
  max: 10_000_000,
  integer: false,
  step: 0.01,
  sentAs,
  source,
  kitBound: "10,000,000 USD a month: above any stack the kit sizes; amounts are whole cents so no renderer rounds them",
});

/** Requests or tokens per minute in LiteLLM (Python ints; the keys database stores them as BigInt). */
const perMinute = (sentAs: string): NumericLimit => ({
  min: 1,
  max: 1_000_000_000,
  integer: true,
  sentAs,
  source: litellmKeys,
  kitBound: "1e9 per minute: far above any provider's limit, exact as a double",
});

const percent = (sentAs: string, source: string, kitBound?: string): NumericLimit => ({ min: 0, max: 100, integer: false, sentAs, source, ...(kitBound ? { kitBound } : {}) });

export const numericLimits = {
  "models[].inputCostPerMillionTokens": {
    min: 0,
    max: 10_000,
    integer: false,
    sentAs: "LiteLLM `input_cost_per_token` (÷ 1e6), a plain decimal in the YAML config",
    source: "https://docs.litellm.ai/docs/proxy/custom_pricing",
    kitBound: "10,000 USD per million tokens: above every listed price; keeps the per-token price a plain decimal",
  },
  "models[].outputCostPerMillionTokens": {
    min: 0,
    max: 10_000,
    integer: false,
    sentAs: "LiteLLM `output_cost_per_token` (÷ 1e6), a plain decimal in the YAML config",
    source: "https://docs.litellm.ai/docs/proxy/custom_pricing",
    kitBound: "10,000 USD per million tokens: above every listed price; keeps the per-token price a plain decimal",
  },
  "models[].rpm": perMinute("LiteLLM deployment `rpm`"),
  "models[].tpm": perMinute("LiteLLM deployment `tpm`"),
  "models[].weight": percent("LiteLLM deployment `weight` (simple-shuffle)", "https://docs.litellm.ai/docs/routing"),
  "logging.retentionDays": {
    min: 1,
    max: 3650,
    integer: true,
    sentAs: "S3 lifecycle `Expiration.Days` (positive integer) / GCS lifecycle `condition.age` (days); the jurisdiction's maximum narrows it (rules/logging-retention-bounds.ts)",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleExpiration.html",
    kitBound: "10 years: the longest audit retention the kit's policies know",
  },
  "budget.monthlyUsd": usd("AWS Budgets `LimitAmount` (`Spend.Amount`, pattern ([0-9]*\\.)?[0-9]+) / GCP budget `specifiedAmount` (Money units + nanos)", "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Spend.html"),
  "budget.actualThresholds[]": percent("AWS Budgets notification `Threshold` (PERCENTAGE) / GCP `thresholdPercent` (÷ 100)", "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Notification.html"),
  "budget.forecastThresholds[]": percent("AWS Budgets notification `Threshold` (PERCENTAGE) / GCP `thresholdPercent` (÷ 100)", "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Notification.html"),
  "budget.features.*": usd("LiteLLM tag budget `max_budget` (npm run keys sync)", "https://docs.litellm.ai/docs/proxy/tag_budgets"),
  "traffic.requestsPerDay": { min: 1, max: 1_000_000_000, integer: true, sentAs: "cost model only", source: costDoc, kitBound: costModel },
  "traffic.inputTokensPerRequest": { min: 1, max: 10_000_000, integer: true, sentAs: "cost model only", source: costDoc, kitBound: costModel },
  "traffic.outputTokensPerRequest": { min: 1, max: 10_000_000, integer: true, sentAs: "cost model only", source: costDoc, kitBound: costModel },
  "traffic.cacheHitPercent": percent("cost model only", costDoc, costModel),
  "traffic.strongPercent": percent("cost model only", costDoc, costModel),
  "traffic.batchPercent": percent("cost model only", costDoc, costModel),
  "gateway.cpu": {
    min: 0,
    minExclusive: true,
    max: 16,
    integer: false,
    sentAs: "ECS task `cpu` (CPU units, vCPU × 1024; Fargate sizes, rules/cloud-limits-fargate.ts) / Cloud Run `limits.cpu` (1, 2, 4, 6 or 8, rules/gcp-cloud-run-size.ts)",
    source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size",
  },
  "gateway.memoryMiB": {
    min: 1,
    max: 122_880,
    integer: true,
    sentAs: "ECS task `memory` (MiB) / Cloud Run `limits.memory` (`<n>Mi`, 512–32768, rules/gcp-cloud-run-size.ts)",
    source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size",
  },
  "gateway.minReplicas": { min: 1, max: ecsMaxTasksPerService, integer: true, sentAs: "ECS service `desiredCount` / autoscaling `minCapacity`; Cloud Run `minInstanceCount`", source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html" },
  "gateway.maxReplicas": { min: 1, max: ecsMaxTasksPerService, integer: true, sentAs: "ECS autoscaling `maxCapacity` (ECS tasks per service) / Cloud Run `maxInstanceCount`", source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html" },
  "gateway.timeoutSeconds": {
    min: 1,
    max: 900,
    integer: true,
    sentAs: "API Gateway integration `timeoutInMillis` (×1000, 50–900000 ms with response streaming); LiteLLM `timeout`; Cloud Run `timeout`",
    source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
  },
  "api.perKey.ratePerSecond": {
    min: 1,
    max: apiGatewayAccountThrottle.ratePerSecond,
    integer: true,
    sentAs: "API Gateway usage plan `throttle.rateLimit` / Cloud Armor `rateLimitThreshold.count` (burst + 10 × rate: at most 105,000 within these bounds, under Cloud Armor's 1,000,000, test/gcp/pure.test.ts)",
    source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html",
    kitBound: "the account's steady throttle per region (10,000 requests/s): no key can be granted more",
  },
  "api.perKey.burst": {
    min: 1,
    max: apiGatewayAccountThrottle.burst,
    integer: true,
    sentAs: "API Gateway usage plan `throttle.burstLimit` / Cloud Armor `rateLimitThreshold.count`",
    source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html",
    kitBound: "the account's burst per region (5,000 requests)",
  },
  "api.perKey.quotaPerDay": {
    min: 1,
    max: 2_147_483_647,
    integer: true,
    sentAs: "API Gateway usage plan `quota.limit` (Integer)",
    source: "https://docs.aws.amazon.com/apigateway/latest/api/API_QuotaSettings.html",
  },
  "api.global.ratePerSecond": {
    min: 1,
    max: 10_000,
    integer: true,
    sentAs: "API Gateway stage `throttlingRateLimit` (AWS only; rules/cloud-limits-api-gateway-throttle.ts)",
    source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
  },
  "api.global.burst": {
    min: 1,
    max: 5_000,
    integer: true,
    sentAs: "AWS: API Gateway stage `throttlingBurstLimit` (at most 5,000). GCP: Cloud Run `maxInstanceRequestConcurrency` = burst ÷ gateway.maxReplicas (1–1000; a multiple of maxReplicas, rules/gcp-global-burst.ts)",
    source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
  },
  "cache.ttlSeconds": {
    min: 1,
    max: 31_536_000,
    integer: true,
    sentAs: "LiteLLM cache `ttl` (Redis/Valkey EX seconds)",
    source: "https://docs.litellm.ai/docs/proxy/caching",
    kitBound: "one year: a cached answer older than that is stale",
  },
  "cache.replicas": { min: 1, max: 5, integer: true, sentAs: "ElastiCache `numCacheClusters` − 1 / Memorystore `replicaCount`", source: "https://cloud.google.com/memorystore/docs/redis/about-read-replicas" },
  "cache.tiers.hot.ttlSeconds": {
    min: 1,
    max: 86_400,
    integer: true,
    sentAs: "`ai_infra_cache_tiers.hot.ttl` (seconds; LiteLLM `InMemoryCache` entry TTL)",
    source: "docs/caching.md",
    kitBound: "one day: the hot tier is a short-lived copy, and at most cache.ttlSeconds (rules/cache-tiers-ttl-order.ts)",
  },
  "cache.tiers.hot.maxEntries": {
    min: 1,
    max: 100_000,
    integer: true,
    sentAs: "`ai_infra_cache_tiers.hot.max_entries` (LiteLLM `InMemoryCache` `max_size_in_memory`)",
    source: "docs/caching.md",
    kitBound: "100,000 entries: with maxEntryKb it bounds each worker's memory",
  },
  "cache.tiers.hot.maxEntryKb": {
    min: 1,
    max: 1_024,
    integer: true,
    sentAs: "`ai_infra_cache_tiers.hot.max_entry_kb` (KiB of the serialized entry; LiteLLM `InMemoryCache` `max_size_per_item`)",
    source: "docs/caching.md",
    kitBound: "1 MiB, LiteLLM's own per-item default (`MAX_SIZE_PER_ITEM_IN_MEMORY_CACHE_IN_KB`)",
  },
  "cache.tiers.cold.ttlDays": {
    min: 1,
    max: 365,
    integer: true,
    sentAs: "S3 lifecycle `Expiration.Days` / GCS lifecycle `age`; `ai_infra_cache_tiers.cold.ttl` (days × 86400 s)",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html",
    kitBound: "one year: a cached answer older than that is stale (cache.ttlSeconds' own bound)",
  },
  "reliability.numRetries": { min: 0, max: 10, integer: true, sentAs: "LiteLLM router `num_retries`", source: "https://docs.litellm.ai/docs/routing" },
  "reliability.allowedFails": { min: 1, max: 1_000, integer: true, sentAs: "LiteLLM router `allowed_fails`", source: "https://docs.litellm.ai/docs/routing", kitBound: "1,000 failures a minute: above it a deployment is never cooled down" },
  "reliability.cooldownSeconds": { min: 1, max: 86_400, integer: true, sentAs: "LiteLLM router `cooldown_time`", source: "https://docs.litellm.ai/docs/routing", kitBound: "one day" },
  "queue.maxReceiveCount": { min: 1, max: 100, integer: true, sentAs: "SQS redrive `maxReceiveCount` / Pub/Sub `maxDeliveryAttempts` (5–100, rules/pubsub-ranges.ts)", source: "https://cloud.google.com/pubsub/docs/handling-failures" },
  "queue.retentionSeconds": { min: 600, max: 1_209_600, integer: true, sentAs: "SQS `MessageRetentionPeriod` / Pub/Sub `messageRetentionDuration` (`<n>s`, at most 604800, rules/pubsub-ranges.ts)", source: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html" },
  "queue.visibilityTimeoutSeconds": { min: 10, max: 43_200, integer: true, sentAs: "SQS `VisibilityTimeout` / Pub/Sub `ackDeadlineSeconds` (at most 600, rules/pubsub-ranges.ts)", source: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html" },
  "worker.cpu": {
    min: 0,
    minExclusive: true,
    max: 16,
    integer: false,
    sentAs: "ECS task `cpu` (Fargate sizes) / Cloud Run worker pool `limits.cpu` (1, 2, 4, 6 or 8, rules/gcp-cloud-run-size.ts)",
    source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size",
  },
  "worker.memoryMiB": { min: 1, max: 122_880, integer: true, sentAs: "ECS task `memory` / Cloud Run worker pool `limits.memory` (512–32768)", source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size" },
  "worker.minReplicas": { min: 0, max: ecsMaxTasksPerService, integer: true, sentAs: "ECS autoscaling `minCapacity` / worker pool scaling", source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html" },
  "worker.maxReplicas": { min: 1, max: ecsMaxTasksPerService, integer: true, sentAs: "ECS autoscaling `maxCapacity` / worker pool scaling", source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html" },
  "worker.jobsPerReplica": { min: 1, max: 10_000, integer: true, sentAs: "target tracking / CREMA target of visible messages per replica", source: "https://cloud.google.com/run/docs/configuring/workerpools/crema-autoscaling", kitBound: "10,000 jobs per replica" },
  "cluster.systemNodes.min": { min: 1, max: 450, integer: true, sentAs: "EKS node group `scalingConfig.minSize` / GKE `autoscaling.minNodeCount`", source: "https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html" },
  "cluster.systemNodes.max": { min: 1, max: 450, integer: true, sentAs: "EKS node group `scalingConfig.maxSize` (450 per managed node group) / GKE `autoscaling.maxNodeCount`", source: "https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html" },
  "cluster.gpuPools[].minNodes": { min: 0, max: 450, integer: true, sentAs: "EKS node group `scalingConfig.minSize` / GKE `autoscaling.minNodeCount`", source: "https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html" },
  "cluster.gpuPools[].maxNodes": { min: 1, max: 450, integer: true, sentAs: "EKS node group `scalingConfig.maxSize` (450 per managed node group) / GKE `autoscaling.maxNodeCount`", source: "https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html" },
  "dedicated[].bedrock.modelUnits": {
    min: 1,
    max: bedrockMaxModelUnits,
    integer: true,
    sentAs: "Provisioned Throughput `modelUnits`",
    source: "https://docs.aws.amazon.com/cli/v1/reference/bedrock/create-provisioned-model-throughput.html",
    kitBound: "100 model units: AWS support grants model units per account on request, none by default",
  },
  "dedicated[].bedrock.hourlyUsdPerModelUnit": { min: 0, minExclusive: true, max: 10_000, integer: false, sentAs: "nothing: the cost model's hourly rate per model unit", source: costDoc, kitBound: costModel },
  "dedicated[].vertex.acceleratorCount": {
    min: 1,
    max: 8,
    integer: true,
    sentAs: "Model Garden deployment `machineSpec.acceleratorCount`",
    source: "https://www.pulumi.com/registry/packages/gcp/api-docs/vertex/aiendpointwithmodelgardendeployment/",
    kitBound: "8 accelerators: the most one machine of the kit's GPU table carries",
  },
  "dedicated[].vertex.minReplicas": {
    min: 1,
    max: 100,
    integer: true,
    sentAs: "Model Garden deployment `dedicatedResources.minReplicaCount`",
    source: "https://www.pulumi.com/registry/packages/gcp/api-docs/vertex/aiendpointwithmodelgardendeployment/",
    kitBound: "100 replicas: more accelerators than a project's default quota",
  },
  "dedicated[].vertex.maxReplicas": {
    min: 1,
    max: 100,
    integer: true,
    sentAs: "Model Garden deployment `dedicatedResources.maxReplicaCount`",
    source: "https://www.pulumi.com/registry/packages/gcp/api-docs/vertex/aiendpointwithmodelgardendeployment/",
    kitBound: "100 replicas: more accelerators than a project's default quota",
  },
  "dedicated[].vertex.hourlyUsdPerReplica": { min: 0, minExclusive: true, max: 10_000, integer: false, sentAs: "nothing: the cost model's hourly rate per replica", source: costDoc, kitBound: costModel },
  "selfHosted[].gpusPerReplica": { min: 1, max: 8, integer: true, sentAs: "vLLM `--tensor-parallel-size` and the pod's `nvidia.com/gpu` limit", source: "https://docs.vllm.ai/en/stable/serving/parallelism_scaling.html" },
  "selfHosted[].minReplicas": { min: 0, max: 1_000, integer: true, sentAs: "KEDA ScaledObject `minReplicaCount`", source: "https://keda.sh/docs/latest/reference/scaledobject-spec/", kitBound: "1,000 replicas: more GPUs than a node group holds" },
  "selfHosted[].maxReplicas": { min: 1, max: 1_000, integer: true, sentAs: "KEDA ScaledObject `maxReplicaCount`", source: "https://keda.sh/docs/latest/reference/scaledobject-spec/", kitBound: "1,000 replicas: more GPUs than a node group holds" },
  "selfHosted[].overflow.timeoutSeconds": { min: 1, max: 900, integer: true, sentAs: "LiteLLM deployment `timeout` of the vLLM group", source: litellmConfig, kitBound: "the gateway's own longest timeout (gateway.timeoutSeconds ≤ 900)" },
  "semanticCache.similarityThreshold": { min: 0, minExclusive: true, max: 1, integer: false, sentAs: "LiteLLM `similarity_threshold`", source: "https://docs.litellm.ai/docs/proxy/caching" },
  "routing.strongAboveChars": {
    min: 4,
    max: 4_000_000,
    integer: true,
    step: 4,
    sentAs: "LiteLLM complexity router `token_thresholds.complex` = strongAboveChars ÷ 4 (tokens of ~4 characters), exact",
    source: "https://docs.litellm.ai/docs/proxy/auto_routing",
    kitBound: "1,000,000 tokens: the largest context window",
  },
  "failover.healthCheckIntervalSeconds": { min: 10, max: 30, integer: true, allowed: [10, 30], sentAs: "Route 53 health check `RequestInterval`", source: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html" },
  "failover.failureThreshold": { min: 1, max: 10, integer: true, sentAs: "Route 53 health check `FailureThreshold`", source: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html" },
  "failover.ttlSeconds": { min: 0, max: 86_400, integer: true, sentAs: "Route 53 record `TTL`", source: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html", kitBound: "one day: a failover record cached longer defeats failover" },
  "fineTuning.distillation.heldOutPercent": { min: 5, max: 50, integer: true, sentAs: "export CronJob environment `EXPORT_HELD_OUT_PERCENT`", source: "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/", kitBound: "5–50%: fewer pairs cannot judge the student, more leave too few to train it" },
  "fineTuning.distillation.threshold": { min: 0, max: 1, integer: false, sentAs: "evaluation Job environment (the gate's pass mark; a mean score 0–1)", source: "https://kubernetes.io/docs/concepts/workloads/controllers/job/", kitBound: "a score is a fraction 0–1" },
  "fineTuning.distillation.serve.score": { min: 0, max: 1, integer: false, sentAs: "nothing: the gate's record in the stack file", source: "https://kubernetes.io/docs/concepts/workloads/controllers/job/", kitBound: "a score is a fraction 0–1" },
  "fineTuning.distillation.serve.weightPercent": { min: 0, minExclusive: true, max: 100, integer: false, sentAs: "LiteLLM deployment `weight` of the adapter in the teacher's group", source: "https://docs.litellm.ai/docs/routing", kitBound: "a share of the group's requests, percent" },
  "fineTuning.export.lastDays": { min: 1, max: 365, integer: true, sentAs: "export CronJob argument `--last-days`", source: "https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/", kitBound: "one year" },
  "fineTuning.trainer.gpus": { min: 1, max: 8, integer: true, sentAs: "training Job's `nvidia.com/gpu` limit", source: "https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/", kitBound: "8 GPUs: the largest single GPU node" },
  "fineTuning.trainer.loraRank": { min: 8, max: 256, integer: true, allowed: [8, 16, 32, 64, 128, 256], sentAs: "LoRA `r` and vLLM `--max-lora-rank`", source: "https://docs.vllm.ai/en/stable/configuration/engine_args.html" },
  "fineTuning.trainer.loraAlpha": { min: 1, max: 1_024, integer: true, sentAs: "LoRA `lora_alpha`", source: "https://huggingface.co/docs/peft/package_reference/lora", kitBound: "1,024: alpha is a small multiple of the rank (≤ 256)" },
  "fineTuning.trainer.epochs": { min: 1, max: 20, integer: true, sentAs: "training Job argument `--epochs`", source: "https://huggingface.co/docs/transformers/main_classes/trainer", kitBound: "20 epochs" },
  "fineTuning.trainer.learningRate": { min: 0, minExclusive: true, max: 0.01, integer: false, sentAs: "axolotl config `learning_rate` (a plain decimal string in the chart values, components/kubernetes/fine-tuning-release.ts)", source: "https://huggingface.co/docs/transformers/main_classes/trainer", kitBound: "0.01: LoRA learning rates are 1e-5–1e-3" },
  "database.backupRetentionDays": { min: 1, max: 35, integer: true, sentAs: "Aurora `backupRetentionPeriod` (1–35) / Cloud SQL `retainedBackups`", source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html" },
  "database.minCapacity": { min: 0.5, max: 256, integer: false, step: 0.5, sentAs: "Aurora Serverless v2 `minCapacity` (ACUs)", source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html" },
  "database.maxCapacity": { min: 1, max: 256, integer: false, step: 0.5, sentAs: "Aurora Serverless v2 `maxCapacity` (ACUs)", source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html" },
  "access.teams.*.budgetUsd": usd("LiteLLM team `max_budget`", "https://docs.litellm.ai/docs/proxy/team_budgets"),
  "access.teams.*.rpm": perMinute("LiteLLM team `rpm_limit`"),
  "access.teams.*.tpm": perMinute("LiteLLM team `tpm_limit`"),
  "access.keyDefaults.rpm": perMinute("LiteLLM key `rpm_limit`"),
  "access.keyDefaults.tpm": perMinute("LiteLLM key `tpm_limit`"),
  "access.keyDefaults.budgetUsd": usd("LiteLLM key `max_budget`", litellmKeys),
  "access.keys.*.rpm": perMinute("LiteLLM key `rpm_limit`"),
  "access.keys.*.tpm": perMinute("LiteLLM key `tpm_limit`"),
  "access.keys.*.budgetUsd": usd("LiteLLM key `max_budget`", litellmKeys),
  "prompts.templates.*.version": {
    min: 1,
    max: 10_000,
    integer: true,
    sentAs: "LiteLLM prompt `version` (config `prompts:`) and the template file name `<variant>.v<version>.prompt`",
    source: "https://docs.litellm.ai/docs/proxy/prompt_management",
    kitBound: "10,000 versions: above any template's history; the number is part of a file name",
  },
  "prompts.templates.*.variants.*": {
    min: 1,
    max: 100,
    integer: true,
    sentAs: "the prompt hook's variant weight (`ai_infra_weight`, percent of the template's requests)",
    source: "docs/prompts.md",
    kitBound: "percent of the template's requests",
  },
  "access.alertAtPercent": { min: 1, max: 99, integer: true, sentAs: "LiteLLM `soft_budget` (percent of max_budget)", source: litellmKeys },
} as const satisfies Record<string, NumericLimit>;

export type NumericPath = keyof typeof numericLimits;

/** The limit of a path, as the schema reads it. */
export function limit(path: NumericPath): NumericLimit {
  return numericLimits[path];
}

/** "at most 1000000" — the maximum as written in messages (no exponent). */
export function maxMessage(path: NumericPath, unit = ""): string {
  const l: NumericLimit = numericLimits[path];
  return `must be at most ${l.max}${unit} (${l.kitBound ?? "the API's maximum"})`;
}
