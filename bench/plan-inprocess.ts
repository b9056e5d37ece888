// In-process plan time of one stack in a given checkout, for `bench/plan.ts`: loads that checkout's
// own planner (planner/ or, in older checkouts, cli/lib/) and policy packs, plans the stack
// runs + 1 times and prints the warm durations (the first run, which loads the modules, left out)
// as one JSON line. Run in its own process so two checkouts never share the Pulumi runtime.
//
//   tsx bench/plan-inprocess.ts <checkout dir> <stack> <runs>
import { existsSync } from "node:fs";
import * as path from "node:path";

interface Planner {
  planStack(file: unknown): Promise<{ durationMs: number; exitCode: number }>;
}

async function main(): Promise<void> {
  const [root, stack, runsArg] = process.argv.slice(2);
  if (!root || !stack) throw new Error("usage: tsx bench/plan-inprocess.ts <checkout dir> <stack> <runs>");
  const runs = Math.max(1, Number(runsArg) || 1);
  const lib = ["planner", path.join("cli", "lib")].map((d) => path.join(path.resolve(root), d)).find((d) => existsSync(path.join(d, "plan.ts")));
  if (!lib) throw new Error(`${root} has no planner (planner/plan.ts or cli/lib/plan.ts)`);
  const files = (await import(path.join(lib, "stack-file.ts"))) as {
    loadStackFile(file: string, stack: string): { ok: true; file: unknown } | { ok: false; errors: { message: string }[] };
    stacksDir: string;
  };
  const policy = (await import(path.join(lib, "policy.ts"))) as { discoverPolicyModules(dir: string): string[]; loadPolicyModule(file: string): void };
  const planner = (await import(path.join(lib, "plan.ts"))) as Planner;
  for (const f of policy.discoverPolicyModules(path.join(path.resolve(root), "policies"))) policy.loadPolicyModule(f);
  const loaded = files.loadStackFile(path.join(files.stacksDir, `Pulumi.${stack}.yaml`), stack);
  if (!loaded.ok) throw new Error(`${stack}: ${loaded.errors.map((e) => e.message).join("; ")}`);
  const times: number[] = [];
  let exit = 0;
  for (let i = 0; i <= runs; i++) {
    const o = await planner.planStack(loaded.file);
    exit = o.exitCode;
    if (i > 0) times.push(o.durationMs);
  }
  process.stdout.write(`${JSON.stringify({ times, exit })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
