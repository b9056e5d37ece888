import { describe, expect, it } from "vitest";
import { diffPlans, statefulLosses } from "../../planner/diff";
import { planStack } from "../../planner/plan";
import { exampleFile } from "../helpers/stacks";

/**
 * The journey the enterprise example describes: the scale example with the stack's domain set
 * (AWS allows `api.domain` before enterprise), then the enterprise example (three regions,
 * active-passive). Callers' URL must not move, and nothing stateful may be deleted or replaced.
 */
const domain = { domain: "llm.example.com", dnsZone: "Z0123456789ABCDEFGHIJ", dnsZoneName: "example.com" };

describe("scale with a domain → enterprise over three regions (AWS)", { timeout: 240_000 }, () => {
  it("keeps https://<domain>/v1, updates the primary's record in place and loses nothing stateful", async () => {
    const scaleFile = exampleFile("scale-aws-us-east-1");
    const scale = await planStack({ ...scaleFile, config: { ...scaleFile.config, "ai-infra:api": { ...(scaleFile.config["ai-infra:api"] as object), ...domain } } });
    // The same stack (URNs carry the stack name) with the enterprise example's settings.
    const enterprise = await planStack({ ...exampleFile("enterprise-aws-us-east-1"), stack: scaleFile.stack });
    expect([scale.exitCode, enterprise.exitCode]).toEqual([0, 0]);
    expect(scale.outputs?.apiUrl).toBe("https://llm.example.com/v1");
    expect(enterprise.outputs?.apiUrl).toBe("https://llm.example.com/v1");

    const diff = diffPlans(scale.result.resources, enterprise.result.resources);
    expect(statefulLosses(diff)).toEqual([]);
    // Only the scale example's dedicated capacity (no term), which the enterprise example does not buy.
    expect(diff.deleted.map((d) => d.name)).toEqual(["ai-infra-us-east-1-dedicated-chat-strong", "ai-infra-us-east-1-dedicated-chat-strong-throughput"]);
    // The primary's record: the same URN (set identifier = region), its routing policy changed.
    const record = diff.changed.find((c) => c.name === "ai-infra-global-stack-dns-record-us-east-1");
    expect(record?.keys).toEqual(expect.arrayContaining(["failoverRoutingPolicies", "healthCheckId", "latencyRoutingPolicies"]));
    expect(diff.replaced.map((r) => r.name).filter((n) => n.includes("-dns-"))).toEqual([]);
    // The primary's certificate and custom domain are untouched; the other regions' are added.
    const touched = [...diff.changed, ...diff.replaced].map((c) => c.name);
    expect(touched.filter((n) => n.startsWith("ai-infra-global-stack-dns-us-east-1-"))).toEqual([]);
    expect(diff.added.map((a) => a.name)).toEqual(expect.arrayContaining(["ai-infra-global-stack-dns-us-east-2-name", "ai-infra-global-stack-dns-us-west-2-name", "ai-infra-global-stack-dns-record-standby"]));
  });
});
