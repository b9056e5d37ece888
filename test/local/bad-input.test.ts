/**
 * `npm run local` and `npm run smoke` on bad input: an invalid stack starts nothing; a taken port,
 * a missing tool or a process that dies at start-up is one line naming it, and whatever had
 * started is stopped; an unreachable URL fails the smoke test in bounded time.
 */
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { LocalStartError, repoRoot } from "../../cli/lib/local/processes";
import { startLocal } from "../../cli/lib/local/run";
import { exampleFile } from "../helpers/stacks";

const run = promisify(execFile);

// This file's runs, in process and as commands, get a temp folder of their own (TMPDIR, which
// os.tmpdir() reads on every call): other test files running beside this one start local runs
// too, and their folders must not count as "started" here.
const tmp = mkdtempSync(path.join(os.tmpdir(), "ai-infra-bad-input-"));
process.env.TMPDIR = tmp;

async function cli(args: string[], timeout = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return run(process.execPath, ["--import", "tsx", ...args], { cwd: repoRoot, encoding: "utf8", timeout }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: typeof e.code === "number" ? e.code : null, stdout: e.stdout ?? "", stderr: e.stderr ?? "" }),
  );
}

/** Processes whose parent is this test process, by command name. */
function children(): string[] {
  const out = execFileSync("ps", ["-o", "comm=", "--ppid", String(process.pid)], { encoding: "utf8" }).trim();
  return out ? out.split("\n").map((s) => s.trim()).filter((c) => c !== "ps") : [];
}

function localTempDirs(): string[] {
  return readdirSync(tmp).filter((d) => d.startsWith("ai-infra-local-"));
}

const warnings = (s: string) => s.split("\n").filter((l) => l.trim() !== "" && !/Warning|node >=22|a\.co\/|upgrade to node|trace-warnings|versions published|security updates|continue receiving/.test(l));

describe("npm run local on bad input", () => {
  it("exits 1 with the planner's errors on an invalid stack and starts nothing", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ai-infra-bad-stack-"));
    const file = path.join(dir, "Pulumi.bad-local.yaml");
    writeFileSync(file, "config:\n  ai-infra:stage: prototype\n  ai-infra:cloud: azure\n  ai-infra:regions:\n    - us-east-1\n");
    const before = localTempDirs();
    const r = await cli(["cli/local.ts", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("nothing started");
    expect(r.stderr).toMatch(/cloud: .*aws.*gcp|cloud.*(aws|gcp)/);
    expect(r.stdout).toBe("");
    expect(localTempDirs()).toEqual(before);
  }, 120_000);

  it("names a front-door port that is already in use, in one line, exit 3", async () => {
    const srv = net.createServer();
    const port = await new Promise<number>((resolve) => srv.listen(0, "127.0.0.1", () => resolve((srv.address() as net.AddressInfo).port)));
    try {
      const r = await cli(["cli/local.ts", "prototype-aws-us-east-1", "--port", String(port)]);
      expect(r.code).toBe(3);
      const lines = warnings(r.stderr);
      expect(lines).toEqual([`local run failed: port ${port} (front door) is already in use on 127.0.0.1; everything started was stopped`]);
    } finally {
      srv.close();
    }
  }, 120_000);

  it("names a missing redis-server before starting anything", async () => {
    const before = localTempDirs();
    const err = await startLocal(exampleFile("growth-aws-eu-west-1"), { redisServerBin: "/nonexistent/redis-server" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LocalStartError);
    expect((err as Error).message).toMatch(/^redis-server is missing \(.*\/nonexistent\/redis-server\)/);
    expect((err as Error).message).not.toContain("\n");
    expect(children()).toEqual([]);
    expect(localTempDirs()).toEqual(before);
  }, 120_000);

  it("names LiteLLM when it dies at start-up, and stops what had already started", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ai-infra-fake-litellm-"));
    const bin = path.join(dir, "litellm");
    writeFileSync(bin, "#!/bin/sh\necho 'starting'\necho 'Exception: the config could not be loaded' >&2\nexit 1\n");
    chmodSync(bin, 0o755);
    const before = localTempDirs();
    const err = await startLocal(exampleFile("growth-aws-eu-west-1"), { litellmBin: bin }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LocalStartError);
    expect((err as Error).message).toBe("LiteLLM (ai-infra-eu-west-1-gateway-task) exited during start-up (code 1): Exception: the config could not be loaded");
    // moto and redis-server had started before LiteLLM; both are gone, and so is the temp state.
    expect(children()).toEqual([]);
    expect(localTempDirs()).toEqual(before);
  }, 180_000);
});

describe("npm run smoke on bad input", () => {
  it("fails an unreachable URL with one clear line, in bounded time", async () => {
    const srv = net.createServer();
    const port = await new Promise<number>((resolve) => srv.listen(0, "127.0.0.1", () => resolve((srv.address() as net.AddressInfo).port)));
    await new Promise<void>((r) => srv.close(() => r()));
    const r = await cli(["cli/smoke.ts", "--url", `http://127.0.0.1:${port}/v1`, "--key", "k", "--timeout", "5"], 60_000);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").filter(Boolean)).toEqual([`FAIL  reachable: cannot reach http://127.0.0.1:${port}/v1: ECONNREFUSED`, "smoke: 1 of 1 checks failed"]);
  }, 90_000);

  it("gives up on a URL that never answers after its timeout", async () => {
    // A listener that accepts connections and never answers.
    const srv = net.createServer(() => {});
    const port = await new Promise<number>((resolve) => srv.listen(0, "127.0.0.1", () => resolve((srv.address() as net.AddressInfo).port)));
    try {
      const r = await cli(["cli/smoke.ts", "--url", `http://127.0.0.1:${port}/v1`, "--key", "k", "--timeout", "2"], 60_000);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`FAIL  reachable: cannot reach http://127.0.0.1:${port}/v1: no answer in time`);
    } finally {
      srv.close();
    }
  }, 90_000);

  it("refuses missing arguments with exit 2", async () => {
    const r = await cli(["cli/smoke.ts", "--url", "http://127.0.0.1:1/v1"], 60_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--url and --key are required");
  }, 60_000);
});
