import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { type Rule, rules, runRules } from "../../components/config/rules";

/** The registry is the one place rules are composed: a rule file that is not in it never runs. */
const dir = path.join(__dirname, "../../components/config/rules");
const notRules = ["rule.ts", "read.ts", "index.ts"];
const ruleFiles = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !notRules.includes(f))
  .sort();

const isRule = (v: unknown): v is Rule =>
  typeof v === "object" && v !== null && typeof (v as Rule).id === "string" && typeof (v as Rule).doc === "string" && typeof (v as Rule).check === "function";

describe("the rule registry (components/config/rules/)", () => {
  it("has rule files", () => {
    // 80 .ts files in components/config/rules/, less rule.ts, read.ts and index.ts = 77 rules.
    expect(ruleFiles).toHaveLength(77);
  });

  it.each(ruleFiles)("%s exports exactly one Rule, whose id is its file name", async (file) => {
    const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
    const exported = Object.values(mod);
    expect(exported).toHaveLength(1);
    const rule = exported[0];
    expect(isRule(rule)).toBe(true);
    expect((rule as Rule).id).toBe(file.replace(/\.ts$/, ""));
    expect((rule as Rule).doc.trim().length).toBeGreaterThan(0);
    expect((rule as Rule).doc).not.toContain("\n");
    expect(rules.filter((r) => r === rule)).toHaveLength(1);
  });

  it("registers every rule file once, and nothing else; ids are unique", () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ruleFiles.map((f) => f.replace(/\.ts$/, "")).sort());
  });

  it("runRules reports nothing on an empty config and never throws on a hostile one", () => {
    const ctx = { secretKeys: new Set<string>(), project: "ai-infra" };
    expect(runRules({}, ctx)).toEqual([]);
    for (const v of [null, 1, "x", [], Object.create(null)]) {
      const hostile = Object.fromEntries(["cloud", "stage", "regions", "providers", "models", "selfHosted", "cluster", "access", "fineTuning", "api", "database", "queue", "tags"].map((k) => [k, v]));
      expect(() => runRules(hostile, ctx)).not.toThrow();
    }
  });
});
