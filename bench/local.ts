// Start-up time of `npm run local` per example stack: plan, then every server up to a healthy
// LiteLLM and the front door; then one chat completion through the front door, timed.
//
//   npx tsx bench/local.ts [<stack>...]        (default: every stack in stacks/)
//
// Prints one line per stack; numbers, no assertions (bench/README.md).
import { startLocal } from "../cli/lib/local/run";
import { listStacks, loadStackFile, resolveStackArg } from "../planner/stack-file";

async function main(): Promise<void> {
  const stacks = process.argv.slice(2).length ? process.argv.slice(2) : listStacks();
  process.stdout.write(`${"stack".padEnd(30)} ${"start-up s".padStart(10)} ${"first call ms".padStart(14)}  started\n`);
  for (const stack of stacks) {
    const ref = resolveStackArg(stack);
    if (!ref.ok) throw new Error(ref.message);
    const loaded = loadStackFile(ref.file, ref.stack);
    if (!loaded.ok) throw new Error(`${stack}: ${JSON.stringify(loaded.errors)}`);
    const run = await startLocal(loaded.file);
    try {
      const t = performance.now();
      const res = await fetch(`${run.url}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": Object.values(run.apiKeys)[0]! },
        body: JSON.stringify({ model: run.model, messages: [{ role: "user", content: "bench" }] }),
      });
      await res.text();
      const call = performance.now() - t;
      process.stdout.write(
        `${stack.padEnd(30)} ${(run.startupMs / 1000).toFixed(1).padStart(10)} ${(res.ok ? call.toFixed(0) : `HTTP ${res.status}`).padStart(14)}  ${run.started.length} servers/processes: ${run.started.map((s) => s.split(" on ")[0]!.split(" (")[0]).join(", ")}\n`,
      );
    } finally {
      await run.stop();
    }
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
