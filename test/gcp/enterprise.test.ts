import { beforeAll, describe, expect, it } from "vitest";
import { redacted } from "../../planner/capture";
import { diffPlans, statefulLosses } from "../../planner/diff";
import { type PlanOutcome, exitCodes, planStack } from "../../planner/plan";
import { withStage } from "../../planner/promote";
import { statefulTypes as promotionStateful } from "../../planner/diff";
import { statefulTypes } from "../../policies/guardrails/stateful-deletion-protection";
import { exampleFile } from "../helpers/stacks";

/**
 * The GCP enterprise example (europe-west4 primary, europe-west1) through the offline planner,
 * i.e. the kit's own program under the planner's fakes, as `npm run plan` runs it.
 */
const stack = "enterprise-gcp-europe-west4";
let plan: PlanOutcome;

type R = PlanOutcome["result"]["resources"][number];
const inputs = (r: R) => r.inputs as Record<string, any>;
const ofType = (type: string) => plan.result.resources.filter((r) => r.type === type);
const named = (type: string, suffix: string) => {
  const found = ofType(type).filter((r) => r.name.endsWith(suffix));
  if (found.length !== 1) throw new Error(`expected one ${type} named *${suffix}, found ${found.length}`);
  return found[0]!;
};
const envOf = (region: string) => {
  const svc = named("gcp:cloudrunv2/service:Service", `${region}-gateway-service`);
  return Object.fromEntries((inputs(svc).template.containers[0].envs as { name: string; value?: unknown; valueSource?: any }[]).map((e) => [e.name, e]));
};

beforeAll(async () => {
  plan = await planStack(exampleFile(stack));
}, 240_000);

describe("GCP enterprise example: plan", () => {
  it("plans with exit 0 and no mandatory violation, in the two EU regions", () => {
    expect(plan.result.errors).toEqual([]);
    expect(plan.result.regions).toEqual(["europe-west4", "europe-west1"]);
    expect(plan.result.policy.violations.filter((v) => v.level === "mandatory")).toEqual([]);
    expect(plan.exitCode).toBe(exitCodes.ok);
  });

  it("protects every resource that holds state: Pulumi's protect, and the service's own flag where it has one", () => {
    // Both lists of what holds state: the policy's and the promotion diff's. Not protected, on
    // purpose: BigQuery's dataset and tables (views and an external table over the log bucket, no
    // data of their own) and the image mirror (a pull-through cache of a public image).
    const held = new Set([...Object.keys(statefulTypes), ...Object.keys(promotionStateful)].filter((t) => t.startsWith("gcp:") && !t.startsWith("gcp:bigquery/")));
    const stateful = plan.result.resources.filter((r) => held.has(r.type) && !r.name.endsWith("-mirror-repository"));
    // Secrets, buckets, Memorystore, Pub/Sub, the cluster, Cloud SQL and its database, the worker repository, the VPC.
    expect(new Set(stateful.map((r) => r.type)).size).toBeGreaterThanOrEqual(9);
    const unprotected = stateful.filter((r) => plan.details?.get(r.urn)?.protect !== true).map((r) => r.name);
    expect(unprotected).toEqual([]);
    for (const s of ofType("gcp:secretmanager/secret:Secret")) expect(inputs(s).deletionProtection, s.name).toBe(true);
    for (const db of ofType("gcp:sql/databaseInstance:DatabaseInstance")) {
      expect(inputs(db).deletionProtection, db.name).toBe(true);
      expect(inputs(db).settings.deletionProtectionEnabled, db.name).toBe(true);
    }
  });
});

describe("GCP enterprise example: one front-door backend alert per region", () => {
  it("each region's policy watches that region's serverless NEG and notifies every channel of the stack", () => {
    const channels = ofType("gcp:monitoring/notificationChannel:NotificationChannel").map((c) => plan.details?.get(c.urn)?.id);
    // budget.notify in the example: 1 e-mail, no webhook = 1 channel.
    expect(channels).toHaveLength(1);
    const policies = ofType("gcp:monitoring/alertPolicy:AlertPolicy").filter((p) => p.name.endsWith("-frontdoor-backend-5xx-rate"));
    expect(policies.map((p) => p.name.match(/-health-([a-z0-9-]+)-frontdoor/)![1]).sort()).toEqual(["europe-west1", "europe-west4"]);
    for (const region of ["europe-west4", "europe-west1"]) {
      const neg = named("gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup", `-neg-${region}`);
      const p = named("gcp:monitoring/alertPolicy:AlertPolicy", `-health-${region}-frontdoor-backend-5xx-rate`);
      expect(inputs(neg).region).toBe(region);
      expect(inputs(p).conditions[0].conditionThreshold.filter).toContain(`resource.labels.backend_name="${inputs(neg).name}"`);
      expect([...inputs(p).notificationChannels].sort()).toEqual([...channels].sort());
    }
  });
});

