// ---------------------------------------------------------------------------------------------
// The kit's gateway hooks (custom Python LiteLLM loads): the tiered cache (`cache.tiers`) and the
// prompt templates (`prompts`). LiteLLM takes `litellm_settings.callbacks` from an `os.environ/`
// marker only as one plain value (never in a list item), and deployed the gateway's config comes
// from a bucket with nothing beside it; so `callbacks` names ONE module, `ai_infra_hooks.py`, which
// loads the enabled hooks' own modules (listed in `litellm_settings.ai_infra_hooks`) from beside
// itself with LiteLLM's own loader. The adapters upload all of them beside the config object.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Stack } from "../config/model";
import { envRef } from "./env";

export interface HookModule {
  /** Python module name (the file name without `.py`). */
  module: string;
  /** The module's source file in the kit. */
  file: string;
}

/** A module file beside this file when the kit runs from source, in `components/gateway/` beside `dist/` compiled (both ship). */
function moduleFile(rel: string): string {
  const here = path.join(__dirname, rel);
  return existsSync(here) ? here : path.resolve(__dirname, "../../../components/gateway", rel);
}

/** The loader `callbacks` names (module.instance `ai_infra_hooks.hooks`). */
export const hooksLoader: HookModule = { module: "ai_infra_hooks", file: moduleFile("ai_infra_hooks.py") };
export const hooksLoaderCallback = `${hooksLoader.module}.hooks`;
/** The tiers' glue (`cache.tiers`). */
export const cacheTiersHook: HookModule = { module: "ai_infra_cache_tiers", file: moduleFile("ai_infra_cache_tiers.py") };
/** The prompt templates' glue (`prompts`). */
export const promptsHook: HookModule = { module: "ai_infra_prompts", file: moduleFile(path.join("litellm", "ai_infra_prompts.py")) };

/** Every module the kit can load in the gateway (local runs copy them beside the config). */
export const allHookModules: readonly HookModule[] = [hooksLoader, cacheTiersHook, promptsHook];

/**
 * The variable `litellm_settings.callbacks` names. Deployed: `s3://<bucket>/<config prefix>ai_infra_hooks.hooks`
 * (AWS) or `gcs://…` (GCP), which LiteLLM downloads and imports at start (`get_instance_fn`,
 * litellm/proxy/types_utils/utils.py; https://docs.litellm.ai/docs/proxy/call_hooks). Locally
 * `ai_infra_hooks.hooks`, the modules copied beside the config file.
 */
export const hooksCallbackEnv = "AI_INFRA_HOOKS_CALLBACK";
/** The `litellm_settings` key listing the enabled hooks (module.instance), read by the loader. */
export const hooksSettingsKey = "ai_infra_hooks";

/** The hooks the stack enables, as `module.instance`, in the order their pre-call hooks run. */
export function enabledHooks(stack: Stack): { hook: HookModule; instance: string }[] {
  const out: { hook: HookModule; instance: string }[] = [];
  // Templates first: the tiers' lookup then sees the template's cache key.
  if (stack.prompts && Object.keys(stack.prompts.templates).length > 0) out.push({ hook: promptsHook, instance: "handler" });
  if ("cache" in stack && stack.cache?.tiers) out.push({ hook: cacheTiersHook, instance: "installer" });
  return out;
}

/** Every module file a gateway of this stack loads at start (the loader first), or none. */
export function hookModules(stack: Stack): HookModule[] {
  const hooks = enabledHooks(stack);
  return hooks.length === 0 ? [] : [hooksLoader, ...hooks.map((h) => h.hook)];
}

/** A module's object key beside the config object: `<config prefix><module>.py`. */
export function hookObjectKey(configPrefix: string, m: Pick<HookModule, "module">): string {
  return `${configPrefix}${m.module}.py`;
}

/** The value of `AI_INFRA_HOOKS_CALLBACK` for the loader uploaded under `configPrefix` in `bucket`. */
export function hooksRemoteCallback(scheme: "s3" | "gcs", bucket: string, configPrefix: string): string {
  return `${scheme}://${bucket}/${configPrefix}${hooksLoaderCallback}`;
}

/**
 * Names the loader in `callbacks` and lists the enabled hooks. Call it last: the proxy applies
 * `litellm_settings` in order and the tiers' installer needs the cache and its settings applied.
 */
export function applyGatewayHooks(stack: Stack, litellmSettings: Record<string, unknown>): void {
  const hooks = enabledHooks(stack);
  if (hooks.length === 0) return;
  if (litellmSettings.callbacks !== undefined) {
    throw new Error(`gateway hooks: litellm_settings.callbacks is already ${JSON.stringify(litellmSettings.callbacks)}; the hooks' loader needs it as its one value`);
  }
  litellmSettings[hooksSettingsKey] = hooks.map((h) => `${h.hook.module}.${h.instance}`);
  litellmSettings.callbacks = envRef(hooksCallbackEnv);
}
