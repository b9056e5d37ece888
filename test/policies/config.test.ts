import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { runner as guardrailsRunner } from "../../policies/guardrails/runner";
import type { InProcessResource } from "../../policies/lib/runner";
import { encodeConfig } from "../../planner/stack-file";
import { parseStack } from "../../components/config";
import { guardrailsPack } from "../../policies/guardrails/pack";
import { type PolicyConfig, PolicyConfigError, configSchemaOf, initialConfigOf, policyConfigFor, settingsOf } from "../../policies/lib/config";
import { isTaggable, placementOf, sdkInputs } from "../../policies/lib/resources";
import { runPack } from "../../policies/lib/runner";
import { enforcementConfigKey, policyConfigFromStack } from "../../policies/stack-config";
import { residencyPack } from "../../policies/residency/pack";
import { exampleFile, exampleRaw } from "../helpers/stacks";
import { configFor, euAws, res } from "./helpers";

const packs = { residency: residencyPack, guardrails: guardrailsPack };
const specOf = (stack: string) => {
  const { raw, secretKeys } = exampleRaw(stack);
  const parsed = parseStack(raw, { secretKeys, stack });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.stack;
};
/** The planner's view of a resource (`PlannedResource`). */
const toPlanner = (rs: InProcessResource[]) => rs.map((r) => ({ urn: r.urn, type: r.type, name: r.name, parent: null, region: null, inputs: r.props }));
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a PolicyConfigError");
};

describe("policyConfigFor: derived from jurisdiction and stage", () => {
  it("gives an EU growth stack its regions, the EU endpoints and growth's bounds", () => {
    const c = policyConfigFor(specOf("growth-aws-eu-west-1"), undefined, packs);
    expect(c.residency).toEqual({
      settings: {
        jurisdiction: "eu",
        allowedRegions: {
          aws: euAws.split(", "),
          gcp: ["europe-west1", "europe-west3", "europe-west4", "europe-west8", "europe-west9", "europe-west10", "europe-west12", "europe-north1", "europe-north2", "europe-central2", "europe-southwest1"],
        },
        allowedEndpoints: ["eu.api.openai.com"],
      },
      enforcement: {},
    });
    expect(c.guardrails).toEqual({
      settings: {
        stage: "growth",
        requiredTags: ["stage", "owner", "cost-center"],
        retentionDays: { min: 30, max: 365 },
        requireBudgets: true,
        requireDeletionProtection: false,
        maxGpuNodesPerPool: 4,
      },
      enforcement: {},
    });
  });

  it("depends on the facts, not on the stack's name", () => {
    const spec = specOf("growth-aws-eu-west-1");
    const renamed = { ...spec, stack: "something-else", project: "other" };
    expect(policyConfigFor(renamed)).toEqual(policyConfigFor(spec));
    expect(policyConfigFor({ jurisdiction: "eu", stage: "growth" })).toEqual(policyConfigFor(spec));
  });

  it("tightens with the stage and loosens outside the EU", () => {
    expect(configFor("us", "prototype").guardrails.settings).toMatchObject({ retentionDays: { min: 7, max: 730 }, requireBudgets: false, requireDeletionProtection: false, maxGpuNodesPerPool: 2 });
    expect(configFor("uk", "enterprise").guardrails.settings).toMatchObject({ retentionDays: { min: 90, max: 365 }, requireBudgets: true, requireDeletionProtection: true, maxGpuNodesPerPool: 64 });
    // OpenAI's and Anthropic's default hosts have no processing constraint (docs/residency.md).
    expect(configFor("us", "growth").residency.settings.allowedEndpoints).toEqual(["us.api.openai.com"]);
    expect(configFor("uk", "growth").residency.settings.allowedRegions).toEqual({ aws: ["eu-west-2"], gcp: ["europe-west2"] });
  });

  it("allows every region and endpoint for jurisdiction global", () => {
    const r = configFor("global", "growth").residency.settings;
    expect(r.allowedEndpoints).toEqual(["*"]);
    expect(r.allowedRegions.aws).toContain("ap-south-1");
  });

  it("adds a host the stack declares to keep data in its jurisdiction", () => {
    const c = policyConfigFor({ jurisdiction: "eu", stage: "growth", providers: { mistral: { kind: "openai-compatible", apiBase: "https://api.mistral.ai/v1", dataJurisdiction: "eu" } } });
    expect(c.residency.settings.allowedEndpoints).toEqual(["api.mistral.ai", "eu.api.openai.com"]);
    const other = policyConfigFor({ jurisdiction: "eu", stage: "growth", providers: { x: { kind: "openai-compatible", apiBase: "https://x.example.com", dataJurisdiction: "us" } } });
    expect(other.residency.settings.allowedEndpoints).toEqual(["eu.api.openai.com"]);
  });

  it("applies enforcement overrides", () => {
    const c = policyConfigFor({ jurisdiction: "eu", stage: "growth" }, { guardrails: { "required-tags": "mandatory" }, residency: { "dns-failover-in-jurisdiction": "advisory" } }, packs);
    expect(c.guardrails.enforcement).toEqual({ "required-tags": "mandatory" });
    expect(c.residency.enforcement).toEqual({ "dns-failover-in-jurisdiction": "advisory" });
  });
});

