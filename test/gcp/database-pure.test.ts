import { describe, expect, it } from "vitest";
import { databaseSettings, instanceArgs, serviceRange } from "../../components/gcp/database";
import { gkeSubnetPlan } from "../../components/gcp/cluster";
import { networkPlan } from "../../components/gcp/network";
import { requiredServices } from "../../components/gcp/services";
import { NotPriced, priceTable } from "../../components/cost/prices";
import { customTierProblem } from "../../components/config/facts/gcp";
import { parseStack } from "../../components/config";
import { stackConfig } from "./harness";

/** An example stack with one change applied to its raw config. */
function parseWith(stack: string, change: (raw: Record<string, any>) => void) {
  const { raw } = stackConfig(stack);
  const copy = structuredClone(raw) as Record<string, any>;
  change(copy);
  return parseStack(copy, { project: "ai-infra", stack: "t", secretKeys: new Set(["providerKeys"]) });
}
const errorsOf = (r: ReturnType<typeof parseStack>) => (r.ok ? [] : r.errors);

/** `a.b.c.d/n` → [first, last] as 32-bit numbers. */
function span(cidr: string): [number, number] {
  const [ip, bits] = cidr.split("/") as [string, string];
  const n = ip.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  return [n, n + 2 ** (32 - Number(bits)) - 1];
}

describe("GCP keys database settings (pure)", () => {
  it("defaults each stage to its tier: shared core at prototype and growth, dedicated from scale", () => {
    const tier = (stage: "prototype" | "growth" | "scale" | "enterprise") =>
      databaseSettings({ stage, deletionProtection: false, database: { backupRetentionDays: 7, highAvailability: false } }).tier;
    expect([tier("prototype"), tier("growth"), tier("scale"), tier("enterprise")]).toEqual(["db-f1-micro", "db-g1-small", "db-custom-1-3840", "db-custom-2-7680"]);
  });

  it("maps the spec: HA → REGIONAL, backups kept as a count of days, transaction logs capped at 7 days, the stack's tier wins", () => {
    const s = databaseSettings({ stage: "enterprise", deletionProtection: true, database: { backupRetentionDays: 35, highAvailability: true, tier: "db-custom-4-15360" } });
    expect(s).toEqual({ tier: "db-custom-4-15360", availabilityType: "REGIONAL", backupRetentionDays: 35, transactionLogRetentionDays: 7, deletionProtection: true });
    expect(databaseSettings({ stage: "growth", deletionProtection: false, database: { backupRetentionDays: 3, highAvailability: false } }).transactionLogRetentionDays).toBe(3);
  });

  it("builds a private-IP-only, TLS-only Enterprise-edition Postgres with PITR on the primary and none of it on a replica", () => {
    const settings = databaseSettings({ stage: "enterprise", deletionProtection: true, database: { backupRetentionDays: 35, highAvailability: true } });
    const primary = instanceArgs({ name: "p", region: "europe-west4", network: "vpc", settings, allocatedIpRange: "range" }) as any;
    expect(primary.databaseVersion).toBe("POSTGRES_15");
    expect(primary.deletionProtection).toBe(true);
    expect(primary.settings.deletionProtectionEnabled).toBe(true);
    expect(primary.settings.edition).toBe("ENTERPRISE");
    expect(primary.settings.availabilityType).toBe("REGIONAL");
    expect(primary.settings.ipConfiguration).toEqual({ ipv4Enabled: false, privateNetwork: "vpc", allocatedIpRange: "range", sslMode: "ENCRYPTED_ONLY" });
    expect(primary.settings.backupConfiguration).toMatchObject({ enabled: true, pointInTimeRecoveryEnabled: true, transactionLogRetentionDays: 7, backupRetentionSettings: { retainedBackups: 35, retentionUnit: "COUNT" } });
    const replica = instanceArgs({ name: "r", region: "europe-west1", network: "vpc", settings, masterInstanceName: "p" }) as any;
    expect(replica.masterInstanceName).toBe("p");
    expect(replica.settings.availabilityType).toBe("ZONAL");
    expect(replica.settings.backupConfiguration).toEqual({ enabled: false });
    expect(replica.settings.ipConfiguration.ipv4Enabled).toBe(false);
    expect(replica.settings.deletionProtectionEnabled).toBe(true);
  });

  it("allocates the private services access range (a /20, at least the /24 Cloud SQL needs) clear of every subnet and range of the region", () => {
    const region = "10.40.0.0/16";
    const psa = serviceRange(region);
    expect(psa).toEqual({ address: "10.40.128.0", prefixLength: 20 });
    const [lo, hi] = span(`${psa.address}/${psa.prefixLength}`);
    const n = networkPlan(region);
    const g = gkeSubnetPlan(region);
    for (const other of [n.subnet, n.cacheRange, g.nodes, g.services, g.pods]) {
      const [a, b] = span(other);
      expect(hi < a || lo > b, `${other} overlaps the PSA range`).toBe(true);
    }
  });

  it("enables Cloud SQL, Service Networking and Compute whenever the stage has the keys database", () => {
    const services = requiredServices({ cache: false, queue: false, budgets: false, keys: true });
    expect(services).toEqual(expect.arrayContaining(["sqladmin.googleapis.com", "servicenetworking.googleapis.com", "compute.googleapis.com"]));
    expect(new Set(services).size).toBe(services.length);
    expect(requiredServices({ cache: false, queue: false, budgets: false, keys: false })).not.toContain("sqladmin.googleapis.com");
  });
});

