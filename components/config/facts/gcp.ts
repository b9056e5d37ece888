/**
 * What Google Cloud accepts, as the kit relies on it: the limits of the ids the GCP adapter names,
 * the sizes Cloud Run accepts, the label rules, and the APIs each resource needs enabled. The
 * spec (`rules/gcp-*.ts`), the GCP adapter and the planner's fakes all read these tables, so a
 * plan that passes is a stack Google would accept. Each table names its source and the date it
 * was read; none of it can be proven on this machine (no cloud is reachable), so a change in
 * Google's documentation must be copied here by hand.
 */
import { gpuTable } from "../gpus";

/**
 * Cloud Armor's rate-based rules: the interval a throttle counts over (seconds) and the count range.
 * A daily quota cannot be expressed (the longest interval is one hour).
 * Source: https://cloud.google.com/armor/docs/rate-limiting-overview ("Rate limit threshold"), read 2026-12-01.
 */
export const cloudArmorRateLimit = {
  intervalsSeconds: [10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600] as const,
  maxCount: 1_000_000,
  source: "https://cloud.google.com/armor/docs/rate-limiting-overview",
} as const;

/**
 * Cloud Run's longest request timeout, 60 minutes
 * (https://cloud.google.com/run/docs/configuring/request-timeout, read 2026-12-07), and the kit's
 * margin beyond the provider timeout of every try that the gateway's request timeout adds
 * (`gatewaySizing`, rules/gcp-request-timeout.ts).
 */
export const cloudRunRequestTimeout = { maxSeconds: 3600, marginSeconds: 15 } as const;

interface NameLimit {
  /** Longest id Google accepts (the kit gives the whole id). */
  max: number;
  source: string;
}

/** Id limits of the resources the GCP adapter names. All read 2026-11-30. */
export const gcpNameLimits = {
  bucket: { max: 63, source: "https://cloud.google.com/storage/docs/buckets#naming" },
  serviceAccount: { max: 30, source: "https://cloud.google.com/iam/docs/service-accounts-create" },
  cloudRun: { max: 49, source: "https://cloud.google.com/run/docs/deploying#service" },
  secret: { max: 255, source: "https://cloud.google.com/secret-manager/docs/creating-and-accessing-secrets" },
  dataset: { max: 1024, source: "https://cloud.google.com/bigquery/docs/datasets#dataset-naming" },
  redis: { max: 40, source: "https://cloud.google.com/memorystore/docs/redis/create-instance-gcloud" },
  network: { max: 63, source: "https://cloud.google.com/compute/docs/naming-resources#resource-name-format" },
  pubsub: { max: 255, source: "https://cloud.google.com/pubsub/docs/pubsub-basics#resource_names" },
  repository: { max: 63, source: "https://cloud.google.com/artifact-registry/docs/repositories/create-repos" },
  metric: { max: 100, source: "https://cloud.google.com/logging/docs/reference/v2/rest/v2/projects.metrics" },
  gkeCluster: { max: 40, source: "https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters#Cluster" },
  /**
   * Cloud SQL instance ids: `project-id:instance-id` may have 98 characters; project ids have at
   * most 30, so 63 always fits. Read 2026-12-01.
   */
  sqlInstance: { max: 63, source: "https://cloud.google.com/sql/docs/postgres/create-instance (Instance ID)" },
  /** Not found in the documentation read; 63 is a conservative bound (ids the kit gives stay far below it). */
  parameter: { max: 63, source: "https://cloud.google.com/secret-manager/parameter-manager/docs/create-parameters (limit not stated)" },
} as const satisfies Record<string, NameLimit>;

/**
 * Cloud Run CPU and memory: the CPU values an instance may have, the memory range, and the
 * fewest CPUs a memory size needs.
 * Source: https://cloud.google.com/run/docs/configuring/services/memory-limits and
 * https://cloud.google.com/run/docs/configuring/services/cpu, read 2026-11-30.
 */
