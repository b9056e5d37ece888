import { describe, expect, it } from "vitest";
import { renderGatewayConfig } from "../../components/gateway/render";
import { parseStack } from "../../components/config";
import type { InProcessResource } from "../../policies/lib/runner";
import { bucketReplicationInJurisdiction } from "../../policies/residency/bucket-replication-in-jurisdiction";
import { dnsFailoverInJurisdiction } from "../../policies/residency/dns-failover-in-jurisdiction";
import { gatewayEndpointsInJurisdiction } from "../../policies/residency/gateway-endpoints-in-jurisdiction";
import { pubsubMessageStorageInJurisdiction } from "../../policies/residency/pubsub-message-storage-in-jurisdiction";
import { regionalResourceInJurisdiction } from "../../policies/residency/regional-resource-in-jurisdiction";
import { replicaRegionInJurisdiction } from "../../policies/residency/replica-region-in-jurisdiction";
import { requestLogStoreInJurisdiction } from "../../policies/residency/request-log-store-in-jurisdiction";
import { storageLocationInJurisdiction } from "../../policies/residency/storage-location-in-jurisdiction";
import { exampleRaw } from "../helpers/stacks";
import { awsProvider, configFor, euAws, euGcp, gcpProvider, messages, mutate, res, run, urnOf } from "./helpers";

const eu = configFor("eu", "growth").residency.settings;
const euProv = awsProvider("eu-west-1-provider", "eu-west-1");
const eu2Prov = awsProvider("eu-central-1-provider", "eu-central-1");
const usProv = awsProvider("us-east-1-provider", "us-east-1");
const gcpEu = gcpProvider("europe-west4-provider", "europe-west4");
const via = (p: InProcessResource) => ({ provider: p.urn });

