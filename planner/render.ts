import type { PlannedResource } from "./capture";
import type { PlanError, PlanResult } from "./plan";
import type { Violation } from "./policy";
import type { StackCost } from "../components/cost/model";

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

/** Lines cut to a fixed width end in an ellipsis (`fit`); the human plan wraps instead (`wrap`). */
export const maxWidth = 120;

export function fit(line: string, width = maxWidth): string {
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}

/** The width the human plan wraps at when its output is not a terminal (a pipe, a file, CI logs). */
export const plainWidth = 100;

/** The width to wrap at: the terminal's when `stream` is one, else `plainWidth`. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns !== undefined && stream.columns > 0 ? stream.columns : plainWidth;
}

/**
 * `first` then `text`, wrapped at `width` columns onto continuation lines that start with `indent`.
 * Nothing is dropped: lines break at a space (which the break replaces), and a word is cut only
 * when it is longer than a whole line. A newline in `text` starts a continuation line.
 */
export function wrap(first: string, text: string, width: number, indent = " ".repeat(first.length)): string[] {
  const lines: string[] = [];
  text.split("\n").forEach((para, i) => {
    let line = i === 0 ? first : indent;
    let fresh = true; // nothing of this paragraph on the line yet
    for (const word of para.split(" ")) {
      const sep = fresh ? "" : " ";
      if (line.length + sep.length + word.length <= width) {
        line += sep + word;
      } else if (line.length > indent.length && indent.length + word.length <= width) {
        lines.push(line);
        line = indent + word;
      } else {
        // A word longer than a whole line: broken across lines, as much on each as fits.
        if (line.length > indent.length) {
          lines.push(line);
          line = indent;
        }
        let rest = word;
        for (;;) {
          const n = Math.max(1, width - line.length);
          line += rest.slice(0, n);
          rest = rest.slice(n);
          if (rest === "") break;
          lines.push(line);
          line = indent;
        }
      }
      fresh = false;
    }
    lines.push(line);
  });
  return lines;
}

export const usd = (n: number): string => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Per-resource cost shown in the tree, when the plan was priced. */
export type TreeCost = ReadonlyMap<string, string>;

/**
 * The plan as a tree per region: each region's resources under their component chain, each
 * component with the number of resources it holds in that region. A region's count includes its
 * provider resources, so the region counts add up to cloud resources + providers.
 */
export function renderTree(result: Pick<PlanResult, "resources" | "regions">, costs: TreeCost = new Map(), width = terminalWidth()): string {
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
  const order = regionOrder(leaves.map(regionOf), result.regions);

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
        const cost = costs.get(k.urn);
        const note = remoteComponentTypes.has(k.type) ? ` ${remoteNote}` : "";
        const label = comps.has(k.urn) ? `${k.name} [${k.type}] (${count.get(k.urn)})` : `${k.name} [${k.type}]${cost ? ` ${cost}` : ""}${note}`;
        lines.push(...wrap(`${indent}${last ? "└─ " : "├─ "}`, label, width, `${indent}${last ? "   " : "│  "}   `));
        if (comps.has(k.urn)) walk(k.urn, `${indent}${last ? "   " : "│  "}`);
      });
    };
    walk(null, "  ");
  }
  return lines.join("\n");
}

function regionOrder(seen: readonly string[], declared: readonly string[]): string[] {
  const set = [...new Set(seen)];
  return [...declared.filter((r) => set.includes(r)), ...set.filter((r) => !declared.includes(r)).sort()];
}

/**
 * Policy results grouped by policy: one line per policy with its level and count, then its
 * distinct messages (each with how many resources it names), so a rule broken by twenty
 * resources reads as one finding, not twenty lines. A message is never shortened: a long one
 * wraps at `width` onto lines indented under its first.
 */
