/**
 * The export's S3 client against an S3-compatible endpoint (GCS's XML API on GCP): the real
 * @aws-sdk/client-s3 the worker pins, configured by `exportS3ClientConfig`, sends its requests to a
 * local listener that records their headers. Against such an endpoint no flexible-checksum header
 * may go out (GCS rejects or mishandles them); on AWS (no endpoint) the SDK's defaults stay.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportS3ClientConfig } from "../../worker/export";

const seen: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];
let server: http.Server;
let endpoint: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers });
      if (req.method === "GET") {
        res.writeHead(200, { "content-type": "application/xml" });
        res.end('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><Prefix>requests/</Prefix><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>');
      } else {
        res.writeHead(200, { etag: '"0"' });
        res.end();
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const credentials = { accessKeyId: "GOOG1EXAMPLEACCESSID", secretAccessKey: "example-hmac-secret-not-real-000000000000" };
const checksumHeaders = (h: http.IncomingHttpHeaders) => Object.keys(h).filter((k) => k.startsWith("x-amz-checksum-") || k === "x-amz-sdk-checksum-algorithm" || k === "x-amz-trailer");

describe("the export's S3 client", () => {
  it("sends no flexible-checksum header to an S3-compatible endpoint, path-style, for the writes and lists the export makes", async () => {
    const s3 = new S3Client({ ...exportS3ClientConfig({ region: "europe-west4", endpoint }), credentials });
    seen.length = 0;
    await s3.send(new PutObjectCommand({ Bucket: "models-bucket", Key: "training-sets/run-1/train-00000.jsonl", Body: '{"messages":[]}\n', ContentType: "application/jsonl" }));
    await s3.send(new ListObjectsV2Command({ Bucket: "log-bucket", Prefix: "requests/2026-12-01/" }));
    expect(seen.map((r) => r.method)).toEqual(["PUT", "GET"]);
    const [put, list] = seen.map((r) => new URL(r.url, endpoint));
    expect(put!.pathname).toBe("/models-bucket/training-sets/run-1/train-00000.jsonl");
    expect(list!.pathname).toBe("/log-bucket/");
    expect(list!.searchParams.get("list-type")).toBe("2");
    expect(list!.searchParams.get("prefix")).toBe("requests/2026-12-01/");
    for (const r of seen) expect(checksumHeaders(r.headers), `${r.method} ${r.url}`).toEqual([]);
  });

  it("keeps the SDK's defaults on AWS (no endpoint): the same PutObject carries a CRC32 checksum there", async () => {
    // The control: the pinned SDK really does add the header by default, so the case above guards something.
    const s3 = new S3Client({ ...exportS3ClientConfig({ region: "us-east-1" }), endpoint, forcePathStyle: true, credentials });
    seen.length = 0;
    await s3.send(new PutObjectCommand({ Bucket: "models-bucket", Key: "k.jsonl", Body: "x\n" }));
    expect(checksumHeaders(seen[0]!.headers)).toContain("x-amz-checksum-crc32");
    expect(exportS3ClientConfig({ region: "us-east-1" })).toEqual({ region: "us-east-1" });
  });
});
