import { resourcePolicy } from "../lib/define";
import { label, obj, str } from "../lib/resources";

/**
 * Databases, where a stack adds one (a spend ledger, a fine-tuning job store): RDS instances and
 * Aurora clusters encrypt storage; Cloud SQL accepts only TLS connections.
 *
 * Severity: high. Enforcement: mandatory.
 * Rationale: same data, same duty as the buckets and caches.
 * Checkov: CKV_AWS_16 (RDS encrypted), CKV_AWS_96 (Aurora encrypted), CKV_GCP_6 (Cloud SQL requires SSL).
 * tfsec: aws-rds-encrypt-instance-storage-data, aws-rds-encrypt-cluster-storage-data, google-sql-encrypt-in-transit-data.
 */
export const databaseEncrypted = resourcePolicy("guardrails", {
  name: "database-encrypted",
  description: "Databases encrypt storage and require TLS.",
  enforcementLevel: "mandatory",
  severity: "high",
  mappings: ["CKV_AWS_16", "CKV_AWS_96", "CKV_GCP_6", "tfsec:aws-rds-encrypt-instance-storage-data", "tfsec:aws-rds-encrypt-cluster-storage-data", "tfsec:google-sql-encrypt-in-transit-data"],
  validate: (r, _s, report) => {
    const p = r.props;
    if (r.type === "aws:rds/instance:Instance" || r.type === "aws:rds/cluster:Cluster") {
      if (p.storageEncrypted !== true && p.storageEncrypted !== "true") report(`${label(r)} does not encrypt storage (storageEncrypted is not true)`);
    } else if (r.type === "gcp:sql/databaseInstance:DatabaseInstance") {
      const ip = obj(obj(p.settings).ipConfiguration);
      const mode = str(ip.sslMode);
      const tlsOnly = mode === "ENCRYPTED_ONLY" || mode === "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" || (mode === undefined && ip.requireSsl === true);
      if (!tlsOnly) report(`${label(r)} accepts connections without TLS (set settings.ipConfiguration.sslMode to ENCRYPTED_ONLY)`);
    }
  },
});
