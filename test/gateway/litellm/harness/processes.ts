import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/** The repository root (the harness lives at test/gateway/litellm/harness). */
export const repoRoot = path.resolve(__dirname, "../../../..");

/**
 * Fails with the one instruction that fixes a missing tool: the setup scripts `npm test` runs
 * install every tool the suite drives, so a bare `vitest run` on a fresh machine says what to do
 * instead of pretending the gateway misbehaved.
 */
export function requireTool(file: string, what: string): string {
  if (!existsSync(file)) {
    throw new Error(`${what} is missing (${file}); run \`npm test\` (its scripts/setup/*.sh install it) and try again`);
  }
  return file;
}

/** A port the kernel just handed out on loopback (the local run's own helper). */
export { freePort } from "../../../../cli/lib/local/processes";

/** Every process this harness started and has not yet stopped, so a crash still ends them. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) if (child.pid) try { process.kill(child.pid, "SIGKILL"); } catch { /* already gone */ }
});

export interface Managed {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** stdout and stderr interleaved, newest last (bounded). */
  output(): string;
  exited(): boolean;
  /** SIGTERM by pid, SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL by pid, as a crash would. */
  kill(): Promise<void>;
}

const MAX_OUTPUT = 200_000;

export function startProcess(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = repoRoot): Managed {
  const child = spawn(cmd, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${cmd}`);
  live.add(child);
  let out = "";
  const append = (b: Buffer) => {
    out += b.toString("utf8");
    if (out.length > MAX_OUTPUT) out = out.slice(out.length - MAX_OUTPUT);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let gone = false;
  const done = new Promise<void>((resolve) => child.once("exit", () => { gone = true; live.delete(child); resolve(); }));
  const pid = child.pid;
  const signal = (sig: NodeJS.Signals) => { try { process.kill(pid, sig); } catch { /* already gone */ } };
  return {
    name,
    pid,
    child,
    output: () => out,
    exited: () => gone,
    async stop(graceMs = 5_000) {
      if (gone) return;
      signal("SIGTERM");
      const t = setTimeout(() => signal("SIGKILL"), graceMs);
      await done;
      clearTimeout(t);
    },
    async kill() {
      if (gone) return;
      signal("SIGKILL");
      await done;
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns true; throws with `describe()` when the process died or time ran out. */
export async function waitFor(what: string, probe: () => Promise<boolean>, opts: { timeoutMs: number; proc?: Managed; intervalMs?: number }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (opts.proc?.exited()) {
      throw new Error(`${what}: ${opts.proc.name} (pid ${opts.proc.pid}) exited before it was ready; its output:\n${tail(opts.proc.output())}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(`${what}: not ready after ${opts.timeoutMs} ms${opts.proc ? `; output of ${opts.proc.name}:\n${tail(opts.proc.output())}` : ""}`);
    }
    await sleep(opts.intervalMs ?? 200);
  }
}

export function tail(text: string, lines = 120): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
