import type { Jurisdiction } from "../regions";
import type { Stage } from "../schema";

/**
 * How long the request log (prompts and answers) may be kept: the policies' bounds
 * (`policies/guardrails/request-log-retention.ts`) and the spec's (`rules/logging-retention-bounds.ts`)
 * read these, so the spec refuses what the policy would.
 */

/** Audit needs a floor that grows with the stage's user base. */
export const minRetentionDays: Readonly<Record<Stage, number>> = { prototype: 7, growth: 30, scale: 30, enterprise: 90 };

/** Storage limitation (GDPR art. 5(1)(e) and its UK copy): personal data in prompts kept no longer than a year. */
export function maxRetentionDays(j: Jurisdiction): number {
  return j === "eu" || j === "uk" ? 365 : 730;
}

/**
 * Days S3 keeps a request log as a noncurrent version after its expiration (the versioned log
 * bucket's `NoncurrentVersionExpiration.NoncurrentDays`). S3 takes no less: "The value must be a
 * non-zero positive integer"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_NoncurrentVersionExpiration.html), and an
 * expiration on a versioned bucket only makes the current version noncurrent behind a delete
 * marker (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html).
 * So on AWS a log lives `retentionDays + 1` days; on GCS the `age` condition with `withState: ANY`
 * counts from the object's creation for live and noncurrent versions alike
 * (https://cloud.google.com/storage/docs/lifecycle#age), so a log lives `retentionDays`.
 */
export const s3LogNoncurrentDays = 1;

/** Days a request log outlives `logging.retentionDays` on each cloud (see `s3LogNoncurrentDays`). */
export const retentionOverhangDays: Readonly<Record<"aws" | "gcp", number>> = { aws: s3LogNoncurrentDays, gcp: 0 };