describe("bad input: a clear error naming the key", () => {
  it("an unknown jurisdiction", () =>
    expect(errorOf(() => policyConfigFor({ jurisdiction: "mars", stage: "growth" }))).toBe(
      'invalid policy config: jurisdiction: unknown jurisdiction "mars"; known: eu, us, uk, ca, au, jp, global',
    ));
  it("an unknown stage", () =>
    expect(errorOf(() => policyConfigFor({ jurisdiction: "eu", stage: "huge" }))).toBe(
      'invalid policy config: stage: unknown stage "huge"; known: prototype, growth, scale, enterprise',
    ));
  it("an override of a policy the pack does not have", () =>
    expect(errorOf(() => policyConfigFor({ jurisdiction: "eu", stage: "growth" }, { residency: { "no-such-policy": "advisory" } }, packs))).toBe(
      `invalid policy config: enforcement.residency.no-such-policy: names no policy of pack residency; policies: ${residencyPack.policies.map((p) => p.name).join(", ")}`,
    ));
  it("an enforcement level that does not exist", () =>
    expect(errorOf(() => policyConfigFor({ jurisdiction: "eu", stage: "growth" }, { guardrails: { "required-tags": "strict" as "advisory" } }, packs))).toBe(
      "invalid policy config: enforcement.guardrails.required-tags: must be one of advisory, mandatory, disabled",
    ));
  it("a pack config with a key missing", () =>
    expect(errorOf(() => settingsOf("residency", { jurisdiction: "eu", allowedRegions: { aws: [], gcp: [] } }))).toBe(
      "invalid policy config: residency.allowedEndpoints: must be a list of host names",
    ));
  it("a pack config with an unknown key", () =>
    expect(errorOf(() => settingsOf("residency", { ...configFor("eu", "growth").residency.settings, allowedRegion: ["eu-west-1"] }))).toBe(
      "invalid policy config: residency.allowedRegion: is not a known setting",
    ));
  it("retention bounds the wrong way round", () =>
    expect(errorOf(() => settingsOf("guardrails", { ...configFor("eu", "growth").guardrails.settings, retentionDays: { min: 400, max: 30 } }))).toBe(
      "invalid policy config: guardrails.retentionDays.max: max must be at least min",
    ));
  it("a policy run with a config outside its schema stops instead of passing", () =>
    expect(errorOf(() => runPack(residencyPack, [res("aws:s3/bucket:Bucket", "b", { region: "us-east-1" })], { settings: { jurisdiction: "eu" }, enforcement: {} }))).toBe(
      "invalid policy config: residency.allowedRegions: Invalid input: expected object, received undefined; residency.allowedEndpoints: must be a list of host names",
    ));
});

describe("enforcement", () => {
  const outside = [res("aws:s3/bucket:Bucket", "b", { region: "us-east-1" })];
  const settings = configFor("eu", "growth").residency.settings;
  it("is mandatory for residency by default", () =>
    expect(runPack(residencyPack, outside, { settings, enforcement: {} }).map((v) => [v.policy, v.level])).toEqual([["regional-resource-in-jurisdiction", "mandatory"]]));
  it("can be lowered per policy", () =>
    expect(runPack(residencyPack, outside, { settings, enforcement: { "regional-resource-in-jurisdiction": "advisory" } }).map((v) => v.level)).toEqual(["advisory"]));
  it("can switch a policy off", () => expect(runPack(residencyPack, outside, { settings, enforcement: { "regional-resource-in-jurisdiction": "disabled" } })).toEqual([]));
  it("a run limited to named policies (the planner's re-check at pulumi up) runs those and no other", () => {
    expect(runPack(residencyPack, outside, { settings, enforcement: {} }, { only: new Set(["regional-resource-in-jurisdiction"]) }).map((v) => v.policy)).toEqual([
      "regional-resource-in-jurisdiction",
    ]);
    expect(runPack(residencyPack, outside, { settings, enforcement: {} }, { only: new Set(["storage-location-in-jurisdiction"]) })).toEqual([]);
  });
  it("defaults: residency and encryption mandatory, hygiene advisory", () => {
    const levels = Object.fromEntries([...residencyPack.policies, ...guardrailsPack.policies].map((p) => [p.name, p.enforcementLevel]));
    for (const p of residencyPack.policies) expect(levels[p.name]).toBe("mandatory");
    for (const n of ["cache-encrypted-and-authenticated", "queue-encrypted", "bucket-encrypted", "database-encrypted"]) expect(levels[n]).toBe("mandatory");
    for (const n of ["required-tags", "api-gateway-throttled", "gpu-node-pools-tainted-and-bounded"]) expect(levels[n]).toBe("advisory");
  });
});

