/**
 * Every example stack's request path on loopback from its plan (`npm run local`, in-process), then
 * the smoke test CLI (`npm run smoke`, as a process) against it: the same check a real deployment
 * gets from the deploy-smoke workflow. One local run per stack; the stacks run one after another.
 */
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SQSClient, SendMessageCommand } from "@aws-sdk/client-sqs";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalRun, startLocal } from "../../cli/lib/local/run";
import { repoRoot } from "../../cli/lib/local/processes";
import { exampleFile, exampleStacks } from "../helpers/stacks";

const creds = { accessKeyId: "testing", secretAccessKey: "testing" };

/** The checks `npm run smoke --stream --log-bucket` runs; every one must be reported as passed. */
const expectedChecks = [
  "chat completion",
  "streamed chat completion",
  "no API key refused",
  "wrong API key refused",
  "admin route POST /key/generate unreachable with a caller's key",
  "admin route POST /cache/flushall unreachable with a caller's key",
  "admin route GET /model/info unreachable with a caller's key",
  "admin route GET /config/yaml unreachable with a caller's key",
  "calls logged with model, tokens and cost",
];

/** Async: the local servers run in this process and must keep answering while the smoke test runs. */
async function smoke(run: LocalRun): Promise<{ status: number | null; lines: string[] }> {
  const r = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "cli/smoke.ts", "--url", run.url, "--key", Object.values(run.apiKeys)[0]!, "--key-header", run.keyHeader, "--model", run.model, "--stream",
      "--log-bucket", run.logBucket!, "--s3-endpoint", run.s3Endpoint!, "--log-region", "us-east-1", "--log-wait", "30"],
    { cwd: repoRoot, encoding: "utf8", timeout: 120_000, env: { ...process.env, AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey } },
  ).then(
    (ok) => ({ status: 0, stdout: ok.stdout }),
    (e: { code?: number; stdout?: string }) => ({ status: typeof e.code === "number" ? e.code : null, stdout: e.stdout ?? "" }),
  );
  return { status: r.status, lines: r.stdout.split("\n").filter((l) => /^(PASS|FAIL) /.test(l)) };
}

it("finds the example stacks", () => {
  expect(exampleStacks.length).toBeGreaterThanOrEqual(6);
});

for (const stack of exampleStacks) {
  describe.sequential(`${stack}: npm run local, then npm run smoke`, () => {
    let run: LocalRun | undefined;
    beforeAll(async () => {
      run = await startLocal(exampleFile(stack));
    }, 240_000);
    afterAll(async () => {
      await run?.stop();
    }, 60_000);

    it("passes every smoke check through the emulated front door", async () => {
      const { status, lines } = await smoke(run!);
      expect(lines.filter((l) => l.startsWith("FAIL"))).toEqual([]);
      expect(lines.map((l) => l.replace(/^PASS\s+/, "").split(": ")[0])).toEqual(expectedChecks);
      expect(status).toBe(0);
    }, 180_000);

    it("reached the fake providers with exactly the key the plan gives the gateway", () => {
      const served = run!.upstreams.filter((u) => u.calls.length > 0);
      expect(served.length).toBeGreaterThan(0);
      for (const u of run!.upstreams) expect(u.refused).toBe(0);
      expect(served.flatMap((u) => u.calls).some((c) => c.stream)).toBe(true);
    });

    if (stack.includes("-aws-") && !stack.startsWith("prototype")) {
      it("runs a queued job through the worker, which reaches the gateway with the planned key", async () => {
        const w = run!.worker!;
        const sqs = new SQSClient({ endpoint: run!.s3Endpoint, region: run!.region, credentials: creds });
        const s3 = new S3Client({ endpoint: run!.s3Endpoint, region: "us-east-1", forcePathStyle: true, credentials: creds });
        const id = `local-job-${Date.now()}`;
        await sqs.send(new SendMessageCommand({ QueueUrl: w.queueUrl, MessageBody: JSON.stringify({ id, model: run!.model, messages: [{ role: "user", content: "queued hello" }] }) }));
        let result: { status?: string; usage?: { total_tokens?: number } } | undefined;
        for (let i = 0; i < 60 && !result; i++) {
          try {
            const o = await s3.send(new GetObjectCommand({ Bucket: w.resultsBucket, Key: `${w.resultsPrefix}${id}.json` }));
            result = JSON.parse(await o.Body!.transformToString());
          } catch {
            await new Promise((r) => setTimeout(r, 1000));
          }
        }
        expect(result?.status).toBe("succeeded");
        expect(result?.usage?.total_tokens).toBeGreaterThan(0);
      }, 90_000);
    }
  });
}
