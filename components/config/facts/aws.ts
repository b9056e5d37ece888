/**
 * What AWS accepts, as its documentation says; each table names its source and the date it was
 * read. The spec refuses configurations these tables rule out (with the property path and the
 * allowed values), the AWS components size and name resources from them, and the planner's fakes
 * name resources as the provider would. GPU instance availability per region is in `../gpus.ts`.
 */

/**
 * Regions with the `bedrock-runtime` endpoint (where `bedrock:InvokeModel` can be called).
 * Source: https://docs.aws.amazon.com/bedrock/latest/userguide/endpoints-region-availability.html
 * (read 2026-11-30; the United States, Canada, Europe and Asia Pacific tables). The page's Middle
 * East, South America and Africa tables were not transcribed: regions there are accepted unchecked
 * (`bedrockRegionUnverified`), never refused on a guess.
 */
export const bedrockRuntimeRegions: readonly string[] = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  "ca-central-1", "ca-west-1",
  "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
  "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
  "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
];

/** Geographies whose Bedrock rows were not transcribed above (see `bedrockRuntimeRegions`). */
export function bedrockRegionUnverified(region: string): boolean {
  return /^(me|sa|af|il|mx)-/.test(region);
}

/**
 * Fargate task sizes (Linux): each CPU value and the memory values it accepts.
 * Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 * (read 2026-11-30). CPU in vCPU, memory in MiB; `step` is the memory increment between min and max.
 */
export const fargateTaskSizes: readonly { vcpu: number; cpuUnits: number; minMiB: number; maxMiB: number; stepMiB: number; exact?: readonly number[] }[] = [
  { vcpu: 0.25, cpuUnits: 256, minMiB: 512, maxMiB: 2048, stepMiB: 1024, exact: [512, 1024, 2048] },
  { vcpu: 0.5, cpuUnits: 512, minMiB: 1024, maxMiB: 4096, stepMiB: 1024 },
  { vcpu: 1, cpuUnits: 1024, minMiB: 2048, maxMiB: 8192, stepMiB: 1024 },
  { vcpu: 2, cpuUnits: 2048, minMiB: 4096, maxMiB: 16384, stepMiB: 1024 },
  { vcpu: 4, cpuUnits: 4096, minMiB: 8192, maxMiB: 30720, stepMiB: 1024 },
  { vcpu: 8, cpuUnits: 8192, minMiB: 16384, maxMiB: 61440, stepMiB: 4096 },
  { vcpu: 16, cpuUnits: 16384, minMiB: 32768, maxMiB: 122880, stepMiB: 8192 },
];

/** The memory values (MiB) Fargate accepts with `vcpu`, or undefined when `vcpu` is not a Fargate CPU size. */
export function fargateMemoryChoices(vcpu: number): number[] | undefined {
  const size = fargateTaskSizes.find((s) => s.vcpu === vcpu);
  if (!size) return undefined;
  if (size.exact) return [...size.exact];
  const out: number[] = [];
  for (let m = size.minMiB; m <= size.maxMiB; m += size.stepMiB) out.push(m);
  return out;
}

/** "2048–16384 in steps of 1024" for messages. */
export function describeFargateMemory(vcpu: number): string {
  const size = fargateTaskSizes.find((s) => s.vcpu === vcpu);
  if (!size) return "";
  return size.exact ? size.exact.join(", ") : `${size.minMiB}–${size.maxMiB} in steps of ${size.stepMiB}`;
}

/**
 * Tag rules. Source: https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
 * ("Tag naming limits and requirements", read 2026-11-30): at most 50 user tags per resource; key
 * 1–128 and value 0–256 Unicode characters; letters, numbers, spaces and `_ . : / = + - @`; the
 * `aws:` prefix is reserved. The kit adds its own 6 tags (`stackTags`) to every resource.
 */
export const awsTagRules = {
  maxTagsPerResource: 50,
  maxKeyLength: 128,
  maxValueLength: 256,
  allowed: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
  allowedDescription: "letters, digits, spaces and _ . : / = + - @",
  reservedPrefix: "aws:",
} as const;

