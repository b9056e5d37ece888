/**
 * Mock runtime for the GCP adapter tests: every registration is captured with its inputs and
 * provider; fake outputs are the planner's (`planner/fakes.ts`: run.app URLs, service account
 * e-mails, secret ids, the fake project number, passwords); any invoke throws, so a data source
 * that would need a cloud cannot slip in. The capture, its look-ups and the planner's fakes are
 * shared with the AWS harness (`test/helpers/captured.ts`); this file holds the GCP project and
 * region rule, the outputs the engine keeps secret, and fixtures.
 *
 * Call `installMocks()` BEFORE importing a module that registers resources.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { fakeGcpProjectNumber } from "../../planner/fakes";
import { installCapturingMocks, one, plannerFake, resolve, untilQuiet } from "../helpers/captured";

export { type Captured, captured, invokes, ofType, one, resetCaptured, resolve } from "../helpers/captured";

/** The planner's fake GCP project number (distinct from the fake AWS account id). */
export const fakeProjectNumber = fakeGcpProjectNumber;

/** The value the planner's fake gave the one captured RandomPassword whose name ends so. */
export function passwordOf(nameEndsWith: string): string {
  return String(one("random:index/randomPassword:RandomPassword", nameEndsWith).outputs.result);
}

/** Provider id → its project and region. */
export const providers = new Map<string, { project: string; region: string }>();

/**
 * Outputs the real providers mark secret (`additionalSecretOutputs`), which the mock API does not
 * apply: kept secret here, as the engine keeps them, so a test can tell a secret from a plain value.
 */
const secretOutputs: Record<string, readonly string[]> = {
  "random:index/randomPassword:RandomPassword": ["result", "bcryptHash"],
  "gcp:storage/hmacKey:HmacKey": ["secret"],
  "gcp:redis/instance:Instance": ["authString"],
};

export function installMocks(opts: { project?: string; stack: string }): void {
  installCapturingMocks(
    opts,
    (args) => {
      const fallbackId = `${args.name}-id`;
      if (args.type === "pulumi:providers:gcp") {
        providers.set(fallbackId, { project: String(args.inputs.project), region: String(args.inputs.region) });
        return { id: fallbackId, state: args.inputs, outputs: {} };
      }
      if (args.custom === false || args.type.startsWith("pulumi:providers:")) return { id: fallbackId, state: args.inputs, outputs: {} };
      const prov = args.provider ? providers.get(args.provider.split("::").pop()!) : undefined;
      const fake = plannerFake(args, { project: prov?.project ?? "unset-project", region: prov?.region ?? "unset-region" });
      const state: Record<string, any> = { ...args.inputs, ...fake.outputs };
      for (const k of secretOutputs[args.type] ?? []) if (k in state) state[k] = pulumi.secret(state[k]);
      return { id: fake.id, state, outputs: fake.outputs };
    },
    (token) => `unmocked invoke ${token}: the GCP adapter must not read the cloud`,
  );
}

/** Wait until no new registration has arrived for a few rounds (applies register late). */
export async function settle(rounds = 8): Promise<void> {
  await untilQuiet(15, rounds);
}

export const stacksDir = path.resolve(__dirname, "../../stacks");

/**
 * The raw `ai-infra:*` config of an example stack file, with each `secure:` leaf replaced by a
 * recognisable placeholder (what the real key would be), plus `gcp:project` as `gcpProject`.
 */
export function stackConfig(stack: string): { raw: Record<string, unknown>; placeholders: string[] } {
  const doc = parse(fs.readFileSync(path.join(stacksDir, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  const placeholders: string[] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (Object.keys(o).length === 1 && typeof o.secure === "string") {
        const p = `PLACEHOLDER-SECRET-${at.replace(/[^A-Za-z0-9]/g, "-")}-7f3a9c`;
        placeholders.push(p);
        return p;
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x, `${at}.${k}`)]));
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}[${i}]`));
    return v;
  };
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc.config)) {
    if (key.startsWith("ai-infra:")) raw[key.slice("ai-infra:".length)] = walk(value, key);
  }
  if (raw.gcpProject === undefined && typeof doc.config["gcp:project"] === "string") raw.gcpProject = doc.config["gcp:project"];
  return { raw, placeholders };
}

/**
 * The example `stack` after the bootstrap's second `up` (worker image tag set), with `edit`
 * applied to its raw config, built under the installed mocks and settled.
 */
export async function buildEdited(stack: string, edit: (raw: Record<string, unknown>) => void): Promise<void> {
  const { parseStack } = await import("../../components/config/parse");
  const { AiPlatform } = await import("../../components/platform/platform");
  const cfg = stackConfig(stack);
  cfg.raw.worker = { ...((cfg.raw.worker as object) ?? {}), imageTag: "0.1.0" };
  edit(cfg.raw);
  const parsed = parseStack(cfg.raw, { project: "ai-infra", stack, secretKeys: new Set(["providerKeys"]) });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const platform = new AiPlatform("ai-infra", { stack: parsed.stack });
  await resolve(pulumi.all([platform.apiUrl, platform.dashboards]));
  await settle();
}
