import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it } from "vitest";
import { PlanMocks, UnmockedInvokeError, awaitOutput, childUrn } from "../../planner/mocks";
import { exitCodes, planStack, secretLeakPolicy } from "../../planner/plan";
import { registerPolicyRunner } from "../../planner/policy";
import { exampleFile } from "../helpers/stacks";

class TestComponent extends pulumi.ComponentResource {
  constructor(type: string, name: string) {
    super(type, name, {});
  }
  done(): void {
    this.registerOutputs({});
  }
}

// A small program standing in for the kit's: the planner must work for any program, and these
// tests must not change when the adapters do. The kit's own program is planned in plan-cli.test.ts.
function smallProgram(record: { outputs?: Record<string, pulumi.Output<unknown>> } = {}) {
  return () => {
    const region = new TestComponent("test:index:Region", "r-eu-west-1");
    const provider = new aws.Provider("r-eu-west-1-provider", { region: "eu-west-1" }, { parent: region });
    const bucket = new aws.s3.BucketV2("r-eu-west-1-logs", {}, { parent: region, provider });
    const queue = new aws.sqs.Queue("r-eu-west-1-jobs", { name: "jobs" }, { parent: region, provider });
    const api = new aws.apigateway.RestApi("r-eu-west-1-api", {}, { parent: region, provider });
    const stage = new aws.apigateway.Stage("r-eu-west-1-stage", { restApi: api.id, stageName: "v1", deployment: "dep" }, { parent: region, provider });
    const key = new aws.secretsmanager.SecretVersion("r-eu-west-1-key", { secretId: "k", secretString: pulumi.secret("sk-test-secret-value") }, { parent: region, provider });
    const topic = new aws.sns.Topic("alerts", {});
    region.done();
    const az = aws.getAvailabilityZonesOutput({}, { provider });
    const outputs = { bucketArn: bucket.arn, queueUrl: queue.url, invokeUrl: stage.invokeUrl, versionId: key.versionId, topicArn: topic.arn, zones: az.names };
    // The planner runs the program twice; the resolved run (not the preview) has the fake outputs.
    if (!pulumi.runtime.isDryRun()) record.outputs = outputs;
    return outputs;
  };
}

