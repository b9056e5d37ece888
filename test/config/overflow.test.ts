/**
 * Bad input of self-hosted-first overflow and fine-tuning: the spec refuses it with the property
 * path and the allowed values, and `npm run plan` exits 1 on it (nothing is planned).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { parseStack } from "../../components/config";
import { repoRoot } from "../gateway/litellm/harness/processes";
import { SCALE_STACK, stackRaw } from "../gateway/litellm/harness/overflow-stand";

const run = promisify(execFile);

/** The scale AWS example (jurisdiction us) at enterprise with overflow and fine-tuning, valid as given. */
function enterprise(): Record<string, any> {
  const raw = stackRaw(SCALE_STACK) as Record<string, any>;
  raw.stage = "enterprise";
  raw.selfHosted[0].overflow = { groups: ["chat-small-hosted"], timeoutSeconds: 10 };
  raw.fineTuning = {
    export: { schedule: "0 3 * * *", models: ["llama-small"], tags: [], lastDays: 7, sensitiveTags: ["sensitive"], sensitiveMetadataKeys: ["contains_pii"] },
    trainer: { pool: "a10g", gpus: 1, loraRank: 16, loraAlpha: 32, epochs: 2, learningRate: 0.0002 },
    adapters: [{ name: "llama-small-support", baseModel: "llama-small", version: "run-1" }],
  };
  return raw;
}

/** Adds a model group whose endpoint keeps data in the EU (outside the stack's jurisdiction). */
function withEuGroup(raw: Record<string, any>): Record<string, any> {
  raw.providers["openai-eu"] = { kind: "openai", apiBase: "https://eu.api.openai.com/v1" };
  raw.providerKeys["openai-eu"] = "sk-fake";
  raw.models.push({ name: "chat-eu", provider: "openai-eu", model: "gpt-4o-mini" });
  return raw;
}

function errors(raw: Record<string, unknown>) {
  const r = parseStack(raw, { secretKeys: new Set(["providerKeys"]) });
  return r.ok ? [] : r.errors;
}

describe("self-hosted overflow and fine-tuning in the spec", () => {
  it("accepts the valid enterprise config", () => {
    expect(errors(enterprise())).toEqual([]);
  });

  it("refuses overflow to a group that does not exist, naming the hosted groups in the jurisdiction", () => {
    const raw = enterprise();
    raw.selfHosted[0].overflow.groups = ["chat-nowhere"];
    expect(errors(raw)).toContainEqual({
      path: "ai-infra:selfHosted[0].overflow.groups[0]",
      message: "names no hosted model group (overflow goes to a group of ai-infra:models); allowed: chat-small-hosted, chat-strong, embed",
      value: "chat-nowhere",
    });
  });

  it("refuses overflow to a group whose endpoint is outside the jurisdiction", () => {
    const raw = withEuGroup(enterprise());
    raw.selfHosted[0].overflow.groups = ["chat-eu"];
    expect(errors(raw)).toContainEqual({
      path: "ai-infra:selfHosted[0].overflow.groups[0]",
      message: "is outside jurisdiction us: model group 'chat-eu' calls https://eu.api.openai.com/v1 (eu); allowed groups in us: chat-small-hosted, chat-strong, embed",
      value: "chat-eu",
    });
  });

  it("refuses an adapter whose base model is not served by the stack", () => {
    const raw = enterprise();
    raw.fineTuning.adapters[0].baseModel = "chat-small-hosted";
    expect(errors(raw)).toContainEqual({
      path: "ai-infra:fineTuning.adapters[0].baseModel",
      message: "is not served by this stack (an adapter runs on the vLLM release of its base model); allowed: llama-small",
      value: "chat-small-hosted",
    });
  });

  it("refuses a training run whose base model is not served, or whose adapter name is a model group", () => {
    const raw = enterprise();
    raw.fineTuning.run = { id: "run-2", trainingSet: "2026-12-01T03-00-00-000Z", adapter: "chat-strong", baseModel: "embed" };
    expect(errors(raw)).toEqual([
      { path: "ai-infra:fineTuning.run.baseModel", message: "is not served by this stack (training starts from a self-hosted group's weights); allowed: llama-small", value: "embed" },
      { path: "ai-infra:fineTuning.run.adapter", message: "must differ from every model group (the adapter becomes a model group of its own)", value: "chat-strong" },
    ]);
  });

  it("refuses a run id that cannot name a Job", () => {
    const raw = enterprise();
    raw.fineTuning.run = { id: "Run_2", trainingSet: "2026-12-01T03-00-00-000Z", adapter: "llama-small-v2", baseModel: "llama-small" };
    expect(errors(raw)).toContainEqual(expect.objectContaining({ path: "ai-infra:fineTuning.run.id", message: "must be a DNS label of at most 32 lowercase letters, digits and '-'" }));
  });

  it("a model whose provider is not a string is a path error, not an exception, in a stack with overflow", () => {
    const raw = enterprise();
    raw.models[0].provider = Object.create(null);
    expect(errors(raw)).toContainEqual({ path: "ai-infra:models[0].provider", message: "Invalid input: expected string, received object", value: {} });
  });

  it("refuses fine-tuning below enterprise", () => {
    const raw = enterprise();
    raw.stage = "scale";
    expect(errors(raw)).toContainEqual({ path: "ai-infra:fineTuning", message: "is available at stage enterprise only (this stack is scale); allowed stages: enterprise" });
  });

  it("refuses an overflow timeout longer than the gateway's", () => {
    const raw = enterprise();
    raw.selfHosted[0].overflow.timeoutSeconds = 61;
    expect(errors(raw).map((e) => e.path)).toContain("ai-infra:selfHosted[0].overflow.timeoutSeconds");
  });

  it("npm run plan exits 1 on an adapter whose base model is not served, naming the path", async () => {
    const file = path.join(repoRoot, "stacks", `Pulumi.${SCALE_STACK}.yaml`);
    const doc = parse(readFileSync(file, "utf8")) as { encryptionsalt: string; config: Record<string, unknown> };
    const raw = enterprise();
    doc.config["ai-infra:stage"] = "enterprise";
    doc.config["ai-infra:selfHosted"] = raw.selfHosted;
    doc.config["ai-infra:fineTuning"] = { ...raw.fineTuning, adapters: [{ name: "support", baseModel: "no-such-model", version: "run-1" }] };
    const dir = mkdtempSync(path.join(os.tmpdir(), "ai-infra-overflow-bad-"));
    const bad = path.join(dir, "Pulumi.enterprise-bad.yaml");
    writeFileSync(bad, stringify(doc));
    const r = await run(process.execPath, ["--import", "tsx", "cli/plan.ts", bad], { cwd: repoRoot, encoding: "utf8", timeout: 120_000, env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: "ai-infra-example" } }).then(
      () => ({ code: 0, out: "" }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code, out: `${e.stdout}${e.stderr}` }),
    );
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain("ai-infra:fineTuning.adapters[0].baseModel");
    expect(r.out).toContain("allowed: llama-small");
  }, 150_000);
});
