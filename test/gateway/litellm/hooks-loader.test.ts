/**
 * The kit's hooks' loader (components/gateway/ai_infra_hooks.py) in the pinned LiteLLM, without a
 * server (`hooks_loader.py`): it loads each listed member from beside the config, finds a member
 * beside its own `s3://` URL, and refuses at start a member overriding a CustomLogger method it
 * does not forward (such a hook would otherwise never run). The proxy runs: hooks.test.ts.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hooksLoader } from "../../../components/gateway/hooks";
import { repoRoot } from "./harness/processes";

const python = path.join(repoRoot, ".tools/venv-litellm/bin/python");

function load(files: Record<string, string>, members: string[]): { members?: string[]; remote?: string; error?: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ai-infra-hooks-"));
  for (const [f, content] of Object.entries(files)) writeFileSync(path.join(dir, f), content);
  const out = execFileSync(python, [path.join(__dirname, "hooks_loader.py"), hooksLoader.file, dir, ...members], {
    env: { ...process.env, LITELLM_LOCAL_MODEL_COST_MAP: "True" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

const member = (cls: string, body: string) =>
  `from litellm.integrations.custom_logger import CustomLogger\n\nclass ${cls}(CustomLogger):\n${body}\n\nhandler = ${cls}()\n`;

describe("the hooks' loader in the pinned LiteLLM", () => {
  it("loads the listed members from beside the config, in order, and names a member beside its own s3:// URL", () => {
    const r = load(
      {
        "first.py": member("First", "    async def async_pre_call_hook(self, user_api_key_dict, cache, data, call_type):\n        return data"),
        "second.py": member("Second", "    async def async_post_call_response_headers_hook(self, data, user_api_key_dict, response, request_headers=None):\n        return None"),
      },
      ["first.handler", "second.handler"],
    );
    expect(r).toEqual({ members: ["First", "Second"], remote: "s3://b/config/ai_infra_prompts.handler" });
  }, 60_000);

  it("refuses a member overriding a hook it does not forward, naming it", () => {
    const r = load({ "logs.py": member("Logs", "    async def async_log_success_event(self, kwargs, response_obj, start_time, end_time):\n        pass") }, ["logs.handler"]);
    expect(r).toEqual({ error: "litellm_settings.ai_infra_hooks: logs.handler overrides async_log_success_event; only async_pre_call_hook, async_post_call_response_headers_hook are forwarded" });
  }, 60_000);
});
