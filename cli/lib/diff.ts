import type { PlannedResource } from "./capture";

/**
 * The promotion diff: two plans of one stack compared by URN, the way the engine matches old and
 * new state. Child names are stable across stages, so an unchanged URN is the same resource; a
 * URN that disappears is a deletion (a rename without `aliases` is one too).
 */

export interface StatefulRule {
  /** What the resource holds, for messages. */
  holds: string;
  /**
   * Input paths whose change makes the provider replace the resource (ForceNew in the provider
   * schema), dotted: `vpcConfig.subnetIds`. A change at or under a path matches it.
   */
  replaceOn: readonly string[];
}

/**
 * Resources that hold data or that data-holding resources are built into; deleting or replacing
 * one loses data or cuts callers off. Replace-on-change inputs from the providers' schemas
 * (AWS 7.x, Google 9.x).
 */
export const statefulTypes: Readonly<Record<string, StatefulRule>> = {
  // AWS
  "aws:s3/bucket:Bucket": { holds: "objects", replaceOn: ["bucket", "bucketPrefix", "objectLockEnabled", "region"] },
  "aws:s3/bucketV2:BucketV2": { holds: "objects", replaceOn: ["bucket", "bucketPrefix", "objectLockEnabled", "region"] },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    holds: "cache and rate-limit counters",
    replaceOn: ["replicationGroupId", "engine", "atRestEncryptionEnabled", "kmsKeyId", "subnetGroupName", "port", "region", "dataTieringEnabled", "globalReplicationGroupId", "snapshotArns", "snapshotName"],
  },
  "aws:elasticache/serverlessCache:ServerlessCache": { holds: "cache", replaceOn: ["name", "engine", "kmsKeyId", "subnetIds", "region"] },
  "aws:elasticache/cluster:Cluster": { holds: "cache", replaceOn: ["clusterId", "engine", "subnetGroupName", "port", "availabilityZone", "region"] },
  "aws:elasticache/subnetGroup:SubnetGroup": { holds: "the cache's network placement", replaceOn: ["name", "region"] },
  "aws:sqs/queue:Queue": { holds: "queued jobs", replaceOn: ["name", "namePrefix", "fifoQueue", "region"] },
  "aws:sns/topic:Topic": { holds: "alert subscriptions", replaceOn: ["name", "namePrefix", "fifoTopic", "region"] },
  "aws:secretsmanager/secret:Secret": { holds: "a provider key", replaceOn: ["name", "namePrefix", "region"] },
  "aws:kms/key:Key": { holds: "the key to encrypted data", replaceOn: ["customerMasterKeySpec", "keyUsage", "multiRegion", "region"] },
  "aws:dynamodb/table:Table": { holds: "items", replaceOn: ["name", "hashKey", "rangeKey", "region"] },
  "aws:rds/instance:Instance": { holds: "a database", replaceOn: ["identifier", "engine", "storageEncrypted", "kmsKeyId", "dbSubnetGroupName", "availabilityZone", "region"] },
  "aws:rds/cluster:Cluster": { holds: "a database", replaceOn: ["clusterIdentifier", "engine", "storageEncrypted", "kmsKeyId", "dbSubnetGroupName", "availabilityZones", "region"] },
  "aws:eks/cluster:Cluster": { holds: "workloads", replaceOn: ["name", "roleArn", "kubernetesNetworkConfig", "encryptionConfig.provider", "region"] },
  "eks:index:Cluster": { holds: "workloads", replaceOn: ["name", "region"] },
  "aws:glue/catalogDatabase:CatalogDatabase": { holds: "usage tables", replaceOn: ["name", "catalogId", "region"] },
  "aws:glue/catalogTable:CatalogTable": { holds: "a usage table", replaceOn: ["name", "databaseName", "catalogId", "region"] },
  "aws:athena/workgroup:Workgroup": { holds: "query history and saved results", replaceOn: ["name", "region"] },
  "aws:athena/database:Database": { holds: "usage tables", replaceOn: ["name", "bucket", "region"] },
  "aws:cloudwatch/logGroup:LogGroup": { holds: "logs", replaceOn: ["name", "namePrefix", "region"] },
  "aws:ecr/repository:Repository": { holds: "images", replaceOn: ["name", "region"] },
  "aws:efs/fileSystem:FileSystem": { holds: "files", replaceOn: ["creationToken", "encrypted", "kmsKeyId", "performanceMode", "region"] },
  // Callers hold the key values; a new key cuts every caller off.
  "aws:apigateway/apiKey:ApiKey": { holds: "callers' API keys", replaceOn: ["value", "region"] },
  "aws:ec2/vpc:Vpc": { holds: "every private resource", replaceOn: ["cidrBlock", "instanceTenancy", "region"] },
  // GCP
  "gcp:storage/bucket:Bucket": { holds: "objects", replaceOn: ["name", "location", "project", "customPlacementConfig"] },
  "gcp:redis/instance:Instance": {
    holds: "cache and rate-limit counters",
    replaceOn: ["name", "region", "project", "tier", "locationId", "alternativeLocationId", "authorizedNetwork", "connectMode", "transitEncryptionMode", "reservedIpRange", "customerManagedKey"],
  },
  "gcp:memorystore/instance:Instance": {
    holds: "cache and rate-limit counters",
    replaceOn: ["instanceId", "location", "project", "transitEncryptionMode", "authorizationMode", "pscAutoConnections", "mode"],
  },
  "gcp:pubsub/topic:Topic": { holds: "queued jobs", replaceOn: ["name", "project"] },
  "gcp:pubsub/subscription:Subscription": { holds: "queued jobs", replaceOn: ["name", "topic", "project", "enableMessageOrdering"] },
  "gcp:secretmanager/secret:Secret": { holds: "a provider key", replaceOn: ["secretId", "project", "replication"] },
  "gcp:bigquery/dataset:Dataset": { holds: "usage tables", replaceOn: ["datasetId", "project", "location"] },
  "gcp:bigquery/table:Table": { holds: "a usage table", replaceOn: ["datasetId", "tableId", "project"] },
  "gcp:container/cluster:Cluster": { holds: "workloads", replaceOn: ["name", "location", "project", "network", "subnetwork", "ipAllocationPolicy"] },
  "gcp:sql/databaseInstance:DatabaseInstance": { holds: "a database", replaceOn: ["name", "region", "project"] },
  "gcp:logging/projectBucketConfig:ProjectBucketConfig": { holds: "logs", replaceOn: ["bucketId", "location", "project"] },
  "gcp:kms/cryptoKey:CryptoKey": { holds: "the key to encrypted data", replaceOn: ["name", "keyRing"] },
  "gcp:artifactregistry/repository:Repository": { holds: "images", replaceOn: ["repositoryId", "location", "format", "project"] },
  "gcp:apikeys/key:Key": { holds: "callers' API keys", replaceOn: ["name", "project"] },
  "gcp:compute/network:Network": { holds: "every private resource", replaceOn: ["name", "project", "autoCreateSubnetworks"] },
};

