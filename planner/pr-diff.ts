import { commitmentsOutliving } from "./commitments";
import { type PlanDiff, diffPlans, statefulLosses } from "./diff";
import type { PlanResult } from "./plan";
import { fit, usd } from "./render";

/**
 * The pull-request plan diff: every stack planned at the base and at the head commit, compared
 * the way `promote` compares two stages (by URN, stateful replacements and deletions flagged),
 * rendered as one Markdown comment.
 */

/** A `--json` plan document; `cost` is absent when the planner that made it had no cost model. */
export type PlanDoc = PlanResult & { cost?: { totalMonthlyUsd: number; fixedMonthlyUsd: number; usageMonthlyUsd: number; llmMonthlyUsd: number } };

export interface StackPlans {
  stack: string;
  /** null: the stack file does not exist at that commit (or the stack was not planned: `skipped`). */
  base: PlanDoc | null;
  head: PlanDoc | null;
  /** Not planned on either side: no file its plan reads differs between them (`stacksToPlan`). */
  skipped?: boolean;
}

/**
 * Folders no plan reads: documentation, tests and benchmarks. A change in them alone re-plans no
 * stack. test/planner/pr-diff-skip.test.ts holds this against every file each example's plan
 * actually reads (modules loaded, files opened), so a plan that starts reading one fails it.
 */
export const inertFolders = ["docs/", "test/", "bench/"] as const;

const stackFilePattern = /^stacks\/Pulumi\.(.+)\.yaml$/;

/** Why a stack is planned, or null when it is skipped. */
export type PlanReason = string | null;

/**
 * Which stacks a pull request must plan, given the files that differ between base and head
 * (repo-relative, `/`-separated; null when they could not be listed). Sound by being coarse: a
 * stack's own file re-plans that stack; a file in `inertFolders` re-plans nothing; any other file
 * (components/, planner/, policies/, charts/, cli/, package.json, package-lock.json, tsconfig.json,
 * other files under stacks/, anything new) may be read by every plan, so it re-plans them all.
 */
export function stacksToPlan(stacks: readonly string[], changed: readonly string[] | null): Map<string, PlanReason> {
  const out = new Map<string, PlanReason>(stacks.map((s) => [s, null]));
  if (changed === null) {
    for (const s of stacks) out.set(s, "the changed files between base and head are not known");
    return out;
  }
  const everything = changed.find((f) => !stackFilePattern.test(f) && !inertFolders.some((d) => f.startsWith(d)));
  for (const s of stacks) {
    if (everything !== undefined) out.set(s, `${everything} changed, which any plan may read`);
    else if (changed.includes(`stacks/Pulumi.${s}.yaml`)) out.set(s, "its stack file changed");
  }
  return out;
}

/** The marker the workflow finds its own comment by, to update it instead of adding another. */
export const commentMarker = "<!-- ai-infra:plan-diff -->";

export interface StackDiff {
  stack: string;
  status: "new" | "deleted" | "changed" | "unchanged" | "failed" | "skipped";
  diff: PlanDiff | null;
  stateful: ReturnType<typeof statefulLosses>;
  cost: { before: number | null; after: number | null };
  policy: { mandatory: number; advisory: number; before: { mandatory: number; advisory: number } | null };
  errors: string[];
}

const levels = (doc: PlanDoc | null) =>
  doc ? { mandatory: doc.policy.violations.filter((v) => v.level === "mandatory").length, advisory: doc.policy.violations.filter((v) => v.level === "advisory").length } : null;

export function compareStack(p: StackPlans): StackDiff {
  const errors = [...(p.head?.errors ?? []).map((e) => `head: ${e.path ? `${e.path}: ` : ""}${e.message}`), ...(p.base?.errors ?? []).map((e) => `base: ${e.path ? `${e.path}: ` : ""}${e.message}`)];
  const cost = { before: p.base?.cost?.totalMonthlyUsd ?? null, after: p.head?.cost?.totalMonthlyUsd ?? null };
  const policy = { ...(levels(p.head) ?? { mandatory: 0, advisory: 0 }), before: levels(p.base) };
  if (p.skipped) return { stack: p.stack, status: "skipped", diff: null, stateful: [], cost, policy, errors: [] };
  if ((p.head?.errors.length ?? 0) > 0) return { stack: p.stack, status: "failed", diff: null, stateful: [], cost, policy, errors };
  const diff = diffPlans(p.base?.resources ?? [], p.head?.resources ?? []);
  const status = p.base === null ? "new" : p.head === null ? "deleted" : diff.added.length + diff.changed.length + diff.replaced.length + diff.deleted.length > 0 ? "changed" : "unchanged";
  return { stack: p.stack, status, diff, stateful: statefulLosses(diff), cost, policy, errors };
}

const money = (n: number | null) => (n === null ? "n/a" : usd(n));

function costCell(c: StackDiff["cost"]): string {
  if (c.before === null && c.after === null) return "n/a";
  const delta = c.before !== null && c.after !== null ? c.after - c.before : null;
  const sign = delta === null || Math.abs(delta) < 0.005 ? "" : ` (${delta > 0 ? "+" : "−"}${usd(Math.abs(delta))})`;
  return `${money(c.before)} → ${money(c.after)}${sign}`;
}

