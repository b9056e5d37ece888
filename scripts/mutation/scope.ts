// Which files mutation testing covers, and the markdown of a Stryker JSON report, for
// `npm run mutate:changed` (a pull request's files) and `npm run mutate:report`.
import path from "node:path";

/** Stryker's `mutate` list: globs, and `!glob` exclusions applied after them, in order. */
export function inScope(file: string, patterns: readonly string[]): boolean {
  let inside = false;
  for (const p of patterns) {
    if (p.startsWith("!")) {
      if (path.matchesGlob(file, p.slice(1))) inside = false;
    } else if (path.matchesGlob(file, p)) inside = true;
  }
  return inside;
}

/** The mutation-testing-report-schema's parts read here (https://github.com/stryker-mutator/mutation-testing-elements). */
export interface MutationReport {
  files: Record<string, { mutants: { id: string; mutatorName: string; replacement?: string; status: string; location: { start: { line: number; column: number } } }[] }>;
}

export interface ModuleScore {
  module: string;
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
  /** Killed and timed-out over all valid mutants, in percent (Stryker's mutation score). */
  score: number;
}

// Stryker's own classes: compile errors are not counted; "Ignored" mutants are excluded by config.
const detected = new Set(["Killed", "Timeout"]);
const undetected = new Set(["Survived", "NoCoverage"]);

/** The score per module (the file's folder), then the whole scope as `all`. */
export function scores(report: MutationReport): ModuleScore[] {
  const by = new Map<string, ModuleScore>();
  const add = (module: string, status: string) => {
    const s = by.get(module) ?? { module, killed: 0, survived: 0, noCoverage: 0, timeout: 0, score: 0 };
    if (status === "Killed") s.killed++;
    else if (status === "Survived") s.survived++;
    else if (status === "NoCoverage") s.noCoverage++;
    else if (status === "Timeout") s.timeout++;
    by.set(module, s);
  };
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (!detected.has(m.status) && !undetected.has(m.status)) continue;
      add(path.posix.dirname(file), m.status);
      add("all", m.status);
    }
  }
  const out = [...by.values()].map((s) => {
    const valid = s.killed + s.timeout + s.survived + s.noCoverage;
    return { ...s, score: valid === 0 ? 100 : Math.round(((s.killed + s.timeout) / valid) * 1000) / 10 };
  });
  return out.sort((a, b) => (a.module === "all" ? 1 : b.module === "all" ? -1 : a.module.localeCompare(b.module)));
}

/**
 * A surviving mutant that no test can detect, because the mutated code behaves the same
 * (`scripts/mutation/equivalent.ts`): `at` is `file:line:column mutator` as Stryker reports it.
 */
export interface Equivalent {
  at: string;
  why: string;
}

/**
 * Every mutant no test detected, as `file:line:column mutator → replacement`, with the reason
 * when it is listed as equivalent.
 */
export function survivors(report: MutationReport, equivalents: readonly Equivalent[] = []): string[] {
  const why = new Map(equivalents.map((e) => [e.at, e.why]));
  const out: string[] = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (!undetected.has(m.status)) continue;
      const at = `${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}`;
      const reason = why.get(at);
      out.push(`${at}${m.status === "NoCoverage" ? " (no test covers it)" : ""}${m.replacement === undefined ? "" : ` → ${JSON.stringify(m.replacement)}`}${reason === undefined ? "" : ` (equivalent: ${reason})`}`);
    }
  }
  return out.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

export function renderMarkdown(report: MutationReport, equivalents: readonly Equivalent[] = []): string {
  const rows = scores(report).map((s) => `| ${s.module} | ${s.killed + s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.score.toFixed(1)}% |`);
  const left = survivors(report, equivalents);
  const listed = left.filter((s) => s.includes(" (equivalent: ")).length;
  return [
    "<!-- ai-infra:mutation -->",
    "### Mutation testing",
    "",
    "| module | detected | survived | no coverage | score |",
    "|---|---:|---:|---:|---:|",
    ...rows,
    "",
    left.length === 0 ? "No mutant survived." : `Mutants no test detected (${left.length}${listed === 0 ? "" : `, ${listed} listed as equivalent`}):`,
    ...left.map((s) => `- \`${s}\``),
    "",
  ].join("\n");
}
