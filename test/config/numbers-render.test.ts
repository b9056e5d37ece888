/**
 * Numbers, rendered (issue 20, "Numbers"): every numeric setting at its largest accepted value
 * (and, for fractional settings, its smallest) is planned offline on the example stacks of
 * `numbers.test.ts` (packed into few plans), and what the kit sends is checked from the planner's captured registrations:
 * - no number in exponent notation in any string input (a decimal-string API field, or the
 *   LiteLLM YAML config, which PyYAML would read as a string);
 * - every numeric input finite;
 * - AWS Budgets' `limitAmount` matches the API's pattern `([0-9]*\.)?[0-9]+`; GCP budgets' Money
 *   has int64 `units` and `nanos` in [0, 999,999,999];
 * - the cost estimate is a finite number of dollars (it printed "$∞" before);
 * - the rendered LiteLLM configs, loaded by PyYAML (`yaml.safe_load`, as LiteLLM loads them, from
 *   the LiteLLM venv), have no number read as a string.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { type NumericLimit, numericLimits } from "../../components/config/facts/limits";
import { reveal } from "../../planner/capture";
import { costOfPlan } from "../../planner/cost";
import { planStack } from "../../planner/plan";
import { requireTool, repoRoot } from "../gateway/litellm/harness/processes";
import { parseStack } from "../../components/config";
import { type RawConfig, exampleFile } from "../helpers/stacks";
import { instancesOf, setAt } from "./numbers";

// A number in exponent notation, not part of a name or hash (`role-0213e45`, `.../1e5/`).
const exponent = /(?<![\w.\-/:])[-+]?\d+(?:\.\d+)?[eE][-+]?\d+(?![\w.\-/])/;
const awsAmount = /^([0-9]*\.)?[0-9]+$/;

/** Every string and number under `v`, with where it is. */
function* leaves(v: unknown, at: string): Generator<[string, unknown]> {
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* leaves(v[i], `${at}[${i}]`);
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) yield* leaves(x, `${at}.${k}`);
  else yield [at, v];
}

const litellmConfigs: { name: string; case: string; text: string }[] = [];

/**
 * The settings at their extremes, packed into as few plans as parse together (planning is slow;
 * parsing is not): per example stack, each setting's value joins the first plan whose config still
 * parses with it, else starts a new one.
 */
interface Bin {
  stack: string;
  raw: RawConfig;
  base: RawConfig;
  settings: string[];
}
const bins: Bin[] = [];
for (const inst of instancesOf(numericLimits)) {
  const l: NumericLimit = numericLimits[inst.key as keyof typeof numericLimits];
  const accepted = l.allowed ?? inst.accepted;
  // Fractional settings also at their smallest, and at a small fraction above it (a price of
  // 0.2 USD per million tokens is 2e-7 per token: where exponent notation creeps in).
  const lo = Math.min(...accepted);
  const small = Number((lo + (l.step ?? 0.2)).toFixed(6));
  const values = l.integer ? [Math.max(...accepted)] : [Math.max(...accepted), lo, ...(inst.smallFraction === false || small >= Math.max(...accepted) ? [] : [small])];
  for (const v of values) {
    const apply = (raw: RawConfig) => {
      const next = structuredClone(raw);
      inst.prepare?.(next, v);
      setAt(next, inst.at, v);
      return parseStack(next, { secretKeys: inst.secretKeys }).ok ? next : undefined;
    };
    const fits = bins.filter((b) => b.stack === inst.stack && !b.settings.some((s) => s.startsWith(`${inst.path} =`)));
    let placed = false;
    for (const b of fits) {
      const next = apply(b.raw);
      if (next) {
        b.raw = next;
        b.settings.push(`${inst.path} = ${v}`);
        placed = true;
        break;
      }
    }
    if (!placed) {
      const next = apply(inst.raw);
      if (!next) throw new Error(`${inst.path} = ${v} on ${inst.stack} does not parse alone (numbers.test.ts says why)`);
      bins.push({ stack: inst.stack, raw: next, base: inst.raw, settings: [`${inst.path} = ${v}`] });
    }
  }
}
const cases: [string, Bin][] = bins.map((b, i) => [`plan ${i + 1} on ${b.stack}: ${b.settings.join(", ")}`, b]);