function policyCell(d: StackDiff): string {
  if (d.status === "deleted" || d.status === "skipped") return "—";
  const { mandatory, advisory } = d.policy;
  if (mandatory + advisory === 0) return "✅ pass";
  return `${mandatory > 0 ? "❌" : "⚠️"} ${mandatory} mandatory, ${advisory} advisory`;
}

const statusLabel: Record<StackDiff["status"], string> = { new: "🆕 new stack", deleted: "🗑️ stack removed", changed: "changed", unchanged: "no change", failed: "❌ plan failed", skipped: "no change (not planned: no file its plan reads changed)" };

/** Markdown for one pull request: a table of every stack, then the details of each changed one. */
export function renderPrDiff(stacks: readonly StackPlans[], opts: { base?: string; head?: string } = {}): string {
  const diffs = stacks.map(compareStack);
  const out = [commentMarker, `### Offline plan: ${opts.base ?? "base"} → ${opts.head ?? "head"}`, ""];
  out.push("| stack | status | added | changed | replaced | deleted | policy | monthly cost before → after |", "|---|---|---:|---:|---:|---:|---|---|");
  for (const d of diffs) {
    const n = (k: keyof PlanDiff) => (d.diff ? String(d.diff[k].length) : "—");
    const stateful = d.stateful.length > 0 ? ` ⚠️ ${d.stateful.length} stateful` : "";
    out.push(`| \`${d.stack}\` | ${statusLabel[d.status]}${stateful} | ${n("added")} | ${n("changed")} | ${n("replaced")} | ${n("deleted")} | ${policyCell(d)} | ${costCell(d.cost)} |`);
  }
  const commitments = stacks.flatMap((p) => (p.head && p.base ? commitmentsOutliving(p.base.resources, p.head.resources) : p.head ? commitmentsOutliving([], p.head.resources) : []).map((c) => ({ stack: p.stack, c })));
  if (commitments.length > 0) {
    out.push("", `**💸 ${commitments.length} committed capacity cost(s) outlive this change** (a term AWS will not cancel):`);
    for (const { stack, c } of commitments) out.push(`- \`${stack}\`: ${c.change} \`${c.name}\` (Bedrock Provisioned Throughput, ${c.term}): ${c.note}`);
  }
  const losses = diffs.flatMap((d) => d.stateful.map((s) => ({ stack: d.stack, ...s })));
  if (losses.length > 0) {
    out.push("", `**⚠️ ${losses.length} stateful resource(s) would be deleted or replaced** (data loss or cut-off callers):`);
    for (const l of losses) out.push(`- \`${l.stack}\`: ${l.change} \`${l.urn.split("::").at(-1)}\` (${l.type}): ${l.reason}`);
  }
  for (const d of diffs) {
    if (d.status === "unchanged" || d.status === "skipped") continue;
    const lines: string[] = [];
    for (const e of d.errors) lines.push(`- ${e}`);
    if (d.diff && d.status !== "new" && d.status !== "deleted") {
      for (const a of d.diff.added) lines.push(`- added \`${a.name}\` (${a.type})`);
      for (const c of d.diff.changed) lines.push(fit(`- changed \`${c.name}\` (${c.type}): ${c.keys.slice(0, 5).join(", ")}${c.keys.length > 5 ? ", …" : ""}`, 200));
      for (const r of d.diff.replaced) lines.push(`- ${r.stateful ? "⚠️ " : ""}replaced \`${r.name}\` (${r.type}) because ${r.forcedBy.join(", ")} changed`);
      for (const x of d.diff.deleted) lines.push(`- ${x.stateful ? "⚠️ " : ""}deleted \`${x.name}\` (${x.type})`);
    } else if (d.diff) {
      const count = d.status === "new" ? d.diff.added.length : d.diff.deleted.length;
      const stateful = d.status === "deleted" ? d.diff.deleted.filter((x) => x.stateful).length : 0;
      lines.push(`- ${count} resources ${d.status === "new" ? "to create (the base commit has no stack file)" : `deleted with the stack file${stateful ? `, ${stateful} of them stateful` : ""}`}`);
    }
    if (d.policy.mandatory + d.policy.advisory > 0) {
      const doc = stacks.find((s) => s.stack === d.stack)!.head!;
      const byPolicy = new Map<string, number>();
      for (const v of doc.policy.violations) byPolicy.set(`[${v.level}] ${v.policy}`, (byPolicy.get(`[${v.level}] ${v.policy}`) ?? 0) + 1);
      for (const [p, k] of byPolicy) lines.push(`- policy ${p}: ${k}`);
    }
    out.push("", `<details><summary><code>${d.stack}</code>: ${statusLabel[d.status]}</summary>`, "", ...lines, "", "</details>");
  }
  if (diffs.some((d) => d.cost.before === null && d.status !== "new" && d.status !== "failed" && d.status !== "skipped")) {
    out.push("", "_n/a before: the base commit's planner has no cost model (no `cost` in its plan JSON)._");
  }
  out.push("", "_Planned offline (`npm run plan`, mock runtime, no cloud credentials); costs from the kit's price table (`components/cost`)._");
  return out.join("\n");
}

/** Whether the comparison should fail the check: a plan failed, a mandatory violation, or a stateful loss. */
export function failing(stacks: readonly StackPlans[]): boolean {
  return stacks.map(compareStack).some((d) => d.status === "failed" || d.policy.mandatory > 0 || d.stateful.length > 0);
}
