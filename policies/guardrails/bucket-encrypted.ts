import { stackPolicy } from "../lib/define";
import { deniesInsecureTransport } from "../lib/iam-json";
import { arr, label, obj, ofType, read, refersTo, str } from "../lib/resources";

const algorithms = ["aws:kms", "aws:kms:dsse", "AES256"];

/**
 * Every S3 bucket has a server-side encryption configuration (SSE-S3 or SSE-KMS, stated rather
 * than left to the account default) and a bucket policy that denies requests without TLS. GCS
 * buckets are always encrypted at rest and served only over TLS, so they have nothing to check.
 *
 * Severity: high. Enforcement: mandatory.
 * Rationale: the request log and job results are the platform's largest stores of personal data.
 * Checkov: CKV_AWS_19 (SSE), CKV_AWS_145 (SSE-KMS). CIS AWS Foundations v3.0 2.1.1 (deny HTTP
 * requests). tfsec: aws-s3-enable-bucket-encryption.
 */
export const bucketEncrypted = stackPolicy("guardrails", {
  name: "bucket-encrypted",
  description: "S3 buckets encrypt at rest and refuse requests without TLS.",
  enforcementLevel: "mandatory",
  severity: "high",
  mappings: ["CKV_AWS_19", "CKV_AWS_145", "CIS-AWS-3.0:2.1.1", "tfsec:aws-s3-enable-bucket-encryption"],
  validate: (resources, _s, report) => {
    const sse = ofType(resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
    const policies = ofType(resources, "aws:s3/bucketPolicy:BucketPolicy");
    for (const b of ofType(resources, "aws:s3/bucket:Bucket")) {
      const configs = sse.filter((c) => refersTo(c, "bucket", b));
      const encrypted = configs.some((c) =>
        arr(c.props.rules).some((rule) => algorithms.includes(str(obj(obj(rule).applyServerSideEncryptionByDefault).sseAlgorithm) ?? "")),
      );
      if (!encrypted) report(`${label(b)} has no server-side encryption configuration (aws:s3/bucketServerSideEncryptionConfiguration with aws:kms or AES256)`, b.urn);
      const mine = policies.filter((p) => refersTo(p, "bucket", b));
      // A policy computed from the bucket's ARN is unknown at preview: judge it at update.
      if (mine.some((p) => !read(p.props, "policy").known)) continue;
      if (!mine.some((p) => deniesInsecureTransport(p.props.policy))) {
        report(`${label(b)} has no bucket policy that denies requests without TLS (Deny with aws:SecureTransport false)`, b.urn);
      }
    }
  },
});
