/**
 * Settings that were read coarsely (rounded to what the cloud or the router takes) are now taken
 * exactly or refused with the values that are representable (issue 20; formerly `knownDead` in
 * ./dead-settings.ts as COARSE).
 */
import { describe, expect, it } from "vitest";
import { type RawConfig, parseExample } from "../helpers/stacks";

const errorsOf = (stack: string, mutate: (r: RawConfig) => void) => {
  const r = parseExample(stack, mutate);
  return r.ok ? [] : r.errors.map((e) => ({ path: e.path, message: e.message }));
};

describe("coarse settings: exact or refused", () => {
  it("GCP api.global.burst must be a multiple of gateway.maxReplicas (Cloud Run concurrency per instance)", () => {
    expect(errorsOf("growth-gcp-us-central1", (r) => (r.api.global.burst = 400))).toEqual([
      { path: "ai-infra:api.global.burst", message: "must be a multiple of gateway.maxReplicas (6) on cloud gcp, each Cloud Run instance admitting burst / 6 requests; nearest: 396 or 402" },
    ]);
    expect(errorsOf("growth-gcp-us-central1", (r) => (r.api.global.burst = 6006))).toEqual([
      { path: "ai-infra:api.global.burst", message: "must be at most 6000 on cloud gcp: 1000 requests per Cloud Run instance × gateway.maxReplicas (6)" },
    ]);
    expect(errorsOf("growth-gcp-us-central1", (r) => (r.api.global.burst = 6000))).toEqual([]);
  });

  it("GCP gateway.cpu and worker.cpu must be one of Cloud Run's CPU counts", () => {
    expect(errorsOf("prototype-gcp-europe-west4", (r) => (r.gateway = { cpu: 0.5 }))).toEqual([
      { path: "ai-infra:gateway.cpu", message: "must be one of 1, 2, 4, 6, 8 on cloud gcp (Cloud Run CPUs per instance)" },
    ]);
    expect(errorsOf("growth-gcp-us-central1", (r) => (r.worker = { ...r.worker, cpu: 3 }))).toEqual([
      { path: "ai-infra:worker.cpu", message: "must be one of 1, 2, 4, 6, 8 on cloud gcp (Cloud Run CPUs per instance)" },
    ]);
  });

  it("GCP memory within Cloud Run's range, and enough CPUs for it", () => {
    expect(errorsOf("growth-gcp-us-central1", (r) => (r.worker = { ...r.worker, memoryMiB: 256 }))).toEqual([
      { path: "ai-infra:worker.memoryMiB", message: "must be between 512 and 32768 on cloud gcp (Cloud Run memory in MiB)" },
    ]);
    expect(errorsOf("prototype-gcp-europe-west4", (r) => (r.gateway = { cpu: 1, memoryMiB: 8192 }))).toEqual([
      { path: "ai-infra:gateway.memoryMiB", message: "needs at least 2 CPUs on Cloud Run (gateway.cpu is 1); at most 4096 MiB with 1" },
    ]);
  });

  it("AWS keeps Fargate's fractional CPUs", () => {
    expect(errorsOf("prototype-aws-us-east-1", (r) => (r.gateway = { cpu: 0.5, memoryMiB: 1024 }))).toEqual([]);
  });

  it("routing.strongAboveChars in steps of 4 (tokens of 4 characters)", () => {
    expect(errorsOf("scale-aws-us-east-1", (r) => (r.routing.strongAboveChars = 2001))).toEqual([
      { path: "ai-infra:routing.strongAboveChars", message: "must be a multiple of 4 (the router counts tokens of 4 characters), e.g. 2000" },
    ]);
    expect(errorsOf("scale-aws-us-east-1", (r) => (r.routing.strongAboveChars = 2004))).toEqual([]);
  });
});
