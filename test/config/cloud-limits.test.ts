/**
 * Input classes the spec used to accept although the cloud would refuse them (or the kit would
 * silently ignore or rewrite them). Each case breaks one property of a valid example stack and
 * expects exactly that path, with the allowed values in the message.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveStackArg } from "../../planner/stack-file";
import { parseStack } from "../../components/config";
import { unknownNamespaceErrors } from "../../components/config/config";
import { fargateMemoryChoices } from "../../components/config/facts/aws";
import { pulumiAutoName } from "../../components/config/facts/common";
import { exampleRaw } from "../helpers/stacks";

type Raw = Record<string, any>;
const clone = (o: unknown): Raw => JSON.parse(JSON.stringify(o));

function errorsOf(base: string, mutate: (r: Raw) => void, project = "ai-infra") {
  const { raw, secretKeys } = exampleRaw(base);
  const broken = clone(raw);
  mutate(broken);
  const result = parseStack(broken, { secretKeys, project, stack: base });
  return result.ok ? [] : result.errors;
}

const cases: { name: string; base: string; mutate: (r: Raw) => void; path: string; message: string; project?: string }[] = [
  // Derived values that overflow: the third region's /16 would leave 10.0.0.0/8.
  { name: "network ranges counted past the private block", base: "prototype-aws-us-east-1", mutate: (r) => ((r.network = { cidr: "10.254.0.0/16" }), (r.regions = ["us-east-1", "us-east-2", "us-west-2"])), path: "ai-infra:network.cidr", message: "past the private block's end (10.255.0.0/16); choose a base of at most 10.253.0.0/16" },
  { name: "a public base range", base: "prototype-aws-us-east-1", mutate: (r) => (r.network = { cidr: "8.8.0.0/16" }), path: "ai-infra:network.cidr", message: "must lie in a private range" },
  // Container sizes the platform does not offer.
  { name: "Fargate CPU size that does not exist", base: "prototype-aws-us-east-1", mutate: (r) => (r.gateway = { cpu: 3, memoryMiB: 8192 }), path: "ai-infra:gateway.cpu", message: "allowed vCPU: 0.25, 0.5, 1, 2, 4, 8, 16" },
  { name: "Fargate memory the CPU size does not take", base: "growth-aws-eu-west-1", mutate: (r) => (r.worker = { cpu: 0.25, memoryMiB: 3072 }), path: "ai-infra:worker.memoryMiB", message: "allowed MiB: 512, 1024, 2048" },
  // Tags the cloud rejects, labels refused rather than rewritten.
  { name: "AWS tag value with a character AWS rejects", base: "prototype-aws-us-east-1", mutate: (r) => (r.tags.extra = { team: "ml#ops" }), path: "ai-infra:tags.extra.team", message: "is not a valid AWS tag value" },
  { name: "AWS tag key with the reserved prefix", base: "prototype-aws-us-east-1", mutate: (r) => (r.tags.extra = { "aws:team": "ml" }), path: "ai-infra:tags.extra.aws:team", message: "not starting with 'aws:'" },
  { name: "GCP label value in upper case", base: "prototype-gcp-europe-west4", mutate: (r) => (r.tags.owner = "Platform-Team"), path: "ai-infra:tags.owner", message: "labels are kept as given, never rewritten" },
  { name: "GCP label key starting with a digit", base: "prototype-gcp-europe-west4", mutate: (r) => (r.tags.extra = { "1team": "ml" }), path: "ai-infra:tags.extra.1team", message: "is not a valid GCP label key" },
  // Numbers beyond what the APIs accept.
  { name: "stage burst above API Gateway's account limit", base: "growth-aws-eu-west-1", mutate: (r) => (r.api.global = { ratePerSecond: 200, burst: 6000 }), path: "ai-infra:api.global.burst", message: "must be at most 5000" },
  { name: "more gateway tasks than an ECS service runs", base: "growth-aws-eu-west-1", mutate: (r) => (r.gateway = { maxReplicas: 6000 }), path: "ai-infra:gateway.maxReplicas", message: "must be at most 5000 (the API's maximum)" },
  { name: "a gateway that cannot carry the stage throttle", base: "growth-aws-eu-west-1", mutate: (r) => (r.gateway = { cpu: 1, memoryMiB: 2048, maxReplicas: 2 }), path: "ai-infra:gateway.maxReplicas", message: "must be at least 3" },
  // A declaration must not override the kit's endpoint facts.
  { name: "dataJurisdiction contradicting a known endpoint", base: "growth-aws-eu-west-1", mutate: (r) => (r.providers["openai-eu"].dataJurisdiction = "us"), path: "ai-infra:providers.openai-eu.dataJurisdiction", message: "contradicts what the kit knows about https://eu.api.openai.com/v1 (`apiBase: https://eu.api.openai.com/v1`: Europe (a project with EU data residency); eu)" },
  { name: "dataJurisdiction contradicting a Bedrock region", base: "scale-aws-us-east-1", mutate: (r) => (r.providers["bedrock-us"].dataJurisdiction = "eu"), path: "ai-infra:providers.bedrock-us.dataJurisdiction", message: "contradicts what the kit knows" },
  // Services a region does not offer; settings the cloud needs.
  { name: "Bedrock in a region without it", base: "scale-aws-us-east-1", mutate: (r) => ((r.jurisdiction = "global"), (r.providers["bedrock-us"].region = "ap-east-1")), path: "ai-infra:providers.bedrock-us.region", message: "has no Bedrock runtime; allowed: us-east-1" },
  { name: "EKS endpoint without a decision on who may reach it", base: "scale-aws-us-east-1", mutate: (r) => delete r.cluster.publicAccessCidrs, path: "ai-infra:cluster.publicAccessCidrs", message: "is required on aws" },
  { name: "EKS admin that is not an IAM ARN", base: "scale-aws-us-east-1", mutate: (r) => (r.cluster.adminPrincipals = ["alice"]), path: "ai-infra:cluster.adminPrincipals[0]", message: "must be an IAM role or user ARN" },
  { name: "EKS endpoint CIDR that is not one", base: "scale-aws-us-east-1", mutate: (r) => (r.cluster.publicAccessCidrs = ["203.0.113.0"]), path: "ai-infra:cluster.publicAccessCidrs[0]", message: "must be an IPv4 CIDR" },
  // An EKS version past extended support on 2026-12-07 (1.31 ended 2026-11-26), and one older than the calendar.
  {
    name: "EKS version past extended support",
    base: "scale-aws-us-east-1",
    mutate: (r) => (r.cluster.kubernetesVersion = "1.31"),
    path: "ai-infra:cluster.kubernetesVersion",
    message: "is past EKS extended support (as of 2026-12-07); allowed: 1.32, 1.33, 1.34, 1.35 or newer (standard support, billed at the standard rate: 1.35 or newer)",
  },
  { name: "EKS version older than the calendar", base: "scale-aws-us-east-1", mutate: (r) => (r.cluster.kubernetesVersion = "1.24"), path: "ai-infra:cluster.kubernetesVersion", message: "is past EKS extended support" },
  // GKE versions in their maintenance period or past standard support on 2026-12-08 (1.34 entered
  // maintenance on 2026-08-30), and one older than the calendar.
  {
    name: "GKE version no longer offered for new clusters",
    base: "scale-gcp-europe-west4",
    mutate: (r) => (r.cluster.kubernetesVersion = "1.34"),
    path: "ai-infra:cluster.kubernetesVersion",
    message: "is not offered for new clusters in GKE's Regular channel (as of 2026-12-08: in its maintenance period or past standard support); allowed: 1.35 or newer",
  },
  { name: "GKE version older than the calendar", base: "scale-gcp-europe-west4", mutate: (r) => (r.cluster.kubernetesVersion = "1.33"), path: "ai-infra:cluster.kubernetesVersion", message: "is not offered for new clusters in GKE's Regular channel" },
  // Auto-names that would not fit once Pulumi adds its suffix.
  { name: "GPU pool name too long for its node group", base: "scale-aws-us-east-1", mutate: (r) => ((r.cluster.gpuPools[0].name = "a10g-pool-for-the-llama-small-model-xyz"), (r.selfHosted[0].pool = "a10g-pool-for-the-llama-small-model-xyz")), path: "ai-infra:cluster.gpuPools[0].name", message: "longer than EKS's 63 characters; use at most 21 characters" },
  { name: "project name too long for the model-cache bucket", base: "scale-aws-us-east-1", mutate: () => {}, project: "acme-ai-platform-team", path: "ai-infra:regions", message: "would exceed AWS's 63 characters; use a project name of at most 15 characters" },
  // AWS-only settings on GCP.
  { name: "customer-managed log key on GCP", base: "prototype-gcp-europe-west4", mutate: (r) => (r.logging = { customerManagedKey: true }), path: "ai-infra:logging.customerManagedKey", message: "is supported on cloud aws only" },
  // The prototype's cost choices: each read by one cloud, the NAT instance by one stage.
  { name: "NAT egress choice on GCP", base: "prototype-gcp-europe-west4", mutate: (r) => (r.network = { egress: "nat-instance" }), path: "ai-infra:network.egress", message: "is read on cloud aws only" },
  { name: "Cloud Run billing on AWS", base: "prototype-aws-us-east-1", mutate: (r) => (r.gateway = { billing: "request" }), path: "ai-infra:gateway.billing", message: "is read on cloud gcp only" },
  { name: "a NAT instance beyond the prototype", base: "growth-aws-eu-west-1", mutate: (r) => (r.network = { egress: "nat-instance" }), path: "ai-infra:network.egress", message: "nat-instance is for stage prototype only (one instance, one zone, no managed failover); at stage growth use nat-gateway" },
  { name: "an egress the kit does not know", base: "prototype-aws-us-east-1", mutate: (r) => (r.network = { egress: "ipv6" }), path: "ai-infra:network.egress", message: "must be one of nat-gateway, nat-instance" },
  { name: "a billing setting Cloud Run does not have", base: "prototype-gcp-europe-west4", mutate: (r) => (r.gateway = { billing: "always" }), path: "ai-infra:gateway.billing", message: "must be one of instance, request" },
];

describe("spec refuses what the cloud would refuse", () => {
  for (const c of cases) {
    it(c.name, () => {
      const errors = errorsOf(c.base, c.mutate, c.project);
      expect(errors.map((e) => e.path)).toEqual([c.path]);
      expect(errors[0]!.message).toContain(c.message);
    });
  }

  it("accepts an EKS version in extended support (billed at that rate) and one newer than the calendar", () => {
    for (const v of ["1.32", "1.34", "1.36"]) expect(errorsOf("scale-aws-us-east-1", (r) => (r.cluster.kubernetesVersion = v))).toEqual([]);
  });

  it("accepts a GKE version GKE still creates clusters on, and one newer than the calendar", () => {
    for (const v of ["1.35", "1.36"]) expect(errorsOf("scale-gcp-europe-west4", (r) => (r.cluster.kubernetesVersion = v))).toEqual([]);
  });

  it("accepts every example stack as it is", () => {
    for (const base of ["prototype-aws-us-east-1", "growth-aws-eu-west-1", "scale-aws-us-east-1", "prototype-gcp-europe-west4"]) {
      expect(errorsOf(base, () => {})).toEqual([]);
    }
  });
});

describe("config namespaces", () => {
  it("names every key in a namespace nobody reads, and only those", () => {
    const errors = unknownNamespaceErrors(["ai-infra:stage", "aws:region", "gcp:project", "ai-infr:stage", "kubernetes:context", "awz:region"]);
    expect(errors.map((e) => e.path)).toEqual(["ai-infr:stage", "awz:region"]);
    expect(errors[0]!.message).toContain("did you mean ai-infra:stage?");
  });
  it("parseStack refuses a stack whose section sits under a misspelt namespace instead of using the preset", () => {
    const { raw, secretKeys } = exampleRaw("prototype-aws-us-east-1");
    const { logging, ...rest } = raw as Raw;
    void logging;
    const keys = [...Object.keys(rest).map((k) => `ai-infra:${k}`), "ai-infr:logging", "aws:region"];
    const result = parseStack(rest, { secretKeys, configKeys: keys });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(["ai-infr:logging"]);
  });
});

describe("sourced facts", () => {
  it("Fargate: memory choices per CPU as AWS documents them", () => {
    expect(fargateMemoryChoices(0.25)).toEqual([512, 1024, 2048]);
    expect(fargateMemoryChoices(2)?.[0]).toBe(4096);
    expect(fargateMemoryChoices(2)?.at(-1)).toBe(16384);
    expect(fargateMemoryChoices(8)).toEqual([16384, 20480, 24576, 28672, 32768, 36864, 40960, 45056, 49152, 53248, 57344, 61440]);
    expect(fargateMemoryChoices(3)).toBeUndefined();
  });
  it("Pulumi auto-name: logical name, '-', 7 hex; past the limit the provider fails instead of truncating", () => {
    expect(pulumiAutoName("ai-infra-us-east-1-queue-jobs", "0a1b2c3d9")).toBe("ai-infra-us-east-1-queue-jobs-0a1b2c3");
    expect(() => pulumiAutoName("ai-infra-us-east-1-gateway-nlb", "abcdef0", 32)).toThrow("plus 7 random chars is longer than maximum length 32");
  });
});

describe("stack file paths", () => {
  it("resolves a relative path from the caller's directory (npm's INIT_CWD), not the kit's root", () => {
    const before = process.env.INIT_CWD;
    process.env.INIT_CWD = path.join(__dirname, "..", "..", "stacks");
    try {
      const ref = resolveStackArg("./Pulumi.growth-aws-eu-west-1.yaml");
      expect(ref).toEqual({ ok: true, file: path.join(__dirname, "..", "..", "stacks", "Pulumi.growth-aws-eu-west-1.yaml"), stack: "growth-aws-eu-west-1" });
    } finally {
      if (before === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = before;
    }
  });
});