describe("every numeric setting at its extremes renders what the APIs document", () => {
  it.each(cases)("%s", { timeout: 300_000 }, async (name, bin) => {
    const file = structuredClone(exampleFile(bin.stack));
    // The settings this plan changed, as the stack file would carry them.
    for (const [k, value] of Object.entries(bin.raw)) {
      if (JSON.stringify(value) !== JSON.stringify(bin.base[k]) || !(`ai-infra:${k}` in file.config)) {
        if (!file.secretKeys.includes(`ai-infra:${k}`) && k !== "gcpProject") file.config[`ai-infra:${k}`] = value;
      }
    }
    const outcome = await planStack(file);
    expect(outcome.result.errors, name).toEqual([]);
    expect(outcome.exitCode, `${name}: ${JSON.stringify(outcome.result.policy.violations.map((x) => x.message))}`).toBe(0);

    const problems: string[] = [];
    for (const r of outcome.captured ?? []) {
      const inputs = reveal(r.inputs) as Record<string, unknown>;
      for (const [at, x] of leaves(inputs, r.name)) {
        if (typeof x === "number" && !Number.isFinite(x)) problems.push(`${at}: ${x}`);
        if (typeof x === "string" && exponent.test(x)) problems.push(`${at}: exponent notation in ${JSON.stringify(x.match(exponent)![0])}`);
        if (typeof x === "string" && x.includes("model_list:")) litellmConfigs.push({ name: `${name} ${at}`, case: name, text: x });
      }
      if (r.type === "aws:budgets/budget:Budget" && !awsAmount.test(String(inputs.limitAmount))) problems.push(`${r.name}.limitAmount: ${String(inputs.limitAmount)}`);
      if (r.type === "gcp:billing/budget:Budget") {
        const money = (inputs.amount as { specifiedAmount: { units: string; nanos: number } }).specifiedAmount;
        if (!/^\d+$/.test(money.units) || !Number.isInteger(money.nanos) || money.nanos < 0 || money.nanos > 999_999_999) problems.push(`${r.name}.amount: ${JSON.stringify(money)}`);
      }
    }
    expect(problems, name).toEqual([]);
    const cost = costOfPlan(file, outcome.spec!, outcome.result.resources);
    expect(Number.isFinite(cost.totalMonthlyUsd), `${name}: total ${cost.totalMonthlyUsd}`).toBe(true);
  });
});

describe("PyYAML reads every rendered LiteLLM config's numbers as numbers", () => {
  it("no scalar that looks like a number loads as a string", { timeout: 120_000 }, () => {
    // The configs of the plans above (this file's tests run in order, in one worker).
    expect([...new Set(litellmConfigs.map((c) => c.case))].sort()).toEqual(cases.map(([n]) => n).sort());
    const python = requireTool(path.join(repoRoot, ".tools/venv-litellm/bin/python"), "LiteLLM's Python (.tools/venv-litellm)");
    const script = [
      "import json, re, sys, yaml",
      "num = re.compile(r'^[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?$')",
      "bad = []",
      "def walk(v, at):",
      "    if isinstance(v, dict):",
      "        for k, x in v.items(): walk(x, at + '.' + str(k))",
      "    elif isinstance(v, list):",
      "        for i, x in enumerate(v): walk(x, at + '[' + str(i) + ']')",
      "    elif isinstance(v, str) and num.match(v): bad.append(at + ': ' + repr(v))",
      "for c in json.load(sys.stdin): walk(yaml.safe_load(c['text']), c['name'])",
      "print(json.dumps(bad))",
    ].join("\n");
    const out = execFileSync(python, ["-c", script], { input: JSON.stringify(litellmConfigs), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(JSON.parse(out)).toEqual([]);
  });
});
