/**
 * `cache.tiers` on AWS under mocks: the growth example with a hot and a cold tier gets the cold
 * tier's bucket (encrypted, lifecycle = the tier's TTL), the gateway's IAM limited to it, its
 * environment pointing at the bucket and at the hooks' loader uploaded beside the config with the tiers' module.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { installMocks, one, planStackFile, readStackFile } from "./harness";

const stack = "growth-aws-eu-west-1";
installMocks({ stack, region: "eu-west-1" });
const TTL_DAYS = 7;

beforeAll(async () => {
  const cache = readStackFile(stack).raw.cache as Record<string, unknown>;
  await planStackFile(stack, { override: { cache: { ...cache, tiers: { hot: { ttlSeconds: 60, maxEntries: 1000, maxEntryKb: 256 }, cold: { ttlDays: TTL_DAYS } } } } });
});

const task = () => JSON.parse(one("aws:ecs/taskDefinition:TaskDefinition", "-gateway-task").inputs.containerDefinitions)[0];
const env = (): Record<string, string> => Object.fromEntries((task().environment as { name: string; value: string }[]).map((e) => [e.name, e.value]));

describe("cache.tiers on AWS (growth, eu-west-1) under mocks", () => {
  it("creates one cold-tier bucket, SSE-KMS, public access blocked, expiring responses/ after the tier's TTL", () => {
    const bucket = one("aws:s3/bucket:Bucket", "-cache-cold-bucket");
    expect(bucket.inputs.forceDestroy).toBe(true);
    const lifecycle = one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "-cache-cold-lifecycle");
    expect(lifecycle.inputs.rules.map((r: any) => [r.id, r.filter.prefix, r.expiration.days, r.noncurrentVersionExpiration.noncurrentDays])).toEqual([
      ["expire-cached-answers", "responses/", TTL_DAYS, 1],
    ]);
    const sse = one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "-cache-cold-encryption");
    expect(sse.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe("aws:kms");
    const pab = one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "-cache-cold-public-access");
    expect([pab.inputs.blockPublicAcls, pab.inputs.blockPublicPolicy, pab.inputs.ignorePublicAcls, pab.inputs.restrictPublicBuckets]).toEqual([true, true, true, true]);
  });

  it("the gateway reads and writes only responses/ of that bucket, and reads the module beside its config", () => {
    const coldArn = String(one("aws:s3/bucket:Bucket", "-cache-cold-bucket").outputs.arn);
    const logArn = String(one("aws:s3/bucket:Bucket", "-request-log-bucket").outputs.arn);
    const policy = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "-gateway-task-policy").inputs.policy);
    const cold = policy.Statement.filter((s: any) => JSON.stringify(s.Resource).includes(coldArn));
    expect(cold).toEqual([{ Sid: "ReadWriteColdCache", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${coldArn}/responses/*` }]);
    const read = policy.Statement.find((s: any) => s.Sid === "ReadGatewayConfig");
    expect(read.Resource).toEqual([`${logArn}/config/litellm.yaml`, `${logArn}/config/ai_infra_hooks.py`, `${logArn}/config/ai_infra_cache_tiers.py`]);
  });

  it("uploads the loader and the tiers' module beside the config and points the gateway at the loader and at the cold bucket", () => {
    const logBucket = String(one("aws:s3/bucket:Bucket", "-request-log-bucket").outputs.bucket);
    const coldBucket = String(one("aws:s3/bucket:Bucket", "-cache-cold-bucket").outputs.bucket);
    const module = one("aws:s3/bucketObjectv2:BucketObjectv2", "-gateway-cache-tiers-module");
    expect(module.inputs.key).toBe("config/ai_infra_cache_tiers.py");
    expect(module.inputs.content).toContain("class TieredCache(BaseCache)");
    expect(env().AI_INFRA_CACHE_BUCKET).toBe(coldBucket);
    const loader = one("aws:s3/bucketObjectv2:BucketObjectv2", "-gateway-hooks-module");
    expect(loader.inputs.key).toBe("config/ai_infra_hooks.py");
    expect(loader.inputs.content).toContain("class Hooks(CustomLogger)");
    expect(env().AI_INFRA_HOOKS_CALLBACK).toBe(`s3://${logBucket}/config/ai_infra_hooks.hooks`);
  });
});
