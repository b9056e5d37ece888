import { accessApiKeysUnique } from "./access-api-keys-unique";
import { accessKeys } from "./access-keys";
import { accessNeedsKeysDatabase } from "./access-needs-keys-database";
import { accessTeamModels } from "./access-team-models";
import { anthropicInferenceGeoModel } from "./anthropic-inference-geo-model";
import { awsAutoNames } from "./aws-auto-names";
import { billingAccount } from "./billing-account";
import { cacheTiersNotSemantic } from "./cache-tiers-not-semantic";
import { cacheTiersTtlOrder } from "./cache-tiers-ttl-order";
import { cloudLimitsApiGatewayThrottle } from "./cloud-limits-api-gateway-throttle";
import { cloudLimitsAwsOnlySettings } from "./cloud-limits-aws-only-settings";
import { cloudLimitsBedrockRegion } from "./cloud-limits-bedrock-region";
import { cloudLimitsEksAccess } from "./cloud-limits-eks-access";
import { cloudLimitsEksVersion } from "./cloud-limits-eks-version";
import { cloudLimitsGkeVersion } from "./cloud-limits-gke-version";
import { cloudLimitsFargate } from "./cloud-limits-fargate";
import { cloudLimitsGatewayCapacity } from "./cloud-limits-gateway-capacity";
import { cloudLimitsNetworkCidr } from "./cloud-limits-network-cidr";
import { cloudLimitsProviderJurisdiction } from "./cloud-limits-provider-jurisdiction";
import { cloudLimitsTags } from "./cloud-limits-tags";
import { databaseCapacityRange } from "./database-capacity-range";
import { databaseCloudFields } from "./database-cloud-fields";
import { dedicatedBedrockModel } from "./dedicated-bedrock-model";
import { dedicatedCloudBlock } from "./dedicated-cloud-block";
import { dedicatedGroup } from "./dedicated-group";
import { dedicatedRegion } from "./dedicated-region";
import { dedicatedVertexShape } from "./dedicated-vertex-shape";
import { endpointCredentials } from "./endpoint-credentials";
import { endpointMetadataAddress } from "./endpoint-metadata-address";
import { endpointPlainHttp } from "./endpoint-plain-http";
import { enterpriseRegionsNeedFailover } from "./enterprise-regions-need-failover";
import { failoverAwsDnsZone } from "./failover-aws-dns-zone";
import { failoverAwsDomain } from "./failover-aws-domain";
import { failoverAwsDomainInZone } from "./failover-aws-domain-in-zone";
import { failoverAwsDomainNotApex } from "./failover-aws-domain-not-apex";
import { failoverTwoRegions } from "./failover-two-regions";
import { fallbacksNameGroups } from "./fallbacks-name-groups";
import { featureBudgetsWithinStack } from "./feature-budgets-within-stack";
import { fineTuningAdapters } from "./fine-tuning-adapters";
import { fineTuningDistillation } from "./fine-tuning-distillation";
import { fineTuningExport } from "./fine-tuning-export";
import { fineTuningRun } from "./fine-tuning-run";
import { fineTuningStage } from "./fine-tuning-stage";
import { fineTuningTrainerPool } from "./fine-tuning-trainer-pool";
import { gcpAdminCidrs } from "./gcp-admin-cidrs";
import { gcpApiDomain } from "./gcp-api-domain";
import { gcpCloudRunSize } from "./gcp-cloud-run-size";
import { gcpControlPlane } from "./gcp-control-plane";
import { gcpDatabaseCustomTier } from "./gcp-database-custom-tier";
import { gcpDatabaseHighAvailability } from "./gcp-database-high-availability";
import { gcpRequestTimeout } from "./gcp-request-timeout";
import { gcpGlobalBurst } from "./gcp-global-burst";
import { gcpProject } from "./gcp-project";
import { gcpQuotaPerDay } from "./gcp-quota-per-day";
import { awsNatInstancePrototype } from "./aws-nat-instance-prototype";
import { gcpSemanticCache } from "./gcp-semantic-cache";
import { gcpWorkerImageTag } from "./gcp-worker-image-tag";
import { otherCloudSettingsRule } from "./other-cloud-settings";
import { sectionsFromStage } from "./sections-from-stage";
import { gpuPools } from "./gpu-pools";
import { loggingRetentionBounds } from "./logging-retention-bounds";
import { minNotAboveMax } from "./min-not-above-max";
import { modelProviders } from "./model-providers";
import { modelWeightsSum } from "./model-weights-sum";
import { modelsInJurisdiction } from "./models-in-jurisdiction";
import { overflowInJurisdiction } from "./overflow-in-jurisdiction";
import { providerKeysAreSecrets } from "./provider-keys-are-secrets";
import { providerKeysNameProviders } from "./provider-keys-name-providers";
import { providerSettings } from "./provider-settings";
import { pubsubRanges } from "./pubsub-ranges";
import { quotaPerDay } from "./quota-per-day";
import { regionsInJurisdiction } from "./regions-in-jurisdiction";
import { routerGroupNotAModelGroup } from "./router-group-not-a-model-group";
import { routingTiers } from "./routing-tiers";
import { selfHostedPool } from "./self-hosted-pool";
import { semanticCacheEmbeddingGroup } from "./semantic-cache-embedding-group";
import { servingStagesNeedCluster } from "./serving-stages-need-cluster";
import type { Issue, RawStack, Rule, RuleContext } from "./rule";