export interface Change {
  urn: string;
  type: string;
  name: string;
  /** Input paths that differ (`template.scaling.maxInstanceCount`, `(region)` for the region). */
  keys: string[];
}

export interface Replacement extends Change {
  /** The inputs that force the replacement. */
  forcedBy: string[];
  stateful: boolean;
}

export interface Deletion {
  urn: string;
  type: string;
  name: string;
  stateful: boolean;
}

export interface PlanDiff {
  added: { urn: string; type: string; name: string }[];
  changed: Change[];
  replaced: Replacement[];
  deleted: Deletion[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Leaf paths at which two input values differ; a whole list counts as one leaf when its length changes. */
export function diffPaths(a: unknown, b: unknown, at = ""): string[] {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffPaths(a[k], b[k], at ? `${at}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((x, i) => diffPaths(x, b[i], `${at}[${i}]`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}

/** Whether a changed path is at or under one of the replace-on paths. */
export function matchesReplaceOn(changed: string, replaceOn: readonly string[]): boolean {
  return replaceOn.some((p) => changed === p || changed.startsWith(`${p}.`) || changed.startsWith(`${p}[`));
}

export function diffPlans(from: readonly PlannedResource[], to: readonly PlannedResource[], rules: Readonly<Record<string, StatefulRule>> = statefulTypes): PlanDiff {
  const before = new Map(from.map((r) => [r.urn, r]));
  const after = new Map(to.map((r) => [r.urn, r]));
  const diff: PlanDiff = { added: [], changed: [], replaced: [], deleted: [] };
  for (const r of to) if (!before.has(r.urn)) diff.added.push({ urn: r.urn, type: r.type, name: r.name });
  for (const r of from) {
    const next = after.get(r.urn);
    if (!next) {
      diff.deleted.push({ urn: r.urn, type: r.type, name: r.name, stateful: r.type in rules });
      continue;
    }
    const keys = diffPaths(r.inputs, next.inputs);
    if (r.region !== next.region) keys.push("(region)");
    if (keys.length === 0) continue;
    const rule = rules[r.type];
    const forcedBy = rule ? keys.filter((k) => k === "(region)" || matchesReplaceOn(k, rule.replaceOn)) : [];
    const change = { urn: r.urn, type: r.type, name: r.name, keys };
    if (forcedBy.length > 0) diff.replaced.push({ ...change, forcedBy, stateful: true });
    else diff.changed.push(change);
  }
  return diff;
}

/** The deletions and replacements that promotion must never make. */
export function statefulLosses(diff: PlanDiff): { urn: string; type: string; change: "deleted" | "replaced"; reason: string }[] {
  return [
    ...diff.deleted.filter((d) => d.stateful).map((d) => ({ urn: d.urn, type: d.type, change: "deleted" as const, reason: `holds ${statefulTypes[d.type]?.holds ?? "state"}` })),
    ...diff.replaced
      .filter((r) => r.stateful)
      .map((r) => ({ urn: r.urn, type: r.type, change: "replaced" as const, reason: `holds ${statefulTypes[r.type]?.holds ?? "state"}; replaced because ${r.forcedBy.join(", ")} changed` })),
  ];
}
