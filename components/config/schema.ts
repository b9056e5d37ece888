import { z } from "zod";
import { providerKinds } from "./endpoints";
import { bedrockCommitments } from "./facts/dedicated";
import { type NumericPath, limit, maxMessage } from "./facts/limits";
import { clouds, jurisdictions } from "./regions";

/**
 * The one schema of a stack's configuration: the Pulumi config keys `ai-infra:<key>` after the
 * stage preset has been merged under them. Field-level rules live here; rules that relate two
 * fields (a region and the jurisdiction, a fallback and the model groups) live in `rules/`, one rule per file.
 *
 * Every object is strict so that a misspelt key is reported instead of silently ignored.
 */

export const stages = ["prototype", "growth", "scale", "enterprise"] as const;
export type Stage = (typeof stages)[number];

const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, { error: "must be lower-case letters, digits and '-', starting with a letter, at most 40 characters" });

const positiveInt = z.int({ error: "must be a whole number" }).positive({ error: "must be greater than 0" });
const nonNegative = z.number({ error: "must be a number" }).nonnegative({ error: "must be 0 or more" });
const percent = z
  .number({ error: "must be a number" })
  .min(0, { error: "must be between 0 and 100 (percent)" })
  .max(100, { error: "must be between 0 and 100 (percent)" });
/** A number capped at its documented maximum (`facts/limits.ts`), refused above it with the maximum and why. */
function capped<T extends { max(value: number, params: { error: string }): T }>(s: T, path: NumericPath, unit = ""): T {
  return s.max(limit(path).max, { error: maxMessage(path, unit) });
}
/** USD amounts: whole cents (AWS Budgets and GCP Money take them exactly; LiteLLM budgets are dollars). */
const cents = <T extends { multipleOf(value: number, params: { error: string }): T }>(s: T): T => s.multipleOf(0.01, { error: "must be whole cents (a multiple of 0.01 USD)" });
const httpsUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

export const providerSchema = z.strictObject({
  /** Which API the provider speaks; decides the LiteLLM provider prefix. */
  kind: z.enum(providerKinds, { error: `must be one of ${providerKinds.join(", ")}` }),
  /** Endpoint; defaults per kind (see `defaultApiBase`). Use a provider's residency endpoint here. */
  apiBase: httpsUrl.optional(),
  /** Cloud/Azure region of regional providers (azure, bedrock, vertex). */
  region: z.string().min(1).optional(),
  /** API version for azure. */
  apiVersion: z.string().min(1).optional(),
  /**
   * Azure only: the deployment type of the Azure deployments, which decides where they process
   * prompts: `standard` (the Azure geography of `region`), `datazone` (the EU or US data zone of
   * `region`), `global` (any Azure region). See docs/residency.md.
   */
  deploymentType: z.enum(["standard", "datazone", "global"], { error: "must be one of standard, datazone, global" }).optional(),
  /**
   * Anthropic only: sent as `inference_geo`. `us` keeps inference in the US; without it Anthropic's
   * default (`global`) may run inference in any geography. See docs/residency.md.
   */
  inferenceGeo: z.enum(["us", "global"], { error: "must be one of us, global" }).optional(),
  /** Where an endpoint the kit does not know keeps data (see `knownEndpointJurisdictions`). */
  dataJurisdiction: z.enum(jurisdictions, { error: `must be one of ${jurisdictions.join(", ")}` }).optional(),
});

export const modelSchema = z.strictObject({
  /** The model group clients ask for; several deployments may share one group (load-balanced). */
  name,
  /** Key of `ai-infra:providers`. */
  provider: name,
  /** The provider's model id, e.g. `gpt-4o-mini`. */
  model: z.string().min(1, { error: "must not be empty" }),
  /** Routing tier at the scale stage: `small` takes simple requests, `strong` the rest. */
  tier: z.enum(["small", "strong"], { error: "must be one of small, strong" }).optional(),
  /** Price per million tokens, for cost tracking of models the gateway's price table lacks. */
  inputCostPerMillionTokens: capped(nonNegative, "models[].inputCostPerMillionTokens").optional(),
  outputCostPerMillionTokens: capped(nonNegative, "models[].outputCostPerMillionTokens").optional(),
  /** Global limits of this deployment in the gateway (requests / tokens per minute). */
  rpm: capped(positiveInt, "models[].rpm").optional(),
  tpm: capped(positiveInt, "models[].tpm").optional(),
  /** Share of the group's traffic for weighted A/B routing between deployments (percent). */
  weight: percent.optional(),
});

export const trafficSchema = z.strictObject({
  requestsPerDay: capped(positiveInt, "traffic.requestsPerDay"),
  inputTokensPerRequest: capped(positiveInt, "traffic.inputTokensPerRequest"),
  outputTokensPerRequest: capped(positiveInt, "traffic.outputTokensPerRequest"),
  /**
   * Measured share of requests the response cache (and semantic cache, where on) answers; the
   * cost model and `npm run advise` use it. Default: the cost model's stated assumption.
   */
  cacheHitPercent: percent.optional(),
  /** Share of requests the router sends to the strong tier (scale stage routing). */
  strongPercent: percent.optional(),
  /** Share of requests that need no real-time answer and can go through the batch path. */
  batchPercent: percent.optional(),
});

export const tagsSchema = z.strictObject({
  owner: z.string().min(1, { error: "must not be empty" }),
  costCenter: z.string().min(1, { error: "must not be empty" }),
  /** More tags/labels for every taggable resource. */
  extra: z.record(z.string(), z.string()).optional(),
});

