import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { diffPlans, statefulLosses } from "../../planner/diff";
import { exitCodes, planStack } from "../../planner/plan";
import { promoteStack, withStage } from "../../planner/promote";
import { loadStackFile, repoRoot } from "../../planner/stack-file";
import { stages } from "../../components/config/schema";
import { runCli } from "../helpers/cli";
import { missingAt, preparedFor } from "../helpers/promotable";
import { exampleFile, exampleStacks } from "../helpers/stacks";

type Json = Record<string, any>;
const dir = mkdtempSync(path.join(tmpdir(), "ai-infra-promote-"));
const nextStage = (s: string) => stages[stages.indexOf(s as (typeof stages)[number]) + 1];
function promotable(stack: string, to: string, edit?: (doc: ReturnType<typeof parseDocument>) => void, suffix = ""): string {
  const doc = preparedFor(stack, to);
  edit?.(doc);
  const file = path.join(dir, suffix ? `${suffix}/Pulumi.${stack}.yaml` : `Pulumi.${stack}.yaml`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, doc.toString());
  return file;
}

/**
 * The scale-only options a team turns on with the promotion: the semantic cache (with a model
 * group that embeds, the way the scale examples have one), on the growth stack's first provider.
 */
function withSemanticCache(doc: ReturnType<typeof parseDocument>): void {
  const models = doc.getIn(["config", "ai-infra:models"]) as { items: unknown[] };
  const provider = String(doc.getIn(["config", "ai-infra:models", 0, "provider"]));
  models.items.push(doc.createNode({ name: "embed", provider, model: "text-embedding-3-small", inputCostPerMillionTokens: 0.02, outputCostPerMillionTokens: 0 }));
  doc.setIn(["config", "ai-infra:semanticCache"], doc.createNode({ similarityThreshold: 0.9, embeddingModel: "embed" }));
}

const clusterType = (cloud: string) => `ai-infra:${cloud}:Cluster`;

/**
 * Promotions to a stage the kit ships example stacks for on the same cloud; an enterprise example
 * (`enterprise-aws-us-east-1`) brings its cloud's scale example into the list by itself.
 */
const promotions = exampleStacks.filter((s) => {
  const [stage, cloud] = s.split("-");
  const next = nextStage(stage!);
  return next !== undefined && exampleStacks.some((t) => t.startsWith(`${next}-${cloud}-`));
});

// A promotion runs the program four times (two plans, each a resolved and a preview run) in a
// child process; on a shared 2-core machine that exceeds the suite's 60 s default.
const cliTimeout = { timeout: 240_000 };

