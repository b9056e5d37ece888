/**
 * The unit prices the cost model multiplies, each with where it comes from.
 *
 * Every rate carries a source: the page, the date the number was read or published, and the basis,
 * stated honestly:
 * - `official`: the number is on a stored copy of the cloud's own page or documentation.
 * - `third-party`: a stored third-party page (dated) quotes the cloud's list price; the official
 *   page is named in `note`.
 * - `list-price`: the cloud's official list price as the kit's authors know it; no stored page
 *   here shows the number (the official page is the URL). Check before relying on it.
 * - `assumption`: not a price but a modelling assumption (bytes per request, image size).
 *
 * Prices are USD, on-demand, before free tiers, credits and commitments, in the base region
 * (AWS us-east-1, GCP us-central1); `regional: true` rates scale with the region multiplier
 * (`regions.ts`). A test fails when any rate lacks a URL, a date or a basis.
 */

export type Basis = "official" | "third-party" | "list-price" | "assumption";

export interface Source {
  url: string;
  /** ISO date (YYYY-MM-DD) the page was published or read. */
  date: string;
  basis: Basis;
  note?: string;
}

export interface Rate {
  usd: number;
  unit: string;
  /** Scales with the region multiplier (compute, memory, NAT); per-request API prices do not. */
  regional: boolean;
  source: Source;
}

/** Hours in a month as the clouds bill them (730 = 8760 / 12). */
export const hoursPerMonth = 730;
export const secondsPerMonth = hoursPerMonth * 3600;
export const daysPerMonth = 365 / 12;

const read = "2026-11-30";
const lp = (url: string, note?: string): Source => ({ url, date: read, basis: "list-price", ...(note ? { note } : {}) });
/** An assumption is sourced to the file that states it (this one), not to a web page. */
const assumed = (note: string): Source => ({ url: "components/cost/rates.ts", date: read, basis: "assumption", note });

const fargate: Source = {
  url: "https://www.vantage.sh/blog/fargate-pricing",
  date: "2026-06-17",
  basis: "third-party",
  note: "us-east-1 Linux/x86 rates, also quoted by factualminds.com (2026-06-17); official page https://aws.amazon.com/fargate/pricing/",
};
const natThirdParty: Source = {
  url: "https://basavytix.com/blog/aws-nat-gateway-pricing",
  date: read,
  basis: "third-party",
  note: "us-east-1 $0.045/h and $0.045/GB, also cloudburn.io (2026-02-24); official page https://aws.amazon.com/vpc/pricing/",
};

const aurora: Source = {
  url: "https://c3x.dev/blog/aws-aurora-serverless-v2-cost/",
  date: "2026-12-01",
  basis: "third-party",
  note: "us-east-1 ~$0.12 per ACU-hour (0.5 ACU floor ~$44/month), also awsnegotiations.com (2026-05: ~$0.12/ACU-hour, ~$0.10/GB-month storage, standard I/O per million); I/O $0.20 per million is the Aurora Standard list price; official page https://aws.amazon.com/rds/aurora/pricing/",
};
const waf: Source = {
  url: "https://c3x.dev/blog/aws-waf-cost-explained/",
  date: "2026-12-01",
  basis: "third-party",
  note: "$5/month per web ACL + $1/month per rule or managed rule group + $0.60 per million requests; AWS's own blog: 'The pricing for AWS WAF is consistent across all AWS Regions' (https://aws.amazon.com/blogs/networking-and-content-delivery/cost-effective-ways-for-securing-your-web-applications-using-aws-waf/); official page https://aws.amazon.com/waf/pricing/",
};

