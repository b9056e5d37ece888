/**
 * The AWS fine-tuning role's policy (`fineTuningAccessPolicy`), enforced by moto's IAM on its S3
 * server: the real export (worker/export.ts as the CronJob runs it) signs with the keys of an IAM
 * user holding exactly that policy. moto checks actions against resource ARNs; it does not
 * evaluate `s3:prefix` conditions (moto/iam/access_control.py: StringEquals only, on trust
 * policies), so the prefix scoping of ListBucket is covered by test/aws/fine-tuning.test.ts alone.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fineTuningAccessPolicy } from "../../components/aws/fine-tuning";
import { type Managed, freePort, repoRoot, requireTool, startProcess, waitFor } from "../gateway/litellm/harness/processes";

const region = "us-east-2";
const logBucket = "ai-infra-request-log";
const modelBucket = "ai-infra-model-cache";
const llama = "meta-llama/Llama-3.1-8B-Instruct";
const day = "2026-12-01";
type Keys = { accessKeyId: string; secretAccessKey: string };

let moto: Managed;
let endpoint: string;
let admin: Keys;
let fineTuning: Keys;
const s3 = (keys: Keys) => new S3Client({ endpoint, region, forcePathStyle: true, credentials: keys });

/** An IAM query call made while moto still admits unauthenticated requests (the first few). */
async function iam(params: Record<string, string>): Promise<string> {
  const r = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      // moto routes a request to a service by the credential scope of its Authorization header.
      authorization: `AWS4-HMAC-SHA256 Credential=bootstrap/20261201/${region}/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ ...params, Version: "2010-05-08" }),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`IAM ${params.Action}: ${r.status} ${text}`);
  return text;
}

async function userWithPolicy(name: string, policy: string): Promise<Keys> {
  await iam({ Action: "CreateUser", UserName: name });
  await iam({ Action: "PutUserPolicy", UserName: name, PolicyName: name, PolicyDocument: policy });
  const xml = await iam({ Action: "CreateAccessKey", UserName: name });
  const pick = (tag: string) => new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(xml)![1]!;
  return { accessKeyId: pick("AccessKeyId"), secretAccessKey: pick("SecretAccessKey") };
}

beforeAll(async () => {
  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  const bin = requireTool(path.join(repoRoot, ".tools/venv-moto/bin/moto_server"), "moto server (.tools/venv-moto)");
  // The six IAM calls below are the only unauthenticated ones; every request after them is
  // signed and checked against the caller's policies.
  moto = startProcess("moto_server", bin, ["-H", "127.0.0.1", "-p", String(port)], { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: "6" });
  await waitFor("moto_server", async () => (await fetch(`${endpoint}/moto-api/`)).ok, { timeoutMs: 30_000, proc: moto });
  admin = await userWithPolicy("admin", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }));
  fineTuning = await userWithPolicy(
    "fine-tuning",
    fineTuningAccessPolicy({ region, logBucketArn: `arn:aws:s3:::${logBucket}`, modelBucketArn: `arn:aws:s3:::${modelBucket}`, baseModels: [llama] }),
  );
  const a = s3(admin);
  for (const Bucket of [logBucket, modelBucket]) await a.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: region } }));
  // One request as LiteLLM's s3_v2 logger records it (the fields the export reads), and the
  // gateway's config beside the log, which the role must not read.
  const record = {
    status: "success",
    model_group: "llama-small",
    request_tags: ["support"],
    startTime: Date.parse(`${day}T10:00:00Z`) / 1000,
    messages: [{ role: "user", content: "How do I reset my password?" }],
    response: { choices: [{ message: { role: "assistant", content: "Open Settings, then Security." } }] },
    metadata: { requester_metadata: {} },
  };
  await a.send(new PutObjectCommand({ Bucket: logBucket, Key: `requests/${day}/one.json`, Body: JSON.stringify(record) }));
  await a.send(new PutObjectCommand({ Bucket: logBucket, Key: `config/${day}/litellm.json`, Body: JSON.stringify(record) }));
  await a.send(new PutObjectCommand({ Bucket: modelBucket, Key: `${llama}/config.json`, Body: "{}" }));
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

function runExport(keys: Keys, env: Record<string, string> = {}) {
  return spawnSync(path.join(repoRoot, "node_modules/.bin/tsx"), [path.join(repoRoot, "worker/export.ts")], {
    env: {
      PATH: process.env.PATH,
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      // The CronJob's environment (charts/fine-tuning), on this S3 server.
      EXPORT_REGION: region,
      EXPORT_LOG_BUCKET: logBucket,
      EXPORT_LOG_PREFIX: "requests",
      EXPORT_TRAINING_BUCKET: modelBucket,
      EXPORT_TRAINING_PREFIX: "training-sets",
      EXPORT_FROM: day,
      EXPORT_TO: day,
      EXPORT_S3_ENDPOINT: endpoint,
      ...env,
    },
    encoding: "utf8",
    timeout: 120_000,
  });
}

const denied = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (err: Error) => err,
  );
  return e?.name;
};

describe("the fine-tuning role's policy, enforced by moto's IAM", () => {
  it("lets the real export read requests/ and write a training set", async () => {
    const r = runExport(fineTuning, { EXPORT_RUN_ID: "granted" });
    expect(r.status, r.stderr).toBe(0);
    const manifest = JSON.parse(await (await s3(admin).send(new GetObjectCommand({ Bucket: modelBucket, Key: "training-sets/granted/manifest.json" }))).Body!.transformToString());
    expect([manifest.read, manifest.written]).toEqual([1, 1]);
  });

  it("refuses the export anything outside requests/ of the log (the gateway's config)", () => {
    const r = runExport(fineTuning, { EXPORT_RUN_ID: "config", EXPORT_LOG_PREFIX: "config" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Access Denied");
  });

  it("refuses writes to the request log and deletes anywhere; reads the base weights", async () => {
    const ft = s3(fineTuning);
    expect(await denied(ft.send(new PutObjectCommand({ Bucket: logBucket, Key: `requests/${day}/forged.json`, Body: "{}" })))).toBe("AccessDenied");
    expect(await denied(ft.send(new DeleteObjectCommand({ Bucket: logBucket, Key: `requests/${day}/one.json` })))).toBe("AccessDenied");
    expect(await denied(ft.send(new DeleteObjectCommand({ Bucket: modelBucket, Key: "training-sets/granted/manifest.json" })))).toBe("AccessDenied");
    expect(await denied(ft.send(new PutObjectCommand({ Bucket: modelBucket, Key: `${llama}/config.json`, Body: "{}" })))).toBe("AccessDenied");
    expect(await denied(ft.send(new GetObjectCommand({ Bucket: modelBucket, Key: `${llama}/config.json` })))).toBeUndefined();
    expect(await denied(ft.send(new PutObjectCommand({ Bucket: modelBucket, Key: "adapters/llama-small-support/run-1/adapter_config.json", Body: "{}" })))).toBeUndefined();
  });
});