describe("the pack's initial config, as `pulumi preview` gets it", () => {
  it("is derived from the stack config the engine hands the pack", () => {
    const file = exampleFile("growth-aws-eu-west-1");
    const fromStack = policyConfigFromStack(encodeConfig(file.config)) as PolicyConfig;
    expect(fromStack).toEqual(policyConfigFor(specOf("growth-aws-eu-west-1"), undefined, packs));
    const initial = initialConfigOf(residencyPack, fromStack.residency);
    expect(Object.keys(initial)).toEqual(residencyPack.policies.map((p) => p.name));
    expect(initial["gateway-endpoints-in-jurisdiction"]).toEqual({ ...fromStack.residency.settings, enforcementLevel: "mandatory" });
  });
  it("honours the stack's enforcement overrides", () => {
    const config = { ...encodeConfig(exampleFile("growth-aws-eu-west-1").config), [enforcementConfigKey]: JSON.stringify({ guardrails: { "required-tags": "mandatory" } }) };
    const initial = initialConfigOf(guardrailsPack, policyConfigFromStack(config)!.guardrails);
    expect(initial["required-tags"]!.enforcementLevel).toBe("mandatory");
    expect(initial["api-gateway-throttled"]!.enforcementLevel).toBe("advisory");
  });
  it("reaches the planner's runner too (the planner sets the stack config in the runtime)", () => {
    const file = exampleFile("growth-aws-eu-west-1");
    const spec = specOf("growth-aws-eu-west-1");
    const untagged = toPlanner([res("aws:sqs/queue:Queue", "jobs", { sqsManagedSseEnabled: true, region: "eu-west-1" })]);
    const tagLevels = () => guardrailsRunner.run(untagged, spec).filter((v) => v.policy === "required-tags").map((v) => v.level);
    pulumi.runtime.setAllConfig(encodeConfig(file.config), file.secretKeys);
    expect(tagLevels()).toEqual(["advisory"]);
    pulumi.runtime.setAllConfig({ ...encodeConfig(file.config), [enforcementConfigKey]: JSON.stringify({ guardrails: { "required-tags": "mandatory" } }) }, file.secretKeys);
    expect(tagLevels()).toEqual(["mandatory"]);
  });
  it("is absent for a stack that is not an ai-infra stack", () => expect(policyConfigFromStack({ "aws:region": "eu-west-1" })).toBeUndefined());
  it("fails on an unknown jurisdiction in the stack, naming the key", () =>
    expect(errorOf(() => policyConfigFromStack({ "ai-infra:jurisdiction": "atlantis", "ai-infra:stage": "growth" }))).toBe(
      'invalid policy config: jurisdiction: unknown jurisdiction "atlantis"; known: eu, us, uk, ca, au, jp, global',
    ));
  it("declares its settings as the config schema the engine validates", () => {
    const schema = configSchemaOf("guardrails");
    expect(Object.keys(schema.properties).sort()).toEqual(["maxGpuNodesPerPool", "requireBudgets", "requireDeletionProtection", "requiredTags", "retentionDays", "stage"]);
    expect([...schema.required].sort()).toEqual(Object.keys(schema.properties).sort());
    for (const p of guardrailsPack.policies) expect(p.configSchema).toEqual(schema);
  });
});

