/**
 * `npm run local -- <stack> --json` as a user runs it: one JSON line with the endpoints, the
 * servers answer, and SIGTERM stops every one of them and removes the temp state.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { notModelled } from "../../cli/lib/local/frontdoor";
import { repoRoot } from "../../cli/lib/local/processes";

// The run gets a temp folder of its own (TMPDIR): other test files running beside this one start
// local runs too, and their folders must not count here.
const tmp = mkdtempSync(path.join(os.tmpdir(), "ai-infra-cli-test-"));
const localDirs = () => new Set(readdirSync(tmp).filter((d) => d.startsWith("ai-infra-local-")));

it("prints the endpoints as JSON, serves them, and stops everything on SIGTERM", async () => {
  const before = localDirs();
  const child = spawn(process.execPath, ["--import", "tsx", "cli/local.ts", "prototype-gcp-europe-west4", "--json"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TMPDIR: tmp } });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 240_000;
  while (!out.includes("\n") && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 250));
  const info = JSON.parse(out.split("\n")[0]!) as { url: string; apiKeys: Record<string, string>; model: string; gatewayUrl: string; s3Endpoint: string; notModelled: string[] };
  expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  expect(Object.keys(info.apiKeys)).toEqual(["default"]);
  // The front door's whole list of what it does not model (cli/lib/local/frontdoor.ts): 7 items.
  expect(info.notModelled).toEqual(notModelled);
  expect(info.notModelled).toHaveLength(7);
  const [key] = Object.values(info.apiKeys);
  const res = await fetch(`${info.url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key!}` },
    body: JSON.stringify({ model: info.model, messages: [{ role: "user", content: "hello" }] }),
  });
  expect(res.status).toBe(200);
  const temp = [...localDirs()].filter((d) => !before.has(d));
  expect(temp).toHaveLength(1);

  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  for (const u of [info.url, info.gatewayUrl, info.s3Endpoint]) {
    await expect(fetch(u, { signal: AbortSignal.timeout(3000) })).rejects.toThrow();
  }
  expect(localDirs().has(temp[0]!)).toBe(false);
}, 300_000);
