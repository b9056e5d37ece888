import { describe, expect, it } from "vitest";
import { fineTuningGrants, prefixCondition } from "../../components/gcp/fine-tuning";
import { parseExample } from "../helpers/stacks";

const spec = (mutate: (r: Record<string, any>) => void = () => undefined) => {
  const r = parseExample("enterprise-gcp-europe-west4", mutate);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.stack;
};

describe("fine-tuning grants (GCP)", () => {
  it("reads each distinct base model once, under names that do not move when another group is added before it", () => {
    const before = fineTuningGrants(spec().selfHosted ?? []);
    const after = fineTuningGrants(
      spec((r) => {
        // A second group on the same weights, and a new model listed first.
        const first = r.selfHosted[0];
        r.selfHosted = [{ ...first, name: "qwen-small", model: "Qwen/Qwen2.5-7B-Instruct" }, first, { ...first, name: "mistral-small-b" }];
      }).selfHosted ?? [],
    );
    const weights = (gs: typeof before) => gs.filter((g) => g.role.startsWith("weights-reader-"));
    expect(weights(before).map((g) => g.prefix)).toEqual(["mistralai/Mistral-7B-Instruct-v0.3/"]);
    expect(weights(after).map((g) => g.prefix).sort()).toEqual(["Qwen/Qwen2.5-7B-Instruct/", "mistralai/Mistral-7B-Instruct-v0.3/"]);
    // The existing grant keeps its child name and title: promotion and edits replace nothing.
    const mistral = (gs: typeof before) => gs.find((g) => g.prefix.startsWith("mistralai/"))!;
    expect(mistral(after)).toEqual(mistral(before));
    expect(after.length).toBe(before.length + 1);
    expect(new Set(after.map((g) => g.role)).size).toBe(after.length);
    for (const g of after) expect(g.title.length).toBeLessThanOrEqual(100);
  });

  it("limits a grant to objects under the prefix and to listings of it, and refuses a prefix without its trailing slash", () => {
    expect(prefixCondition("b-123", "requests/")).toBe(
      'resource.name == "projects/_/buckets/b-123/objects/requests" || resource.name.startsWith("projects/_/buckets/b-123/objects/requests/") || api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("requests")',
    );
    expect(() => prefixCondition("b-123", "requests")).toThrow("prefix 'requests' must be a folder ending with '/' (a grant on 'a' would admit 'ab/')");
    expect(() => prefixCondition("b-123", "/")).toThrow("prefix '/' must be a folder ending with '/'");
  });
});