describe("regional-resource-in-jurisdiction", () => {
  const base = [
    euProv,
    usProv,
    gcpEu,
    res("aws:s3/bucket:Bucket", "logs", {}, via(euProv)),
    res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", { region: "eu-west-3" }, via(usProv)),
    // Global types are placed by no region, whichever provider they use.
    res("aws:iam/role:Role", "role", { assumeRolePolicy: "{}" }, via(usProv)),
    res("aws:budgets/budget:Budget", "budget", { budgetType: "COST" }, via(usProv)),
    res("gcp:redis/instance:Instance", "redis", { region: "europe-west4" }, via(gcpEu)),
    res("gcp:storage/bucket:Bucket", "gcs", { location: "EUROPE-WEST4" }, via(gcpEu)),
    res("gcp:container/nodePool:NodePool", "gpu", { location: "europe-west4-b" }, via(gcpEu)),
    res("gcp:cloudrunv2/service:Service", "gateway", {}, via(gcpEu)),
    res("gcp:pubsub/topic:Topic", "jobs", {}, via(gcpEu)),
  ];
  const check = (rs: InProcessResource[]) => messages(regionalResourceInJurisdiction, rs, eu);

  it("passes a stack whose regional resources are all in the EU", () => expect(check(base)).toEqual([]));
  it("names the resource, the provider's region and the jurisdiction", () =>
    expect(check(mutate(base, "logs", (r) => (r.provider = usProv.urn)))).toEqual([
      `logs (aws:s3/bucket:Bucket) is in us-east-1 (its provider's region), outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("reads a resource's own region over its provider's", () =>
    expect(check(mutate(base, "cache", (r) => (r.props.region = "us-west-2")))).toEqual([
      `cache (aws:elasticache/replicationGroup:ReplicationGroup) is in us-west-2, outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("reads GCS locations case-insensitively", () =>
    expect(check(mutate(base, "gcs", (r) => (r.props.location = "US-CENTRAL1")))).toEqual([
      `gcs (gcp:storage/bucket:Bucket) is in us-central1, outside jurisdiction eu; allowed gcp regions: ${euGcp}`,
    ]));
  it("maps a zone to its region", () =>
    expect(check(mutate(base, "gpu", (r) => (r.props.location = "us-east1-b")))).toEqual([
      `gpu (gcp:container/nodePool:NodePool) is in us-east1, outside jurisdiction eu; allowed gcp regions: ${euGcp}`,
    ]));
  it("treats London as outside the EU", () =>
    expect(check(mutate(base, "redis", (r) => (r.props.region = "europe-west2")))).toEqual([
      `redis (gcp:redis/instance:Instance) is in europe-west2, outside jurisdiction eu; allowed gcp regions: ${euGcp}`,
    ]));
  it("refuses a regional resource whose region cannot be known", () =>
    expect(check(mutate(base, "logs", (r) => delete r.provider))).toEqual([
      "logs (aws:s3/bucket:Bucket) has no region (no region or location input and no provider region), so it cannot be shown to stay in jurisdiction eu",
    ]));
  // A cross-region snapshot or backup copy is a resource created in the target region.
  it("catches a cross-region snapshot copy by the copy's own region", () =>
    expect(check([...base, res("aws:ebs/snapshotCopy:SnapshotCopy", "model-cache-copy", { sourceRegion: "eu-west-1", sourceSnapshotId: "snap-1", region: "us-east-2" }, via(euProv))])).toEqual([
      `model-cache-copy (aws:ebs/snapshotCopy:SnapshotCopy) is in us-east-2, outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("catches RDS automated backups replicated through a US provider", () =>
    expect(check([...base, res("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", "ledger-backups", { sourceDbInstanceArn: "arn:aws:rds:eu-west-1:123456789012:db:ledger" }, via(usProv))])).toEqual([
      `ledger-backups (aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication) is in us-east-1 (its provider's region), outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("lets every region through for jurisdiction global", () =>
    expect(messages(regionalResourceInJurisdiction, mutate(base, "logs", (r) => (r.provider = usProv.urn)), configFor("global", "growth").residency.settings)).toEqual([]));
});

describe("storage-location-in-jurisdiction", () => {
  const base = [
    res("gcp:storage/bucket:Bucket", "single", { location: "EUROPE-WEST4" }),
    res("gcp:storage/bucket:Bucket", "multi", { location: "EU" }),
    res("gcp:storage/bucket:Bucket", "dual", { location: "EUR4" }),
    res("gcp:storage/bucket:Bucket", "custom", { location: "EU", customPlacementConfig: { dataLocations: ["EUROPE-WEST1", "EUROPE-WEST4"] } }),
  ];
  const check = (rs: InProcessResource[]) => messages(storageLocationInJurisdiction, rs, eu);

  it("passes single, EU multi-region and EU dual-region buckets", () => expect(check(base)).toEqual([]));
  it("refuses the US multi-region", () =>
    expect(check(mutate(base, "multi", (r) => (r.props.location = "US")))).toEqual([
      `multi (gcp:storage/bucket:Bucket) uses the multi-region US, which stores data outside jurisdiction eu; use one of: ${euGcp}`,
    ]));
  it("refuses a BigQuery dataset in the US multi-region", () =>
    expect(check([...base, res("gcp:bigquery/dataset:Dataset", "usage", { datasetId: "usage", location: "US" })])).toEqual([
      `usage (gcp:bigquery/dataset:Dataset) uses the multi-region US, which stores data outside jurisdiction eu; use one of: ${euGcp}`,
    ]));
  it("passes an Artifact Registry repository in the europe multi-region", () =>
    expect(check([...base, res("gcp:artifactregistry/repository:Repository", "mirror", { location: "europe", format: "DOCKER" })])).toEqual([]));
  it("refuses a predefined dual-region that includes London", () =>
    expect(check(mutate(base, "dual", (r) => (r.props.location = "EUR7")))).toEqual([
      "dual (gcp:storage/bucket:Bucket) is a dual-region over europe-west2 and europe-west3; europe-west2 is outside jurisdiction eu",
    ]));
  it("refuses a custom dual-region with a US data location", () =>
    expect(check(mutate(base, "custom", (r) => (r.props.customPlacementConfig = { dataLocations: ["EUROPE-WEST4", "US-CENTRAL1"] })))).toEqual([
      "custom (gcp:storage/bucket:Bucket) is a dual-region over europe-west4 and us-central1; us-central1 is outside jurisdiction eu",
    ]));
});

describe("bucket-replication-in-jurisdiction", () => {
  const base = [
    euProv,
    eu2Prov,
    usProv,
    res("aws:s3/bucket:Bucket", "logs", {}, { ...via(euProv), id: "logs-1a2b3c" }),
    res("aws:s3/bucket:Bucket", "logs-replica", {}, { ...via(eu2Prov), id: "logs-replica-4d5e6f" }),
    res(
      "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
      "log-replication",
      { bucket: "logs-1a2b3c", role: "arn:aws:iam::123456789012:role/replication", rules: [{ id: "all", status: "Enabled", destination: { bucket: "arn:aws:s3:::logs-replica-4d5e6f" } }] },
      via(euProv),
    ),
  ];
  const check = (rs: InProcessResource[]) => messages(bucketReplicationInJurisdiction, rs, eu);

  it("passes replication to a bucket of the stack in another EU region", () => expect(check(base)).toEqual([]));
  it("names the replica, its region and the jurisdiction", () =>
    expect(check(mutate(base, "logs-replica", (r) => (r.provider = usProv.urn)))).toEqual([
      `log-replication (aws:s3/bucketReplicationConfig:BucketReplicationConfig) replicates to logs-replica in us-east-1, outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("refuses a destination outside the stack", () =>
    expect(check(mutate(base, "log-replication", (r) => ((r.props.rules as { destination: { bucket: string } }[])[0]!.destination.bucket = "arn:aws:s3:::someone-elses-bucket")))).toEqual([
      "log-replication (aws:s3/bucketReplicationConfig:BucketReplicationConfig) replicates to arn:aws:s3:::someone-elses-bucket, which is not a bucket of this stack, so its region cannot be shown to be inside jurisdiction eu",
    ]));
  it("checks the bucket's inline replication configuration too", () =>
    expect(
      check(
        mutate(
          mutate(base, "logs-replica", (r) => (r.provider = usProv.urn)),
          "logs",
          (r) => (r.props.replicationConfiguration = { role: "arn:aws:iam::123456789012:role/r", rules: [{ destination: { bucket: "arn:aws:s3:::logs-replica-4d5e6f" } }] }),
        ).filter((r) => r.name !== "log-replication"),
      ),
    ).toEqual([`logs (aws:s3/bucket:Bucket) replicates to logs-replica in us-east-1, outside jurisdiction eu; allowed aws regions: ${euAws}`]));
});

describe("replica-region-in-jurisdiction", () => {
  const base = [
    res("aws:secretsmanager/secret:Secret", "key", { replicas: [{ region: "eu-central-1" }] }),
    res("aws:dynamodb/table:Table", "ledger", { replicas: [{ regionName: "eu-north-1" }] }),
    res("aws:backup/plan:Plan", "backup", { rules: [{ ruleName: "daily", copyActions: [{ destinationVaultArn: "arn:aws:backup:eu-west-3:123456789012:backup-vault:dr" }] }] }),
    res("aws:ecr/replicationConfiguration:ReplicationConfiguration", "ecr", { replicationConfiguration: { rules: [{ destinations: [{ region: "eu-west-3", registryId: "123456789012" }] }] } }),
    res("gcp:secretmanager/secret:Secret", "gkey", { replication: { userManaged: { replicas: [{ location: "europe-west4" }] } } }),
    res("gcp:sql/databaseInstance:DatabaseInstance", "db", { settings: { backupConfiguration: { enabled: true, location: "europe-west1" } } }),
  ];
  const check = (rs: InProcessResource[]) => messages(replicaRegionInJurisdiction, rs, eu);

  it("passes replicas and copies inside the EU", () => expect(check(base)).toEqual([]));
  it("refuses a Secrets Manager replica in the US", () =>
    expect(check(mutate(base, "key", (r) => (r.props.replicas = [{ region: "us-east-1" }])))).toEqual([
      `key (aws:secretsmanager/secret:Secret) copies data to us-east-1 (a secret replica), outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("refuses a DynamoDB replica in the US", () =>
    expect(check(mutate(base, "ledger", (r) => (r.props.replicas = [{ regionName: "us-west-2" }])))).toEqual([
      `ledger (aws:dynamodb/table:Table) copies data to us-west-2 (a table replica), outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("refuses a backup copy to a vault in another jurisdiction", () =>
    expect(
      check(mutate(base, "backup", (r) => (r.props.rules = [{ copyActions: [{ destinationVaultArn: "arn:aws:backup:us-east-2:123456789012:backup-vault:dr" }] }]))),
    ).toEqual([
      `backup (aws:backup/plan:Plan) copies data to us-east-2 (backup vault arn:aws:backup:us-east-2:123456789012:backup-vault:dr), outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("refuses image replication out of the jurisdiction", () =>
    expect(check(mutate(base, "ecr", (r) => (r.props.replicationConfiguration = { rules: [{ destinations: [{ region: "ap-southeast-2" }] }] })))).toEqual([
      `ecr (aws:ecr/replicationConfiguration:ReplicationConfiguration) copies data to ap-southeast-2 (an image replica), outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("refuses Secret Manager automatic (global) replication", () =>
    expect(check(mutate(base, "gkey", (r) => (r.props.replication = { auto: {} })))).toEqual([
      "gkey (gcp:secretmanager/secret:Secret) uses automatic replication, which lets Google store the secret in any region; use user-managed replication with locations inside jurisdiction eu",
    ]));
  it("refuses a user-managed Secret Manager replica outside", () =>
    expect(check(mutate(base, "gkey", (r) => (r.props.replication = { userManaged: { replicas: [{ location: "us-central1" }] } })))).toEqual([
      `gkey (gcp:secretmanager/secret:Secret) copies data to us-central1 (a secret replica), outside jurisdiction eu; allowed gcp regions: ${euGcp}`,
    ]));
  it("refuses Cloud SQL backups stored in the US multi-region", () =>
    expect(check(mutate(base, "db", (r) => (r.props.settings = { backupConfiguration: { enabled: true, location: "us" } })))).toEqual([
      `db (gcp:sql/databaseInstance:DatabaseInstance) copies data to us (its backups), outside jurisdiction eu; allowed gcp regions: ${euGcp}`,
    ]));
});

describe("pubsub-message-storage-in-jurisdiction", () => {
  const base = [res("gcp:pubsub/topic:Topic", "jobs", { messageStoragePolicy: { allowedPersistenceRegions: ["europe-west4"] } })];
  const check = (rs: InProcessResource[]) => messages(pubsubMessageStorageInJurisdiction, rs, eu);

  it("passes a topic pinned to EU regions", () => expect(check(base)).toEqual([]));
  it("refuses a topic without a storage policy", () =>
    expect(check(mutate(base, "jobs", (r) => delete r.props.messageStoragePolicy))).toEqual([
      "jobs (gcp:pubsub/topic:Topic) has no message storage policy, so Pub/Sub may persist messages in any region; set messageStoragePolicy.allowedPersistenceRegions to regions of jurisdiction eu",
    ]));
  it("refuses a storage policy that allows a US region", () =>
    expect(check(mutate(base, "jobs", (r) => (r.props.messageStoragePolicy = { allowedPersistenceRegions: ["europe-west4", "us-east1"] })))).toEqual([
      `jobs (gcp:pubsub/topic:Topic) may persist messages in us-east1, outside jurisdiction eu; allowed gcp regions: ${euGcp}`,
    ]));
});

describe("dns-failover-in-jurisdiction", () => {
  const base = [
    res("aws:route53/record:Record", "api-secondary", {
      name: "api.example.com",
      type: "A",
      setIdentifier: "secondary",
      failoverRoutingPolicies: [{ type: "SECONDARY" }],
      aliases: [{ name: "d-abc123.execute-api.eu-central-1.amazonaws.com", zoneId: "Z1U9ULNL0V5AJ3", evaluateTargetHealth: true }],
    }),
    res("aws:route53/record:Record", "api-latency", { name: "api.example.com", type: "CNAME", setIdentifier: "eu-west-3", latencyRoutingPolicies: [{ region: "eu-west-3" }], records: ["gw.elb.eu-west-3.amazonaws.com"] }),
    res("gcp:dns/recordSet:RecordSet", "api-gcp", {
      name: "api.example.com.",
      type: "A",
      routingPolicy: { geos: [{ location: "europe-west4", rrdatas: ["10.0.0.1"] }], primaryBackup: { backupGeos: [{ location: "europe-west1", rrdatas: ["10.1.0.1"] }] } },
    }),
  ];
  const check = (rs: InProcessResource[]) => messages(dnsFailoverInJurisdiction, rs, eu);

  it("passes failover and latency routing between EU regions", () => expect(check(base)).toEqual([]));
  it("refuses failover to an API in a US region", () =>
    expect(check(mutate(base, "api-secondary", (r) => ((r.props.aliases as { name: string }[])[0]!.name = "d-abc123.execute-api.us-east-1.amazonaws.com")))).toEqual([
      `api-secondary (aws:route53/record:Record) routes traffic to us-east-1 (alias d-abc123.execute-api.us-east-1.amazonaws.com), outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("refuses a latency record for a US region", () =>
    expect(check(mutate(base, "api-latency", (r) => { r.props.latencyRoutingPolicies = [{ region: "us-west-2" }]; r.props.records = []; }))).toEqual([
      `api-latency (aws:route53/record:Record) routes traffic to us-west-2 (latency region), outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("refuses a Cloud DNS backup location outside", () =>
    expect(check(mutate(base, "api-gcp", (r) => ((r.props.routingPolicy as { primaryBackup: unknown }).primaryBackup = { backupGeos: [{ location: "us-central1" }] })))).toEqual([
      `api-gcp (gcp:dns/recordSet:RecordSet) routes traffic to us-central1 (failover backup location), outside jurisdiction eu; allowed gcp regions: ${euGcp}`,
    ]));
});

describe("gateway-endpoints-in-jurisdiction", () => {
  const { raw, secretKeys } = exampleRaw("growth-aws-eu-west-1");
  const specWith = (change: (r: Record<string, unknown>) => void) => {
    const copy = structuredClone(raw);
    change(copy);
    // The spec refuses these forms in the EU itself (models-in-jurisdiction); parsed as `global`
    // the config renders, and the pack must refuse it on its own.
    copy.jurisdiction = "global";
    const parsed = parseStack(copy, { secretKeys });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.stack;
  };
  const configObject = (content: string) => [res("aws:s3/bucketObjectv2:BucketObjectv2", "gateway-config", { key: "config/litellm.yaml", content })];
  const check = (rs: InProcessResource[]) => messages(gatewayEndpointsInJurisdiction, rs, eu);
  const providers = raw.providers as Record<string, Record<string, unknown>>;

  it("passes the EU growth stack's rendered config (OpenAI EU endpoint, Bedrock in eu-central-1)", () =>
    expect(check(configObject(renderGatewayConfig(specWith(() => undefined))))).toEqual([]));
  it("refuses a fallback on Anthropic's API without inference_geo us", () => {
    const spec = specWith((r) => {
      (r.providers as Record<string, unknown>)["bedrock-eu"] = { kind: "anthropic" };
      (r.providerKeys as Record<string, unknown>)["bedrock-eu"] = "[secret:ai-infra:providerKeys.bedrock-eu]";
    });
    expect(check(configObject(renderGatewayConfig(spec)))).toEqual([
      "gateway-config (aws:s3/bucketObjectv2:BucketObjectv2): gateway model group 'chat-fallback' (anthropic/eu.anthropic.claude-3-5-haiku-20241022-v1:0) uses Anthropic's API without `inferenceGeo: us`, which may process in global (the default `inference_geo`): any available geography, outside jurisdiction eu; allowed anthropic forms in eu: any other `apiBase` with dataJurisdiction eu",
    ]);
  });
  it("refuses OpenAI's default endpoint (no processing constraint)", () =>
    expect(check(configObject(renderGatewayConfig(specWith((r) => ((r.providers as Record<string, Record<string, unknown>>)["openai-eu"] = { kind: "openai" })))))).toEqual([
      "gateway-config (aws:s3/bucketObjectv2:BucketObjectv2): gateway model group 'chat' (openai/gpt-4o-mini) uses no `apiBase`, or `https://api.openai.com/v1`, which may process in global: no processing constraint, outside jurisdiction eu; allowed openai forms in eu: `apiBase: https://eu.api.openai.com/v1`; any other `apiBase` with dataJurisdiction eu",
    ]));
  it("refuses Bedrock in a US region", () =>
    expect(check(configObject(renderGatewayConfig(specWith((r) => ((r.providers as Record<string, Record<string, unknown>>)["bedrock-eu"] = { ...providers["bedrock-eu"], region: "us-east-1" })))))).toEqual([
      `gateway-config (aws:s3/bucketObjectv2:BucketObjectv2): gateway model group 'chat-fallback' (bedrock/eu.anthropic.claude-3-5-haiku-20241022-v1:0) uses model id prefix \`eu.\` from region us-east-1, which may process in EU regions (eu-central-1, eu-north-1, eu-south-1, eu-south-2, eu-west-1, eu-west-3), outside jurisdiction eu; allowed bedrock forms in eu: model id \`<vendor>.<model>\` (no profile prefix) with region eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2; model id prefix \`eu.\` with region eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2`,
    ]));
  const selfHosted = (apiBase: string) =>
    [
      "model_list:",
      "  - model_name: llama-small",
      "    litellm_params: { model: hosted_vllm/llama-small, api_base: '" + apiBase + "' }",
      "  - model_name: auto",
      "    litellm_params: { model: auto_router/complexity_router }",
    ].join("\n");
  it("passes a self-hosted model behind an in-cluster Service and the auto router", () =>
    expect(check(configObject(selfHosted("http://vllm-llama-small.vllm.svc.cluster.local:8000/v1")))).toEqual([]));
  it("passes a self-hosted model behind the kit's internal load balancer variable", () =>
    expect(check(configObject(selfHosted("os.environ/AI_INFRA_VLLM_LLAMA_SMALL_URL")))).toEqual([]));
  it("refuses an env-referenced endpoint for a hosted provider, and any other variable", () => {
    const hosted = ["model_list:", "  - model_name: chat", "    litellm_params: { model: openai/gpt-4o, api_base: 'os.environ/AI_INFRA_VLLM_CHAT_URL' }"].join("\n");
    expect(check(configObject(hosted))).toEqual([
      "gateway-config (aws:s3/bucketObjectv2:BucketObjectv2): gateway model group 'chat' (openai/gpt-4o) calls os.environ/AI_INFRA_VLLM_CHAT_URL, outside jurisdiction eu; allowed endpoints: eu.api.openai.com",
    ]);
    expect(check(configObject(selfHosted("os.environ/SOME_URL")))).toEqual([
      "gateway-config (aws:s3/bucketObjectv2:BucketObjectv2): gateway model group 'llama-small' (hosted_vllm/llama-small) calls os.environ/SOME_URL, outside jurisdiction eu; allowed endpoints: eu.api.openai.com",
    ]);
  });
  it("refuses a self-hosted endpoint outside the cluster", () =>
    expect(check(configObject(selfHosted("https://vllm.us.example.com/v1")))).toEqual([
      "gateway-config (aws:s3/bucketObjectv2:BucketObjectv2): gateway model group 'llama-small' (hosted_vllm/llama-small) calls https://vllm.us.example.com/v1, outside jurisdiction eu; allowed endpoints: eu.api.openai.com",
    ]));
  it("refuses a Bedrock global inference profile", () =>
    expect(
      check(configObject(renderGatewayConfig(specWith((r) => ((r.models as Record<string, unknown>[])[1]!.model = "global.anthropic.claude-sonnet-4-20250514-v1:0"))))),
    ).toEqual([
      "gateway-config (aws:s3/bucketObjectv2:BucketObjectv2): gateway model group 'chat-fallback' (bedrock/global.anthropic.claude-sonnet-4-20250514-v1:0) uses model id prefix `global.` from region eu-central-1, which may process in any commercial AWS region, outside jurisdiction eu; allowed bedrock forms in eu: model id `<vendor>.<model>` (no profile prefix) with region eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2; model id prefix `eu.` with region eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2",
    ]));
});

describe("request-log-store-in-jurisdiction", () => {
  const env = (bucket: string, region: string) => [
    { name: "AI_INFRA_LOG_BUCKET", value: bucket },
    { name: "AI_INFRA_LOG_REGION", value: region },
  ];
  const task = (bucket: string, region: string) => JSON.stringify([{ name: "litellm", image: "ghcr.io/berriai/litellm:v1.109.3", environment: env(bucket, region) }]);
  const base = [
    euProv,
    usProv,
    gcpEu,
    res("aws:s3/bucket:Bucket", "request-log", {}, { ...via(euProv), id: "request-log-0a1b2c" }),
    res("aws:ecs/taskDefinition:TaskDefinition", "gateway-task", { containerDefinitions: task("request-log-0a1b2c", "eu-west-1") }, via(euProv)),
    res("gcp:storage/bucket:Bucket", "gcs-logs", { name: "ai-infra-logs-eu", location: "EUROPE-WEST4" }, via(gcpEu)),
    res("gcp:cloudrunv2/service:Service", "gateway-service", { location: "europe-west4", template: { containers: [{ image: "x:v1.0.0", envs: env("ai-infra-logs-eu", "europe-west4") }] } }, via(gcpEu)),
  ];
  const check = (rs: InProcessResource[]) => messages(requestLogStoreInJurisdiction, rs, eu);

  it("passes gateways that log to buckets of the stack in the EU", () => expect(check(base)).toEqual([]));
  it("names the gateway, the log bucket's region and the jurisdiction", () =>
    expect(check(mutate(base, "request-log", (r) => (r.provider = usProv.urn)))).toEqual([
      `gateway-task (aws:ecs/taskDefinition:TaskDefinition) writes request logs to request-log in us-east-1, outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("refuses a log region outside", () =>
    expect(check(mutate(base, "gateway-task", (r) => (r.props.containerDefinitions = task("request-log-0a1b2c", "us-east-1"))))).toEqual([
      `gateway-task (aws:ecs/taskDefinition:TaskDefinition) writes request logs to region us-east-1, outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("refuses a log bucket that is not part of the stack", () =>
    expect(check(mutate(base, "gateway-task", (r) => (r.props.containerDefinitions = task("shared-logs", "eu-west-1"))))).toEqual([
      "gateway-task (aws:ecs/taskDefinition:TaskDefinition) writes request logs to bucket shared-logs, which is not a bucket of this stack, so its location cannot be shown to be inside jurisdiction eu",
    ]));
  it("refuses a GCS log bucket in the US multi-region", () =>
    expect(check(mutate(base, "gcs-logs", (r) => (r.props.location = "US")))).toEqual([
      `gateway-service (gcp:cloudrunv2/service:Service) writes request logs to gcs-logs in us, outside jurisdiction eu; allowed gcp regions: ${euGcp}`,
    ]));
  it("reports against the gateway's URN", () => {
    const v = run(requestLogStoreInJurisdiction, mutate(base, "request-log", (r) => (r.provider = usProv.urn)), eu);
    expect(v.map((x) => [x.urn, x.level])).toEqual([[urnOf("aws:ecs/taskDefinition:TaskDefinition", "gateway-task"), "mandatory"]]);
  });
});
