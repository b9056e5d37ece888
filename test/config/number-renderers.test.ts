import { describe, expect, it } from "vitest";
import { fixedDecimal, moneyUnitsNanos, perMillion, plainDecimal } from "../../components/config/numbers";

describe("number renderers: plain decimals, never exponent notation", () => {
  it.each([
    [2e-7, "0.0000002"],
    [1.5e-7, "0.00000015"],
    [1e21, "1000000000000000000000"],
    [1.2345e22, "12345000000000000000000"],
    [-3e-8, "-0.00000003"],
    [0.5, "0.5"],
    [3000, "3000"],
  ])("plainDecimal(%s) = %s", (x, text) => expect(plainDecimal(x)).toBe(text));

  it.each([Infinity, -Infinity, Number.NaN])("plainDecimal refuses %s", (x) => expect(() => plainDecimal(x)).toThrow(`cannot render ${x} as a decimal`));

  it.each([
    [3000, "3000.00"],
    [0.01, "0.01"],
    [19.99, "19.99"],
    [10_000_000, "10000000.00"],
  ])("fixedDecimal(%s, 2) = %s (AWS Budgets Amount pattern)", (x, text) => {
    expect(fixedDecimal(x, 2)).toBe(text);
    expect(text).toMatch(/^([0-9]*\.)?[0-9]+$/);
  });

  it.each([0.001, 1e21, -1, Infinity, Number.NaN])("fixedDecimal refuses %s instead of rounding it or writing an exponent", (x) => {
    expect(() => fixedDecimal(x, 2)).toThrow(`cannot render ${x} as an amount with 2 decimals`);
  });

  it.each([
    [19.99, { units: "19", nanos: 990_000_000 }],
    [0.01, { units: "0", nanos: 10_000_000 }],
    [3000, { units: "3000", nanos: 0 }],
    [10_000_000, { units: "10000000", nanos: 0 }],
  ])("moneyUnitsNanos(%s)", (x, money) => expect(moneyUnitsNanos(x)).toEqual(money));

  it.each([
    [0.15, 1.5e-7],
    [0.2, 2e-7],
    [0.8, 8e-7],
    [10_000, 0.01],
  ])("perMillion(%s) = %s, no binary division noise", (x, y) => expect(perMillion(x)).toBe(y));
});
