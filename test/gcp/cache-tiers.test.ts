/**
 * `cache.tiers` on GCP under mocks: the growth example with a hot and a cold tier gets the cold
 * tier's single-region bucket (age rule = the tier's TTL), the gateway's service account limited to
 * that bucket, and its environment pointing at the bucket and at the hooks' loader uploaded beside
 * the config with the tiers' module (a `gcs://` URL LiteLLM downloads at start; the download itself is not provable here:
 * no GCS-compatible local store runs, see docs/caching.md).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { unsecret } from "./checks";
import { buildEdited, installMocks, one, ofType } from "./harness";

const stack = "growth-gcp-us-central1";
installMocks({ stack });
const TTL_DAYS = 7;

beforeAll(() =>
  buildEdited(stack, (raw) => {
    raw.cache = { ...(raw.cache as object), tiers: { hot: { ttlSeconds: 60, maxEntries: 1000, maxEntryKb: 256 }, cold: { ttlDays: TTL_DAYS } } };
  }),
);

const envs = () => one("gcp:cloudrunv2/service:Service", "-gateway-service").inputs.template.containers[0].envs as { name: string; value?: string }[];
const envOf = (name: string) => envs().find((e) => e.name === name)?.value;

describe("cache.tiers on GCP (growth, us-central1) under mocks", () => {
  it("creates the cold-tier bucket in the region, versioned, public access prevented, deleting objects after the tier's TTL", () => {
    const bucket = one("gcp:storage/bucket:Bucket", "-cache-cold-bucket");
    expect(bucket.inputs.location).toBe("US-CENTRAL1");
    expect(bucket.inputs.publicAccessPrevention).toBe("enforced");
    expect(bucket.inputs.uniformBucketLevelAccess).toBe(true);
    expect(bucket.inputs.lifecycleRules[0]).toEqual({ action: { type: "Delete" }, condition: { age: TTL_DAYS, withState: "ANY" } });
  });

  it("grants the gateway's service account storage.objectUser on that bucket only", () => {
    const coldName = one("gcp:storage/bucket:Bucket", "-cache-cold-bucket").inputs.name;
    const grants = ofType("gcp:storage/bucketIAMMember:BucketIAMMember").filter((g) => g.inputs.bucket === coldName);
    expect(grants.map((g) => [g.name.replace(/.*-gateway-/, ""), g.inputs.role])).toEqual([["cache-cold-user", "roles/storage.objectUser"]]);
    expect(ofType("gcp:storage/bucketIAMMember:BucketIAMMember").filter((g) => g.inputs.role === "roles/storage.objectUser")).toHaveLength(1);
  });

  it("uploads the module beside the config, lets the gateway read exactly the config and the two modules, and points it at the loader and the bucket", () => {
    const configBucket = one("gcp:storage/bucket:Bucket", "-gateway-config-bucket").inputs.name;
    const module = one("gcp:storage/bucketObject:BucketObject", "-gateway-cache-tiers-module");
    expect(module.inputs.name).toBe("litellm/ai_infra_cache_tiers.py");
    expect(unsecret<string>(module.inputs.content)).toContain("class TieredCache(BaseCache)");
    const reader = one("gcp:storage/bucketIAMMember:BucketIAMMember", "-gateway-config-reader");
    const loader = one("gcp:storage/bucketObject:BucketObject", "-gateway-hooks-module");
    expect(loader.inputs.name).toBe("litellm/ai_infra_hooks.py");
    expect(unsecret<string>(loader.inputs.content)).toContain("class Hooks(CustomLogger)");
    expect(reader.inputs.condition.expression).toBe(
      [
        `resource.name == "projects/_/buckets/${configBucket}/objects/litellm/config.yaml"`,
        `resource.name == "projects/_/buckets/${configBucket}/objects/litellm/ai_infra_hooks.py"`,
        `resource.name == "projects/_/buckets/${configBucket}/objects/litellm/ai_infra_cache_tiers.py"`,
      ].join(" || "),
    );
    expect(envOf("AI_INFRA_HOOKS_CALLBACK")).toBe(`gcs://${configBucket}/litellm/ai_infra_hooks.hooks`);
    expect(envOf("AI_INFRA_CACHE_BUCKET")).toBe(one("gcp:storage/bucket:Bucket", "-cache-cold-bucket").inputs.name);
  });
});
