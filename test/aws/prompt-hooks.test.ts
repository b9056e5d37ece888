/**
 * `prompts` on AWS under mocks: the deployed gateway reads its config from the request-log bucket,
 * so the prompt-template hook ships like the tiers' module: the hooks' loader and
 * `ai_infra_prompts.py` uploaded beside the config object, the task role reading exactly those
 * objects, and `AI_INFRA_HOOKS_CALLBACK` the loader's `s3://` URL. The download itself runs in the
 * real LiteLLM against moto: test/gateway/litellm/hooks.test.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { installMocks, one, ofType, planStackFile } from "./harness";

const stack = "growth-aws-eu-west-1";
installMocks({ stack, region: "eu-west-1" });

beforeAll(async () => {
  await planStackFile(stack, { override: { prompts: { directory: "test/gateway/litellm/fixtures/prompts", templates: { headline: { version: 1 } } } } });
});

const task = () => JSON.parse(one("aws:ecs/taskDefinition:TaskDefinition", "-gateway-task").inputs.containerDefinitions)[0];
const env = (): Record<string, string> => Object.fromEntries((task().environment as { name: string; value: string }[]).map((e) => [e.name, e.value]));

describe("prompts on AWS (growth, eu-west-1) under mocks", () => {
  it("uploads the loader and the prompts hook beside the config, and no tiers' module", () => {
    const modules = ofType("aws:s3/bucketObjectv2:BucketObjectv2").filter((o) => String(o.inputs.key).endsWith(".py"));
    expect(modules.map((m) => [m.name.replace(/.*-gateway-/, ""), m.inputs.key])).toEqual([
      ["hooks-module", "config/ai_infra_hooks.py"],
      ["prompts-module", "config/ai_infra_prompts.py"],
    ]);
    expect(modules[1]!.inputs.content).toContain("class PromptTemplates(CustomLogger)");
  });

  it("the task role reads the config and exactly those two modules", () => {
    const logArn = String(one("aws:s3/bucket:Bucket", "-request-log-bucket").outputs.arn);
    const policy = JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "-gateway-task-policy").inputs.policy);
    const read = policy.Statement.find((s: any) => s.Sid === "ReadGatewayConfig");
    expect(read.Resource).toEqual([`${logArn}/config/litellm.yaml`, `${logArn}/config/ai_infra_hooks.py`, `${logArn}/config/ai_infra_prompts.py`]);
  });

  it("points the gateway at the loader's object", () => {
    const logBucket = String(one("aws:s3/bucket:Bucket", "-request-log-bucket").outputs.bucket);
    expect(env().AI_INFRA_HOOKS_CALLBACK).toBe(`s3://${logBucket}/config/ai_infra_hooks.hooks`);
  });
});