export const loggingSchema = z.strictObject({
  /** Days request/response logs are kept before the lifecycle rule deletes them. */
  retentionDays: z.int({ error: "must be a whole number of days" }).min(1, { error: "must be at least 1 day" }).max(3650, { error: "must be at most 3650 days" }),
  /**
   * Encrypt the request log with a customer-managed KMS key of the stack (rotation on; key policy
   * and grants visible in the stack) instead of the AWS-managed `aws/s3` key. AWS only; default false.
   */
  customerManagedKey: z.boolean({ error: "must be true or false" }).optional(),
});

export const gatewaySchema = z.strictObject({
  /** Container CPU (vCPU) and memory (MiB) of one gateway replica. */
  cpu: capped(z.number().positive({ error: "must be greater than 0" }), "gateway.cpu"),
  memoryMiB: capped(positiveInt, "gateway.memoryMiB"),
  minReplicas: capped(z.int().min(1, { error: "must be at least 1 (the gateway is the request path)" }), "gateway.minReplicas"),
  maxReplicas: capped(positiveInt, "gateway.maxReplicas"),
  /** Seconds a request to a provider may take before the gateway gives up on it (API Gateway's integration allows 900). */
  timeoutSeconds: capped(positiveInt, "gateway.timeoutSeconds"),
  /**
   * GCP only: how Cloud Run bills the gateway. `instance`: CPU always allocated, every running
   * instance billed at the instance rate (the request log's background flushes run at any time).
   * `request`: CPU only while a request is served, a warm minimum instance billed at the idle rate
   * when it serves nothing (startup CPU boost on either way); a request-log batch may wait for the
   * next request to be written. Default: `request` at prototype, `instance` from growth.
   * https://cloud.google.com/run/docs/configuring/billing-settings
   */
  billing: z.enum(["instance", "request"], { error: "must be one of instance, request" }).optional(),
});

const ipv4Cidr = z
  .string()
  .regex(/^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/([0-9]|[12]\d|3[0-2])$/, {
    error: "must be an IPv4 CIDR such as 203.0.113.0/24",
  });

const perKeyLimitSchema = z.strictObject({
  /** Steady requests per second. */
  ratePerSecond: capped(positiveInt, "api.perKey.ratePerSecond"),
  /** Burst above the steady rate. */
  burst: capped(positiveInt, "api.perKey.burst"),
});

const dnsName = z.string().regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: "must be a lower-case DNS name such as api.example.com" });

export const apiSchema = z.strictObject({
  /**
   * Per caller key: steady rate and burst at the front door. GCP: per calling address, since Cloud
   * Armor cannot tell a real key from a made-up one (a count per key value would give every
   * invented key a fresh allowance); each key's own rate is then LiteLLM's limits (`access`).
   * `quotaPerDay` is a daily request quota where the front door keeps one per key (AWS's REST API
   * usage plans, prototype); elsewhere a key's daily allowance is a budget (`access.keyDefaults`).
   */
  perKey: perKeyLimitSchema.extend({ quotaPerDay: capped(positiveInt, "api.perKey.quotaPerDay").optional() }),
  /** Whole-stage throttle on the managed API gateway. */
  global: z.strictObject({
    /**
     * AWS: the REST API stage's steady throttle, requests per second for the whole stage (required
     * there). GCP: refused; Cloud Armor throttles per calling address (`perKey`) and nothing
     * throttles the whole stack.
     */
    ratePerSecond: positiveInt.optional(),
    /**
     * AWS: the stage throttle's burst. GCP: requests in flight across the stack (each Cloud Run
     * instance admits `burst / gateway.maxReplicas`, rounded up).
     */
    burst: positiveInt,
  }),
  /**
   * Caller keys by name. Where the front door keeps keys (AWS prototype) they are its API keys;
   * elsewhere they are LiteLLM virtual keys that `npm run keys -- <stack> sync` creates.
   */
  keys: z.array(name).min(1, { error: "must name at least one API key" }),
  /**
   * The DNS name callers use (`https://<domain>/v1`). It stays the same through every promotion.
   * GCP: required (the load balancer's managed certificate is for it). AWS: optional before
   * enterprise (a regional custom domain with an ACM certificate), required for failover.
   */
  domain: dnsName.optional(),
  /**
   * Where the kit writes the records of `domain` and validates its certificates: AWS a Route 53
   * hosted zone id (`Z...`), GCP a Cloud DNS managed zone name. Unset: the stack outputs the
   * records to create in the zone that holds the name.
   */
  dnsZone: z.string().min(1, { error: "must not be empty" }).optional(),
  /**
   * The DNS name of that zone (`example.com`). AWS: required with `dnsZone`, since a zone given by
   * id cannot be read offline: the kit checks that `domain` is in it before anything is created.
   */
  dnsZoneName: dnsName.optional(),
  /** Attach the cloud's managed web application firewall rules to the front door (AWS WAF / Cloud Armor). */
  waf: z.boolean({ error: "must be true or false" }).optional(),
  /**
   * GCP: source ranges allowed on the operators' admin path (`<apiUrl>/admin/...`, used by
   * `npm run keys`); no range, no admin path from outside.
   */
  adminCidrs: z.array(ipv4Cidr).max(10, { error: "must list at most 10 ranges" }).optional(),
});

