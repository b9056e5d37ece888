import { eksSupportPhase } from "../config/facts/aws";
import type { DedicatedQuote } from "./dedicated";
import { type Rate, type Source, cacheNodeHourly, daysPerMonth, hoursPerMonth, machineHourly, rates, secondsPerMonth } from "./rates";

/**
 * The price table: for every resource type the kit creates, how its monthly cost follows from its
 * planned inputs (fixed, at rest) and from the stack's traffic profile (usage). Each entry names
 * its sources; a type without an entry is reported as "not priced", never as zero.
 */

/** What one resource's pricer sees. */
export interface PricingContext {
  cloud: "aws" | "gcp";
  region: string | null;
  /** Region multiplier for `regional` rates. */
  multiplier: number;
  /** Requests a month this region serves (the stack's traffic split evenly over its regions); 0 without traffic. */
  requestsPerMonth: number;
  /** Bytes of one request's log record (tokens in and out as text plus the record around them). */
  bytesPerRequest: number;
  /** Share of requests that go through the queue (traffic.batchPercent / 100), 0 when not stated. */
  batchShare: number;
  /** Days request logs are kept (lifecycle rule). */
  logRetentionDays: number;
  /** Nodes a GPU pool keeps at rest for the self-hosted models' minimum replicas, by pool name. */
  gpuNodesAtRest: ReadonlyMap<string, number>;
  /** VMs at rest in this region (GKE nodes), for Cloud NAT's per-VM charge. */
  vmsAtRest: number;
  /** All planned resources, for pricers that read a sibling (an ECS service reads its task definition). */
  resources: readonly PricedResourceInput[];
  /** The stack's quotes for its dedicated capacity (`dedicated`), by group. */
  dedicatedQuotes?: readonly DedicatedQuote[];
}

export interface PricedResourceInput {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  region: string | null;
  inputs: Record<string, unknown>;
}

export interface Line {
  fixed: number;
  usage: number;
  /** How the numbers came about, one short phrase. */
  basis: string;
}

export type Pricer = (r: PricedResourceInput, ctx: PricingContext) => Line;

export type TypePrice =
  | { kind: "priced"; sources: readonly Source[]; price: Pricer }
  /** Billed nothing by itself (its cost is in another resource, or the service is free). */
  | { kind: "free"; sources: readonly Source[]; reason: string }
  /** The kit knows the type but has no sourced number for it: listed as not priced. */
  | { kind: "not-priced"; sources: readonly Source[]; reason: string };

/** Thrown by a pricer whose inputs it cannot price (unknown node type): the resource is listed as not priced. */
export class NotPriced extends Error {}

const at = (rate: Rate, ctx: PricingContext): number => rate.usd * (rate.regional ? ctx.multiplier : 1);
const num = (v: unknown, fallback: number): number => (typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && v !== "" && Number.isFinite(Number(v)) ? Number(v) : fallback);
const obj = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const money = (n: number) => `$${n.toFixed(2)}`;
const gb = (bytes: number) => bytes / 1e9;

/** Kubernetes quantities as Cloud Run takes them: "2", "500m" CPU; "4096Mi", "2Gi" memory. */
export function cpuQuantity(v: unknown): number {
  const s = String(v ?? "1");
  return s.endsWith("m") ? Number(s.slice(0, -1)) / 1000 : Number(s);
}
export function memoryGiB(v: unknown): number {
  const s = String(v ?? "512Mi");
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi|M|G)?$/.exec(s);
  if (!m) throw new NotPriced(`memory '${s}' is not a quantity the cost model reads`);
  const n = Number(m[1]);
  return m[2] === "Gi" ? n : m[2] === "G" ? (n * 1e9) / 2 ** 30 : m[2] === "M" ? (n * 1e6) / 2 ** 30 : n / 1024;
}

function machine(type: string, ctx: PricingContext): number {
  const rate = machineHourly[type];
  if (!rate) throw new NotPriced(`machine type ${type} is not in the price table (components/cost/rates.ts machineHourly)`);
  return at(rate, ctx);
}

