import type { TypePrice } from "./prices";
import type { Rate, Source } from "./rates";

const bases = ["official", "third-party", "list-price", "assumption"];

/** What is wrong with one source: no URL, no ISO date, an unknown basis. */
export function sourceProblem(s: Source | undefined): string | null {
  if (!s) return "no source";
  if (!s.url || !(/^https:\/\//.test(s.url) || (s.basis === "assumption" && s.url.startsWith("components/")))) return `source URL '${s.url ?? ""}' is not an https page (or, for an assumption, a file of the kit)`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s.date ?? "")) return `source date '${s.date ?? ""}' is not YYYY-MM-DD`;
  if (!bases.includes(s.basis)) return `basis '${String(s.basis)}' is not one of ${bases.join(", ")}`;
  return null;
}

/** Every price-table entry and every rate without a complete source, as `name: problem`. */
export function sourceProblems(table: Readonly<Record<string, TypePrice>>, rateTables: readonly Readonly<Record<string, Rate>>[]): string[] {
  const out: string[] = [];
  for (const [type, entry] of Object.entries(table)) {
    if (!entry.sources || entry.sources.length === 0) out.push(`${type}: no source`);
    for (const s of entry.sources ?? []) {
      const p = sourceProblem(s);
      if (p) out.push(`${type}: ${p}`);
    }
  }
  for (const t of rateTables) {
    for (const [name, rate] of Object.entries(t)) {
      const p = sourceProblem(rate.source);
      if (p) out.push(`${name}: ${p}`);
    }
  }
  return out;
}
