import { describe, expect, it } from "vitest";
import { parseStack } from "../../components/config";
import { stackConfig } from "../gcp/harness";

/** The EU prototype example with one change applied to its raw config. */
function parseWith(change: (raw: Record<string, any>) => void) {
  const { raw } = stackConfig("prototype-gcp-europe-west4");
  const copy = structuredClone(raw) as Record<string, any>;
  change(copy);
  return parseStack(copy, { project: "ai-infra", stack: "t", secretKeys: new Set(["providerKeys"]) });
}
const errorsOf = (r: ReturnType<typeof parseStack>) => (r.ok ? [] : r.errors);

describe("GCP spec: the front door", () => {
  it("accepts the EU example: europe-west4 with its domain and admin ranges (any Cloud Run region works now)", () => {
    const r = parseWith(() => {});
    expect(errorsOf(r)).toEqual([]);
  });

  it("requires api.domain at every stage, saying why", () => {
    const r = parseWith((raw) => delete raw.api.domain);
    expect(errorsOf(r)).toEqual([
      {
        path: "ai-infra:api.domain",
        message:
          "is required on cloud gcp at every stage: the global load balancer's Google-managed certificate is issued for it and callers use https://<domain>/v1 from prototype to enterprise (set a DNS name you control, e.g. api.example.com; api.dnsZone lets the kit write its records)",
      },
    ]);
  });

  it("refuses a daily per-key quota (Cloud Armor counts over at most an hour), naming the budget alternative", () => {
    const r = parseWith((raw) => (raw.api.perKey = { ratePerSecond: 5, burst: 10, quotaPerDay: 2000 }));
    expect(errorsOf(r)).toEqual([
      {
        path: "ai-infra:api.perKey.quotaPerDay",
        message:
          "cannot be enforced on cloud gcp: Cloud Armor's rate-based rules count over at most 3600 s (https://cloud.google.com/armor/docs/rate-limiting-overview); remove it and give keys a daily budget instead (access.keyDefaults: a LiteLLM budget with a 1d period)",
        value: 2000,
      },
    ]);
  });

  it("refuses a per-key rate above the kit's per-key bound (which keeps Cloud Armor's count within its range)", () => {
    const r = parseWith((raw) => (raw.api.perKey = { ratePerSecond: 100_000, burst: 10 }));
    expect(errorsOf(r).map((e) => [e.path, e.value])).toEqual([["ai-infra:api.perKey.ratePerSecond", 100_000]]);
  });

  it("refuses a gateway timeout whose retries exceed Cloud Run's 3600 s request timeout, instead of shortening it", () => {
    // Retries are built from growth: the growth example, with 3 of them.
    const at = (timeoutSeconds: number) => {
      const raw = structuredClone(stackConfig("growth-gcp-us-central1").raw) as Record<string, any>;
      raw.gateway = { ...raw.gateway, timeoutSeconds };
      raw.reliability = { ...raw.reliability, numRetries: 3 };
      return parseStack(raw, { project: "ai-infra", stack: "t", secretKeys: new Set(["providerKeys"]) });
    };
    // 896 × 4 tries + 15 = 3599 s fits; 897 × 4 + 15 = 3603 s does not.
    expect(errorsOf(at(896))).toEqual([]);
    expect(errorsOf(at(897))).toEqual([
      {
        path: "ai-infra:gateway.timeoutSeconds",
        message:
          "must be at most 896 on cloud gcp with reliability.numRetries 3: the Cloud Run request timeout, timeoutSeconds × 4 tries + 15 s, is 3603 s and Cloud Run allows at most 3600 s (lower timeoutSeconds to 1–896 or reliability.numRetries)",
        value: 897,
      },
    ]);
  });

  it("refuses the whole internet as an admin range", () => {
    const r = parseWith((raw) => (raw.api.adminCidrs = ["203.0.113.0/24", "0.0.0.0/0"]));
    expect(errorsOf(r)).toEqual([{ path: "ai-infra:api.adminCidrs[1]", message: "must not open the admin path to the whole internet (list your operators' egress ranges)", value: "0.0.0.0/0" }]);
  });

  it("no longer knows api.gatewayRegion (API Gateway is gone)", () => {
    const r = parseWith((raw) => (raw.api.gatewayRegion = "europe-west1"));
    expect(errorsOf(r).map((e) => e.path)).toEqual(["ai-infra:api.gatewayRegion"]);
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
    return parseStack(copy, { project: "ai-infra", stack: "t", secretKeys: new Set(["providerKeys"]) });
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
    return parseStack(copy, { project: "ai-infra", stack: "t", secretKeys: new Set(["providerKeys"]) });
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
    return parseStack(copy, { project: "ai-infra", stack: "t", secretKeys: new Set(["providerKeys"]) });
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
