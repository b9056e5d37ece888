import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { renamedFrom } from "../platform/renames";
import { type GcpContext, childOpts } from "./context";

/**
 * A private, versioned, single-region bucket. Encryption defaults to Google-managed keys
 * (`kmsKeyName` unset); objects are kept forever unless `retentionDays` is set; not protected unless
 * `protect`.
 */
export interface SecureBucketArgs {
  /** Provider, naming scope and region the bucket is created in. */
  ctx: GcpContext;
  /** Physical bucket name (global namespace; see `gcpName`). */
  bucketName: string;
  /** Objects (all versions) are deleted this many days after creation. Omit to keep forever. */
  retentionDays?: number;
  /**
   * Cloud KMS key for CMEK. Default: Google-managed encryption (AES-256 at rest, keys rotated by
   * Google), which costs nothing and needs no key ring in the region; set a key when a policy
   * requires customer-managed keys.
   */
  kmsKeyName?: pulumi.Input<string>;
  /** Protect the bucket from `pulumi destroy` (the stack's `deletionProtection`). Default: false. */
  protect?: boolean;
}

/** Days an overwritten or deleted object version stays recoverable before it is purged. */
export const noncurrentVersionDays = 7;

/**
 * Lifecycle of a versioned log bucket. `withState: ANY` makes the age rule hit noncurrent
 * versions too, so nothing outlives the retention period by more than a lifecycle run; the second
 * rule purges versions replaced early (an overwrite) after the recovery window.
 */
export function lifecycleRules(retentionDays?: number): gcp.types.input.storage.BucketLifecycleRule[] {
  const rules: gcp.types.input.storage.BucketLifecycleRule[] = [
    { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: noncurrentVersionDays, withState: "ARCHIVED" } },
  ];
  if (retentionDays !== undefined) rules.unshift({ action: { type: "Delete" }, condition: { age: retentionDays, withState: "ANY" } });
  return rules;
}

/** The settings every bucket of the kit carries; pure so tests and policies can read them. */
export function secureBucketArgs(args: Omit<SecureBucketArgs, "ctx" | "protect"> & { region: string }): gcp.storage.BucketArgs {
  return {
    name: args.bucketName,
    // Residency: a single region, never a multi-region or dual-region location.
    location: args.region.toUpperCase(),
    storageClass: "STANDARD",
    uniformBucketLevelAccess: true,
    publicAccessPrevention: "enforced",
    versioning: { enabled: true },
    lifecycleRules: lifecycleRules(args.retentionDays),
    // A bucket holding data is never emptied by `pulumi destroy`; deleting it is a human decision.
    forceDestroy: false,
    ...(args.kmsKeyName ? { encryption: { defaultKmsKeyName: args.kmsKeyName } } : {}),
  };
}

/** A private, versioned, single-region bucket with a retention lifecycle. */
export class SecureBucket extends pulumi.ComponentResource {
  readonly bucket: gcp.storage.Bucket;
  readonly name: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:SecureBucket", name, {}, renamedFrom("ai-infra:gcp:HardenedBucket", opts));
    this.bucket = new gcp.storage.Bucket(
      `${name}-bucket`,
      secureBucketArgs({ bucketName: args.bucketName, retentionDays: args.retentionDays, kmsKeyName: args.kmsKeyName, region: args.ctx.region }),
      childOpts(this, args.ctx, { protect: args.protect }),
    );
    this.name = this.bucket.name;
    this.url = this.bucket.url;
    this.registerOutputs({ name: this.name, url: this.url });
  }
}