export const cloudRunLimits = {
  /** Whole CPUs an instance may have (fractions below 1 exist for services only; the kit uses whole CPUs). */
  cpus: [1, 2, 4, 6, 8] as const,
  minMemoryMiB: 512,
  maxMemoryMiB: 32 * 1024,
  /** Memory above `aboveMiB` needs at least `minCpus`. */
  cpuForMemory: [
    { aboveMiB: 4 * 1024, minCpus: 2 },
    { aboveMiB: 8 * 1024, minCpus: 4 },
    { aboveMiB: 16 * 1024, minCpus: 6 },
    { aboveMiB: 24 * 1024, minCpus: 8 },
  ] as const,
  source: "https://cloud.google.com/run/docs/configuring/services/memory-limits",
} as const;

/** Fewest CPUs Cloud Run requires for a memory size (MiB). */
export function cloudRunMinCpus(memoryMiB: number): number {
  return cloudRunLimits.cpuForMemory.filter((r) => memoryMiB > r.aboveMiB).reduce((m, r) => Math.max(m, r.minCpus), 1);
}

/**
 * Label rules (keys and values on every labelled resource): at most 64 labels per resource; keys
 * 1–63 characters, values 0–63; lower-case letters, digits, `_` and `-` (international lower-case
 * letters allowed); keys start with a lower-case letter. The spec's tag check
 * (`rules/cloud-limits-tags.ts`) refuses anything else rather than rewriting it.
 * Source: https://cloud.google.com/resource-manager/docs/labels-overview#requirements, read 2026-11-30.
 */
export const gcpLabelRules = {
  maxLabelsPerResource: 64,
  maxKeyLength: 63,
  maxValueLength: 63,
  key: /^\p{Ll}[\p{Ll}\p{Lo}\p{N}_-]*$/u,
  value: /^[\p{Ll}\p{Lo}\p{N}_-]*$/u,
  allowedDescription: "lower-case letters, digits, _ and - (keys start with a lower-case letter), at most 63 characters",
} as const;

/**
 * Memorystore vector search: the index field types `FT.CREATE` accepts. TEXT (full-text) and GEO
 * fields are refused, so an index schema that declares one fails to create.
 * Source: https://cloud.google.com/memorystore/docs/redis/ftcreate (and the Valkey and Redis
 * Cluster pages, which list the same types), read 2026-11-30.
 */
export const memorystoreVectorFieldTypes = ["VECTOR", "NUMERIC", "TAG"] as const;

/**
 * The index LiteLLM's `redis-semantic` cache creates: the pinned LiteLLM (`litellmVersion`) builds a redisvl
 * `SemanticCache`, whose `SemanticCacheIndexSchema.from_params` declares `prompt` and `response`
 * as TEXT, `inserted_at` and `updated_at` as NUMERIC and `prompt_vector` as VECTOR.
 * Source: redisvl 0.28.0 (pinned in `requirements/litellm.txt`; LiteLLM requires redisvl >=0.4.1,<1.0),
 * `redisvl/extensions/cache/llm/schema.py`; https://github.com/redis/redis-vl-python, read 2026-11-30.
 */
export const litellmSemanticCacheFields = {
  prompt: "TEXT",
  response: "TEXT",
  inserted_at: "NUMERIC",
  updated_at: "NUMERIC",
  prompt_vector: "VECTOR",
} as const;

/**
 * Why `semanticCache` is refused on GCP, and what to use instead. LiteLLM's `redis-semantic`
 * cache is the only semantic cache it offers on Redis; a kit-side index without TEXT fields
 * would mean replacing LiteLLM's cache code, which the kit does not do.
 */
export function semanticCacheRefusal(refusedFields: string[]): string {
  return (
    `is not available on cloud gcp: LiteLLM's redis-semantic cache (redisvl SemanticCache) creates an index with ${refusedFields.join(", ")} fields, ` +
    `and Memorystore vector search accepts only ${memorystoreVectorFieldTypes.join(", ")} fields (https://cloud.google.com/memorystore/docs/redis/ftcreate). ` +
    "Remove ai-infra:semanticCache; the exact-match response cache (ai-infra:cache) stays on"
  );
}

