import { describe, expect, it } from "vitest";
import { type CapturedResource, SecretValue, fromWire, redact, regionOfLocation, relativeToRoots, resolveRegions, toPlanned } from "../../planner/capture";
import { fakeOutputs } from "../../planner/fakes";
import { countResources, renderTree } from "../../planner/render";

const sig = "4dabf18193072939515e22adb298388d";
const secret = (value: unknown) => ({ [sig]: "1b47061264138c4ac30d75fd1eb44270", value });

describe("wire format → captured inputs", () => {
  it("keeps secrets at their leaf, turns resource references into ids, unknowns into a marker", () => {
    const v = fromWire({
      name: "n",
      env: [{ name: "A", value: secret("s3cr3t") }, { name: "B", value: "b" }],
      ref: { [sig]: "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:pulumi:s::p::t::n", id: "i-123" },
      out: { [sig]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", value: "x", secret: true },
      later: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    }) as Record<string, any>;
    expect(v.name).toBe("n");
    expect(v.env[0].value).toBeInstanceOf(SecretValue);
    expect(v.env[1].value).toBe("b");
    expect(v.ref).toBe("i-123");
    expect(v.out).toBeInstanceOf(SecretValue);
    expect(v.later).toBe("[unknown]");
    expect(redact(v, [])).toEqual({ name: "n", env: [{ name: "A", value: "[secret]" }, { name: "B", value: "b" }], ref: "i-123", out: "[secret]", later: "[unknown]" });
  });

  it("a plaintext input carrying a secret's placeholder is redacted and reported as a leak", () => {
    const leaks: { path: string; secret: string }[] = [];
    const out = redact({ env: { KEY: "Bearer [secret:ai-infra:providerKeys.openai]" }, ok: "fine" }, ["[secret:ai-infra:providerKeys.openai]"], leaks);
    expect(out).toEqual({ env: { KEY: "[secret]" }, ok: "fine" });
    expect(leaks).toEqual([{ path: "env.KEY", secret: "ai-infra:providerKeys.openai" }]);
    expect(JSON.stringify(out)).not.toContain("[secret:");
  });
});

describe("paths under the checkout", () => {
  const release: CapturedResource = {
    urn: "urn:pulumi:s::ai-infra::kubernetes:helm.sh/v3:Release::vllm",
    type: "kubernetes:helm.sh/v3:Release",
    name: "vllm",
    custom: true,
    inputs: {
      chart: "/home/dev/ai-infra/charts/vllm-serving",
      values: { dirs: ["/home/dev/ai-infra/charts/fine-tuning/files", "/home/dev/ai-infra-other/charts/x", "/opt/models"], root: "/home/dev/ai-infra" },
      code: { archive: "/home/dev/ai-infra/worker" },
      token: new SecretValue("/home/dev/ai-infra/secret-file"),
    },
  };

  it("a planned input under the checkout is relative to it; other paths, prefixes of other folders and secrets stay", () => {
    const { resources } = toPlanned([release], {}, [], ["/home/dev/ai-infra"]);
    expect(JSON.parse(JSON.stringify(resources[0]!.inputs))).toEqual({
      chart: "charts/vllm-serving",
      values: { dirs: ["charts/fine-tuning/files", "/home/dev/ai-infra-other/charts/x", "/opt/models"], root: "." },
      code: { archive: "worker" },
      token: "[secret]",
    });
  });

  it("two checkouts of one tree in different folders plan the same inputs", () => {
    const at = (root: string): CapturedResource => ({ ...release, inputs: { chart: `${root}/charts/vllm-serving`, code: { archive: `${root}/worker` } } });
    const here = toPlanned([at("/home/dev/ai-infra")], {}, [], ["/home/dev/ai-infra"]).resources;
    const there = toPlanned([at("/builds/ci/1234/ai-infra")], {}, [], ["/builds/ci/1234/ai-infra/"]).resources;
    expect(there).toEqual(here);
    expect(here[0]!.inputs).toEqual({ chart: "charts/vllm-serving", code: { archive: "worker" } });
  });

  it("Windows separators under the root become `/`; no roots leaves everything as it is", () => {
    expect(relativeToRoots({ chart: "C:\\src\\ai-infra\\charts\\vllm-serving" }, ["C:\\src\\ai-infra"])).toEqual({ chart: "charts/vllm-serving" });
    expect(relativeToRoots(release.inputs.values, [])).toBe(release.inputs.values);
  });
});

describe("regions", () => {
  const r = (urn: string, type: string, extra: Partial<CapturedResource> = {}): CapturedResource => ({ urn, type, name: urn, custom: !type.startsWith("test:"), inputs: {}, ...extra });
  const resources = [
    r("comp", "test:index:Region"),
    r("prov", "pulumi:providers:aws", { parent: "comp", inputs: { region: "eu-west-1" } }),
    r("bucket", "aws:s3/bucketV2:BucketV2", { parent: "comp", provider: "prov::prov-id" }),
    r("pinned", "aws:sqs/queue:Queue", { parent: "comp", provider: "prov::prov-id", inputs: { region: "eu-central-1" } }),
    r("default", "aws:sns/topic:Topic"),
    r("gcs", "gcp:storage/bucket:Bucket", { inputs: { location: "EUROPE-WEST4" } }),
    r("zonal", "gcp:redis/instance:Instance", { inputs: { location: "us-central1-a" } }),
    r("one", "test:index:One", {}),
    r("inner", "aws:s3/bucketV2:BucketV2", { parent: "one", provider: "prov::prov-id" }),
  ];
  const regions = resolveRegions(resources, { aws: "us-east-1", gcp: "us-central1" });

  it("own input first, then the provider's region, then the stack default", () => {
    expect(regions.get("prov")).toBe("eu-west-1");
    expect(regions.get("bucket")).toBe("eu-west-1");
    expect(regions.get("pinned")).toBe("eu-central-1");
    expect(regions.get("default")).toBe("us-east-1");
    expect(regions.get("gcs")).toBe("europe-west4");
    expect(regions.get("zonal")).toBe("us-central1");
    expect(regionOfLocation("EU")).toBe("eu");
  });

  it("a component has the region its resources share, none when they span several", () => {
    expect(regions.get("one")).toBe("eu-west-1");
    expect(regions.get("comp")).toBeNull();
  });

  it("the tree groups resources by region under their component chain, with counts", () => {
    const { resources: planned } = toPlanned(resources, { aws: "us-east-1", gcp: "us-central1" }, []);
    const tree = renderTree({ resources: planned, regions: ["eu-west-1"] });
    const lines = tree.split("\n");
    expect(lines[0]).toBe("eu-west-1 (3 resources)");
    expect(tree).toContain("comp [test:index:Region] (2)");
    expect(tree).toContain("one [test:index:One] (1)");
    expect(tree).toContain("eu-central-1 (1 resource)");
    expect(countResources(planned)).toEqual({ total: 9, components: 2, providers: 1, custom: 6 });
  });
});

describe("fake provider outputs", () => {
  const ctx = (type: string, inputs: Record<string, unknown> = {}, region = "eu-west-1") => ({ type, name: "x-res", urn: `urn:pulumi:s::ai-infra::${type}::x-res`, inputs, region, project: "proj-1" });

  it("look like the real provider's: ARNs with region and account, endpoint URLs", () => {
    expect(fakeOutputs(ctx("aws:sqs/queue:Queue", { name: "jobs" })).outputs).toMatchObject({
      url: "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs",
      arn: "arn:aws:sqs:eu-west-1:123456789012:jobs",
    });
    expect(fakeOutputs(ctx("aws:sqs/queue:Queue", { name: "jobs", fifoQueue: true })).outputs.name).toBe("jobs.fifo");
    expect(fakeOutputs(ctx("aws:s3/bucketV2:BucketV2", { bucket: "logs" })).outputs).toMatchObject({ arn: "arn:aws:s3:::logs", bucketRegionalDomainName: "logs.s3.eu-west-1.amazonaws.com" });
    expect(fakeOutputs(ctx("aws:apigateway/stage:Stage", { restApi: "a1b2c3", stageName: "v1" })).outputs.invokeUrl).toBe("https://a1b2c3.execute-api.eu-west-1.amazonaws.com/v1");
    expect(fakeOutputs(ctx("aws:iam/role:Role", { name: "r" })).outputs.arn).toBe("arn:aws:iam::123456789012:role/r");
    expect(fakeOutputs(ctx("gcp:cloudrunv2/service:Service", { name: "gw", location: "europe-west4" }, "europe-west4")).outputs.uri).toMatch(/^https:\/\/gw-[0-9a-f]{10}-ez\.a\.run\.app$/);
    expect(fakeOutputs(ctx("gcp:compute/network:Network", { name: "net" })).outputs.selfLink).toBe("https://www.googleapis.com/compute/v1/projects/proj-1/global/networks/net");
    expect(fakeOutputs(ctx("gcp:serviceaccount/account:Account", { accountId: "gw" })).outputs.email).toBe("gw@proj-1.iam.gserviceaccount.com");
  });

  it("have a sensible default for any other type, and are the same every time", () => {
    const a = fakeOutputs(ctx("aws:xray/group:Group"));
    expect(a.outputs.arn).toMatch(/^arn:aws:xray:eu-west-1:123456789012:group\/x-res-[0-9a-f]{7}$/);
    expect(fakeOutputs(ctx("aws:xray/group:Group"))).toEqual(a);
    expect(fakeOutputs(ctx("gcp:foo/barBaz:BarBaz", {}, "us-central1")).id).toMatch(/^projects\/proj-1\/locations\/us-central1\/barBazs\/x-res-/);
  });
});