export const budgetSchema = z.strictObject({
  /** Monthly budget of the stack in USD. */
  monthlyUsd: capped(cents(z.number({ error: "must be a number" }).positive({ error: "must be greater than 0" })), "budget.monthlyUsd", " USD"),
  /** Percentages of actual spend that alert. */
  actualThresholds: z.array(percent).min(1),
  /** Percentages of forecast spend that alert. */
  forecastThresholds: z.array(percent),
  /**
   * Per-feature monthly budgets in USD. A feature is the request tag `feature:<name>`
   * (`metadata.tags` in the body or the `x-litellm-tags` header): the gateway records spend per
   * tag and refuses a tagged request once its feature's budget is spent (LiteLLM tag budgets,
   * created by `npm run keys -- <stack> sync`).
   */
  features: z.record(name, capped(cents(z.number({ error: "must be a number" }).positive({ error: "must be greater than 0" })), "budget.features.*", " USD")),
  /** Where alerts go. */
  notify: z.strictObject({
    emails: z.array(z.email({ error: "must be an e-mail address" })),
    webhookUrl: httpsUrl.optional(),
  }),
});

export const cacheSchema = z.strictObject({
  /** Seconds a cached response is served. */
  ttlSeconds: capped(positiveInt, "cache.ttlSeconds"),
  /** Cache node size (ElastiCache node type / Memorystore size in GB is derived from it). */
  nodeType: z.string().min(1),
  /** Replicas besides the primary, each in another zone. */
  replicas: z.int().min(1, { error: "must be at least 1 so the cache survives a zone failure" }).max(5),
  /**
   * Tiers around the Redis/Valkey cache (whose TTL is `ttlSeconds`): a hot in-process tier in
   * every gateway worker and, optionally, a cold tier in the stack's object store. A hit in a lower
   * tier fills the tiers above it. See [caching](caching.md).
   */
  tiers: z
    .strictObject({
      /** In-process tier of each gateway worker: bounded in entries and in size per entry. */
      hot: z.strictObject({
        /** Seconds an entry is served from memory; at most `cache.ttlSeconds`. */
        ttlSeconds: capped(positiveInt, "cache.tiers.hot.ttlSeconds"),
        /** Entries kept per worker; the oldest-expiring is evicted past it. */
        maxEntries: capped(positiveInt, "cache.tiers.hot.maxEntries"),
        /** Largest answer kept in memory, in KiB (larger ones skip the hot tier). Memory per worker is at most maxEntries × maxEntryKb. */
        maxEntryKb: capped(positiveInt, "cache.tiers.hot.maxEntryKb"),
      }),
      /** Object-store tier (a bucket of the stack, in its region): survives restarts and Redis flushes. */
      cold: z
        .strictObject({
          /** Days an entry is served; the bucket's lifecycle deletes objects after as many days. */
          ttlDays: capped(positiveInt, "cache.tiers.cold.ttlDays"),
        })
        .optional(),
    })
    .optional(),
});

export const reliabilitySchema = z.strictObject({
  /** Model group → model groups tried in order when it fails, times out or is rate limited. */
  fallbacks: z.record(name, z.array(name).min(1)),
  numRetries: z.int().min(0).max(10),
  /** Failures within a minute after which a deployment is cooled down. */
  allowedFails: capped(positiveInt, "reliability.allowedFails"),
  cooldownSeconds: capped(positiveInt, "reliability.cooldownSeconds"),
});

export const queueSchema = z.strictObject({
  /** Deliveries before a job is moved to the dead-letter queue. */
  maxReceiveCount: z.int().min(1, { error: "must be at least 1" }).max(100, { error: "must be at most 100" }),
  /** How long an unprocessed job is kept. */
  retentionSeconds: z.int().min(600, { error: "must be at least 600 seconds" }).max(1209600, { error: "must be at most 1209600 seconds (14 days)" }),
  /** Time a worker has to finish a job before it is delivered again. */
  visibilityTimeoutSeconds: z.int().min(10).max(43200),
});

export const workerSchema = z.strictObject({
  cpu: capped(z.number().positive(), "worker.cpu"),
  memoryMiB: capped(positiveInt, "worker.memoryMiB"),
  minReplicas: capped(z.int().min(0), "worker.minReplicas"),
  maxReplicas: capped(positiveInt, "worker.maxReplicas"),
  /** Visible jobs per worker replica the autoscaler aims for. */
  jobsPerReplica: capped(positiveInt, "worker.jobsPerReplica"),
  /**
   * GCP: tag of the worker image pushed to the stack's own worker repository. Unset on the first
   * `pulumi up` (the repository does not exist before it): the repository, queue and bucket are
   * created and the worker pool is not; push the image, set the tag, `pulumi up` again.
   */
  imageTag: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { error: "must be a Docker image tag (letters, digits, '_', '.', '-'; at most 128)" })
    .refine((t) => t !== "latest", { error: "must pin a version, not 'latest' (the repository's tags are immutable)" })
    .optional(),
});

export const gpuPoolSchema = z.strictObject({
  name,
  /** Accelerator, e.g. `nvidia-l4`, `nvidia-a10g`, `nvidia-h100-80gb` (see the kit's GPU table). */
  accelerator: z.string().min(1),
  minNodes: capped(z.int().min(0, { error: "must be 0 or more" }), "cluster.gpuPools[].minNodes"),
  maxNodes: capped(positiveInt, "cluster.gpuPools[].maxNodes"),
  spot: z.boolean(),
});