/**
 * What Pub/Sub accepts for the settings `ai-infra:queue` shares with SQS (whose ranges the schema
 * follows): a dead-letter policy's delivery attempts, a subscription's ack deadline and its
 * message retention.
 */
export const pubsubLimits = {
  maxReceiveCount: { min: 5, max: 100, what: "delivery attempts before dead-lettering" },
  visibilityTimeoutSeconds: { min: 10, max: 600, what: "ack deadline in seconds" },
  retentionSeconds: { min: 600, max: 604_800, what: "subscription message retention in seconds (7 days)" },
} as const;

/**
 * APIs each GCP resource type of the adapter needs enabled in the project. A resource whose API
 * is off fails with SERVICE_DISABLED; `requiredServices` derives the region's list from the
 * resources it creates, and project IAM grants need Cloud Resource Manager.
 * Sources (read 2026-11-30): each product's "Before you begin"; for project IAM,
 * https://cloud.google.com/resource-manager/reference/rest/v1/projects/setIamPolicy; for budgets,
 * https://cloud.google.com/billing/docs/how-to/budget-api-overview; for CREMA,
 * https://cloud.google.com/run/docs/configuring/workerpools/crema-autoscaling.
 */
export const apisByResource: Readonly<Record<string, readonly string[]>> = {
  "gcp:cloudrunv2/service:Service": ["run.googleapis.com"],
  "gcp:cloudrunv2/workerPool:WorkerPool": ["run.googleapis.com"],
  "gcp:artifactregistry/repository:Repository": ["artifactregistry.googleapis.com"],
  "gcp:serviceaccount/account:Account": ["iam.googleapis.com"],
  "gcp:projects/iAMMember:IAMMember": ["cloudresourcemanager.googleapis.com"],
  "gcp:secretmanager/secret:Secret": ["secretmanager.googleapis.com"],
  "gcp:storage/bucket:Bucket": ["storage.googleapis.com"],
  "gcp:bigquery/dataset:Dataset": ["bigquery.googleapis.com"],
  "gcp:bigquery/dataTransferConfig:DataTransferConfig": ["bigquerydatatransfer.googleapis.com"],
  "gcp:logging/metric:Metric": ["logging.googleapis.com"],
  "gcp:monitoring/alertPolicy:AlertPolicy": ["monitoring.googleapis.com"],
  "gcp:monitoring/dashboard:Dashboard": ["monitoring.googleapis.com"],
  "gcp:redis/instance:Instance": ["redis.googleapis.com", "compute.googleapis.com"],
  "gcp:compute/network:Network": ["compute.googleapis.com"],
  "gcp:pubsub/topic:Topic": ["pubsub.googleapis.com"],
  "gcp:parametermanager/parameter:Parameter": ["parametermanager.googleapis.com"],
  "gcp:cloudscheduler/job:Job": ["cloudscheduler.googleapis.com"],
  "gcp:billing/budget:Budget": ["billingbudgets.googleapis.com"],
  "gcp:container/cluster:Cluster": ["container.googleapis.com", "compute.googleapis.com"],
  "gcp:compute/backendService:BackendService": ["compute.googleapis.com"],
  "gcp:compute/securityPolicy:SecurityPolicy": ["compute.googleapis.com"],
  "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup": ["compute.googleapis.com"],
  "gcp:certificatemanager/certificate:Certificate": ["certificatemanager.googleapis.com"],
  "gcp:dns/recordSet:RecordSet": ["dns.googleapis.com"],
};

/** Accelerators GKE offers per region (zones), from the kit's GPU table (`spec/gpus.ts`, sourced there). */
export function gkeAcceleratorsIn(region: string): string[] {
  return Object.entries(gpuTable.gcp)
    .filter(([, offer]) => region in offer.regions)
    .map(([name]) => name)
    .sort();
}