const src = {
  awsIam: { url: "https://aws.amazon.com/iam/", date: "2026-11-30", basis: "list-price", note: "IAM is offered at no additional charge" },
  awsVpc: { url: "https://aws.amazon.com/vpc/pricing/", date: "2026-11-30", basis: "list-price", note: "no charge for the VPC, subnets, route tables, internet gateways or security groups" },
  awsApiGw: {
    url: "https://aws.amazon.com/api-gateway/pricing/",
    date: "2026-11-30",
    basis: "official",
    note: "'Pay only for the API calls you receive and the amount of data transferred out': stages, keys, usage plans and methods carry no charge",
  },
  awsAcm: { url: "https://aws.amazon.com/certificate-manager/pricing/", date: "2026-12-01", basis: "list-price", note: "public certificates from ACM carry no charge" },
  awsRoute53: {
    url: "https://aws.amazon.com/route53/pricing/",
    date: "2026-12-01",
    basis: "list-price",
    note: "records are not billed, queries are (per million, by routing policy); health checks are billed per check and per optional feature",
  },
  awsEcs: { url: "https://aws.amazon.com/ecs/pricing/", date: "2026-11-30", basis: "list-price", note: "no additional charge for ECS; Fargate tasks are billed" },
  awsAutoscaling: { url: "https://aws.amazon.com/autoscaling/pricing/", date: "2026-11-30", basis: "list-price", note: "no additional fees for Application Auto Scaling" },
  awsS3: { url: "https://aws.amazon.com/s3/pricing/", date: "2026-11-30", basis: "list-price", note: "bucket configuration objects are not billed; storage and requests are" },
  awsElb: { url: "https://aws.amazon.com/elasticloadbalancing/pricing/", date: "2026-11-30", basis: "list-price", note: "listeners and target groups are part of the load balancer's price" },
  awsGlue: { url: "https://aws.amazon.com/glue/pricing/", date: "2026-11-30", basis: "list-price", note: "Data Catalog: first million objects stored free" },
  awsAthena: { url: "https://aws.amazon.com/athena/pricing/", date: "2026-11-30", basis: "list-price", note: "saved queries are free; queries are billed per TB scanned when run" },
  awsBudgets: { url: "https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/", date: "2026-11-30", basis: "list-price", note: "budgets without actions carry no charge" },
  awsSns: { url: "https://aws.amazon.com/sns/pricing/", date: "2026-11-30", basis: "list-price", note: "first million publishes and 1,000 e-mail deliveries a month free; alerts stay far below" },
  awsKms: { url: "https://aws.amazon.com/kms/pricing/", date: "2026-11-30", basis: "list-price", note: "key policies are part of the key" },
  awsElasticache: { url: "https://aws.amazon.com/elasticache/pricing/", date: "2026-11-30", basis: "list-price", note: "subnet groups carry no charge" },
  awsEcr: { url: "https://aws.amazon.com/ecr/pricing/", date: "2026-11-30", basis: "list-price", note: "lifecycle policies carry no charge" },
  awsSecrets: { url: "https://aws.amazon.com/secrets-manager/pricing/", date: "2026-11-30", basis: "list-price", note: "versions are included in the secret's monthly price" },
  awsRds: { url: "https://aws.amazon.com/rds/aurora/pricing/", date: "2026-12-01", basis: "list-price", note: "DB subnet groups carry no charge" },
  awsWaf: { url: "https://aws.amazon.com/waf/pricing/", date: "2026-12-01", basis: "list-price", note: "the association of a web ACL with a resource is not billed" },
  awsSqs: { url: "https://aws.amazon.com/sqs/pricing/", date: "2026-11-30", basis: "list-price", note: "queue policies carry no charge" },
  awsAccount: { url: "https://aws.amazon.com/api-gateway/pricing/", date: "2026-11-30", basis: "official", note: "the account-level CloudWatch role setting is not billed" },
  random: { url: "https://www.pulumi.com/registry/packages/random/", date: "2026-11-30", basis: "list-price", note: "generated in the Pulumi engine; no cloud resource" },
  kubernetes: { url: "https://cloud.google.com/kubernetes-engine/pricing", date: "2026-11-30", basis: "list-price", note: "Kubernetes objects run on the cluster's nodes, priced with the node pools" },
  gcpIam: { url: "https://cloud.google.com/iam/pricing", date: "2026-11-30", basis: "list-price", note: "IAM is offered at no additional charge" },
  gcpVpc: { url: "https://cloud.google.com/vpc/pricing", date: "2026-11-30", basis: "list-price", note: "no charge for VPC networks, subnets or Cloud Router" },
  gcpInternalAddress: {
    url: "https://cloud.google.com/vpc/network-pricing#ipaddress",
    date: "2026-11-30",
    basis: "list-price",
    note: "the page charges external IP addresses; the kit reserves internal addresses only (the vLLM balancers'), which it lists no charge for",
  },
  gcpLb: {
    url: "https://cloud.google.com/load-balancing/pricing",
    date: "2026-12-01",
    basis: "official",
    note: "billed per forwarding rule and data processed; URL maps, proxies, backend services and serverless NEGs carry no charge of their own",
  },
  gcpFrontDoorIp: { url: "https://cloud.google.com/vpc/network-pricing#ipaddress", date: "2026-12-01", basis: "list-price", note: "a static external IP in use by a forwarding rule is not charged" },
  gcpManagedCert: { url: "https://cloud.google.com/load-balancing/docs/ssl-certificates/google-managed-certs", date: "2026-12-01", basis: "list-price", note: "Google-managed load balancer certificates carry no charge" },
  gcpCertManager: { url: "https://cloud.google.com/certificate-manager/pricing", date: "2026-12-01", basis: "list-price", note: "the first 100 certificates of a project carry no charge; DNS authorizations and maps carry none" },
  gcpDns: { url: "https://cloud.google.com/dns/pricing", date: "2026-12-01", basis: "list-price", note: "records are billed with their (existing, operator-owned) managed zone and its queries" },
  gcpBigquery: { url: "https://cloud.google.com/bigquery/pricing", date: "2026-11-30", basis: "list-price", note: "datasets and their IAM carry no charge; storage and queries are billed" },
  gcpBilling: { url: "https://cloud.google.com/billing/docs/how-to/budgets", date: "2026-11-30", basis: "list-price", note: "budgets carry no charge" },
  gcpRun: { url: "https://cloud.google.com/run/pricing", date: "2026-11-30", basis: "list-price", note: "IAM bindings carry no charge" },
  gcpObservability: {
    url: "https://cloud.google.com/stackdriver/pricing",
    date: "2026-11-30",
    basis: "list-price",
    note: "dashboards and notification channels carry no charge; log-based metrics stay within the free monitoring allotment at these volumes",
  },
  gcpServices: { url: "https://cloud.google.com/service-usage/docs/overview", date: "2026-11-30", basis: "list-price", note: "enabling an API is not billed" },
  gcpStorage: { url: "https://cloud.google.com/storage/pricing", date: "2026-11-30", basis: "list-price", note: "IAM bindings and HMAC keys carry no charge; config objects are KB-sized" },
  gcpSecrets: { url: "https://cloud.google.com/secret-manager/pricing", date: "2026-11-30", basis: "list-price", note: "billed per active version; the secret and its IAM carry no charge" },
  gcpPubsub: { url: "https://cloud.google.com/pubsub/pricing", date: "2026-11-30", basis: "list-price", note: "billed by throughput on the topic; subscriptions and IAM carry no extra charge" },
  gcpParameters: {
    url: "https://cloud.google.com/secret-manager/parameter-manager/docs/overview",
    date: "2026-11-30",
    basis: "list-price",
    note: "the stored pages give no Parameter Manager price",
  },
} satisfies Record<string, Source>;