export const clusterSchema = z.strictObject({
  kubernetesVersion: z.string().regex(/^1\.\d+$/, { error: "must be a Kubernetes minor version such as 1.35" }),
  /**
   * Who may reach the cluster's API endpoint from outside the network (CI runners, a VPN's egress):
   * IPv4 CIDRs, still authenticated by the cloud's IAM. `[]` keeps the endpoint private (then run
   * `pulumi up` from inside the network). No default: a stack says it. Required on AWS.
   */
  publicAccessCidrs: z.array(ipv4Cidr).max(40, { error: "must list at most 40 CIDRs (EKS limit)" }).optional(),
  /**
   * IAM principals (AWS: role or user ARNs) made cluster administrators besides the identity that
   * runs `pulumi up` (which always is). Default none.
   */
  adminPrincipals: z.array(z.string().min(1, { error: "must not be empty" })).optional(),
  systemNodes: z.strictObject({ instanceType: z.string().min(1), min: capped(z.int().min(1), "cluster.systemNodes.min"), max: capped(positiveInt, "cluster.systemNodes.max") }),
  gpuPools: z.array(gpuPoolSchema).min(1, { error: "must have at least one GPU pool" }),
  /**
   * Who may reach the Kubernetes API (GCP; required there, see `rules/gcp-control-plane.ts`): `authorizedCidrs`
   * (the deploying machines' and CI runners' egress ranges; the region's VPC range is always
   * added) and `privateEndpoint` (no public endpoint at all: deploy from inside the VPC).
   */
  controlPlane: z
    .strictObject({
      authorizedCidrs: z.array(z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, { error: "must be an IPv4 CIDR such as 203.0.113.0/24" })).max(50, { error: "must list at most 50 ranges (GKE's limit)" }),
      privateEndpoint: z.boolean(),
    })
    .optional(),
});

export const selfHostedSchema = z.strictObject({
  /** Model group served by vLLM inside the network. */
  name,
  /** Model id loaded by vLLM (weights are pre-staged in the model cache bucket). */
  model: z.string().min(1),
  /** GPU pool (by name) the model runs on. */
  pool: name,
  gpusPerReplica: z.int().min(1).max(8),
  minReplicas: capped(z.int().min(0), "selfHosted[].minReplicas"),
  maxReplicas: capped(positiveInt, "selfHosted[].maxReplicas"),
  tier: z.enum(["small", "strong"]).optional(),
  /**
   * Self-hosted first, hosted API second (enterprise): hosted model groups (from `models`, in the
   * stack's jurisdiction) that take this group's traffic when vLLM is saturated, down, cooling
   * down or slow. See `components/gateway/overflow.ts` for how LiteLLM orders and falls back.
   */
  overflow: z
    .strictObject({
      /** Hosted model groups, tried in this order after vLLM. */
      groups: z.array(name).min(1, { error: "must name at least one hosted model group" }),
      /**
       * Seconds vLLM has to answer (a whole answer; for a stream, its first chunk) before the
       * request overflows. Default: the gateway's `timeoutSeconds`.
       */
      timeoutSeconds: capped(positiveInt, "selfHosted[].overflow.timeoutSeconds").optional(),
    })
    .optional(),
});

export const semanticCacheSchema = z.strictObject({
  /** Cosine similarity above which a cached answer is reused; in (0, 1]. */
  similarityThreshold: z
    .number()
    .gt(0, { error: "must be greater than 0 and at most 1" })
    .max(1, { error: "must be greater than 0 and at most 1" }),
  /** Model group used to embed prompts. */
  embeddingModel: name,
});

export const routingSchema = z.strictObject({
  /** Model group clients call to let the gateway pick the cheapest capable tier. */
  routerGroup: name,
  /**
   * Prompts longer than this (in characters), or matching a strong keyword, go to the strong tier.
   * The router counts tokens of 4 characters, so a multiple of 4 (read exactly as `strongAboveChars / 4` tokens).
   */
  strongAboveChars: capped(positiveInt.multipleOf(4, { error: "must be a multiple of 4 (the router counts tokens of 4 characters), e.g. 2000" }), "routing.strongAboveChars"),
  strongKeywords: z.array(z.string().min(1)),
});

export const failoverSchema = z.strictObject({
  /**
   * `active-passive`: the primary region answers while healthy, the next takes over (AWS Route 53
   * failover records). `active-active`: every healthy region answers, the nearest first (latency
   * records on AWS; the global load balancer on GCP does this by itself).
   */
  mode: z.enum(["active-passive", "active-active"], { error: "must be one of active-passive, active-active" }),
  /** Seconds between health checks of each region's health route (Route 53 accepts 10 or 30). */
  healthCheckIntervalSeconds: z.union([z.literal(10), z.literal(30)], { error: "must be 10 or 30 (Route 53 health check intervals)" }),
  /** Consecutive failed checks before a region counts as down (1–10). */
  failureThreshold: z.int({ error: "must be a whole number" }).min(1, { error: "must be between 1 and 10" }).max(10, { error: "must be between 1 and 10" }),
  /** TTL of the failover records, in seconds (AWS recommends 60). */
  ttlSeconds: z.int({ error: "must be a whole number" }).min(0, { error: "must be between 0 and 86400" }).max(86_400, { error: "must be between 0 and 86400" }),
});

/**
 * The keys database: LiteLLM's virtual keys, teams, budgets and spend (Postgres). Sizes default per
 * cloud in the adapter (the cheapest that serves the stage); a stack overrides them here.
 */
