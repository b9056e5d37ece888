/**
 * Creation order and provider settings that only the engine's view shows: each registration's
 * dependencies as sent to the engine (the planner's mocks record them), for the GCP growth example.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ScaleMocks, exampleSpec, installScaleMocks, plain, settle } from "../helpers/scale";

const stack = "growth-gcp-us-central1";
const region = "us-central1";
let mocks: ScaleMocks;

beforeAll(async () => {
  mocks = await installScaleMocks({ stack, gcpRegion: region, gcpProject: "ai-infra-example" });
  const { AiPlatform } = await import("../../components/platform/platform");
  const { toStack } = await import("../../components/config/parse");
  new AiPlatform("ai-infra", { stack: toStack(exampleSpec(stack)) });
  await settle(mocks);
});

describe("GCP growth stack: ordering and the Budget API", () => {
  it("creates every budget after the Budget API is enabled", () => {
    const api = mocks.one("gcp:projects/service:Service", `ai-infra-${region}-services-billingbudgets`);
    expect(plain(api.inputs).service).toBe("billingbudgets.googleapis.com");
    const budgets = mocks.resources.filter((c) => c.type === "gcp:billing/budget:Budget");
    // The infrastructure budget only: feature budgets are LiteLLM's (no resource carries a feature label).
    expect(budgets.length).toBe(1);
    for (const b of budgets) expect(mocks.dependencies.get(b.urn), b.name).toContain(api.urn);
  });

  it("creates the keys database after private services access and the Cloud SQL and Service Networking APIs", () => {
    const instance = mocks.one("gcp:sql/databaseInstance:DatabaseInstance", `ai-infra-${region}-database-instance`);
    const peering = mocks.one("gcp:servicenetworking/connection:Connection", `ai-infra-${region}-database-psa`);
    const deps = mocks.dependencies.get(instance.urn) ?? [];
    expect(deps).toContain(peering.urn);
    for (const api of ["sqladmin", "servicenetworking"]) {
      const svc = mocks.one("gcp:projects/service:Service", `ai-infra-${region}-services-${api}`);
      expect(deps, api).toContain(svc.urn);
      expect(mocks.dependencies.get(peering.urn) ?? [], api).toContain(svc.urn);
    }
  });

  it("calls the Budget API with the stack's project as quota project (user credentials need one)", () => {
    const provider = plain(mocks.one("pulumi:providers:gcp", "ai-infra-global-provider").inputs);
    expect(provider).toMatchObject({ project: "ai-infra-example", billingProject: "ai-infra-example", userProjectOverride: "true" });
  });

  it("enables Cloud Resource Manager before the project IAM grants", () => {
    const crm = mocks.one("gcp:projects/service:Service", `ai-infra-${region}-services-cloudresourcemanager`);
    const grants = mocks.resources.filter((c) => c.type === "gcp:projects/iAMMember:IAMMember");
    // The stack's one project-level grant: the daily spend check's BigQuery job user (components/gcp/usage.ts).
    expect(grants.map((g) => g.name)).toEqual([`ai-infra-${region}-usage-spend-check-jobs`]);
    for (const g of grants) expect(mocks.dependencies.get(g.urn), g.name).toContain(crm.urn);
  });
});

describe("GCP growth stack: the front door's order", () => {
  it("creates the load balancer, Cloud Armor policy and NEG only once the Compute API is enabled", () => {
    const compute = mocks.one("gcp:projects/service:Service", `ai-infra-${region}-services-compute`);
    const front = mocks.resources.filter((c) => c.name.startsWith("ai-infra-global-frontdoor") && c.type.startsWith("gcp:"));
    expect(front.map((c) => c.type).sort()).toEqual(
      [
        "gcp:compute/backendService:BackendService",
        "gcp:compute/globalAddress:GlobalAddress",
        "gcp:compute/globalForwardingRule:GlobalForwardingRule",
        "gcp:compute/managedSslCertificate:ManagedSslCertificate",
        "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup",
        "gcp:compute/securityPolicy:SecurityPolicy",
        "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
        "gcp:compute/uRLMap:URLMap",
      ].sort(),
    );
    for (const c of front) expect(mocks.dependencies.get(c.urn), c.name).toContain(compute.urn);
  });

  it("points the NEG at the gateway service after it exists, and the backend service at the NEG and the policy", () => {
    const service = mocks.one("gcp:cloudrunv2/service:Service", `ai-infra-${region}-gateway-service`);
    const neg = mocks.one("gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup", `ai-infra-global-frontdoor-neg-${region}`);
    expect(mocks.dependencies.get(neg.urn)).toContain(service.urn);
    const backend = mocks.one("gcp:compute/backendService:BackendService", "ai-infra-global-frontdoor-backend");
    expect(mocks.dependencies.get(backend.urn)).toEqual(expect.arrayContaining([neg.urn, mocks.one("gcp:compute/securityPolicy:SecurityPolicy", "ai-infra-global-frontdoor-armor").urn]));
  });

  it("starts the gateway revision only after it may read its master key", () => {
    const service = mocks.one("gcp:cloudrunv2/service:Service", `ai-infra-${region}-gateway-service`);
    const grant = mocks.one("gcp:secretmanager/secretIamMember:SecretIamMember", `ai-infra-${region}-gateway-master-key-accessor`);
    expect(mocks.dependencies.get(service.urn)).toContain(grant.urn);
  });
});

describe("GCP growth stack: first `up` (no worker image yet)", () => {
  it("creates the worker repository, queue and results bucket but no pool or autoscaler that could not pull an image", () => {
    expect(mocks.resources.filter((c) => c.type === "gcp:artifactregistry/repository:Repository").map((r) => r.name)).toContain(
      "ai-infra-us-central1-worker-repository",
    );
    expect(mocks.resources.filter((c) => c.type === "gcp:pubsub/topic:Topic").length).toBe(2);
    expect(mocks.resources.filter((c) => c.type === "gcp:cloudrunv2/workerPool:WorkerPool")).toEqual([]);
    expect(mocks.resources.filter((c) => c.name.startsWith("ai-infra-us-central1-scaler"))).toEqual([]);
  });
});
