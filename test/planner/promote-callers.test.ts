import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { promoteStack } from "../../planner/promote";
import { renderCallers } from "../../planner/render-promote";
import { loadStackFile } from "../../planner/stack-file";
import { runCli } from "../helpers/cli";
import { preparedFor } from "../helpers/promotable";
import { exampleFile } from "../helpers/stacks";

// Issue 21 point 4: a promotion says what callers must change, with the step, and what it costs.
// The costs are those `npm run plan` prints for the stack file at each stage (checked by hand:
// prototype-aws-us-east-1 $52.41, the same file at growth $327.43; the GCP file $60.15 / $371.16).

const dir = mkdtempSync(path.join(tmpdir(), "ai-infra-callers-"));
function prepared(stack: string, to: string): string {
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  writeFileSync(file, preparedFor(stack, to).toString());
  return file;
}

describe("promote: what callers see", () => {
  it("prototype → growth on AWS: x-api-key gives way to a LiteLLM virtual key, with the step and the cost", async () => {
    const { result } = await promoteStack(exampleFile("prototype-aws-us-east-1"), "growth");
    const stack = "prototype-aws-us-east-1";
    expect(renderCallers(result)).toEqual([
      "What callers see: 3 changes",
      "  ! auth header: x-api-key: <API Gateway API key> → Authorization: Bearer <LiteLLM virtual key>",
      `    migration: x-api-key stops working when the promotion is deployed: right after pulumi up, issue each caller a virtual key (npm run keys -- ${stack} sync for the keys of ai-infra:api.keys, or npm run keys -- ${stack} create --name <caller>) and switch callers to Authorization: Bearer <LiteLLM virtual key>; calls with the old key fail from the deploy until then`,
      "  ! key kind: API Gateway API key (created by the deploy: default; value from aws apigateway get-api-key --include-value) → LiteLLM virtual key (in the keys database; issued with npm run keys)",
      "    migration: the auth header's step above",
      "  ! limits: all callers together (API Gateway stage): 20 requests/s, burst 40; per key (API Gateway usage plan): 5 requests/s, burst 10 → all callers together (API Gateway stage): 200 requests/s, burst 400; per key (LiteLLM, access.keyDefaults): 600 requests/min; per key (LiteLLM, access.keyDefaults): budget $50 per 1d",
      `    migration: the front door's limits apply from the deploy: callers get 429 above them, so check their peak rates; each virtual key is issued with access.keyDefaults unless given its own (npm run keys -- ${stack} create --name <caller> --rpm <n> --tpm <n>)`,
      "Monthly cost: $52.41 → $327.43 (+$275.02; at the stated traffic profile)",
    ]);
    const routes = ["GET /v1/health", "GET /v1/models", "POST /v1/chat/completions", "POST /v1/completions", "POST /v1/embeddings"];
    expect(result.callers!.before).toMatchObject({ url: "https://36p5gr0uka.execute-api.us-east-1.amazonaws.com/v1", routes, streaming: "streamed (API Gateway response streaming)" });
    expect(result.callers!.after.routes).toEqual(routes);
    expect(result.callers!.changes.map((c) => c.what)).toEqual(["auth", "keyKind", "limits"]);
    expect(result.cost).toEqual({
      before: { totalMonthlyUsd: 52.41, fixedMonthlyUsd: 45.61, usageMonthlyUsd: 0.23, llmMonthlyUsd: 6.57, traffic: true },
      after: { totalMonthlyUsd: 327.43, fixedMonthlyUsd: 321.27, usageMonthlyUsd: 0.25, llmMonthlyUsd: 5.91, traffic: true },
      deltaMonthlyUsd: 275.02,
    });
  });

  it("prototype → growth on GCP: same key and header, tighter and looser limits, with the step and the cost", async () => {
    const loaded = loadStackFile(prepared("prototype-gcp-europe-west4", "growth"), "prototype-gcp-europe-west4");
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const { result } = await promoteStack(loaded.file, "growth");
    const stack = "prototype-gcp-europe-west4";
    expect(renderCallers(result)).toEqual([
      "What callers see: 1 change",
      "  ! limits: per client address (Cloud Armor): 60 requests per 10 s, then deny(429); per key (LiteLLM, access.keyDefaults): 300 requests/min; per key (LiteLLM, access.keyDefaults): budget $5 per 1d → per client address (Cloud Armor): 120 requests per 10 s, then deny(429); per key (LiteLLM, access.keyDefaults): 600 requests/min; per key (LiteLLM, access.keyDefaults): budget $50 per 1d",
      `    migration: the front door's limits apply from the deploy: callers get 429 above them, so check their peak rates; keys issued before keep the limits they were issued with; new keys get access.keyDefaults (npm run keys -- ${stack} rotate --name <caller> keeps the old limits: revoke and create to change them)`,
      "Monthly cost: $60.15 → $371.16 (+$311.01; at the stated traffic profile)",
    ]);
    expect(result.callers!.after).toMatchObject({
      url: "https://llm-proto-eu.example.com/v1",
      auth: "Authorization: Bearer <LiteLLM virtual key>",
      routes: ["GET /v1/health", "GET /v1/models", "POST /v1/chat/completions", "POST /v1/completions", "POST /v1/embeddings"],
    });
  });

  it("scale → enterprise on AWS: callers see no change, said in one line; the cost still moves", async () => {
    const { result } = await promoteStack(exampleFile("scale-aws-us-east-1"), "enterprise");
    expect(result.callers!.changes).toEqual([]);
    expect(renderCallers(result)).toEqual([
      "What callers see: no change (Authorization: Bearer <LiteLLM virtual key> to https://2obs79msnh.execute-api.us-east-1.amazonaws.com/v1)",
      "Monthly cost: $29,294.79 → $29,338.59 (+$43.80; at the stated traffic profile)",
    ]);
  });

  it("the CLI prints the section in the human output and carries it in --json", async () => {
    const human = await runCli("promote", ["prototype-aws-us-east-1", "--to", "growth"]);
    expect(human.code).toBe(0);
    const lines = human.stdout.split("\n");
    expect(lines.slice(3, 5)).toEqual(["What callers see: 3 changes", "  ! auth header: x-api-key: <API Gateway API key> → Authorization: Bearer <LiteLLM virtual key>"]);
    expect(lines).toContain("Monthly cost: $52.41 → $327.43 (+$275.02; at the stated traffic profile)");
    const json = await runCli("promote", ["prototype-aws-us-east-1", "--to", "growth", "--json"]);
    const doc = JSON.parse(json.stdout);
    expect(doc.callers.changes.map((c: { what: string }) => c.what)).toEqual(["auth", "keyKind", "limits"]);
    expect(doc.callers.before.auth).toBe("x-api-key: <API Gateway API key>");
    expect(doc.cost.deltaMonthlyUsd).toBe(275.02);
  });
});