export const databaseSchema = z.strictObject({
  /** Days of automated backups kept (point-in-time recovery window). */
  backupRetentionDays: z.int({ error: "must be a whole number of days" }).min(1, { error: "must be between 1 and 35 days" }).max(35, { error: "must be between 1 and 35 days" }),
  /** A standby in another zone that takes over on a zone failure (AWS: an Aurora reader; GCP: availability type REGIONAL). */
  highAvailability: z.boolean({ error: "must be true or false" }),
  /** AWS only: Aurora Serverless v2 capacity range in ACUs, in steps of 0.5. */
  minCapacity: z.number({ error: "must be a number" }).min(0.5, { error: "must be between 0.5 and 256 ACUs" }).max(256, { error: "must be between 0.5 and 256 ACUs" }).multipleOf(0.5, { error: "must be a multiple of 0.5 ACU" }).optional(),
  maxCapacity: z.number({ error: "must be a number" }).min(1, { error: "must be between 1 and 256 ACUs" }).max(256, { error: "must be between 1 and 256 ACUs" }).multipleOf(0.5, { error: "must be a multiple of 0.5 ACU" }).optional(),
  /** GCP only: Cloud SQL machine tier, e.g. `db-g1-small` or `db-custom-1-3840`. */
  tier: z.string().regex(/^db-(f1-micro|g1-small|custom-\d+-\d+)$/, { error: "must be db-f1-micro, db-g1-small or db-custom-<vCPUs>-<MiB>" }).optional(),
});

/**
 * LiteLLM's budget periods the kit accepts (`budget_duration`: LiteLLM parses `<n>s|m|h|d|w|mo`
 * in litellm/litellm_core_utils/duration_parser.py of the pinned release (`litellmVersion`) and resets the spend at
 * the end of each period). The kit offers the ones an operator plans with.
 */
export const budgetPeriods = ["1d", "7d", "30d", "1mo"] as const;
const budgetPeriod = z.enum(budgetPeriods, { error: `must be one of ${budgetPeriods.join(", ")}` });
const budgetUsd = (path: NumericPath) => capped(cents(z.number({ error: "must be a number (USD)" }).positive({ error: "must be greater than 0 (USD)" })), path, " USD");

/** A declared team: a LiteLLM team whose keys share its budget and limits. */
export const teamSchema = z.strictObject({
  /** Spend allowed per period, in USD, for all of the team's keys together. */
  budgetUsd: budgetUsd("access.teams.*.budgetUsd"),
  budgetPeriod,
  /** Requests / tokens per minute for all of the team's keys together. */
  rpm: capped(positiveInt, "access.teams.*.rpm").optional(),
  tpm: capped(positiveInt, "access.teams.*.tpm").optional(),
  /** Model groups the team's keys may call (default: every group of the stack). */
  models: z.array(name).min(1, { error: "must name at least one model group (omit it for all groups)" }).optional(),
});

/** Limits and budget of one caller key; unset fields fall back to `access.keyDefaults`. */
export const keyLimitsSchema = z.strictObject({
  rpm: capped(positiveInt, "access.keyDefaults.rpm").optional(),
  tpm: capped(positiveInt, "access.keyDefaults.tpm").optional(),
  budgetUsd: budgetUsd("access.keyDefaults.budgetUsd").optional(),
  budgetPeriod: budgetPeriod.optional(),
});

/** One key's limits (`access.keys.<key>`): the same fields, capped at their own entries of the limits table. */
const keyEntrySchema = z.strictObject({
  rpm: capped(positiveInt, "access.keys.*.rpm").optional(),
  tpm: capped(positiveInt, "access.keys.*.tpm").optional(),
  budgetUsd: budgetUsd("access.keys.*.budgetUsd").optional(),
  budgetPeriod: budgetPeriod.optional(),
  team: name.optional(),
});

/**
 * Caller keys, teams, limits and budgets kept by LiteLLM in the keys database (stages and clouds
 * where the stack has the keys database: `hasKeys`). `npm run keys -- <stack> sync` creates the declared teams, the
 * feature tag budgets of `budget.features` and the keys of `api.keys` in the running gateway.
 */
export const accessSchema = z.strictObject({
  /** Team name → its budget and limits. */
  teams: z.record(name, teamSchema),
  /** What a key gets when neither its entry in `keys` nor the command line says otherwise. */
  keyDefaults: keyLimitsSchema,
  /** Per key of `api.keys`: its team and the limits that differ from `keyDefaults`. */
  keys: z.record(name, keyEntrySchema).optional(),
  /**
   * Percent of a budget at which the early alert fires (LiteLLM's soft budget); at 100% the
   * budget's own alert fires and requests are refused.
   */
  alertAtPercent: z.int({ error: "must be a whole number" }).min(1, { error: "must be between 1 and 99 (percent)" }).max(99, { error: "must be between 1 and 99 (percent)" }),
});

/** How the evaluation scores the student's answer against the teacher's, per held-out pair. */
export const distillationMetrics = ["exact-match", "token-f1"] as const;

/**
 * Distillation (`fineTuning.distillation`): the answers of a strong model group (the teacher) for
 * one use case (a request tag) are exported from the request log with a held-out split, a LoRA
 * adapter is trained on a self-hosted group (the student base), an evaluation Job scores the
 * adapter against the teacher on the held-out pairs, and the adapter takes a share of the
 * teacher's traffic only once `serve` records a passing evaluation (`npm run distill -- gate`).
 */
