/**
 * The fake Bedrock Runtime of `npm run local` (issue 21 point 7): the pinned LiteLLM's own Bedrock
 * client (botocore SigV4, the Converse API, the AWS event stream) gets its answers from it with the
 * right credentials, and Bedrock's 403s with wrong ones; requests without or with a malformed
 * signature get Bedrock's own answers too.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeBedrock, startBedrock } from "../../cli/lib/local/bedrock";
import { repoRoot } from "../../planner/stack-file";

let fake: FakeBedrock;
beforeAll(async () => {
  fake = await startBedrock("bedrock", { accessKeyId: "testing", secretAccessKey: "testing" }, ["eu-west-1"]);
});
afterAll(async () => {
  await fake?.close();
});

// One Python process: a completion and a stream per credential set, each answer as one JSON line.
const script = `
import json, os, sys
os.environ["AWS_BEDROCK_RUNTIME_ENDPOINT"] = sys.argv[1]
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
import litellm
for key_id, secret, region in [("testing", "testing", "eu-west-1"), ("testing", "not-the-secret", "eu-west-1"), ("AKIDUNKNOWN", "testing", "eu-west-1"), ("testing", "testing", "us-east-1")]:
    for stream in (False, True):
        try:
            r = litellm.completion(model="bedrock/eu.anthropic.claude-3-5-haiku-20241022-v1:0", messages=[{"role": "user", "content": "hi there"}],
                aws_access_key_id=key_id, aws_secret_access_key=secret, aws_region_name=region, stream=stream, num_retries=0)
            text = "".join((c.choices[0].delta.content or "") for c in r) if stream else r.choices[0].message.content
            print(json.dumps({"ok": text.strip()}))
        except Exception as e:
            print(json.dumps({"status": getattr(e, "status_code", None), "error": str(e).split("BedrockException - ")[-1][:200]}))
`;

describe("fake Bedrock Runtime, called by the pinned LiteLLM", () => {
  it("answers a completion and a stream to the right credentials and refuses each wrong one as Bedrock does", async () => {
    const python = path.join(repoRoot, ".tools/venv-litellm/bin/python");
    const { stdout } = await promisify(execFile)(python, ["-c", script, fake.url], { encoding: "utf8", timeout: 120_000, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    const lines = stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    const signature = { status: 403, error: '{"message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."}' };
    // LiteLLM maps Bedrock's UnrecognizedClientException to its AuthenticationError, as from the real service.
    const unknownBody = '{"message":"The security token included in the request is invalid."}';
    const unknown = { status: 403, error: `litellm.AuthenticationError: BedrockException Invalid Authentication - ${unknownBody}` };
    const unknownBytes = { status: 403, error: `litellm.AuthenticationError: BedrockException Invalid Authentication - b'${unknownBody}'` };
    const region = { status: 403, error: '{"message":"Credential should be scoped to a valid region and service (got us-east-1/bedrock; this endpoint serves eu-west-1/bedrock)."}' };
    const asBytes = (e: { status: number; error: string }) => ({ ...e, error: `b'${e.error}'` });
    expect(lines).toEqual([
      { ok: "local fake bedrock answers in chunks" },
      { ok: "local fake bedrock answers in chunks" },
      signature,
      asBytes(signature),
      unknown,
      unknownBytes,
      region,
      asBytes(region),
    ]);
    expect(fake.calls).toEqual([
      { path: "/model/eu.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse", model: "eu.anthropic.claude-3-5-haiku-20241022-v1:0", stream: false },
      { path: "/model/eu.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream", model: "eu.anthropic.claude-3-5-haiku-20241022-v1:0", stream: true },
    ]);
    expect(fake.refused).toBe(6);
  }, 150_000);

  it("answers an unsigned request 403 Missing Authentication Token, and a bearer token as an incomplete signature", async () => {
    const url = `${fake.url}/model/m/converse`;
    const none = await fetch(url, { method: "POST", body: "{}" });
    expect([none.status, none.headers.get("x-amzn-errortype"), await none.json()]).toEqual([403, "MissingAuthenticationTokenException", { message: "Missing Authentication Token" }]);
    const bearer = await fetch(url, { method: "POST", headers: { authorization: "Bearer sk-openai-style" }, body: "{}" });
    expect([bearer.status, bearer.headers.get("x-amzn-errortype")]).toEqual([403, "IncompleteSignatureException"]);
  });
});
