/**
 * The capabilities every example's plan lists (`planner/capabilities.ts`), with the components
 * providing each, written out here per example; and the rows no example exercises (distillation,
 * a distilled adapter as A/B) on a spec that has them.
 */
import { describe, expect, it } from "vitest";
import { parseStack } from "../../components/config";
import { capabilitiesOf, capabilityTable } from "../../planner/capabilities";
import { planStack } from "../../planner/plan";
import { renderCapabilities } from "../../planner/render";
import { awsDedicatedRaw } from "../helpers/dedicated";
import { distilling } from "../helpers/distillation";
import { exampleFile, exampleRaw, exampleStacks } from "../helpers/stacks";

const expected: Record<string, Record<string, string[]>> = {
  "enterprise-aws-us-east-1": {
    "cache-semantic": ["ai-infra-us-east-1-cache", "ai-infra-us-east-1-gateway", "ai-infra-us-east-2-cache", "ai-infra-us-east-2-gateway", "ai-infra-us-west-2-cache", "ai-infra-us-west-2-gateway"],
    "limits": ["ai-infra-us-east-1-database", "ai-infra-us-east-1-gateway", "ai-infra-us-east-1-waf", "ai-infra-us-east-2-database", "ai-infra-us-east-2-gateway", "ai-infra-us-east-2-waf", "ai-infra-us-west-2-database", "ai-infra-us-west-2-gateway", "ai-infra-us-west-2-waf", "ai-infra-us-east-1-api", "ai-infra-us-east-2-api", "ai-infra-us-west-2-api"],
    "fallback": ["ai-infra-us-east-1-gateway", "ai-infra-us-east-2-gateway", "ai-infra-us-west-2-gateway"],
    "queue": ["ai-infra-us-east-1-queue", "ai-infra-us-east-1-worker", "ai-infra-us-east-2-queue", "ai-infra-us-east-2-worker", "ai-infra-us-west-2-queue", "ai-infra-us-west-2-worker"],
    "budgets": ["ai-infra-global", "ai-infra-us-east-1-database", "ai-infra-us-east-2-database", "ai-infra-us-west-2-database"],
    "routing": ["ai-infra-us-east-1-gateway", "ai-infra-us-east-2-gateway", "ai-infra-us-west-2-gateway"],
    "ab": ["ai-infra-us-east-1-gateway", "ai-infra-us-east-2-gateway", "ai-infra-us-west-2-gateway"],
    "batch": ["ai-infra-us-east-1-queue", "ai-infra-us-east-1-worker", "ai-infra-us-east-2-queue", "ai-infra-us-east-2-worker", "ai-infra-us-west-2-queue", "ai-infra-us-west-2-worker"],
    "dedicated-compute": ["ai-infra-us-east-1-kubernetes", "ai-infra-us-east-2-kubernetes", "ai-infra-us-west-2-kubernetes"],
    "self-hosting": ["ai-infra-us-east-1-kubernetes-serving", "ai-infra-us-east-2-kubernetes-serving", "ai-infra-us-west-2-kubernetes-serving", "ai-infra-us-east-1-kubernetes-serving-llama-small", "ai-infra-us-east-2-kubernetes-serving-llama-small", "ai-infra-us-west-2-kubernetes-serving-llama-small"],
    "fine-tuning": ["ai-infra-us-east-1-fine-tuning", "ai-infra-us-east-2-fine-tuning", "ai-infra-us-west-2-fine-tuning", "ai-infra-us-east-1-fine-tuning-release", "ai-infra-us-east-2-fine-tuning-release", "ai-infra-us-west-2-fine-tuning-release"],
    "regions": ["ai-infra-us-east-1", "ai-infra-us-east-2", "ai-infra-us-west-2", "ai-infra-global-stack", "ai-infra-global-stack-dns", "ai-infra-us-east-1-global-database"],
  },
  "enterprise-gcp-europe-west4": {
    "cache-exact": ["ai-infra-europe-west4-cache", "ai-infra-europe-west4-gateway", "ai-infra-europe-west1-cache", "ai-infra-europe-west1-gateway"],
    "limits": ["ai-infra-global-frontdoor", "ai-infra-europe-west4-database", "ai-infra-europe-west4-gateway", "ai-infra-europe-west1-database", "ai-infra-europe-west1-gateway"],
    "fallback": ["ai-infra-europe-west4-gateway", "ai-infra-europe-west1-gateway"],
    "queue": ["ai-infra-europe-west4-queue", "ai-infra-europe-west4-worker", "ai-infra-europe-west1-queue", "ai-infra-europe-west1-worker"],
    "budgets": ["ai-infra-global", "ai-infra-europe-west4-database", "ai-infra-europe-west1-database"],
    "routing": ["ai-infra-europe-west4-gateway", "ai-infra-europe-west1-gateway"],
    "ab": ["ai-infra-europe-west4-gateway", "ai-infra-europe-west1-gateway"],
    "batch": ["ai-infra-europe-west4-queue", "ai-infra-europe-west4-worker", "ai-infra-europe-west1-queue", "ai-infra-europe-west1-worker"],
    "dedicated-compute": ["ai-infra-europe-west4-kubernetes", "ai-infra-europe-west1-kubernetes"],
    "self-hosting": ["ai-infra-europe-west4-kubernetes-serving", "ai-infra-europe-west1-kubernetes-serving", "ai-infra-europe-west4-kubernetes-serving-mistral-small", "ai-infra-europe-west1-kubernetes-serving-mistral-small"],
    "fine-tuning": ["ai-infra-europe-west4-fine-tuning", "ai-infra-europe-west1-fine-tuning"],
    "regions": ["ai-infra-europe-west4", "ai-infra-europe-west1"],
  },
  "growth-aws-eu-west-1": {
    "cache-exact": ["ai-infra-eu-west-1-cache", "ai-infra-eu-west-1-gateway"],
    "limits": ["ai-infra-eu-west-1-database", "ai-infra-eu-west-1-gateway", "ai-infra-eu-west-1-api"],
    "fallback": ["ai-infra-eu-west-1-gateway"],
    "queue": ["ai-infra-eu-west-1-queue", "ai-infra-eu-west-1-worker"],
    "budgets": ["ai-infra-global", "ai-infra-eu-west-1-database"],
    "batch": ["ai-infra-eu-west-1-queue", "ai-infra-eu-west-1-worker"],
  },
  "growth-gcp-us-central1": {
    "cache-exact": ["ai-infra-us-central1-cache", "ai-infra-us-central1-gateway"],
    "limits": ["ai-infra-global-frontdoor", "ai-infra-us-central1-database", "ai-infra-us-central1-gateway"],
    "fallback": ["ai-infra-us-central1-gateway"],
    "queue": ["ai-infra-us-central1-queue", "ai-infra-us-central1-worker"],
    "budgets": ["ai-infra-global", "ai-infra-us-central1-database"],
    "batch": ["ai-infra-us-central1-queue", "ai-infra-us-central1-worker"],
  },
  "prototype-aws-us-east-1": {
    "limits": ["ai-infra-us-east-1-gateway", "ai-infra-us-east-1-api"],
  },
  "prototype-gcp-europe-west4": {
    "limits": ["ai-infra-global-frontdoor", "ai-infra-europe-west4-database", "ai-infra-europe-west4-gateway"],
  },
  "scale-aws-us-east-1": {
    "cache-semantic": ["ai-infra-us-east-1-cache", "ai-infra-us-east-1-gateway"],
    "limits": ["ai-infra-us-east-1-database", "ai-infra-us-east-1-gateway", "ai-infra-us-east-1-waf", "ai-infra-us-east-1-api"],
    "fallback": ["ai-infra-us-east-1-gateway"],
    "queue": ["ai-infra-us-east-1-queue", "ai-infra-us-east-1-worker"],
    "budgets": ["ai-infra-global", "ai-infra-us-east-1-database"],
    "routing": ["ai-infra-us-east-1-gateway"],
    "ab": ["ai-infra-us-east-1-gateway"],
    "batch": ["ai-infra-us-east-1-queue", "ai-infra-us-east-1-worker"],
    "dedicated-compute": ["ai-infra-us-east-1-kubernetes", "ai-infra-us-east-1-dedicated-chat-strong"],
    "self-hosting": ["ai-infra-us-east-1-kubernetes-serving", "ai-infra-us-east-1-kubernetes-serving-llama-small"],
  },
  "scale-gcp-europe-west4": {
    "cache-exact": ["ai-infra-europe-west4-cache", "ai-infra-europe-west4-gateway"],
    "limits": ["ai-infra-global-frontdoor", "ai-infra-europe-west4-database", "ai-infra-europe-west4-gateway"],
    "fallback": ["ai-infra-europe-west4-gateway"],
    "queue": ["ai-infra-europe-west4-queue", "ai-infra-europe-west4-worker"],
    "budgets": ["ai-infra-global", "ai-infra-europe-west4-database"],
    "routing": ["ai-infra-europe-west4-gateway"],
    "ab": ["ai-infra-europe-west4-gateway"],
    "batch": ["ai-infra-europe-west4-queue", "ai-infra-europe-west4-worker"],
    "dedicated-compute": ["ai-infra-europe-west4-kubernetes"],
    "self-hosting": ["ai-infra-europe-west4-kubernetes-serving", "ai-infra-europe-west4-kubernetes-serving-mistral-small"],
  },
};

