import { type PolicyConfig, policyConfigFor } from "../../policies/lib/config";
import { type InProcessResource, runPack } from "../../policies/lib/runner";
import type { KitPolicy, Violation } from "../../policies/lib/types";

/** Policy config of a stack, as the packs derive it (no enforcement overrides). */
export function configFor(jurisdiction: string, stage: string): PolicyConfig {
  return policyConfigFor({ jurisdiction, stage });
}

/** Run one policy in-process, exactly as its pack would, over the given resources. */
export function run(policy: KitPolicy, resources: readonly InProcessResource[], settings: object): Violation[] {
  return runPack({ name: "test", description: "one policy", policies: [policy] }, resources, { settings, enforcement: {} });
}

export function messages(policy: KitPolicy, resources: readonly InProcessResource[], settings: object): string[] {
  return run(policy, resources, settings).map((v) => v.message);
}

export const urnOf = (type: string, name: string) => `urn:pulumi:test::ai-infra::${type}::${name}`;

export function res(type: string, name: string, props: Record<string, unknown>, extra: Partial<InProcessResource> = {}): InProcessResource {
  return { urn: urnOf(type, name), type, name, props, ...extra };
}

export function awsProvider(name: string, region: string, tags?: Record<string, string>): InProcessResource {
  return res("pulumi:providers:aws", name, { region, ...(tags ? { defaultTags: JSON.stringify({ tags }) } : {}) });
}

export function gcpProvider(name: string, region: string, labels?: Record<string, string>): InProcessResource {
  return res("pulumi:providers:gcp", name, { region, project: "ai-infra-example", ...(labels ? { defaultLabels: JSON.stringify(labels) } : {}) });
}

/** A deep copy to mutate one property of. */
export function clone<T>(x: T): T {
  return structuredClone(x);
}

/** Replace the resource named `name` in a copy of the list. */
export function mutate(resources: readonly InProcessResource[], name: string, f: (r: InProcessResource) => void): InProcessResource[] {
  const copy = clone(resources) as InProcessResource[];
  const r = copy.find((x) => x.name === name);
  if (!r) throw new Error(`fixture has no resource ${name}`);
  f(r);
  return copy;
}

export const euAws = "eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2";
export const euGcp =
  "europe-west1, europe-west3, europe-west4, europe-west8, europe-west9, europe-west10, europe-west12, europe-north1, europe-north2, europe-central2, europe-southwest1";
