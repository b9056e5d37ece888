/**
 * The usage plan's per-key throttle and quota, emulated at the local AWS front door as API Gateway
 * applies them: each on its own. A plan with a throttle and no quota throttles; a plan with a quota
 * and no throttle counts; with both, each limit refuses on its own. Pure: a controlled clock, no
 * processes.
 */
import type http from "node:http";
import { describe, expect, it } from "vitest";
import { awsRestApi, UsagePlanLimiter } from "../../cli/lib/local/frontdoor";
import { type AwsFrontDoorPlan, usagePlanLimits } from "../../cli/lib/local/model";
import type { LocalResource } from "../../cli/lib/local/planned";

const usagePlan = (inputs: Record<string, unknown>): LocalResource => ({
  urn: "urn:pulumi:test::ai-infra::aws:apigateway/usagePlan:UsagePlan::plan",
  type: "aws:apigateway/usagePlan:UsagePlan",
  name: "plan",
  inputs,
  outputs: {},
});

/** A clock the test moves by hand. */
function clock(start = Date.UTC(2025, 0, 15, 12)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** Sends `n` requests at once for `key`; the statuses (200 admitted, 429 refused). */
function burst(limiter: UsagePlanLimiter, n: number, key = "k1"): number[] {
  return Array.from({ length: n }, () => {
    const a = limiter.admit(key);
    return a.ok ? 200 : a.status;
  });
}

const throttleOnly = { throttleSettings: { rateLimit: 5, burstLimit: 10 } };
const quotaOnly = { quotaSettings: { limit: 3, period: "DAY" } };

describe("usage plan limits read from the plan", () => {
  it("keeps a throttle without a quota and a quota without a throttle", () => {
    expect(usagePlanLimits(usagePlan(throttleOnly))).toEqual({ throttle: { rateLimit: 5, burstLimit: 10 } });
    expect(usagePlanLimits(usagePlan(quotaOnly))).toEqual({ quota: { limit: 3, period: "DAY" } });
    expect(usagePlanLimits(usagePlan({ ...throttleOnly, ...quotaOnly }))).toEqual({ throttle: { rateLimit: 5, burstLimit: 10 }, quota: { limit: 3, period: "DAY" } });
    expect(usagePlanLimits(usagePlan({}))).toBeUndefined();
    expect(usagePlanLimits(undefined)).toBeUndefined();
  });
});

describe("usage plan limiter", () => {
  it("throttle (5/s, burst 10) and no quota: of 11 at once the first 10 pass, the 11th gets 429", () => {
    const c = clock();
    const limiter = new UsagePlanLimiter(usagePlanLimits(usagePlan(throttleOnly))!, c.now);
    expect(burst(limiter, 11)).toEqual([...Array(10).fill(200), 429]);
    expect(limiter.admit("k1")).toEqual({ ok: false, status: 429, message: "Too Many Requests" });
    // Refilled at 5 per second: after 200 ms one more passes, then none.
    c.advance(200);
    expect(burst(limiter, 2)).toEqual([200, 429]);
    // Each key has its own bucket.
    expect(burst(limiter, 10, "k2")).toEqual(Array(10).fill(200));
    // A throttle alone never runs out: a minute later the full burst is back.
    c.advance(60_000);
    expect(burst(limiter, 11)).toEqual([...Array(10).fill(200), 429]);
  });

  it("quota 3 per day and no throttle: the 4th is refused, the next day counts again", () => {
    const c = clock();
    const limiter = new UsagePlanLimiter(usagePlanLimits(usagePlan(quotaOnly))!, c.now);
    expect(burst(limiter, 4)).toEqual([200, 200, 200, 429]);
    expect(limiter.admit("k1")).toEqual({ ok: false, status: 429, message: "Limit Exceeded" });
    expect(burst(limiter, 3, "k2")).toEqual([200, 200, 200]);
    c.advance(13 * 3_600_000); // past UTC midnight
    expect(burst(limiter, 4)).toEqual([200, 200, 200, 429]);
  });

  it("throttle and quota: each limit bites on its own", () => {
    // A quota of 12 per day, above the burst of 10: the throttle bites first.
    const c = clock();
    const both = new UsagePlanLimiter(usagePlanLimits(usagePlan({ ...throttleOnly, quotaSettings: { limit: 12, period: "DAY" } }))!, c.now);
    const first = Array.from({ length: 11 }, () => both.admit("k1"));
    expect(first.slice(0, 10).every((a) => a.ok)).toBe(true);
    expect(first[10]).toEqual({ ok: false, status: 429, message: "Too Many Requests" });
    // Throttled requests do not use the quota: 2 of the 12 are left.
    c.advance(1_000);
    const next = Array.from({ length: 5 }, () => both.admit("k1"));
    expect(next.map((a) => (a.ok ? "ok" : a.message))).toEqual(["ok", "ok", "Limit Exceeded", "Limit Exceeded", "Limit Exceeded"]);
    // The quota refuses even with tokens left in the bucket.
    c.advance(60_000);
    expect(both.admit("k1")).toEqual({ ok: false, status: 429, message: "Limit Exceeded" });

    // With a quota of 3 and the same throttle, the quota bites at the 4th, before the burst runs out.
    const small = new UsagePlanLimiter(usagePlanLimits(usagePlan({ ...throttleOnly, ...quotaOnly }))!, clock().now);
    expect(burst(small, 5)).toEqual([200, 200, 200, 429, 429]);
    expect(small.admit("k1")).toMatchObject({ message: "Limit Exceeded" });
  });
});

describe("the AWS front door applies a throttle-only usage plan", () => {
  /** One API-keyed route whose integration is not emulated: an admitted request gets 500, a refused one 429. */
  const plan: AwsFrontDoorPlan = {
    kind: "aws-rest-api",
    stageName: "v1",
    resources: [{ id: "r1", path: "/{proxy+}" }],
    methods: [{ resourceId: "r1", httpMethod: "ANY", apiKeyRequired: true, authorization: "NONE", requiredHeaders: [] }],
    integrations: [{ resourceId: "r1", httpMethod: "ANY", type: "MOCK", uri: "", requestParameters: {}, timeoutMs: 29_000 }],
    usagePlan: usagePlanLimits(usagePlan(throttleOnly))!,
    apiKeys: ["key"],
    callerAuth: "api-key",
  };

  it("refuses the 11th of 11 requests sent at once with 429", () => {
    const route = awsRestApi(plan, new Map([["key", "secret"]]), (s) => s);
    const statuses = Array.from({ length: 11 }, () => {
      let status = 0;
      const req = { url: "/v1/chat/completions", method: "POST", headers: { "x-api-key": "secret" } } as unknown as http.IncomingMessage;
      const res = {
        writeHead(s: number) {
          status = s;
          return { end: () => undefined };
        },
      } as unknown as http.ServerResponse;
      route(req, Buffer.alloc(0), res);
      return status;
    });
    expect(statuses).toEqual([...Array(10).fill(500), 429]);
  });
});