const stack = "prototype-aws-us-east-1";
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe("planning under the mock runtime", () => {
  it("captures every registration with parent, region (own, provider's, stack default) and fake outputs", async () => {
    const record: { outputs?: Record<string, pulumi.Output<unknown>> } = {};
    const { result, exitCode } = await planStack(exampleFile(stack), { program: smallProgram(record) });
    expect(exitCode).toBe(exitCodes.ok);
    expect(result.errors).toEqual([]);
    const by = Object.fromEntries(result.resources.map((r) => [r.name, r]));
    expect(Object.keys(by).sort()).toEqual(["alerts", "r-eu-west-1", "r-eu-west-1-api", "r-eu-west-1-jobs", "r-eu-west-1-key", "r-eu-west-1-logs", "r-eu-west-1-provider", "r-eu-west-1-stage"]);
    // Parents are registered before their children.
    for (const r of result.resources) if (r.parent) expect(result.resources.findIndex((x) => x.urn === r.parent)).toBeLessThan(result.resources.indexOf(r));
    expect(by["r-eu-west-1-logs"]).toMatchObject({
      urn: `urn:pulumi:${stack}::ai-infra::test:index:Region$aws:s3/bucketV2:BucketV2::r-eu-west-1-logs`,
      type: "aws:s3/bucketV2:BucketV2",
      parent: by["r-eu-west-1"]!.urn,
      region: "eu-west-1",
    });
    expect(by["r-eu-west-1"]!.region).toBe("eu-west-1");
    // No explicit provider: the stack's aws:region.
    expect(by.alerts!.region).toBe("us-east-1");
    expect(by.alerts!.parent).toBeNull();

    const out = (await awaitOutput(record.outputs)) as Record<string, unknown>;
    expect(out.bucketArn).toMatch(/^arn:aws:s3:::r-eu-west-1-logs-[0-9a-f]{7}$/);
    expect(out.queueUrl).toBe("https://sqs.eu-west-1.amazonaws.com/123456789012/jobs");
    expect(out.invokeUrl).toMatch(/^https:\/\/[0-9a-z]{10}\.execute-api\.eu-west-1\.amazonaws\.com\/v1$/);
    expect(out.topicArn).toMatch(/^arn:aws:sns:us-east-1:123456789012:alerts-/);
    expect(out.zones).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    // The stage's input is the API's fake id, resolved from the reference.
    expect(out.invokeUrl).toContain(String(by["r-eu-west-1-stage"]!.inputs.restApi));
  });

  it("URNs carry the whole chain of ancestor types, as the engine writes them", async () => {
    const program = () => {
      const outer = new TestComponent("test:index:Outer", "o");
      const inner = new pulumi.ComponentResource("test:index:Inner", "o-i", {}, { parent: outer });
      const logs = new aws.s3.BucketV2("o-i-logs", {}, { parent: inner });
      return { urn: logs.urn };
    };
    const { result, exitCode } = await planStack(exampleFile(stack), { program });
    expect(exitCode).toBe(exitCodes.ok);
    expect(result.resources.map((r) => [r.urn, r.parent])).toEqual([
      [`urn:pulumi:${stack}::ai-infra::test:index:Outer::o`, null],
      [`urn:pulumi:${stack}::ai-infra::test:index:Outer$test:index:Inner::o-i`, `urn:pulumi:${stack}::ai-infra::test:index:Outer::o`],
      [
        `urn:pulumi:${stack}::ai-infra::test:index:Outer$test:index:Inner$aws:s3/bucketV2:BucketV2::o-i-logs`,
        `urn:pulumi:${stack}::ai-infra::test:index:Outer$test:index:Inner::o-i`,
      ],
    ]);
  });

  it("the root stack resource is not part of a child's type chain", () => {
    const stackUrn = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s";
    expect(childUrn("s", "p", stackUrn, "aws:sqs/queue:Queue", "q")).toBe("urn:pulumi:s::p::aws:sqs/queue:Queue::q");
    expect(childUrn("s", "p", "urn:pulumi:s::p::a:b:C$d:e:F::x", "aws:sqs/queue:Queue", "q")).toBe("urn:pulumi:s::p::a:b:C$d:e:F$aws:sqs/queue:Queue::q");
    expect(() => childUrn("s", "p", "not-a-urn", "aws:sqs/queue:Queue", "q")).toThrow("malformed parent URN not-a-urn");
  });

  it("shows secrets as [secret], and never their value", async () => {
    const { result } = await planStack(exampleFile(stack), { program: smallProgram() });
    const key = result.resources.find((r) => r.name === "r-eu-west-1-key")!;
    expect(key.inputs).toEqual({ secretId: "k", secretString: "[secret]" });
    expect(JSON.stringify(result)).not.toContain("sk-test-secret-value");
  });

  it("a secret config value that reaches an input in plaintext is redacted and fails the plan", async () => {
    const leaky = () => {
      // Reading the raw config string drops the secret marking: exactly the bug the check exists for.
      const keys = JSON.parse(pulumi.runtime.allConfig()["ai-infra:providerKeys"]!) as Record<string, string>;
      new aws.s3.BucketV2("leaky", { tags: { note: `key=${keys.openai}` } });
      return {};
    };
    const { result, exitCode } = await planStack(exampleFile(stack), { program: leaky });
    expect(exitCode).toBe(exitCodes.policy);
    expect(result.policy.violations).toEqual([
      expect.objectContaining({ policy: secretLeakPolicy, urn: `urn:pulumi:${stack}::ai-infra::aws:s3/bucketV2:BucketV2::leaky`, level: "mandatory" }),
    ]);
    expect(result.resources[0]!.inputs.tags).toEqual({ note: "[secret]" });
    expect(JSON.stringify(result)).not.toContain("[secret:ai-infra:providerKeys.openai]");
  });

  it("an invoke the table does not answer throws, naming the token, and fails the plan (exit 4)", async () => {
    const mocks = new PlanMocks();
    expect(() => mocks.call({ token: "aws:ec2/getAmi:getAmi", inputs: {} })).toThrow(UnmockedInvokeError);
    expect(() => mocks.call({ token: "aws:ec2/getAmi:getAmi", inputs: {} })).toThrow(/unmocked invoke aws:ec2\/getAmi:getAmi/);
    expect(mocks.call({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {} })).toMatchObject({ accountId: "123456789012" });

    const sneaky = () => {
      const ami = aws.ec2.getAmiOutput({ owners: ["amazon"], mostRecent: true });
      new aws.ec2.Instance("vm", { ami: ami.id, instanceType: "t3.micro" });
      return { ami: ami.id };
    };
    const { result, exitCode } = await planStack(exampleFile(stack), { program: sneaky });
    expect(exitCode).toBe(exitCodes.programError);
    expect(result.errors).toEqual([{ path: "program", message: expect.stringContaining("unmocked invoke aws:ec2/getAmi:getAmi") }]);
  });

  it("reading an existing resource (Resource.get) is refused like an unmocked invoke", async () => {
    const reader = () => {
      const b = aws.s3.BucketV2.get("existing", "some-bucket-in-the-cloud");
      return { arn: b.arn };
    };
    const { result, exitCode } = await planStack(exampleFile(stack), { program: reader });
    expect(exitCode).toBe(exitCodes.programError);
    expect(result.errors[0]).toEqual({ path: "program", message: "read of existing aws:s3/bucketV2:BucketV2 'some-bucket-in-the-cloud': an offline plan cannot read live resources" });
  });

  it("GCP: resources take their location, or the provider's region, and its project", async () => {
    const program = () => {
      const provider = new gcp.Provider("p", { project: "proj-123", region: "europe-west4" });
      const b = new gcp.storage.Bucket("logs", { location: "EUROPE-WEST4" }, { provider });
      const t = new gcp.pubsub.Topic("jobs", {}, { provider });
      const sa = new gcp.serviceaccount.Account("gw", { accountId: "gw" }, { provider });
      return { url: b.url, topic: t.id, email: sa.email };
    };
    const { result, exitCode } = await planStack(exampleFile("prototype-gcp-europe-west4"), { program });
    expect(exitCode).toBe(exitCodes.ok);
    expect(Object.fromEntries(result.resources.map((r) => [r.name, r.region]))).toEqual({ p: "europe-west4", logs: "europe-west4", jobs: "europe-west4", gw: "europe-west4" });
  });

  it("an invalid config runs nothing: no program, no registration, every error with its path", async () => {
    const file = exampleFile(stack);
    let ran = false;
    const broken = { ...file, config: { ...file.config, "ai-infra:stage": "beta", "ai-infra:regions": ["europe-west4"] } };
    const { result, exitCode } = await planStack(broken, { program: () => ((ran = true), {}) });
    expect(exitCode).toBe(exitCodes.invalidConfig);
    expect(ran).toBe(false);
    expect(result.resources).toEqual([]);
    expect(result.errors.map((e) => e.path)).toEqual(["ai-infra:stage", "ai-infra:regions[0]"]);
  });
});

