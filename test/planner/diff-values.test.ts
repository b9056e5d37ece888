// The promotion diff's edge cases (planner/diff.ts), each on exact values: JSON held in strings,
// key order, components and providers among the added, default tags merged into a resource's
// own change, and the stateful-loss messages. Found by mutation testing (docs/testing.md).
import { describe, expect, it } from "vitest";
import type { PlannedResource } from "../../planner/capture";
import { diffPlans, diffValues, replaceRuleOf, statefulLosses } from "../../planner/diff";

const urn = (type: string, name: string) => `urn:pulumi:s::p::${type}::${name}`;
const res = (type: string, name: string, inputs: Record<string, unknown> = {}, region: string | null = "eu-west-1"): PlannedResource => ({
  urn: urn(type, name),
  type,
  name,
  parent: null,
  region,
  inputs,
});

describe("diffValues", () => {
  it("null against an object is one change of the whole value", () => {
    expect(diffValues(null, { a: 1 }, "p")).toEqual([{ path: "p", before: null, after: { a: 1 } }]);
  });

  it("lists an object's changed keys in sorted order", () => {
    expect(diffValues({ b: 1, a: 1 }, { b: 2, a: 2 }).map((c) => c.path)).toEqual(["a", "b"]);
  });

  it("compares inside JSON held in strings, leading whitespace allowed", () => {
    expect(diffValues(' {"a":1}', ' {"a":2}', "p")).toEqual([{ path: "p.a", before: 1, after: 2 }]);
  });

  it("keeps the strings when only one side holds JSON, or the JSON is the same written otherwise", () => {
    expect(diffValues('{"x":1}', "plain", "p")).toEqual([{ path: "p", before: '{"x":1}', after: "plain" }]);
    expect(diffValues("plain", '{"x":1}', "p")).toEqual([{ path: "p", before: "plain", after: '{"x":1}' }]);
    expect(diffValues('{"x":1}', '{ "x": 1 }', "p")).toEqual([{ path: "p", before: '{"x":1}', after: '{ "x": 1 }' }]);
  });

  it("reads only an object or a list as JSON: not a JSON string, not a list of strings", () => {
    expect(diffValues('"{a"', '"{b"', "p")).toEqual([{ path: "p", before: '"{a"', after: '"{b"' }]);
    expect(diffValues(["[1]"], ["[1", "2]"], "p")).toEqual([{ path: "p", before: ["[1]"], after: ["[1", "2]"] }]);
  });
});

