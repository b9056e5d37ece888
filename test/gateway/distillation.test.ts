/**
 * The distilled adapter in the rendered gateway config, and the gate that lets it in: the teacher's
 * group gets the adapter only with a passing `serve` record, at its weight, the teacher's own
 * variants keeping their ratio; `npm run distill -- gate` writes that record only from a passing
 * evaluation result and leaves the stack file alone otherwise.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/distill";
import { gate } from "../../cli/lib/distill/gate";
import { type Stack, parseStack } from "../../components/config";
import { renderGatewayConfig } from "../../components/gateway/render";
import { distilling } from "../helpers/distillation";

function spec(edit: (raw: Record<string, any>) => void = () => undefined): Stack {
  const raw = distilling();
  edit(raw);
  const r = parseStack(raw, { secretKeys: new Set(["providerKeys"]) });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.stack;
}
const group = (s: Stack, name: string) =>
  (parse(renderGatewayConfig(s)).model_list as any[]).filter((e) => e.model_name === name).map((e) => [e.litellm_params.model, e.litellm_params.weight, e.litellm_params.api_base ?? null]);

const passing = { adapter: "triage-small", version: "run-1", metric: "exact-match", pairs: 40, score: 0.95, passed: true, teacher: { costPerRequestUsd: 0.004 } };

describe("the distilled adapter in the gateway config", () => {
  it("is not in the teacher's group without the gate's record", () => {
    expect(group(spec((r) => delete r.fineTuning.distillation.serve), "chat-strong")).toEqual([
      ["openai/gpt-4o", 80, "https://us.api.openai.com/v1"],
      ["bedrock/amazon.nova-pro-v1:0", 20, null],
    ]);
  });

  it("takes its weight of the teacher's group with the record, the teacher's variants keeping 80:20 of the rest", () => {
    expect(group(spec(), "chat-strong")).toEqual([
      ["openai/gpt-4o", 72, "https://us.api.openai.com/v1"],
      ["bedrock/amazon.nova-pro-v1:0", 18, null],
      ["hosted_vllm/triage-small", 10, "os.environ/AI_INFRA_VLLM_LLAMA_SMALL_URL"],
    ]);
    expect(group(spec((r) => (r.fineTuning.distillation.serve.weightPercent = 50)), "chat-strong").map((e) => e[1])).toEqual([40, 10, 50]);
  });

  it("shares evenly among teacher deployments without weights", () => {
    const s = spec((r) => {
      r.fineTuning.distillation.teacher = "chat-small-hosted";
    });
    expect(group(s, "chat-small-hosted").map((e) => e[1])).toEqual([90, 10]);
  });
});

describe("the gate", () => {
  it("accepts a passing result for the served version with the spec's metric", () => {
    expect(gate(spec(), passing, 25)).toEqual({ ok: true, serve: { version: "run-1", score: 0.95, weightPercent: 25 } });
  });

  it("refuses on the spec's threshold even when the result says it passed, and every mismatch", () => {
    expect(gate(spec(), { ...passing, score: 0.85, passed: true })).toEqual({ ok: false, reasons: ["score 0.85 is below the threshold 0.9 (exact-match)"] });
    expect(gate(spec(), { adapter: "other", version: "run-0", metric: "token-f1", pairs: 5, score: 1 })).toEqual({
      ok: false,
      reasons: [
        'the evaluation scored "other", the stack distils into triage-small',
        'the evaluation scored version "run-0", fineTuning.adapters serves run-1',
        'the evaluation used metric "token-f1", the spec names exact-match',
        "the evaluation scored 5 held-out pairs; at least 20 are needed",
      ],
    });
  });
});

describe("npm run distill -- <stack> gate", () => {
  /** A stack file of the distilling spec without the gate's record. */
  function stackFile(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), "distill-"));
    const raw = distilling();
    delete raw.fineTuning.distillation.serve;
    // Provider keys as a stack file holds them: Pulumi secrets.
    raw.providerKeys = Object.fromEntries(Object.keys(raw.providerKeys).map((k) => [k, { secure: "v1:AAAAfake" }]));
    const file = path.join(dir, "Pulumi.enterprise-distill.yaml");
    writeFileSync(file, stringify({ config: Object.fromEntries(Object.entries(raw).map(([k, v]) => [`ai-infra:${k}`, v])) }));
    return file;
  }
  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(args, (l) => out.push(l), (l) => err.push(l));
    return { code, out, err };
  };

  it("writes the serve record from a passing result and prints the cost per request before and after", () => {
    const file = stackFile();
    const result = path.join(path.dirname(file), "good.json");
    writeFileSync(result, JSON.stringify(passing));
    const r = run([file, "gate", result, "--weight", "25"]);
    expect(r).toEqual({
      code: 0,
      out: [
        "passed: triage-small run-1 scored 0.95 (exact-match, threshold 0.9); serves 25% of chat-strong",
        "cost per request of chat-strong: before $0.00400, after $0.00300 (token prices; the student's GPU nodes are priced per hour in the plan)",
      ],
      err: [],
    });
    expect(parse(readFileSync(file, "utf8")).config["ai-infra:fineTuning"].distillation.serve).toEqual({ version: "run-1", score: 0.95, weightPercent: 25 });
  });

  it("refuses a worse result with exit 2 and leaves the stack file as it was", () => {
    const file = stackFile();
    const before = readFileSync(file, "utf8");
    const result = path.join(path.dirname(file), "worse.json");
    writeFileSync(result, JSON.stringify({ ...passing, score: 0.7, passed: false }));
    expect(run([file, "gate", result])).toEqual({ code: 2, out: [], err: ["refused: the adapter does not serve\n  score 0.7 is below the threshold 0.9 (exact-match)"] });
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("refuses a weight outside (0, 100] naming the allowed values", () => {
    expect(run([stackFile(), "gate", "x.json", "--weight", "0"])).toEqual({ code: 1, out: [], err: ["--weight: must be above 0 and at most 100 (percent), given 0"] });
  });
});