export const rates = {
  // --- AWS ---------------------------------------------------------------------------------
  fargateVcpuHour: { usd: 0.04048, unit: "vCPU-hour", regional: true, source: fargate },
  fargateGbHour: { usd: 0.004445, unit: "GB-hour", regional: true, source: fargate },
  apiGatewayRestPerMillion: {
    usd: 3.5,
    unit: "million REST API calls (first 333M a month)",
    regional: false,
    source: {
      url: "https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html",
      date: read,
      basis: "official",
      note: "Table 4: REST first 333 million requests $3.50 per million; the NLB of a VPC link is billed per hour",
    },
  },
  nlbHour: { usd: 0.0225, unit: "load-balancer-hour", regional: true, source: lp("https://aws.amazon.com/elasticloadbalancing/pricing/") },
  nlcuHour: { usd: 0.006, unit: "NLCU-hour (1 GB processed = 1 NLCU-hour on the bytes dimension)", regional: true, source: lp("https://aws.amazon.com/elasticloadbalancing/pricing/") },
  natGatewayHour: { usd: 0.045, unit: "NAT-gateway-hour", regional: true, source: natThirdParty },
  natGatewayGb: { usd: 0.045, unit: "GB processed", regional: true, source: natThirdParty },
  publicIpv4Hour: {
    usd: 0.005,
    unit: "public IPv4 address-hour",
    regional: false,
    source: { url: "https://cloudburn.io/blog/aws-nat-gateway-pricing", date: "2026-02-24", basis: "third-party", note: "official page https://aws.amazon.com/vpc/pricing/ (Public IPv4 Address)" },
  },
  interfaceEndpointAzHour: {
    usd: 0.01,
    unit: "interface-endpoint AZ-hour",
    regional: true,
    source: { url: "https://www.egresscost.com/nat-gateway", date: "2026-03-01", basis: "third-party", note: "$7.20/AZ-month; official page https://aws.amazon.com/privatelink/pricing/" },
  },
  eksClusterHour: { usd: 0.1, unit: "cluster-hour (standard support)", regional: false, source: lp("https://aws.amazon.com/eks/pricing/") },
  // A version past its 14 months of standard support is billed the extended-support rate until EKS upgrades it.
  eksClusterExtendedHour: {
    usd: 0.6,
    unit: "cluster-hour (extended support)",
    regional: false,
    source: {
      url: "https://aws.amazon.com/eks/pricing/",
      date: "2026-12-07",
      basis: "list-price",
      note: "$0.60 per cluster per hour in extended support vs $0.10 in standard; AWS's notice quoted in https://github.com/WGBH-MLA/chowda/issues/217; lifecycle https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html",
    },
  },
  ebsGp3GbMonth: { usd: 0.08, unit: "GB-month gp3", regional: true, source: lp("https://aws.amazon.com/ebs/pricing/") },
  s3StandardGbMonth: { usd: 0.023, unit: "GB-month S3 Standard (first 50 TB)", regional: true, source: lp("https://aws.amazon.com/s3/pricing/") },
  s3PutPer1000: { usd: 0.005, unit: "1,000 PUT requests", regional: true, source: lp("https://aws.amazon.com/s3/pricing/") },
  kmsKeyMonth: { usd: 1, unit: "customer managed key-month", regional: false, source: lp("https://aws.amazon.com/kms/pricing/") },
  // Aurora Serverless v2 (Aurora Standard configuration), us-east-1; per-ACU compute scales by region.
  auroraAcuHour: { usd: 0.12, unit: "ACU-hour (Aurora Serverless v2)", regional: true, source: aurora },
  auroraStorageGbMonth: { usd: 0.1, unit: "GB-month of cluster storage", regional: true, source: aurora },
  auroraIoPerMillion: { usd: 0.2, unit: "million I/O requests (Aurora Standard)", regional: true, source: aurora },
  /** Assumed size of a keys database at rest (keys, teams, spend rows): LiteLLM's tables are small. */
  keysDatabaseGb: { usd: 1, unit: "GB (assumed size of the keys database)", regional: false, source: assumed("LiteLLM's keys, teams and spend logs stay within about 1 GB for the example stacks") },
  /** Assumed database I/O per API request (key check, spend update; LiteLLM batches spend writes). */
  keysDatabaseIoPerRequest: { usd: 4, unit: "I/O requests per API request (assumed)", regional: false, source: assumed("key lookup (cached) and batched spend writes: a few I/Os per request") },
  wafWebAclMonth: { usd: 5, unit: "web ACL-month", regional: false, source: waf },
  wafRuleMonth: { usd: 1, unit: "rule or managed rule group-month", regional: false, source: waf },
  wafPerMillion: { usd: 0.6, unit: "million requests inspected", regional: false, source: waf },
  secretsManagerSecretMonth: { usd: 0.4, unit: "secret-month", regional: false, source: lp("https://aws.amazon.com/secrets-manager/pricing/") },
  cloudwatchDashboardMonth: { usd: 3, unit: "dashboard-month (first 3 free per account, not applied)", regional: false, source: lp("https://aws.amazon.com/cloudwatch/pricing/") },
  cloudwatchAlarmMonth: { usd: 0.1, unit: "standard-resolution alarm-month", regional: false, source: lp("https://aws.amazon.com/cloudwatch/pricing/") },
  cloudwatchLogsIngestGb: { usd: 0.5, unit: "GB of logs ingested", regional: true, source: lp("https://aws.amazon.com/cloudwatch/pricing/") },
  ecrGbMonth: { usd: 0.1, unit: "GB-month of images", regional: false, source: lp("https://aws.amazon.com/ecr/pricing/") },
  sqsPerMillion: { usd: 0.4, unit: "million standard-queue requests", regional: false, source: lp("https://aws.amazon.com/sqs/pricing/") },
  athenaPerTb: { usd: 5, unit: "TB scanned", regional: false, source: lp("https://aws.amazon.com/athena/pricing/") },
  /** Node-based ElastiCache for Valkey is priced below Redis OSS for the same node type. */
  elasticacheValkeyFactor: { usd: 0.8, unit: "Valkey / Redis OSS node price ratio", regional: false, source: lp("https://aws.amazon.com/elasticache/pricing/", "Valkey node-based clusters 20% lower than Redis OSS") },

  // --- GCP ---------------------------------------------------------------------------------
  cloudRunInstanceVcpuSecond: { usd: 0.000018, unit: "vCPU-second, instance-based billing, tier 1", regional: true, source: lp("https://cloud.google.com/run/pricing") },
  cloudRunInstanceGibSecond: { usd: 0.000002, unit: "GiB-second, instance-based billing, tier 1", regional: true, source: lp("https://cloud.google.com/run/pricing") },
  cloudRunRequestVcpuSecond: { usd: 0.000024, unit: "vCPU-second while serving, request-based billing, tier 1", regional: true, source: lp("https://cloud.google.com/run/pricing") },
  cloudRunRequestGibSecond: { usd: 0.0000025, unit: "GiB-second while serving, request-based billing, tier 1", regional: true, source: lp("https://cloud.google.com/run/pricing") },
  // A minimum instance under request-based billing that serves nothing is billed at the idle rate.
  cloudRunIdleVcpuSecond: { usd: 0.0000025, unit: "vCPU-second of an idle minimum instance, request-based billing, tier 1", regional: true, source: lp("https://cloud.google.com/run/pricing", "request-based table, idle min-instance row") },
  cloudRunIdleGibSecond: { usd: 0.0000025, unit: "GiB-second of an idle minimum instance, request-based billing, tier 1", regional: true, source: lp("https://cloud.google.com/run/pricing", "request-based table, idle min-instance row") },
  cloudRunRequestsPerMillion: { usd: 0.4, unit: "million requests, request-based billing", regional: false, source: lp("https://cloud.google.com/run/pricing") },
  // The front door: global external Application Load Balancer and Cloud Armor Standard.
  gcpForwardingRuleHour: {
    usd: 0.025,
    unit: "global forwarding rule-hour (first 5 in a project; $0.01 each beyond)",
    regional: false,
    source: { url: "https://cloud.google.com/load-balancing/pricing", date: "2026-12-01", basis: "official", note: "'First 5 forwarding rules $0.025 Per Hour'" },
  },
  gcpLbDataProcessedGib: {
    usd: 0.008,
    unit: "GiB processed by the load balancer, inbound and outbound each",
    regional: true,
    source: { url: "https://cloud.google.com/load-balancing/pricing", date: "2026-12-01", basis: "official", note: "'Inbound data processed by load balancer $0.008 / 1 gibibyte', outbound the same; charged by the region that processes it" },
  },
  cloudArmorPolicyMonth: { usd: 5, unit: "security policy-month (Standard tier)", regional: false, source: lp("https://cloud.google.com/armor/pricing", "the stored pages confirm Standard is billed per policy, per rule and per request, not the numbers") },
  cloudArmorRuleMonth: { usd: 1, unit: "rule-month (Standard tier)", regional: false, source: lp("https://cloud.google.com/armor/pricing", "the stored pages confirm Standard is billed per policy, per rule and per request, not the numbers") },
  cloudArmorPerMillion: { usd: 0.75, unit: "million requests evaluated (Standard tier)", regional: false, source: lp("https://cloud.google.com/armor/pricing", "the stored pages confirm Standard is billed per policy, per rule and per request, not the numbers") },
  gkeClusterHour: { usd: 0.1, unit: "cluster management fee per hour (free-tier credit not applied)", regional: false, source: lp("https://cloud.google.com/kubernetes-engine/pricing") },
  pdBalancedGbMonth: { usd: 0.1, unit: "GB-month pd-balanced", regional: true, source: lp("https://cloud.google.com/compute/disks-image-pricing") },
  cloudNatVmHour: { usd: 0.0014, unit: "VM-hour behind Cloud NAT (up to 32 VMs)", regional: false, source: lp("https://cloud.google.com/nat/pricing") },
  cloudNatGb: { usd: 0.045, unit: "GB processed", regional: false, source: lp("https://cloud.google.com/nat/pricing") },
  gcsStandardGbMonth: { usd: 0.02, unit: "GB-month Standard, regional", regional: true, source: lp("https://cloud.google.com/storage/pricing") },
  gcsClassAPer1000: { usd: 0.005, unit: "1,000 class A operations", regional: false, source: lp("https://cloud.google.com/storage/pricing") },
  secretVersionMonth: { usd: 0.06, unit: "active secret version per replica location-month", regional: false, source: lp("https://cloud.google.com/secret-manager/pricing") },
  schedulerJobMonth: { usd: 0.1, unit: "job-month (3 free per billing account, not applied)", regional: false, source: lp("https://cloud.google.com/scheduler/pricing") },
  artifactRegistryGbMonth: { usd: 0.1, unit: "GB-month above 0.5 GB", regional: false, source: lp("https://cloud.google.com/artifact-registry/pricing") },
  bigqueryPerTib: { usd: 6.25, unit: "TiB scanned on demand", regional: false, source: lp("https://cloud.google.com/bigquery/pricing") },
  pubsubPerTib: { usd: 40, unit: "TiB of throughput", regional: false, source: lp("https://cloud.google.com/pubsub/pricing") },
  alertConditionMonth: { usd: 0.1, unit: "alerting condition-month", regional: false, source: lp("https://cloud.google.com/stackdriver/pricing", "alerting charges per condition; the stored pages give no number") },
  // Cloud SQL for PostgreSQL, Enterprise edition, us-central1 list prices (the region factor scales
  // them). vCPU and memory rates as a stored third-party page quotes the official one (May 2026);
  // shared-core tiers and SSD storage from the official page (https://cloud.google.com/sql/pricing),
  // not re-read here. HA (REGIONAL) doubles instance and storage prices; a read replica is billed as
  // an instance of its own.
  cloudSqlVcpuHour: {
    usd: 0.0413,
    unit: "vCPU-hour, dedicated core, Enterprise edition",
    regional: true,
    source: { url: "https://www.usage.ai/blogs/gcp/cloud-sql/pricing/", date: "2026-05-01", basis: "third-party", note: "quotes https://cloud.google.com/sql/pricing (us-central1)" },
  },
  cloudSqlMemoryGbHour: {
    usd: 0.007,
    unit: "GB-hour of memory, dedicated core, Enterprise edition",
    regional: true,
    source: { url: "https://www.usage.ai/blogs/gcp/cloud-sql/pricing/", date: "2026-05-01", basis: "third-party", note: "quotes https://cloud.google.com/sql/pricing (us-central1)" },
  },
  cloudSqlF1MicroHour: { usd: 0.0105, unit: "instance-hour db-f1-micro (shared core)", regional: true, source: lp("https://cloud.google.com/sql/pricing") },
  cloudSqlG1SmallHour: { usd: 0.035, unit: "instance-hour db-g1-small (shared core)", regional: true, source: lp("https://cloud.google.com/sql/pricing") },
  cloudSqlSsdGbMonth: { usd: 0.17, unit: "GB-month SSD storage", regional: true, source: lp("https://cloud.google.com/sql/pricing") },
  /** HA (availability type REGIONAL) bills the instance and its storage twice. */
  cloudSqlHaFactor: { usd: 2, unit: "price multiple of a REGIONAL (HA) instance", regional: false, source: lp("https://cloud.google.com/sql/pricing", "HA configurations are billed at twice the zonal price") },
  memorystoreStandardM1GbHour: { usd: 0.064, unit: "GB-hour, Standard tier, 1-4 GB", regional: true, source: lp("https://cloud.google.com/memorystore/docs/redis/pricing") },
  memorystoreStandardM2GbHour: { usd: 0.054, unit: "GB-hour, Standard tier, 5-10 GB", regional: true, source: lp("https://cloud.google.com/memorystore/docs/redis/pricing") },
  memorystoreBasicM1GbHour: { usd: 0.049, unit: "GB-hour, Basic tier, 1-4 GB", regional: true, source: lp("https://cloud.google.com/memorystore/docs/redis/pricing") },
  memorystoreBasicM2GbHour: { usd: 0.027, unit: "GB-hour, Basic tier, 5-10 GB", regional: true, source: lp("https://cloud.google.com/memorystore/docs/redis/pricing") },
  /** Spot/preemptible capacity as a share of on-demand; varies by hour and zone. */
  spotFactor: { usd: 0.35, unit: "spot / on-demand price ratio", regional: false, source: assumed("spot prices float; AWS and Google state discounts of 60-91%, 0.35 is a middle value") },

  // --- modelling assumptions ---------------------------------------------------------------
  logOverheadBytesPerRequest: { usd: 1500, unit: "bytes of JSON around the tokens in one request-log record", regional: false, source: assumed("LiteLLM's standard logging payload (metadata, usage, timings)") },
  bytesPerToken: { usd: 4, unit: "bytes of text per token", regional: false, source: assumed("~4 characters per token for English text (OpenAI tokenizer guidance)") },
  containerImageGb: { usd: 2, unit: "GB stored per image repository", regional: false, source: assumed("one or two pinned tags of the gateway/worker images") },
} satisfies Record<string, Rate>;

