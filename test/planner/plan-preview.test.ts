import * as aws from "@pulumi/aws";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import { fakeAccountId, fakeGcpProjectNumber, fakeOutputs } from "../../planner/fakes";
import { exitCodes, planStack } from "../../planner/plan";
import type { PolicyRunner } from "../../planner/policy";
import { runner as guardrails } from "../../policies/guardrails/runner";
import { exampleFile } from "../helpers/stacks";

const awsStack = "prototype-aws-us-east-1";
const gcpStack = "prototype-gcp-europe-west4";
const urn = (stack: string, type: string, name: string) => `urn:pulumi:${stack}::ai-infra::${type}::${name}`;
const only = (names: string[]) => (v: { policy: string }) => names.includes(v.policy);

describe("the planner runs the program as a preview", () => {
  it("a resolved run and a preview run: isDryRun, and outputs unknown at preview reach policies as unknown", async () => {
    const dryRuns: boolean[] = [];
    const seen: { preview: boolean; tags: unknown }[] = [];
    const probe: PolicyRunner = {
      name: "probe",
      run: (resources, _spec, _details, opts) => {
        seen.push({ preview: opts?.preview === true, tags: resources.find((r) => r.name === "logs")?.inputs.tags });
        return [];
      },
    };
    const program = () => {
      dryRuns.push(pulumi.runtime.isDryRun());
      const q = new aws.sqs.Queue("jobs", {});
      new aws.s3.BucketV2("logs", { tags: { queue: q.arn, team: "ml" } });
      return {};
    };
    const { result, exitCode } = await planStack(exampleFile(awsStack), { program, runners: [probe] });
    expect(exitCode).toBe(exitCodes.ok);
    expect(dryRuns).toEqual([false, true]);
    // The policies judge the preview: the ARN is the engine's unknown sentinel there.
    expect(seen).toEqual([{ preview: true, tags: { queue: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", team: "ml" } }]);
    // The plan's inputs are the resolved ones (what `pulumi up` sends once the queue exists).
    expect(result.resources.find((r) => r.name === "logs")!.inputs.tags).toEqual({ queue: expect.stringMatching(/^arn:aws:sqs:us-east-1:123456789012:jobs-[0-9a-f]{7}$/), team: "ml" });
  });

  it("an output the program reads that no fake models fails the plan with exit 4, naming the type and the output", async () => {
    const program = () => {
      const ip = new aws.ec2.Eip("ip", { domain: "vpc" });
      new aws.s3.BucketV2("logs", { tags: { dns: ip.publicDns } });
      return {};
    };
    const { result, exitCode } = await planStack(exampleFile(awsStack), { program });
    expect(exitCode).toBe(exitCodes.programError);
    expect(result.errors).toEqual([
      {
        path: "program",
        message: "the program reads publicDns of aws:ec2/eip:Eip (in an input of logs), which the planner's fake for aws:ec2/eip:Eip does not model; add it to planner/fakes.ts",
      },
    ]);
  });

  it("a resource registered inside an apply is one the preview does not show: exit 4", async () => {
    const program = () => {
      const q = new aws.sqs.Queue("jobs", {});
      q.arn.apply((arn) => new aws.sqs.QueuePolicy("late", { queueUrl: "u", policy: JSON.stringify({ arn }) }));
      return {};
    };
    const { result, exitCode } = await planStack(exampleFile(awsStack), { program });
    expect(exitCode).toBe(exitCodes.programError);
    expect(result.errors).toEqual([
      { path: "program", message: `${urn(awsStack, "aws:sqs/queuePolicy:QueuePolicy", "late")} is registered only once outputs are known (inside an apply), so pulumi preview does not show it` },
    ]);
  });
});

describe("guardrails at preview", () => {
  it("an invoker computed from a service account's e-mail is not checkable at preview: reported, never a pass", async () => {
    const program = () => {
      const sa = new gcp.serviceaccount.Account("gw", { accountId: "gw" });
      new gcp.cloudrunv2.ServiceIamMember("invoker", { name: "svc", location: "europe-west4", role: "roles/run.invoker", member: pulumi.interpolate`serviceAccount:${sa.email}` });
      return {};
    };
    const { result, exitCode } = await planStack(exampleFile(gcpStack), { program, runners: [guardrails] });
    expect(exitCode).toBe(exitCodes.ok);
    expect(result.policy.notCheckable).toEqual([
      {
        policy: "no-public-invoker",
        urn: urn(gcpStack, "gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "invoker"),
        message: "not checkable at preview: string value at .member can't be known during preview",
      },
    ]);
    expect(result.policy.violations.filter(only(["no-public-invoker"]))).toEqual([]);
  });

  it("a public invoker written as a literal is decided at preview; one known only at up fails there", async () => {
    const literal = () => {
      new gcp.cloudrunv2.ServiceIamMember("invoker", { name: "svc", location: "europe-west4", role: "roles/run.invoker", member: "allUsers" });
      return {};
    };
    const a = await planStack(exampleFile(gcpStack), { program: literal, runners: [guardrails] });
    expect(a.exitCode).toBe(exitCodes.policy);
    expect(a.result.policy.notCheckable).toBeUndefined();
    expect(a.result.policy.violations.filter(only(["no-public-invoker"]))).toEqual([
      { policy: "no-public-invoker", urn: urn(gcpStack, "gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "invoker"), message: "invoker (gcp:cloudrunv2/serviceIamMember:ServiceIamMember) grants roles/run.invoker on service svc to allUsers", level: "mandatory" },
    ]);
    const computed = () => {
      const sa = new gcp.serviceaccount.Account("gw", { accountId: "gw" });
      new gcp.cloudrunv2.ServiceIamMember("invoker", { name: "svc", location: "europe-west4", role: "roles/run.invoker", member: sa.email.apply(() => "allUsers") });
      return {};
    };
    const b = await planStack(exampleFile(gcpStack), { program: computed, runners: [guardrails] });
    expect(b.exitCode).toBe(exitCodes.policy);
    expect(b.result.policy.notCheckable?.map((n) => n.policy)).toEqual(["no-public-invoker"]);
    expect(b.result.policy.violations.filter(only(["no-public-invoker"])).map((v) => v.message)).toEqual([
      "invoker (gcp:cloudrunv2/serviceIamMember:ServiceIamMember) grants roles/run.invoker on service svc to allUsers (found on values known only at pulumi up)",
    ]);
  });

  it("a cache whose AUTH token is generated passes at preview: the token is unknown but set", async () => {
    const program = (withToken: boolean) => () => {
      const token = new random.RandomPassword("token", { length: 32, special: false });
      new aws.elasticache.ReplicationGroup("cache", {
        description: "c", engine: "valkey", nodeType: "cache.t4g.micro", numCacheClusters: 1,
        atRestEncryptionEnabled: true, transitEncryptionEnabled: true, transitEncryptionMode: "required",
        ...(withToken ? { authToken: token.result } : {}),
      });
      return {};
    };
    const ok = await planStack(exampleFile(awsStack), { program: program(true), runners: [guardrails] });
    expect(ok.result.policy.violations.filter(only(["cache-encrypted-and-authenticated"]))).toEqual([]);
    expect((ok.result.policy.notCheckable ?? []).filter(only(["cache-encrypted-and-authenticated"]))).toEqual([]);
    const bad = await planStack(exampleFile(awsStack), { program: program(false), runners: [guardrails] });
    expect(bad.result.policy.violations.filter(only(["cache-encrypted-and-authenticated"])).map((v) => v.message)).toEqual([
      "cache (aws:elasticache/replicationGroup:ReplicationGroup) does not require AUTH (set authToken or userGroupIds)",
    ]);
  });

  it("bucket-public-access-blocked is not skipped by a bucket grant to a service account unknown at preview", async () => {
    const program = () => {
      const sa = new gcp.serviceaccount.Account("gw", { accountId: "gw" });
      const b = new gcp.storage.Bucket("logs", { name: "logs-1", location: "EUROPE-WEST4", uniformBucketLevelAccess: true });
      new gcp.storage.BucketIAMMember("logs-writer", { bucket: b.name, role: "roles/storage.objectCreator", member: pulumi.interpolate`serviceAccount:${sa.email}` });
      return {};
    };
    const { result } = await planStack(exampleFile(gcpStack), { program, runners: [guardrails] });
    expect((result.policy.notCheckable ?? []).filter(only(["bucket-public-access-blocked"]))).toEqual([]);
    expect(result.policy.violations.filter(only(["bucket-public-access-blocked"]))).toEqual([
      {
        policy: "bucket-public-access-blocked",
        urn: urn(gcpStack, "gcp:storage/bucket:Bucket", "logs"),
        message: "logs (gcp:storage/bucket:Bucket) does not enforce public access prevention (publicAccessPrevention: enforced)",
        level: "mandatory",
      },
    ]);
  });

  it("an ECS task definition's images are not checkable at preview when its JSON holds an output; at up they are checked", async () => {
    const program = (image: string) => () => {
      const secret = new aws.secretsmanager.Secret("key", {});
      new aws.ecs.TaskDefinition("task", {
        family: "gw", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512",
        containerDefinitions: secret.arn.apply((arn) => JSON.stringify([{ name: "gateway", image, secrets: [{ name: "K", valueFrom: arn }] }])),
      });
      return {};
    };
    const pinned = await planStack(exampleFile(awsStack), { program: program("ghcr.io/berriai/litellm:v1.80.0"), runners: [guardrails] });
    expect(pinned.exitCode).toBe(exitCodes.ok);
    expect(pinned.result.policy.notCheckable).toEqual([
      // The stack policy that finds the gateway container's log settings reads the same JSON.
      { policy: "request-log-retention", urn: null, message: "not checkable at preview: string value at .containerDefinitions can't be known during preview" },
      { policy: "container-images-pinned", urn: urn(awsStack, "aws:ecs/taskDefinition:TaskDefinition", "task"), message: "not checkable at preview: string value at .containerDefinitions can't be known during preview" },
    ]);
    const moving = await planStack(exampleFile(awsStack), { program: program("ghcr.io/berriai/litellm:latest"), runners: [guardrails] });
    expect(moving.exitCode).toBe(exitCodes.policy);
    expect(moving.result.policy.violations.filter(only(["container-images-pinned"])).map((v) => v.message)).toEqual([
      expect.stringMatching(/^task \(aws:ecs\/taskDefinition:TaskDefinition\) runs image ghcr\.io\/berriai\/litellm:latest \(container gateway\), which .* \(found on values known only at pulumi up\)$/),
    ]);
  });
});

describe("fakes follow their inputs", () => {
  const ctx = (type: string, inputs: Record<string, unknown>) => ({ type, name: "x", urn: `urn:pulumi:s::ai-infra::${type}::x`, inputs, region: "europe-west4", project: "proj-1" });

  it("a replication group has one member per cache cluster; Memorystore has a CA only with TLS and an AUTH string only with AUTH", () => {
    expect(fakeOutputs(ctx("aws:elasticache/replicationGroup:ReplicationGroup", { numCacheClusters: 3 })).outputs.memberClusters).toHaveLength(3);
    expect(fakeOutputs(ctx("aws:elasticache/replicationGroup:ReplicationGroup", {})).outputs.memberClusters).toHaveLength(1);
    const off = fakeOutputs(ctx("gcp:redis/instance:Instance", {})).outputs;
    expect([off.serverCaCerts, off.authString]).toEqual([[], ""]);
    const on = fakeOutputs(ctx("gcp:redis/instance:Instance", { transitEncryptionMode: "SERVER_AUTHENTICATION", authEnabled: true })).outputs;
    expect(on.serverCaCerts).toHaveLength(1);
    expect(on.authString).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("HMAC keys, DNS authorizations and service agents have their documented shapes; the AWS account and the GCP project number differ", () => {
    const hmac = fakeOutputs(ctx("gcp:storage/hmacKey:HmacKey", {})).outputs;
    expect(hmac.accessId).toMatch(/^GOOG1E[0-9A-F]{55}$/);
    expect(String(hmac.secret)).toHaveLength(40);
    // Certificate Manager asks for a CNAME under _acme-challenge.<domain> (certificate-manager/docs/dns-authorizations).
    expect(fakeOutputs(ctx("gcp:certificatemanager/dnsAuthorization:DnsAuthorization", { domain: "api.example.com" })).outputs.dnsResourceRecords).toEqual([
      expect.objectContaining({ name: "_acme-challenge.api.example.com.", type: "CNAME", data: expect.stringMatching(/\.authorize\.certificatemanager\.goog\.$/) }),
    ]);
    expect(fakeOutputs(ctx("gcp:projects/serviceIdentity:ServiceIdentity", { service: "pubsub.googleapis.com" })).outputs.member).toBe(
      "serviceAccount:service-314159265358@gcp-sa-pubsub.iam.gserviceaccount.com",
    );
    expect(fakeGcpProjectNumber).not.toBe(fakeAccountId);
  });
});
