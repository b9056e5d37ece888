import { renderCommitments } from "./commitments";
import { type Change, type ValueChange, statefulTypes } from "./diff";
import type { PromoteResult } from "./promote";
import { usd } from "./render";
import { renderViolations } from "./render";

const short = (urn: string) => urn.split("::").pop() ?? urn;

function list<T>(title: string, items: readonly T[], line: (t: T) => string[]): string[] {
  return items.length === 0 ? [] : [`${title}:`, ...items.flatMap(line)];
}

/** A value for one line: JSON, cut to `max` characters. The plan has already redacted secrets (`[secret]`). */
export function showValue(v: unknown, max = 80): string {
  const s = v === undefined ? "(unset)" : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const perResource = 8;

/** Two long strings that share a beginning (a rendered config) are shown from where they differ. */
function pair(before: unknown, after: unknown): [string, string] {
  if (typeof before === "string" && typeof after === "string") {
    let i = 0;
    while (i < before.length && i < after.length && before[i] === after[i]) i++;
    if (i > 30) return [showValue(`…${before.slice(i - 10)}`), showValue(`…${after.slice(i - 10)}`)];
  }
  return [showValue(before), showValue(after)];
}

function values(changes: readonly ValueChange[]): string[] {
  const lines = changes.slice(0, perResource).map((c) => `      ${c.path}: ${pair(c.before, c.after).join(" -> ")}`);
  if (changes.length > perResource) lines.push(`      … ${changes.length - perResource} more (see --json)`);
  return lines;
}

const cause = (c: Change) => (c.cause ? ` (${c.cause})` : "");

const labels: Record<string, string> = { url: "URL", auth: "auth header", keyKind: "key kind", limits: "limits", streaming: "streaming", routes: "routes" };

/** What callers see before → after, each change with its migration step; one line when nothing changes. */
export function renderCallers(r: Pick<PromoteResult, "callers" | "cost">): string[] {
  const out: string[] = [];
  if (r.callers) {
    const { changes, after } = r.callers;
    if (changes.length === 0) out.push(`What callers see: no change (${after.auth} to ${after.url ?? "(no apiUrl)"})`);
    else {
      out.push(`What callers see: ${changes.length} change${changes.length === 1 ? "" : "s"}`);
      for (const c of changes) out.push(`  ! ${labels[c.what]}: ${c.before} → ${c.after}`, `    migration: ${c.migration}`);
    }
  }
  if (r.cost) {
    const { before, after, deltaMonthlyUsd } = r.cost;
    const sign = deltaMonthlyUsd >= 0 ? "+" : "-";
    const basis = before.traffic ? "at the stated traffic profile" : "fixed costs at rest only: the stack states no ai-infra:traffic";
    out.push(`Monthly cost: ${usd(before.totalMonthlyUsd)} → ${usd(after.totalMonthlyUsd)} (${sign}${usd(Math.abs(deltaMonthlyUsd))}; ${basis})`);
  }
  return out;
}

/** The promotion diff for people: counts first, then each resource with its values before -> after. */
export function renderPromotion(r: PromoteResult): string {
  const out = [
    `Promotion of stack ${r.stack}: ${r.from ?? "(no stage)"} → ${r.to}`,
    `  ${r.added.length} to add, ${r.changed.length} to change, ${r.replaced.length} to replace, ${r.deleted.length} to delete`,
    ...(r.prepared ? [`  prepared for ${r.to} (set aside at ${r.from}, which refuses them): ${r.prepared.map((s) => `ai-infra:${s}`).join(", ")}`] : []),
    "",
    ...renderCallers(r),
    "",
    ...list("Added", r.added, (a) => [`  + ${short(a.urn)} [${a.type}]`]),
    ...list("Changed", r.changed, (c) => [`  ~ ${short(c.urn)} [${c.type}]${cause(c)}`, ...values(c.changes)]),
    ...list("Replaced", r.replaced, (c) => [
      `  ± ${short(c.urn)} [${c.type}] ${c.stateful ? `(stateful: holds ${statefulTypes[c.type]?.holds ?? "state"})` : "(stateless)"}: forced by ${c.forcedBy.join(", ")}`,
      ...values(c.changes),
    ]),
    ...list("Deleted", r.deleted, (d) => [`  - ${short(d.urn)} [${d.type}]${d.stateful ? " (stateful)" : ""}`]),
    "",
    r.stateful.length === 0
      ? "Stateful resources: none deleted or replaced"
      : [`Stateful resources lost: ${r.stateful.length} (promotion must be additive)`, ...r.stateful.map((s) => `  ! ${s.change} ${short(s.urn)} [${s.type}]: ${s.reason}`)].join("\n"),
    ...renderCommitments(r.commitments ?? []),
    renderViolations(r.policy.violations),
  ];
  return out.join("\n");
}
