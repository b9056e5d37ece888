import { describe, expect, it } from "vitest";
import { type SpecError, acceleratorsIn, cloudRegions, gpuTable, parseStack, shapeFor } from "../../components/config";
import { exampleRaw } from "../helpers/stacks";
import { scaleStacks } from "../helpers/scale";

type Raw = Record<string, any>;

function errorsOf(stack: string, edit: (raw: Raw) => void): SpecError[] {
  const { raw, secretKeys } = exampleRaw(stack);
  const copy = structuredClone(raw) as Raw;
  edit(copy);
  const r = parseStack(copy, { project: "ai-infra", stack, secretKeys });
  if (r.ok) throw new Error("expected the broken config to be rejected");
  return r.errors;
}

describe("example scale stacks", () => {
  it.each(scaleStacks)("%s parses at stage scale with a cluster, GPU pools, self-hosted models, routing, semantic cache (AWS) and batch", (stack) => {
    const { raw, secretKeys } = exampleRaw(stack);
    const r = parseStack(raw, { project: "ai-infra", stack, secretKeys });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const spec = r.stack;
    expect(spec.stage).toBe("scale");
    // Each scale example declares one GPU pool (a10g / l4-spot) and one self-hosted model on it.
    expect(spec.cluster!.gpuPools).toHaveLength(1);
    expect(spec.selfHosted!).toHaveLength(1);
    expect(spec.selfHosted![0]!.pool).toBe(spec.cluster!.gpuPools[0]!.name);
    expect(spec.routing).toBeDefined();
    // GCP refuses the semantic cache (components/config/rules/gcp-semantic-cache.ts).
    expect(spec.semanticCache !== undefined).toBe(stack.startsWith("scale-aws-"));
  });
});

describe("GPU table", () => {
  it.each(["aws", "gcp"] as const)("%s: every listed region is a region of the cloud, shapes ascend, GCP zones belong to their region", (cloud) => {
    for (const [accelerator, offer] of Object.entries(gpuTable[cloud])) {
      expect(offer.shapes.length, accelerator).toBeGreaterThan(0);
      const gpus = offer.shapes.map((s) => s.gpus);
      expect(gpus, accelerator).toEqual([...gpus].sort((a, b) => a - b));
      for (const [region, zones] of Object.entries(offer.regions)) {
        expect(cloudRegions[cloud], `${accelerator} in ${region}`).toContain(region);
        for (const z of zones) expect(z.startsWith(`${region}-`), z).toBe(true);
        if (cloud === "gcp") expect(zones.length, `${accelerator} in ${region}`).toBeGreaterThan(0);
      }
      if (cloud === "gcp") expect(offer.cloudType, accelerator).toBeDefined();
    }
  });

  it("picks the smallest machine that fits a replica", () => {
    expect(shapeFor("aws", "nvidia-a10g", 1)?.type).toBe("g5.2xlarge");
    expect(shapeFor("aws", "nvidia-a10g", 2)?.type).toBe("g5.12xlarge");
    expect(shapeFor("gcp", "nvidia-l4", 2)?.type).toBe("g2-standard-24");
    expect(shapeFor("gcp", "nvidia-h100-80gb", 1)?.type).toBe("a3-highgpu-8g");
    expect(shapeFor("aws", "nvidia-l4", 9)).toBeUndefined();
  });

  it("knows what a region offers", () => {
    expect(acceleratorsIn("aws", "us-west-1")).toEqual(["nvidia-t4"]);
    expect(acceleratorsIn("gcp", "europe-west9")).toEqual([]);
    expect(acceleratorsIn("gcp", "europe-west4")).toContain("nvidia-l4");
  });
});

