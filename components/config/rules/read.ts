import { keysDatabaseAt } from "../presets";
import { type Cloud, type Jurisdiction, jurisdictions } from "../regions";
import { type Stage, stages } from "../schema";
import type { RawStack } from "./rule";

/**
 * Defensive reads of the raw merged input shared by the rules: each returns a value only when the
 * field is well-formed, so a field of the wrong type is left to the schema to report.
 */

/** A plain object (not null, not an array). */
export const isObj = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The stack's cloud when it is one the kit knows. */
export function knownCloud(c: RawStack): Cloud | undefined {
  return c.cloud === "aws" || c.cloud === "gcp" ? c.cloud : undefined;
}

/** The stack's stage when it is one the kit knows. */
export function knownStage(c: RawStack): Stage | undefined {
  return typeof c.stage === "string" && (stages as readonly string[]).includes(c.stage) ? c.stage : undefined;
}

/** The stack's jurisdiction when it is one the kit knows. */
export function knownJurisdiction(c: RawStack): Jurisdiction | undefined {
  return typeof c.jurisdiction === "string" && (jurisdictions as readonly string[]).includes(c.jurisdiction) ? c.jurisdiction : undefined;
}

/** The model groups the stack serves: names of hosted models, then of self-hosted groups, in order. */
export function servedGroups(c: RawStack): Set<string> {
  const groups = new Set<string>();
  if (Array.isArray(c.models)) for (const m of c.models) if (m && typeof m === "object" && typeof m.name === "string") groups.add(m.name);
  if (Array.isArray(c.selfHosted)) for (const s of c.selfHosted) if (s && typeof s.name === "string") groups.add(s.name);
  return groups;
}

/** The model groups callers can name: hosted models, self-hosted groups and the router group. */
export function modelGroups(c: RawStack): string[] {
  const groups = new Set<string>();
  for (const list of [c.models, c.selfHosted]) {
    if (!Array.isArray(list)) continue;
    for (const m of list) if (m && typeof m.name === "string") groups.add(m.name);
  }
  if (c.routing && typeof c.routing.routerGroup === "string") groups.add(c.routing.routerGroup);
  return [...groups];
}

/** Names of the well-formed GPU pools of `cluster.gpuPools`. */
export function gpuPoolNames(c: RawStack): string[] {
  return isObj(c.cluster) && Array.isArray(c.cluster.gpuPools) ? c.cluster.gpuPools.filter(isObj).map((p) => p.name).filter((n): n is string => typeof n === "string") : [];
}

/**
 * The `access` section when the access rules apply to it: it is an object and the stack has the
 * keys database (`access-needs-keys-database` reports it otherwise).
 */
export function accessSection(c: RawStack): Record<string, unknown> | undefined {
  if (!isObj(c.access)) return undefined;
  const cloud = knownCloud(c);
  const stage = knownStage(c);
  return cloud && stage && !keysDatabaseAt(stage, cloud) ? undefined : c.access;
}

/**
 * Whether `failover` is set as an object, when the AWS failover rules apply. An array counts too,
 * as these rules have always read it: the schema reports its type.
 */
export function failoverSet(c: RawStack): boolean {
  return Boolean(c.failover) && typeof c.failover === "object";
}

/** `api.domain`, `api.dnsZone` and `api.dnsZoneName`, each only when a string: the AWS DNS rules' inputs. */
export function apiDns(c: RawStack): { domain: string | undefined; zone: string | undefined; zoneName: string | undefined } {
  const api = isObj(c.api) ? c.api : undefined;
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  return { domain: text(api?.domain), zone: text(api?.dnsZone), zoneName: text(api?.dnsZoneName) };
}

/** `api.perKey.quotaPerDay` as given (of any type) when `api` and `api.perKey` are objects. */
export function perKeyQuotaPerDay(c: RawStack): unknown {
  const perKey = c.api && typeof c.api === "object" ? (c.api as Record<string, unknown>).perKey : undefined;
  return perKey && typeof perKey === "object" ? (perKey as Record<string, unknown>).quotaPerDay : undefined;
}

/**
 * `providers` and `providerKeys` as the provider rules read them: each only when an object (an
 * array counts too, as these rules have always read it: the schema reports its type); no keys when
 * `providerKeys` is not one.
 */
export function providerSections(c: RawStack) {
  const providers = c.providers && typeof c.providers === "object" ? c.providers : undefined;
  const keys = c.providerKeys && typeof c.providerKeys === "object" ? c.providerKeys : {};
  return { providers, keys };
}

/** `max` must not be below `min` in the object at `path` (both read only when numbers). */
export function maxBelowMin(path: PropertyKey[], o: unknown, minKey: string, maxKey: string): { path: PropertyKey[]; message: string; value: unknown }[] {
  if (!o || typeof o !== "object") return [];
  const r = o as Record<string, unknown>;
  if (typeof r[minKey] === "number" && typeof r[maxKey] === "number" && (r[maxKey] as number) < (r[minKey] as number)) {
    return [{ path: [...path, maxKey], message: `must be at least ${minKey} (${String(r[minKey])})`, value: r[maxKey] }];
  }
  return [];
}

/** The well-formed `dedicated` entries with their index and the block their cloud reads (`bedrock` on aws, `vertex` on gcp). */
export function dedicatedBlocks(c: RawStack): { index: number; group: unknown; key: "bedrock" | "vertex"; block: Record<string, any> }[] {
  const cloud = knownCloud(c);
  if (!cloud || !Array.isArray(c.dedicated)) return [];
  const key = cloud === "aws" ? "bedrock" : "vertex";
  const out: { index: number; group: unknown; key: "bedrock" | "vertex"; block: Record<string, any> }[] = [];
  c.dedicated.forEach((d: unknown, index: number) => {
    if (isObj(d) && isObj(d[key])) out.push({ index, group: d.group, key, block: d[key] });
  });
  return out;
}
