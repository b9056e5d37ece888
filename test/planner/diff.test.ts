import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { PlannedResource } from "../../planner/capture";
import { diffPaths, diffPlans, diffValues, statefulLosses, statefulTypes } from "../../planner/diff";
import { renderPromotion } from "../../planner/render-promote";
import { setStageInYaml } from "../../planner/promote";
import { parseStackFile, stacksDir } from "../../planner/stack-file";

const urn = (type: string, name: string) => `urn:pulumi:s::ai-infra::ai-infra:aws:Region$${type}::${name}`;
const res = (type: string, name: string, inputs: Record<string, unknown> = {}, region: string | null = "eu-west-1"): PlannedResource => ({
  urn: urn(type, name), type, name, parent: null, region, inputs,
});

const before = [
  res("aws:s3/bucketV2:BucketV2", "r-request-log-bucket", { bucket: "r-logs-1a2b3c", forceDestroy: false }),
  res("aws:sqs/queue:Queue", "r-jobs", { name: "r-jobs", visibilityTimeoutSeconds: 60 }),
  res("aws:ecs/service:Service", "r-gateway-service", { desiredCount: 1 }),
  res("aws:cloudwatch/dashboard:Dashboard", "r-dashboard", { dashboardBody: "{}" }),
];

describe("promotion diff", () => {
  it("unchanged plans diff to nothing", () => {
    expect(diffPlans(before, before)).toEqual({ added: [], changed: [], replaced: [], deleted: [] });
  });

  it("added, changed (with the input paths) and in-place changes of stateful resources", () => {
    const after = [
      res("aws:s3/bucketV2:BucketV2", "r-request-log-bucket", { bucket: "r-logs-1a2b3c", forceDestroy: false }),
      // Visibility timeout is updated in place: a change, not a replacement.
      res("aws:sqs/queue:Queue", "r-jobs", { name: "r-jobs", visibilityTimeoutSeconds: 120 }),
      res("aws:ecs/service:Service", "r-gateway-service", { desiredCount: 2 }),
      res("aws:cloudwatch/dashboard:Dashboard", "r-dashboard", { dashboardBody: "{}" }),
      res("aws:elasticache/replicationGroup:ReplicationGroup", "r-cache", { engine: "valkey" }),
    ];
    const d = diffPlans(before, after);
    expect(d.added.map((a) => a.name)).toEqual(["r-cache"]);
    expect(d.changed.map((c) => [c.name, c.keys])).toEqual([["r-jobs", ["visibilityTimeoutSeconds"]], ["r-gateway-service", ["desiredCount"]]]);
    expect(d.replaced).toEqual([]);
    expect(d.deleted).toEqual([]);
    expect(statefulLosses(d)).toEqual([]);
  });

  it("a renamed child (its URN changes) is a deletion of the stateful resource", () => {
    const after = before.map((r) => (r.name === "r-request-log-bucket" ? res(r.type, "r-request-logs-bucket", r.inputs) : r));
    const d = diffPlans(before, after);
    expect(d.deleted).toEqual([{ urn: urn("aws:s3/bucketV2:BucketV2", "r-request-log-bucket"), type: "aws:s3/bucketV2:BucketV2", name: "r-request-log-bucket", stateful: true }]);
    expect(d.added.map((a) => a.name)).toEqual(["r-request-logs-bucket"]);
    expect(statefulLosses(d)).toEqual([{ urn: urn("aws:s3/bucketV2:BucketV2", "r-request-log-bucket"), type: "aws:s3/bucketV2:BucketV2", change: "deleted", reason: "holds objects" }]);
  });

  it("a replace-on-change input of a stateful type (bucket name, fifo, region) is a replacement", () => {
    const after = [
      res("aws:s3/bucketV2:BucketV2", "r-request-log-bucket", { bucket: "r-logs-growth", forceDestroy: false }),
      res("aws:sqs/queue:Queue", "r-jobs", { name: "r-jobs", visibilityTimeoutSeconds: 60, fifoQueue: true }),
      res("aws:ecs/service:Service", "r-gateway-service", { desiredCount: 1 }, "eu-central-1"),
      res("aws:cloudwatch/dashboard:Dashboard", "r-dashboard", { dashboardBody: "{}" }),
    ];
    const d = diffPlans(before, after);
    // A new region is a new resource for every type; the stateless service's is labelled as such and is no loss.
    expect(d.replaced.map((r) => [r.name, r.forcedBy, r.stateful])).toEqual([
      ["r-request-log-bucket", ["bucket"], true],
      ["r-jobs", ["fifoQueue"], true],
      ["r-gateway-service", ["(region)"], false],
    ]);
    expect(d.changed).toEqual([]);
    expect(statefulLosses(d).map((l) => [l.change, l.type])).toEqual([["replaced", "aws:s3/bucketV2:BucketV2"], ["replaced", "aws:sqs/queue:Queue"]]);
    // A deleted stateless resource is reported but is no loss either.
    const d2 = diffPlans(before, before.filter((r) => r.name !== "r-dashboard"));
    expect(d2.deleted).toMatchObject([{ name: "r-dashboard", stateful: false }]);
    expect(statefulLosses(d2)).toEqual([]);
  });

  it("nested paths: a change under a replace-on path matches it; list lengths are one change", () => {
    expect(diffPaths({ a: { b: [1, 2], c: 1 } }, { a: { b: [1, 3], c: 1 } })).toEqual(["a.b[1]"]);
    expect(diffPaths({ a: [1] }, { a: [1, 2] })).toEqual(["a"]);
    expect(diffPaths({ a: 1 }, { b: 1 })).toEqual(["a", "b"]);
    const rg = "aws:elasticache/replicationGroup:ReplicationGroup";
    const d = diffPlans([res(rg, "c", { engine: "redis", numCacheClusters: 2 })], [res(rg, "c", { engine: "valkey", numCacheClusters: 3 })]);
    expect(d.replaced).toMatchObject([{ name: "c", keys: ["engine", "numCacheClusters"], forcedBy: ["engine"] }]);
  });

  it("catches a nested, a list and a region change as replacements", () => {
    // Each of these fails when matchesReplaceOn stops matching `p.` or `p[` prefixes, or when a
    // region change stops counting as a replacement.
    const eks = "aws:eks/cluster:Cluster";
    const rds = "aws:rds/cluster:Cluster";
    const q = "aws:sqs/queue:Queue";
    const d = diffPlans(
      [res(eks, "k", { encryptionConfig: { provider: { keyArn: "arn:a" } } }), res(rds, "db", { availabilityZones: ["eu-west-1a", "eu-west-1b"] }), res(q, "jobs", {})],
      [res(eks, "k", { encryptionConfig: { provider: { keyArn: "arn:b" } } }), res(rds, "db", { availabilityZones: ["eu-west-1a", "eu-west-1c"] }), res(q, "jobs", {}, "eu-central-1")],
    );
    expect(d.replaced.map((r) => [r.name, r.forcedBy])).toEqual([
      ["k", ["encryptionConfig.provider.keyArn"]],
      ["db", ["availabilityZones[1]"]],
      ["jobs", ["(region)"]],
    ]);
    expect(d.changed).toEqual([]);
    expect(statefulLosses(d).map((l) => l.urn.split("::").pop())).toEqual(["k", "db", "jobs"]);
  });

  it("stateless replacements are replacements: a task definition and a serverless NEG, labelled stateless", () => {
    const td = "aws:ecs/taskDefinition:TaskDefinition";
    const neg = "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup";
    const d = diffPlans(
      [res(td, "task", { cpu: "512", tags: { a: "1" } }), res(neg, "api-neg", { cloudRun: { service: "gateway-v1" } })],
      [res(td, "task", { cpu: "1024", tags: { a: "1" } }), res(neg, "api-neg", { cloudRun: { service: "gateway-v2" } })],
    );
    expect(d.replaced.map((r) => [r.name, r.forcedBy, r.stateful])).toEqual([
      ["task", ["cpu"], false],
      ["api-neg", ["cloudRun.service"], false],
    ]);
    expect(statefulLosses(d)).toEqual([]);
    // Their tags and labels are updated in place.
    const tagsOnly = diffPlans([res(td, "task", { cpu: "512", tags: { a: "1" } })], [res(td, "task", { cpu: "512", tags: { a: "2" } })]);
    expect(tagsOnly.replaced).toEqual([]);
    expect(tagsOnly.changed.map((c) => c.keys)).toEqual([["tags.a"]]);
  });

  it("every change carries its values before and after; JSON held in a string is compared inside", () => {
    const budget = "aws:budgets/budget:Budget";
    const td = "aws:ecs/taskDefinition:TaskDefinition";
    const defs = (image: string) => JSON.stringify([{ name: "gateway", image, secrets: [{ name: "KEY", valueFrom: "arn:x" }] }]);
    const d = diffPlans(
      [res(budget, "monthly", { limitAmount: "100", limitUnit: "USD" }), res(td, "task", { containerDefinitions: defs("litellm:v1.80.0") })],
      [res(budget, "monthly", { limitAmount: "500", limitUnit: "USD" }), res(td, "task", { containerDefinitions: defs("litellm:v1.81.0") })],
    );
    expect(d.changed).toEqual([
      { urn: urn(budget, "monthly"), type: budget, name: "monthly", keys: ["limitAmount"], changes: [{ path: "limitAmount", before: "100", after: "500" }] },
    ]);
    expect(d.replaced[0]!.changes).toEqual([{ path: "containerDefinitions[0].image", before: "litellm:v1.80.0", after: "litellm:v1.81.0" }]);
    expect(diffValues({ s: "[secret]" }, { s: "[secret]" })).toEqual([]);
  });

  it("a provider's default-tag change is an update of every tagged resource it manages", () => {
    const prov = res("pulumi:providers:aws", "r-provider", { region: "eu-west-1", defaultTags: JSON.stringify({ tags: { stage: "growth", owner: "t" } }) });
    const provNext = { ...prov, inputs: { ...prov.inputs, defaultTags: JSON.stringify({ tags: { stage: "scale", owner: "t" } }) } };
    const q = res("aws:sqs/queue:Queue", "r-jobs", { name: "r-jobs", tags: { team: "x" } });
    const other = res("aws:sqs/queue:Queue", "r-other", { name: "r-other" });
    const attach = res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "r-attach", { role: "r", policyArn: "p" });
    const providers = new Map([[q.urn, prov.urn], [attach.urn, prov.urn]]);
    const d = diffPlans([prov, q, other, attach], [provNext, q, other, attach], { providers: { from: providers, to: providers } });
    expect(d.changed.map((c) => [c.name, c.changes, c.cause ?? null])).toEqual([
      ["r-provider", [{ path: "defaultTags.tags.stage", before: "growth", after: "scale" }], null],
      // Managed by the provider and taggable: its tagsAll changes. `r-other` uses another provider;
      // a role-policy attachment has no tags.
      ["r-jobs", [{ path: "tagsAll.stage", before: "growth", after: "scale" }], "default tags of provider r-provider"],
    ]);
  });

  it("the human output shows labels and values before -> after", () => {
    const td = "aws:ecs/taskDefinition:TaskDefinition";
    const d = diffPlans(
      [res(td, "task", { cpu: "512" }), res("aws:budgets/budget:Budget", "monthly", { limitAmount: "100" })],
      [res(td, "task", { cpu: "1024" }), res("aws:budgets/budget:Budget", "monthly", { limitAmount: "500" })],
    );
    const text = renderPromotion({ stack: "s", from: "growth", to: "scale", ...d, stateful: statefulLosses(d), policy: { violations: [] }, errors: [] });
    expect(text.split("\n")).toEqual(expect.arrayContaining([
      "  0 to add, 1 to change, 1 to replace, 0 to delete",
      "  ~ monthly [aws:budgets/budget:Budget]",
      '      limitAmount: "100" -> "500"',
      "  ± task [aws:ecs/taskDefinition:TaskDefinition] (stateless): forced by cpu",
      '      cpu: "512" -> "1024"',
    ]));
  });

  it("covers the stateful kinds promotion must keep", () => {
    for (const t of [
      "aws:s3/bucketV2:BucketV2", "aws:elasticache/replicationGroup:ReplicationGroup", "aws:sqs/queue:Queue", "aws:secretsmanager/secret:Secret",
      "aws:eks/cluster:Cluster", "aws:glue/catalogDatabase:CatalogDatabase", "aws:athena/workgroup:Workgroup",
      "gcp:storage/bucket:Bucket", "gcp:redis/instance:Instance", "gcp:pubsub/topic:Topic", "gcp:pubsub/subscription:Subscription",
      "gcp:secretmanager/secret:Secret", "gcp:bigquery/dataset:Dataset", "gcp:container/cluster:Cluster",
    ]) expect(statefulTypes[t], t).toBeDefined();
  });
});

