import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../cli/lib/args";
import { planStack } from "../../planner/plan";
import { encodeConfig, fullKey, listStacks, loadStackFile, parseStackFile, resolveStackArg, secretPlaceholder, stackNameOf, stacksDir } from "../../planner/stack-file";
import { decodeConfigValue } from "../../components/config/config";

describe("stack arguments", () => {
  it("a name resolves to stacks/Pulumi.<name>.yaml; no argument means the default stack", () => {
    const ref = resolveStackArg("growth-aws-eu-west-1");
    expect(ref).toEqual({ ok: true, file: path.join(stacksDir, "Pulumi.growth-aws-eu-west-1.yaml"), stack: "growth-aws-eu-west-1" });
    expect(resolveStackArg(undefined)).toMatchObject({ ok: true, stack: "prototype-aws-us-east-1" });
  });

  it("an unknown name lists the stacks that exist, on one line", () => {
    const ref = resolveStackArg("prototype-azure-mars-1");
    if (ref.ok) throw new Error("resolved");
    expect(ref.message).not.toContain("\n");
    expect(ref.message).toContain("unknown stack 'prototype-azure-mars-1'");
    for (const s of listStacks()) expect(ref.message).toContain(s);
  });

  it("a path is read as a file, its stack name from Pulumi.<stack>.yaml", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ai-infra-stack-"));
    const file = path.join(dir, "Pulumi.my-stack.yaml");
    writeFileSync(file, "config: {}\n");
    expect(resolveStackArg(file)).toEqual({ ok: true, file, stack: "my-stack" });
    expect(resolveStackArg(path.join(dir, "missing.yaml"))).toMatchObject({ ok: false });
    expect(stackNameOf("/x/other.yml")).toBe("other");
  });
});

describe("stack file → engine config", () => {
  const text = `
encryptionsalt: v1:abc
config:
  aws:region: eu-west-1
  stage: growth
  ai-infra:enabled: true
  ai-infra:count: 3
  ai-infra:providerKeys:
    openai:
      secure: v1:AAAA:BBBB
  ai-infra:list:
    - a
    - secure: v1:CCCC:DDDD
  ai-infra:plain:
    nested: { deep: 1 }
`;

  it("secure leaves become placeholders and mark their whole top-level key secret", () => {
    const r = parseStackFile(text, "s");
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.file.config["ai-infra:providerKeys"]).toEqual({ openai: secretPlaceholder("ai-infra:providerKeys.openai") });
    expect(r.file.config["ai-infra:list"]).toEqual(["a", "[secret:ai-infra:list[1]]"]);
    expect(r.file.secretKeys).toEqual(["ai-infra:providerKeys", "ai-infra:list"]);
    expect(r.file.placeholders).toEqual(["[secret:ai-infra:providerKeys.openai]", "[secret:ai-infra:list[1]]"]);
    // The ciphertext is never carried along.
    expect(JSON.stringify(r.file)).not.toContain("v1:AAAA");
  });

  it("keys without a namespace belong to the project; values are strings as the engine passes them", () => {
    const r = parseStackFile(text, "s");
    if (!r.ok) throw new Error("bad");
    const enc = encodeConfig(r.file.config);
    expect(fullKey("stage")).toBe("ai-infra:stage");
    expect(enc["ai-infra:stage"]).toBe("growth");
    expect(enc["aws:region"]).toBe("eu-west-1");
    expect(enc["ai-infra:enabled"]).toBe("true");
    expect(enc["ai-infra:count"]).toBe("3");
    expect(enc["ai-infra:plain"]).toBe('{"nested":{"deep":1}}');
    // …and the kit decodes them back to what the file said.
    expect(decodeConfigValue(enc["ai-infra:plain"]!)).toEqual({ nested: { deep: 1 } });
    expect(decodeConfigValue(enc["ai-infra:stage"]!)).toBe("growth");
    expect(decodeConfigValue(enc["ai-infra:count"]!)).toBe(3);
  });

  it("broken YAML and a non-mapping config are errors with a path, not exceptions", () => {
    expect(parseStackFile("config: [a, b", "s", "f.yaml")).toMatchObject({ ok: false, errors: [{ path: "f.yaml" }] });
    expect(parseStackFile("config: 3\n", "s", "f.yaml")).toMatchObject({ ok: false, errors: [{ path: "f.yaml: config" }] });
    expect(parseStackFile("- a\n", "s", "f.yaml")).toMatchObject({ ok: false });
    expect(parseStackFile("", "s")).toMatchObject({ ok: true, file: { config: {} } });
  });
});