const free = (types: string[], reason: string, source: Source): [string, TypePrice][] => types.map((t) => [t, { kind: "free", sources: [source], reason }]);
const priced = (type: string, sources: Source[], price: Pricer): [string, TypePrice] => [type, { kind: "priced", sources, price }];

/** Bytes of request log a month in this region. */
const logBytes = (ctx: PricingContext) => ctx.requestsPerMonth * ctx.bytesPerRequest;

/** A request-log bucket is the one the gateway writes every request to; others hold config, results or weights. */
function isRequestLog(r: PricedResourceInput): boolean {
  return /request-log|-logs($|-)/.test(r.name);
}

function bucketPrice(storageRate: Rate, opRate: Rate): Pricer {
  return (r, ctx) => {
    if (!isRequestLog(r)) return { fixed: 0, usage: 0, basis: "contents (config, results, weights) are not in the plan: storage not estimated" };
    // Steady state: the lifecycle rule keeps `retentionDays` of logs.
    const storedGb = gb(logBytes(ctx)) * (ctx.logRetentionDays / daysPerMonth);
    const storage = storedGb * at(storageRate, ctx);
    const writes = (ctx.requestsPerMonth / 1000) * at(opRate, ctx);
    return { fixed: 0, usage: storage + writes, basis: `${storedGb.toFixed(1)} GB kept ${ctx.logRetentionDays} days + one write per request` };
  };
}

/** Nodes a pool runs at rest: its minimum, or what the self-hosted models' minimum replicas need. */
function nodesAtRest(poolName: string | undefined, minimum: number, ctx: PricingContext): number {
  const need = poolName ? (ctx.gpuNodesAtRest.get(poolName) ?? 0) : 0;
  return Math.max(minimum, need);
}

