/**
 * The residency pack knows the cold cache tier (`cache.tiers.cold`): the bucket the gateway keeps
 * cached answers in must be a bucket of the stack inside its jurisdiction.
 */
import type { InProcessResource } from "../../policies/lib/runner";
import { describe, expect, it } from "vitest";
import { cacheColdStoreInJurisdiction } from "../../policies/residency/cache-cold-store-in-jurisdiction";
import { residencyPack } from "../../policies/residency/pack";
import { awsProvider, configFor, euAws, euGcp, gcpProvider, messages, mutate, res, run, urnOf } from "./helpers";

const eu = configFor("eu", "growth").residency.settings;
const euProv = awsProvider("eu-west-1-provider", "eu-west-1");
const usProv = awsProvider("us-east-1-provider", "us-east-1");
const gcpEu = gcpProvider("europe-west4-provider", "europe-west4");
const via = (p: InProcessResource) => ({ provider: p.urn });

describe("cache-cold-store-in-jurisdiction", () => {
  const env = (cacheBucket: string) => [
    { name: "AI_INFRA_LOG_BUCKET", value: "request-log-0a1b2c" },
    { name: "AI_INFRA_LOG_REGION", value: "eu-west-1" },
    { name: "AI_INFRA_CACHE_BUCKET", value: cacheBucket },
  ];
  const task = (cacheBucket: string) => JSON.stringify([{ name: "litellm", image: "ghcr.io/berriai/litellm:v1.108.7", environment: env(cacheBucket) }]);
  const base = [
    euProv,
    usProv,
    gcpEu,
    res("aws:s3/bucket:Bucket", "request-log", {}, { ...via(euProv), id: "request-log-0a1b2c" }),
    res("aws:s3/bucket:Bucket", "cache-cold", {}, { ...via(euProv), id: "cache-cold-3d4e5f" }),
    res("aws:ecs/taskDefinition:TaskDefinition", "gateway-task", { containerDefinitions: task("cache-cold-3d4e5f") }, via(euProv)),
    res("gcp:storage/bucket:Bucket", "gcs-cache-cold", { name: "ai-infra-cache-cold-eu", location: "EUROPE-WEST4" }, via(gcpEu)),
    res(
      "gcp:cloudrunv2/service:Service",
      "gateway-service",
      { location: "europe-west4", template: { containers: [{ image: "x:v1.0.0", envs: [{ name: "AI_INFRA_CACHE_BUCKET", value: "ai-infra-cache-cold-eu" }] }] } },
      via(gcpEu),
    ),
  ];
  const check = (rs: InProcessResource[]) => messages(cacheColdStoreInJurisdiction, rs, eu);

  it("is part of the residency pack", () => expect(residencyPack.policies.filter((p) => p === cacheColdStoreInJurisdiction)).toHaveLength(1));
  it("passes gateways whose cold tier is a bucket of the stack in the EU", () => expect(check(base)).toEqual([]));
  it("refuses an S3 cold tier in another jurisdiction, naming the gateway, the bucket's region and the allowed regions", () =>
    expect(check(mutate(base, "cache-cold", (r) => (r.provider = usProv.urn)))).toEqual([
      `gateway-task (aws:ecs/taskDefinition:TaskDefinition) keeps its cold cache tier in cache-cold in us-east-1, outside jurisdiction eu; allowed aws regions: ${euAws}`,
    ]));
  it("refuses a GCS cold tier in the US multi-region", () =>
    expect(check(mutate(base, "gcs-cache-cold", (r) => (r.props.location = "US")))).toEqual([
      `gateway-service (gcp:cloudrunv2/service:Service) keeps its cold cache tier in gcs-cache-cold in us, outside jurisdiction eu; allowed gcp regions: ${euGcp}`,
    ]));
  it("refuses a cold tier bucket that is not part of the stack", () =>
    expect(check(mutate(base, "gateway-task", (r) => (r.props.containerDefinitions = task("shared-cache"))))).toEqual([
      "gateway-task (aws:ecs/taskDefinition:TaskDefinition) keeps its cold cache tier in bucket shared-cache, which is not a bucket of this stack, so its location cannot be shown to be inside jurisdiction eu",
    ]));
  it("lets a global stack keep it anywhere", () => {
    const global = configFor("global", "growth").residency.settings;
    expect(messages(cacheColdStoreInJurisdiction, mutate(base, "cache-cold", (r) => (r.provider = usProv.urn)), global)).toEqual([]);
  });
  it("reports against the gateway's URN, mandatory", () => {
    const v = run(cacheColdStoreInJurisdiction, mutate(base, "cache-cold", (r) => (r.provider = usProv.urn)), eu);
    expect(v.map((x) => [x.urn, x.level])).toEqual([[urnOf("aws:ecs/taskDefinition:TaskDefinition", "gateway-task"), "mandatory"]]);
  });
});
