import { beforeAll, describe, expect, it } from "vitest";
import { laterStageSections } from "../../components/config/stage-sections";
import { type Captured, captured, collector, installMocks, planStackFile, urnsOf } from "./harness";

/**
 * Promotion keeps URNs: the same stack planned at prototype and at growth must give every
 * prototype resource the same URN (and the same physical name) at growth. Both plans run in this
 * one process, one after the other, each with its own capture.
 */
installMocks({ stack: "promotion", region: "us-east-1" });

interface Plan {
  urns: string[];
  byUrn: Map<string, Captured>;
}

async function plan(stackFile: string, stage: "prototype" | "growth"): Promise<Plan> {
  captured.length = 0;
  const c = collector();
  // The parser refuses growth's sections on a prototype: the file gains them when it is promoted.
  const withoutGrowth = stage === "prototype" ? Object.fromEntries(laterStageSections("prototype", "aws").map((s) => [s, undefined])) : {};
  await planStackFile(stackFile, { override: { stage, ...withoutGrowth }, resourceOptions: { transformations: [c.transformation] } });
  const urns = await urnsOf(c.registered);
  // Captures and registrations come in the same order per type and name; pair them by type+name.
  const byUrn = new Map<string, Captured>();
  c.registered.forEach((r, i) => {
    const cap = captured.find((x) => x.type === r.type && x.name === r.name);
    if (cap) byUrn.set(urns[i]!, cap);
  });
  return { urns, byUrn };
}

/** Inputs that name a stateful resource; a change in any of them replaces it. */
const identity: Record<string, string[]> = {
  "aws:s3/bucket:Bucket": ["bucket", "forceDestroy"],
  "aws:secretsmanager/secret:Secret": ["name"],
  "aws:ec2/vpc:Vpc": ["cidrBlock"],
  "aws:ec2/subnet:Subnet": ["cidrBlock", "availabilityZone"],
  "aws:lb/loadBalancer:LoadBalancer": ["name", "internal", "loadBalancerType"],
  "aws:lb/targetGroup:TargetGroup": ["name", "port", "protocol", "targetType"],
  "aws:ecs/cluster:Cluster": ["name"],
  "aws:ecs/service:Service": ["name"],
  "aws:glue/catalogDatabase:CatalogDatabase": ["name"],
  "aws:glue/catalogTable:CatalogTable": ["name"],
  "aws:apigateway/restApi:RestApi": ["name"],
  "aws:cloudwatch/dashboard:Dashboard": ["dashboardName"],
};

for (const stackFile of ["prototype-aws-us-east-1", "growth-aws-eu-west-1"]) {
  describe(`${stackFile}: prototype → growth`, () => {
    let proto: Plan;
    let growth: Plan;
    beforeAll(async () => {
      proto = await plan(stackFile, "prototype");
      growth = await plan(stackFile, "growth");
    });

    // The prototype's NAT instance gives way to the NAT gateways (network.egress): the instance,
    // its launch template and its security group go, all stateless; every other URN stays.
    const natInstance = (region: string) =>
      ["securityGroup:SecurityGroup::%-nat-sg", "launchTemplate:LaunchTemplate::%-nat-template", "instance:Instance::%-nat-instance"].map(
        (t) => `urn:pulumi:promotion::ai-infra::ai-infra:aws:Network$aws:ec2/${t.replace("%", `ai-infra-${region}-network`)}`,
      );
    const region = stackFile === "prototype-aws-us-east-1" ? "us-east-1" : "eu-west-1";

    it("keeps every prototype URN but the NAT instance's, and only adds resources", () => {
      const missing = proto.urns.filter((u) => !growth.urns.includes(u));
      expect(missing.sort()).toEqual(natInstance(region).sort());
      expect(growth.urns.length).toBeGreaterThan(proto.urns.length);
    });

    it("gives stateful resources the same identifying inputs at both stages", () => {
      const changed: string[] = [];
      for (const [urn, before] of proto.byUrn) {
        const keys = identity[before.type];
        if (!keys) continue;
        const after = growth.byUrn.get(urn)!;
        for (const k of keys) if (JSON.stringify(before.inputs[k]) !== JSON.stringify(after.inputs[k])) changed.push(`${urn} ${k}`);
      }
      expect(changed).toEqual([]);
      expect([...proto.byUrn.values()].filter((c) => identity[c.type]).length).toBeGreaterThan(10);
    });

    it("would catch a renamed child (the check can fail)", () => {
      const renamed = proto.urns.map((u) => u.replace(/-request-log-bucket$/, "-requestlog-bucket"));
      expect(renamed.filter((u) => !growth.urns.includes(u) && !natInstance(region).includes(u))).toHaveLength(1);
    });
  });
}