describe("GCP enterprise example: the keys database across regions", () => {
  it("has one HA primary in europe-west4 with PITR and 35 days of backups, and a cross-region replica of it in europe-west1", () => {
    const dbs = ofType("gcp:sql/databaseInstance:DatabaseInstance");
    expect(dbs.map((d) => d.region).sort()).toEqual(["europe-west1", "europe-west4"]);
    const primary = named("gcp:sql/databaseInstance:DatabaseInstance", "europe-west4-database-instance");
    const replica = named("gcp:sql/databaseInstance:DatabaseInstance", "europe-west1-database-instance");
    expect(inputs(primary).masterInstanceName).toBeUndefined();
    expect(inputs(primary).settings).toMatchObject({
      edition: "ENTERPRISE",
      availabilityType: "REGIONAL",
      tier: "db-custom-2-7680",
      backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true, backupRetentionSettings: { retainedBackups: 35 } },
      ipConfiguration: { ipv4Enabled: false, sslMode: "ENCRYPTED_ONLY" },
    });
    expect(inputs(replica).masterInstanceName).toBe(inputs(primary).name);
    expect(inputs(replica).region).toBe("europe-west1");
    // The database and its user exist once, on the primary; the replica has them by replication.
    expect(ofType("gcp:sql/database:Database").map((d) => inputs(d).instance)).toEqual([inputs(primary).name]);
    expect(ofType("gcp:sql/user:User").map((u) => inputs(u).instance)).toEqual([inputs(primary).name]);
  });

  it("puts both regions in one VPC (a subnet each) with one private services access, which the primary and the replica both use", () => {
    const vpcs = ofType("gcp:compute/network:Network");
    expect(vpcs.map((v) => v.name)).toEqual(["ai-infra-europe-west4-network-vpc"]);
    const vpcId = `projects/ai-infra-example/global/networks/${inputs(vpcs[0]!).name}`;
    const serverless = ofType("gcp:compute/subnetwork:Subnetwork").filter((s) => s.name.endsWith("-network-subnet"));
    expect(serverless.map((s) => [inputs(s).region, inputs(s).network, inputs(s).ipCidrRange]).sort()).toEqual(
      [
        ["europe-west1", vpcId, "10.41.0.0/20"],
        ["europe-west4", vpcId, "10.40.0.0/20"],
      ].sort(),
    );
    expect(ofType("gcp:servicenetworking/connection:Connection").map((c) => inputs(c).network)).toEqual([vpcId]);
    const range = named("gcp:compute/globalAddress:GlobalAddress", "-database-psa-range");
    expect(inputs(range)).toMatchObject({ purpose: "VPC_PEERING", address: "10.40.128.0", prefixLength: 20, network: vpcId });
    for (const db of ofType("gcp:sql/databaseInstance:DatabaseInstance")) expect(inputs(db).settings.ipConfiguration.privateNetwork).toBe(vpcId);
    for (const gw of ofType("gcp:cloudrunv2/service:Service").filter((s) => s.name.endsWith("gateway-service"))) {
      expect(inputs(gw).template.vpcAccess.networkInterfaces[0].network).toBe(vpcId);
    }
  });

  it("has every gateway write to the primary; the secondary region reads its local replica through LiteLLM's DATABASE_URL_READ_REPLICA", () => {
    const primaryHost = envOf("europe-west4").DATABASE_HOST.value;
    expect(primaryHost).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(envOf("europe-west1").DATABASE_HOST.value).toBe(primaryHost);
    for (const region of ["europe-west4", "europe-west1"]) expect(envOf(region).DATABASE_SSLMODE.value, region).toBe("require");
    // The primary region reads the primary; no variable the pinned LiteLLM ignores is rendered.
    expect(envOf("europe-west4").DATABASE_URL_READ_REPLICA).toBeUndefined();
    for (const region of ["europe-west4", "europe-west1"]) expect(envOf(region).DATABASE_HOST_READ_REPLICA, region).toBeUndefined();
    // The replica URL holds the password: a reference to the region's own secret, never a value.
    const reader = envOf("europe-west1").DATABASE_URL_READ_REPLICA;
    expect(reader.value).toBeUndefined();
    const secret = named("gcp:secretmanager/secret:Secret", "europe-west1-database-replica-url-secret");
    expect(reader.valueSource.secretKeyRef).toEqual({ secret: inputs(secret).secretId, version: expect.stringMatching(/.+/) });
    expect(inputs(secret).replication).toEqual({ userManaged: { replicas: [{ location: "europe-west1" }] } });
    expect(inputs(secret).deletionProtection).toBe(true);
    expect(inputs(named("gcp:secretmanager/secretVersion:SecretVersion", "europe-west1-database-replica-url-version")).secretData).toBe(redacted);
    expect(ofType("gcp:secretmanager/secret:Secret").filter((s) => s.name.endsWith("-database-replica-url-secret")).map((s) => s.name)).toEqual([
      "ai-infra-europe-west1-database-replica-url-secret",
    ]);
    // The region's gateway may read it.
    const accessor = named("gcp:secretmanager/secretIamMember:SecretIamMember", "europe-west1-gateway-database-url-read-replica-accessor");
    expect(inputs(accessor).role).toBe("roles/secretmanager.secretAccessor");
    for (const region of ["europe-west4", "europe-west1"]) {
      const env = envOf(region);
      expect([env.DATABASE_PORT.value, env.DATABASE_NAME.value, env.DATABASE_USERNAME.value]).toEqual(["5432", "litellm", "litellm"]);
      expect(env.DATABASE_PASSWORD.value).toBeUndefined();
      expect(env.DATABASE_PASSWORD.valueSource.secretKeyRef.secret).toBe(inputs(named("gcp:secretmanager/secret:Secret", `${region}-database-password-secret`)).secretId);
    }
  });

  it("keeps the password a secret, in each region's own Secret Manager replica", () => {
    for (const region of ["europe-west4", "europe-west1"]) {
      expect(inputs(named("gcp:secretmanager/secret:Secret", `${region}-database-password-secret`)).replication).toEqual({ userManaged: { replicas: [{ location: region }] } });
      // The planner shows a Pulumi secret only as the redaction marker.
      expect(inputs(named("gcp:secretmanager/secretVersion:SecretVersion", `${region}-database-password-version`)).secretData).toBe(redacted);
    }
    expect(inputs(named("gcp:sql/user:User", "-database-user")).password).toBe(redacted);
  });
});

