/**
 * Retention (issue 20): the spec and the `request-log-retention` policy agree on how long a
 * request log may live. S3 keeps an expired log one more day as a noncurrent version (its
 * `NoncurrentDays` is at least 1), so on AWS the spec's maximum is the jurisdiction's maximum less
 * one day; a GCS `age` rule with `withState: ANY` deletes live and noncurrent versions alike at the
 * age, so on GCP it is the jurisdiction's maximum. At each cloud's maximum the stack plans with the
 * policies passing; one day more is refused by the spec, and the policy refuses the lifecycle the
 * kit would render for it.
 */
import { describe, expect, it } from "vitest";
import { logBucketLifecycleRules } from "../../components/aws/bucket";
import { lifecycleRules } from "../../components/gcp/bucket";
import { requestLogRetention } from "../../policies/guardrails/request-log-retention";
import type { InProcessResource } from "../../policies/lib/runner";
import { planStack } from "../../planner/plan";
import { exampleFile, parseExample } from "../helpers/stacks";
import { awsProvider, configFor, gcpProvider, messages, res } from "../policies/helpers";

const errorsOf = (stack: string, days: number) => {
  const r = parseExample(stack, (c) => (c.logging = { ...(c.logging ?? {}), retentionDays: days }));
  return r.ok ? [] : r.errors.map((e) => ({ path: e.path, message: e.message }));
};

describe("the spec refuses a retention the policy would refuse", () => {
  it("AWS, eu: 364 days (365 with the noncurrent day) are accepted, 365 refused", () => {
    expect(errorsOf("growth-aws-eu-west-1", 364)).toEqual([]);
    expect(errorsOf("growth-aws-eu-west-1", 365)).toEqual([
      {
        path: "ai-infra:logging.retentionDays",
        message: "must be at most 364 days in jurisdiction eu on aws (storage limitation, 365 days): S3 keeps an expired log 1 more day as a noncurrent version, 366 days in all",
      },
    ]);
  });

  it("AWS, us: 729 accepted, 730 refused", () => {
    expect(errorsOf("prototype-aws-us-east-1", 729)).toEqual([]);
    expect(errorsOf("prototype-aws-us-east-1", 730).map((e) => e.message)).toEqual([
      "must be at most 729 days in jurisdiction us on aws (storage limitation, 730 days): S3 keeps an expired log 1 more day as a noncurrent version, 731 days in all",
    ]);
  });

  it("GCP, eu: 365 accepted, 366 refused", () => {
    expect(errorsOf("prototype-gcp-europe-west4", 365)).toEqual([]);
    expect(errorsOf("prototype-gcp-europe-west4", 366)).toEqual([
      { path: "ai-infra:logging.retentionDays", message: "must be at most 365 days in jurisdiction eu on gcp (storage limitation, 365 days)" },
    ]);
  });

  it("below the stage's audit floor is refused", () => {
    expect(errorsOf("growth-aws-eu-west-1", 30)).toEqual([]);
    expect(errorsOf("growth-aws-eu-west-1", 29)).toEqual([{ path: "ai-infra:logging.retentionDays", message: "must be at least 30 days at stage growth (audit)" }]);
  });
});

describe("the policy judges the lifecycle the kit renders as the spec does", () => {
  const awsLog = (days: number): InProcessResource[] => [
    awsProvider("eu", "eu-west-1"),
    res("aws:s3/bucket:Bucket", "logs", {}, { provider: "urn:pulumi:test::ai-infra::pulumi:providers:aws::eu", id: "logs-1a2b" }),
    res("aws:s3/bucketVersioning:BucketVersioning", "logs-versioning", { bucket: "logs-1a2b", versioningConfiguration: { status: "Enabled" } }),
    res("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "logs-lifecycle", {
      bucket: "logs-1a2b",
      // The rules as components/aws/bucket.ts renders them.
      rules: logBucketLifecycleRules(days).map((r) => ({
        id: r.id,
        status: "Enabled",
        filter: { prefix: r.prefix },
        ...(r.expireDays === undefined ? {} : { expiration: { days: r.expireDays } }),
        noncurrentVersionExpiration: { noncurrentDays: r.noncurrentDays },
      })),
    }),
    res("aws:s3/bucketObjectv2:BucketObjectv2", "gateway-config", { content: "model_list: []\nlitellm_settings:\n  s3_callback_params:\n    s3_path: requests\n" }),
    res("aws:ecs/taskDefinition:TaskDefinition", "gateway-task", {
      containerDefinitions: JSON.stringify([{ name: "litellm", environment: [{ name: "AI_INFRA_LOG_BUCKET", value: "logs-1a2b" }, { name: "AI_INFRA_LOG_REGION", value: "eu-west-1" }] }]),
    }),
  ];
  const gcsLog = (days: number): InProcessResource[] => [
    gcpProvider("gcp-eu", "europe-west4"),
    res("gcp:storage/bucket:Bucket", "gcs-logs", { name: "gcs-logs", lifecycleRules: lifecycleRules(days) }),
    res("gcp:cloudrunv2/service:Service", "gateway-service", {
      template: { containers: [{ envs: [{ name: "AI_INFRA_LOG_BUCKET", value: "gcs-logs" }, { name: "GCS_BUCKET_NAME", value: "gcs-logs/requests" }] }] },
    }),
  ];
  const eu = configFor("eu", "growth").guardrails.settings;

  it("S3: 364 days pass, 365 (366 with the noncurrent day) are refused", () => {
    expect(messages(requestLogRetention, awsLog(364), eu)).toEqual([]);
    expect(messages(requestLogRetention, awsLog(365), eu)).toEqual([
      "logs (aws:s3/bucket:Bucket) (request log) keeps request logs up to 366 days (365 days, then 1 days as noncurrent versions), above the storage-limitation maximum of 365 days",
    ]);
  });

  it("GCS: 365 days pass, 366 are refused", () => {
    expect(messages(requestLogRetention, gcsLog(365), eu)).toEqual([]);
    expect(messages(requestLogRetention, gcsLog(366), eu)).toEqual([
      "gcs-logs (gcp:storage/bucket:Bucket) (request log) keeps request logs up to 366 days, above the storage-limitation maximum of 365 days",
    ]);
  });

  it.each([
    ["growth-aws-eu-west-1", 364],
    ["prototype-gcp-europe-west4", 365],
  ])("%s at the spec's maximum (%s days) plans with every policy passing", { timeout: 300_000 }, async (stack, days) => {
    const file = structuredClone(exampleFile(stack));
    file.config["ai-infra:logging"] = { ...((file.config["ai-infra:logging"] as object) ?? {}), retentionDays: days };
    const outcome = await planStack(file);
    expect(outcome.result.errors).toEqual([]);
    expect(outcome.result.policy.violations.map((v) => v.message)).toEqual([]);
    expect(outcome.exitCode).toBe(0);
  });
});
