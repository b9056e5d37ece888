import type { PromoteResult } from "./promote";
import { renderViolations } from "./render";

const short = (urn: string) => urn.split("::").pop() ?? urn;

function list<T>(title: string, items: readonly T[], line: (t: T) => string): string[] {
  return items.length === 0 ? [] : [`${title}:`, ...items.map(line)];
}

/** The promotion diff for people: counts first, then each resource with what changes. */
export function renderPromotion(r: PromoteResult): string {
  const out = [
    `Promotion of stack ${r.stack}: ${r.from ?? "(no stage)"} → ${r.to}`,
    `  ${r.added.length} to add, ${r.changed.length} to change, ${r.replaced.length} to replace, ${r.deleted.length} to delete`,
    "",
    ...list("Added", r.added, (a) => `  + ${short(a.urn)} [${a.type}]`),
    ...list("Changed", r.changed, (c) => `  ~ ${short(c.urn)} [${c.type}]: ${c.keys.slice(0, 8).join(", ")}${c.keys.length > 8 ? `, … (${c.keys.length} inputs)` : ""}`),
    ...list("Replaced", r.replaced, (c) => `  ± ${short(c.urn)} [${c.type}]: forced by ${c.forcedBy.join(", ")}`),
    ...list("Deleted", r.deleted, (d) => `  - ${short(d.urn)} [${d.type}]${d.stateful ? " (stateful)" : ""}`),
    "",
    r.stateful.length === 0
      ? "Stateful resources: none deleted or replaced"
      : [`Stateful resources lost: ${r.stateful.length} (promotion must be additive)`, ...r.stateful.map((s) => `  ! ${s.change} ${short(s.urn)} [${s.type}]: ${s.reason}`)].join("\n"),
    renderViolations(r.policy.violations),
  ];
  return out.join("\n");
}
