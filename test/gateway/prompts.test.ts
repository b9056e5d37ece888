/**
 * Prompt templates in the rendered gateway config, as fast pure checks: the `prompts:` entries
 * LiteLLM's dotprompt integration reads, the hook among the callbacks, and every bad input refused
 * with its property path and what is allowed (the real proxy: test/gateway/litellm/prompts.test.ts).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { type SpecError, SpecValidationError, type Stack, parseStack } from "../../components/config";
import { renderGatewayConfig } from "../../components/gateway/render";
import { exampleRaw } from "../helpers/stacks";

type Raw = Record<string, any>;
const GROWTH = "growth-aws-eu-west-1";

function parsed(prompts: unknown, stack = GROWTH): { ok: true; stack: Stack } | { ok: false; errors: SpecError[] } {
  const { raw, secretKeys } = exampleRaw(stack);
  const copy = structuredClone(raw) as Raw;
  copy.prompts = prompts;
  return parseStack(copy, { project: "ai-infra", stack, secretKeys });
}

function specWith(prompts: unknown): Stack {
  const r = parsed(prompts);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.stack;
}

/** A project folder with the given files (path → content). */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "ai-infra-prompts-"));
  for (const [f, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), content);
  }
  return root;
}

const file = (vars: string[], body: string) => `---\ninput:\n  schema:\n${vars.map((v) => `    ${v}: string`).join("\n")}\n---\n${body}\n`;

function renderErrors(stack: Stack, root: string): SpecError[] {
  try {
    renderGatewayConfig(stack, { promptRoot: root });
  } catch (e) {
    if (e instanceof SpecValidationError) return e.errors;
    throw e;
  }
  throw new Error("expected the render to refuse the templates");
}

describe("prompt templates in the rendered config", () => {
  it("registers each variant with LiteLLM's dotprompt integration, its content inlined, and loads the hook", () => {
    const control = file(["document", "audience?"], "Summarise for {{audience}}: {{document}}");
    const terse = file(["document", "audience?"], "TL;DR {{document}}");
    const root = project({ "prompts/summarise/control.v3.prompt": control, "prompts/summarise/terse.v3.prompt": terse });
    const cfg = parse(renderGatewayConfig(specWith({ directory: "prompts", templates: { summarise: { version: 3, variants: { control: 60, terse: 40 } } } }), { promptRoot: root }));
    expect(cfg.litellm_settings.callbacks).toBe("os.environ/AI_INFRA_HOOKS_CALLBACK");
    expect(cfg.litellm_settings.ai_infra_hooks).toEqual(["ai_infra_prompts.handler"]);
    expect(cfg.prompts).toEqual([
      {
        prompt_id: "summarise--control",
        version: 3,
        litellm_params: { prompt_id: "summarise--control", prompt_integration: "dotprompt", dotprompt_content: control, ai_infra_template: "summarise", ai_infra_variant: "control", ai_infra_weight: 60, ai_infra_variables: ["document", "audience"] },
      },
      {
        prompt_id: "summarise--terse",
        version: 3,
        litellm_params: { prompt_id: "summarise--terse", prompt_integration: "dotprompt", dotprompt_content: terse, ai_infra_template: "summarise", ai_infra_variant: "terse", ai_infra_weight: 40, ai_infra_variables: ["document", "audience"] },
      },
    ]);
  });

  it("a stack without templates renders neither the section nor the hook", () => {
    const cfg = parse(renderGatewayConfig(specWith(undefined)));
    expect(cfg.prompts).toBe(undefined);
    expect(cfg.litellm_settings.callbacks).toBe(undefined);
    expect(cfg.litellm_settings.ai_infra_hooks).toBe(undefined);
  });

  it("a growth stack with cache.tiers and prompts renders one callbacks value loading both hooks, and both features' settings", () => {
    const raw = structuredClone(exampleRaw(GROWTH).raw) as Raw;
    raw.prompts = { directory: "prompts", templates: { summarise: { version: 1 } } };
    raw.cache = { ...raw.cache, tiers: { hot: { ttlSeconds: 60, maxEntries: 1000, maxEntryKb: 256 }, cold: { ttlDays: 7 } } };
    const both = parseStack(raw, { project: "ai-infra", stack: GROWTH, secretKeys: exampleRaw(GROWTH).secretKeys });
    if (!both.ok) throw new Error(JSON.stringify(both.errors));
    const root = project({ "prompts/summarise/control.v1.prompt": file(["document"], "Summarise: {{document}}") });
    const cfg = parse(renderGatewayConfig(both.stack, { promptRoot: root }));
    const s = cfg.litellm_settings;
    expect(s.callbacks).toBe("os.environ/AI_INFRA_HOOKS_CALLBACK");
    expect(s.ai_infra_hooks).toEqual(["ai_infra_prompts.handler", "ai_infra_cache_tiers.installer"]);
    expect(s.ai_infra_cache_tiers.hot).toEqual({ ttl: 60, max_entries: 1000, max_entry_kb: 256 });
    expect(s.ai_infra_cache_tiers.cold.ttl).toBe(7 * 86_400);
    expect(cfg.prompts.map((p: { prompt_id: string }) => p.prompt_id)).toEqual(["summarise--control"]);
    // The proxy applies litellm_settings in order: the cache and the tiers' settings before the loader.
    expect(Object.keys(s).slice(-3)).toEqual(["ai_infra_cache_tiers", "ai_infra_hooks", "callbacks"]);
    expect(Object.keys(s).indexOf("cache")).toBeLessThan(Object.keys(s).indexOf("ai_infra_cache_tiers"));
  });
});