describe("every example stack promoted one stage up", cliTimeout, () => {
  it.each(promotions)("%s: deletes or replaces no stateful resource", async (stack) => {
    const to = nextStage(stack.split("-")[0]!)!;
    const run = await runCli("promote", [promotable(stack, to), "--to", to, "--json"]);
    const doc = JSON.parse(run.stdout) as Json;
    expect(doc.errors).toEqual([]);
    expect(doc).toMatchObject({ stack, from: stack.split("-")[0], to });
    expect(doc.stateful).toEqual([]);
    expect(doc.deleted.filter((d: Json) => d.stateful)).toEqual([]);
    expect(doc.replaced.filter((r: Json) => r.stateful)).toEqual([]);
    // Every example stack's next stage passes its policies: anything but 0 is a finding to fix.
    expect(doc.policy.violations.filter((v: Json) => v.level === "mandatory")).toEqual([]);
    expect(run.code).toBe(exitCodes.ok);
  });

  it.each(exampleStacks.filter((s) => s.startsWith("growth-")))("%s → scale adds the cluster, its GPU pools and internal model endpoints, and points the gateway at them", async (stack) => {
    const cloud = stack.split("-")[1]!;
    const run = await runCli("promote", [promotable(stack, "scale"), "--to", "scale", "--json"]);
    const doc = JSON.parse(run.stdout) as Json;
    expect(doc.errors).toEqual([]);
    const added = doc.added as { type: string; name: string }[];
    const region = stack.split("-").slice(2).join("-");
    expect(added).toContainEqual(expect.objectContaining({ type: clusterType(cloud), name: `ai-infra-${region}-kubernetes` }));
    expect(added.filter((a) => a.type === (cloud === "aws" ? "aws:eks/nodeGroup:NodeGroup" : "gcp:container/nodePool:NodePool")).length).toBeGreaterThanOrEqual(2);
    expect(added.filter((a) => a.type === "kubernetes:core/v1:Service").map((a) => a.name)).toEqual([`ai-infra-${region}-kubernetes-serving-${cloud === "aws" ? "llama-small" : "mistral-small"}-endpoint`]);
    // The gateway learns the model's address: on AWS a new task-definition revision (a stateless
    // replacement, shown as one), on GCP an in-place update of the Cloud Run service.
    const gatewayType = cloud === "aws" ? "aws:ecs/taskDefinition:TaskDefinition" : "gcp:cloudrunv2/service:Service";
    const where = (cloud === "aws" ? doc.replaced : doc.changed) as { type: string; name: string; stateful?: boolean }[];
    expect(where.filter((c) => c.type === gatewayType && c.name.includes("gateway")).map((c) => c.stateful ?? false)).toEqual([false]);
    expect(doc.replaced.filter((r: Json) => r.stateful)).toEqual([]);
    expect(doc.deleted).toEqual([]);
  });

  // The promote CLI plans one config at two stages; turning the semantic cache on is a config
  // change made with the promotion, so this diffs the growth stack as it runs against the scale
  // stack with the semantic cache on, the way the engine would see the update.
  // AWS only: the spec refuses the semantic cache on GCP (Memorystore indexes no TEXT fields).
  it.each(exampleStacks.filter((s) => s.startsWith("growth-aws-")))("%s → scale with the semantic cache turned on: the cache is upgraded in place, never replaced", async (stack) => {
    const before = await planStack(exampleFile(stack));
    const load = loadStackFile(promotable(stack, "scale", withSemanticCache, "semantic"), stack);
    if (!load.ok) throw new Error(JSON.stringify(load.errors));
    const after = await planStack(withStage(load.file, "scale"));
    expect(before.result.errors).toEqual([]);
    expect(after.result.errors).toEqual([]);
    const diff = diffPlans(before.result.resources, after.result.resources);
    expect(statefulLosses(diff)).toEqual([]);
    // Valkey 8.0 → 8.2 (vector search): an in-place engine upgrade of the same replication group.
    const cache = diff.changed.find((c) => c.type === "aws:elasticache/replicationGroup:ReplicationGroup");
    expect(cache?.keys).toEqual(["engineVersion"]);
    const region = stack.split("-").slice(2).join("-");
    expect(diff.added.map((a) => a.name)).toEqual(expect.arrayContaining([`ai-infra-${region}-cache-url-secret`]));
  });

  it.each(exampleStacks.filter((s) => s.startsWith("growth-")))("%s → scale as it stands: the settings scale requires are config errors (exit 1)", async (stack) => {
    const run = await runCli("promote", [stack, "--to", "scale", "--json"]);
    expect(run.code).toBe(exitCodes.invalidConfig);
    const doc = JSON.parse(run.stdout) as Json;
    expect(doc.errors.map((e: Json) => e.path)).toEqual(expect.arrayContaining(["ai-infra:cluster", "ai-infra:selfHosted"]));
    expect(doc.errors.map((e: Json) => e.path)).toEqual(missingAt(stack, "scale"));
    for (const e of doc.errors) expect(e.message).toContain("(at stage scale)");
    expect(doc.added).toEqual([]);
  });
});

describe("the check can fail", () => {
  // A stand-in program whose request-log bucket depends on the stage, the way a careless rename would.
  const program = (variant: "rename" | "replace") => () => {
    const stage = pulumi.runtime.allConfig()["ai-infra:stage"];
    const region = new pulumi.ComponentResource("ai-infra:aws:Region", "r-us-east-1", {});
    const name = variant === "rename" && stage === "growth" ? "r-us-east-1-request-logs" : "r-us-east-1-request-log";
    const bucket = new aws.s3.BucketV2(name, variant === "replace" ? { bucket: `r-logs-${stage}` } : {}, { parent: region });
    new aws.sqs.Queue("r-us-east-1-jobs", { visibilityTimeoutSeconds: stage === "growth" ? 120 : 60 }, { parent: region });
    return { bucket: bucket.bucket };
  };

  it("a renamed child is reported as the deletion of a stateful resource: exit 3", async () => {
    const { result, exitCode } = await promoteStack(exampleFile("prototype-aws-us-east-1"), "growth", { program: program("rename") });
    expect(exitCode).toBe(exitCodes.statefulChange);
    const old = "urn:pulumi:prototype-aws-us-east-1::ai-infra::ai-infra:aws:Region$aws:s3/bucketV2:BucketV2::r-us-east-1-request-log";
    expect(result.stateful).toEqual([{ urn: old, type: "aws:s3/bucketV2:BucketV2", change: "deleted", reason: "holds objects" }]);
    expect(result.added.map((a) => a.name)).toEqual(["r-us-east-1-request-logs"]);
    expect(result.changed.map((c) => [c.name, c.keys])).toEqual([["r-us-east-1-jobs", ["visibilityTimeoutSeconds"]]]);
  });

  it("a bucket whose name changes is reported as a replacement: exit 3", async () => {
    const { result, exitCode } = await promoteStack(exampleFile("prototype-aws-us-east-1"), "growth", { program: program("replace") });
    expect(exitCode).toBe(exitCodes.statefulChange);
    expect(result.replaced).toMatchObject([{ name: "r-us-east-1-request-log", forcedBy: ["bucket"], stateful: true }]);
    expect(result.stateful.map((s) => s.change)).toEqual(["replaced"]);
  });

  it("the same program with stable names passes: exit 0", async () => {
    const stable = () => {
      const region = new pulumi.ComponentResource("ai-infra:aws:Region", "r-us-east-1", {});
      new aws.s3.BucketV2("r-us-east-1-request-log", {}, { parent: region });
      return {};
    };
    const { result, exitCode } = await promoteStack(exampleFile("prototype-aws-us-east-1"), "growth", { program: stable });
    expect(exitCode).toBe(exitCodes.ok);
    expect(result.stateful).toEqual([]);
  });
});

