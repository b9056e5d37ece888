/**
 * The keys database and the WAF under the settings a production stack turns on: high
 * availability (a reader in the second zone), deletion protection (final snapshot, protected
 * resources), a capacity override, 14 days of backups, and `api.waf`. The growth example without
 * them is covered in growth.test.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type Captured, captured, installMocks, ofType, one, planStackFile } from "./harness";

const stack = "growth-aws-eu-west-1";
installMocks({ stack, region: "eu-west-1" });

/** `protect` of each registered resource by name (the resource options, as a transformation sees them). */
const protectedNames = new Map<string, boolean>();
/** The resource options of each registered resource by name. */
const optionsOf = new Map<string, { customTimeouts?: unknown; dependsOn?: unknown }>();

beforeAll(async () => {
  await planStackFile(stack, {
    resourceOptions: {
      transformations: [
        (args) => {
          protectedNames.set(args.name, args.opts.protect === true);
          optionsOf.set(args.name, { customTimeouts: args.opts.customTimeouts, dependsOn: args.opts.dependsOn });
          return undefined;
        },
      ],
    },
    override: {
      deletionProtection: true,
      database: { backupRetentionDays: 14, highAvailability: true, minCapacity: 1, maxCapacity: 8 },
      api: { perKey: { ratePerSecond: 10, burst: 20 }, global: { ratePerSecond: 200, burst: 400 }, keys: ["web-app", "batch-jobs"], waf: true },
    },
  });
});

describe("keys database with high availability and deletion protection", () => {
  let cluster: Captured;
  beforeAll(() => {
    cluster = one("aws:rds/cluster:Cluster");
  });
  it("keeps backups as configured, refuses deletion and takes a final snapshot", () => {
    expect(cluster.inputs).toMatchObject({
      backupRetentionPeriod: 14,
      deletionProtection: true,
      skipFinalSnapshot: false,
      storageEncrypted: true,
      serverlessv2ScalingConfiguration: { minCapacity: 1, maxCapacity: 8 },
    });
    // A fixed, valid snapshot identifier: a letter first, letters/digits/hyphens, within 255.
    expect(cluster.inputs.finalSnapshotIdentifier).toMatch(/^[a-z][a-z0-9-]{0,254}$/);
    expect(cluster.inputs.finalSnapshotIdentifier).not.toMatch(/--|-$/);
  });
  it("puts the writer and a reader in different zones, both protected from `pulumi destroy`", () => {
    const instances = ofType("aws:rds/clusterInstance:ClusterInstance");
    expect(instances.map((i) => [i.name.split("-database-").pop(), i.inputs.availabilityZone, i.inputs.instanceClass])).toEqual([
      ["writer", "eu-west-1a", "db.serverless"],
      ["reader", "eu-west-1b", "db.serverless"],
    ]);
    for (const i of instances) expect(i.inputs.clusterIdentifier).toBe(cluster.id);
    expect([cluster, ...instances].map((r) => protectedNames.get(r.name))).toEqual([true, true, true]);
  });
});

describe("WAF on the REST API stage (api.waf)", () => {
  it("is a REGIONAL web ACL with AWS managed groups (8 KB body rule only counting) rate rules per client address and per Authorization value, and a block of caller requests without a bearer key", () => {
    const acl = one("aws:wafv2/webAcl:WebAcl").inputs;
    expect(acl.scope).toBe("REGIONAL");
    expect(acl.defaultAction).toEqual({ allow: {} });
    const managed = (acl.rules as any[]).filter((r) => r.statement.managedRuleGroupStatement);
    expect(managed.map((r) => r.statement.managedRuleGroupStatement.name)).toEqual([
      "AWSManagedRulesAmazonIpReputationList",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesCommonRuleSet",
    ]);
    const crs = managed.find((r) => r.name === "AWSManagedRulesCommonRuleSet").statement.managedRuleGroupStatement;
    // Every body rule counts (prompts carry HTML, code, paths and URLs); header/URI/query rules block.
    expect(crs.ruleActionOverrides).toEqual(
      ["SizeRestrictions_BODY", "EC2MetaDataSSRF_BODY", "GenericLFI_BODY", "GenericRFI_BODY", "CrossSiteScripting_BODY"].map((name) => ({ name, actionToUse: { count: {} } })),
    );
    const kbi = managed.find((r) => r.name === "AWSManagedRulesKnownBadInputsRuleSet").statement.managedRuleGroupStatement;
    expect(kbi.ruleActionOverrides).toEqual(["JavaDeserializationRCE_BODY", "Log4JRCE_BODY"].map((name) => ({ name, actionToUse: { count: {} } })));
    // Managed groups first, then per client address, the bearer-key block (growth: keys database), per key.
    expect((acl.rules as any[]).map((r) => [r.priority, r.name, r.action ?? r.overrideAction])).toEqual([
      [0, "AWSManagedRulesAmazonIpReputationList", { none: {} }],
      [1, "AWSManagedRulesKnownBadInputsRuleSet", { none: {} }],
      [2, "AWSManagedRulesCommonRuleSet", { none: {} }],
      [3, "per-client-ip-rate", { block: {} }],
      [4, "caller-without-bearer-key", { block: {} }],
      [5, "per-key-rate", { block: {} }],
    ]);
    // 10 requests/s over WAF's 60 s window, plus the burst of 20: per address and per key.
    expect((acl.rules as any[]).find((r) => r.name === "per-client-ip-rate").statement.rateBasedStatement).toEqual({ limit: 620, evaluationWindowSec: 60, aggregateKeyType: "IP" });
    const rate = (acl.rules as any[]).find((r) => r.name === "per-key-rate");
    expect(rate.statement.rateBasedStatement).toEqual({
      limit: 620,
      evaluationWindowSec: 60,
      aggregateKeyType: "CUSTOM_KEYS",
      customKeys: [{ header: { name: "authorization", textTransformations: [{ priority: 0, type: "NONE" }] } }],
    });
    const priorities = (acl.rules as any[]).map((r) => r.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });
  it("is associated with the API's v1 stage", () => {
    const assoc = one("aws:wafv2/webAclAssociation:WebAclAssociation").inputs;
    const stage = one("aws:apigateway/stage:Stage");
    expect(assoc.resourceArn).toBe(`arn:aws:apigateway:eu-west-1::/restapis/${stage.inputs.restApi}/stages/v1`);
    expect(assoc.webAclArn).toContain("-waf-acl");
    expect(captured.filter((c) => c.type.startsWith("aws:wafv2/"))).toHaveLength(2);
  });
  it("waits for the new web ACL explicitly and gives the association 15 minutes (terraform-provider-aws#29080)", () => {
    const assoc = one("aws:wafv2/webAclAssociation:WebAclAssociation");
    const o = optionsOf.get(assoc.name)!;
    expect(o.customTimeouts).toEqual({ create: "15m" });
    const deps = o.dependsOn as { __name?: string }[];
    expect(deps.map((d) => d.__name)).toEqual([one("aws:wafv2/webAcl:WebAcl").name]);
  });
});
