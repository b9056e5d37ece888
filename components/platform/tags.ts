import type { Stack } from "../config/model";

/**
 * Tags every taggable resource carries: the guardrail policy requires stage, owner and cost
 * centre, and cost reports group by them. Applied through the regional provider's default tags
 * (AWS) / default labels (GCP) so no resource can be created without them.
 */
export function stackTags(stack: Pick<Stack, "stage" | "stack" | "tags" | "project">): Record<string, string> {
  return {
    ...(stack.tags.extra ?? {}),
    project: stack.project,
    stack: stack.stack,
    stage: stack.stage,
    owner: stack.tags.owner,
    "cost-center": stack.tags.costCenter,
    "managed-by": "ai-infra",
  };
}

/**
 * GCP labels allow only lower-case letters, digits, `_` and `-`, at most 63 characters, in keys
 * and values; tags are mapped onto that alphabet.
 */
export function gcpLabels(tags: Record<string, string>): Record<string, string> {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, "_")
      .slice(0, 63);
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [clean(k).replace(/^[^a-z]/, "k"), clean(v)]));
}

/** The private IPv4 range of the n-th region: the configured /16 counted up by n. */
export function regionCidr(base: string, index: number): string {
  const [a, b] = base.split(".").map(Number) as [number, number];
  return `${a}.${b + index}.0.0/16`;
}
