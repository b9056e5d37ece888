/**
 * Dedicated capacity through the offline planner (`npm run plan`, the engine on mocks) on the scale
 * examples with a `dedicated` entry: the resources, the gateway's grants (exactly that provisioned
 * model / that endpoint), the residency pack, and promotion: adding it touches no stateful
 * resource, and a committed term is flagged as a cost that outlives the change.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { commitmentsOutliving, renderCommitments } from "../../planner/commitments";
import { diffPlans, statefulLosses } from "../../planner/diff";
import type { PlanDoc } from "../../planner/pr-diff";
import { renderPrDiff } from "../../planner/pr-diff";
import { repoRoot } from "../gateway/litellm/harness/processes";
import { awsDedicatedRaw, gcpDedicatedRaw } from "../helpers/dedicated";

const run = promisify(execFile);
const dir = mkdtempSync(path.join(os.tmpdir(), "ai-infra-dedicated-plan-"));

async function plan(example: string, name: string, side: string, dedicated: unknown): Promise<PlanDoc> {
  const doc = parse(readFileSync(path.join(repoRoot, "stacks", `Pulumi.${example}.yaml`), "utf8")) as { config: Record<string, unknown> };
  // The base side has no dedicated capacity (the AWS scale example carries an entry of its own).
  if (dedicated) doc.config["ai-infra:dedicated"] = dedicated;
  else delete doc.config["ai-infra:dedicated"];
  // One directory per side: the same stack name on both, so that URNs and physical names match.
  const sideDir = mkdtempSync(path.join(dir, `${side}-`));
  const file = path.join(sideDir, `Pulumi.${name}.yaml`);
  writeFileSync(file, stringify(doc));
  const { stdout } = await run(process.execPath, ["--import", "tsx", "cli/plan.ts", file, "--json"], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 240_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: "ai-infra-example" },
  });
  return JSON.parse(stdout) as PlanDoc;
}

const ofType = (p: PlanDoc, type: string) => p.resources.filter((r) => r.type === type);

let awsBase: PlanDoc;
let awsHead: PlanDoc;
let gcpHead: PlanDoc;
let awsMulti: PlanDoc;
let gcpMulti: PlanDoc;

beforeAll(async () => {
  [awsBase, awsHead, gcpHead, awsMulti, gcpMulti] = await Promise.all([
    plan("scale-aws-us-east-1", "scale-aws-pt", "base", undefined),
    plan("scale-aws-us-east-1", "scale-aws-pt", "head", awsDedicatedRaw().dedicated),
    plan("scale-gcp-europe-west4", "scale-gcp-dedicated", "head", gcpDedicatedRaw().dedicated),
    // Several regions: the capacity is bought once, in the primary; every region's gateway uses it.
    plan("enterprise-aws-us-east-1", "enterprise-aws-dedicated", "head", awsDedicatedRaw().dedicated),
    plan("enterprise-gcp-europe-west4", "enterprise-gcp-dedicated", "head", gcpDedicatedRaw().dedicated),
  ]);
}, 600_000);

describe("dedicated capacity in the plan", () => {
  it("AWS: one Provisioned Throughput of the spec's model, units and term; no errors, no policy violation", () => {
    expect(awsHead.errors).toEqual([]);
    expect(awsHead.policy.violations).toEqual([]);
    const pt = ofType(awsHead, "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput");
    expect(pt).toHaveLength(1);
    expect(pt[0]!.name).toBe("ai-infra-us-east-1-dedicated-chat-small-hosted-throughput");
    expect(pt[0]!.inputs).toEqual({
      commitmentDuration: "OneMonth",
      modelArn: "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0:300k",
      modelUnits: 2,
      // The hash is the stack scope's (names.ts).
      provisionedModelName: expect.stringMatching(/^scale-aws-pt-us-east-1-[0-9a-f]{6}-pt-chat-small-hosted$/),
    });
  });

  it("AWS: the gateway may invoke exactly that provisioned model, by its ARN, and no other provisioned model", () => {
    const [policy] = ofType(awsHead, "aws:iam/rolePolicy:RolePolicy").filter((r) => r.name === "ai-infra-us-east-1-gateway-task-policy");
    const statements = JSON.parse(policy!.inputs.policy as string).Statement as { Sid: string; Action: string[]; Resource: string | string[] }[];
    const pt = statements.filter((s) => s.Sid === "InvokeProvisionedThroughput");
    expect(pt).toHaveLength(1);
    expect(pt[0]!.Action).toEqual(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
    expect(pt[0]!.Resource).toHaveLength(1);
    expect(pt[0]!.Resource[0]).toMatch(/^arn:aws:bedrock:us-east-1:123456789012:provisioned-model\/[0-9a-z]+$/);
    // No other statement reaches any provisioned model (no wildcard over them).
    const others = statements.filter((s) => s.Sid !== "InvokeProvisionedThroughput").flatMap((s) => [s.Resource].flat());
    expect(others.filter((r) => r.includes("provisioned-model") || r === "*")).toEqual([]);
    // The stack without dedicated capacity grants none.
    const [basePolicy] = ofType(awsBase, "aws:iam/rolePolicy:RolePolicy").filter((r) => r.name === "ai-infra-us-east-1-gateway-task-policy");
    expect((JSON.parse(basePolicy!.inputs.policy as string).Statement as { Sid: string }[]).map((s) => s.Sid)).not.toContain("InvokeProvisionedThroughput");
  });

  it("GCP: the Model Garden deployment on a dedicated endpoint; the gateway may predict on that endpoint only, with one permission", () => {
    expect(gcpHead.errors).toEqual([]);
    expect(gcpHead.policy.violations).toEqual([]);
    const [deployment] = ofType(gcpHead, "gcp:vertex/aiEndpointWithModelGardenDeployment:AiEndpointWithModelGardenDeployment");
    expect(deployment!.inputs).toEqual({
      deployConfig: { dedicatedResources: { machineSpec: { acceleratorCount: 1, acceleratorType: "NVIDIA_L4", machineType: "g2-standard-12" }, maxReplicaCount: 2, minReplicaCount: 1 } },
      endpointConfig: { dedicatedEndpointEnabled: true, endpointDisplayName: "scale-gcp-dedicated-dedicated-chat-small-hosted-1a8f82" },
      location: "europe-west4",
      modelConfig: { acceptEula: true },
      project: "ai-infra-example",
      publisherModelName: "publishers/google/models/gemma@gemma-1.1-2b-it",
    });
    const roles = ofType(gcpHead, "gcp:projects/iAMCustomRole:IAMCustomRole");
    expect(roles).toHaveLength(1);
    expect(roles[0]!.inputs.permissions).toEqual(["aiplatform.endpoints.predict"]);
    const members = ofType(gcpHead, "gcp:vertex/aiEndpointIamMember:AiEndpointIamMember");
    expect(members).toHaveLength(1);
    const [gatewaySa] = ofType(gcpHead, "gcp:serviceaccount/account:Account").filter((r) => r.name === "ai-infra-europe-west4-gateway-sa");
    expect(members[0]!.inputs).toEqual({
      project: "ai-infra-example",
      location: "europe-west4",
      endpoint: expect.stringMatching(/^[0-9]{19}$/),
      role: `projects/ai-infra-example/roles/${roles[0]!.inputs.roleId as string}`,
      member: `serviceAccount:${gatewaySa!.inputs.accountId as string}@ai-infra-example.iam.gserviceaccount.com`,
    });
    // No project-wide Vertex AI grant.
    const projectGrants = ofType(gcpHead, "gcp:projects/iAMMember:IAMMember").map((r) => String(r.inputs.role));
    expect(projectGrants.filter((r) => r.startsWith("roles/aiplatform"))).toEqual([]);
    expect(ofType(gcpHead, "gcp:projects/service:Service").map((r) => r.inputs.service)).toContain("aiplatform.googleapis.com");
  });

  it("adding it touches no stateful resource; the 1-month term is flagged as a cost that outlives the change", () => {
    const head = awsHead;
    const diff = diffPlans(awsBase.resources, head.resources);
    expect(statefulLosses(diff)).toEqual([]);
    expect(diff.deleted).toEqual([]);
    expect(diff.added.map((a) => a.type).sort()).toEqual(["ai-infra:aws:ProvisionedThroughput", "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput"]);
    expect(commitmentsOutliving(awsBase.resources, head.resources)).toEqual([
      {
        urn: expect.stringMatching(/::ai-infra-us-east-1-dedicated-chat-small-hosted-throughput$/),
        name: "ai-infra-us-east-1-dedicated-chat-small-hosted-throughput",
        term: "OneMonth",
        change: "bought",
        note: "billed for the whole OneMonth term from purchase, even if a later change removes it",
      },
    ]);
    // Removing it again: no stateful loss either, and the term still runs.
    const back = diffPlans(head.resources, awsBase.resources);
    expect(statefulLosses(back)).toEqual([]);
    expect(commitmentsOutliving(head.resources, awsBase.resources).map((c) => [c.change, c.note])).toEqual([
      ["removed", "AWS refuses to delete it before its OneMonth term ends and bills it until then"],
    ]);
    expect(renderCommitments(commitmentsOutliving(awsBase.resources, head.resources))).toEqual([
      "Committed capacity: 1 cost(s) that outlive this change",
      "  $ bought `ai-infra-us-east-1-dedicated-chat-small-hosted-throughput` (Bedrock Provisioned Throughput, OneMonth): billed for the whole OneMonth term from purchase, even if a later change removes it",
    ]);
    const md = renderPrDiff([{ stack: "scale-aws-pt", base: awsBase, head }]);
    expect(md).toContain(
      "- `scale-aws-pt`: bought `ai-infra-us-east-1-dedicated-chat-small-hosted-throughput` (Bedrock Provisioned Throughput, OneMonth): billed for the whole OneMonth term from purchase, even if a later change removes it",
    );
  });

  it("several regions: one purchase in the primary region; every region's gateway invokes exactly it / may predict on it", () => {
    expect(awsMulti.errors).toEqual([]);
    expect(awsMulti.policy.violations).toEqual([]);
    const pt = ofType(awsMulti, "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput");
    expect(pt.map((r) => [r.name, r.region])).toEqual([["ai-infra-us-east-1-dedicated-chat-small-hosted-throughput", "us-east-1"]]);
    const grants = ofType(awsMulti, "aws:iam/rolePolicy:RolePolicy")
      .filter((r) => r.name.endsWith("-gateway-task-policy"))
      .map((r) => [r.name, (JSON.parse(r.inputs.policy as string).Statement as { Sid: string; Resource: string[] }[]).find((x) => x.Sid === "InvokeProvisionedThroughput")?.Resource]);
    expect(grants.map(([n]) => n).sort()).toEqual(["ai-infra-us-east-1-gateway-task-policy", "ai-infra-us-east-2-gateway-task-policy", "ai-infra-us-west-2-gateway-task-policy"]);
    const arns = new Set(grants.map(([, r]) => JSON.stringify(r)));
    expect(arns.size).toBe(1);
    expect(JSON.parse([...arns][0]!)).toHaveLength(1);

    expect(gcpMulti.errors).toEqual([]);
    expect(gcpMulti.policy.violations).toEqual([]);
    expect(ofType(gcpMulti, "gcp:vertex/aiEndpointWithModelGardenDeployment:AiEndpointWithModelGardenDeployment")).toHaveLength(1);
    const members = ofType(gcpMulti, "gcp:vertex/aiEndpointIamMember:AiEndpointIamMember");
    expect(members.map((m) => m.name).sort()).toEqual([
      "ai-infra-europe-west4-dedicated-chat-small-hosted-invoker-europe-west1",
      "ai-infra-europe-west4-dedicated-chat-small-hosted-invoker-europe-west4",
    ]);
    const gatewaySas = ofType(gcpMulti, "gcp:serviceaccount/account:Account").filter((r) => r.name.endsWith("-gateway-sa")).map((r) => `serviceAccount:${r.inputs.accountId as string}@ai-infra-example.iam.gserviceaccount.com`);
    expect(members.map((m) => m.inputs.member).sort()).toEqual(gatewaySas.sort());
    expect(new Set(members.map((m) => m.inputs.location))).toEqual(new Set(["europe-west4"]));
  });
});
