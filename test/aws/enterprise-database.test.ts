import { beforeAll, describe, expect, it } from "vitest";
import { diffPlans, statefulLosses } from "../../planner/diff";
import { type PlanOutcome, planStack } from "../../planner/plan";
import { replicaSecretArn } from "../../components/aws/database-global";
import { exampleFile } from "../helpers/stacks";

const stack = "enterprise-aws-us-east-1";
const [primary, ...secondaries] = ["us-east-1", "us-east-2", "us-west-2"];

describe("replica secret ARNs", () => {
  it("differ from the primary's only in the Region (AWS's documented example)", () => {
    expect(replicaSecretArn("arn:aws:secretsmanager:us-east-1:123456789012:secret:MySecret-a1b2c3", "us-west-2")).toBe(
      "arn:aws:secretsmanager:us-west-2:123456789012:secret:MySecret-a1b2c3",
    );
    expect(() => replicaSecretArn("arn:aws:sns:us-east-1:123456789012:topic", "us-west-2")).toThrow(/not a Secrets Manager secret ARN/);
  });
});

describe(`one keys database across the regions of ${stack}`, () => {
  let out: PlanOutcome;
  const ids = new Map<string, string | undefined>();
  beforeAll(async () => {
    out = await planStack(exampleFile(stack));
    for (const c of out.captured ?? []) ids.set(c.urn, c.id);
  }, 120_000);
  const idOf = (r: { urn: string }) => ids.get(r.urn)!;
  const res = (type: string) => out.result.resources.filter((r) => r.type === type);
  const envOf = (region: string) => {
    const task = res("aws:ecs/taskDefinition:TaskDefinition").find((t) => t.region === region && t.name.endsWith("-gateway-task"))!;
    const c = JSON.parse(String(task.inputs.containerDefinitions))[0] as { environment: { name: string; value: string }[]; secrets: { name: string; valueFrom: string }[] };
    return { env: Object.fromEntries(c.environment.map((e) => [e.name, e.value])), secrets: Object.fromEntries(c.secrets.map((s) => [s.name, s.valueFrom])) };
  };

  it("plans with exit 0", () => {
    expect(out.result.errors).toEqual([]);
    expect(out.exitCode).toBe(0);
  });

  it("makes a global cluster from the primary's existing cluster, in the primary's region", () => {
    const globals = res("aws:rds/globalCluster:GlobalCluster");
    expect(globals).toHaveLength(1);
    const g = globals[0]!;
    const primaryCluster = res("aws:rds/cluster:Cluster").find((c) => c.region === primary)!;
    expect(g.region).toBe(primary);
    expect(g.inputs).toMatchObject({ sourceDbClusterIdentifier: `arn:aws:rds:${primary}:123456789012:cluster:${idOf(primaryCluster)}`, forceDestroy: true, deletionProtection: true });
    expect(primaryCluster.inputs).toMatchObject({ masterUsername: "litellm", databaseName: "litellm" });
    expect(primaryCluster.inputs.manageMasterUserPassword).toBeUndefined();
    // Not on the primary: RDS accepts the flag only on a member of a global database, and the
    // primary becomes one in the same update (docs/regions-and-failover.md, "The gateways do not follow a switchover").
    expect(primaryCluster.inputs.enableGlobalWriteForwarding).toBeUndefined();
  });

  it("has a secondary cluster in each other region in the global cluster, with write forwarding and no credentials", () => {
    const g = res("aws:rds/globalCluster:GlobalCluster")[0]!;
    const clusters = res("aws:rds/cluster:Cluster").filter((c) => c.region !== primary);
    expect(clusters.map((c) => c.region).sort()).toEqual(secondaries);
    for (const c of clusters) {
      expect(c.inputs).toMatchObject({ globalClusterIdentifier: idOf(g), enableGlobalWriteForwarding: true, engineVersion: "16.6", storageEncrypted: true, deletionProtection: true });
      expect(String(c.inputs.kmsKeyId)).toMatch(new RegExp(`^arn:aws:kms:${c.region}:`));
      expect([c.inputs.masterUsername, c.inputs.masterPassword, c.inputs.databaseName]).toEqual([undefined, undefined, undefined]);
      const instances = res("aws:rds/clusterInstance:ClusterInstance").filter((i) => i.region === c.region);
      // High availability: a writer and a reader (the failover target) per cluster (components/aws/database.ts).
      expect(instances).toHaveLength(2);
      for (const i of instances) expect(i.inputs.instanceClass).toBe("db.serverless");
    }
  });

  it("replicates the password secret to the other regions", () => {
    const secret = res("aws:secretsmanager/secret:Secret").filter((s) => s.name.endsWith("-database-password-secret"));
    expect(secret.map((s) => s.region)).toEqual([primary]);
    expect(secret[0]!.inputs.replicas).toEqual(secondaries.map((region) => ({ region })));
    expect(secret[0]!.inputs.recoveryWindowInDays).toBe(30);
  });

  it("points each region's gateway at its own region's cluster and password replica", () => {
    const secretArn = idOf(res("aws:secretsmanager/secret:Secret").find((s) => s.name.endsWith("-database-password-secret"))!);
    expect(secretArn).toMatch(new RegExp(`^arn:aws:secretsmanager:${primary}:123456789012:secret:`));
    for (const region of [primary!, ...secondaries]) {
      const { env, secrets } = envOf(region);
      const cluster = res("aws:rds/cluster:Cluster").find((c) => c.region === region)!;
      // The primary's writer endpoint; a secondary's reader endpoint (its writer endpoint is inactive).
      expect(env.DATABASE_HOST).toMatch(new RegExp(`^${idOf(cluster)}\\.${region === primary ? "cluster" : "cluster-ro"}-[0-9a-f]+\\.${region}\\.rds\\.amazonaws\\.com$`));
      expect(secrets.DATABASE_PASSWORD).toBe(`${replicaSecretArnExpected(secretArn, region)}:password::`);
      expect(env.DISABLE_SCHEMA_UPDATE).toBe(region === primary ? undefined : "true");
    }
  });
});

