import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { listStacks, stacksDir } from "../../planner/stack-file";
import { runCli, stackTraceLine } from "../helpers/cli";
import { exampleFile, exampleStacks } from "../helpers/stacks";
import { longMessage } from "./fixtures/long-message.policy";

type Json = Record<string, unknown>;

/** The `--json` contract, field by field; returns the problems found. */
function shapeProblems(doc: unknown): string[] {
  const p: string[] = [];
  const isStr = (v: unknown) => typeof v === "string";
  const strOrNull = (v: unknown) => v === null || typeof v === "string";
  const obj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!obj(doc)) return ["not an object"];
  // The documented keys; `capabilities` follows them once the program ran, then `cost` when it ran through (exit 0 or 2).
  const keys = ["stack", "stage", "cloud", "regions", "resources", "policy", "errors"];
  const given = JSON.stringify(Object.keys(doc));
  if (![keys, [...keys, "capabilities"], [...keys, "capabilities", "cost"]].some((k) => given === JSON.stringify(k))) p.push(`top-level keys ${Object.keys(doc)}`);
  if ("capabilities" in doc && (!Array.isArray(doc.capabilities) || !doc.capabilities.every((c: unknown) => obj(c) && isStr(c.name) && Array.isArray(c.resources) && c.resources.every(isStr)))) p.push("capabilities");
  if (!isStr(doc.stack)) p.push("stack");
  if (!strOrNull(doc.stage)) p.push("stage");
  if (!strOrNull(doc.cloud)) p.push("cloud");
  if (!Array.isArray(doc.regions) || !doc.regions.every(isStr)) p.push("regions");
  if (!Array.isArray(doc.resources)) p.push("resources");
  else
    doc.resources.forEach((r: unknown, i) => {
      if (!obj(r)) {
        p.push(`resources[${i}]`);
        return;
      }
      // The documented keys, then `cost` on every resource the cost model saw (not components/providers).
      const keys = JSON.stringify(Object.keys(r));
      const documented = ["urn", "type", "name", "parent", "region", "inputs"];
      if (keys !== JSON.stringify(documented) && keys !== JSON.stringify([...documented, "cost"])) p.push(`resources[${i}] keys`);
      if ("cost" in r && (!obj(r.cost) || !["priced", "free", "not priced"].includes(r.cost.status as string))) p.push(`resources[${i}].cost`);
      if (!isStr(r.urn) || !(r.urn as string).startsWith(`urn:pulumi:${doc.stack}::ai-infra::`)) p.push(`resources[${i}].urn`);
      if (!isStr(r.type) || !isStr(r.name)) p.push(`resources[${i}].type/name`);
      if (!strOrNull(r.parent) || !strOrNull(r.region)) p.push(`resources[${i}].parent/region`);
      if (!obj(r.inputs)) p.push(`resources[${i}].inputs`);
    });
  if (!obj(doc.policy) || !Array.isArray(doc.policy.violations)) p.push("policy.violations");
  else
    (doc.policy.violations as unknown[]).forEach((v, i) => {
      if (!obj(v) || !isStr(v.policy) || !strOrNull(v.urn) || !isStr(v.message) || !["advisory", "mandatory"].includes(v.level as string)) p.push(`violations[${i}]`);
    });
  if (!Array.isArray(doc.errors) || !doc.errors.every((e) => obj(e) && isStr(e.path) && isStr(e.message) && Object.keys(e).length === 2)) p.push("errors");
  if (Array.isArray(doc.errors) && doc.errors.length === 0 && (!obj(doc.cost) || typeof doc.cost.totalMonthlyUsd !== "number" || !obj(doc.cost.byRegion))) p.push("cost");
  return p;
}

// One secure value per provider key in stacks/Pulumi.<stack>.yaml: growth-gcp has openai and anthropic, the rest one each.
const providerKeyCount: Record<string, number> = {
  "prototype-aws-us-east-1": 1, "prototype-gcp-europe-west4": 1, "growth-aws-eu-west-1": 1, "growth-gcp-us-central1": 2,
  "scale-aws-us-east-1": 1, "scale-gcp-europe-west4": 1, "enterprise-aws-us-east-1": 1, "enterprise-gcp-europe-west4": 1,
};