export function renderViolations(violations: readonly Violation[], byUrn: ReadonlyMap<string, { name: string }> = new Map(), width = terminalWidth()): string {
  if (violations.length === 0) return "Policies: no violations";
  const groups = new Map<string, Violation[]>();
  for (const v of violations) groups.set(`${v.level}\u0000${v.policy}`, [...(groups.get(`${v.level}\u0000${v.policy}`) ?? []), v]);
  const mandatory = violations.filter((v) => v.level === "mandatory").length;
  const lines = [
    `Policies: ${violations.length} violation${violations.length === 1 ? "" : "s"} of ${groups.size} polic${groups.size === 1 ? "y" : "ies"} (${mandatory} mandatory, ${violations.length - mandatory} advisory)`,
  ];
  const sorted = [...groups.values()].sort((a, b) => (a[0]!.level === b[0]!.level ? b.length - a.length : a[0]!.level === "mandatory" ? -1 : 1));
  for (const group of sorted) {
    const { level, policy } = group[0]!;
    lines.push(...wrap("  ", `[${level}] ${policy}: ${group.length}`, width, "      "));
    const messages = new Map<string, string[]>();
    for (const v of group) messages.set(v.message, [...(messages.get(v.message) ?? []), v.urn === null ? "(stack)" : (byUrn.get(v.urn)?.name ?? v.urn.split("::").at(-1)!)]);
    for (const [message, names] of messages) {
      // The message first, whole: it says what to fix; the resources it names follow.
      lines.push(...wrap("      ", `${message} [${whoOf(names)}]`, width, "        "));
    }
  }
  return lines.join("\n");
}

/** Who a grouped finding names: one resource by name, or how many and the first few names. */
function whoOf(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : `${names.length} resources: ${names.slice(0, 3).join(", ")}${names.length > 3 ? ", …" : ""}`;
}

/**
 * What the user can do about checks a preview cannot decide, from how the packs run (see
 * policies/README.md, "Values unknown at preview"): the engine runs the same analyzers on the
 * update, where the values exist, and the offline plan has already run them on its own values.
 */
export const notCheckableHint =
  "These read values a provider computes when it creates a resource, which `pulumi preview --policy-pack policies/<pack>` " +
  "cannot see; `pulumi up --policy-pack policies/<pack>` runs the same checks once the values exist and stops on a " +
  "mandatory violation. This plan has already run them on its own values: a finding would be listed under Policies, " +
  'marked "found on values known only at pulumi up". Nothing to change: deploy with the same --policy-pack flags ' +
  "(--json lists every check with its reason).";

/**
 * Checks a preview cannot decide (inputs unknown until `pulumi up`): reported, never counted as a
 * pass. One line per policy (how many resources, the first by name), then one hint for all of them:
 * their messages are the same "can't be known during preview" for every resource, and `--json`
 * keeps each one.
 */
export function renderNotCheckable(
  items: readonly { policy: string; urn: string | null; message: string }[],
  byUrn: ReadonlyMap<string, { name: string }> = new Map(),
  width = terminalWidth(),
): string[] {
  if (items.length === 0) return [];
  const groups = new Map<string, string[]>();
  for (const n of items) {
    const name = n.urn === null ? "the stack" : (byUrn.get(n.urn)?.name ?? n.urn.split("::").at(-1)!);
    const names = groups.get(n.policy) ?? [];
    if (!names.includes(name)) names.push(name);
    groups.set(n.policy, names);
  }
  const lines = [`Not checkable at preview: ${items.length} check${items.length === 1 ? "" : "s"} of ${groups.size} polic${groups.size === 1 ? "y" : "ies"} (decided at pulumi up)`];
  for (const [policy, names] of groups) {
    const who = names.length === 1 && names[0] === "the stack" ? "the stack" : `${names.length} resource${names.length === 1 ? "" : "s"}, ${names.length === 1 ? "" : "first "}${names[0]}`;
    lines.push(...wrap("  ", `${policy}: ${who}`, width, "      "));
  }
  lines.push(...wrap("  ", notCheckableHint, width, "  "));
  return lines;
}