/** Hand-written: the primary ARN with its 4th field replaced. */
function replicaSecretArnExpected(arn: string, region: string): string {
  const [a, b, c, , ...rest] = arn.split(":");
  return [a, b, c, region, ...rest].join(":");
}

describe("promotion scale → enterprise keeps the keys database", { timeout: 240_000 }, () => {
  it("adds the global and secondary clusters, replicates the secret in place, replaces nothing of the primary's database", async () => {
    const domain = { domain: "llm.example.com", dnsZone: "Z0123456789ABCDEFGHIJ", dnsZoneName: "example.com" };
    const scaleFile = exampleFile("scale-aws-us-east-1");
    const scale = await planStack({ ...scaleFile, config: { ...scaleFile.config, "ai-infra:api": { ...(scaleFile.config["ai-infra:api"] as object), ...domain } } });
    const enterprise = await planStack({ ...exampleFile(stack), stack: scaleFile.stack });
    expect([scale.exitCode, enterprise.exitCode]).toEqual([0, 0]);
    const diff = diffPlans(scale.result.resources, enterprise.result.resources);
    expect(statefulLosses(diff)).toEqual([]);
    const database = (n: string) => n.includes("-us-east-1-database");
    expect(diff.replaced.map((r) => r.name).filter(database)).toEqual([]);
    expect(diff.deleted.map((r) => r.name).filter(database)).toEqual([]);
    // The password, its secret and the cluster's password stay; only the secret gains replicas.
    const secretChange = diff.changed.find((c) => c.name.endsWith("-us-east-1-database-password-secret"));
    expect(secretChange?.keys).toContain("replicas");
    expect(diff.changed.find((c) => c.name.endsWith("-us-east-1-database-password"))).toBeUndefined();
    const added = diff.added.map((a) => a.type);
    expect(added.filter((t) => t === "aws:rds/globalCluster:GlobalCluster")).toHaveLength(1);
    expect(added.filter((t) => t === "aws:rds/cluster:Cluster")).toHaveLength(2);
  });
});