export const distillationSchema = z.strictObject({
  /** Model group whose answers are learned (as callers ask for it); it keeps serving the rest of its traffic. */
  teacher: name,
  /** Self-hosted group whose weights the adapter is trained on and served beside. */
  student: name,
  /** The use case: requests carrying this request tag (`metadata.tags`). */
  tag: z.string().min(1, { error: "must not be empty" }),
  /** The adapter (an entry of `fineTuning.adapters`, on `student`) that is evaluated and served. */
  adapter: name,
  /**
   * Percent of the exported pairs kept out of training for the evaluation. A pair's side is
   * decided by a digest of its prompt, so a pair never moves between training and held-out
   * across exports.
   */
  heldOutPercent: z.int({ error: "must be a whole number" }).min(5, { error: "must be between 5 and 50 (percent)" }).max(50, { error: "must be between 5 and 50 (percent)" }),
  /**
   * Score per held-out pair: `exact-match` (1 when the answers are equal after trimming and case
   * folding: classification-like use cases), `token-f1` (the F1 of the answers' word multisets:
   * free text). The evaluation's score is the mean.
   */
  metric: z.enum(distillationMetrics, { error: `must be one of ${distillationMetrics.join(", ")}` }),
  /** Mean score (0 to 1) at or above which the gate lets the adapter serve. */
  threshold: z.number({ error: "must be a number" }).min(0, { error: "must be between 0 and 1" }).max(1, { error: "must be between 0 and 1" }),
  /**
   * One evaluation run, started by `pulumi up` (the chart's evaluation Job): scores the adapter's
   * `adapters` version on the held-out pairs of the export run `trainingSet`, and writes
   * `adapters/<adapter>/evaluations/<version>/<id>.json` in the model bucket.
   */
  evaluation: z
    .strictObject({
      /** Run id: part of the Job's name and of the result's key. */
      id: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, { error: "must be a DNS label of at most 32 lowercase letters, digits and '-'" }),
      /** The export run whose `heldout.jsonl` is scored. */
      trainingSet: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { error: "must be an export run id: letters, digits, '.', '_', '-'" }),
    })
    .optional(),
  /**
   * Set by the gate from a passing evaluation: the adapter version it scored and the score. Only
   * then does the teacher's group send `weightPercent` of its requests to the adapter; raise the
   * weight to shift more. Absent: the adapter serves no teacher traffic.
   */
  serve: z
    .strictObject({
      version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, { error: "must be letters, digits, '.', '_', '-' (at most 63)" }),
      score: z.number({ error: "must be a number" }).min(0, { error: "must be between 0 and 1" }).max(1, { error: "must be between 0 and 1" }),
      /** Share of the teacher group's requests the adapter answers (percent, above 0). */
      weightPercent: z.number({ error: "must be a number" }).gt(0, { error: "must be above 0 and at most 100 (percent)" }).max(100, { error: "must be above 0 and at most 100 (percent)" }),
    })
    .optional(),
});

/**
 * Fine-tuning and distillation (enterprise): a training set exported from the request log, LoRA
 * training on a GPU pool, and the adapters served by vLLM beside their base model.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date YYYY-MM-DD" });
export const fineTuningSchema = z.strictObject({
  /** The training-set export from the request log. */
  export: z.strictObject({
    /** Cron schedule (UTC) of the export CronJob, e.g. `0 3 * * *`; operators can also start it by hand. */
    schedule: z.string().regex(/^\S+( \S+){4}$/, { error: "must be a cron schedule of 5 fields, e.g. '0 3 * * *'" }),
    /** Model groups whose requests are exported (the group the caller asked for); empty: all. */
    models: z.array(name),
    /** Only requests carrying one of these request tags (`metadata.tags`); empty: any. */
    tags: z.array(z.string().min(1)),
    /** Requests of the last N days (each scheduled run); `from`/`to` fix a window instead. */
    lastDays: z.int().min(1, { error: "must be between 1 and 365 days" }).max(365, { error: "must be between 1 and 365 days" }),
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** Request tags that mark a request sensitive: it is never exported. */
    sensitiveTags: z.array(z.string().min(1)),
    /** Request metadata keys (`metadata.<key>` true or "true") that mark a request sensitive. */
    sensitiveMetadataKeys: z.array(z.string().min(1)),
  }),
  /** The training job. */
  trainer: z.strictObject({
    /** GPU pool (by name) the training Job runs on. */
    pool: name,
    gpus: z.int().min(1).max(8),
    /**
     * LoRA rank: one of vLLM's `--max-lora-rank` choices up to 256 (vLLM's engine args); the
     * serving release's max rank is the largest rank of its adapters.
     */
    loraRank: z.union([z.literal(8), z.literal(16), z.literal(32), z.literal(64), z.literal(128), z.literal(256)], { error: "must be one of 8, 16, 32, 64, 128, 256" }),
    loraAlpha: capped(positiveInt, "fineTuning.trainer.loraAlpha"),
    epochs: z.int().min(1).max(20),
    learningRate: z.number().positive().max(0.01),
  }),
  /**
   * One LoRA training run, started by `pulumi up` (the chart's training Job): trains `adapter` on
   * the exported training set `trainingSet` over the weights of the self-hosted group `baseModel`,
   * and writes `adapters/<adapter>/<id>/` in the region's model bucket. Serve the result by adding
   * `{name: adapter, baseModel, version: id}` to `adapters`. Absent: no Job, the export alone.
   */
  run: z
    .strictObject({
      /** Run id: part of the Job's name and the adapter's version directory. */
      id: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, { error: "must be a DNS label of at most 32 lowercase letters, digits and '-'" }),
      /** The export run to train on: its directory under `training-sets/` (the export prints it). */
      trainingSet: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { error: "must be an export run id: letters, digits, '.', '_', '-'" }),
      /** Name of the adapter it produces (the model group it will be served as). */
      adapter: name,
      /** The self-hosted group whose weights are trained on. */
      baseModel: name,
    })
    .optional(),
  /** Distillation of a teacher group into an adapter of a self-hosted student base. */
  distillation: distillationSchema.optional(),
  /** Adapters vLLM serves, each as a model group of its own. */
  adapters: z.array(
    z.strictObject({
      /** Model group callers ask for. */
      name,
      /** The self-hosted group (its vLLM release) that serves this adapter. */
      baseModel: name,
      /** Version directory under `adapters/<name>/` in the bucket, e.g. a training run id. */
      version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, { error: "must be letters, digits, '.', '_', '-' (at most 63)" }),
    }),
  ),
});

