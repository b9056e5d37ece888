import { resourcePolicy } from "../lib/define";
import { arr, label, read, str } from "../lib/resources";

const isTrue = (v: unknown) => v === true || v === "true";

/**
 * Caches hold prompts and answers (response cache) and rate-limit counters: ElastiCache
 * replication groups encrypt at rest and in transit (TLS `required`, not `preferred`) and demand
 * AUTH (an auth token or RBAC user groups); ElastiCache clusters use TLS; Memorystore uses TLS
 * (`SERVER_AUTHENTICATION`) and AUTH. Memorystore always encrypts at rest.
 *
 * Severity: high. Enforcement: mandatory.
 * Rationale: a cache reached without TLS leaks cached answers to anyone on the network path; one
 * without AUTH answers anyone inside the network.
 * Checkov: CKV_AWS_29 (at rest), CKV_AWS_30 (in transit), CKV_AWS_31 (TLS with auth token),
 * CKV_GCP_95 (Memorystore AUTH), CKV_GCP_97 (Memorystore in-transit encryption).
 * tfsec: aws-elasticache-enable-at-rest-encryption, aws-elasticache-enable-in-transit-encryption.
 */
export const cacheEncryptedAndAuthenticated = resourcePolicy("guardrails", {
  name: "cache-encrypted-and-authenticated",
  description: "Caches encrypt at rest and in transit and require authentication.",
  enforcementLevel: "mandatory",
  severity: "high",
  mappings: ["CKV_AWS_29", "CKV_AWS_30", "CKV_AWS_31", "CKV_GCP_95", "CKV_GCP_97", "tfsec:aws-elasticache-enable-at-rest-encryption", "tfsec:aws-elasticache-enable-in-transit-encryption"],
  validate: (r, _s, report) => {
    const p = r.props;
    if (r.type === "aws:elasticache/replicationGroup:ReplicationGroup") {
      if (!isTrue(p.atRestEncryptionEnabled)) report(`${label(r)} does not encrypt data at rest (atRestEncryptionEnabled is not true)`);
      if (!isTrue(p.transitEncryptionEnabled)) report(`${label(r)} does not use TLS (transitEncryptionEnabled is not true)`);
      else if (str(p.transitEncryptionMode) === "preferred") report(`${label(r)} also accepts connections without TLS (transitEncryptionMode is preferred; use required)`);
      // At preview a generated token is unknown, but it is set: an unknown value is a value the
      // program passed, so "is AUTH required" is decided without knowing the token.
      const token = read(p, "authToken");
      const hasToken = !token.known || str(token.value) !== undefined;
      const groups = read(p, "userGroupIds");
      const hasGroups = !groups.known || arr(groups.value).length > 0;
      if (!hasToken && !hasGroups) report(`${label(r)} does not require AUTH (set authToken or userGroupIds)`);
    } else if (r.type === "aws:elasticache/cluster:Cluster") {
      // A member of a replication group inherits the group's settings.
      if (str(p.replicationGroupId)) return;
      if (!isTrue(p.transitEncryptionEnabled)) report(`${label(r)} does not use TLS (transitEncryptionEnabled is not true)`);
    } else if (r.type === "gcp:redis/instance:Instance") {
      if (str(p.transitEncryptionMode) !== "SERVER_AUTHENTICATION") report(`${label(r)} does not use TLS (transitEncryptionMode is not SERVER_AUTHENTICATION)`);
      if (!isTrue(p.authEnabled)) report(`${label(r)} does not require AUTH (authEnabled is not true)`);
    }
  },
});