describe("promote CLI", cliTimeout, () => {
  it("human output: counts, then the stateful verdict", async () => {
    const run = await runCli("promote", ["prototype-aws-us-east-1", "--to", "growth"]);
    expect(run.stdout.split("\n")[0]).toBe("Promotion of stack prototype-aws-us-east-1: prototype → growth");
    // Replaced: the gateway's task definition and the API's deployment (growth's routes are a new
    // snapshot). Deleted: the prototype's NAT instance, its launch template and security group
    // (the NAT gateway takes over, network.egress).
    expect(run.stdout).toMatch(/^ {2}\d+ to add, \d+ to change, 2 to replace, 3 to delete$/m);
    expect(run.stdout).toMatch(/^ {2}± ai-infra-us-east-1-api-deployment \[aws:apigateway\/deployment:Deployment\] \(stateless\): forced by triggers\.redeployment$/m);
    // The gateway's bigger task is a new task-definition revision: a stateless replacement, with its values.
    expect(run.stdout).toMatch(/^ {2}± ai-infra-us-east-1-gateway-task \[aws:ecs\/taskDefinition:TaskDefinition\] \(stateless\): forced by .*\bcpu\b/m);
    expect(run.stdout).toContain('      cpu: "512" -> "2048"');
    // The stage default tag changes on the provider and, through it, on every tagged resource.
    expect(run.stdout).toContain('      defaultTags.tags.stage: "prototype" -> "growth"');
    expect(run.stdout).toMatch(/^ {2}~ ai-infra-us-east-1-request-log-bucket \[aws:s3\/bucket:Bucket\] \(default tags of provider ai-infra-us-east-1-provider\)\n {6}tagsAll\.stage: "prototype" -> "growth"$/m);
    expect(run.stdout).toContain("Stateful resources: none deleted or replaced");
  });

  it("--out writes the promoted stack file: only the stage changes, comments and secrets stay", async () => {
    const out = path.join(dir, "Pulumi.prototype-gcp-europe-west4.promoted.yaml");
    const run = await runCli("promote", [promotable("prototype-gcp-europe-west4", "growth"), "--to", "growth", "--out", out]);
    expect(run.code).toBe(exitCodes.ok);
    const before = readFileSync(path.join(dir, "Pulumi.prototype-gcp-europe-west4.yaml"), "utf8");
    expect(readFileSync(out, "utf8")).toBe(before.replace("ai-infra:stage: prototype", "ai-infra:stage: growth"));
    expect(run.stderr).toContain("(ai-infra:stage: growth)");
  });

  it("--out on a promotion that fails a mandatory policy writes nothing (exit 2)", async () => {
    const out = path.join(dir, "Pulumi.flagged.promoted.yaml");
    const pack = path.join(repoRoot, "test", "cli", "fixtures", "flag-buckets.policy.ts");
    const run = await runCli("promote", [promotable("prototype-gcp-europe-west4", "growth"), "--to", "growth", "--out", out, "--policy-pack", pack]);
    expect(run.code).toBe(exitCodes.policy);
    expect(run.stderr).toContain("not written: the promotion is not safe (see above)");
    expect(existsSync(out)).toBe(false);
  });

  it("a stage that is not later, or not a stage: exit 1", async () => {
    const same = await runCli("promote", ["growth-aws-eu-west-1", "--to", "prototype", "--json"]);
    expect(same.code).toBe(1);
    expect(JSON.parse(same.stdout).errors).toEqual([{ path: "--to", message: "must be a later stage than growth (prototype → growth → scale → enterprise); promotion only goes up" }]);
    const bad = await runCli("promote", ["growth-aws-eu-west-1", "--to", "huge"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--to: must be one of prototype, growth, scale, enterprise");
    const none = await runCli("promote", ["growth-aws-eu-west-1"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("usage: npm run promote");
  });
});
