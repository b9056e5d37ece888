/**
 * LiteLLM start-up benchmark (not a test): the pinned LiteLLM proxy on a one-model config, started
 * with and without `LITELLM_LOCAL_MODEL_COST_MAP=True` (the kit sets it everywhere, see
 * components/gateway/env.ts `gatewayProcessEnv`), alternating, `--runs N` each (default 2).
 * Prints the time from spawn to `/health/readiness`, the medians, their ratio, and how many model
 * price map fetch attempts the proxy logged. Run with `npx tsx bench/litellm-start.ts`.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { litellmVersion } from "../components/gateway/versions";
import { freePort, repoRoot, requireTool, startProcess, waitFor } from "../test/gateway/litellm/harness/processes";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1] ?? 2) || 2;
const bin = requireTool(path.join(repoRoot, ".tools/venv-litellm/bin/litellm"), "LiteLLM proxy (.tools/venv-litellm)");
const dir = mkdtempSync(path.join(os.tmpdir(), "ai-infra-litellm-start-"));
const config = path.join(dir, "config.yaml");
writeFileSync(
  config,
  ["model_list:", "  - model_name: chat", "    litellm_params: {model: openai/gpt-4o-mini, api_base: 'http://127.0.0.1:9/v1', api_key: unused}", ""].join("\n"),
);

async function start(localMap: boolean): Promise<{ ms: number; fetchAttempts: number }> {
  const port = await freePort();
  const env = {
    ...process.env,
    LITELLM_MASTER_KEY: "sk-bench-0123456789abcdef0123456789abcdef",
    LITELLM_LOCAL_MODEL_COST_MAP: localMap ? "True" : "False",
    NO_PROXY: "127.0.0.1,localhost",
    PYTHONUNBUFFERED: "1",
  };
  const t0 = performance.now();
  const proc = startProcess("litellm", bin, ["--config", config, "--port", String(port), "--host", "127.0.0.1"], env, dir);
  try {
    await waitFor("litellm", async () => (await fetch(`http://127.0.0.1:${port}/health/readiness`)).ok, { timeoutMs: 180_000, proc, intervalMs: 100 });
    const ms = performance.now() - t0;
    return { ms, fetchAttempts: (proc.output().match(/model cost map fetch attempt/g) ?? []).length };
  } finally {
    await proc.stop(10_000);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function main(): Promise<void> {
  const times: Record<"remote" | "local", number[]> = { remote: [], local: [] };
  for (let i = 0; i < runs; i++) {
    for (const mode of ["remote", "local"] as const) {
      const r = await start(mode === "local");
      times[mode].push(r.ms);
      console.log(`run ${i + 1} ${mode === "local" ? "bundled map (LITELLM_LOCAL_MODEL_COST_MAP=True)" : "map fetched at start (=False)               "}: ready after ${(r.ms / 1000).toFixed(1)} s, ${r.fetchAttempts} fetch attempt(s) logged`);
    }
  }
  const [remote, local] = [median(times.remote), median(times.local)];
  console.log(`LiteLLM ${litellmVersion}, ${os.cpus().length} cores, ${runs} run(s) each: median ${(remote / 1000).toFixed(1)} s fetched vs ${(local / 1000).toFixed(1)} s bundled; ratio ${(remote / local).toFixed(2)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
