// The rule "an AWS enterprise stack with several regions needs failover"
// (components/config/rules/enterprise-regions-need-failover.ts) at its boundary: exactly two
// regions. A rule weakened to "more than two regions" passes a three-region example, so each case
// here uses two regions of the stack's jurisdiction and compares the whole parse result, so no
// other rule can be what refuses (or accepts) the config. On GCP the global load balancer fails
// over by itself: `failover` is refused there (rules/other-cloud-settings.ts).
import { describe, expect, it } from "vitest";
import { parseExample } from "../helpers/stacks";

describe("an AWS enterprise stack with exactly two regions", () => {
  const stack = "enterprise-aws-us-east-1";
  const regions = ["us-east-1", "us-east-2"];

  it("without failover is refused with the failover error alone", () => {
    const result = parseExample(stack, (r) => {
      r.regions = [...regions];
      delete r.failover;
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "ai-infra:failover", message: "is required when an enterprise stack has several regions" }],
    });
  });

  it("with failover parses (control)", () => {
    const result = parseExample(stack, (r) => {
      r.regions = [...regions];
    });
    // The example's own failover, as its stack file states it.
    expect(result).toMatchObject({
      ok: true,
      stack: { regions, failover: { mode: "active-passive", healthCheckIntervalSeconds: 10, failureThreshold: 3, ttlSeconds: 60 } },
    });
  });
});

describe("a GCP enterprise stack with exactly two regions", () => {
  const stack = "enterprise-gcp-europe-west4";
  const regions = ["europe-west4", "europe-west1"];

  it("parses without failover: the global load balancer fails over by itself", () => {
    const result = parseExample(stack, (r) => {
      r.regions = [...regions];
    });
    expect(result).toMatchObject({ ok: true, stack: { cloud: "gcp", regions } });
    expect(result.ok && "failover" in result.stack).toBe(false);
  });

  it("refuses failover, which nothing on GCP reads", () => {
    const result = parseExample(stack, (r) => {
      r.regions = [...regions];
      r.failover = { mode: "active-active", healthCheckIntervalSeconds: 10, failureThreshold: 3, ttlSeconds: 60 };
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: "ai-infra:failover",
          message:
            "is read on cloud aws only (Route 53 health checks and failover or latency records; on gcp the global load balancer sends each caller to the nearest healthy region by itself, so there is no mode, interval, threshold or TTL to set); remove it on cloud gcp",
        },
      ],
    });
  });
});
