import { stackPolicy } from "../lib/define";
import { type ResourceView, arr, label, obj, ofType, peek, placementOf, refersTo, str } from "../lib/resources";

const bucketType = "aws:s3/bucket:Bucket";

/** The destination ARN, or undefined while the engine does not know it (a new bucket at preview). */
const destinationOf = (rule: unknown) => str(peek(obj(peek(obj(rule), "destination")), "bucket"));
const replicationType = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

/**
 * S3 replication (a `BucketReplicationConfig`, or the bucket's inline `replicationConfiguration`)
 * copies every object to its destination bucket: the destination must be a bucket of this stack
 * in a region of the jurisdiction. An S3 ARN carries no region, so the destination is resolved to
 * the stack's own bucket resource (by the engine's property dependencies, or by name/ARN); a
 * destination outside the stack cannot be located offline and is refused.
 *
 * Severity: critical. Enforcement: mandatory.
 * Rationale: a replica is a second copy at rest; cross-region replication to another jurisdiction
 * is a transfer.
 * CIS / Checkov / tfsec: none (CKV_AWS_144 asks for cross-region replication; this bounds where it goes).
 */
export const bucketReplicationInJurisdiction = stackPolicy("residency", {
  name: "bucket-replication-in-jurisdiction",
  description: "S3 replication only copies to buckets of the stack inside the jurisdiction.",
  enforcementLevel: "mandatory",
  severity: "critical",
  mappings: [],
  validate: (resources, s, report) => {
    if (s.jurisdiction === "global") return;
    const buckets = ofType(resources, bucketType);
    const check = (source: ResourceView, destination: string | undefined, viaDependency: (b: ResourceView) => boolean) => {
      const target =
        buckets.find((b) => destination !== undefined && refersTo({ ...source, props: { d: destination }, propertyDependencies: {} }, "d", b)) ??
        buckets.find((b) => b.urn !== source.urn && viaDependency(b));
      if (!target) {
        report(
          `${label(source)} replicates to ${destination ?? "a bucket"}, which is not a bucket of this stack, so its region cannot be shown to be inside jurisdiction ${s.jurisdiction}`,
          source.urn,
        );
        return;
      }
      const region = placementOf(target).location;
      if (!region || !s.allowedRegions.aws.includes(region)) {
        report(
          `${label(source)} replicates to ${target.name} in ${region ?? "an unknown region"}, outside jurisdiction ${s.jurisdiction}; allowed aws regions: ${s.allowedRegions.aws.join(", ")}`,
          source.urn,
        );
      }
    };

    for (const cfg of ofType(resources, replicationType)) {
      const source = buckets.find((b) => refersTo(cfg, "bucket", b));
      for (const rule of arr(cfg.props.rules)) {
        const dest = destinationOf(rule);
        check(cfg, dest, (b) => b !== source && (cfg.propertyDependencies?.rules ?? []).some((d) => d.urn === b.urn));
      }
    }
    for (const b of buckets) {
      for (const rule of arr(obj(peek(b.props, "replicationConfiguration")).rules)) {
        const dest = destinationOf(rule);
        check(b, dest, (t) => (b.propertyDependencies?.replicationConfiguration ?? []).some((d) => d.urn === t.urn));
      }
    }
  },
});