describe("diffPlans", () => {
  it("a region move replaces custom resources and providers; a component has no cloud state to move", () => {
    const moved = (type: string, name: string) => [res(type, name, {}, "us-east-1"), res(type, name, {}, "us-west-2")] as const;
    const [comp, compNext] = moved("ai-infra:aws:Region", "r");
    const [prov, provNext] = moved("pulumi:providers:aws", "r-provider");
    const [q, qNext] = moved("aws:sqs/queue:Queue", "r-jobs");
    const d = diffPlans([comp, prov, q], [compNext, provNext, qNext]);
    expect(d.replaced.map((r) => [r.name, r.forcedBy])).toEqual([
      ["r-provider", ["(region)"]],
      ["r-jobs", ["(region)"]],
    ]);
    expect(d.changed.map((c) => [c.name, c.keys])).toEqual([["r", ["(region)"]]]);
  });

  const tagsOf = (tags: Record<string, string>) => JSON.stringify({ tags });
  const prov = res("pulumi:providers:aws", "r-provider", { defaultTags: tagsOf({ stage: "growth" }) });
  const provNext = { ...prov, inputs: { defaultTags: tagsOf({ stage: "scale" }) } };

  it("a default-tag change joins a resource's own change: one entry, both changes, the provider as cause", () => {
    const q = res("aws:sqs/queue:Queue", "r-jobs", { visibilityTimeoutSeconds: 60 });
    const qNext = { ...q, inputs: { visibilityTimeoutSeconds: 120 } };
    const providers = new Map([[q.urn, prov.urn]]);
    const d = diffPlans([prov, q], [provNext, qNext], { providers: { from: providers, to: providers } });
    expect(d.changed.filter((c) => c.name === "r-jobs")).toEqual([
      {
        urn: q.urn,
        type: q.type,
        name: "r-jobs",
        keys: ["visibilityTimeoutSeconds", "tagsAll.stage"],
        changes: [
          { path: "visibilityTimeoutSeconds", before: 60, after: 120 },
          { path: "tagsAll.stage", before: "growth", after: "scale" },
        ],
        cause: "default tags of provider r-provider",
      },
    ]);
  });

  it("a resource's own tag wins over the default, and a resource that moves to the provider only now is not updated by it", () => {
    const own = res("aws:sqs/queue:Queue", "r-own", { tags: { stage: "pinned" } });
    const moved = res("aws:sqs/queue:Queue", "r-moved", {});
    const d = diffPlans([prov, own, moved], [provNext, own, moved], {
      providers: { from: new Map([[own.urn, prov.urn]]), to: new Map([[own.urn, prov.urn], [moved.urn, prov.urn]]) },
    });
    expect(d.changed.map((c) => c.name)).toEqual(["r-provider"]);
  });

  it("default tags set for the first time, or removed, update the resources too", () => {
    const bare = res("pulumi:providers:aws", "r-provider", {});
    const q = res("aws:sqs/queue:Queue", "r-jobs", {});
    const providers = { from: new Map([[q.urn, bare.urn]]), to: new Map([[q.urn, bare.urn]]) };
    const tagged = diffPlans([bare, q], [prov, q], { providers });
    expect(tagged.changed.filter((c) => c.name === "r-jobs").map((c) => c.changes)).toEqual([[{ path: "tagsAll.stage", before: undefined, after: "growth" }]]);
    const untagged = diffPlans([prov, q], [bare, q], { providers });
    expect(untagged.changed.filter((c) => c.name === "r-jobs").map((c) => c.changes)).toEqual([[{ path: "tagsAll.stage", before: "growth", after: undefined }]]);
  });

  it("a resource that moves to another provider is not updated by its old provider's tags", () => {
    const q = res("aws:sqs/queue:Queue", "r-jobs", {});
    const other = "urn:pulumi:s::p::pulumi:providers:aws::r-other-provider";
    const d = diffPlans([prov, q], [provNext, q], { providers: { from: new Map([[q.urn, prov.urn]]), to: new Map([[q.urn, other]]) } });
    expect(d.changed.map((c) => c.name)).toEqual(["r-provider"]);
  });

  it("a GCP provider's default labels update its resources' effective labels", () => {
    const gp = res("pulumi:providers:gcp", "g-provider", { defaultLabels: JSON.stringify({ stage: "growth" }) });
    const gpNext = { ...gp, inputs: { defaultLabels: JSON.stringify({ stage: "scale" }) } };
    const bucket = res("gcp:storage/bucket:Bucket", "g-logs", { labels: { team: "x" } });
    const providers = new Map([[bucket.urn, gp.urn]]);
    const d = diffPlans([gp, bucket], [gpNext, bucket], { providers: { from: providers, to: providers } });
    expect(d.changed.filter((c) => c.name === "g-logs")).toEqual([
      { urn: bucket.urn, type: bucket.type, name: "g-logs", keys: ["effectiveLabels.stage"], changes: [{ path: "effectiveLabels.stage", before: "growth", after: "scale" }], cause: "default labels of provider g-provider" },
    ]);
  });
});

describe("replaceRuleOf", () => {
  it("the stateful table first, then the stateless one, else none", () => {
    expect(replaceRuleOf("aws:sqs/queue:Queue")).toEqual({ holds: "queued jobs", replaceOn: ["name", "namePrefix", "fifoQueue", "region"] });
    expect(replaceRuleOf("gcp:cloudrunv2/service:Service")).toEqual({ replaceOn: ["name", "location", "project"] });
    expect(replaceRuleOf("aws:x/y:Z")).toBeUndefined();
  });
});

describe("statefulLosses", () => {
  it("says what a deleted or replaced resource holds, and every input that forced the replacement", () => {
    const q = res("aws:sqs/queue:Queue", "r-jobs", { name: "a", fifoQueue: false });
    const custom = res("x:y/z:Z", "r-custom");
    const rules = { "aws:sqs/queue:Queue": { holds: "queued jobs", replaceOn: ["name", "fifoQueue"] }, "x:y/z:Z": { holds: "things", replaceOn: [] } };
    const d = diffPlans([q, custom], [{ ...q, inputs: { name: "b", fifoQueue: true } }], { rules });
    expect(statefulLosses(d)).toEqual([
      // the custom rule's type is not in the kit's table: "state"
      { urn: custom.urn, type: "x:y/z:Z", change: "deleted", reason: "holds state" },
      { urn: q.urn, type: q.type, change: "replaced", reason: "holds queued jobs; replaced because fifoQueue, name changed" },
    ]);
  });

  it("a replaced resource of a type only the given rules call stateful holds 'state'", () => {
    const c = res("x:y/z:Z", "r-custom", { a: 1 });
    const d = diffPlans([c], [{ ...c, inputs: { a: 2 } }], { rules: { "x:y/z:Z": { holds: "things", replaceOn: ["a"] } } });
    expect(statefulLosses(d)).toEqual([{ urn: c.urn, type: "x:y/z:Z", change: "replaced", reason: "holds state; replaced because a changed" }]);
  });
});
