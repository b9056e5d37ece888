import { stackPolicy } from "../lib/define";
import { arr, label, ofType, read, refersTo, str } from "../lib/resources";

const serviceAccountType = "gcp:serviceaccount/account:Account";

const flags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
const publicAcls = ["public-read", "public-read-write", "authenticated-read"];
const publicMembers = ["allUsers", "allAuthenticatedUsers"];

/**
 * No bucket is publicly reachable: every S3 bucket has a public access block with all four
 * settings on and no public canned ACL; every GCS bucket enforces public access prevention and
 * uniform bucket-level access, and no bucket IAM grant names `allUsers` / `allAuthenticatedUsers`.
 *
 * Severity: critical. Enforcement: mandatory.
 * Rationale: a public log bucket publishes every prompt and answer.
 * Checkov: CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56 (public access block), CKV_AWS_20 (no
 * public-read ACL), CKV_GCP_114 (public access prevention), CKV_GCP_29 (uniform access),
 * CKV_GCP_28 (no anonymous/public access). CIS AWS Foundations v3.0 2.1.4; CIS GCP 5.1, 5.2.
 * tfsec: aws-s3-block-public-acls, aws-s3-block-public-policy, aws-s3-ignore-public-acls,
 * aws-s3-no-public-buckets, google-storage-enable-ubla, google-storage-no-public-access.
 */
export const bucketPublicAccessBlocked = stackPolicy("guardrails", {
  name: "bucket-public-access-blocked",
  description: "No bucket can be made public.",
  enforcementLevel: "mandatory",
  severity: "critical",
  mappings: [
    "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV_AWS_20", "CKV_GCP_114", "CKV_GCP_29", "CKV_GCP_28",
    "CIS-AWS-3.0:2.1.4", "CIS-GCP-2.0:5.1", "CIS-GCP-2.0:5.2",
    "tfsec:aws-s3-block-public-acls", "tfsec:aws-s3-block-public-policy", "tfsec:aws-s3-ignore-public-acls", "tfsec:aws-s3-no-public-buckets",
    "tfsec:google-storage-enable-ubla", "tfsec:google-storage-no-public-access",
  ],
  validate: (resources, _s, report) => {
    const blocks = ofType(resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
    const acls = ofType(resources, "aws:s3/bucketAcl:BucketAcl");
    for (const b of ofType(resources, "aws:s3/bucket:Bucket")) {
      const mine = blocks.filter((x) => refersTo(x, "bucket", b));
      if (mine.length === 0) {
        report(`${label(b)} has no public access block (aws:s3/bucketPublicAccessBlock)`, b.urn);
      } else {
        const off = flags.filter((f) => !mine.some((x) => x.props[f] === true));
        if (off.length > 0) report(`${label(b)} has a public access block that leaves ${off.join(", ")} off`, b.urn);
      }
      const acl = [str(b.props.acl), ...acls.filter((a) => refersTo(a, "bucket", b)).map((a) => str(a.props.acl))].find((a) => a && publicAcls.includes(a));
      if (acl) report(`${label(b)} has the public canned ACL ${acl}`, b.urn);
    }
    for (const b of ofType(resources, "gcp:storage/bucket:Bucket")) {
      if (str(b.props.publicAccessPrevention) !== "enforced") report(`${label(b)} does not enforce public access prevention (publicAccessPrevention: enforced)`, b.urn);
      if (b.props.uniformBucketLevelAccess !== true) report(`${label(b)} does not use uniform bucket-level access (uniformBucketLevelAccess: true)`, b.urn);
    }
    for (const g of ofType(resources, "gcp:storage/bucketIAMMember:BucketIAMMember", "gcp:storage/bucketIAMBinding:BucketIAMBinding")) {
      // At preview a member built from a service account's e-mail is unknown. Its property
      // dependencies still say where it comes from: only service accounts means it names one of
      // them, never allUsers. Anything else unknown is read as is, so the analyzer reports the
      // policy as not checkable instead of passing it.
      const member = read(g.props, "member");
      const fromAccounts = (key: string) => {
        const deps = g.propertyDependencies?.[key] ?? [];
        return deps.length > 0 && deps.every((d) => d.type === serviceAccountType);
      };
      if (!member.known && fromAccounts("member")) continue;
      const members = [str(g.props.member), ...arr(g.props.members).map(str)].filter((m): m is string => m !== undefined);
      for (const m of members.filter((x) => publicMembers.includes(x))) {
        report(`${label(g)} grants ${str(g.props.role) ?? "a role"} on bucket ${str(g.props.bucket) ?? "?"} to ${m}`, g.urn);
      }
    }
  },
});