// ---------------------------------------------------------------------------------------------
// Prompt templates (growth and up): served by the gateway through LiteLLM's prompt management.
// ---------------------------------------------------------------------------------------------

/** Variant weights: whole percent, summing to 100 across a template's variants. */
const variantWeight = capped(z.int({ error: "must be a whole number of percent" }).min(1, { error: "must be between 1 and 100 (percent)" }), "prompts.templates.*.variants.*");

export const promptTemplateSchema = z
  .strictObject({
    /**
     * The version the gateway serves (a whole number). Raising it makes every cached answer of
     * the template miss: the version is part of the template cache key.
     */
    version: capped(positiveInt, "prompts.templates.*.version"),
    /**
     * Weighted variants for prompt A/B, variant name → percent of the template's requests,
     * summing to 100; the first is the control the report compares against. Absent: one variant,
     * `control`, with all the traffic.
     */
    variants: z.record(name, variantWeight).optional(),
  });

export const promptsSchema = z.strictObject({
  /**
   * Folder of the template files, relative to the stack's project (beside `Pulumi.yaml`). Each
   * variant is a Dotprompt file `<directory>/<template>/<variant>.v<version>.prompt`: YAML front
   * matter with `input.schema` declaring its variables, then the template (`{{variable}}`).
   */
  directory: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9._/-]{0,199}$/, { error: "must be a relative path of letters, digits, '.', '_', '-', '/'" }).refine((d) => !d.split("/").includes(".."), { error: "must stay inside the project (no '..')" }),
  /**
   * Templates by id: the `prompt_id` callers send with `prompt_variables` instead of a prompt.
   * Cached answers are keyed on template, version, variant, model group and a digest of the
   * variables, not on the caller's own wording around the template.
   */
  templates: z.record(name, promptTemplateSchema).refine((r) => Object.keys(r).length > 0, { error: "must define at least one template" }),
}).superRefine((p, ctx) => {
  for (const [id, t] of Object.entries(p.templates)) {
    if (!t.variants) continue;
    const sum = Object.values(t.variants).reduce((a, w) => a + w, 0);
    if (sum !== 100) ctx.addIssue({ code: "custom", path: ["templates", id, "variants"], message: `weights must sum to 100 (percent); they sum to ${sum} (${Object.entries(t.variants).map(([v, w]) => `${v}: ${w}`).join(", ")})` });
  }
});

export const networkSchema = z.strictObject({
  /** Private network range of each region; regions get non-overlapping /16s counted up from it. */
  cidr: z.string().regex(/^\d{1,3}\.\d{1,3}\.0\.0\/16$/, { error: "must be an IPv4 /16 such as 10.40.0.0/16" }),
  /**
   * AWS only: how the private subnets reach the internet (providers, the image registry, AWS
   * APIs); the tasks never get a public IP either way. `nat-gateway`: AWS's managed NAT gateway
   * (about $33/month before traffic). `nat-instance`: one t4g.nano EC2 instance doing NAT in the
   * first zone's public subnet (about $7/month with its address and disk; no managed failover:
   * while it is replaced, outbound calls stop), prototype only. Default: `nat-instance` at
   * prototype, `nat-gateway` from growth.
   * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-comparison.html
   */
  egress: z.enum(["nat-gateway", "nat-instance"], { error: "must be one of nat-gateway, nat-instance" }).optional(),
});

// ---------------------------------------------------------------------------------------------
// Dedicated inference capacity from the cloud provider (scale and up).

/** AWS: Bedrock Provisioned Throughput for one model (https://docs.aws.amazon.com/bedrock/latest/userguide/prov-throughput.html). */
export const bedrockDedicatedSchema = z.strictObject({
  /** The model id to buy Provisioned Throughput for, with its context variant, e.g. `amazon.nova-lite-v1:0:300k` (see facts/dedicated.ts). */
  model: z.string().min(1, { error: "must not be empty" }),
  /** Region of the Provisioned Throughput: the stack's primary region. */
  region: z.string().min(1, { error: "must not be empty" }),
  /** Model units bought; each serves a fixed number of tokens a minute (AWS's account team states how many). */
  modelUnits: capped(positiveInt, "dedicated[].bedrock.modelUnits"),
  /**
   * `none` (deletable any time, highest hourly rate), `1-month` or `6-months`: the capacity cannot
   * be deleted before the term ends and is billed until then, whatever a later `pulumi up` does.
   */
  commitment: z.enum(bedrockCommitments, { error: `must be one of ${bedrockCommitments.join(", ")}` }),
  /** Hourly price of one model unit at this term in USD, from AWS's quote or pricing page; the cost model uses it. */
  hourlyUsdPerModelUnit: capped(z.number({ error: "must be a number" }).positive({ error: "must be greater than 0" }), "dedicated[].bedrock.hourlyUsdPerModelUnit", " USD"),
});

