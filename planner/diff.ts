import { isTaggable } from "../policies/lib/resources";
import type { PlannedResource } from "./capture";

/**
 * The promotion diff: two plans of one stack compared by URN, the way the engine matches old and
 * new state. Child names are stable across stages, so an unchanged URN is the same resource; a
 * URN that disappears is a deletion (a rename without `aliases` is one too).
 */

export interface ReplaceRule {
  /**
   * Input paths whose change makes the provider replace the resource (ForceNew in the provider
   * schema), dotted: `vpcConfig.subnetIds`. A change at or under a path matches it. `"*"` means
   * every input (an immutable resource) except those in `except`.
   */
  replaceOn: readonly string[] | "*";
  except?: readonly string[];
}

export interface StatefulRule extends ReplaceRule {
  /** What the resource holds, for messages. */
  holds: string;
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
  // The GCP front door: callers' DNS points at the anycast IP, and a new certificate is unusable
  // until Google has issued it (minutes to an hour): either replacement cuts callers off.
  // Google provider 9.x: google_compute_global_address, google_compute_managed_ssl_certificate and
  // google_certificate_manager_certificate (managed block) are ForceNew on these fields.
  "gcp:compute/globalAddress:GlobalAddress": {
    holds: "the front door's anycast IP (callers' DNS points at it)",
    replaceOn: ["name", "project", "address", "addressType", "ipVersion", "purpose", "network", "prefixLength"],
  },
  "gcp:compute/managedSslCertificate:ManagedSslCertificate": { holds: "the front door's certificate", replaceOn: ["name", "project", "managed", "type", "certificateId"] },
  "gcp:certificatemanager/certificate:Certificate": { holds: "the front door's certificate", replaceOn: ["name", "project", "location", "scope", "managed"] },
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
  // A replica's primary and the CMEK key cannot change in place (google_sql_database_instance: ForceNew).
  "gcp:sql/databaseInstance:DatabaseInstance": { holds: "a database", replaceOn: ["name", "region", "project", "masterInstanceName", "encryptionKeyName"] },
  "gcp:sql/database:Database": { holds: "the keys, teams and spend", replaceOn: ["name", "instance", "project"] },
  "gcp:logging/projectBucketConfig:ProjectBucketConfig": { holds: "logs", replaceOn: ["bucketId", "location", "project"] },
  "gcp:kms/cryptoKey:CryptoKey": { holds: "the key to encrypted data", replaceOn: ["name", "keyRing"] },
  "gcp:artifactregistry/repository:Repository": { holds: "images", replaceOn: ["repositoryId", "location", "format", "project"] },
  "gcp:compute/network:Network": { holds: "every private resource", replaceOn: ["name", "project", "autoCreateSubnetworks"] },
};

/**
 * Stateless types whose changes the providers make by replacement. Losing one loses no data, but
 * the promotion must still show a replacement as one: a new task-definition revision restarts the
 * service's tasks, a new serverless NEG is created and the backend service switched over to it.
 */