export type { Issue, RawStack, Rule, RuleContext } from "./rule";

/**
 * Every relational rule of a stack config, one per file of this directory, in the order their
 * problems are reported (the order of the problems `parseStack` reports follows this list).
 */
export const rules: readonly Rule[] = [
  regionsInJurisdiction,
  loggingRetentionBounds,
  gcpProject,
  providerKeysAreSecrets,
  providerSettings,
  endpointCredentials,
  endpointPlainHttp,
  endpointMetadataAddress,
  providerKeysNameProviders,
  modelProviders,
  modelWeightsSum,
  fallbacksNameGroups,
  minNotAboveMax,
  selfHostedPool,
  featureBudgetsWithinStack,
  semanticCacheEmbeddingGroup,
  cacheTiersTtlOrder,
  cacheTiersNotSemantic,
  routerGroupNotAModelGroup,
  routingTiers,
  modelsInJurisdiction,
  anthropicInferenceGeoModel,
  overflowInJurisdiction,
  dedicatedCloudBlock,
  dedicatedGroup,
  dedicatedBedrockModel,
  dedicatedVertexShape,
  dedicatedRegion,
  fineTuningStage,
  fineTuningTrainerPool,
  fineTuningAdapters,
  fineTuningDistillation,
  fineTuningRun,
  fineTuningExport,
  gpuPools,
  cloudLimitsNetworkCidr,
  cloudLimitsFargate,
  cloudLimitsApiGatewayThrottle,
  cloudLimitsBedrockRegion,
  cloudLimitsEksAccess,
  cloudLimitsEksVersion,
  cloudLimitsGkeVersion,
  cloudLimitsAwsOnlySettings,
  cloudLimitsTags,
  cloudLimitsProviderJurisdiction,
  cloudLimitsGatewayCapacity,
  gcpWorkerImageTag,
  gcpApiDomain,
  gcpQuotaPerDay,
  awsNatInstancePrototype,
  gcpRequestTimeout,
  gcpGlobalBurst,
  gcpCloudRunSize,
  gcpAdminCidrs,
  gcpControlPlane,
  gcpSemanticCache,
  accessApiKeysUnique,
  accessNeedsKeysDatabase,
  accessTeamModels,
  accessKeys,
  failoverTwoRegions,
  failoverAwsDomain,
  failoverAwsDnsZone,
  failoverAwsDomainInZone,
  failoverAwsDomainNotApex,
  billingAccount,
  pubsubRanges,
  servingStagesNeedCluster,
  databaseCloudFields,
  databaseCapacityRange,
  quotaPerDay,
  gcpDatabaseCustomTier,
  gcpDatabaseHighAvailability,
  enterpriseRegionsNeedFailover,
  otherCloudSettingsRule,
  sectionsFromStage,
  awsAutoNames,
];

/**
 * Run every rule on the merged raw input (stage preset under the stack file). Each rule reads
 * only well-formed fields, so the rules report even when the schema rejects other fields.
 */
export function runRules(c: RawStack, ctx: RuleContext): Issue[] {
  return rules.flatMap((rule) => rule.check(c, ctx));
}