describe("--write: the promoted stack file", () => {
  it.each(["prototype-aws-us-east-1", "prototype-gcp-europe-west4"])("%s: only the stage line changes; comments and secure values stay", (stack) => {
    const text = readFileSync(path.join(stacksDir, `Pulumi.${stack}.yaml`), "utf8");
    const out = setStageInYaml(text, "growth");
    const a = text.split("\n");
    const b = out.split("\n");
    expect(b).toHaveLength(a.length);
    const changed = a.map((l, i) => [l, b[i]]).filter(([x, y]) => x !== y);
    expect(changed).toEqual([["  ai-infra:stage: prototype", "  ai-infra:stage: growth"]]);
    const parsed = parseStackFile(out, stack);
    expect(parsed.ok && parsed.file.config["ai-infra:stage"]).toBe("growth");
  });

  it("a stack file without a stage gets one; an unnamespaced stage key is updated in place", () => {
    expect(setStageInYaml("# head\nconfig:\n  ai-infra:cloud: aws # the cloud\n", "growth")).toBe("# head\nconfig:\n  ai-infra:cloud: aws # the cloud\n  ai-infra:stage: growth\n");
    expect(setStageInYaml("config:\n  stage: prototype\n", "scale")).toBe("config:\n  stage: scale\n");
  });
});