export const replacedTypes: Readonly<Record<string, ReplaceRule>> = {
  // Task definitions are immutable: every change registers a new revision (tags excepted).
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
  "aws:ecs/taskDefinition:TaskDefinition": { replaceOn: "*", except: ["tags", "tagsAll", "skipDestroy", "trackLatest"] },
  // A deployment is a snapshot of the REST API: `triggers` exist to force a new one.
  "aws:apigateway/deployment:Deployment": { replaceOn: ["restApi", "triggers", "variables"] },
  "aws:apigateway/stage:Stage": { replaceOn: ["restApi", "stageName"] },
  "aws:ecs/service:Service": { replaceOn: ["name", "cluster", "launchType", "schedulingStrategy", "iamRole"] },
  "aws:ecs/cluster:Cluster": { replaceOn: ["name"] },
  "aws:iam/role:Role": { replaceOn: ["name", "namePrefix", "path"] },
  "aws:iam/policy:Policy": { replaceOn: ["name", "namePrefix", "path", "description"] },
  "aws:ec2/securityGroup:SecurityGroup": { replaceOn: ["name", "namePrefix", "description", "vpcId"] },
  "aws:ec2/subnet:Subnet": { replaceOn: ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"] },
  "aws:lambda/function:Function": { replaceOn: ["name", "packageType"] },
  "aws:budgets/budget:Budget": { replaceOn: ["name", "namePrefix", "accountId"] },
  // Network endpoint groups have no update method: any change is a new NEG.
  // https://cloud.google.com/compute/docs/reference/rest/v1/regionNetworkEndpointGroups
  "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup": { replaceOn: "*" },
  "gcp:compute/globalForwardingRule:GlobalForwardingRule": { replaceOn: ["name", "project", "ipAddress", "ipProtocol", "portRange", "loadBalancingScheme", "network"] },
  "gcp:cloudrunv2/service:Service": { replaceOn: ["name", "location", "project"] },
  "gcp:cloudrunv2/job:Job": { replaceOn: ["name", "location", "project"] },
  "gcp:serviceaccount/account:Account": { replaceOn: ["accountId", "project"] },
  "gcp:compute/subnetwork:Subnetwork": { replaceOn: ["name", "network", "region", "project"] },
  "gcp:secretmanager/secretVersion:SecretVersion": { replaceOn: ["secret", "secretData", "secretDataWo"] },
  "aws:secretsmanager/secretVersion:SecretVersion": { replaceOn: ["secretId"] },
};

/** The replacement rule of a type: stateful ones first, then the stateless table. */
export function replaceRuleOf(type: string): ReplaceRule | undefined {
  return statefulTypes[type] ?? replacedTypes[type];
}

/** One changed input with its old and new value (already redacted: secrets are `[secret]`). */
export interface ValueChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface Change {
  urn: string;
  type: string;
  name: string;
  /** Input paths that differ (`template.scaling.maxInstanceCount`, `(region)` for the region). */
  keys: string[];
  /** Each differing path with its value before and after. */
  changes: ValueChange[];
  /** Set when the change comes from the resource's provider (default tags/labels), not its own inputs. */
  cause?: string;
}

export interface Replacement extends Change {
  /** The inputs that force the replacement. */
  forcedBy: string[];
  /** Whether the type holds data (statefulTypes); a stateless replacement is reported, not a loss. */
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

/** A JSON document held in a string input (task-definition containers, IAM policies), parsed. */
function jsonIn(v: unknown): unknown {
  if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Leaf changes between two input values; a whole list counts as one leaf when its length changes.
 * A string input that holds JSON on both sides is compared inside (`containerDefinitions[0].image`).
 */
export function diffValues(a: unknown, b: unknown, at = ""): ValueChange[] {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffValues(a[k], b[k], at ? `${at}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((x, i) => diffValues(x, b[i], `${at}[${i}]`));
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const ja = jsonIn(a);
  const jb = jsonIn(b);
  if (ja !== undefined && jb !== undefined) {
    const inner = diffValues(ja, jb, at);
    if (inner.length > 0) return inner;
  }
  return [{ path: at, before: a, after: b }];
}

/** Leaf paths at which two input values differ. */
export function diffPaths(a: unknown, b: unknown, at = ""): string[] {
  return diffValues(a, b, at).map((c) => c.path);
}

/** Whether a changed path is at or under one of the replace-on paths. */
export function matchesReplaceOn(changed: string, replaceOn: readonly string[]): boolean {
  return replaceOn.some((p) => changed === p || changed.startsWith(`${p}.`) || changed.startsWith(`${p}[`));
}

function forces(rule: ReplaceRule | undefined, path: string): boolean {
  if (!rule) return false;
  if (rule.replaceOn === "*") return !matchesReplaceOn(path, rule.except ?? []);
  return matchesReplaceOn(path, rule.replaceOn);
}

/** Components have no cloud state: only custom resources and providers are created or replaced. */
const isCustom = (type: string) => type.includes("/") || type.startsWith("pulumi:providers:");

/** What the diff needs besides the two plans: each resource's explicit provider (URN), per plan. */
export interface DiffOptions {
  rules?: Readonly<Record<string, StatefulRule>>;
  providers?: { from: ReadonlyMap<string, string>; to: ReadonlyMap<string, string> };
}

/** The provider inputs that stamp tags/labels on every resource it manages, and what they become. */
const defaultTagKeys: Readonly<Record<string, { input: string; output: string }>> = {
  // https://www.pulumi.com/registry/packages/aws/api-docs/provider/#defaulttags (tagsAll of each resource)
  "pulumi:providers:aws": { input: "defaultTags.tags", output: "tagsAll" },
  // https://www.pulumi.com/registry/packages/gcp/api-docs/provider/#default_labels (effectiveLabels)
  "pulumi:providers:gcp": { input: "defaultLabels", output: "effectiveLabels" },
};

/** Provider inputs arrive JSON-encoded (the SDK serialises a provider's object inputs as strings). */
const decoded = (v: unknown) => (typeof v === "string" ? (jsonIn(v) ?? v) : v);

function at(v: unknown, path: string): unknown {
  return decoded(path.split(".").reduce<unknown>((o, k) => {
    const x = decoded(o);
    return isObject(x) ? x[k] : undefined;
  }, v));
}

export function diffPlans(from: readonly PlannedResource[], to: readonly PlannedResource[], opts: DiffOptions = {}): PlanDiff {
  const rules = opts.rules ?? statefulTypes;
  const before = new Map(from.map((r) => [r.urn, r]));
  const after = new Map(to.map((r) => [r.urn, r]));
  const diff: PlanDiff = { added: [], changed: [], replaced: [], deleted: [] };
  for (const r of to) if (!before.has(r.urn)) diff.added.push({ urn: r.urn, type: r.type, name: r.name });
  const entries = new Map<string, Change>();
  for (const r of from) {
    const next = after.get(r.urn);
    if (!next) {
      diff.deleted.push({ urn: r.urn, type: r.type, name: r.name, stateful: r.type in rules });
      continue;
    }
    const changes = diffValues(r.inputs, next.inputs);
    if (r.region !== next.region) changes.push({ path: "(region)", before: r.region, after: next.region });
    if (changes.length === 0) continue;
    const rule = rules[r.type] ?? replacedTypes[r.type];
    // A resource cannot move between regions: a new region is a new resource, whatever the type.
    const forcedBy = changes.map((c) => c.path).filter((k) => (k === "(region)" && isCustom(r.type)) || forces(rule, k));
    const change: Change = { urn: r.urn, type: r.type, name: r.name, keys: changes.map((c) => c.path), changes };
    if (forcedBy.length > 0) diff.replaced.push({ ...change, forcedBy, stateful: r.type in rules });
    else diff.changed.push(change);
    entries.set(r.urn, change);
  }
  if (opts.providers) addDefaultTagUpdates(diff, entries, before, after, opts.providers);
  return diff;
}

/**
 * A provider whose default tags change updates every taggable resource it manages (their
 * `tagsAll` / `effectiveLabels` change), as the engine's preview shows: one update per resource,
 * not one change of the provider.
 */
function addDefaultTagUpdates(
  diff: PlanDiff,
  entries: Map<string, Change>,
  before: ReadonlyMap<string, PlannedResource>,
  after: ReadonlyMap<string, PlannedResource>,
  providers: NonNullable<DiffOptions["providers"]>,
): void {
  for (const [urn, next] of after) {
    const keys = defaultTagKeys[next.type];
    const prev = before.get(urn);
    if (!keys || !prev) continue;
    const was = at(prev.inputs, keys.input);
    const now = at(next.inputs, keys.input);
    if (JSON.stringify(was ?? {}) === JSON.stringify(now ?? {})) continue;
    for (const r of after.values()) {
      if (providers.to.get(r.urn) !== urn || providers.from.get(r.urn) !== urn || !before.has(r.urn)) continue;
      if (!isTaggable({ type: r.type, props: r.inputs, urn: r.urn, name: r.name } as Parameters<typeof isTaggable>[0])) continue;
      const own = r.type.startsWith("aws:") ? "tags" : "labels";
      const mine = (i: Record<string, unknown>) => (isObject(i[own]) ? i[own] : {});
      const tagsBefore = { ...(isObject(was) ? was : {}), ...mine(before.get(r.urn)!.inputs) };
      const tagsAfter = { ...(isObject(now) ? now : {}), ...mine(r.inputs) };
      const changes = diffValues(tagsBefore, tagsAfter, keys.output);
      if (changes.length === 0) continue;
      const cause = `default ${own} of provider ${urn.split("::").pop()}`;
      const existing = entries.get(r.urn);
      if (existing) {
        existing.changes.push(...changes);
        existing.keys.push(...changes.map((c) => c.path));
        existing.cause = existing.cause ?? cause;
        continue;
      }
      const change: Change = { urn: r.urn, type: r.type, name: r.name, keys: changes.map((c) => c.path), changes, cause };
      diff.changed.push(change);
      entries.set(r.urn, change);
    }
  }
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