describe("written against the real provider SDKs", () => {
  const files = ["residency", "guardrails"].flatMap((pack) =>
    readdirSync(path.join(__dirname, "..", "..", "policies", pack))
      .filter((f) => f.endsWith(".ts") && !["index.ts", "pack.ts", "runner.ts"].includes(f))
      .map((f) => path.join(__dirname, "..", "..", "policies", pack, f)),
  );

  it("has one policy per file, named like its file, kebab-case, with severity and enforcement in its JSDoc", () => {
    const all = [...residencyPack.policies, ...guardrailsPack.policies];
    expect(files.map((f) => path.basename(f, ".ts")).sort()).toEqual(all.map((p) => p.name).sort());
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      expect(text, f).toMatch(/\* Severity: (low|medium|high|critical)\. Enforcement: (mandatory|advisory)/);
      expect(path.basename(f, ".ts")).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
    }
  });

  it("names only type tokens that exist in @pulumi/aws and @pulumi/gcp", () => {
    const tokens = new Set(files.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/"((?:aws|gcp):[a-z0-9]+\/[A-Za-z0-9]+:[A-Za-z0-9]+)"/gi)].map((m) => m[1]!)));
    expect(tokens.size).toBeGreaterThan(40);
    expect([...tokens].filter((t) => sdkInputs(t) === undefined)).toEqual([]);
  });

  it("reads inputs those types really have", () => {
    const uses: Record<string, string[]> = {
      "aws:elasticache/replicationGroup:ReplicationGroup": ["atRestEncryptionEnabled", "transitEncryptionEnabled", "transitEncryptionMode", "authToken", "userGroupIds", "region"],
      "aws:sqs/queue:Queue": ["sqsManagedSseEnabled", "kmsMasterKeyId"],
      "aws:s3/bucketReplicationConfig:BucketReplicationConfig": ["bucket", "rules"],
      "aws:s3/bucket:Bucket": ["replicationConfiguration", "forceDestroy", "acl", "tags", "region"],
      "aws:apigateway/method:Method": ["authorization", "apiKeyRequired", "httpMethod"],
      "aws:apigateway/methodSettings:MethodSettings": ["restApi", "settings"],
      "aws:apigateway/usagePlan:UsagePlan": ["apiStages", "throttleSettings"],
      "aws:eks/nodeGroup:NodeGroup": ["amiType", "instanceTypes", "taints", "scalingConfig"],
      "aws:route53/record:Record": ["aliases", "records", "latencyRoutingPolicies"],
      "aws:budgets/budget:Budget": ["notifications"],
      "aws:secretsmanager/secret:Secret": ["replicas"],
      "gcp:redis/instance:Instance": ["transitEncryptionMode", "authEnabled", "region", "deletionProtection"],
      "gcp:storage/bucket:Bucket": ["location", "customPlacementConfig", "publicAccessPrevention", "uniformBucketLevelAccess", "lifecycleRules", "labels"],
      "gcp:pubsub/topic:Topic": ["messageStoragePolicy"],
      "gcp:secretmanager/secret:Secret": ["replication", "deletionProtection"],
      "gcp:cloudrunv2/service:Service": ["template", "invokerIamDisabled", "ingress", "location"],
      "gcp:container/nodePool:NodePool": ["nodeConfig", "autoscaling", "nodeLocations", "location"],
      "gcp:dns/recordSet:RecordSet": ["routingPolicy"],
      "gcp:billing/budget:Budget": ["thresholdRules", "allUpdatesRule"],
      "gcp:compute/securityPolicy:SecurityPolicy": ["rules"],
      "gcp:compute/backendService:BackendService": ["backends", "securityPolicy"],
      "gcp:compute/uRLMap:URLMap": ["defaultService", "defaultRouteAction", "defaultUrlRedirect", "pathMatchers"],
      "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup": ["networkEndpointType"],
    };
    for (const [type, keys] of Object.entries(uses)) expect(keys.filter((k) => !sdkInputs(type)!.has(k)), type).toEqual([]);
  });

  it("decides taggable and regional from the SDK class", () => {
    const view = (type: string) => ({ type, name: "x", urn: `urn:pulumi:test::ai-infra::${type}::x`, props: {} });
    expect(isTaggable(view("aws:s3/bucket:Bucket"))).toBe(true);
    expect(isTaggable(view("aws:s3/bucketPolicy:BucketPolicy"))).toBe(false);
    expect(isTaggable(view("gcp:storage/bucket:Bucket"))).toBe(true);
    expect(placementOf(view("aws:iam/role:Role")).regional).toBe(false);
    expect(placementOf(view("aws:sqs/queue:Queue")).regional).toBe(true);
    expect(placementOf(view("gcp:pubsub/topic:Topic")).regional).toBe(false);
  });
});