/**
 * Cloud SQL machine tiers the kit relies on. Shared-core tiers (`db-f1-micro`, `db-g1-small`) are
 * not covered by the Cloud SQL SLA; the kit uses them only for the stages that default to them and
 * refuses high availability on them (an HA standby whose instance has no SLA buys nothing the SLA
 * promises). Custom tiers `db-custom-<vCPUs>-<MiB>`: 1 vCPU or an even number up to 96; memory
 * 0.9 to 6.5 GB per vCPU, a multiple of 256 MB, at least 3.75 GB.
 * Source: https://cloud.google.com/sql/docs/postgres/instance-settings (machine types, custom
 * machine types) and https://cloud.google.com/sql/sla, read 2026-12-01.
 */
export const cloudSqlTiers = {
  sharedCore: ["db-f1-micro", "db-g1-small"] as readonly string[],
  custom: { maxVcpus: 96, minMemoryMiB: 3840, memoryStepMiB: 256, minMiBPerVcpu: 0.9 * 1024, maxMiBPerVcpu: 6.5 * 1024 },
  source: "https://cloud.google.com/sql/docs/postgres/instance-settings",
} as const;

/** Why a custom Cloud SQL tier is not one Cloud SQL creates, or undefined when it is. */
export function customTierProblem(tier: string): string | undefined {
  const m = /^db-custom-(\d+)-(\d+)$/.exec(tier);
  if (!m) return undefined;
  const cpus = Number(m[1]);
  const mib = Number(m[2]);
  const c = cloudSqlTiers.custom;
  if (cpus < 1 || cpus > c.maxVcpus || (cpus !== 1 && cpus % 2 !== 0)) return `has ${cpus} vCPUs; Cloud SQL custom tiers have 1 or an even number up to ${c.maxVcpus}`;
  if (mib % c.memoryStepMiB !== 0) return `has ${mib} MiB; memory must be a multiple of ${c.memoryStepMiB} MiB`;
  if (mib < c.minMemoryMiB) return `has ${mib} MiB; memory must be at least ${c.minMemoryMiB} MiB`;
  if (mib < cpus * c.minMiBPerVcpu || mib > cpus * c.maxMiBPerVcpu) {
    return `has ${mib} MiB for ${cpus} vCPUs; memory must be 0.9 to 6.5 GB per vCPU (${Math.ceil(cpus * c.minMiBPerVcpu / 256) * 256}-${Math.floor(cpus * c.maxMiBPerVcpu / 256) * 256} MiB)`;
  }
  return undefined;
}

/**
 * GKE minor versions in the Regular release channel (the kit's clusters use it): the day the
 * version enters its maintenance period, from which GKE creates no new cluster on it, and the day
 * its standard support ends. After that only the Extended channel keeps it, which the kit does not
 * use. Sources: "GKE versioning and support"
 * (https://cloud.google.com/kubernetes-engine/versioning: 12 months of release, then a 2-month
 * maintenance period in which "no new cluster creations will be allowed"), and the GKE calendar as
 * tabulated by https://endoflife.date/google-kubernetes-engine (its API, generated 2026-04-10,
 * read 2026-12-08). Versions older than the calendar's oldest row are past both dates.
 */
export const gkeVersionCalendar: Readonly<Record<string, { maintenanceFrom: string; endOfStandard: string }>> = {
  "1.34": { maintenanceFrom: "2026-08-30", endOfStandard: "2026-10-01" },
  "1.35": { maintenanceFrom: "2027-02-28", endOfStandard: "2027-04-11" },
};

/** The day `gkeVersionCalendar` was read: a plan is judged as of this day, so it does not drift with the clock. */
export const gkeCalendarReadOn = "2026-12-08";

/**
 * Whether GKE creates a new Regular-channel cluster on `version` on `day`. A version newer than the
 * calendar's newest was released after it was read, so it is offered.
 */
export function gkeOffersNewCluster(version: string, day: string = gkeCalendarReadOn): boolean {
  const minor = (v: string) => Number(v.split(".")[1]);
  const row = gkeVersionCalendar[version];
  if (!row) return minor(version) > Math.max(...Object.keys(gkeVersionCalendar).map(minor));
  return day < row.maintenanceFrom;
}
