import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import type { PolicyProviderResource } from "./types";

/**
 * Reading resources the way both callers hand them over: the analyzer (inputs for resource
 * policies, state for stack policies, provider props as the engine serialises them) and the
 * in-process planner (inputs with resolved fake outputs). Everything here is defensive about
 * shape and never assumes a property is set.
 */

export type Props = Record<string, unknown>;

/** The fields of `ResourceValidationArgs` / `PolicyResource` the policies read. */
export interface ResourceView {
  type: string;
  name: string;
  urn: string;
  props: Props;
  provider?: PolicyProviderResource;
  opts?: { protect?: boolean };
  propertyDependencies?: Record<string, readonly { urn: string; type?: string }[]>;
}

export type Cloud = "aws" | "gcp";

export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
export const obj = (v: unknown): Props => (v && typeof v === "object" && !Array.isArray(v) ? (v as Props) : {});

/**
 * Read a property without failing on a value the engine does not know yet (preview): the
 * analyzer's proxy throws on those, and a lookup used only to match resources must not turn into
 * "policy could not run".
 */
export function peek(props: Props, key: string): unknown {
  try {
    return props[key];
  } catch {
    return undefined;
  }
}

/** Values that arrive as JSON text in one path and as objects in the other (provider config, ECS JSON). */
export function parseJsonish(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export function cloudOf(type: string): Cloud | undefined {
  const pkg = type.startsWith("pulumi:providers:") ? type.slice("pulumi:providers:".length) : type.split(":")[0];
  return pkg === "aws" || pkg === "gcp" ? pkg : undefined;
}

export const isProvider = (type: string) => type.startsWith("pulumi:providers:");

/** `ai-infra-eu-west-1-logs-bucket (aws:s3/bucket:Bucket)`: how messages name a resource. */
export const label = (r: { name: string; type: string }) => `${r.name} (${r.type})`;

const sdkRoots = new Map<string, string | null>();

function sdkRoot(pkg: Cloud): string | null {
  if (!sdkRoots.has(pkg)) {
    let root: string | null = null;
    try {
      // The pack folder's own install first (pulumi runs a pack with its folder as cwd), then the repo's.
      root = path.dirname(require.resolve(`@pulumi/${pkg}/package.json`, { paths: [process.cwd(), __dirname] }));
    } catch {
      root = null;
    }
    sdkRoots.set(pkg, root);
  }
  return sdkRoots.get(pkg)!;
}

/**
 * The generated class file of a type token. The file is the token's module name, except where the
 * generator lower-cases it (`gcp:compute/uRLMap:URLMap` lives in `compute/urlmap.js`).
 */
function sdkClassText(root: string, mod: string, file: string): string {
  const dir = path.join(root, mod);
  try {
    return readFileSync(path.join(dir, `${file}.js`), "utf8");
  } catch {
    const other = readdirSync(dir).find((f) => f.toLowerCase() === `${file.toLowerCase()}.js`);
    if (!other) throw new Error(`no class file for ${mod}/${file}`);
    return readFileSync(path.join(dir, other), "utf8");
  }
}

/**
 * The property names a type's generated SDK class assigns in the form `assigned` matches (its
 * first group), cached per type in `cache`. Undefined when the SDK is not installed or the token
 * has no class file.
 */
function sdkProperties(type: string, cache: Map<string, ReadonlySet<string> | null>, assigned: RegExp): ReadonlySet<string> | undefined {
  if (cache.has(type)) return cache.get(type) ?? undefined;
  let result: ReadonlySet<string> | null = null;
  const m = /^(aws|gcp):([A-Za-z0-9]+)\/([A-Za-z0-9]+):[A-Za-z0-9]+$/.exec(type);
  const root = m ? sdkRoot(m[1] as Cloud) : null;
  if (m && root) {
    try {
      const text = sdkClassText(root, m[2]!, m[3]!);
      result = new Set([...text.matchAll(assigned)].map((x) => x[1]!));
    } catch {
      result = null;
    }
  }
  cache.set(type, result);
  return result ?? undefined;
}

const inputCache = new Map<string, ReadonlySet<string> | null>();

/**
 * The input names a resource type accepts, read from the generated SDK class the program was built
 * with (`resourceInputs["tags"] = args?.tags`). The provider schema is the authority on which
 * types are taggable or regional; this reads it offline without loading the SDK. Undefined when
 * the SDK is not installed or the token has no class file.
 */
export function sdkInputs(type: string): ReadonlySet<string> | undefined {
  return sdkProperties(type, inputCache, /resourceInputs\["([A-Za-z0-9_]+)"\] = args/g);
}

const outputCache = new Map<string, ReadonlySet<string> | null>();

/**
 * The output-only properties of a type (assigned `undefined` with an `out` marker), read from
 * the generated SDK class like `sdkInputs`. The planner uses it to tell the outputs a provider
 * computes from the inputs it echoes.
 */
export function sdkOutputs(type: string): ReadonlySet<string> | undefined {
  return sdkProperties(type, outputCache, /resourceInputs\["([A-Za-z0-9_]+)"\] = undefined \/\*out\*\//g);
}

/** Whether the type takes tags (AWS) / labels (GCP); from the SDK, else from the props given. */
export function isTaggable(r: ResourceView): boolean {
  const cloud = cloudOf(r.type);
  if (!cloud || isProvider(r.type)) return false;
  const key = cloud === "aws" ? "tags" : "labels";
  return sdkInputs(r.type)?.has(key) ?? key in r.props;
}

/** `europe-west4-a` → `europe-west4`; lower-cases GCS's upper-case locations. */
export function normaliseLocation(location: string): string {
  const l = location.toLowerCase();
  const zone = /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(l);
  return zone ? zone[1]! : l;
}

export function providerRegion(r: ResourceView): string | undefined {
  const p = r.provider?.props;
  if (!p) return undefined;
  const region = str(peek(p, "region"));
  const zone = str(peek(p, "zone"));
  return region ?? (zone ? normaliseLocation(zone) : undefined);
}

const locationKeys = ["region", "location", "zone"] as const;

/**
 * Where a regional resource lives: its own `region`/`location`/`zone` input, else its provider's
 * region. `undefined` region with `regional: false` means the type is global (IAM, DNS, budgets,
 * Pub/Sub topics: the last have their own storage policy check).
 */
export function placementOf(r: ResourceView): { regional: boolean; location?: string; source?: "input" | "provider" } {
  const cloud = cloudOf(r.type);
  if (!cloud || isProvider(r.type)) return { regional: false };
  for (const k of locationKeys) {
    const v = str(r.props[k]);
    if (v) return { regional: true, location: normaliseLocation(v), source: "input" };
  }
  const inputs = sdkInputs(r.type);
  // Without the SDK, only a resource that names a location is known to be regional.
  const regional = inputs ? locationKeys.some((k) => inputs.has(k)) : false;
  if (!regional) return { regional: false };
  const fromProvider = providerRegion(r);
  return fromProvider ? { regional: true, location: fromProvider, source: "provider" } : { regional: true };
}

/** Provider `defaultTags` (AWS, `{tags: {...}}`) / `defaultLabels` (GCP): JSON text from the engine. */
export function providerDefaults(r: ResourceView): Record<string, string> {
  const p = r.provider?.props;
  if (!p) return {};
  const cloud = cloudOf(r.provider!.type);
  const raw = parseJsonish(peek(p, cloud === "aws" ? "defaultTags" : "defaultLabels"));
  const tags = cloud === "aws" ? obj(obj(raw).tags) : obj(raw);
  return Object.fromEntries(Object.entries(tags).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

/** The tags a resource ends up with: provider defaults, then its own (`tagsAll` when the engine has it). */
export function effectiveTags(r: ResourceView): Record<string, string> {
  const own = cloudOf(r.type) === "aws" ? { ...obj(peek(r.props, "tagsAll")), ...obj(peek(r.props, "tags")) } : obj(peek(r.props, "labels"));
  return { ...providerDefaults(r), ...(Object.fromEntries(Object.entries(own).filter(([, v]) => typeof v === "string")) as Record<string, string>) };
}

/** Names a resource can be referred to by from another resource's input (id, name, ARN). */
export function identifiers(r: ResourceView): Set<string> {
  const ids = new Set<string>([r.urn]);
  for (const k of ["id", "bucket", "name", "arn", "selfLink"]) {
    const v = str(peek(r.props, k));
    if (v) ids.add(v);
  }
  return ids;
}

/**
 * Whether `src.props[key]` points at `target`: by the engine's property dependencies when it sent
 * them (they hold even when the value is not known yet), else by value (id, name, ARN; an S3 ARN
 * names its bucket).
 */
export function refersTo(src: ResourceView, key: string, target: ResourceView): boolean {
  if (src.propertyDependencies?.[key]?.some((d) => d.urn === target.urn)) return true;
  const v = str(peek(src.props, key));
  if (!v) return false;
  const ids = identifiers(target);
  if (ids.has(v)) return true;
  const s3 = /^arn:aws:s3:::([^/]+)$/.exec(v);
  return s3 ? ids.has(s3[1]!) : false;
}

/** Resource (as view) lookups for stack policies. */
export function ofType<T extends ResourceView>(resources: readonly T[], ...types: string[]): T[] {
  return resources.filter((r) => types.includes(r.type));
}

/**
 * A property's value and whether the engine knows it yet. At preview, values computed from
 * other resources' outputs are unknown; a check must not read "unknown" as "missing".
 */
export function read(props: Props, key: string): { known: boolean; value: unknown } {
  try {
    return { known: true, value: props[key] };
  } catch {
    return { known: false, value: undefined };
  }
}

/** The region part of an ARN (`arn:aws:backup:eu-west-1:...`). */
export function arnRegion(arn: string): string | undefined {
  return str(arn.split(":")[3]);
}