describe("npm run plan -- <stack> --json, on every example stack", () => {
  const plans = new Map<string, Promise<{ code: number | null; stdout: string; stderr: string }>>();
  const planOf = (stack: string) => {
    if (!plans.has(stack)) plans.set(stack, runCli("plan", [stack, "--json"]));
    return plans.get(stack)!;
  };

  it.each(exampleStacks)("%s: the documented shape, every resource in the stack's regions", async (stack) => {
    const run = await planOf(stack);
    expect(run.stderr).toBe("");
    const doc = JSON.parse(run.stdout);
    expect(shapeProblems(doc)).toEqual([]);
    const [stage, cloud] = stack.split("-");
    expect(doc).toMatchObject({ stack, stage, cloud, errors: [] });
    expect(doc.resources.length).toBeGreaterThan(10);
    const urns = new Set(doc.resources.map((r: Json) => r.urn));
    expect(urns.size).toBe(doc.resources.length);
    for (const r of doc.resources) {
      if (r.parent !== null) expect(urns.has(r.parent)).toBe(true);
      // Cloud resources sit in one of the stack's regions; components spanning regions and
      // cloud-less resources (random, kubernetes objects) have none.
      // GCP's global front door resources go through the primary region's provider: its region.
      if (r.region !== null) expect(doc.regions).toContain(r.region);
      if (/^(aws|gcp):|^pulumi:providers:(aws|gcp)$/.test(r.type)) expect(r.region, r.urn).not.toBeNull();
    }
  });

  it.each(exampleStacks)("%s: exit 0 — no mandatory policy violation", async (stack) => {
    const run = await planOf(stack);
    const doc = JSON.parse(run.stdout);
    expect(doc.policy.violations.filter((v: Json) => v.level === "mandatory")).toEqual([]);
    expect(run.code).toBe(0);
  });

  it.each(exampleStacks)("%s: secrets never appear — not the placeholders, not the ciphertext", async (stack) => {
    const run = await planOf(stack);
    const text = readFileSync(path.join(stacksDir, `Pulumi.${stack}.yaml`), "utf8");
    const ciphertexts = [...text.matchAll(/secure: (v1:\S+)/g)].map((m) => m[1]!);
    expect(ciphertexts).toHaveLength(providerKeyCount[stack]!);
    for (const c of ciphertexts) expect(run.stdout).not.toContain(c);
    for (const p of exampleFile(stack).placeholders) expect(run.stdout).not.toContain(p);
    expect(run.stdout).not.toContain("[secret:");
    // The provider key's value is somewhere in the plan, as [secret].
    expect(run.stdout).toContain('"[secret]"');
  });
});

describe("human output", () => {
  it("with no argument, plans the default stack: summary with cost first, policies, then the tree by region and component", async () => {
    const run = await runCli("plan", []);
    expect(run.stderr).toBe("");
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("Plan of stack prototype-aws-us-east-1: stage prototype, cloud aws, regions us-east-1");
    expect(lines[1]).toMatch(/^Monthly cost: \$[\d,]+\.\d\d = fixed \$[\d,]+\.\d\d \+ usage \$[\d,]+\.\d\d \+ LLM \$[\d,]+\.\d\d$/);
    expect(run.stdout).toMatch(/^Resources: \d+ to create \+ \d+ providers \+ \d+ components = \d+ in the plan$/m);
    expect(run.stdout).toMatch(/^us-east-1 \(\d+ resources\)$/m);
    expect(run.stdout).toMatch(/^ {2}└─ ai-infra \[ai-infra:platform:AiPlatform\] \(\d+\)$/m);
    expect(run.stdout).toMatch(/^Policies: (no violations|\d+ violations?)$/m);
  });
});

