/**
 * What the planner records of each registered resource, and the pure functions that turn the
 * engine wire format into it: secrets kept as markers until output, resource references as ids,
 * regions resolved through the resource's provider.
 */

// Signatures of the Pulumi wire format (`@pulumi/pulumi/runtime/rpc`); stable across SDK versions
// because the engine and every language SDK share them.
const sigKey = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";
const resourceSig = "5cf8f73096256a8f31e491e813e4eb8e";
const outputValueSig = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const assetSig = "c44067f5952c0a294b673a41bacd8c17";
const archiveSig = "0def7320c3a5731c473e5ecbe6d01bc7";
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A value the program marked secret (`pulumi.secret`, a secret config key, additionalSecretOutputs). */
export class SecretValue {
  constructor(readonly value: unknown) {}
  toJSON(): string {
    return redacted;
  }
}

export const redacted = "[secret]";

/** One registered resource as captured from the resource monitor. */
export interface CapturedResource {
  urn: string;
  type: string;
  name: string;
  /** Parent URN; undefined for resources at the stack's root. */
  parent?: string;
  /** Component resources (ComponentResource) as opposed to custom (provider-managed) ones. */
  custom: boolean;
  /** Provider reference `urn::id` the resource was registered with, if an explicit one. */
  provider?: string;
  /** Inputs with secrets as `SecretValue`, resource references as their id. */
  inputs: Record<string, unknown>;
  /** Physical id the (fake) provider returned; policies match references between resources by it. */
  id?: string;
  /** The `protect` resource option (deletion protection policies read it). */
  protect?: boolean;
  /** The `ignoreChanges` resource option (input paths the engine keeps from the state after creation). */
  ignoreChanges?: string[];
  /** Input key → URNs its value came from, as the engine hands them to policies. */
  propertyDependencies?: Record<string, string[]>;
  /** URNs the resource waits for, as the engine is told (`dependsOn` and input dependencies). */
  dependencies?: string[];
  /** URNs it is also known by, through its own or its ancestors' `aliases` (see `MockOptions.aliasUrns`). */
  aliases?: string[];
}

/** One resource as a plan reports it (the `--json` shape). */
export interface PlannedResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  region: string | null;
  inputs: Record<string, unknown>;
}

/** Convert a wire-format value (a `Struct` as plain JS) to captured form. */
export function fromWire(v: unknown): unknown {
  if (v === unknownValue) return "[unknown]";
  // Secrets stay at the leaf they were set on (as the engine keeps them), so redaction hides only
  // the secret and not its siblings; the SDK's push-up of secretness is a typing limit of its own.
  if (Array.isArray(v)) return v.map(fromWire);
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  switch (o[sigKey]) {
    case secretSig:
      return new SecretValue(reveal(fromWire(o.value)));
    case resourceSig:
      return typeof o.id === "string" && o.id !== "" ? o.id : o.urn;
    case outputValueSig: {
      const inner = o.value === undefined ? "[unknown]" : fromWire(o.value);
      return o.secret === true ? new SecretValue(inner) : inner;
    }
    case assetSig:
      return { asset: o.path ?? o.uri ?? (typeof o.text === "string" ? `text (${o.text.length} chars)` : "asset") };
    case archiveSig:
      return { archive: o.path ?? o.uri ?? Object.keys((o.assets as object) ?? {}) };
    default:
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, fromWire(x)]));
  }
}

/** A secret in wire form (`{<sig key>: <secret sig>, value}`), as the mock monitor hands inputs over. */
export function isWireSecret(v: unknown): boolean {
  return !!v && typeof v === "object" && (v as Record<string, unknown>)[sigKey] === secretSig;
}

export function unwrapSecret(v: unknown): unknown {
  return v instanceof SecretValue ? v.value : v;
}

/** Deep copy with every secret removed (for fakes, which derive names and ids from inputs). */
export function reveal(v: unknown): unknown {
  if (v instanceof SecretValue) return reveal(v.value);
  if (Array.isArray(v)) return v.map(reveal);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
  return v;
}

export interface Leak {
  /** Input path, e.g. `environment.variables.KEY`. */
  path: string;
  /** The secret config path whose placeholder appeared in plaintext. */
  secret: string;
}

/**
 * Replace secrets by `[secret]` for output. A plaintext string that contains a secret's
 * placeholder is a leak (a secret that lost its secret marking on the way into a resource): it is
 * redacted too and reported, so the output never shows it and the plan can fail on it.
 */
export function redact(v: unknown, placeholders: readonly string[], leaks: Leak[] = [], at = ""): unknown {
  if (v instanceof SecretValue) return redacted;
  if (typeof v === "string") {
    const hit = placeholders.find((p) => v.includes(p));
    if (hit) {
      leaks.push({ path: at, secret: hit.slice("[secret:".length, -1) });
      return redacted;
    }
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => redact(x, placeholders, leaks, `${at}[${i}]`));
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x, placeholders, leaks, at ? `${at}.${k}` : k)]));
  }
  return v;
}

/** `urn::id` → urn. A provider reference is the provider's URN and id joined by `::`. */
export function providerUrn(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const i = ref.lastIndexOf("::");
  return i > 0 ? ref.slice(0, i) : ref;
}

/**
 * `us-central1-a` → `us-central1`; GCS writes locations in upper case (`US-CENTRAL1`), regions are
 * lower case everywhere else; multi-regions (`EU`) stay multi-regions (`eu`).
 */
export function regionOfLocation(location: string): string {
  const l = location.toLowerCase();
  const zone = /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(l);
  return zone ? zone[1]! : l;
}