/**
 * CloudWatch Logs retention values (days). Source:
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html (read 2026-11-30).
 */
export const logRetentionChoices: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * Name limits of the resources the kit lets Pulumi auto-name, by Pulumi type, with the field that
 * carries the name. Sources (read 2026-11-30): IAM https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * (role 64, policy 128); ELB https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
 * and API_CreateTargetGroup.html (32); SQS https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html (80);
 * S3 https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (63, lower case);
 * ECS https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html and API_CreateService.html (255);
 * ElastiCache https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html (40);
 * Secrets Manager https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html (512);
 * CloudWatch Logs https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (512);
 * SNS https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (256);
 * EKS https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html (63), API_CreateCluster.html (100);
 * RDS https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html and API_CreateDBInstance.html
 * (identifiers 63, letters/digits/hyphens, first a letter, stored lower-case), API_CreateDBSubnetGroup.html (255);
 * WAF https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html (128).
 * Pulumi's auto-name adds `autoNameSuffixLength` characters to the logical name (see `common.ts`).
 */
export const awsNameLimits: Readonly<Record<string, { field: string; max: number }>> = {
  "aws:iam/role:Role": { field: "name", max: 64 },
  "aws:iam/policy:Policy": { field: "name", max: 128 },
  "aws:lb/loadBalancer:LoadBalancer": { field: "name", max: 32 },
  "aws:lb/targetGroup:TargetGroup": { field: "name", max: 32 },
  "aws:sqs/queue:Queue": { field: "name", max: 80 },
  "aws:s3/bucket:Bucket": { field: "bucket", max: 63 },
  "aws:s3/bucketV2:BucketV2": { field: "bucket", max: 63 },
  "aws:ecs/cluster:Cluster": { field: "name", max: 255 },
  "aws:ecs/service:Service": { field: "name", max: 255 },
  "aws:elasticache/replicationGroup:ReplicationGroup": { field: "replicationGroupId", max: 40 },
  "aws:secretsmanager/secret:Secret": { field: "name", max: 512 },
  "aws:cloudwatch/logGroup:LogGroup": { field: "name", max: 512 },
  "aws:sns/topic:Topic": { field: "name", max: 256 },
  "aws:eks/nodeGroup:NodeGroup": { field: "nodeGroupName", max: 63 },
  "aws:eks/cluster:Cluster": { field: "name", max: 100 },
  "aws:rds/cluster:Cluster": { field: "clusterIdentifier", max: 63 },
  "aws:rds/clusterInstance:ClusterInstance": { field: "identifier", max: 63 },
  "aws:rds/subnetGroup:SubnetGroup": { field: "name", max: 255 },
  "aws:wafv2/webAcl:WebAcl": { field: "name", max: 128 },
};

/**
 * `name_prefix` of load balancers and target groups: at most 6 characters; the provider appends a
 * unique id and keeps the name within 32. Source: Pulumi registry aws.lb.LoadBalancer / TargetGroup
 * `namePrefix` (read 2026-11-30).
 */
export const lbNamePrefixMax = 6;

/**
 * API Gateway throttling quotas per account and region (adjustable through Service Quotas). A
 * stage or usage plan cannot throttle above them. Source:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html (read 2026-11-30).
 */
export const apiGatewayAccountThrottle = { ratePerSecond: 10_000, burst: 5_000 } as const;

/**
 * REST API integration timeout: 50 ms up to 29 s buffered; with response streaming up to 15 min.
 * Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html (read 2026-11-30).
 */
export const apiGatewayStreamingTimeoutSeconds = 900;

/** ECS: at most 5,000 tasks per service. Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html (read 2026-11-30). */
export const ecsMaxTasksPerService = 5_000;

/**
 * EKS public endpoint access CIDRs: IPv4 CIDRs, at most 40 per cluster. Source:
 * https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html and
 * https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html ("Public endpoint access
 * CIDR ranges per cluster: 40", read 2026-11-30).
 */
