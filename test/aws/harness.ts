/**
 * Mock runtime for the AWS adapter tests: every registration is captured with its inputs and
 * provider, fake outputs are the planner's (`planner/fakes.ts`: ARNs in the right region and
 * account, DNS names, ids, passwords), and any invoke throws, so a data source that would need a
 * cloud cannot slip in. The capture, its look-ups and the planner's fakes are shared with the GCP
 * harness (`test/helpers/captured.ts`); this file holds the AWS region rule and fixtures.
 *
 * Call `installMocks()` BEFORE importing a module that registers resources.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import type { AiPlatform } from "../../components/platform/platform";
import type { Stack } from "../../components/config/model";
import { fakeAccountId } from "../../planner/fakes";
import { type Captured, installCapturingMocks, ofType, plannerFake, resolve, untilQuiet } from "../helpers/captured";

export { type Captured, captured, invokes, isSecretWrapped, ofType, one, resolve, strings } from "../helpers/captured";

/** The planner's fake AWS account id. */
export const fakeAccount = fakeAccountId;

/** What the planner's fake RandomPassword gave each captured password (`result`), to trace where each one went. */
export function passwords(): string[] {
  return ofType("random:index/randomPassword:RandomPassword").map((c) => String(c.outputs.result));
}

/** The one captured RandomPassword whose name ends so, and the value the planner's fake gave it. */
export function passwordOf(nameEndsWith: string): string {
  const xs = ofType("random:index/randomPassword:RandomPassword").filter((c: Captured) => c.name.endsWith(nameEndsWith));
  if (xs.length !== 1) throw new Error(`expected one RandomPassword named *${nameEndsWith}, found ${xs.length}`);
  return String(xs[0]!.outputs.result);
}

/** Region of each provider by its id, so each resource's region can be checked. */
export const providerRegions = new Map<string, string>();

export function installMocks(opts: { project?: string; stack: string; region?: string }): void {
  installCapturingMocks(opts, (args) => {
    const id = `${args.name}-id`;
    let region = opts.region ?? "us-east-1";
    if (args.provider) region = providerRegions.get(args.provider.split("::").pop()!) ?? region;
    if (args.type.startsWith("pulumi:providers:")) {
      if (args.type === "pulumi:providers:aws") providerRegions.set(id, String(args.inputs.region));
      return { id, state: args.inputs, outputs: {} };
    }
    if (args.custom === false) return { id, state: args.inputs, outputs: {} };
    const fake = plannerFake(args, { region, project: "ai-infra-plan" });
    return { id: fake.id, state: { ...args.inputs, ...fake.outputs }, outputs: fake.outputs };
  });
}

/** The stack files' `secure:` leaves become this placeholder; it must never show in a plain input. */
export function placeholderKey(provider: string): string {
  return `sk-PLACEHOLDER-${provider}-must-never-appear-in-plain-inputs`;
}

/**
 * An example stack file as `parseSpec` input: `ai-infra:*` keys without the namespace, secure
 * leaves replaced by placeholders and the key marked secret, as `pulumi config` would hand them.
 */
export function readStackFile(stack: string, override: Record<string, unknown> = {}) {
  const file = path.join(__dirname, "..", "..", "stacks", `Pulumi.${stack}.yaml`);
  const doc = parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  const raw: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  for (const [fullKey, value] of Object.entries(doc.config)) {
    if (!fullKey.startsWith("ai-infra:")) continue;
    const key = fullKey.slice("ai-infra:".length);
    raw[key] = replaceSecure(value, key, [], secretKeys);
  }
  return { raw: { ...raw, ...override }, secretKeys, stack, project: "ai-infra" };
}

function replaceSecure(value: unknown, key: string, trail: string[], secretKeys: Set<string>): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (Object.keys(obj).length === 1 && typeof obj.secure === "string") {
      secretKeys.add(key);
      return placeholderKey(trail[trail.length - 1] ?? key);
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, replaceSecure(v, key, [...trail, k], secretKeys)]));
  }
  if (Array.isArray(value)) return value.map((v) => replaceSecure(v, key, trail, secretKeys));
  return value;
}

/** All resources registered below `root`, with URN and parent, through a root transformation. */
export interface Registered {
  resource: pulumi.Resource;
  type: string;
  name: string;
}

export function collector(): { registered: Registered[]; transformation: pulumi.ResourceTransformation } {
  const registered: Registered[] = [];
  return {
    registered,
    transformation: (args) => {
      registered.push({ resource: args.resource, type: args.type, name: args.name });
      return undefined;
    },
  };
}

export async function urnsOf(registered: Registered[]): Promise<string[]> {
  return Promise.all(registered.map((r) => resolve(r.resource.urn)));
}

/** Wait until every captured registration has settled (outputs of apply chains included). */
export async function settle(root: pulumi.Resource): Promise<void> {
  await resolve(root.urn);
  // Registrations of children whose inputs are still resolving land a few ticks later.
  await untilQuiet(50, 1);
}

/**
 * Register the whole program for an example stack file (with `override` on top of its settings)
 * and wait until every registration has landed. Install the mocks first: the program's modules
 * are imported here, after them.
 */
export async function planStackFile(
  stack: string,
  opts: { override?: Record<string, unknown>; resourceOptions?: pulumi.ComponentResourceOptions } = {},
): Promise<{ stack: Stack; platform: AiPlatform }> {
  const { parseStack } = await import("../../components/config/parse");
  const { AiPlatform } = await import("../../components/platform/platform");
  const f = readStackFile(stack, opts.override);
  const parsed = parseStack(f.raw, { secretKeys: f.secretKeys, stack: f.stack, project: f.project });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const platform = new AiPlatform("ai-infra", { stack: parsed.stack }, opts.resourceOptions);
  await settle(platform);
  return { stack: parsed.stack, platform };
}
