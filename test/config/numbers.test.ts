/**
 * Numbers, as a class (issue 20, "Numbers"): every numeric setting of the schema is in the limits
 * table (`components/config/facts/limits.ts`, a documented range and source per entry), and each
 * is driven, on an example stack of each cloud that has it, with its smallest and largest accepted
 * value, one step past each end, a fraction where whole numbers (or steps) are wanted, 1e21,
 * ±Infinity and NaN. Accepted values must parse; the others must be refused with exactly one error
 * at that setting's path (naming the maximum when past it). `numbers-render.test.ts` plans the accepted extremes and checks what is
 * rendered.
 */
import { describe, expect, it } from "vitest";
import { type NumericLimit, numericLimits } from "../../components/config/facts/limits";
import { parseStack, stackConfigSchema } from "../../components/config";
import { type Instance, instancesOf, numericLeavesOf, setAt } from "./numbers";

const entries = Object.entries(numericLimits) as [string, NumericLimit][];

describe("the limits table covers every numeric setting", () => {
  it("the schema's numeric leaves are exactly the table's entries", () => {
    expect(numericLeavesOf(stackConfigSchema)).toEqual(Object.keys(numericLimits).sort());
  });

  it.each(entries)("%s has a range and a source", (_path, l) => {
    expect(l.min).toBeLessThanOrEqual(l.max);
    expect(Number.isFinite(l.max)).toBe(true);
    expect(l.source).toMatch(/^(https:\/\/|docs\/)/);
  });
});

/** Values one step outside, a fraction inside, and the non-numbers every numeric setting refuses. */
function refusedValues(l: NumericLimit, lo: number, hi: number): { value: number; what: string; mentions?: string }[] {
  const step = l.step ?? (l.integer ? 1 : undefined);
  const out: { value: number; what: string; mentions?: string }[] = [
    { value: hi + (step ?? 1), what: "max + 1", ...(l.allowed ? {} : { mentions: String(hi) }) },
    { value: l.minExclusive ? l.min : lo - (step ?? 1), what: "below min" },
    { value: 1e21, what: "1e21" },
    { value: Infinity, what: "Infinity" },
    { value: -Infinity, what: "-Infinity" },
    { value: Number.NaN, what: "NaN" },
  ];
  if (l.integer && !l.allowed) out.push({ value: lo + 0.5, what: "fraction" });
  if (l.step && !l.allowed) out.push({ value: lo + l.step / 2, what: "between steps" });
  if (l.allowed) for (let i = 0; i + 1 < l.allowed.length; i++) out.push({ value: (l.allowed[i]! + l.allowed[i + 1]!) / 2, what: "between allowed values" });
  return out;
}

const instances: Instance[] = instancesOf(numericLimits);

describe("every numeric setting: accepted in range, refused outside with its path", () => {
  it("every table entry is driven on at least one example stack", () => {
    expect([...new Set(instances.map((i) => i.key))].sort()).toEqual(Object.keys(numericLimits).sort());
  });

  it.each(instances.map((i) => [`${i.key} on ${i.stack}`, i] as const))("%s", (_name, inst) => {
    const l: NumericLimit = numericLimits[inst.key as keyof typeof numericLimits];
    const parse = (v: number) => {
      const raw = structuredClone(inst.raw);
      inst.prepare?.(raw, v);
      setAt(raw, inst.at, v);
      return parseStack(raw, { secretKeys: inst.secretKeys });
    };
    const accepted = l.allowed ?? inst.accepted;
    for (const v of accepted) {
      const r = parse(v);
      expect(r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`), `${inst.path} = ${v} must be accepted`).toEqual([]);
    }
    for (const { value, what, mentions } of refusedValues(l, Math.min(...accepted), Math.max(...accepted))) {
      const r = parse(value);
      if (r.ok) throw new Error(`${inst.path} = ${value} (${what}) was accepted`);
      // Exactly one error at the setting's path (a relation with another setting may add its own there).
      const at = what === "max + 1" && inst.aboveAt ? inst.aboveAt : inst.path;
      const here = r.errors.filter((e) => e.path === at);
      expect(here.map((e) => e.message), `${inst.path} = ${value} (${what}): ${JSON.stringify(r.errors)}`).toHaveLength(1);
      if (mentions && at === inst.path) expect(here[0]!.message, `${inst.path} = ${value} (${what})`).toContain(mentions);
    }
  });
});