const awsEntries: [string, TypePrice][] = [
  ...free(["aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment"], "IAM", src.awsIam),
  ...free(
    ["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/routeTable:RouteTable", "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/internetGateway:InternetGateway", "aws:ec2/securityGroup:SecurityGroup"],
    "VPC building blocks",
    src.awsVpc,
  ),
  ...free(["aws:ec2/launchTemplate:LaunchTemplate"], "a launch template; the instance it starts is priced", { url: "https://aws.amazon.com/ec2/pricing/", date: "2026-12-07", basis: "list-price", note: "launch templates carry no charge of their own" }),
  ...free(
    [
      "aws:apigateway/apiKey:ApiKey",
      "aws:apigateway/deployment:Deployment",
      "aws:apigateway/integration:Integration",
      "aws:apigateway/method:Method",
      "aws:apigateway/methodSettings:MethodSettings",
      "aws:apigateway/requestValidator:RequestValidator",
      "aws:apigateway/resource:Resource",
      "aws:apigateway/stage:Stage",
      "aws:apigateway/usagePlan:UsagePlan",
      "aws:apigateway/usagePlanKey:UsagePlanKey",
    ],
    "API configuration (calls are billed on the REST API)",
    src.awsApiGw,
  ),
  ...free(["aws:apigateway/vpcLink:VpcLink"], "billed through its network load balancer", src.awsApiGw),
  ...free(["aws:apigateway/domainName:DomainName", "aws:apigateway/basePathMapping:BasePathMapping"], "custom domain names and mappings carry no charge", src.awsApiGw),
  ...free(["aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation"], "public ACM certificate", src.awsAcm),
  ...free(["aws:route53/record:Record"], "records are not billed (DNS queries are usage the model does not count)", src.awsRoute53),
  [
    "aws:route53/healthCheck:HealthCheck",
    { kind: "not-priced", sources: [src.awsRoute53], reason: "per check plus per option (HTTPS, 10 s interval): no sourced figure for the options in the kit's price table" },
  ],
  ...free(["aws:apigateway/account:Account"], "account setting", src.awsAccount),
  ...free(["aws:ecs/cluster:Cluster", "aws:ecs/taskDefinition:TaskDefinition"], "billed through the Fargate tasks of the services", src.awsEcs),
  ...free(["aws:appautoscaling/policy:Policy", "aws:appautoscaling/target:Target"], "Application Auto Scaling", src.awsAutoscaling),
  ...free(
    [
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "aws:s3/bucketObjectv2:BucketObjectv2",
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
      "aws:s3/bucketPolicy:BucketPolicy",
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "aws:s3/bucketVersioning:BucketVersioning",
    ],
    "bucket settings (a config object is KB-sized)",
    src.awsS3,
  ),
  ...free(["aws:lb/listener:Listener", "aws:lb/targetGroup:TargetGroup"], "part of the load balancer's price", src.awsElb),
  ...free(["aws:glue/catalogDatabase:CatalogDatabase", "aws:glue/catalogTable:CatalogTable"], "within the Data Catalog's free million objects", src.awsGlue),
  ...free(["aws:athena/namedQuery:NamedQuery"], "saved query", src.awsAthena),
  ...free(["aws:budgets/budget:Budget"], "budget without actions", src.awsBudgets),
  ...free(["aws:sns/topic:Topic", "aws:sns/topicPolicy:TopicPolicy", "aws:sns/topicSubscription:TopicSubscription"], "alert volume within the free tier", src.awsSns),
  ...free(["aws:kms/keyPolicy:KeyPolicy"], "part of the key", src.awsKms),
  ...free(["aws:elasticache/subnetGroup:SubnetGroup"], "network placement", src.awsElasticache),
  ...free(["aws:ecr/lifecyclePolicy:LifecyclePolicy"], "repository setting", src.awsEcr),
  ...free(["aws:secretsmanager/secretVersion:SecretVersion"], "included in the secret's price", src.awsSecrets),
  ...free(["aws:sqs/queuePolicy:QueuePolicy", "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy"], "queue setting", src.awsSqs),

  priced("aws:ecs/service:Service", [rates.fargateVcpuHour.source, rates.publicIpv4Hour.source], (r, ctx) => {
    const ref = String(r.inputs.taskDefinition ?? "");
    const tasks = ctx.resources.filter((t) => t.type === "aws:ecs/taskDefinition:TaskDefinition");
    const task = tasks.find((t) => typeof t.inputs.family === "string" && ref.includes(`task-definition/${t.inputs.family}:`)) ?? tasks.find((t) => t.parent === r.parent);
    if (!task) throw new NotPriced("its task definition is not in the plan");
    const vcpu = num(task.inputs.cpu, 256) / 1024;
    const memGb = num(task.inputs.memory, 512) / 1024;
    const count = num(r.inputs.desiredCount, 1);
    const perTask = (vcpu * at(rates.fargateVcpuHour, ctx) + memGb * at(rates.fargateGbHour, ctx)) * hoursPerMonth;
    const publicIp = obj(r.inputs.networkConfiguration).assignPublicIp === true ? at(rates.publicIpv4Hour, ctx) * hoursPerMonth : 0;
    return { fixed: count * (perTask + publicIp), usage: 0, basis: `${count} Fargate task(s) x ${vcpu} vCPU / ${memGb} GB${publicIp ? " + public IPv4" : ""}; scale-out above it not estimated` };
  }),
  priced("aws:elasticache/replicationGroup:ReplicationGroup", [cacheNodeHourly["cache.t4g.small"]!.source, rates.elasticacheValkeyFactor.source], (r, ctx) => {
    const type = String(r.inputs.nodeType ?? "");
    const rate = cacheNodeHourly[type];
    if (!rate) throw new NotPriced(`cache node type ${type} is not in the price table (components/cost/rates.ts cacheNodeHourly)`);
    const nodes = num(r.inputs.numCacheClusters, num(r.inputs.numNodeGroups, 1) * (num(r.inputs.replicasPerNodeGroup, 0) + 1));
    const valkey = r.inputs.engine === "valkey" ? rates.elasticacheValkeyFactor.usd : 1;
    return { fixed: nodes * at(rate, ctx) * valkey * hoursPerMonth, usage: 0, basis: `${nodes} x ${type}${valkey < 1 ? " (Valkey)" : ""}` };
  }),
  priced("aws:eks/nodeGroup:NodeGroup", [machineHourly["g5.2xlarge"]!.source, rates.ebsGp3GbMonth.source, rates.spotFactor.source], (r, ctx) => {
    const type = String(arr(r.inputs.instanceTypes)[0] ?? "");
    const scaling = obj(r.inputs.scalingConfig);
    const pool = obj(r.inputs.labels)["ai-infra/gpu-pool"];
    const nodes = nodesAtRest(typeof pool === "string" ? pool : undefined, num(scaling.desiredSize, num(scaling.minSize, 0)), ctx);
    const spot = r.inputs.capacityType === "SPOT" ? rates.spotFactor.usd : 1;
    const disk = num(r.inputs.diskSize, 20) * at(rates.ebsGp3GbMonth, ctx);
    const perNode = machine(type, ctx) * spot * hoursPerMonth + disk;
    return { fixed: nodes * perNode, usage: 0, basis: `${nodes} x ${type}${spot < 1 ? " spot" : ""} at rest (${money(perNode)}/node-month); scale-out not estimated` };
  }),
  priced("eks:index:Cluster", [rates.eksClusterHour.source, rates.eksClusterExtendedHour.source], (r) => {
    // As of the day the version calendar was read (facts/aws.ts), so the estimate does not drift with the clock.
    const version = typeof r.inputs.version === "string" ? r.inputs.version : undefined;
    if (!version) throw new NotPriced("its Kubernetes version is not in the plan: standard or extended support cannot be told");
    const phase = eksSupportPhase(version);
    if (phase === "ended") throw new NotPriced(`Kubernetes ${version} is past EKS extended support: EKS upgrades such a cluster on its own`);
    const rate = phase === "extended" ? rates.eksClusterExtendedHour : rates.eksClusterHour;
    return { fixed: rate.usd * hoursPerMonth, usage: 0, basis: `EKS control plane, Kubernetes ${version} in ${phase} support` };
  }),
  priced("aws:ec2/natGateway:NatGateway", [rates.natGatewayHour.source], (_r, ctx) => ({
    fixed: at(rates.natGatewayHour, ctx) * hoursPerMonth,
    usage: 0,
    basis: "NAT gateway hours; its data (image pulls, pods' egress) is not in the traffic profile",
  })),
  priced("aws:ec2/instance:Instance", [machineHourly["t4g.nano"]!.source, rates.ebsGp3GbMonth.source], (r, ctx) => {
    const type = String(r.inputs.instanceType);
    const disk = num(obj(r.inputs.rootBlockDevice).volumeSize, 8) * at(rates.ebsGp3GbMonth, ctx);
    return { fixed: machine(type, ctx) * hoursPerMonth + disk, usage: 0, basis: `1 x ${type} on demand with its root volume; its data is not in the traffic profile` };
  }),
  priced("aws:ec2/eip:Eip", [rates.publicIpv4Hour.source], (_r, ctx) => ({ fixed: at(rates.publicIpv4Hour, ctx) * hoursPerMonth, usage: 0, basis: "public IPv4 address" })),
  priced("aws:ec2/vpcEndpoint:VpcEndpoint", [rates.interfaceEndpointAzHour.source, src.awsVpc], (r, ctx) => {
    if (r.inputs.vpcEndpointType !== "Interface") return { fixed: 0, usage: 0, basis: "gateway endpoint: no charge" };
    const azs = Math.max(1, arr(r.inputs.subnetIds).length);
    return { fixed: azs * at(rates.interfaceEndpointAzHour, ctx) * hoursPerMonth, usage: 0, basis: `interface endpoint in ${azs} AZ(s)` };
  }),
  priced("aws:lb/loadBalancer:LoadBalancer", [rates.nlbHour.source], (r, ctx) => {
    if (r.inputs.loadBalancerType !== "network") throw new NotPriced(`load balancer type ${String(r.inputs.loadBalancerType)}: only network load balancers are in the price table`);
    const lcu = gb(logBytes(ctx)) * at(rates.nlcuHour, ctx);
    return { fixed: at(rates.nlbHour, ctx) * hoursPerMonth, usage: lcu, basis: "NLB hours + NLCUs by bytes processed" };
  }),
  priced("aws:apigateway/restApi:RestApi", [rates.apiGatewayRestPerMillion.source], (_r, ctx) => ({
    fixed: 0,
    usage: (ctx.requestsPerMonth / 1e6) * rates.apiGatewayRestPerMillion.usd,
    basis: "per call (free tier not applied)",
  })),
  priced("aws:s3/bucket:Bucket", [rates.s3StandardGbMonth.source], bucketPrice(rates.s3StandardGbMonth, rates.s3PutPer1000)),
  priced("aws:cloudwatch/logGroup:LogGroup", [rates.cloudwatchLogsIngestGb.source], (r, ctx) => {
    if (!/access|gateway|api/.test(r.name)) return { fixed: 0, usage: 0, basis: "log volume of this group is not in the traffic profile" };
    // One access/proxy log line per request, ~500 bytes.
    return { fixed: 0, usage: gb(ctx.requestsPerMonth * 500) * at(rates.cloudwatchLogsIngestGb, ctx), basis: "~500 B of log per request ingested" };
  }),
  priced("aws:cloudwatch/dashboard:Dashboard", [rates.cloudwatchDashboardMonth.source], () => ({ fixed: rates.cloudwatchDashboardMonth.usd, usage: 0, basis: "dashboard" })),
  priced("aws:cloudwatch/metricAlarm:MetricAlarm", [rates.cloudwatchAlarmMonth.source], () => ({ fixed: rates.cloudwatchAlarmMonth.usd, usage: 0, basis: "standard alarm" })),
  priced("aws:kms/key:Key", [rates.kmsKeyMonth.source], () => ({ fixed: rates.kmsKeyMonth.usd, usage: 0, basis: "customer managed key" })),
  priced("aws:secretsmanager/secret:Secret", [rates.secretsManagerSecretMonth.source], () => ({ fixed: rates.secretsManagerSecretMonth.usd, usage: 0, basis: "secret" })),
  priced("aws:ecr/repository:Repository", [rates.ecrGbMonth.source, rates.containerImageGb.source], () => ({
    fixed: rates.containerImageGb.usd * rates.ecrGbMonth.usd,
    usage: 0,
    basis: `~${rates.containerImageGb.usd} GB of images (assumed)`,
  })),
  priced("aws:sqs/queue:Queue", [rates.sqsPerMillion.source], (_r, ctx) => ({
    fixed: 0,
    // send + receive + delete per job
    usage: ((ctx.requestsPerMonth * ctx.batchShare * 3) / 1e6) * rates.sqsPerMillion.usd,
    basis: ctx.batchShare > 0 ? "3 requests per queued job" : "no queued jobs in the traffic profile (traffic.batchPercent)",
  })),
  // Aurora Serverless v2 bills each instance's ACUs; at rest an instance sits at the cluster's minimum.
  priced("aws:rds/clusterInstance:ClusterInstance", [rates.auroraAcuHour.source], (r, ctx) => {
    if (r.inputs.instanceClass !== "db.serverless") throw new NotPriced(`instance class ${String(r.inputs.instanceClass)}: only Aurora Serverless v2 (db.serverless) is in the price table`);
    const cluster = ctx.resources.find((c) => c.type === "aws:rds/cluster:Cluster" && c.parent === r.parent);
    if (!cluster) throw new NotPriced("its cluster is not in the plan");
    const acu = num(obj(cluster.inputs.serverlessv2ScalingConfiguration).minCapacity, 0.5);
    return { fixed: acu * at(rates.auroraAcuHour, ctx) * hoursPerMonth, usage: 0, basis: `${acu} ACU minimum at rest; scaling above it not estimated` };
  }),
  priced("aws:rds/cluster:Cluster", [rates.auroraStorageGbMonth.source, rates.auroraIoPerMillion.source, rates.keysDatabaseGb.source, rates.secretsManagerSecretMonth.source], (r, ctx) => {
    const secret = r.inputs.manageMasterUserPassword === true ? rates.secretsManagerSecretMonth.usd : 0;
    const storage = rates.keysDatabaseGb.usd * at(rates.auroraStorageGbMonth, ctx);
    const io = ((ctx.requestsPerMonth * rates.keysDatabaseIoPerRequest.usd) / 1e6) * at(rates.auroraIoPerMillion, ctx);
    return { fixed: storage + secret, usage: io, basis: `~${rates.keysDatabaseGb.usd} GB storage (assumed)${secret ? " + RDS-managed master secret" : ""}; I/O by requests` };
  }),
  ...free(["aws:rds/subnetGroup:SubnetGroup"], "network placement", src.awsRds),
  ...free(["aws:rds/clusterParameterGroup:ClusterParameterGroup"], "engine settings", src.awsRds),
  [
    "aws:rds/globalCluster:GlobalCluster",
    // Its members are priced as clusters and instances; what the global database adds is usage.
    { kind: "not-priced", sources: [src.awsRds], reason: "replicated write I/O and cross-Region transfer of the keys database: no sourced figure in the kit's price table" },
  ],
  priced("aws:wafv2/webAcl:WebAcl", [rates.wafWebAclMonth.source], (r, ctx) => {
    const rules = arr(r.inputs.rules).length;
    return {
      fixed: rates.wafWebAclMonth.usd + rules * rates.wafRuleMonth.usd,
      usage: (ctx.requestsPerMonth / 1e6) * rates.wafPerMillion.usd,
      basis: `web ACL + ${rules} rules; requests inspected`,
    };
  }),
  ...free(["aws:wafv2/webAclAssociation:WebAclAssociation"], "part of the web ACL's price", src.awsWaf),
  priced("aws:athena/workgroup:Workgroup", [rates.athenaPerTb.source], () => ({ fixed: 0, usage: 0, basis: "billed per query someone runs; none at rest" })),
];

