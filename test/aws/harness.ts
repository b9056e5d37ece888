/**
 * Mock runtime for the AWS adapter tests: every registration is captured with its inputs and
 * provider, fake outputs are realistic enough for the components' wiring (ARNs, DNS names, ids),
 * and any invoke throws, so a data source that would need a cloud cannot slip in. The capture and
 * its look-ups are shared with the GCP harness (`test/helpers/captured.ts`); this file holds the
 * AWS fakes and fixtures.
 *
 * Call `installMocks()` BEFORE importing a module that registers resources.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import type { AiPlatform } from "../../components/platform/platform";
import type { Stack } from "../../components/config/model";
import { installCapturingMocks, resolve, untilQuiet } from "../helpers/captured";

export { type Captured, captured, invokes, isSecretWrapped, ofType, one, resolve, strings } from "../helpers/captured";

export const fakeAccount = "123456789012";
/** What every mocked RandomPassword generates; like a provider key, it must stay secret. */
export const mockPassword = "MOCK-RANDOM-PASSWORD-must-stay-secret";
/** The gateway key's random value: distinct from the cache token so each can be traced alone. */
export const mockGatewayKey = "MOCKGATEWAYKEYmuststaysecret";

function serviceOf(type: string): string {
  const mod = type.split(":")[1]?.split("/")[0] ?? "x";
  return mod === "index" ? "x" : mod;
}

function fakeState(type: string, name: string, inputs: Record<string, any>, id: string, region: string): Record<string, any> {
  const arn = `arn:aws:${serviceOf(type)}:${region}:${fakeAccount}:${name}`;
  const base: Record<string, any> = { ...inputs, arn, id };
  switch (type) {
    case "aws:s3/bucket:Bucket":
      return { ...base, bucket: inputs.bucket ?? `${name}-abc1234`, arn: `arn:aws:s3:::${inputs.bucket ?? `${name}-abc1234`}` };
    case "aws:lb/loadBalancer:LoadBalancer":
      return { ...base, dnsName: `${inputs.name}-0123456789.elb.${region}.amazonaws.com`, arnSuffix: `net/${inputs.name}/0123456789` };
    case "aws:lb/targetGroup:TargetGroup":
      return { ...base, arnSuffix: `targetgroup/${inputs.name}/0123456789` };
    case "aws:apigateway/restApi:RestApi":
      return { ...base, name: inputs.name ?? `${name}-abc1234`, rootResourceId: "rootres", executionArn: `arn:aws:execute-api:${region}:${fakeAccount}:${id}` };
    case "aws:sqs/queue:Queue": {
      const qname = inputs.name ?? `${name}-abc1234${inputs.fifoQueue ? ".fifo" : ""}`;
      return { ...base, name: qname, url: `https://sqs.${region}.amazonaws.com/${fakeAccount}/${qname}`, arn: `arn:aws:sqs:${region}:${fakeAccount}:${qname}` };
    }
    case "aws:elasticache/replicationGroup:ReplicationGroup": {
      const rg = inputs.replicationGroupId;
      const n = Number(inputs.numCacheClusters ?? 1);
      return {
        ...base,
        primaryEndpointAddress: `master.${rg}.abcdef.euw1.cache.amazonaws.com`,
        memberClusters: Array.from({ length: n }, (_, i) => `${rg}-${String(i + 1).padStart(3, "0")}`),
      };
    }
    case "aws:ecr/repository:Repository":
      return { ...base, name: inputs.name ?? `${name}-abc1234`, repositoryUrl: `${fakeAccount}.dkr.ecr.${region}.amazonaws.com/${inputs.name ?? `${name}-abc1234`}` };
    case "random:index/randomPassword:RandomPassword":
      return { ...base, result: name.endsWith("-gateway-key-value") ? mockGatewayKey : mockPassword };
    case "aws:rds/cluster:Cluster": {
      // RDS lower-cases the identifier; the managed master secret is `rds!cluster-<id>-<6 chars>`.
      const cid = `${name}-abc1234`;
      return {
        ...base,
        clusterIdentifier: cid,
        arn: `arn:aws:rds:${region}:${fakeAccount}:cluster:${cid}`,
        endpoint: `${cid}.cluster-c0ffee.${region}.rds.amazonaws.com`,
        readerEndpoint: `${cid}.cluster-ro-c0ffee.${region}.rds.amazonaws.com`,
        masterUserSecrets: inputs.manageMasterUserPassword ? [{ secretArn: `arn:aws:secretsmanager:${region}:${fakeAccount}:secret:rds!cluster-${cid}-AbCdEf`, kmsKeyId: "", secretStatus: "active" }] : [],
      };
    }
    case "aws:apigateway/stage:Stage":
      return { ...base, arn: `arn:aws:apigateway:${region}::/restapis/${inputs.restApi}/stages/${inputs.stageName}` };
    case "aws:kms/key:Key":
      return { ...base, arn: `arn:aws:kms:${region}:${fakeAccount}:key/${id}`, keyId: id };
    default:
      return { ...base, name: inputs.name ?? `${name}-abc1234` };
  }
}

/** Region of each provider by its id, so each resource's region can be checked. */
export const providerRegions = new Map<string, string>();

export function installMocks(opts: { project?: string; stack: string; region?: string }): void {
  installCapturingMocks(opts, (args) => {
    const id = `${args.name}-id`;
    let region = opts.region ?? "us-east-1";
    if (args.provider) region = providerRegions.get(args.provider.split("::").pop()!) ?? region;
    if (args.type === "pulumi:providers:aws") {
      providerRegions.set(id, String(args.inputs.region));
      region = String(args.inputs.region);
    }
    return { id, state: args.custom === false ? args.inputs : fakeState(args.type, args.name, args.inputs, id, region) };
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
