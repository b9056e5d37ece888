import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gatewayProcessEnv } from "../../../../components/gateway/env";
import { allHookModules, hooksCallbackEnv, hooksLoaderCallback } from "../../../../components/gateway/hooks";
import { type Managed, freePort, repoRoot, requireTool, startProcess, tail, waitFor } from "./processes";

export const LITELLM_BIN = path.join(repoRoot, ".tools/venv-litellm/bin/litellm");

/**
 * Settings of a local run that are not part of the rendered config: none changes behaviour under
 * test, they keep the proxy off the internet and make logs visible within a second.
 */
export const localProxyEnv: Record<string, string> = {
  // What the deployed gateway sets too (the bundled price map, no fetch from GitHub on start).
  ...gatewayProcessEnv,
  // s3_v2 uploads in batches every 10 s by default; tests read the bucket right after.
  DEFAULT_S3_FLUSH_INTERVAL_SECONDS: "1",
  // After 5 failed Redis calls LiteLLM stops calling Redis (circuit breaker) for 60 s by default,
  // then probes again. The fault test waits for that recovery; 5 s keeps the suite short, the
  // mechanism is the same (production keeps LiteLLM's 60 s).
  REDIS_CIRCUIT_BREAKER_RECOVERY_TIMEOUT: "5",
  NO_PROXY: "127.0.0.1,localhost",
  no_proxy: "127.0.0.1,localhost",
  PYTHONUNBUFFERED: "1",
};

export class ProxyStartError extends Error {}

export interface TestProxy {
  readonly url: string;
  readonly port: number;
  readonly configFile: string;
  proc: Managed;
  stop(): Promise<void>;
}

/**
 * Runs the pinned LiteLLM proxy on a rendered config. If the proxy rejects the config and exits,
 * the error carries the proxy's own output, so a failing test shows LiteLLM's message.
 */
export async function startProxy(
  configText: string,
  env: Record<string, string>,
  opts: { readyTimeoutMs?: number; /** Files placed beside the config (modules the config loads). */ files?: string[] } = {},
): Promise<TestProxy> {
  const bin = requireTool(LITELLM_BIN, "LiteLLM proxy (.tools/venv-litellm)");
  const dir = mkdtempSync(path.join(os.tmpdir(), "ai-infra-litellm-"));
  const configFile = path.join(dir, "config.yaml");
  writeFileSync(configFile, configText);
  for (const f of opts.files ?? []) copyFileSync(f, path.join(dir, path.basename(f)));
  // The kit's hooks beside the config, as a local run has them, unless the caller names the
  // loader itself (deployed: the URL of its object beside the config object).
  const hooksEnv: Record<string, string> = {};
  if (configText.includes(`os.environ/${hooksCallbackEnv}`) && env[hooksCallbackEnv] === undefined) {
    for (const m of allHookModules) copyFileSync(m.file, path.join(dir, `${m.module}.py`));
    hooksEnv[hooksCallbackEnv] = hooksLoaderCallback;
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = startProcess("litellm", bin, ["--config", configFile, "--port", String(port), "--host", "127.0.0.1"], {
    ...process.env,
    ...localProxyEnv,
    ...hooksEnv,
    ...env,
  }, dir);
  try {
    await waitFor("litellm proxy", async () => (await fetch(`${url}/health/readiness`)).ok, {
      timeoutMs: opts.readyTimeoutMs ?? 120_000,
      proc,
      intervalMs: 250,
    });
  } catch (e) {
    await proc.stop();
    throw new ProxyStartError(`LiteLLM rejected or failed to start on ${configFile}: ${(e as Error).message}`);
  }
  return { url, port, configFile, proc, stop: () => proc.stop(10_000) };
}

export function proxyLog(p: TestProxy, lines = 80): string {
  return tail(p.proc.output(), lines);
}