function stringInput(r: CapturedResource, key: string): string | undefined {
  const v = unwrapSecret(r.inputs[key]);
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** Package of a type token: `aws:s3/bucket:Bucket` → aws; `pulumi:providers:aws` → aws. */
export function packageOf(type: string): string {
  return type.startsWith("pulumi:providers:") ? type.slice("pulumi:providers:".length) : type.split(":")[0]!;
}

/** Region of a provider resource: AWS `region`, GCP `region` or the region of its `zone`. */
function providerRegion(p: CapturedResource): string | undefined {
  const zone = stringInput(p, "zone");
  return stringInput(p, "region") ?? (zone ? regionOfLocation(zone) : undefined);
}

/**
 * Region of every captured resource: its own `region`/`location` input, else its explicit
 * provider's region, else the stack's default provider region (`aws:region`, `gcp:region`).
 * Components take the region all their descendants share, or none when they span several.
 */
export function resolveRegions(resources: readonly CapturedResource[], defaults: Readonly<Record<string, string | undefined>>): Map<string, string | null> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const out = new Map<string, string | null>();
  // Objects in a Kubernetes cluster have no region of their own (their provider is the cluster's
  // kubeconfig); they are where the cluster is, i.e. where their nearest placed ancestor is.
  const inCluster = new Set<string>();
  const own = (r: CapturedResource): string | null => {
    if (r.type === "pulumi:providers:kubernetes") {
      inCluster.add(r.urn);
      return null;
    }
    if (r.type.startsWith("pulumi:providers:")) return providerRegion(r) ?? defaults[packageOf(r.type)] ?? null;
    const direct = stringInput(r, "region") ?? (stringInput(r, "location") ? regionOfLocation(stringInput(r, "location")!) : undefined);
    if (direct) return direct;
    const prov = byUrn.get(providerUrn(r.provider) ?? "");
    if (prov && packageOf(prov.type) === "kubernetes") {
      inCluster.add(r.urn);
      return null;
    }
    if (prov) return providerRegion(prov) ?? defaults[packageOf(prov.type)] ?? null;
    return defaults[packageOf(r.type)] ?? null;
  };
  for (const r of resources) if (r.custom) out.set(r.urn, own(r));

  const children = new Map<string, CapturedResource[]>();
  for (const r of resources) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  const componentRegion = (urn: string, seen: Set<string>): Set<string | null> => {
    const regions = new Set<string | null>();
    if (seen.has(urn)) return regions;
    seen.add(urn);
    for (const c of children.get(urn) ?? []) {
      if (c.custom && inCluster.has(c.urn)) continue;
      if (c.custom) regions.add(out.get(c.urn) ?? null);
      else for (const x of componentRegion(c.urn, seen)) regions.add(x);
    }
    return regions;
  };
  for (const r of resources) {
    if (r.custom) continue;
    const regions = componentRegion(r.urn, new Set());
    out.set(r.urn, regions.size === 1 ? [...regions][0]! : null);
  }
  for (const urn of inCluster) {
    let at = byUrn.get(urn)?.parent;
    while (at && !out.get(at)) at = byUrn.get(at)?.parent;
    out.set(urn, at ? out.get(at)! : null);
  }
  return out;
}

/**
 * Every string that is a path under one of `roots` (the checkout's directory, as written and as
 * resolved through symlinks) as a path relative to it, with `/` separators: `charts/vllm-serving`.
 *
 * The kit hands its own charts to `helm.v3.Release` as absolute paths (`kitChartPath`), and that
 * is right for `pulumi up`: the kubernetes provider resolves a relative `chart` against the
 * program's working directory, which for a project that installs the kit as a package is not where
 * the kit's `charts/` are. But the directory differs between two clones of one commit (a laptop and
 * CI, the base worktree `npm run pr-diff` plans in a temporary folder), so a plan that kept it
 * would show a change where nothing changed; the plan records where under the checkout instead.
 */
export function relativeToRoots(v: unknown, roots: readonly string[]): unknown {
  if (roots.length === 0) return v;
  if (typeof v === "string") {
    for (const root of roots) {
      const r = root.replace(/[\\/]+$/, "");
      if (r === "") continue;
      if (v === r) return ".";
      if (v.startsWith(`${r}/`) || v.startsWith(`${r}\\`)) return v.slice(r.length + 1).replace(/\\/g, "/");
    }
    return v;
  }
  if (v instanceof SecretValue) return new SecretValue(relativeToRoots(v.value, roots));
  if (Array.isArray(v)) return v.map((x) => relativeToRoots(x, roots));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, relativeToRoots(x, roots)]));
  return v;
}

/**
 * The `--json` view of captured resources, in registration order, secrets redacted, and paths
 * under `roots` (the checkout the plan ran in) relative to it (`relativeToRoots`).
 */
export function toPlanned(
  resources: readonly CapturedResource[],
  defaults: Readonly<Record<string, string | undefined>>,
  placeholders: readonly string[],
  roots: readonly string[] = [],
): { resources: PlannedResource[]; leaks: (Leak & { urn: string })[] } {
  const regions = resolveRegions(resources, defaults);
  const leaks: (Leak & { urn: string })[] = [];
  const planned = resources.map((r) => {
    const found: Leak[] = [];
    const inputs = relativeToRoots(redact(r.inputs, placeholders, found), roots) as Record<string, unknown>;
    leaks.push(...found.map((l) => ({ ...l, urn: r.urn })));
    return { urn: r.urn, type: r.type, name: r.name, parent: r.parent ?? null, region: regions.get(r.urn) ?? null, inputs };
  });
  return { resources: planned, leaks };
}