export type RateName = keyof typeof rates;

/** On-demand Linux price per hour of the machine shapes the kit creates (base region). */
export const machineHourly: Readonly<Record<string, Rate>> = Object.fromEntries(
  (
    [
      // AWS EC2 (us-east-1)
      // The prototype's NAT instance (components/aws/network.ts natInstance).
      ["t4g.nano", 0.0042, "aws"],
      ["m7i.xlarge", 0.2016, "aws"],
      ["m7i.large", 0.1008, "aws"],
      ["g4dn.2xlarge", 0.752, "aws"],
      ["g4dn.12xlarge", 3.912, "aws"],
      ["g5.2xlarge", 1.212, "aws"],
      ["g5.12xlarge", 5.672, "aws"],
      ["g5.48xlarge", 16.288, "aws"],
      ["g6.2xlarge", 0.9776, "aws"],
      ["g6.12xlarge", 4.6016, "aws"],
      ["g6.48xlarge", 13.3504, "aws"],
      ["g6e.2xlarge", 2.24208, "aws"],
      ["g6e.12xlarge", 10.49264, "aws"],
      ["g6e.48xlarge", 30.13118, "aws"],
      ["p4d.24xlarge", 21.96, "aws"],
      ["p4de.24xlarge", 27.447, "aws"],
      ["p5.48xlarge", 55.04, "aws"],
      // GCP Compute Engine (us-central1); GPU machines include their attached GPUs.
      ["e2-standard-4", 0.134, "gcp"],
      ["e2-standard-2", 0.067, "gcp"],
      ["n1-standard-8", 0.73, "gcp"],
      ["n1-standard-32", 2.92, "gcp"],
      ["g2-standard-8", 0.8536, "gcp"],
      ["g2-standard-24", 2.0, "gcp"],
      ["g2-standard-48", 4.0, "gcp"],
      ["g2-standard-96", 8.0, "gcp"],
      ["a2-highgpu-1g", 3.6733, "gcp"],
      ["a2-highgpu-2g", 7.3466, "gcp"],
      ["a2-highgpu-4g", 14.6932, "gcp"],
      ["a2-highgpu-8g", 29.3864, "gcp"],
      ["a2-ultragpu-1g", 5.0688, "gcp"],
      ["a2-ultragpu-2g", 10.1376, "gcp"],
      ["a2-ultragpu-4g", 20.2752, "gcp"],
      ["a2-ultragpu-8g", 40.5504, "gcp"],
      ["a3-highgpu-8g", 88.49, "gcp"],
    ] as const
  ).map(([type, usd, cloud]) => [
    type,
    {
      usd,
      unit: "instance-hour, on-demand Linux",
      regional: true,
      source:
        type === "g5.2xlarge"
          ? { url: "https://www.factualminds.com/blog/amazon-ec2-on-demand-pricing-instance-families-2026/", date: "2026-06-17", basis: "third-party" as const, note: "page gives g5.xlarge $1.006/h; g5.2xlarge is the official list price https://aws.amazon.com/ec2/pricing/on-demand/" }
          : cloud === "aws"
            ? lp("https://aws.amazon.com/ec2/pricing/on-demand/")
            : lp("https://cloud.google.com/compute/vm-instance-pricing", type.startsWith("n1-") ? "n1 machine plus one attached T4 per 8 vCPU ($0.35/GPU-hour)" : undefined),
    },
  ]),
);

/** ElastiCache Redis OSS node price per hour (us-east-1); Valkey is `elasticacheValkeyFactor` of it. */
export const cacheNodeHourly: Readonly<Record<string, Rate>> = Object.fromEntries(
  (
    [
      ["cache.t4g.micro", 0.016],
      ["cache.t4g.small", 0.032],
      ["cache.t4g.medium", 0.065],
      ["cache.m7g.large", 0.158],
      ["cache.r7g.large", 0.219],
      ["cache.r7g.xlarge", 0.437],
    ] as const
  ).map(([type, usd]) => [type, { usd, unit: "node-hour, Redis OSS", regional: true, source: lp("https://aws.amazon.com/elasticache/pricing/") }]),
);