describe("arguments", () => {
  const spec = { booleans: ["json", "write"], values: ["to", "policy-pack"] };
  it("positional, flags, values (separate or inline, repeatable)", () => {
    expect(parseArgs(["s", "--json", "--to", "growth", "--policy-pack=a.ts", "--policy-pack", "b.ts"], spec)).toEqual({
      ok: true,
      args: { positional: ["s"], flags: { json: true }, values: { to: ["growth"], "policy-pack": ["a.ts", "b.ts"] } },
    });
  });
  it("unknown options and missing values are refused", () => {
    expect(parseArgs(["--jsn"], spec)).toMatchObject({ ok: false, message: "unknown option --jsn" });
    expect(parseArgs(["--to"], spec)).toMatchObject({ ok: false, message: "--to needs a value" });
    expect(parseArgs(["--to", "--json"], spec)).toMatchObject({ ok: false });
  });
});

describe("anchors, aliases and merge keys", () => {
  const example = readFileSync(path.join(stacksDir, "Pulumi.prototype-aws-us-east-1.yaml"), "utf8");
  const modelsBlock = /  ai-infra:models:\n(?: {4}.*\n)+/;
  const expanded = example.replace(
    modelsBlock,
    `  ai-infra:models:
    - name: chat
      provider: openai
      model: gpt-4o-mini
      inputCostPerMillionTokens: 0.15
      outputCostPerMillionTokens: 0.6
    - name: chat-large
      provider: openai
      model: gpt-4o
      inputCostPerMillionTokens: 0.15
      outputCostPerMillionTokens: 0.6
`,
  );
  const merged = example.replace(
    modelsBlock,
    `  ai-infra:models:
    - &chat
      name: chat
      provider: openai
      model: gpt-4o-mini
      inputCostPerMillionTokens: 0.15
      outputCostPerMillionTokens: 0.6
    # Same provider and prices; only the name and model differ.
    - { <<: *chat, name: chat-large, model: gpt-4o }
`,
  );

  it("a stack file sharing settings through `<<: *anchor` loads and plans like its expanded twin", async () => {
    expect(expanded).not.toBe(example);
    expect(merged).toContain("<<: *chat");
    const dir = mkdtempSync(path.join(tmpdir(), "stack-merge-"));
    writeFileSync(path.join(dir, "Pulumi.expanded.yaml"), expanded);
    writeFileSync(path.join(dir, "Pulumi.merged.yaml"), merged);
    const a = loadStackFile(path.join(dir, "Pulumi.expanded.yaml"), "s");
    const b = loadStackFile(path.join(dir, "Pulumi.merged.yaml"), "s");
    if (!a.ok || !b.ok) throw new Error(JSON.stringify([a, b]));
    expect(b.file).toEqual(a.file);
    expect(b.file.config["ai-infra:models"]).toEqual([
      { name: "chat", provider: "openai", model: "gpt-4o-mini", inputCostPerMillionTokens: 0.15, outputCostPerMillionTokens: 0.6 },
      { name: "chat-large", provider: "openai", model: "gpt-4o", inputCostPerMillionTokens: 0.15, outputCostPerMillionTokens: 0.6 },
    ]);
    const plan = await planStack(b.file);
    expect(plan.result.errors).toEqual([]);
    expect(plan.exitCode).toBe(0);
  }, 240_000);

  it("explicit keys win over merged ones, and a list of merges takes the earlier map's value", () => {
    const r = parseStackFile("config:\n  ai-infra:a: &a { cpu: 1, memory: 2 }\n  ai-infra:b: &b { cpu: 9, disk: 3 }\n  ai-infra:gateway: { <<: [*a, *b], cpu: 2 }\n", "s");
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.file.config["ai-infra:gateway"]).toEqual({ cpu: 2, memory: 2, disk: 3 });
  });

  it("a secret reached through an alias is still a placeholder", () => {
    const r = parseStackFile("config:\n  ai-infra:k: &k { secure: v1:AAAA:BBBB }\n  ai-infra:providerKeys: { openai: *k }\n", "s");
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.file.config["ai-infra:providerKeys"]).toEqual({ openai: secretPlaceholder("ai-infra:providerKeys.openai") });
    expect(JSON.stringify(r.file)).not.toContain("v1:AAAA");
  });
});
