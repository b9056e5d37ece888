import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { exitCodes, planStack } from "../../planner/plan";
import { loadStackFile } from "../../planner/stack-file";
import { AiPlatform, type Stack, platformOutputs, readStack } from "../../components";
import { runner as guardrails } from "../../policies/guardrails/runner";
import { runner as residency } from "../../policies/residency/runner";
import { euAws } from "./helpers";

/**
 * Stacks built to violate, caught by the offline planner with exit code 2. Two are stack files
 * run through the planner's CLI exactly as CI runs it. The other two cannot be written as a stack
 * file, because the spec (or the adapters) refuse them first. They are built the way a library
 * user could build them: the kit's components driven from code, planned in-process with both
 * packs' runners. So the residency pack is shown catching at the resource level what the spec
 * catches at the config level.
 */

const repoRoot = path.resolve(__dirname, "..", "..");
const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
const fixture = (stack: string) => path.join(__dirname, "stacks", `Pulumi.${stack}.yaml`);

interface PlanJson {
  errors: { path: string; message: string }[];
  resources: { name: string; type: string; urn: string }[];
  policy: { violations: { policy: string; urn: string | null; message: string; level: string }[] };
}

async function planCli(file: string): Promise<{ code: number; json: PlanJson }> {
  try {
    const { stdout } = await promisify(execFile)(tsx, ["cli/plan.ts", file, "--json"], { cwd: repoRoot, maxBuffer: 64 << 20 });
    return { code: 0, json: JSON.parse(stdout) as PlanJson };
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    return { code: err.code ?? -1, json: JSON.parse(err.stdout ?? "{}") as PlanJson };
  }
}

function euStack() {
  const loaded = loadStackFile(path.join(repoRoot, "stacks", "Pulumi.growth-aws-eu-west-1.yaml"), "growth-aws-eu-west-1");
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.file;
}

/** The kit's program as a library user writes it, with a hook to change the validated spec or add resources. */
function libraryProgram(change: (spec: Stack) => Stack, extra?: (platform: AiPlatform) => void, opts?: pulumi.ComponentResourceOptions) {
  return () => {
    const spec = change(readStack());
    const platform = new AiPlatform(spec.project, { stack: spec }, opts);
    extra?.(platform);
    return platformOutputs(spec, platform);
  };
}


