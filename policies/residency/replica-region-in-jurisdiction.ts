import { resourcePolicy } from "../lib/define";
import { type Cloud, arnRegion, arr, label, normaliseLocation, obj, str } from "../lib/resources";

/**
 * Resources that copy data to other regions by configuration: Secrets Manager replicas, DynamoDB
 * global-table replicas, AWS Backup copy actions, ECR replication; Secret Manager replication
 * (automatic replication lets Google choose any region, so it is refused outright) and Cloud SQL
 * backup locations. Every target region must be in the jurisdiction.
 *
 * Severity: critical. Enforcement: mandatory.
 * Rationale: a replica, a backup copy or a snapshot copy is data at rest in the target region.
 * CIS / Checkov / tfsec: none.
 */
export const replicaRegionInJurisdiction = resourcePolicy("residency", {
  name: "replica-region-in-jurisdiction",
  description: "Replicas, backup copies and secret replicas stay inside the jurisdiction.",
  enforcementLevel: "mandatory",
  severity: "critical",
  mappings: [],
  validate: (r, s, report) => {
    if (s.jurisdiction === "global") return;
    const targets: { cloud: Cloud; region: string; what: string }[] = [];
    const p = r.props;
    switch (r.type) {
      case "aws:secretsmanager/secret:Secret":
        for (const x of arr(p.replicas)) { const region = str(obj(x).region); if (region) targets.push({ cloud: "aws", region, what: "a secret replica" }); }
        break;
      case "aws:dynamodb/table:Table":
        for (const x of arr(p.replicas)) { const region = str(obj(x).regionName); if (region) targets.push({ cloud: "aws", region, what: "a table replica" }); }
        break;
      case "aws:backup/plan:Plan":
        for (const rule of arr(p.rules)) for (const c of arr(obj(rule).copyActions)) {
          const arn = str(obj(c).destinationVaultArn);
          const region = arn ? arnRegion(arn) : undefined;
          if (region) targets.push({ cloud: "aws", region, what: `backup vault ${arn}` });
        }
        break;
      case "aws:ecr/replicationConfiguration:ReplicationConfiguration":
        for (const rule of arr(obj(p.replicationConfiguration).rules)) for (const d of arr(obj(rule).destinations)) {
          const region = str(obj(d).region);
          if (region) targets.push({ cloud: "aws", region, what: "an image replica" });
        }
        break;
      case "gcp:secretmanager/secret:Secret": {
        const replication = obj(p.replication);
        if ("auto" in replication && replication.auto !== undefined && replication.auto !== null) {
          report(`${label(r)} uses automatic replication, which lets Google store the secret in any region; use user-managed replication with locations inside jurisdiction ${s.jurisdiction}`);
        }
        for (const x of arr(obj(replication.userManaged).replicas)) {
          const location = str(obj(x).location);
          if (location) targets.push({ cloud: "gcp", region: normaliseLocation(location), what: "a secret replica" });
        }
        break;
      }
      case "gcp:sql/databaseInstance:DatabaseInstance": {
        const location = str(obj(obj(p.settings).backupConfiguration).location);
        if (location) targets.push({ cloud: "gcp", region: normaliseLocation(location), what: "its backups" });
        break;
      }
      default:
        return;
    }
    for (const t of targets) {
      if (!s.allowedRegions[t.cloud].includes(t.region)) {
        report(`${label(r)} copies data to ${t.region} (${t.what}), outside jurisdiction ${s.jurisdiction}; allowed ${t.cloud} regions: ${s.allowedRegions[t.cloud].join(", ")}`);
      }
    }
  },
});