describe("GCP keys database: bad input", () => {
  it("accepts the prototype example (default shared-core tier, no HA) and the enterprise example (HA on db-custom-2-7680)", () => {
    expect(errorsOf(parseWith("prototype-gcp-europe-west4", () => {}))).toEqual([]);
    expect(errorsOf(parseWith("enterprise-gcp-europe-west4", () => {}))).toEqual([]);
  });

  it("refuses high availability on a shared-core tier the stack sets, naming database.tier", () => {
    const errors = errorsOf(parseWith("enterprise-gcp-europe-west4", (raw) => (raw.database.tier = "db-g1-small")));
    expect(errors).toEqual([
      {
        path: "ai-infra:database.tier",
        message:
          "is a shared-core tier, which the Cloud SQL SLA does not cover; with database.highAvailability set a tier of db-custom-<vCPUs>-<MiB> such as db-custom-1-3840 is required",
        value: "db-g1-small",
      },
    ]);
  });

  it("refuses high availability on the stage's shared-core default, naming database.highAvailability", () => {
    const errors = errorsOf(parseWith("prototype-gcp-europe-west4", (raw) => (raw.database = { highAvailability: true })));
    expect(errors).toEqual([
      {
        path: "ai-infra:database.highAvailability",
        message:
          "needs a dedicated-core database.tier: the stage's default db-f1-micro is a shared-core tier, which the Cloud SQL SLA does not cover; with database.highAvailability set a tier of db-custom-<vCPUs>-<MiB> such as db-custom-1-3840 is required",
        value: true,
      },
    ]);
  });

  it("refuses custom tiers Cloud SQL does not create (odd vCPUs, memory off the 256 MiB step, outside 0.9-6.5 GB per vCPU)", () => {
    expect(customTierProblem("db-custom-3-7680")).toBe("has 3 vCPUs; Cloud SQL custom tiers have 1 or an even number up to 96");
    expect(customTierProblem("db-custom-2-7000")).toBe("has 7000 MiB; memory must be a multiple of 256 MiB");
    expect(customTierProblem("db-custom-1-3584")).toBe("has 3584 MiB; memory must be at least 3840 MiB");
    expect(customTierProblem("db-custom-2-15360")).toBe("has 15360 MiB for 2 vCPUs; memory must be 0.9 to 6.5 GB per vCPU (2048-13312 MiB)");
    expect(customTierProblem("db-custom-2-7680")).toBeUndefined();
    const errors = errorsOf(parseWith("prototype-gcp-europe-west4", (raw) => (raw.database = { tier: "db-custom-3-7680" })));
    expect(errors).toEqual([
      {
        path: "ai-infra:database.tier",
        message: "has 3 vCPUs; Cloud SQL custom tiers have 1 or an even number up to 96 (https://cloud.google.com/sql/docs/postgres/instance-settings)",
        value: "db-custom-3-7680",
      },
    ]);
  });

  it("keeps refusing an AWS capacity on GCP", () => {
    const errors = errorsOf(parseWith("prototype-gcp-europe-west4", (raw) => (raw.database = { minCapacity: 0.5 })));
    expect(errors.map((e) => e.path)).toEqual(["ai-infra:database.minCapacity"]);
  });
});

describe("Cloud SQL in the cost model", () => {
  const price = (inputs: Record<string, unknown>) => {
    const entry = priceTable["gcp:sql/databaseInstance:DatabaseInstance"];
    if (entry?.kind !== "priced") throw new Error("Cloud SQL instance is not priced");
    const ctx = { cloud: "gcp", region: "us-central1", multiplier: 1, requestsPerMonth: 0, bytesPerRequest: 0, batchShare: 0, logRetentionDays: 30, gpuNodesAtRest: new Map(), vmsAtRest: 0, resources: [] } as const;
    return entry.price({ urn: "u", type: "gcp:sql/databaseInstance:DatabaseInstance", name: "db", parent: null, region: "us-central1", inputs }, ctx);
  };

  it("prices a shared-core tier by the hour plus its SSD (us-central1 list prices: $0.0105/h, $0.17/GB-month)", () => {
    // 730 h × 0.0105 + 10 GB × 0.17 = 7.665 + 1.70
    expect(price({ settings: { tier: "db-f1-micro", availabilityType: "ZONAL", diskSize: 10 } }).fixed).toBeCloseTo(9.365, 6);
  });

  it("prices a custom tier per vCPU and GB of memory, and doubles instance and storage for HA", () => {
    // 730 × (2 × 0.0413 + 7.5 × 0.007) + 10 × 0.17 = 730 × 0.1351 + 1.7 = 98.623 + 1.7 = 100.323; HA × 2
    expect(price({ settings: { tier: "db-custom-2-7680", availabilityType: "ZONAL", diskSize: 10 } }).fixed).toBeCloseTo(100.323, 6);
    expect(price({ settings: { tier: "db-custom-2-7680", availabilityType: "REGIONAL", diskSize: 10 } }).fixed).toBeCloseTo(200.646, 6);
  });

  it("lists a tier outside the table as not priced rather than guessing", () => {
    expect(() => price({ settings: { tier: "db-perf-optimized-N-2" } })).toThrow(NotPriced);
  });
});