export const eksMaxPublicAccessCidrs = 40;

/** The EKS access policy that grants cluster admin. Source: https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html */
export const eksClusterAdminPolicyArn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/** Route 53 hosted zone ids: `Z` and upper-case letters and digits (e.g. `Z0123456789ABCDEFGHIJ`). */
export const route53ZoneId = /^Z[A-Z0-9]{1,31}$/;

/** Whether `domain` is the zone's apex or a name under it. */
export function inZone(domain: string, zone: string): boolean {
  const z = zone.replace(/\.$/, "").toLowerCase();
  const d = domain.replace(/\.$/, "").toLowerCase();
  return d === z || d.endsWith(`.${z}`);
}

/**
 * The Aurora PostgreSQL engine version new keys databases are created with (`aws/database.ts`).
 * Released: Aurora added PostgreSQL 16.6 with the community's 2024-11-21 minor releases
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Updates.html).
 * Still offered: NOT confirmed on 2026-12-07. The minor-version release calendar
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html)
 * could not be read in full that day, and RDS for PostgreSQL (not Aurora) stopped creating 16.6
 * instances on 2026-05-01 (https://lucaberton.com/blog/aws-rds-postgresql-minor-version-deprecation-may-2026/,
 * third-party), so a new cluster on it may be refused. Check before a first `up` with
 * `aws rds describe-db-engine-versions --engine aurora-postgresql --engine-version 16.6`; existing
 * clusters are unaffected (AWS applies minor upgrades, the kit ignores the drift).
 */
export const auroraPostgresEngine = {
  version: "16.6",
  stillOffered: { confirmed: false, checkedOn: "2026-12-07", source: "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/aurorapostgresql-release-calendar.html" },
} as const;

/**
 * EKS Kubernetes versions: end of standard support (14 months after EKS release) and end of
 * extended support (12 months after that), each the first day EKS no longer offers that support.
 * Source: "Understand the Kubernetes version lifecycle on EKS"
 * (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html) and its calendar as
 * tabulated by https://endoflife.date/amazon-eks (read 2026-12-07). A cluster past standard support
 * is billed the extended-support rate (cost/rates.ts `eksClusterExtendedHour`); past extended
 * support EKS upgrades it on its own, so the spec refuses the version (rules/cloud-limits-eks-version.ts).
 */
export const eksVersionCalendar: Readonly<Record<string, { endOfStandard: string; endOfExtended: string }>> = {
  "1.29": { endOfStandard: "2025-03-23", endOfExtended: "2026-03-23" },
  "1.30": { endOfStandard: "2025-07-23", endOfExtended: "2026-07-23" },
  "1.31": { endOfStandard: "2025-11-26", endOfExtended: "2026-11-26" },
  "1.32": { endOfStandard: "2026-03-23", endOfExtended: "2027-03-23" },
  "1.33": { endOfStandard: "2026-07-29", endOfExtended: "2027-07-29" },
  "1.34": { endOfStandard: "2026-12-02", endOfExtended: "2027-12-02" },
  "1.35": { endOfStandard: "2027-03-27", endOfExtended: "2028-03-27" },
};

/** The day `eksVersionCalendar` was read: support phases are judged as of this day, so plans and costs do not drift with the clock. */
export const eksCalendarReadOn = "2026-12-07";

const minorOf = (v: string) => Number(v.split(".")[1]);

/**
 * Where `version` stands on `day` (ISO date). A version older than the calendar's oldest is past
 * extended support; one newer than its newest was released after it was read, so it is in
 * standard support.
 */
export function eksSupportPhase(version: string, day: string = eksCalendarReadOn): "standard" | "extended" | "ended" {
  const row = eksVersionCalendar[version];
  if (!row) {
    const known = Object.keys(eksVersionCalendar).map(minorOf);
    return minorOf(version) < Math.min(...known) ? "ended" : "standard";
  }
  if (day < row.endOfStandard) return "standard";
  if (day < row.endOfExtended) return "extended";
  return "ended";
}
