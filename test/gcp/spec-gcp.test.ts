import { describe, expect, it } from "vitest";
import { parseSpec } from "../../components/spec/validate";
import { stackConfig } from "./harness";

/** The EU prototype example with one change applied to its raw config. */
function parseWith(change: (raw: Record<string, any>) => void) {
  const { raw } = stackConfig("prototype-gcp-europe-west4");
  const copy = structuredClone(raw) as Record<string, any>;
  change(copy);
  return parseSpec(copy, { project: "ai-infra", stack: "t", secretKeys: new Set(["providerKeys"]) });
}
const errorsOf = (r: ReturnType<typeof parseSpec>) => (r.ok ? [] : r.errors);

describe("GCP spec: API Gateway region", () => {
  it("accepts the EU example: data in europe-west4, API Gateway in europe-west1", () => {
    const r = parseWith(() => {});
    expect(errorsOf(r)).toEqual([]);
  });

  it("refuses a data region without API Gateway when no gateway region is set, naming the EU regions that offer it", () => {
    const r = parseWith((raw) => delete raw.api);
    expect(errorsOf(r)).toEqual([
      {
        path: "ai-infra:api.gatewayRegion",
        message:
          "is required: API Gateway is not offered in europe-west4; set the region that hosts the gateway (the backend stays in the data region); allowed: europe-west1",
      },
    ]);
  });

  it("refuses a gateway region outside the jurisdiction", () => {
    const r = parseWith((raw) => (raw.api = { gatewayRegion: "us-central1" }));
    expect(errorsOf(r)).toEqual([
      {
        path: "ai-infra:api.gatewayRegion",
        message: "must be a region that offers API Gateway within jurisdiction eu; allowed: europe-west1",
        value: "us-central1",
      },
    ]);
  });

  it("refuses a gateway region that does not offer API Gateway", () => {
    const r = parseWith((raw) => (raw.api = { gatewayRegion: "europe-west3" }));
    expect(errorsOf(r).map((e) => [e.path, e.value])).toEqual([["ai-infra:api.gatewayRegion", "europe-west3"]]);
  });

  it("needs no gateway region where API Gateway is offered", () => {
    const r = parseWith((raw) => {
      delete raw.api;
      raw.jurisdiction = "us";
      raw.regions = ["us-central1"];
      raw.providers["openai-eu"].apiBase = "https://api.openai.com/v1";
    });
    expect(errorsOf(r).filter((e) => e.path.includes("gatewayRegion"))).toEqual([]);
  });
});

describe("GCP spec: labels", () => {
  it("refuses a tag value Google would refuse as a label value instead of rewriting it", () => {
    const r = parseWith((raw) => (raw.tags = { ...raw.tags, owner: "Platform Team" }));
    expect(errorsOf(r)).toEqual([
      {
        path: "ai-infra:tags.owner",
        message: "is not a valid GCP label value (labels are kept as given, never rewritten): lower-case letters, digits, _ and - (keys start with a lower-case letter), at most 63 characters",
        value: "Platform Team",
      },
    ]);
  });

  it("refuses an extra tag key that is not a label key", () => {
    const r = parseWith((raw) => (raw.tags = { ...raw.tags, extra: { "Team.Name": "ml" } }));
    expect(errorsOf(r).map((e) => [e.path, e.value])).toEqual([["ai-infra:tags.extra.Team.Name", "Team.Name"]]);
  });
});

describe("GCP spec: worker image tag", () => {
  const growth = (change: (raw: Record<string, any>) => void) => {
    const { raw } = stackConfig("growth-gcp-us-central1");
    const copy = structuredClone(raw) as Record<string, any>;
    change(copy);
    return parseSpec(copy, { project: "ai-infra", stack: "t", secretKeys: new Set(["providerKeys"]) });
  };
  it("accepts a pinned tag and refuses 'latest'", () => {
    expect(errorsOf(growth((raw) => (raw.worker = { imageTag: "0.1.0" })))).toEqual([]);
    expect(errorsOf(growth((raw) => (raw.worker = { imageTag: "latest" })))).toEqual([
      { path: "ai-infra:worker.imageTag", message: "must pin a version, not 'latest' (the repository's tags are immutable)", value: "latest" },
    ]);
  });
  it("refuses the GCP-only tag on an AWS stack instead of ignoring it", () => {
    const r = growth((raw) => {
      raw.cloud = "aws";
      raw.regions = ["us-east-1"];
      raw.worker = { imageTag: "0.1.0" };
    });
    expect(errorsOf(r)).toContainEqual({
      path: "ai-infra:worker.imageTag",
      message: "is read on cloud gcp only (the AWS worker deploys the tag of worker/package.json)",
      value: "0.1.0",
    });
  });
});

describe("GCP spec: Kubernetes control plane", () => {
  const scale = (change: (raw: Record<string, any>) => void) => {
    const { raw } = stackConfig("scale-gcp-europe-west4");
    const copy = structuredClone(raw) as Record<string, any>;
    change(copy);
    return parseSpec(copy, { project: "ai-infra", stack: "t", secretKeys: new Set(["providerKeys"]) });
  };
  it("accepts the example's authorized ranges", () => {
    expect(errorsOf(scale(() => {}))).toEqual([]);
  });
  it("requires a decision on who reaches the Kubernetes API", () => {
    const r = scale((raw) => delete raw.cluster.controlPlane);
    expect(errorsOf(r).map((e) => e.path)).toEqual(["ai-infra:cluster.controlPlane"]);
  });
  it("refuses opening it to the whole internet", () => {
    const r = scale((raw) => (raw.cluster.controlPlane = { authorizedCidrs: ["0.0.0.0/0"], privateEndpoint: false }));
    expect(errorsOf(r)).toEqual([
      { path: "ai-infra:cluster.controlPlane.authorizedCidrs[0]", message: "must not open the Kubernetes API to the whole internet", value: "0.0.0.0/0" },
    ]);
  });
});


describe("GCP spec: semantic cache", () => {
  const withSemanticCache = () => {
    const { raw } = stackConfig("scale-gcp-europe-west4");
    const copy = structuredClone(raw) as Record<string, any>;
    copy.semanticCache = { similarityThreshold: 0.9, embeddingModel: "chat-small-hosted" };
    return parseSpec(copy, { project: "ai-infra", stack: "t", secretKeys: new Set(["providerKeys"]) });
  };
  it("is refused with the path, the reason and the alternative (Memorystore has no TEXT fields)", () => {
    expect(errorsOf(withSemanticCache())).toEqual([
      {
        path: "ai-infra:semanticCache",
        message:
          "is not available on cloud gcp: LiteLLM's redis-semantic cache (redisvl SemanticCache) creates an index with prompt TEXT, response TEXT fields, " +
          "and Memorystore vector search accepts only VECTOR, NUMERIC, TAG fields (https://cloud.google.com/memorystore/docs/redis/ftcreate). " +
          "Remove ai-infra:semanticCache; the exact-match response cache (ai-infra:cache) stays on",
      },
    ]);
  });
  it("the example scale stack plans without it", () => {
    const { raw } = stackConfig("scale-gcp-europe-west4");
    expect((raw as Record<string, unknown>).semanticCache).toBeUndefined();
  });
});