/**
 * One problem per entry, path first, with the value given when there was one; a long one wraps at
 * `width` onto indented continuation lines, never shortened.
 */
export function renderErrors(errors: readonly PlanError[], values: ReadonlyMap<PlanError, unknown> = new Map(), width = terminalWidth()): string {
  return errors
    .flatMap((e) => {
      const v = values.get(e);
      return wrap("", `${e.path}: ${e.message}${v === undefined ? "" : ` (given: ${JSON.stringify(v)})`}`, width, "    ");
    })
    .join("\n");
}

/** Entries `name n` packed into lines of at most `width` columns after a label. */
export function packed(label: string, entries: readonly [string, number][], width = terminalWidth()): string[] {
  const lines: string[] = [];
  let line = label;
  for (const [name, n] of entries) {
    const item = `${name} ${n}`;
    if (line.length > label.length && line.length + 2 + item.length > width) {
      lines.push(line.replace(/,$/, ""));
      line = " ".repeat(label.length);
    }
    line += `${line.length > label.length ? " " : ""}${item},`;
  }
  lines.push(line.replace(/,$/, ""));
  return lines.flatMap((l) => wrap("", l, width, " ".repeat(label.length)));
}

const sortedCounts = (m: Map<string, number>): [string, number][] => [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

export interface Breakdown {
  counts: Counts;
  /** Cloud resources and providers per region; sums to custom + providers. */
  byRegion: [string, number][];
  /** Cloud resources per kind of the component that holds them directly; sums to custom. */
  byComponent: [string, number][];
  /** Cloud resources per type; sums to custom. */
  byType: [string, number][];
}

export function breakdown(result: Pick<PlanResult, "resources" | "regions">): Breakdown {
  const { resources } = result;
  const comps = componentSet(resources);
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const region = new Map<string, number>();
  const component = new Map<string, number>();
  const type = new Map<string, number>();
  for (const r of resources) {
    if (comps.has(r.urn)) continue;
    region.set(r.region ?? noRegion, (region.get(r.region ?? noRegion) ?? 0) + 1);
    if (r.type.startsWith("pulumi:providers:")) continue;
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    const kind = parent ? parent.type.replace(/^ai-infra:/, "") : "(stack)";
    component.set(kind, (component.get(kind) ?? 0) + 1);
    type.set(r.type, (type.get(r.type) ?? 0) + 1);
  }
  const order = regionOrder([...region.keys()], result.regions);
  return { counts: countResources(resources), byRegion: order.map((r) => [r, region.get(r)!]), byComponent: sortedCounts(component), byType: sortedCounts(type) };
}

/** The cost part of the summary: the total first, then where it comes from; notes wrap at `width`. */
export function renderCost(cost: StackCost, opts: { detail?: boolean; width?: number } = {}): string[] {
  const width = opts.width ?? terminalWidth();
  const line = (text: string) => wrap("  ", text, width, "    ");
  const lines = [`Monthly cost: ${usd(cost.totalMonthlyUsd)} = fixed ${usd(cost.fixedMonthlyUsd)} + usage ${usd(cost.usageMonthlyUsd)} + LLM ${usd(cost.llmMonthlyUsd)}`];
  const t = cost.traffic;
  lines.push(
    ...line(
      t
        ? `at ${t.requestsPerDay.toLocaleString("en-US")} requests/day, ${t.inputTokensPerRequest} input + ${t.outputTokensPerRequest} output tokens each (ai-infra:traffic)`
        : "no traffic profile (ai-infra:traffic): fixed costs at rest only",
    ),
  );
  const regions = Object.entries(cost.byRegion);
  if (regions.length > 1 || opts.detail) {
    for (const [r, c] of regions) lines.push(...line(`${r}: fixed ${usd(c.fixedMonthlyUsd)}, usage ${usd(c.usageMonthlyUsd)}${c.notPriced ? `, ${c.notPriced} not priced` : ""}`));
  }
  for (const m of cost.llm?.models ?? []) {
    if (m.requestsPerMonth === 0) continue;
    lines.push(...line(`LLM ${m.group} (${m.model}): ${usd(m.monthlyUsd)} for ${Math.round(m.requestsPerMonth).toLocaleString("en-US")} requests/month${m.price === "default" ? " (default price table)" : ""}`));
  }
  const notPriced = new Map<string, number>();
  for (const n of cost.notPriced) notPriced.set(`${n.type} (${n.reason})`, (notPriced.get(`${n.type} (${n.reason})`) ?? 0) + 1);
  for (const [what, n] of notPriced) lines.push(...line(`not priced: ${n} x ${what}`));
  for (const note of cost.notes) if (!note.includes("not priced: the total")) lines.push(...line(`note: ${note}`));
  return lines;
}

/** The most frequent types, then one entry for the rest, so the counts still add up. */
export function topTypes(byType: readonly [string, number][], n = 12): [string, number][] {
  if (byType.length <= n + 1) return [...byType];
  const rest = byType.slice(n);
  return [...byType.slice(0, n), [`(${rest.length} more types)`, rest.reduce((a, [, k]) => a + k, 0)]];
}

export interface RenderOptions {
  cost?: StackCost;
  /** Columns to wrap at (default: the terminal's, or `plainWidth` when not a terminal). Nothing is cut. */
  width?: number;
  /** Print the per-region tree after the summary (default true). */
  tree?: boolean;
}

/**
 * The capabilities the stack has (`planner/capabilities.ts`), one line each with the planned
 * components providing it, several of a name counted (`Region x2`).
 */
export function renderCapabilities(capabilities: PlanResult["capabilities"], width = terminalWidth()): string[] {
  if (!capabilities) return [];
  const lines = ["", ...wrap("", `Capabilities: ${capabilities.length}`, width, "  ")];
  for (const c of capabilities) {
    const n = new Map<string, number>();
    for (const r of c.resources) n.set(r, (n.get(r) ?? 0) + 1);
    const by = [...n].map(([r, k]) => (k > 1 ? `${r} x${k}` : r)).join(", ");
    lines.push(...wrap("  ", `${c.name}: ${by || "(no component of its own)"}`, width, "      "));
  }
  return lines;
}

/** Human plan: the summary first (stack, cost, resources, policies), then the tree; wrapped at `opts.width`, never cut. */
export function renderPlan(result: PlanResult, opts: RenderOptions = {}): string {
  const b = breakdown(result);
  const c = b.counts;
  const width = opts.width ?? terminalWidth();
  const byUrn = new Map(result.resources.map((r) => [r.urn, r]));
  const out = wrap("", `Plan of stack ${result.stack}: stage ${result.stage}, cloud ${result.cloud}, regions ${result.regions.join(", ")}`, width, "  ");
  if (opts.cost) out.push(...renderCost(opts.cost, { width }));
  out.push(
    "",
    ...wrap("", `Resources: ${c.custom} to create + ${c.providers} providers + ${c.components} components = ${c.total} in the plan`, width, "  "),
    ...packed("  by region:    ", b.byRegion, width),
    ...packed("  by component: ", b.byComponent, width),
    ...packed("  by type:      ", topTypes(b.byType), width),
    ...renderCapabilities(result.capabilities, width),
    "",
    renderViolations(result.policy.violations, byUrn, width),
    ...renderNotCheckable(result.policy.notCheckable ?? [], byUrn, width),
  );
  if (opts.tree !== false) {
    const costs = new Map<string, string>();
    for (const [urn, rc] of Object.entries(opts.cost?.resources ?? {})) {
      if (rc.status === "not priced") costs.set(urn, "(not priced)");
      else if (rc.fixedMonthlyUsd + rc.usageMonthlyUsd > 0) costs.set(urn, `${usd(rc.fixedMonthlyUsd + rc.usageMonthlyUsd)}/mo`);
    }
    out.push("", renderTree(result, costs, width));
  }
  return out.join("\n");
}
