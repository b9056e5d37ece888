/**
 * Renderers of the numbers the kit sends to cloud APIs and to LiteLLM. JavaScript writes a number
 * past 1e21 or below 1e-6 in exponent notation (`String(1e21)` is "1e+21", `String(2e-7)` is
 * "2e-7"): a decimal-string API field (AWS Budgets `Amount`, GCP `Money.units`) refuses that form,
 * and YAML 1.1 loaders (PyYAML's `safe_load`, which LiteLLM reads its config with) read `2e-7` as
 * the STRING "2e-7" because their float pattern needs a dot. These renderers never write an
 * exponent, and throw on a value no API takes (the spec refuses such values first, with their path,
 * using the ranges in `facts/limits.ts`).
 */

/** The shortest round-trip digits of `x`, as a plain decimal without exponent (e.g. 2e-7 → "0.0000002"). */
export function plainDecimal(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot render ${x} as a decimal`);
  const s = String(x);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = "", expText] = m;
  const exp = Number(expText);
  const digits = int! + frac;
  const point = int!.length + exp;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A money amount as a decimal string with exactly `decimals` digits after the point (AWS Budgets
 * `Spend.Amount`, https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Spend.html).
 * Refuses amounts that are not finite, negative, or not a multiple of 10^-decimals (they would
 * be rounded silently) or past `Number.MAX_SAFE_INTEGER` units (not exact as a double).
 */
export function fixedDecimal(x: number, decimals: number): string {
  const scaled = Math.round(x * 10 ** decimals);
  if (!Number.isFinite(x) || x < 0 || !Number.isSafeInteger(scaled) || Math.abs(scaled - x * 10 ** decimals) > 1e-6 * Math.max(1, Math.abs(x))) {
    throw new Error(`cannot render ${x} as an amount with ${decimals} decimals`);
  }
  const digits = String(scaled).padStart(decimals + 1, "0");
  return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/**
 * Whole units and nanos of a USD amount, as GCP's `google.type.Money` wants it: `units` an int64
 * decimal string, `nanos` in [0, 999,999,999] (https://cloud.google.com/billing/docs/reference/budget/rest/v1/billingAccounts.budgets#Money).
 * Computed from cents so no floating-point remainder turns into 1,000,000,000 nanos.
 */
export function moneyUnitsNanos(usd: number): { units: string; nanos: number } {
  const cents = Number(fixedDecimal(usd, 2).replace(".", ""));
  return { units: String(Math.floor(cents / 100)), nanos: (cents % 100) * 10_000_000 };
}

/** A per-million price per unit, shifted in decimal (0.15 → 1.5e-7 exactly as written, without binary division noise). */
export function perMillion(x: number): number {
  return Number(`${plainDecimal(x)}e-6`);
}
