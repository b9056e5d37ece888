/**
 * No dead settings (issue "one typed model", item 2): every `ai-infra:*` setting a user can write
 * either changes what the plan creates (resources and their inputs, stack outputs, the cost
 * document) or is refused by the config parser on that cloud and stage, with its path and reason.
 *
 * For each example stack, every leaf of its config after the stage preset is merged in (what the
 * user wrote and what the preset fills in, which a user can write too) is changed to another valid
 * value and planned offline; how, and what counts as a change, is documented in `./dead-settings`.
 * A setting that the parser accepts and the plan ignores is dead. The ones found today are listed
 * in `knownDead` below, and the test asserts the list EXACTLY: a new dead setting fails it, and so
 * does a listed one that is no longer dead (remove it from the list when it is fixed).
 *
 * Runtime: one test per stack, so a slow stack is visible; each prints its timing, leaves,
 * mutations, plans, and every dead, coarse and refused setting (plus a `DEAD-JSON` line from which
 * the list below can be regenerated). Measured 2026-12-07 on the shared 2-core machine: 5.8 min
 * wall, 5.7 min CPU (enterprise-aws 165 s, enterprise-gcp 69 s, scale-aws 38 s, scale-gcp 28 s,
 * growth-aws 20 s, growth-gcp 17 s, prototype-gcp 6 s, prototype-aws 4.5 s); under a load of 9 it
 * took 10.4 min. Vitest runs one file's tests in one worker: to use two, split the stacks over two
 * files (the suite is a loop over `exampleStacks`; enterprise-aws alone is about half the time).
 */
import { describe, expect, it } from "vitest";
import { type StackReport, allMergedConfigs, exampleFile, exampleStacks, programIgnoring, walkStack } from "./dead-settings";

interface KnownDead {
  stack: string;
  /** The setting's path as `pulumi config set --path` writes it; `…[0]` / `…[last]` for a list's first element / its last dropped. */
  path: string;
  /** `dead`: no change tried moves the plan; `coarse`: read, but the change tried first is ignored (rounded or clamped). */
  kind: "dead" | "coarse";
  why: string;
}

/**
 * The dead settings found when this test was written (each: stack, path, kind, why; the trailing
 * comment is the change that was ignored). Remove an entry when its setting is fixed: read by the
 * plan, or refused by the parser on that cloud/stage with its path and reason. Groups:
 *  - read by nothing: GCP `failover.*` (all four), `batch.maxRequestsPerJob` (both clouds);
 *  - read only by `npm run keys`, outside the plan: `access.*`, `api.keys` on GCP, `budget.features` on AWS;
 *  - stage/cloud-gated but accepted: `budget.*` and `gcpBillingAccount` at prototype, `database.*` on
 *    the AWS prototype, GCP `api.global.ratePerSecond`;
 *  - waiting for `worker.imageTag` (the example's first-deploy state): GCP `worker.*`, `fineTuning.*`;
 *  - parser-only constraint: `jurisdiction` widened to `global` where no Bedrock region list reads it;
 *  - coarse (read, but rounded, so the first accepted change is ignored): `routing.strongAboveChars`
 *    (÷4), GCP `gateway.cpu` (≤1 → 1), GCP `api.global.burst` (÷ maxReplicas, ceil).
 */
