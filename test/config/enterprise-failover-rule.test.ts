// The rule "an enterprise stack with several regions needs failover" (components/config/validate.ts,
// end of crossCheck) at its boundary: exactly two regions. A rule weakened to "more than two
// regions" passes a three-region example, so each case here uses two regions of the stack's
// jurisdiction (us on AWS, eu on GCP) and compares the whole parse result, so no other rule can be
// what refuses (or accepts) the config.
import { describe, expect, it } from "vitest";
import { parseExample } from "../helpers/stacks";

const twoRegionStacks = [
  {
    stack: "enterprise-aws-us-east-1",
    regions: ["us-east-1", "us-east-2"],
    failover: { mode: "active-passive", healthCheckIntervalSeconds: 10, failureThreshold: 3, ttlSeconds: 60 },
  },
  {
    stack: "enterprise-gcp-europe-west4",
    regions: ["europe-west4", "europe-west1"],
    failover: { mode: "active-active", healthCheckIntervalSeconds: 10, failureThreshold: 3, ttlSeconds: 60 },
  },
] as const;

describe("an enterprise stack with exactly two regions", () => {
  for (const { stack, regions, failover } of twoRegionStacks) {
    it(`${stack}: without failover is refused with the failover error alone`, () => {
      const result = parseExample(stack, (r) => {
        r.regions = [...regions];
        delete r.failover;
      });
      expect(result).toEqual({
        ok: false,
        errors: [{ path: "ai-infra:failover", message: "is required when an enterprise stack has several regions" }],
      });
    });

    it(`${stack}: with failover parses (control)`, () => {
      const result = parseExample(stack, (r) => {
        r.regions = [...regions];
      });
      // The example's own failover, as its stack file states it.
      expect(result).toMatchObject({ ok: true, spec: { regions: [...regions], failover } });
    });
  }
});