describe("stacks built to violate", () => {
  it("an EU stack with a second region outside the EU: refused by the spec (exit 1) before any resource exists", async () => {
    const { code, json } = await planCli(fixture("violate-eu-us-region"));
    expect(code).toBe(exitCodes.invalidConfig);
    expect(json.errors).toEqual([
      { path: "ai-infra:regions[1]", message: `is outside jurisdiction eu; allowed aws regions: ${euAws}` },
    ]);
    expect(json.resources).toEqual([]);
  });

  it("the same region change made after validation (components as a library): caught per resource (exit 2)", async () => {
    const { exitCode, result } = await planStack(euStack(), {
      runners: [residency, guardrails],
      program: libraryProgram((spec) => ({ ...spec, regions: [...spec.regions, "us-east-1"] })),
    });
    expect(exitCode).toBe(exitCodes.policy);
    const logBucket = result.resources.find((r) => r.name === "ai-infra-us-east-1-request-log-bucket");
    expect(logBucket?.type).toBe("aws:s3/bucket:Bucket");
    const regional = result.policy.violations.filter((v) => v.policy === "regional-resource-in-jurisdiction");
    expect(regional.find((v) => v.urn === logBucket!.urn)).toEqual({
      policy: "regional-resource-in-jurisdiction",
      urn: logBucket!.urn,
      level: "mandatory",
      message: `ai-infra-us-east-1-request-log-bucket (aws:s3/bucket:Bucket) is in us-east-1 (its provider's region), outside jurisdiction eu; allowed aws regions: ${euAws}`,
    });
    // Every flagged resource is in the added region; none of the EU region's is.
    expect(regional.length).toBeGreaterThan(10);
    expect(regional.every((v) => v.message.includes(" us-east-1") && v.message.includes("jurisdiction eu"))).toBe(true);
    // The task definition's containers are one JSON string holding secret ARNs: unknown at
    // preview, so this stack policy cannot run there (as under the engine) and is reported so;
    // `pulumi up` checks it with known values, which is where it fails.
    expect(result.policy.notCheckable).toContainEqual({
      policy: "request-log-store-in-jurisdiction",
      urn: null,
      message: "not checkable at preview: string value at .containerDefinitions can't be known during preview",
    });
    expect(result.policy.violations.map((v) => v.message)).toContain(
      `ai-infra-us-east-1-gateway-task (aws:ecs/taskDefinition:TaskDefinition) writes request logs to region us-east-1, outside jurisdiction eu; allowed aws regions: ${euAws} (found on values known only at pulumi up)`,
    );
  });

  it("an EU stack whose fallback is Anthropic's default endpoint: the spec refuses it (exit 1, the path and the allowed forms)", async () => {
    const { code, json } = await planCli(fixture("violate-eu-us-fallback"));
    expect(code).toBe(exitCodes.invalidConfig);
    expect(json.errors).toEqual([
      {
        path: "ai-infra:providers.anthropic.inferenceGeo",
        message:
          "is outside jurisdiction eu: model 'chat-fallback' (claude-3-5-haiku-20241022) of provider 'anthropic' uses Anthropic's API without `inferenceGeo: us`, " +
          "which may process in global (the default `inference_geo`): any available geography (no jurisdiction of the kit); allowed anthropic forms in eu: any other `apiBase` with dataJurisdiction eu",
      },
    ]);
  });

  it("the same built past the spec from code: the residency pack refuses it (exit 2, names the config object, the form and eu)", async () => {
    const { exitCode, result } = await planStack(euStack(), {
      runners: [residency, guardrails],
      program: libraryProgram((spec) => ({
        ...spec,
        models: spec.models.map((m) => (m.name === "chat-fallback" ? { ...m, model: "claude-3-5-haiku-20241022", providerConfig: { kind: "anthropic" as const } } : m)) as Stack["models"],
      })),
    });
    expect(exitCode).toBe(exitCodes.policy);
    const found = result.policy.violations.filter((v) => v.level === "mandatory");
    expect(found.map((v) => [v.policy, v.message])).toEqual([
      [
        "gateway-endpoints-in-jurisdiction",
        "ai-infra-eu-west-1-gateway-config (aws:s3/bucketObjectv2:BucketObjectv2): gateway model group 'chat-fallback' (anthropic/claude-3-5-haiku-20241022) uses Anthropic's API without `inferenceGeo: us`, " +
          "which may process in global (the default `inference_geo`): any available geography, outside jurisdiction eu; allowed anthropic forms in eu: any other `apiBase` with dataJurisdiction eu",
      ],
    ]);
  });

  it("the same on GCP with OpenAI's default endpoint: the spec refuses it (exit 1, the path and the allowed forms)", async () => {
    const { code, json } = await planCli(fixture("violate-gcp-eu-us-endpoint"));
    expect(code).toBe(exitCodes.invalidConfig);
    expect(json.errors).toEqual([
      {
        path: "ai-infra:providers.openai-eu.apiBase",
        message:
          "is outside jurisdiction eu: model 'chat' (gpt-4o-mini) of provider 'openai-eu' uses no `apiBase`, or `https://api.openai.com/v1`, which may process in global: no processing constraint " +
          "(no jurisdiction of the kit); allowed openai forms in eu: `apiBase: https://eu.api.openai.com/v1`; any other `apiBase` with dataJurisdiction eu",
      },
    ]);
  });

  it("a log bucket replicated out of the jurisdiction (exit 2, names the replication, the region and eu)", async () => {
    const { exitCode, result } = await planStack(euStack(), {
      runners: [residency, guardrails],
      program: libraryProgram(
        (spec) => spec,
        (platform) => {
          const eu = new aws.Provider("replication-eu-west-1", { region: "eu-west-1" });
          const us = new aws.Provider("replica-us-east-1", { region: "us-east-1" });
          const replica = new aws.s3.Bucket("log-replica", {}, { provider: us });
          new aws.s3.BucketReplicationConfig(
            "log-replication",
            {
              bucket: platform.requestLogBuckets.apply((b) => b["eu-west-1"]!),
              role: "arn:aws:iam::123456789012:role/log-replication",
              rules: [{ id: "all", status: "Enabled", destination: { bucket: replica.arn } }],
            },
            { provider: eu },
          );
        },
      ),
    });
    expect(exitCode).toBe(exitCodes.policy);
    expect(result.policy.violations.filter((v) => v.policy === "bucket-replication-in-jurisdiction")).toEqual([
      {
        policy: "bucket-replication-in-jurisdiction",
        urn: result.resources.find((r) => r.name === "log-replication")!.urn,
        level: "mandatory",
        message: `log-replication (aws:s3/bucketReplicationConfig:BucketReplicationConfig) replicates to log-replica in us-east-1, outside jurisdiction eu; allowed aws regions: ${euAws}`,
      },
    ]);
  });

  it("a cache without TLS (exit 2, names the cache)", async () => {
    const noTls: pulumi.ResourceTransformation = (args) =>
      args.type === "aws:elasticache/replicationGroup:ReplicationGroup" ? { props: { ...args.props, transitEncryptionEnabled: false }, opts: args.opts } : undefined;
    const { exitCode, result } = await planStack(euStack(), {
      runners: [residency, guardrails],
      program: libraryProgram((spec) => spec, undefined, { transformations: [noTls] }),
    });
    expect(exitCode).toBe(exitCodes.policy);
    const cache = result.resources.find((r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup")!;
    expect(result.policy.violations.filter((v) => v.level === "mandatory")).toEqual([
      {
        policy: "cache-encrypted-and-authenticated",
        urn: cache.urn,
        level: "mandatory",
        message: `${cache.name} (aws:elasticache/replicationGroup:ReplicationGroup) does not use TLS (transitEncryptionEnabled is not true)`,
      },
    ]);
  });
});
