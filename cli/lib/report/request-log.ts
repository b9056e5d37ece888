import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { LogLine } from "./prompt-ab";

/**
 * The gateway's request log: one JSON object per request, as LiteLLM's S3 logger writes it under
 * `requests/` in the stack's log bucket (GCS through its S3-compatible API with an HMAC key).
 */
export interface BucketSource {
  bucket: string;
  prefix: string;
  region: string;
  /** An S3-compatible endpoint (a local run's server, GCS's `https://storage.googleapis.com`). */
  endpoint?: string;
}

export async function readBucketLog(src: BucketSource, client?: S3Client): Promise<LogLine[]> {
  const s3 = client ?? new S3Client({ region: src.region, ...(src.endpoint ? { endpoint: src.endpoint, forcePathStyle: true } : {}) });
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: src.bucket, Prefix: src.prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key?.endsWith(".json")) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const out: LogLine[] = [];
  for (const key of keys) {
    const obj = await s3.send(new GetObjectCommand({ Bucket: src.bucket, Key: key }));
    out.push(JSON.parse(await obj.Body!.transformToString()) as LogLine);
  }
  return out;
}

/** A copy of the log on disk (`aws s3 sync`, a local run's bucket): every `.json` file under `dir`. */
export function readDirLog(dir: string): LogLine[] {
  const out: LogLine[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".json")) out.push(JSON.parse(readFileSync(p, "utf8")) as LogLine);
    }
  };
  walk(dir);
  return out;
}