const gcpEntries: [string, TypePrice][] = [
  ...free(
    ["gcp:projects/iAMMember:IAMMember", "gcp:serviceaccount/account:Account", "gcp:serviceaccount/iAMMember:IAMMember", "gcp:projects/serviceIdentity:ServiceIdentity"],
    "IAM",
    src.gcpIam,
  ),
  ...free(["gcp:compute/network:Network", "gcp:compute/subnetwork:Subnetwork", "gcp:compute/router:Router"], "VPC building blocks", src.gcpVpc),
  ...free(["gcp:compute/address:Address"], "internal address reservation", src.gcpInternalAddress),
  ...free(["gcp:compute/uRLMap:URLMap", "gcp:compute/targetHttpsProxy:TargetHttpsProxy", "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup"], "part of the load balancer's price", src.gcpLb),
  ...free(["gcp:compute/globalAddress:GlobalAddress"], "static IP in use by the forwarding rule", src.gcpFrontDoorIp),
  ...free(["gcp:compute/managedSslCertificate:ManagedSslCertificate"], "Google-managed certificate", src.gcpManagedCert),
  ...free(
    ["gcp:certificatemanager/certificate:Certificate", "gcp:certificatemanager/dnsAuthorization:DnsAuthorization", "gcp:certificatemanager/certificateMap:CertificateMap", "gcp:certificatemanager/certificateMapEntry:CertificateMapEntry"],
    "within Certificate Manager's free 100 certificates",
    src.gcpCertManager,
  ),
  ...free(["gcp:dns/recordSet:RecordSet"], "billed with the operator's managed zone", src.gcpDns),
  ...free(["gcp:bigquery/dataset:Dataset", "gcp:bigquery/datasetIamMember:DatasetIamMember", "gcp:bigquery/table:Table"], "datasets and MB-sized usage tables/views", src.gcpBigquery),
  ...free(["gcp:billing/budget:Budget"], "budget", src.gcpBilling),
  ...free(["gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "gcp:cloudrunv2/workerPoolIamMember:WorkerPoolIamMember"], "IAM binding", src.gcpRun),
  ...free(["gcp:logging/metric:Metric", "gcp:monitoring/dashboard:Dashboard", "gcp:monitoring/notificationChannel:NotificationChannel"], "observability configuration", src.gcpObservability),
  ...free(["gcp:projects/service:Service"], "enabled API", src.gcpServices),
  ...free(["gcp:storage/bucketIAMMember:BucketIAMMember", "gcp:storage/bucketObject:BucketObject", "gcp:storage/hmacKey:HmacKey"], "bucket settings and KB-sized objects", src.gcpStorage),
  ...free(["gcp:secretmanager/secret:Secret", "gcp:secretmanager/secretIamMember:SecretIamMember"], "billed per version", src.gcpSecrets),
  ...free(["gcp:pubsub/subscription:Subscription", "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember", "gcp:pubsub/topicIAMMember:TopicIAMMember"], "billed on the topic's throughput", src.gcpPubsub),
  ["gcp:parametermanager/regionalParameter:RegionalParameter", { kind: "not-priced", sources: [src.gcpParameters], reason: "no sourced Parameter Manager price" }],
  ["gcp:parametermanager/regionalParameterVersion:RegionalParameterVersion", { kind: "not-priced", sources: [src.gcpParameters], reason: "no sourced Parameter Manager price" }],

  priced("gcp:cloudrunv2/service:Service", [rates.cloudRunInstanceVcpuSecond.source], (r, ctx) => {
    const template = obj(r.inputs.template);
    const container = obj(arr(template.containers)[0]);
    const resources = obj(container.resources);
    const limits = obj(resources.limits);
    const cpu = cpuQuantity(limits.cpu);
    const mem = memoryGiB(limits.memory);
    const min = num(obj(template.scaling).minInstanceCount, 0);
    // cpuIdle false = CPU always allocated = instance-based billing for every running instance.
    if (resources.cpuIdle === false) {
      const perInstance = (cpu * at(rates.cloudRunInstanceVcpuSecond, ctx) + mem * at(rates.cloudRunInstanceGibSecond, ctx)) * secondsPerMonth;
      return { fixed: min * perInstance, usage: 0, basis: `${min} instance(s) x ${cpu} vCPU / ${mem} GiB, instance-based; scale-out not estimated` };
    }
    // Request-based: the warm minimum instances at the idle rate; the seconds they serve are
    // billed at the serving rate on top (not estimated here, small at prototype traffic).
    const perInstance = (cpu * at(rates.cloudRunIdleVcpuSecond, ctx) + mem * at(rates.cloudRunIdleGibSecond, ctx)) * secondsPerMonth;
    return { fixed: min * perInstance, usage: 0, basis: min > 0 ? `${min} warm instance(s) x ${cpu} vCPU / ${mem} GiB at the idle rate, request-based; serving time billed on top` : "request-based, scales to zero; billed only while serving" };
  }),
  priced("gcp:cloudrunv2/workerPool:WorkerPool", [rates.cloudRunInstanceVcpuSecond.source], (r, ctx) => {
    const container = obj(arr(obj(r.inputs.template).containers)[0]);
    const limits = obj(obj(container.resources).limits);
    const cpu = cpuQuantity(limits.cpu);
    const mem = memoryGiB(limits.memory);
    const count = num(obj(r.inputs.scaling).manualInstanceCount, num(obj(r.inputs.scaling).minInstanceCount, 0));
    const perInstance = (cpu * at(rates.cloudRunInstanceVcpuSecond, ctx) + mem * at(rates.cloudRunInstanceGibSecond, ctx)) * secondsPerMonth;
    return { fixed: count * perInstance, usage: 0, basis: `${count} instance(s) at rest; the scaler's scale-out is not estimated` };
  }),
  // The front door is global; its resources carry the primary region, so usage is the primary
  // region's share of the traffic (exact for one region; understated for several).
  priced("gcp:compute/globalForwardingRule:GlobalForwardingRule", [rates.gcpForwardingRuleHour.source], () => ({
    fixed: rates.gcpForwardingRuleHour.usd * hoursPerMonth,
    usage: 0,
    basis: "one of the project's first 5 forwarding rules",
  })),
  priced("gcp:compute/backendService:BackendService", [rates.gcpLbDataProcessedGib.source], (_r, ctx) => ({
    fixed: 0,
    // Request in, response out: the log record's size stands for both.
    usage: ((ctx.requestsPerMonth * ctx.bytesPerRequest * 2) / 2 ** 30) * at(rates.gcpLbDataProcessedGib, ctx),
    basis: "data processed in and out",
  })),
  priced("gcp:compute/securityPolicy:SecurityPolicy", [rates.cloudArmorPolicyMonth.source], (r, ctx) => {
    const rules = arr(r.inputs.rules).length;
    return {
      fixed: rates.cloudArmorPolicyMonth.usd + rules * rates.cloudArmorRuleMonth.usd,
      usage: (ctx.requestsPerMonth / 1e6) * rates.cloudArmorPerMillion.usd,
      basis: `1 policy, ${rules} rules (default rule counted), per request`,
    };
  }),
  priced("gcp:redis/instance:Instance", [rates.memorystoreStandardM1GbHour.source], (r, ctx) => {
    const size = num(r.inputs.memorySizeGb, 1);
    const standard = r.inputs.tier === "STANDARD_HA";
    if (size > 10) throw new NotPriced(`Memorystore of ${size} GB: only the 1-10 GB bands are in the price table`);
    const rate = standard ? (size <= 4 ? rates.memorystoreStandardM1GbHour : rates.memorystoreStandardM2GbHour) : size <= 4 ? rates.memorystoreBasicM1GbHour : rates.memorystoreBasicM2GbHour;
    return { fixed: size * at(rate, ctx) * hoursPerMonth, usage: 0, basis: `${size} GB ${standard ? "Standard (HA)" : "Basic"}` };
  }),
  priced("gcp:sql/databaseInstance:DatabaseInstance", [rates.cloudSqlVcpuHour.source, rates.cloudSqlF1MicroHour.source, rates.cloudSqlSsdGbMonth.source], (r, ctx) => {
    const settings = obj(r.inputs.settings);
    const tier = String(settings.tier ?? "");
    const shared: Record<string, Rate> = { "db-f1-micro": rates.cloudSqlF1MicroHour, "db-g1-small": rates.cloudSqlG1SmallHour };
    const custom = /^db-custom-(\d+)-(\d+)$/.exec(tier);
    if (!shared[tier] && !custom) throw new NotPriced(`Cloud SQL tier ${tier || "(unset)"}: only shared-core and db-custom tiers are in the price table`);
    const hourly = shared[tier] ? at(shared[tier]!, ctx) : Number(custom![1]) * at(rates.cloudSqlVcpuHour, ctx) + (Number(custom![2]) / 1024) * at(rates.cloudSqlMemoryGbHour, ctx);
    const ha = settings.availabilityType === "REGIONAL" ? rates.cloudSqlHaFactor.usd : 1;
    const storage = num(settings.diskSize, 10) * at(rates.cloudSqlSsdGbMonth, ctx);
    return {
      fixed: (hourly * hoursPerMonth + storage) * ha,
      usage: 0,
      basis: `${tier}${ha > 1 ? " HA (x2)" : ""}${r.inputs.masterInstanceName ? " read replica" : ""}, ${num(settings.diskSize, 10)} GB SSD; backups beyond the disk size not priced`,
    };
  }),
  ...free(["gcp:sql/database:Database", "gcp:sql/user:User"], "part of the instance's price", rates.cloudSqlVcpuHour.source),
  ...free(["gcp:servicenetworking/connection:Connection", "gcp:compute/globalAddress:GlobalAddress"], "private services access (the peering and its internal range carry no charge)", src.gcpVpc),
  priced("gcp:container/cluster:Cluster", [rates.gkeClusterHour.source], () => ({ fixed: rates.gkeClusterHour.usd * hoursPerMonth, usage: 0, basis: "GKE cluster management fee" })),
  priced("gcp:container/nodePool:NodePool", [machineHourly["g2-standard-8"]!.source, rates.pdBalancedGbMonth.source, rates.spotFactor.source], (r, ctx) => {
    const config = obj(r.inputs.nodeConfig);
    const type = String(config.machineType ?? "");
    const scaling = obj(r.inputs.autoscaling);
    const pool = obj(config.labels)["ai-infra/gpu-pool"];
    const nodes = nodesAtRest(typeof pool === "string" ? pool : undefined, num(scaling.totalMinNodeCount, num(r.inputs.initialNodeCount, 0)), ctx);
    const spot = config.spot === true || config.preemptible === true ? rates.spotFactor.usd : 1;
    const disk = num(config.diskSizeGb, 100) * at(rates.pdBalancedGbMonth, ctx);
    const perNode = machine(type, ctx) * spot * hoursPerMonth + disk;
    return { fixed: nodes * perNode, usage: 0, basis: `${nodes} x ${type}${spot < 1 ? " spot" : ""} at rest (${money(perNode)}/node-month); scale-out not estimated` };
  }),
  priced("gcp:compute/routerNat:RouterNat", [rates.cloudNatVmHour.source], (_r, ctx) => {
    const vms = Math.max(1, ctx.vmsAtRest);
    const hourly = vms > 32 ? 0.044 : vms * rates.cloudNatVmHour.usd;
    return { fixed: hourly * hoursPerMonth, usage: 0, basis: `${vms} VM(s) behind NAT; its data is not in the traffic profile` };
  }),
  priced("gcp:storage/bucket:Bucket", [rates.gcsStandardGbMonth.source], bucketPrice(rates.gcsStandardGbMonth, rates.gcsClassAPer1000)),
  priced("gcp:secretmanager/secretVersion:SecretVersion", [rates.secretVersionMonth.source], () => ({ fixed: rates.secretVersionMonth.usd, usage: 0, basis: "one active version in one location" })),
  priced("gcp:cloudscheduler/job:Job", [rates.schedulerJobMonth.source], () => ({ fixed: rates.schedulerJobMonth.usd, usage: 0, basis: "scheduler job" })),
  priced("gcp:artifactregistry/repository:Repository", [rates.artifactRegistryGbMonth.source, rates.containerImageGb.source], () => ({
    fixed: rates.containerImageGb.usd * rates.artifactRegistryGbMonth.usd,
    usage: 0,
    basis: `~${rates.containerImageGb.usd} GB of images (assumed)`,
  })),
  priced("gcp:bigquery/dataTransferConfig:DataTransferConfig", [rates.bigqueryPerTib.source], (_r, ctx) => ({
    fixed: 0,
    // A daily scheduled query reads one day of request log.
    usage: (logBytes(ctx) / 2 ** 40) * rates.bigqueryPerTib.usd,
    basis: "daily query over one day of request log",
  })),
  priced("gcp:pubsub/topic:Topic", [rates.pubsubPerTib.source], (_r, ctx) => ({
    fixed: 0,
    // Publish + deliver, each at least 1 KB.
    usage: ((ctx.requestsPerMonth * ctx.batchShare * 2 * Math.max(1000, ctx.bytesPerRequest)) / 2 ** 40) * rates.pubsubPerTib.usd,
    basis: ctx.batchShare > 0 ? "publish + delivery per queued job" : "no queued jobs in the traffic profile (traffic.batchPercent)",
  })),
  priced("gcp:monitoring/alertPolicy:AlertPolicy", [rates.alertConditionMonth.source], (r) => {
    const conditions = Math.max(1, arr(r.inputs.conditions).length);
    return { fixed: conditions * rates.alertConditionMonth.usd, usage: 0, basis: `${conditions} condition(s)` };
  }),
];

/**
 * Dedicated capacity is priced at the stack's own quote (`DedicatedQuote`, see ./dedicated.ts):
 * the resource of group `<g>` is named `…-dedicated-<g>-throughput` / `…-dedicated-<g>-deployment`.
 */
function dedicatedPricer(role: string): Pricer {
  return (r, ctx) => {
    const q = ctx.dedicatedQuotes?.find((x) => r.name.endsWith(`-dedicated-${x.group}-${role}`));
    if (!q) throw new NotPriced("no quote for this dedicated capacity in the stack (dedicated[].*.hourlyUsd…)");
    return { fixed: q.units * q.hourlyUsdPerUnit * hoursPerMonth, usage: 0, basis: q.basis };
  };
}
const quoted = (note: string): Source => ({ url: "components/config/schema.ts", date: "2026-12-08", basis: "assumption", note });
const dedicatedEntries: [string, TypePrice][] = [
  [
    "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput",
    {
      kind: "priced",
      sources: [quoted("the hourly rate per model unit is the stack's (dedicated[].bedrock.hourlyUsdPerModelUnit): AWS quotes model-unit rates per term, https://docs.aws.amazon.com/bedrock/latest/userguide/prov-throughput.html; price page https://aws.amazon.com/bedrock/pricing/")],
      price: dedicatedPricer("throughput"),
    },
  ],
  [
    "gcp:vertex/aiEndpointWithModelGardenDeployment:AiEndpointWithModelGardenDeployment",
    {
      kind: "priced",
      sources: [quoted("the hourly rate per replica is the stack's (dedicated[].vertex.hourlyUsdPerReplica): Vertex AI prices a deployment per node-hour of machine and accelerators, https://cloud.google.com/vertex-ai/pricing")],
      price: dedicatedPricer("deployment"),
    },
  ],
  ...free(["gcp:projects/iAMCustomRole:IAMCustomRole", "gcp:vertex/aiEndpointIamMember:AiEndpointIamMember"], "IAM", src.gcpIam),
];

const commonEntries: [string, TypePrice][] = [
  ...free(["random:index/randomPassword:RandomPassword", "random:index/randomId:RandomId", "random:index/randomString:RandomString"], "no cloud resource", src.random),
  ...free(["kubernetes:core/v1:Namespace", "kubernetes:core/v1:Secret", "kubernetes:core/v1:Service", "kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"], "runs on the cluster's nodes", src.kubernetes),
];

export const priceTable: Readonly<Record<string, TypePrice>> = Object.fromEntries([...awsEntries, ...gcpEntries, ...dedicatedEntries, ...commonEntries]);