/** GCP: a Model Garden model on a dedicated Vertex AI endpoint with `dedicatedEndpointEnabled` (https://www.pulumi.com/registry/packages/gcp/api-docs/vertex/aiendpointwithmodelgardendeployment/). */
export const vertexDedicatedSchema = z.strictObject({
  /** `publishers/<publisher>/models/<model>@<version>` or a Hugging Face id (see facts/dedicated.ts). */
  model: z.string().min(1, { error: "must not be empty" }),
  /** Region of the endpoint: the stack's primary region. */
  region: z.string().min(1, { error: "must not be empty" }),
  machineType: z.string().min(1, { error: "must not be empty" }),
  /** Vertex AI's accelerator name, e.g. `NVIDIA_L4`. */
  acceleratorType: z.string().min(1, { error: "must not be empty" }),
  acceleratorCount: capped(positiveInt, "dedicated[].vertex.acceleratorCount"),
  /** Replicas always running (at least 1: a dedicated endpoint does not scale to zero). */
  minReplicas: capped(positiveInt, "dedicated[].vertex.minReplicas"),
  maxReplicas: capped(positiveInt, "dedicated[].vertex.maxReplicas"),
  /** Hourly price of one replica (machine and accelerators) in USD, from Google's pricing page or quote; the cost model uses it. */
  hourlyUsdPerReplica: capped(z.number({ error: "must be a number" }).positive({ error: "must be greater than 0" }), "dedicated[].vertex.hourlyUsdPerReplica", " USD"),
});

/**
 * Dedicated capacity for one hosted model group: the gateway sends the group's requests to it
 * first and overflows to the group's on-demand deployments (`models`) when it throttles, fails or
 * is cooling down. `bedrock` on AWS, `vertex` on GCP.
 */
export const dedicatedSchema = z.strictObject({
  /** A model group of `models` (its deployments are the on-demand overflow). */
  group: name,
  bedrock: bedrockDedicatedSchema.optional(),
  vertex: vertexDedicatedSchema.optional(),
});

/** The stack config after presets. Optional sections are enabled by the stage (see `presets.ts`). */
export const stackConfigSchema = z.strictObject({
  stage: z.enum(stages, { error: `must be one of ${stages.join(", ")}` }),
  cloud: z.enum(clouds, { error: `must be one of ${clouds.join(", ")}` }),
  regions: z.array(z.string()).min(1, { error: "must list at least one region (the first is primary)" }),
  jurisdiction: z.enum(jurisdictions, { error: `must be one of ${jurisdictions.join(", ")}` }),
  /** GCP project (from `gcp:project` when not set here). */
  gcpProject: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { error: "must be a GCP project id" }).optional(),
  /**
   * GCP billing account the stack's budgets are created on (`XXXXXX-XXXXXX-XXXXXX`); required on
   * GCP from stage growth (see `rules/billing-account.ts`). Budgets belong to a billing account, not a project.
   */
  gcpBillingAccount: z
    .string({ error: "must be a billing account id" })
    .regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, {
      error: "must be a billing account id: three groups of 6 upper-case hex digits, e.g. 012345-6789AB-CDEF01 (gcloud billing accounts list)",
    })
    .optional(),
  providers: z.record(name, providerSchema).refine((r) => Object.keys(r).length > 0, { error: "must define at least one provider" }),
  /** Pulumi secret: provider name → API key. */
  providerKeys: z.record(z.string(), z.string().min(1, { error: "must not be empty" })).optional(),
  models: z.array(modelSchema).min(1, { error: "must define at least one model" }),
  logging: loggingSchema,
  /** From stage growth: the stack's budgets and alerts. */
  budget: budgetSchema.optional(),
  traffic: trafficSchema,
  tags: tagsSchema,
  network: networkSchema,
  gateway: gatewaySchema,
  api: apiSchema,
  cache: cacheSchema.optional(),
  reliability: reliabilitySchema.optional(),
  queue: queueSchema.optional(),
  worker: workerSchema.optional(),
  cluster: clusterSchema.optional(),
  selfHosted: z.array(selfHostedSchema).optional(),
  semanticCache: semanticCacheSchema.optional(),
  routing: routingSchema.optional(),
  failover: failoverSchema.optional(),
  /** From stage growth: prompt templates the gateway serves, with weighted variants (A/B). */
  prompts: promptsSchema.optional(),
  /** Fine-tuning and distillation (enterprise only). */
  fineTuning: fineTuningSchema.optional(),
  /** Dedicated inference capacity from the cloud provider, routed first (scale and up). */
  dedicated: z.array(dedicatedSchema).min(1, { error: "must list at least one entry (omit it for none)" }).optional(),
  /** The keys database (GCP at every stage, AWS from growth: `keysDatabaseAt`). */
  database: databaseSchema.optional(),
  /** Caller keys, teams, limits and budgets in the gateway (where the stack has the keys database). */
  access: accessSchema.optional(),
  /** Protect stateful resources from deletion (on by default at enterprise). */
  deletionProtection: z.boolean(),
  /**
   * AWS: let this stack set the API Gateway account setting (the CloudWatch role every REST API
   * of the account uses for access logs, one per account and region). Default false: the setting
   * is the account's, set once (README "First deploy"), and no stack overwrites another's or
   * breaks it on destroy. Turn it on in exactly one stack per account and region.
   */
  manageApiGatewayAccount: z.boolean({ error: "must be true or false" }).optional(),
});

export type StackConfig = z.infer<typeof stackConfigSchema>;
export type BudgetPeriod = (typeof budgetPeriods)[number];

/** The config keys the kit reads, i.e. the top-level keys of the schema. */
export const configKeys = Object.keys(stackConfigSchema.shape) as (keyof StackConfig)[];

/** Keys that hold secrets and must be set with `pulumi config set --secret`. */
export const secretConfigKeys: readonly (keyof StackConfig)[] = ["providerKeys"];