describe("GCP enterprise example: fine-tuning before the worker image is pushed (no worker.imageTag)", () => {
  it("creates each region's fine-tuning identity, its Workload Identity grant and its four bucket grants, but no HMAC key and no release", () => {
    for (const region of ["europe-west4", "europe-west1"]) {
      const mine = plan.result.resources.filter((r) => r.name.startsWith(`ai-infra-${region}-fine-tuning-`));
      expect(mine.map((r) => r.type).sort(), region).toEqual([
        "gcp:serviceaccount/account:Account",
        "gcp:serviceaccount/iAMMember:IAMMember",
        "gcp:storage/bucketIAMMember:BucketIAMMember",
        "gcp:storage/bucketIAMMember:BucketIAMMember",
        "gcp:storage/bucketIAMMember:BucketIAMMember",
        "gcp:storage/bucketIAMMember:BucketIAMMember",
      ]);
    }
    expect(ofType("gcp:storage/hmacKey:HmacKey").filter((r) => r.name.includes("fine-tuning"))).toEqual([]);
    expect(ofType("kubernetes:helm.sh/v3:Release").map((r) => inputs(r).name)).not.toContain("fine-tuning");
    expect(ofType("kubernetes:core/v1:Namespace").map((r) => inputs(r).metadata.name)).not.toContain("fine-tuning");
  });

  it("says in each region's details what to do before the release exists", () => {
    const details = plan.outputs?.regionDetails as Record<string, { fineTuning?: string }>;
    for (const region of ["europe-west4", "europe-west1"]) expect(details[region]?.fineTuning, region).toMatch(/^not created yet: .*push it to workerRepository.*'ai-infra:worker\.imageTag' <tag>/);
  });
});

describe("GCP scale example promoted to enterprise", () => {
  it("changes the database in place (HA, 35 days, protection, the enterprise tier) and deletes or replaces nothing that holds state", async () => {
    const scale = exampleFile("scale-gcp-europe-west4");
    const before = await planStack(scale);
    // Fine-tuning is enterprise's: the scale example has none of it.
    expect(before.result.resources.filter((r) => r.name.includes("-fine-tuning"))).toEqual([]);
    const after = await planStack(withStage(scale, "enterprise"));
    expect(after.result.errors).toEqual([]);
    expect(after.result.policy.violations.filter((v) => v.level === "mandatory")).toEqual([]);
    const diff = diffPlans(before.result.resources, after.result.resources);
    expect(statefulLosses(diff)).toEqual([]);
    expect(diff.deleted).toEqual([]);
    const db = diff.changed.find((c) => c.name === "ai-infra-europe-west4-database-instance");
    expect(db?.keys.sort()).toEqual(
      ["deletionProtection", "settings.availabilityType", "settings.backupConfiguration.backupRetentionSettings.retainedBackups", "settings.deletionProtectionEnabled", "settings.tier"].sort(),
    );
  }, 240_000);
});
