import { resourcePolicy } from "../lib/define";
import { label } from "../lib/resources";

/**
 * Resource types that hold data, and the provider's own deletion-protection flag where the type
 * has one (with the provider's default when the input is not set).
 */
export const statefulTypes: Record<string, { flag?: string; flagDefault?: boolean }> = {
  "aws:s3/bucket:Bucket": {},
  "aws:elasticache/replicationGroup:ReplicationGroup": {},
  "aws:sqs/queue:Queue": {},
  "aws:secretsmanager/secret:Secret": {},
  "aws:efs/fileSystem:FileSystem": {},
  "aws:eks/cluster:Cluster": { flag: "deletionProtection", flagDefault: false },
  // pulumi-eks's component: under the engine its inputs (not its inner aws:eks Cluster's) are what a policy sees.
  "eks:index:Cluster": { flag: "deletionProtection", flagDefault: false },
  "aws:rds/instance:Instance": { flag: "deletionProtection", flagDefault: false },
  "aws:rds/cluster:Cluster": { flag: "deletionProtection", flagDefault: false },
  "aws:dynamodb/table:Table": { flag: "deletionProtectionEnabled", flagDefault: false },
  "gcp:storage/bucket:Bucket": {},
  "gcp:pubsub/topic:Topic": {},
  "gcp:pubsub/subscription:Subscription": {},
  "gcp:redis/instance:Instance": { flag: "deletionProtection", flagDefault: true },
  "gcp:sql/databaseInstance:DatabaseInstance": { flag: "deletionProtection", flagDefault: true },
  "gcp:sql/database:Database": {},
  "gcp:container/cluster:Cluster": { flag: "deletionProtection", flagDefault: true },
  "gcp:secretmanager/secret:Secret": { flag: "deletionProtection", flagDefault: false },
};

/**
 * At enterprise, every stateful resource (log and result buckets, caches, queues, secrets,
 * clusters, databases) is protected from deletion: Pulumi's `protect` option, or the provider's
 * own deletion-protection flag where the type has one; and no bucket sets `forceDestroy`.
 *
 * Severity: high. Enforcement: mandatory when the config's `requireDeletionProtection` is on (enterprise).
 * Rationale: a mistaken `pulumi destroy` or a replace-on-rename must not erase the audit log or
 * a cluster serving production traffic.
 * Checkov: CKV_AWS_293 (RDS instance deletion protection), CKV_AWS_139 (RDS cluster deletion
 * protection). tfsec: none.
 */
export const statefulDeletionProtection = resourcePolicy("guardrails", {
  name: "stateful-deletion-protection",
  description: "Stateful resources are protected from deletion at enterprise.",
  enforcementLevel: "mandatory",
  severity: "high",
  mappings: ["CKV_AWS_293", "CKV_AWS_139"],
  validate: (r, s, report) => {
    if (!s.requireDeletionProtection) return;
    const kind = statefulTypes[r.type];
    if (!kind) return;
    if (r.props.forceDestroy === true) report(`${label(r)} sets forceDestroy, so destroying it deletes every object in it`);
    const flagged = kind.flag !== undefined && (r.props[kind.flag] === undefined ? kind.flagDefault === true : r.props[kind.flag] === true);
    if (r.opts?.protect === true || flagged) return;
    report(`${label(r)} holds state but is not protected from deletion at stage ${s.stage} (set the protect resource option${kind.flag ? ` or ${kind.flag}: true` : ""})`);
  },
});
