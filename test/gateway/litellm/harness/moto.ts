import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import path from "node:path";
import { type Managed, freePort, repoRoot, requireTool, startProcess, waitFor } from "./processes";

/** Credentials moto accepts; LiteLLM's S3 logger signs with them through the standard AWS env. */
export const motoCredentials = { accessKeyId: "testing", secretAccessKey: "testing" };
export const motoRegion = "eu-west-1";

export interface TestS3 {
  readonly endpoint: string;
  readonly bucket: string;
  readonly client: S3Client;
  proc: Managed;
  /** Every object under `prefix`, parsed as JSON. */
  readAll(prefix?: string): Promise<{ key: string; body: unknown }[]>;
  stop(): Promise<void>;
}

/** moto's S3-compatible server on a free loopback port with one empty bucket: the request log. */
export async function startS3(bucket = "ai-infra-request-log"): Promise<TestS3> {
  const bin = requireTool(path.join(repoRoot, ".tools/venv-moto/bin/moto_server"), "moto server (.tools/venv-moto)");
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const proc = startProcess("moto_server", bin, ["-H", "127.0.0.1", "-p", String(port)]);
  await waitFor("moto_server", async () => (await fetch(`${endpoint}/moto-api/`)).ok, { timeoutMs: 30_000, proc });
  const client = new S3Client({ endpoint, region: motoRegion, forcePathStyle: true, credentials: motoCredentials });
  await client.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: motoRegion } }));

  return {
    endpoint,
    bucket,
    client,
    proc,
    async readAll(prefix = "") {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      const out: { key: string; body: unknown }[] = [];
      for (const key of keys) {
        const obj = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const text = await obj.Body!.transformToString();
        out.push({ key, body: JSON.parse(text) });
      }
      return out;
    },
    stop: () => proc.stop(),
  };
}