describe("capabilities in the plan", () => {
  it("covers every example", () => {
    expect(Object.keys(expected).sort()).toEqual([...exampleStacks].sort());
  });

  it.each(Object.keys(expected))("%s lists its capabilities and the components providing each", async (stack) => {
    const { result, exitCode } = await planStack(exampleFile(stack));
    expect(exitCode).toBe(0);
    expect(Object.fromEntries((result.capabilities ?? []).map((c) => [c.name, c.resources]))).toEqual(expected[stack]);
  }, 120_000);

  it("lists distillation, and the served adapter as A/B, on a stack that distils", () => {
    const r = parseStack(distilling(), { secretKeys: new Set(["providerKeys"]) });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const resources = [
      { type: "ai-infra:aws:FineTuning", name: "ai-infra-us-east-1-fine-tuning" },
      { type: "ai-infra:kubernetes:FineTuningRelease", name: "ai-infra-us-east-1-fine-tuning-release" },
      { type: "ai-infra:aws:LlmGateway", name: "ai-infra-us-east-1-gateway" },
      { type: "aws:s3/bucket:Bucket", name: "ai-infra-us-east-1-gateway" },
    ];
    const caps = Object.fromEntries(capabilitiesOf(r.stack, resources).map((c) => [c.name, c.resources]));
    expect(caps.distillation).toEqual(["ai-infra-us-east-1-fine-tuning", "ai-infra-us-east-1-fine-tuning-release"]);
    expect(caps.ab).toEqual(["ai-infra-us-east-1-gateway"]);
    const raw = distilling();
    delete raw.fineTuning.distillation;
    const without = parseStack(raw, { secretKeys: new Set(["providerKeys"]) });
    if (!without.ok) throw new Error(JSON.stringify(without.errors));
    expect(capabilitiesOf(without.stack, resources).map((c) => c.name)).not.toContain("distillation");
  });

  it("lists the cache tiers with the cold tier's bucket on a stack that has them", () => {
    const { raw } = exampleRaw("growth-aws-eu-west-1");
    raw.cache = { ...(raw.cache as object), tiers: { hot: { ttlSeconds: 60, maxEntries: 1000, maxEntryKb: 64 }, cold: { ttlDays: 7 } } };
    const r = parseStack(raw, { secretKeys: new Set(["providerKeys"]) });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const resources = [
      { type: "ai-infra:aws:ResponseCache", name: "ai-infra-eu-west-1-cache" },
      { type: "ai-infra:aws:SecureBucket", name: "ai-infra-eu-west-1-cache-cold" },
      { type: "ai-infra:aws:SecureBucket", name: "ai-infra-eu-west-1-logs" },
    ];
    const caps = Object.fromEntries(capabilitiesOf(r.stack, resources).map((c) => [c.name, c.resources]));
    expect(caps["cache-tiered"]).toEqual(["ai-infra-eu-west-1-cache", "ai-infra-eu-west-1-cache-cold"]);
    expect(caps["cache-exact"]).toEqual(["ai-infra-eu-west-1-cache"]);
  });

  it("lists template caching, and weighted template variants as A/B, on a stack with prompt templates and the exact cache", () => {
    const resources = [
      { type: "ai-infra:aws:ResponseCache", name: "ai-infra-eu-west-1-cache" },
      { type: "ai-infra:aws:LlmGateway", name: "ai-infra-eu-west-1-gateway" },
      { type: "ai-infra:aws:SecureBucket", name: "ai-infra-eu-west-1-logs" },
    ];
    const caps = (prompts: unknown) => {
      const { raw } = exampleRaw("growth-aws-eu-west-1");
      raw.prompts = prompts;
      const r = parseStack(raw, { secretKeys: new Set(["providerKeys"]) });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return Object.fromEntries(capabilitiesOf(r.stack, resources).map((c) => [c.name, c.resources]));
    };
    const ab = caps({ directory: "prompts", templates: { headline: { version: 1, variants: { control: 50, terse: 50 } } } });
    expect(ab["cache-template"]).toEqual(["ai-infra-eu-west-1-cache", "ai-infra-eu-west-1-gateway"]);
    expect(ab.ab).toEqual(["ai-infra-eu-west-1-gateway"]);
    const single = caps({ directory: "prompts", templates: { headline: { version: 1 } } });
    expect(single["cache-template"]).toEqual(["ai-infra-eu-west-1-cache", "ai-infra-eu-west-1-gateway"]);
    expect(single.ab).toBeUndefined();
    expect(caps(undefined)["cache-template"]).toBeUndefined();
  });

  it("lists Bedrock provisioned throughput as dedicated compute, beside the cluster", () => {
    const r = parseStack(awsDedicatedRaw(), { secretKeys: new Set(["providerKeys"]) });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const resources = [
      { type: "ai-infra:aws:Cluster", name: "ai-infra-us-east-1-kubernetes" },
      { type: "ai-infra:aws:ProvisionedThroughput", name: "ai-infra-us-east-1-dedicated-chat-small-hosted" },
      { type: "ai-infra:aws:LlmGateway", name: "ai-infra-us-east-1-gateway" },
    ];
    expect(capabilitiesOf(r.stack, resources).find((c) => c.name === "dedicated-compute")).toEqual({
      name: "dedicated-compute",
      resources: ["ai-infra-us-east-1-kubernetes", "ai-infra-us-east-1-dedicated-chat-small-hosted"],
    });
  });

  it("has one row per capability name", () => {
    expect(capabilityTable.map((r) => r.name)).toEqual(["cache-exact", "cache-tiered", "cache-semantic", "cache-template", "limits", "fallback", "queue", "budgets", "routing", "ab", "batch", "dedicated-compute", "self-hosting", "fine-tuning", "distillation", "regions"]);
  });

  it("prints each capability with its components, repeated names counted", () => {
    expect(renderCapabilities([{ name: "queue", resources: ["q", "w", "q"] }, { name: "limits", resources: [] }], 100)).toEqual(["", "Capabilities: 2", "  queue: q x2, w", "  limits: (no component of its own)"]);
  });
});