describe("bad scale input is rejected with the path", () => {
  it("a GPU type the cloud does not offer in the stack's region (AWS)", () => {
    const errors = errorsOf("scale-aws-us-east-1", (raw) => {
      raw.regions = ["us-west-1"];
    });
    expect(errors).toContainEqual({
      path: "ai-infra:cluster.gpuPools[0].accelerator",
      message: "is not offered by aws in us-west-1 (per the kit's GPU table); allowed in us-west-1: nvidia-t4",
      value: "nvidia-a10g",
    });
  });

  it("a GPU type the cloud does not offer in the stack's region (GCP)", () => {
    const errors = errorsOf("scale-gcp-europe-west4", (raw) => {
      raw.regions = ["europe-west9"];
    });
    expect(errors).toContainEqual({
      path: "ai-infra:cluster.gpuPools[0].accelerator",
      message: "is not offered by gcp in europe-west9 (per the kit's GPU table); allowed in europe-west9: (none)",
      value: "nvidia-l4",
    });
  });

  it("a GPU type the cloud does not have at all, with the allowed values", () => {
    const errors = errorsOf("scale-gcp-europe-west4", (raw) => {
      raw.cluster.gpuPools[0].accelerator = "nvidia-a10g";
    });
    expect(errors).toContainEqual({
      path: "ai-infra:cluster.gpuPools[0].accelerator",
      message: "is not a gcp accelerator the kit knows; allowed: nvidia-t4, nvidia-l4, nvidia-a100-40gb, nvidia-a100-80gb, nvidia-h100-80gb",
      value: "nvidia-a10g",
    });
  });

  it("max nodes below min nodes", () => {
    const errors = errorsOf("scale-aws-us-east-1", (raw) => {
      raw.cluster.gpuPools[0].minNodes = 3;
      raw.cluster.gpuPools[0].maxNodes = 2;
    });
    expect(errors).toContainEqual({ path: "ai-infra:cluster.gpuPools[0].maxNodes", message: "must be at least minNodes (3)", value: 2 });
  });

  it.each([0, -0.2, 1.5])("a similarity threshold of %s (outside (0, 1])", (threshold) => {
    const errors = errorsOf("scale-aws-us-east-1", (raw) => {
      raw.semanticCache.similarityThreshold = threshold;
    });
    expect(errors).toContainEqual({
      path: "ai-infra:semanticCache.similarityThreshold",
      message: "must be greater than 0 and at most 1",
      value: threshold,
    });
  });

  it("a similarity threshold of exactly 1 is allowed", () => {
    const { raw, secretKeys } = exampleRaw("scale-aws-us-east-1");
    const copy = structuredClone(raw) as Raw;
    copy.semanticCache.similarityThreshold = 1;
    expect(parseStack(copy, { stack: "x", secretKeys }).ok).toBe(true);
  });

  it("routing weights that do not sum to 100", () => {
    const errors = errorsOf("scale-aws-us-east-1", (raw) => {
      raw.models[2].weight = 30;
    });
    expect(errors).toContainEqual({
      path: "ai-infra:models[1].weight",
      message: "weights of model group 'chat-strong' must all be set and sum to 100 (they sum to 110)",
      value: 110,
    });
  });

  it("routing without a strong tier", () => {
    const errors = errorsOf("scale-aws-us-east-1", (raw) => {
      for (const m of raw.models) if (m.tier === "strong") delete m.tier;
    });
    expect(errors).toContainEqual({ path: "ai-infra:routing", message: "needs a model group of tier strong (set tier on a model or selfHosted entry)" });
  });

  it("a model whose replicas cannot fit the pool's node budget", () => {
    const errors = errorsOf("scale-aws-us-east-1", (raw) => {
      raw.selfHosted[0].maxReplicas = 5;
    });
    expect(errors).toContainEqual({
      path: "ai-infra:selfHosted[0].maxReplicas",
      message: "must be at most 4: pool 'a10g' has at most 4 g5.2xlarge nodes with 1 GPU(s) each",
      value: 5,
    });
  });

  it("a self-hosted model on a pool that does not exist", () => {
    const errors = errorsOf("scale-gcp-europe-west4", (raw) => {
      raw.selfHosted[0].pool = "h100";
    });
    expect(errors).toContainEqual({ path: "ai-infra:selfHosted[0].pool", message: "names no GPU pool; pools: l4-spot", value: "h100" });
  });
});