const knownDead: KnownDead[] = [
  { stack: "enterprise-aws-us-east-1", path: "ai-infra:budget.features.support-assistant", kind: "dead", why: "AWS: read only by `npm run keys -- sync` (LiteLLM tag budgets), not by the plan (GCP's usage views do read it)" }, // 8000 → 8001
  { stack: "enterprise-aws-us-east-1", path: "ai-infra:budget.features.search-summaries", kind: "dead", why: "AWS: read only by `npm run keys -- sync` (LiteLLM tag budgets), not by the plan (GCP's usage views do read it)" }, // 5000 → 5001
  { stack: "enterprise-aws-us-east-1", path: "ai-infra:budget.features.batch-enrichment", kind: "dead", why: "AWS: read only by `npm run keys -- sync` (LiteLLM tag budgets), not by the plan (GCP's usage views do read it)" }, // 3000 → 3001
  { stack: "enterprise-aws-us-east-1", path: "ai-infra:batch.maxRequestsPerJob", kind: "dead", why: "no planned resource or output carries it (render.ts: 'the worker's setting'), and the worker's environment does not get it" }, // 500 → 501
  { stack: "enterprise-aws-us-east-1", path: "ai-infra:access.keyDefaults.rpm", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 1200 → 1201
  { stack: "enterprise-aws-us-east-1", path: "ai-infra:access.keyDefaults.budgetUsd", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 500 → 501
  { stack: "enterprise-aws-us-east-1", path: "ai-infra:access.keyDefaults.budgetPeriod", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // "1d" → "7d"
  { stack: "enterprise-aws-us-east-1", path: "ai-infra:access.alertAtPercent", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 80 → 81
  { stack: "enterprise-aws-us-east-1", path: "ai-infra:routing.strongAboveChars", kind: "coarse", why: "read as floor(strongAboveChars / 4) tokens (gateway/render.ts), so +1 is rounded away" }, // 2000 → 2001
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:api.global.ratePerSecond", kind: "dead", why: "GCP: only api.global.burst is read (Cloud Run concurrency); Cloud Armor throttles per key" }, // 1000 → 1001
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:api.keys[0]", kind: "dead", why: "GCP: the keys are LiteLLM virtual keys created by `npm run keys -- sync`; the plan does not carry them" }, // "web-app" → "web-appx"
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:api.keys[last]", kind: "dead", why: "GCP: the keys are LiteLLM virtual keys created by `npm run keys -- sync`; the plan does not carry them" }, // ["web-app","batch-jobs"] → ["web-app"] (last dropped)
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:worker.cpu", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 0.25 → 0.375
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:worker.memoryMiB", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 512 → 513
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:worker.minReplicas", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 0 → 1
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:worker.maxReplicas", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 4 → 5
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:worker.jobsPerReplica", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 20 → 21
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:batch.maxRequestsPerJob", kind: "dead", why: "no planned resource or output carries it (render.ts: 'the worker's setting'), and the worker's environment does not get it" }, // 1000 → 1001
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:access.keyDefaults.rpm", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 1200 → 1201
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:access.keyDefaults.budgetUsd", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 500 → 501
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:access.keyDefaults.budgetPeriod", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // "1d" → "7d"
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:access.alertAtPercent", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 80 → 81
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:jurisdiction", kind: "dead", why: "constrains regions/providers in the parser only; widening it to 'global' changes nothing planned here (on AWS with Bedrock it sets the invoke regions)" }, // "eu" → "global"
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:failover.mode", kind: "dead", why: "GCP: nothing reads failover.* (the global load balancer fails over by itself); the parser accepts it on GCP" }, // "active-active" → "active-passive"
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:failover.healthCheckIntervalSeconds", kind: "dead", why: "GCP: nothing reads failover.* (the global load balancer fails over by itself); the parser accepts it on GCP" }, // 10 → 30
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:failover.failureThreshold", kind: "dead", why: "GCP: nothing reads failover.* (the global load balancer fails over by itself); the parser accepts it on GCP" }, // 3 → 4
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:failover.ttlSeconds", kind: "dead", why: "GCP: nothing reads failover.* (the global load balancer fails over by itself); the parser accepts it on GCP" }, // 60 → 61
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:fineTuning.export.schedule", kind: "dead", why: "GCP: the fine-tuning release (export CronJob, trainer) is created only once worker.imageTag is set; until then these are read by nothing" }, // "0 3 * * *" → "0 4 * * *"
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:fineTuning.export.models[last]", kind: "dead", why: "GCP: the fine-tuning release (export CronJob, trainer) is created only once worker.imageTag is set; until then these are read by nothing" }, // ["mistral-small"] → [] (last dropped)
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:fineTuning.export.tags[0]", kind: "dead", why: "GCP: the fine-tuning release (export CronJob, trainer) is created only once worker.imageTag is set; until then these are read by nothing" }, // "support" → "supportx"
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:fineTuning.export.tags[last]", kind: "dead", why: "GCP: the fine-tuning release (export CronJob, trainer) is created only once worker.imageTag is set; until then these are read by nothing" }, // ["support"] → [] (last dropped)
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:fineTuning.export.lastDays", kind: "dead", why: "GCP: the fine-tuning release (export CronJob, trainer) is created only once worker.imageTag is set; until then these are read by nothing" }, // 7 → 8
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:fineTuning.export.sensitiveTags[0]", kind: "dead", why: "GCP: the fine-tuning release (export CronJob, trainer) is created only once worker.imageTag is set; until then these are read by nothing" }, // "sensitive" → "sensitivex"
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:fineTuning.export.sensitiveTags[last]", kind: "dead", why: "GCP: the fine-tuning release (export CronJob, trainer) is created only once worker.imageTag is set; until then these are read by nothing" }, // ["sensitive"] → [] (last dropped)
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:fineTuning.export.sensitiveMetadataKeys[0]", kind: "dead", why: "GCP: the fine-tuning release (export CronJob, trainer) is created only once worker.imageTag is set; until then these are read by nothing" }, // "contains_pii" → "contains_piix"
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:fineTuning.export.sensitiveMetadataKeys[last]", kind: "dead", why: "GCP: the fine-tuning release (export CronJob, trainer) is created only once worker.imageTag is set; until then these are read by nothing" }, // ["contains_pii"] → [] (last dropped)
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:fineTuning.trainer.gpus", kind: "dead", why: "GCP: the fine-tuning release (export CronJob, trainer) is created only once worker.imageTag is set; until then these are read by nothing" }, // 1 → 2
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:fineTuning.trainer.loraAlpha", kind: "dead", why: "GCP: the fine-tuning release (export CronJob, trainer) is created only once worker.imageTag is set; until then these are read by nothing" }, // 32 → 33
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:fineTuning.trainer.epochs", kind: "dead", why: "GCP: the fine-tuning release (export CronJob, trainer) is created only once worker.imageTag is set; until then these are read by nothing" }, // 2 → 3
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:fineTuning.trainer.learningRate", kind: "dead", why: "GCP: the fine-tuning release (export CronJob, trainer) is created only once worker.imageTag is set; until then these are read by nothing" }, // 0.0002 → 0.00030000000000000003
  { stack: "enterprise-gcp-europe-west4", path: "ai-infra:routing.strongAboveChars", kind: "coarse", why: "read as floor(strongAboveChars / 4) tokens (gateway/render.ts), so +1 is rounded away" }, // 3000 → 3001
  { stack: "growth-aws-eu-west-1", path: "ai-infra:budget.features.support-assistant", kind: "dead", why: "AWS: read only by `npm run keys -- sync` (LiteLLM tag budgets), not by the plan (GCP's usage views do read it)" }, // 1500 → 1501
  { stack: "growth-aws-eu-west-1", path: "ai-infra:budget.features.search-summaries", kind: "dead", why: "AWS: read only by `npm run keys -- sync` (LiteLLM tag budgets), not by the plan (GCP's usage views do read it)" }, // 800 → 801
  { stack: "growth-aws-eu-west-1", path: "ai-infra:access.keyDefaults.rpm", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 600 → 601
  { stack: "growth-aws-eu-west-1", path: "ai-infra:access.keyDefaults.budgetUsd", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 50 → 51
  { stack: "growth-aws-eu-west-1", path: "ai-infra:access.keyDefaults.budgetPeriod", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // "1d" → "7d"
  { stack: "growth-aws-eu-west-1", path: "ai-infra:access.alertAtPercent", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 80 → 81
  { stack: "growth-gcp-us-central1", path: "ai-infra:api.global.ratePerSecond", kind: "dead", why: "GCP: only api.global.burst is read (Cloud Run concurrency); Cloud Armor throttles per key" }, // 200 → 201
  { stack: "growth-gcp-us-central1", path: "ai-infra:api.global.burst", kind: "coarse", why: "GCP: read as ceil(burst / gateway.maxReplicas) (Cloud Run concurrency), so +1 is rounded away" }, // 400 → 401
  { stack: "growth-gcp-us-central1", path: "ai-infra:api.keys[0]", kind: "dead", why: "GCP: the keys are LiteLLM virtual keys created by `npm run keys -- sync`; the plan does not carry them" }, // "web-app" → "web-appx"
  { stack: "growth-gcp-us-central1", path: "ai-infra:worker.cpu", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 0.25 → 0.375
  { stack: "growth-gcp-us-central1", path: "ai-infra:worker.memoryMiB", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 512 → 513
  { stack: "growth-gcp-us-central1", path: "ai-infra:worker.minReplicas", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 0 → 1
  { stack: "growth-gcp-us-central1", path: "ai-infra:worker.maxReplicas", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 4 → 5
  { stack: "growth-gcp-us-central1", path: "ai-infra:worker.jobsPerReplica", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 20 → 21
  { stack: "growth-gcp-us-central1", path: "ai-infra:access.keyDefaults.rpm", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 600 → 601
  { stack: "growth-gcp-us-central1", path: "ai-infra:access.keyDefaults.budgetUsd", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 50 → 51
  { stack: "growth-gcp-us-central1", path: "ai-infra:access.keyDefaults.budgetPeriod", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // "1d" → "7d"
  { stack: "growth-gcp-us-central1", path: "ai-infra:access.alertAtPercent", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 80 → 81
  { stack: "growth-gcp-us-central1", path: "ai-infra:jurisdiction", kind: "dead", why: "constrains regions/providers in the parser only; widening it to 'global' changes nothing planned here (on AWS with Bedrock it sets the invoke regions)" }, // "us" → "global"
  { stack: "prototype-aws-us-east-1", path: "ai-infra:budget.monthlyUsd", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // 300 → 301
  { stack: "prototype-aws-us-east-1", path: "ai-infra:budget.actualThresholds[0]", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // 80 → 81
  { stack: "prototype-aws-us-east-1", path: "ai-infra:budget.actualThresholds[last]", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // [80,100] → [80] (last dropped)
  { stack: "prototype-aws-us-east-1", path: "ai-infra:budget.forecastThresholds[0]", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // 100 → 99
  { stack: "prototype-aws-us-east-1", path: "ai-infra:budget.forecastThresholds[last]", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // [100] → [] (last dropped)
  { stack: "prototype-aws-us-east-1", path: "ai-infra:budget.notify.emails[0]", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // "ai-platform@example.com" → "ai-platformx@example.com"
  { stack: "prototype-aws-us-east-1", path: "ai-infra:budget.notify.emails[last]", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // ["ai-platform@example.com"] → [] (last dropped)
  { stack: "prototype-aws-us-east-1", path: "ai-infra:database.backupRetentionDays", kind: "dead", why: "AWS prototype: no keys database (capabilities.keys from growth), but the preset fills database.* and the parser accepts it" }, // 7 → 8
  { stack: "prototype-aws-us-east-1", path: "ai-infra:database.highAvailability", kind: "dead", why: "AWS prototype: no keys database (capabilities.keys from growth), but the preset fills database.* and the parser accepts it" }, // false → true
  { stack: "prototype-aws-us-east-1", path: "ai-infra:jurisdiction", kind: "dead", why: "constrains regions/providers in the parser only; widening it to 'global' changes nothing planned here (on AWS with Bedrock it sets the invoke regions)" }, // "us" → "global"
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:budget.monthlyUsd", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // 300 → 301
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:budget.actualThresholds[0]", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // 80 → 81
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:budget.actualThresholds[last]", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // [80,100] → [80] (last dropped)
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:budget.forecastThresholds[0]", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // 100 → 99
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:budget.forecastThresholds[last]", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // [100] → [] (last dropped)
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:budget.notify.emails[0]", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // "ai-platform@example.com" → "ai-platformx@example.com"
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:budget.notify.emails[last]", kind: "dead", why: "prototype: no budgets capability (from growth), so budget.* creates nothing; the parser accepts it" }, // ["ai-platform@example.com"] → [] (last dropped)
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:gateway.cpu", kind: "coarse", why: "GCP: Cloud Run CPU is max(1, ceil(cpu)), so values at or below 1 all plan the same" }, // 0.5 → 0.75
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:api.global.ratePerSecond", kind: "dead", why: "GCP: only api.global.burst is read (Cloud Run concurrency); Cloud Armor throttles per key" }, // 20 → 21
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:api.keys[0]", kind: "dead", why: "GCP: the keys are LiteLLM virtual keys created by `npm run keys -- sync`; the plan does not carry them" }, // "default" → "defaultx"
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:access.keyDefaults.rpm", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 300 → 301
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:access.keyDefaults.budgetUsd", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 5 → 6
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:access.keyDefaults.budgetPeriod", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // "1d" → "7d"
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:access.alertAtPercent", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 80 → 81
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:gcpBillingAccount", kind: "dead", why: "prototype: budgets start at growth, so the billing account is read by nothing" }, // "012345-6789AB-CDEF01" → "012345-6789AB-CDEF02"
  { stack: "prototype-gcp-europe-west4", path: "ai-infra:jurisdiction", kind: "dead", why: "constrains regions/providers in the parser only; widening it to 'global' changes nothing planned here (on AWS with Bedrock it sets the invoke regions)" }, // "eu" → "global"
  { stack: "scale-aws-us-east-1", path: "ai-infra:budget.features.support-assistant", kind: "dead", why: "AWS: read only by `npm run keys -- sync` (LiteLLM tag budgets), not by the plan (GCP's usage views do read it)" }, // 8000 → 8001
  { stack: "scale-aws-us-east-1", path: "ai-infra:budget.features.search-summaries", kind: "dead", why: "AWS: read only by `npm run keys -- sync` (LiteLLM tag budgets), not by the plan (GCP's usage views do read it)" }, // 5000 → 5001
  { stack: "scale-aws-us-east-1", path: "ai-infra:budget.features.batch-enrichment", kind: "dead", why: "AWS: read only by `npm run keys -- sync` (LiteLLM tag budgets), not by the plan (GCP's usage views do read it)" }, // 3000 → 3001
  { stack: "scale-aws-us-east-1", path: "ai-infra:batch.maxRequestsPerJob", kind: "dead", why: "no planned resource or output carries it (render.ts: 'the worker's setting'), and the worker's environment does not get it" }, // 500 → 501
  { stack: "scale-aws-us-east-1", path: "ai-infra:access.keyDefaults.rpm", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 1200 → 1201
  { stack: "scale-aws-us-east-1", path: "ai-infra:access.keyDefaults.budgetUsd", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 500 → 501
  { stack: "scale-aws-us-east-1", path: "ai-infra:access.keyDefaults.budgetPeriod", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // "1d" → "7d"
  { stack: "scale-aws-us-east-1", path: "ai-infra:access.alertAtPercent", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 80 → 81
  { stack: "scale-aws-us-east-1", path: "ai-infra:routing.strongAboveChars", kind: "coarse", why: "read as floor(strongAboveChars / 4) tokens (gateway/render.ts), so +1 is rounded away" }, // 2000 → 2001
  { stack: "scale-gcp-europe-west4", path: "ai-infra:api.global.ratePerSecond", kind: "dead", why: "GCP: only api.global.burst is read (Cloud Run concurrency); Cloud Armor throttles per key" }, // 1000 → 1001
  { stack: "scale-gcp-europe-west4", path: "ai-infra:api.keys[0]", kind: "dead", why: "GCP: the keys are LiteLLM virtual keys created by `npm run keys -- sync`; the plan does not carry them" }, // "web-app" → "web-appx"
  { stack: "scale-gcp-europe-west4", path: "ai-infra:api.keys[last]", kind: "dead", why: "GCP: the keys are LiteLLM virtual keys created by `npm run keys -- sync`; the plan does not carry them" }, // ["web-app","batch-jobs"] → ["web-app"] (last dropped)
  { stack: "scale-gcp-europe-west4", path: "ai-infra:worker.cpu", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 0.25 → 0.375
  { stack: "scale-gcp-europe-west4", path: "ai-infra:worker.memoryMiB", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 512 → 513
  { stack: "scale-gcp-europe-west4", path: "ai-infra:worker.minReplicas", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 0 → 1
  { stack: "scale-gcp-europe-west4", path: "ai-infra:worker.maxReplicas", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 4 → 5
  { stack: "scale-gcp-europe-west4", path: "ai-infra:worker.jobsPerReplica", kind: "dead", why: "GCP: the worker pool is created only once worker.imageTag is set (first deploy); until then worker sizing is read by nothing" }, // 20 → 21
  { stack: "scale-gcp-europe-west4", path: "ai-infra:batch.maxRequestsPerJob", kind: "dead", why: "no planned resource or output carries it (render.ts: 'the worker's setting'), and the worker's environment does not get it" }, // 1000 → 1001
  { stack: "scale-gcp-europe-west4", path: "ai-infra:access.keyDefaults.rpm", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 1200 → 1201
  { stack: "scale-gcp-europe-west4", path: "ai-infra:access.keyDefaults.budgetUsd", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 500 → 501
  { stack: "scale-gcp-europe-west4", path: "ai-infra:access.keyDefaults.budgetPeriod", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // "1d" → "7d"
  { stack: "scale-gcp-europe-west4", path: "ai-infra:access.alertAtPercent", kind: "dead", why: "read only by `npm run keys` (cli/lib/keys/requests.ts), not by the plan: nothing planned carries it" }, // 80 → 81
  { stack: "scale-gcp-europe-west4", path: "ai-infra:jurisdiction", kind: "dead", why: "constrains regions/providers in the parser only; widening it to 'global' changes nothing planned here (on AWS with Bedrock it sets the invoke regions)" }, // "eu" → "global"
  { stack: "scale-gcp-europe-west4", path: "ai-infra:routing.strongAboveChars", kind: "coarse", why: "read as floor(strongAboveChars / 4) tokens (gateway/render.ts), so +1 is rounded away" }, // 3000 → 3001
];

const allMerged = allMergedConfigs();
const reports: StackReport[] = [];

function summary(r: StackReport): string {
  const lines = [
    `${r.stack}: ${r.leaves} leaves, ${r.questions} mutations, ${r.plans} plans, ${(r.ms / 1000).toFixed(1)} s; ` +
      `${r.dead.length} dead, ${r.refused.length} refused, ${r.programErrors.length} program errors`,
    ...r.dead.map((d) => `  ${d.kind === "dead" ? "DEAD    " : "COARSE  "} ${d.path}: ${d.change}${d.liveWith ? ` ignored; live with ${d.liveWith}` : ""}`),
    ...r.refused.map((x) => `  refused  ${x.path}: tried ${x.tried.join(" | ")} — ${x.reason.slice(0, 300)}`),
    ...r.programErrors.map((x) => `  PROGRAM  ${x.path}: ${x.change} — ${x.error.slice(0, 300)}`),
    ...r.noCandidate.map((p) => `  skipped  ${p}: no valid other value known (empty, and no example fills it)`),
  ];
  return lines.join("\n");
}

describe("no dead settings: every example stack's settings change the plan or are refused", () => {
  for (const stack of exampleStacks) {
    it(stack, { timeout: 600_000 }, async () => {
      const r = await walkStack(stack, exampleFile(stack), allMerged);
      reports.push(r);
      console.log(summary(r));
      console.log(`DEAD-JSON ${JSON.stringify(r.dead.map(({ stack: s, path, kind, change }) => ({ stack: s, path, kind, change })))}`);
      // An unknown in the resolved run could hide a difference between two plans.
      expect(r.unknowns, "unknown values in the resolved plan").toBe(0);
      expect(r.questions).toBeGreaterThan(0);
      const found = r.dead.map((d) => `${d.kind} ${d.path}`).sort();
      const expected = knownDead
        .filter((k) => k.stack === stack)
        .map((k) => `${k.kind} ${k.path}`)
        .sort();
      expect(found, `dead settings of ${stack} (new ones: fix them or make the parser refuse them; fixed ones: remove them from knownDead)`).toEqual(expected);
    });
  }

  it("knownDead names only example stacks, each setting once", () => {
    for (const k of knownDead) expect(exampleStacks, `knownDead: ${k.stack}`).toContain(k.stack);
    const keys = knownDead.map((k) => `${k.stack} ${k.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  // The detector itself can fail: a kit whose program never reads `gateway.timeoutSeconds` (pinned
  // to the example's value before the program reads its config) must have that setting reported.
  it("canary: a setting the program ignores is reported dead", { timeout: 120_000 }, async () => {
    const stack = "prototype-aws-us-east-1";
    const file = exampleFile(stack);
    const path = "ai-infra:gateway.timeoutSeconds";
    const pinned = (allMerged[exampleStacks.indexOf(stack)]!.gateway as { timeoutSeconds: number }).timeoutSeconds;
    const r = await walkStack(stack, file, allMerged, { only: (p) => p === path, program: programIgnoring(["gateway", "timeoutSeconds"], pinned, file.secretKeys) });
    expect(r.dead.map((d) => `${d.kind} ${d.path}`)).toEqual([`dead ${path}`]);
    const live = await walkStack(stack, file, allMerged, { only: (p) => p === path });
    expect(live.dead).toEqual([]);
  });
});
