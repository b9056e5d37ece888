import { execFile } from "node:child_process";
import { accessSync, constants, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type Managed, freePort, startProcess, waitFor } from "./processes";

const run = promisify(execFile);

function which(bin: string): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const file = path.join(dir, bin);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch { /* keep looking */ }
  }
  throw new Error(`${bin} is missing; run \`npm test\` (scripts/setup/41-redis.sh installs Debian's redis-server) and try again`);
}

/**
 * Response-cache entries of a namespace: LiteLLM stores each under `<namespace>:<sha256 of the
 * request>`; other keys in the namespace (rate-limiter counters) end differently.
 */
export async function cacheEntries(redis: TestRedis, namespace: string): Promise<string[]> {
  const keys = (await redis.cli("--scan", "--pattern", `${namespace}:*`)).trim().split("\n").filter(Boolean);
  return keys.filter((k) => /:[0-9a-f]{64}$/.test(k));
}

export interface TestRedis {
  readonly port: number;
  readonly password: string;
  /** CA bundle that verifies the server certificate (it is self-signed for 127.0.0.1). */
  readonly caFile: string;
  proc: Managed;
  /** redis-cli against this server; resolves to its stdout. */
  cli(...args: string[]): Promise<string>;
  /** SIGKILL, as a crashed cache node. */
  kill(): Promise<void>;
  /** Starts again on the same port (empty: no persistence). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real Redis on a free loopback port, shaped like the managed cache the kit deploys: TLS only
 * (the plain port is off), a password, and no persistence (`--save ''`, no AOF). The certificate
 * is made per run with openssl so no key material sits in the repository.
 */
export async function startRedis(): Promise<TestRedis> {
  const server = which("redis-server");
  const cliBin = which("redis-cli");
  const dir = mkdtempSync(path.join(os.tmpdir(), "ai-infra-redis-"));
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  await run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]);
  const port = await freePort();
  const password = "local-redis-password";
  const args = ["--port", "0", "--tls-port", String(port), "--bind", "127.0.0.1", "--tls-cert-file", cert, "--tls-key-file", key,
    "--tls-auth-clients", "no", "--requirepass", password, "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no"];

  const cli = async (...cmd: string[]) =>
    (await run(cliBin, ["--tls", "--cacert", cert, "-h", "127.0.0.1", "-p", String(port), "-a", password, "--no-auth-warning", ...cmd])).stdout;
  const start = async () => {
    const proc = startProcess("redis-server", server, args);
    await waitFor("redis-server", async () => (await cli("PING")).trim() === "PONG", { timeoutMs: 10_000, proc });
    return proc;
  };

  const redis: TestRedis = {
    port,
    password,
    caFile: cert,
    proc: await start(),
    cli,
    kill: () => redis.proc.kill(),
    async restart() {
      await redis.proc.stop();
      redis.proc = await start();
    },
    stop: () => redis.proc.stop(),
  };
  return redis;
}
