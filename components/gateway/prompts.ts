import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { Stack } from "../config/model";
import { type SpecError, SpecValidationError, configNamespace } from "../config/validate";

/**
 * Prompt templates in the gateway, through LiteLLM's prompt management: each template variant is
 * a Dotprompt file in the stack's repository, inlined into the config's `prompts:` section
 * (`prompt_integration: dotprompt`, `dotprompt_content`, `version`), so a prompt changes with a
 * config update and no application deploy. https://docs.litellm.ai/docs/proxy/prompt_management
 *
 * What LiteLLM lacks is glue in `litellm/ai_infra_prompts.py`, loaded as a custom callback through the gateway hooks (hooks.ts):
 * weighted variants of one template id, the template cache key, and the template's name and
 * version in the request log. The kit's own keys ride in each prompt's `litellm_params`, which
 * LiteLLM keeps as given.
 */

/** The variant a template without `variants` has. */
export const defaultVariant = "control";

export interface PromptVariant {
  template: string;
  variant: string;
  /** Percent of the template's requests. */
  weight: number;
  version: number;
  /** The file, relative to the project. */
  file: string;
  content: string;
  /** Declared in the file's `input.schema` (`name?` for optional ones, without the `?`). */
  variables: string[];
}

/** `<directory>/<template>/<variant>.v<version>.prompt`, relative to the project. */
export function promptFile(directory: string, template: string, variant: string, version: number): string {
  return path.posix.join(directory, template, `${variant}.v${version}.prompt`);
}

const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;
// `{{ name }}` and `{{ name.field }}` / `{{ name | filter }}`: the variable is the leading name.
const usedVariable = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Reads and checks every variant file of the stack's templates. `root` is the project directory
 * (where `Pulumi.yaml` is; the Pulumi program runs there). Every problem is reported together,
 * each with the property path of the template or variant it belongs to.
 */
export function loadPromptTemplates(stack: Stack, root: string): PromptVariant[] {
  const prompts = stack.prompts;
  if (!prompts) return [];
  const out: PromptVariant[] = [];
  const errors: SpecError[] = [];
  for (const [template, t] of Object.entries(prompts.templates)) {
    const variants = t.variants ?? { [defaultVariant]: 100 };
    for (const [variant, weight] of Object.entries(variants)) {
      const at = `${configNamespace}:prompts.templates.${template}${t.variants ? `.variants.${variant}` : ""}`;
      const file = promptFile(prompts.directory, template, variant, t.version);
      const full = path.join(root, file);
      if (!existsSync(full)) {
        errors.push({ path: at, message: `template file ${file} does not exist (each variant is <directory>/<template>/<variant>.v<version>.prompt)` });
        continue;
      }
      const content = readFileSync(full, "utf8");
      const m = frontMatter.exec(content);
      const meta = m ? (parse(m[1]!) as Record<string, any> | null) : null;
      const schema = meta?.input?.schema;
      if (!m || !schema || typeof schema !== "object") {
        errors.push({ path: at, message: `template file ${file} must start with front matter declaring its variables (---, input: {schema: {name: string}}, ---)` });
        continue;
      }
      const variables = Object.keys(schema).map((k) => k.replace(/\?$/, ""));
      const used = [...new Set([...m[2]!.matchAll(usedVariable)].map((x) => x[1]!))];
      for (const v of used.filter((u) => !variables.includes(u))) {
        errors.push({ path: at, message: `template file ${file} uses variable '${v}' that its input.schema does not declare; declared: ${variables.join(", ")}` });
      }
      out.push({ template, variant, weight, version: t.version, file, content, variables });
    }
    // Callers send one set of variables per template, whichever variant answers.
    const sets = new Set(out.filter((v) => v.template === template).map((v) => [...v.variables].sort().join(", ")));
    if (sets.size > 1) {
      errors.push({ path: `${configNamespace}:prompts.templates.${template}.variants`, message: `every variant must declare the same variables; they declare: ${[...sets].map((s) => `(${s})`).join(", ")}` });
    }
  }
  if (errors.length) throw new SpecValidationError(errors);
  return out;
}

/**
 * LiteLLM's `prompts:` entries. The registered id is `<template>--<variant>`: callers send the
 * template id, which LiteLLM then does not resolve itself, so the hook picks the variant.
 * (LiteLLM reads `.v<n>`/`_v<n>` in an id as a version; names cannot hold `.` or `_`.)
 */
export function promptEntries(variants: readonly PromptVariant[]): Record<string, unknown>[] {
  return variants.map((v) => ({
    prompt_id: `${v.template}--${v.variant}`,
    version: v.version,
    litellm_params: {
      // The id the dotprompt manager holds the content under (without it LiteLLM passes none and
      // the manager renders nothing).
      prompt_id: `${v.template}--${v.variant}`,
      prompt_integration: "dotprompt",
      dotprompt_content: v.content,
      ai_infra_template: v.template,
      ai_infra_variant: v.variant,
      ai_infra_weight: v.weight,
      ai_infra_variables: v.variables,
    },
  }));
}

/**
 * Adds the templates to a rendered config: the `prompts:` section. The hook is loaded through the
 * gateway hooks (`applyGatewayHooks`, hooks.ts).
 */
export function applyPromptTemplates(stack: Stack, root: string, config: Record<string, unknown>): void {
  const variants = loadPromptTemplates(stack, root);
  if (variants.length === 0) return;
  config.prompts = promptEntries(variants);
}
