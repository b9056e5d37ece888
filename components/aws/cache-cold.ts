// The cold tier of the tiered response cache (`cache.tiers.cold`) on AWS: its own bucket in the
// stack's region, and what the gateway may do in it. A bucket of its own, not a prefix of the
// request-log bucket: its objects expire after the tier's TTL, the log's after the log retention,
// the log bucket keeps its protection against deletion while a cache bucket is disposable, and the
// gateway may read cached answers back but must never read a request log back (llm-gateway.ts).
import type * as pulumi from "@pulumi/pulumi";
import { coldTierPrefix } from "../gateway/cache-tiers";
import { type LifecycleRule, SecureBucket } from "./bucket";
import type { Statement } from "./iam";

/**
 * Objects under the tier's prefix expire after its TTL in days (the glue also refuses an entry
 * older than the TTL, since lifecycle runs once a day); an overwritten version goes a day later.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
 */
export function coldCacheLifecycleRules(ttlDays: number): LifecycleRule[] {
  return [{ id: "expire-cached-answers", prefix: `${coldTierPrefix}/`, expireDays: ttlDays, noncurrentDays: 1 }];
}

/**
 * The gateway reads and writes cached answers under the tier's prefix: no list (a miss answers
 * 403 instead of 404 without s3:ListBucket, which LiteLLM's S3Cache treats as a miss,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html), no delete (lifecycle
 * deletes). With the request log's customer-managed key the bucket uses that key too, and the
 * gateway's grant on it (UseRequestLogKey) covers both.
 */
export function coldCacheStatements(bucketArn: string): Statement[] {
  return [{ Sid: "ReadWriteColdCache", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${bucketArn}/${coldTierPrefix}/*` }];
}

export interface ColdCacheArgs {
  ttlDays: number;
  /** The request log's customer-managed key, when the stack has one (cached answers are as sensitive as logs). */
  kmsKeyArn?: pulumi.Input<string>;
}

/**
 * The cold tier's bucket: SecureBucket (SSE-KMS, public access blocked, TLS only, versioned) in
 * the region's provider, so in the stack's region. Its objects are deleted with it: cached
 * answers can always be recomputed, and a teardown must not stop on them.
 */
export function coldCacheBucket(name: string, args: ColdCacheArgs, opts: pulumi.ComponentResourceOptions): SecureBucket {
  return new SecureBucket(
    name,
    { lifecycleRules: coldCacheLifecycleRules(args.ttlDays), forceDestroy: true, ...(args.kmsKeyArn ? { kmsKeyArn: args.kmsKeyArn } : {}) },
    opts,
  );
}
