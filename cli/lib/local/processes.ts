import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";

/** The repository root (this file is cli/lib/local/processes.ts). */
export const repoRoot = path.resolve(__dirname, "../../..");

/** A start-up failure with one line that names what failed; everything started before is stopped. */
export class LocalStartError extends Error {}

export function requireFile(file: string, what: string): string {
  if (!existsSync(file)) throw new LocalStartError(`${what} is missing (${path.relative(repoRoot, file)}); run \`npm test\` once (scripts/setup/*.sh install it)`);
  return file;
}

export function which(bin: string, hint: string): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const file = path.join(dir, bin);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      /* keep looking */
    }
  }
  throw new LocalStartError(`${bin} is missing from PATH; ${hint}`);
}

/** A port the kernel just handed out on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Fails with a one-line error when something already listens on `port`. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", (e: NodeJS.ErrnoException) =>
      reject(new LocalStartError(e.code === "EADDRINUSE" ? `port ${port} (${what}) is already in use on 127.0.0.1` : `port ${port} (${what}): ${e.message}`)),
    );
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve()));
  });
}

export interface Managed {
  readonly name: string;
  readonly pid: number;
  output(): string;
  exited(): boolean;
  exitCode(): number | null;
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of live) if (c.pid) try { process.kill(c.pid, "SIGKILL"); } catch { /* gone */ }
});

export function startProcess(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = repoRoot): Managed {
  const child = spawn(cmd, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new LocalStartError(`${name}: could not start ${cmd}`);
  live.add(child);
  let out = "";
  const append = (b: Buffer) => {
    out += b.toString("utf8");
    if (out.length > 100_000) out = out.slice(-100_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let gone = false;
  let code: number | null = null;
  const done = new Promise<void>((resolve) =>
    child.once("exit", (c) => {
      gone = true;
      code = c;
      live.delete(child);
      resolve();
    }),
  );
  const pid = child.pid;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      /* gone */
    }
  };
  return {
    name,
    pid,
    output: () => out,
    exited: () => gone,
    exitCode: () => code,
    async stop(graceMs = 8_000) {
      if (gone) return;
      signal("SIGTERM");
      const t = setTimeout(() => signal("SIGKILL"), graceMs);
      await done;
      clearTimeout(t);
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Last non-empty line of a process's output, for a one-line error. */
export function lastLine(text: string): string {
  const lines = text.trim().split("\n").filter((l) => l.trim() !== "");
  return (lines.at(-1) ?? "").slice(0, 300);
}

export async function waitFor(what: string, probe: () => Promise<boolean>, opts: { timeoutMs: number; proc?: Managed }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (opts.proc?.exited()) {
      throw new LocalStartError(`${what} exited during start-up (code ${opts.proc.exitCode()}): ${lastLine(opts.proc.output())}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new LocalStartError(`${what} not ready after ${Math.round(opts.timeoutMs / 1000)} s: ${lastLine(opts.proc?.output() ?? "")}`);
    await sleep(200);
  }
}