describe("the policy seam", () => {
  it("a registered runner sees the planned resources and the spec; a mandatory violation gives exit 2", async () => {
    let seenStage: string | undefined;
    cleanups.push(
      registerPolicyRunner({
        name: "test-pack",
        run: (resources, spec) => {
          seenStage = spec.stage;
          return resources
            .filter((r) => r.type === "aws:sqs/queue:Queue")
            .map((r) => ({ policy: "test-no-queues", urn: r.urn, message: "queues are not allowed in this test", level: "mandatory" as const }));
        },
      }),
    );
    const { result, exitCode } = await planStack(exampleFile(stack), { program: smallProgram() });
    expect(seenStage).toBe("prototype");
    expect(exitCode).toBe(exitCodes.policy);
    expect(result.policy.violations).toEqual([
      { policy: "test-no-queues", urn: `urn:pulumi:${stack}::ai-infra::test:index:Region$aws:sqs/queue:Queue::r-eu-west-1-jobs`, message: "queues are not allowed in this test", level: "mandatory" },
    ]);
  });

  it("advisory violations are reported and do not fail the plan; a runner that throws does", async () => {
    const advisory = { name: "adv", run: () => [{ policy: "test-advice", urn: null, message: "consider it", level: "advisory" as const }] };
    const ok = await planStack(exampleFile(stack), { program: smallProgram(), runners: [advisory] });
    expect(ok.exitCode).toBe(exitCodes.ok);
    expect(ok.result.policy.violations).toEqual([{ policy: "test-advice", urn: null, message: "consider it", level: "advisory" }]);
    const broken = { name: "broken-pack", run: () => { throw new Error("boom"); } };
    const failed = await planStack(exampleFile(stack), { program: smallProgram(), runners: [advisory, broken] });
    expect(failed.exitCode).toBe(exitCodes.policy);
    expect(failed.result.policy.violations[1]).toEqual({ policy: "broken-pack", urn: null, message: "policy pack 'broken-pack' failed: boom", level: "mandatory" });
  });
});

describe("several plans in one process", () => {
  it("plan A, plan B, plan A again: the two plans of A are identical (promote relies on it)", async () => {
    const a1 = JSON.stringify((await planStack(exampleFile("growth-aws-eu-west-1"))).result);
    const b = (await planStack(exampleFile("prototype-gcp-europe-west4"))).result;
    const a2 = JSON.stringify((await planStack(exampleFile("growth-aws-eu-west-1"))).result);
    expect(b.stack).toBe("prototype-gcp-europe-west4");
    // The same plan as the CLI's (test/policies/example-stacks.test.ts): 186 resources.
    expect(JSON.parse(a1).resources).toHaveLength(186);
    expect(a2).toBe(a1);
  });
});

describe("stack traces during a plan", () => {
  it("are off while the program runs (the SDK formats one per registration) and back afterwards, also when the program throws", async () => {
    const before = { limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace };
    const seen: (string | undefined)[] = [];
    const throwing = () => {
      seen.push(new Error("probe").stack);
      throw new Error("program broke");
    };
    const { result, exitCode } = await planStack(exampleFile(stack), { program: throwing });
    expect(exitCode).toBe(exitCodes.programError);
    // The plan reports the message (once for both runs); stacks were never part of it.
    expect(result.errors).toEqual([{ path: "program", message: "program broke" }]);
    expect(seen).toEqual(["", ""]);
    expect(Error.stackTraceLimit).toBe(before.limit);
    expect(Error.prepareStackTrace).toBe(before.prepare);
    expect(new Error("after").stack).toContain("plan-inprocess.test.ts");
  });
});