describe("bad prompt templates are refused with the property path and what is allowed", () => {
  it("a missing template file", () => {
    const root = project({ "prompts/summarise/control.v2.prompt": file(["document"], "{{document}}") });
    const stack = specWith({ directory: "prompts", templates: { summarise: { version: 2, variants: { control: 50, terse: 50 } } } });
    expect(renderErrors(stack, root)).toEqual([
      { path: "ai-infra:prompts.templates.summarise.variants.terse", message: "template file prompts/summarise/terse.v2.prompt does not exist (each variant is <directory>/<template>/<variant>.v<version>.prompt)" },
    ]);
  });

  it("a variable the template uses but does not declare", () => {
    const root = project({ "prompts/headline/control.v1.prompt": file(["document"], "Headline for {{ audience }}: {{document}}") });
    expect(renderErrors(specWith({ directory: "prompts", templates: { headline: { version: 1 } } }), root)).toEqual([
      { path: "ai-infra:prompts.templates.headline", message: "template file prompts/headline/control.v1.prompt uses variable 'audience' that its input.schema does not declare; declared: document" },
    ]);
  });

  it("a template file without front matter declaring its variables", () => {
    const root = project({ "prompts/headline/control.v1.prompt": "Headline: {{document}}\n" });
    expect(renderErrors(specWith({ directory: "prompts", templates: { headline: { version: 1 } } }), root)).toEqual([
      { path: "ai-infra:prompts.templates.headline", message: "template file prompts/headline/control.v1.prompt must start with front matter declaring its variables (---, input: {schema: {name: string}}, ---)" },
    ]);
  });

  it("variants declaring different variables", () => {
    const root = project({ "prompts/s/control.v1.prompt": file(["document"], "{{document}}"), "prompts/s/b.v1.prompt": file(["document", "tone"], "{{tone}} {{document}}") });
    expect(renderErrors(specWith({ directory: "prompts", templates: { s: { version: 1, variants: { control: 50, b: 50 } } } }), root)).toEqual([
      { path: "ai-infra:prompts.templates.s.variants", message: "every variant must declare the same variables; they declare: (document), (document, tone)" },
    ]);
  });

  it("variant weights that do not sum to 100", () => {
    const r = parsed({ directory: "prompts", templates: { summarise: { version: 1, variants: { control: 60, terse: 30 } } } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([{ path: "ai-infra:prompts.templates.summarise.variants", message: "weights must sum to 100 (percent); they sum to 90 (control: 60, terse: 30)", value: { control: 60, terse: 30 } }]);
  });

  it("a directory leaving the project", () => {
    const r = parsed({ directory: "prompts/../../shared", templates: { headline: { version: 1 } } });
    expect(!r.ok && r.errors.map((e) => [e.path, e.message])).toEqual([["ai-infra:prompts.directory", "must stay inside the project (no '..')"]]);
  });

  it("templates at the prototype stage (the gateway there has no templates)", () => {
    const r = parsed({ directory: "prompts", templates: { headline: { version: 1 } } }, "prototype-aws-us-east-1");
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(["ai-infra:prompts"]);
  });
});
