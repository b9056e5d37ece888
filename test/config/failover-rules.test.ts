// The AWS failover rules (components/config/rules/failover-aws-domain.ts, failover-aws-dns-zone.ts,
// failover-two-regions.ts) all ask `failoverSet` (rules/read.ts) whether failover is configured.
// Each case compares the whole parse result of an example stack with one change, so a reader that
// always says "set" (errors on stacks without failover) or always "not set" (failover stacks
// missing their domain, zone or second region accepted) fails here, with no other rule to blame.
import { describe, expect, it } from "vitest";
import { parseExample } from "../helpers/stacks";

const enterprise = "enterprise-aws-us-east-1";

const domainRequired = {
  path: "ai-infra:api.domain",
  message: "is required with failover on aws: the DNS name callers use, routed by Route 53 to the healthy regions (e.g. api.example.com)",
};
const zoneRequired = (by: "failover" | "api.domain") => ({
  path: "ai-infra:api.dnsZone",
  message: `is required with ${by} on aws: the Route 53 hosted zone id (Z...) that holds the domain, where the kit validates its certificates and writes its records`,
});

describe("an AWS stack with failover", () => {
  it("without api.domain or its zone: both are required, named for failover", () => {
    const result = parseExample(enterprise, (r) => {
      delete r.api.domain;
      delete r.api.dnsZone;
      delete r.api.dnsZoneName;
    });
    expect(result).toEqual({ ok: false, errors: [domainRequired, zoneRequired("failover")] });
  });

  it("without api.dnsZone: the zone is required, named for failover", () => {
    const result = parseExample(enterprise, (r) => {
      delete r.api.dnsZone;
    });
    expect(result).toEqual({ ok: false, errors: [zoneRequired("failover")] });
  });

  it("in one region: failover needs a second", () => {
    const result = parseExample(enterprise, (r) => {
      r.regions = ["us-east-1"];
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "ai-infra:failover", message: "needs at least two regions (ai-infra:regions lists 1); add a region of the jurisdiction or remove failover" }],
    });
  });
});

describe("an AWS stack without failover", () => {
  it("in one region parses: no second region is asked for", () => {
    const result = parseExample(enterprise, (r) => {
      r.regions = ["us-east-1"];
      delete r.failover;
    });
    expect(result).toMatchObject({ ok: true, stack: { cloud: "aws", regions: ["us-east-1"] } });
    expect(result.ok && "failover" in result.stack).toBe(false);
  });

  it("with api.domain but no zone: the zone is required, named for api.domain", () => {
    const result = parseExample(enterprise, (r) => {
      r.regions = ["us-east-1"];
      delete r.failover;
      delete r.api.dnsZone;
    });
    expect(result).toEqual({ ok: false, errors: [zoneRequired("api.domain")] });
  });

  it.each(["growth-aws-eu-west-1", "scale-aws-us-east-1"])("%s (no domain, no zone, one region) parses", (stack) => {
    const result = parseExample(stack);
    expect(result).toMatchObject({ ok: true, stack: { cloud: "aws" } });
    expect(result.ok && "failover" in result.stack).toBe(false);
    expect(result.ok && result.stack.regions).toHaveLength(1);
  });
});