describe("bad input", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ai-infra-plan-"));
  const base = readFileSync(path.join(stacksDir, "Pulumi.prototype-aws-us-east-1.yaml"), "utf8");
  const write = (name: string, text: string) => {
    const f = path.join(dir, `Pulumi.${name}.yaml`);
    writeFileSync(f, text);
    return f;
  };
  const growth = readFileSync(path.join(stacksDir, "Pulumi.growth-aws-eu-west-1.yaml"), "utf8");
  const invalid: [string, string, string[]][] = [
    [
      "growth-limits",
      growth.replace("        - chat-fallback", "        - chat-backup").replace("ratePerSecond: 10", "ratePerSecond: 0").replace("actualThresholds: [50, 80, 100]", "actualThresholds: [50, 80, 120]").replace("support-assistant: 1500", "support-assistant: 4000"),
      ["ai-infra:budget.actualThresholds[2]", "ai-infra:api.perKey.ratePerSecond", "ai-infra:reliability.fallbacks.chat[0]", "ai-infra:budget.features.support-assistant"],
    ],
    ["wrong-stage", base.replace("ai-infra:stage: prototype", "ai-infra:stage: production"), ["ai-infra:stage"]],
    ["other-cloud-region", base.replace("    - us-east-1", "    - europe-west4"), ["ai-infra:regions[0]"]],
    ["missing-key", base.replace(/ {2}ai-infra:providerKeys:\n {4}openai:\n {6}secure: \S+\n/, ""), ["ai-infra:providerKeys.openai"]],
    [
      "several",
      base.replace("ai-infra:cloud: aws", "ai-infra:cloud: azure").replace("retentionDays: 30", "retentionDays: 0").replace("requestsPerDay: 800", "requestsPerDay: many"),
      ["ai-infra:cloud", "ai-infra:logging.retentionDays", "ai-infra:traffic.requestsPerDay"],
    ],
  ];

  it.each(invalid)("%s --json: exit 1, every error with its path, nothing registered", async (name, text, paths) => {
    const run = await runCli("plan", [write(name, text), "--json"]);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(shapeProblems(doc)).toEqual([]);
    expect(doc.stack).toBe(name);
    expect(doc.resources).toEqual([]);
    expect(doc.errors.map((e: Json) => e.path)).toEqual(paths);
    expect(run.stderr).toBe("");
  });

  it.each(invalid)("%s: one entry per problem on stderr, wrapped at 100 columns (not a terminal), no stack trace", async (name, text, paths) => {
    const run = await runCli("plan", [write(`${name}-human`, text)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^invalid stack config .*Pulumi\\.${name}-human\\.yaml \\(${paths.length} problems?\\):$`));
    // An entry's first line starts with its path; a long one continues on indented lines.
    expect(lines.slice(1).filter((l) => !l.startsWith(" ")).map((l) => l.split(": ")[0])).toEqual(paths);
    expect(lines.slice(1).filter((l) => l.length > 100)).toEqual([]);
    expect(run.stderr).not.toContain("…");
    expect(run.stderr).not.toMatch(stackTraceLine);
    expect(run.stderr).not.toContain("[secret:");
  });

  it("an unknown stack name: one line listing the stacks that exist, exit 1", async () => {
    const run = await runCli("plan", ["growth-aws-mars-1"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("unknown stack 'growth-aws-mars-1'");
    for (const s of listStacks()) expect(lines[0]).toContain(s);
  });

  it("broken YAML and unknown options: exit 1, one line, no stack trace", async () => {
    const yaml = await runCli("plan", [write("broken", "config:\n  ai-infra:stage: [prototype\n")]);
    expect(yaml.code).toBe(1);
    expect(yaml.stderr).toMatch(/Pulumi\.broken\.yaml: is not valid YAML/);
    expect(yaml.stderr).not.toMatch(stackTraceLine);
    const opt = await runCli("plan", ["--jsno"]);
    expect(opt.code).toBe(1);
    expect(opt.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("policy packs through the seam", () => {
  it("a mandatory violation from a --policy-pack gives exit 2 and is in the JSON", async () => {
    const pack = path.join(__dirname, "fixtures", "flag-buckets.policy.ts");
    const run = await runCli("plan", ["prototype-gcp-europe-west4", "--json", "--policy-pack", pack]);
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout);
    expect(shapeProblems(doc)).toEqual([]);
    const bucketUrns = doc.resources.filter((r: Json) => r.type === "gcp:storage/bucket:Bucket").map((r: Json) => r.urn);
    // The prototype's log bucket and gateway-config bucket (the "[2 resources:" below).
    expect(bucketUrns).toHaveLength(2);
    expect(doc.policy.violations.filter((v: Json) => v.policy === "test-no-buckets")).toEqual(
      bucketUrns.map((urn: string) => ({ policy: "test-no-buckets", urn, message: "buckets are forbidden in prototype-gcp-europe-west4 (test-only policy)", level: "mandatory" })),
    );
    const human = await runCli("plan", ["prototype-gcp-europe-west4", "--policy-pack", pack]);
    expect(human.code).toBe(2);
    expect(human.stdout).toMatch(new RegExp(`^ {2}\\[mandatory\\] test-no-buckets: ${bucketUrns.length}$`, "m"));
    expect(human.stdout).toMatch(/^ {6}buckets are forbidden in prototype-gcp-europe-west4 \(test-only policy\) \[2 resources:\s/m);
  });

  it("a long policy message is printed whole in the plan and in --summary, wrapped at 100 columns (not a terminal)", async () => {
    const pack = path.join(__dirname, "fixtures", "long-message.policy.ts");
    const stack = "prototype-gcp-europe-west4";
    const message = longMessage(stack);
    expect(message.length).toBeGreaterThan(280);
    for (const args of [[], ["--summary"]]) {
      const run = await runCli("plan", [stack, ...args, "--policy-pack", pack]);
      expect(run.code).toBe(0);
      const lines = run.stdout.trimEnd().split("\n");
      expect(lines.filter((l) => l.length > 100)).toEqual([]);
      expect(lines).toContain("  [advisory] test-long-message: 1");
      const at = lines.indexOf("  [advisory] test-long-message: 1") + 1;
      const next = lines.findIndex((l, i) => i > at && !l.startsWith("        "));
      const end = next < 0 ? lines.length : next;
      expect(lines.slice(at, end).map((l) => l.trimStart()).join(" ")).toBe(`${message} [(stack)]`);
      expect(lines.slice(at, end).join("\n")).not.toContain("…");
    }
  });
});
