import type { PlannedResource } from "./capture";
import type { PlanError, PlanResult } from "./plan";
import type { Violation } from "./policy";

/** Components carry no provider type token: `pulumi:providers:*` and `pkg:module/file:Class` do. */
export function isComponentType(type: string): boolean {
  if (type.startsWith("pulumi:providers:")) return false;
  const mod = type.split(":")[1] ?? "";
  return !mod.includes("/") && type.split(":")[0] !== "random";
}

/**
 * Remote (multi-language) components: their provider's `Construct` registers the children, which
 * neither the planner nor a pass-through provider runs, so each is one registration. Counted and
 * shown as one resource, with a note, rather than as an empty component the tree would drop.
 */
export const remoteComponentTypes: ReadonlySet<string> = new Set(["eks:index:Cluster"]);
const remoteNote = "(remote component: children registered by its provider, not planned here)";

/**
 * Whether each planned resource is a component, from the tree itself: anything that is some
 * resource's parent is a component; leaves fall back to the type-token shape.
 */
export function componentSet(resources: readonly PlannedResource[]): Set<string> {
  const parents = new Set(resources.map((r) => r.parent).filter((p): p is string => p !== null));
  return new Set(resources.filter((r) => parents.has(r.urn) || (isComponentType(r.type) && !remoteComponentTypes.has(r.type))).map((r) => r.urn));
}

export interface Counts {
  total: number;
  components: number;
  providers: number;
  /** Provider-managed resources: what `pulumi up` would create in the cloud. */
  custom: number;
}

export function countResources(resources: readonly PlannedResource[]): Counts {
  const comps = componentSet(resources);
  const providers = resources.filter((r) => r.type.startsWith("pulumi:providers:")).length;
  return { total: resources.length, components: comps.size, providers, custom: resources.length - comps.size - providers };
}

const noRegion = "(no region)";

/**
 * The plan as a tree per region: each region's resources under their component chain, each
 * component with the number of resources it holds in that region.
 */
export function renderTree(result: Pick<PlanResult, "resources" | "regions">): string {
  const { resources } = result;
  const comps = componentSet(resources);
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const children = new Map<string | null, PlannedResource[]>();
  for (const r of resources) {
    const p = r.parent !== null && byUrn.has(r.parent) ? r.parent : null;
    children.set(p, [...(children.get(p) ?? []), r]);
  }
  const leaves = resources.filter((r) => !comps.has(r.urn));
  const regionOf = (r: PlannedResource) => r.region ?? noRegion;
  const seen = [...new Set(leaves.map(regionOf))];
  const order = [...result.regions.filter((r) => seen.includes(r)), ...seen.filter((r) => !result.regions.includes(r)).sort()];

  const lines: string[] = [];
  for (const region of order) {
    const inRegion = new Set(leaves.filter((r) => regionOf(r) === region).map((r) => r.urn));
    const count = new Map<string, number>();
    for (const urn of inRegion) {
      for (let p = byUrn.get(urn)?.parent ?? null; p !== null && byUrn.has(p); p = byUrn.get(p)!.parent) count.set(p, (count.get(p) ?? 0) + 1);
    }
    lines.push(`${region} (${inRegion.size} resource${inRegion.size === 1 ? "" : "s"})`);
    const walk = (parent: string | null, indent: string) => {
      const kids = (children.get(parent) ?? []).filter((k) => inRegion.has(k.urn) || (count.get(k.urn) ?? 0) > 0);
      kids.forEach((k, i) => {
        const last = i === kids.length - 1;
        const note = remoteComponentTypes.has(k.type) ? ` ${remoteNote}` : "";
        const label = comps.has(k.urn) ? `${k.name} [${k.type}] (${count.get(k.urn)})` : `${k.name} [${k.type}]${note}`;
        lines.push(`${indent}${last ? "└─ " : "├─ "}${label}`);
        if (comps.has(k.urn)) walk(k.urn, `${indent}${last ? "   " : "│  "}`);
      });
    };
    walk(null, "  ");
  }
  return lines.join("\n");
}

export function renderViolations(violations: readonly Violation[]): string {
  if (violations.length === 0) return "Policies: no violations";
  const lines = [`Policies: ${violations.length} violation${violations.length === 1 ? "" : "s"}`];
  for (const v of violations) lines.push(`  [${v.level}] ${v.policy}${v.urn ? ` ${v.urn}` : ""}: ${v.message}`);
  return lines.join("\n");
}

/** Policies the preview could not decide: listed by name, never counted as passing. */
export function renderNotCheckable(items: readonly { policy: string; urn: string | null; message: string }[]): string[] {
  if (items.length === 0) return [];
  return [`Not checkable at preview: ${items.length}`, ...items.map((n) => `  ${n.policy}${n.urn ? ` ${n.urn}` : ""}: ${n.message}`)];
}

/** One line per problem, path first, with the value given when there was one. */
export function renderErrors(errors: readonly PlanError[], values: ReadonlyMap<PlanError, unknown> = new Map()): string {
  return errors
    .map((e) => {
      const v = values.get(e);
      return `${e.path}: ${e.message}${v === undefined ? "" : ` (given: ${JSON.stringify(v)})`}`;
    })
    .join("\n");
}

export function renderPlan(result: PlanResult): string {
  const c = countResources(result.resources);
  const head = `Plan of stack ${result.stack}: stage ${result.stage}, cloud ${result.cloud}, regions ${result.regions.join(", ")}`;
  const summary = `${c.custom} resources to create (+ ${c.components} components, ${c.providers} providers)`;
  return [head, summary, "", renderTree(result), "", renderViolations(result.policy.violations), ...renderNotCheckable(result.policy.notCheckable ?? [])].join("\n");
}
