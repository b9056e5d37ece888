/**
 * `prompts` on GCP under mocks: the hooks' loader and `ai_infra_prompts.py` uploaded beside the
 * config object, the gateway's service account reading exactly the config and those objects, and
 * `AI_INFRA_HOOKS_CALLBACK` the loader's `gcs://` URL (the download itself is not provable here: no
 * GCS-compatible local store runs; the s3:// download is test/gateway/litellm/hooks.test.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { unsecret } from "./checks";
import { buildEdited, installMocks, one, ofType } from "./harness";

const stack = "growth-gcp-us-central1";
installMocks({ stack });

beforeAll(() =>
  buildEdited(stack, (raw) => {
    raw.prompts = { directory: "test/gateway/litellm/fixtures/prompts", templates: { headline: { version: 1 } } };
  }),
);

const envs = () => one("gcp:cloudrunv2/service:Service", "-gateway-service").inputs.template.containers[0].envs as { name: string; value?: string }[];
const envOf = (name: string) => envs().find((e) => e.name === name)?.value;

describe("prompts on GCP (growth, us-central1) under mocks", () => {
  it("uploads the loader and the prompts hook beside the config, reads exactly those and the config, and points the gateway at the loader", () => {
    const configBucket = one("gcp:storage/bucket:Bucket", "-gateway-config-bucket").inputs.name;
    const modules = ofType("gcp:storage/bucketObject:BucketObject").filter((o) => String(o.inputs.name).endsWith(".py"));
    expect(modules.map((m) => [m.name.replace(/.*-gateway-/, ""), m.inputs.name])).toEqual([
      ["hooks-module", "litellm/ai_infra_hooks.py"],
      ["prompts-module", "litellm/ai_infra_prompts.py"],
    ]);
    expect(unsecret<string>(modules[1]!.inputs.content)).toContain("class PromptTemplates(CustomLogger)");
    const reader = one("gcp:storage/bucketIAMMember:BucketIAMMember", "-gateway-config-reader");
    expect(reader.inputs.condition.expression).toBe(
      [
        `resource.name == "projects/_/buckets/${configBucket}/objects/litellm/config.yaml"`,
        `resource.name == "projects/_/buckets/${configBucket}/objects/litellm/ai_infra_hooks.py"`,
        `resource.name == "projects/_/buckets/${configBucket}/objects/litellm/ai_infra_prompts.py"`,
      ].join(" || "),
    );
    expect(envOf("AI_INFRA_HOOKS_CALLBACK")).toBe(`gcs://${configBucket}/litellm/ai_infra_hooks.hooks`);
  });
});
