import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { s3LogNoncurrentDays } from "../config/facts/retention";

/** Key prefixes inside the request-log bucket; IAM grants and lifecycle rules are scoped by them. */
export const logPrefixes = {
  /** LiteLLM's S3 logger (`s3_path: requests`) writes `requests/<yyyy-mm-dd>/<id>.json`. */
  requests: "requests/",
  /** The rendered gateway config, read by the gateway at start. */
  config: "config/",
  /** Athena query results of the usage workgroup. */
  athena: "athena-results/",
} as const;

export interface LifecycleRule {
  id: string;
  prefix: string;
  /** Days after which current objects expire; absent: current objects are kept. */
  expireDays?: number;
  /** Days after which overwritten/deleted versions are removed. */
  noncurrentDays: number;
}

/**
 * Lifecycle of the request-log bucket: request logs live `retentionDays`, and the version that
 * expiry leaves behind goes one day later, so no log outlives its retention by more than a day
 * (versioning protects against overwrite, not against the storage-limitation promise); the
 * gateway config is never expired, only its superseded versions; Athena results are scratch.
 */
export function logBucketLifecycleRules(retentionDays: number): LifecycleRule[] {
  return [
    { id: "expire-request-logs", prefix: logPrefixes.requests, expireDays: retentionDays, noncurrentDays: s3LogNoncurrentDays },
    { id: "old-gateway-configs", prefix: logPrefixes.config, noncurrentDays: 90 },
    { id: "expire-query-results", prefix: logPrefixes.athena, expireDays: Math.min(7, retentionDays), noncurrentDays: 1 },
  ];
}

/** A bucket policy that refuses every request not made over TLS. */
export function tlsOnlyBucketPolicy(bucketArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
}

export interface SecureBucketArgs {
  /** Expiry rules by prefix; `[]` keeps everything. */
  lifecycleRules: LifecycleRule[];
  /** Delete the objects with the bucket. Default false: a stack teardown must not silently delete logs or results. */
  forceDestroy?: boolean;
  /** Pulumi `protect` on the bucket itself (the stack's `deletionProtection`). Default false. */
  protect?: boolean;
  /** A customer-managed KMS key instead of the AWS-managed `aws/s3` key (`logging.customerManagedKey`). Default: `aws/s3`. */
  kmsKeyArn?: pulumi.Input<string>;
}

/**
 * A private, encrypted, versioned bucket: SSE-KMS with the AWS-managed `aws/s3` key and an S3
 * bucket key (no $1/month customer key, few KMS calls, and any principal of the account that
 * is granted S3 access can use it, so IAM stays scoped by S3 actions alone), all four public
 * access blocks, ACLs disabled (BucketOwnerEnforced), TLS-only policy, lifecycle rules.
 */
export class SecureBucket extends pulumi.ComponentResource {
  readonly bucket: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: SecureBucketArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:SecureBucket", name, {}, opts);
    const o = { parent: this, provider: opts.provider };

    const bucket = new aws.s3.Bucket(`${name}-bucket`, { forceDestroy: args.forceDestroy ?? false }, { ...o, protect: args.protect ?? false });
    const pab = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      o,
    );
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, o);
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", ...(args.kmsKeyArn ? { kmsMasterKeyId: args.kmsKeyArn } : {}) },
            bucketKeyEnabled: true,
          },
        ],
      },
      o,
    );
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, o);
    // The public access block goes first: a policy put before it could be judged public.
    new aws.s3.BucketPolicy(`${name}-tls-only`, { bucket: bucket.id, policy: bucket.arn.apply(tlsOnlyBucketPolicy) }, { ...o, dependsOn: [pab] });
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: args.lifecycleRules.map((r) => ({
          id: r.id,
          status: "Enabled",
          filter: { prefix: r.prefix },
          ...(r.expireDays === undefined ? {} : { expiration: { days: r.expireDays } }),
          noncurrentVersionExpiration: { noncurrentDays: r.noncurrentDays },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
        })),
      },
      // Lifecycle rules on noncurrent versions need versioning in place first.
      { ...o, dependsOn: [versioning] },
    );

    this.bucket = bucket.bucket;
    this.arn = bucket.arn;
    this.registerOutputs({ bucket: this.bucket, arn: this.arn });
  }
}
