// The stage advisor: thresholds, next-stage savings and the self-hosting break-even as pure
// functions with hand-computed figures; the CLI's output and its errors for bad arguments.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { advise, breakEven, cheapestGpu, nextStageSavings, stageByRequests, stageBySpend, stageThresholds } from "../../components/cost/advice";
import { llmCost } from "../../components/cost/llm";
import { costOfPlan } from "../../planner/cost";
import { planStack } from "../../planner/plan";
import { loadStackFile, repoRoot, resolveStackArg, stacksDir } from "../../planner/stack-file";

const traffic = { requestsPerDay: 10_000, inputTokensPerRequest: 500, outputTokensPerRequest: 250 };
const mini = { name: "chat", model: "gpt-4o-mini", inputCostPerMillionTokens: 0.15, outputCostPerMillionTokens: 0.6 };
const month = 365 / 12;

describe("stage thresholds", () => {
  it("are the stage table's bands (README.md / docs/architecture.md, What each stage adds)", () => {
    expect(stageThresholds).toEqual({
      prototype: { fromRequestsPerDay: 0, fromMonthlyAiUsd: 0 },
      growth: { fromRequestsPerDay: 1_000, fromMonthlyAiUsd: 500 },
      scale: { fromRequestsPerDay: 100_000, fromMonthlyAiUsd: 10_000 },
      enterprise: { fromRequestsPerDay: 1_000_000, fromMonthlyAiUsd: 100_000 },
    });
  });

  it.each([
    [0, "prototype"],
    [999, "prototype"],
    [1_000, "growth"],
    [99_999, "growth"],
    [100_000, "scale"],
    [999_999, "scale"],
    [1_000_000, "enterprise"],
  ])("%i requests/day -> %s", (n, stage) => {
    expect(stageByRequests(n)).toBe(stage);
  });

  it.each([
    [0, "prototype"],
    [499, "prototype"],
    [499.99, "prototype"],
    [500, "growth"],
    [9_999.99, "growth"],
    [10_000, "scale"],
    [99_999.99, "scale"],
    [100_000, "enterprise"],
  ])("$%d of AI cost a month -> %s", (usd, stage) => {
    expect(stageBySpend(usd)).toBe(stage);
  });
});

describe("every example stack classes as its own stage", () => {
  // [stack, by requests/day, by monthly AI cost]; the advice is the later of the two.
  it.each([
    ["prototype-aws-us-east-1", "prototype", "prototype"],
    ["prototype-gcp-europe-west4", "prototype", "prototype"],
    ["growth-aws-eu-west-1", "growth", "prototype"],
    ["growth-gcp-us-central1", "growth", "prototype"],
    ["scale-aws-us-east-1", "scale", "scale"],
    ["scale-gcp-europe-west4", "scale", "scale"],
    ["enterprise-aws-us-east-1", "enterprise", "scale"],
    ["enterprise-gcp-europe-west4", "enterprise", "scale"],
  ])("%s: by requests %s, by AI cost %s", async (stack, byRequests, bySpend) => {
    const ref = resolveStackArg(stack);
    if (!ref.ok) throw new Error(ref.message);
    const loaded = loadStackFile(ref.file, ref.stack);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const outcome = await planStack(loaded.file);
    const spec = outcome.spec!;
    const cost = costOfPlan(loaded.file, spec, outcome.result.resources);
    const llm = { models: spec.models, selfHosted: spec.selfHosted, cache: spec.cache !== undefined, semanticCache: spec.semanticCache, routing: spec.routing !== undefined };
    const a = advise(spec.stage, llm, spec.traffic, { semanticCache: spec.cloud !== "gcp" });
    expect(spec.stage).toBe(stack.split("-")[0]);
    expect(cost.llm).not.toBeNull();
    expect({ byRequests: a.byRequests, bySpend: a.bySpend, recommended: a.recommended }).toEqual({ byRequests, bySpend, recommended: spec.stage });
  }, 60_000);
});

describe("next-stage savings", () => {
  const perRequest = (500 * 0.15 + 250 * 0.6) / 1e6;

  it("prototype -> growth: the response cache's hits, at the stated hit rate", () => {
    const [cache] = nextStageSavings("prototype", { models: [mini], cache: false, routing: false }, { ...traffic, cacheHitPercent: 30 });
    expect(cache!.capability).toBe("response cache");
    expect(cache!.monthlyUsd).toBeCloseTo(10_000 * month * perRequest * 0.3, 6);
  });

  it("growth -> scale: routing to the cheapest model and batch at half price", () => {
    const strong = { name: "chat", model: "gpt-4o", inputCostPerMillionTokens: 2.5, outputCostPerMillionTokens: 10 };
    const s = nextStageSavings("growth", { models: [strong, { ...mini, name: "small" }], cache: true, routing: false }, { ...traffic, cacheHitPercent: 10, strongPercent: 40, batchPercent: 20 });
    expect(s.map((x) => x.capability)).toEqual(["routing", "batch"]);
    const strongPerRequest = (500 * 2.5 + 250 * 10) / 1e6;
    const misses = 10_000 * month * 0.9;
    expect(s[0]!.monthlyUsd).toBeCloseTo(misses * 0.6 * (strongPerRequest - perRequest), 6);
    expect(s[1]!.monthlyUsd).toBeCloseTo(misses * strongPerRequest * 0.2 * 0.5, 6);
  });
});

describe("what the next stage offers on the stack's cloud", () => {
  const spec = { models: [mini], cache: true, routing: false };
  it("growth -> scale offers the semantic cache where the cloud has it (no measured hit rate)", () => {
    expect(nextStageSavings("growth", spec, traffic).map((x) => x.capability)).toContain("semantic cache");
  });
  it("does not offer the semantic cache where the spec refuses it (GCP)", () => {
    expect(nextStageSavings("growth", spec, traffic, { semanticCache: false }).map((x) => x.capability)).toEqual(["routing", "batch"]);
  });
});

describe("self-hosting break-even", () => {
  it("takes the cheapest machine of the kit's GPU table in the region", () => {
    expect(cheapestGpu("aws", "us-east-1")).toMatchObject({ accelerator: "nvidia-t4", machine: "g4dn.2xlarge", hourlyUsd: 0.752 });
    expect(cheapestGpu("gcp", "us-central1")).toMatchObject({ accelerator: "nvidia-t4", machine: "n1-standard-8" });
    expect(cheapestGpu("aws", "af-south-1")).toBeNull();
  });

  const gpu = { accelerator: "a", machine: "m", gpus: 1, gpuMemoryGiB: 24, hourlyUsd: 1 };

  it("replicas x hours x price + engineering, divided by the hosted cost of a request", () => {
    // hosted: $3,000 a month for 10,000 requests/day -> 3000 / 304,166.67 per request
    const b = breakEven(gpu, 2, 5_000, { monthlyUsd: 3_000, models: [] }, traffic);
    expect(b.selfHostedMonthlyUsd).toBe(2 * 730 + 5_000);
    expect(b.hostedRequestsPerDay).toBe(10_000);
    expect(b.requestsPerDay).toBe(Math.ceil(6_460 / ((3_000 / (10_000 * month)) * month)));
    expect(b.requestsPerDay).toBe(21_534);
    expect(breakEven(gpu, 1, 0, { monthlyUsd: 0, models: [] }, traffic).requestsPerDay).toBeNull();
  });

  // A scale stack routing 40% of cache misses to gpt-4o and the small tier to a self-hosted
  // model (with chat-small-hosted, gpt-4o-mini, as its overflow), 10,000 requests/day, 10% cache hits.
  const strong = { name: "chat-strong", model: "gpt-4o", tier: "strong" as const, inputCostPerMillionTokens: 2.5, outputCostPerMillionTokens: 10 };
  const small = { ...mini, name: "chat-small-hosted", tier: "small" as const };
  const routed = { ...traffic, cacheHitPercent: 10, strongPercent: 40 };
  const stackWith = (minReplicas: number) => ({ models: [strong, small], selfHosted: [{ name: "llama-small", minReplicas, tier: "small" as const }], cache: true, routing: true });

  it("leaves out the small tier the stack already self-hosts", () => {
    // misses 9,000/day; strong 40% = 3,600/day at (500 x 2.5 + 250 x 10) / 1e6 = $0.00375 -> $13.50 a day;
    // the small tier's 5,400/day are on vLLM: hosted requests 10,000 - 5,400 = 4,600/day at
    // 13.50 / 4,600 = $0.0029348 each; break-even 6,460 / (0.0029348 x 365/12) = 72,367.7 -> 72,368.
    // (Counting the self-hosted tier's requests as hosted: 13.50 / 10,000 = $0.00135 -> 157,322.)
    const b = breakEven(gpu, 2, 5_000, llmCost(stackWith(1), routed), routed);
    expect(b.hostedRequestsPerDay).toBeCloseTo(4_600, 9);
    expect(b.hostedUsdPerRequest).toBeCloseTo(13.5 / 4_600, 12);
    expect(b.requestsPerDay).toBe(72_368);
  });

  it("counts the small tier as hosted when the self-hosted model keeps no replica up", () => {
    // every miss on the hosted models: 3,600 x 0.00375 + 5,400 x (500 x 0.15 + 250 x 0.6) / 1e6
    // = 13.50 + 1.215 = $14.715 a day over 10,000 requests; 6,460 / (0.0014715 x 365/12) = 144,331.3 -> 144,332.
    const b = breakEven(gpu, 2, 5_000, llmCost(stackWith(0), routed), routed);
    expect(b.hostedRequestsPerDay).toBe(10_000);
    expect(b.requestsPerDay).toBe(144_332);
  });
});

describe("npm run advise", () => {
  const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
  const run = (args: string[]) => spawnSync(tsx, [path.join(repoRoot, "cli", "advise.ts"), ...args], { cwd: repoRoot, encoding: "utf8" });

  it("prints the stage, the next stage's savings and the break-even for an example stack", () => {
    const r = run(["prototype-aws-us-east-1", "--engineering-usd-per-month", "8000", "--replicas", "1"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("stage by requests/day: prototype; by monthly AI spend: prototype -> the thresholds say prototype (as configured)");
    expect(r.stdout).toMatch(/^ {4}response cache: saves \$\d+\.\d\d\/month$/m);
    expect(r.stdout).toContain("1 x g4dn.2xlarge (nvidia-t4, 16 GiB)");
    // 0.752 x 730 = 548.96
    expect(r.stdout).toContain("    $548.96/month + engineering $8,000.00/month");
    expect(r.stdout).toContain("now 800 requests/day on the hosted models: the hosted API costs less");
    for (const line of r.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(120);
  }, 60_000);

  const dir = mkdtempSync(path.join(tmpdir(), "ai-infra-advise-"));
  const noTraffic = path.join(dir, "Pulumi.no-traffic.yaml");
  writeFileSync(noTraffic, readFileSync(path.join(stacksDir, "Pulumi.prototype-aws-us-east-1.yaml"), "utf8").replace(/ {2}ai-infra:traffic:\n( {4}.*\n)+/, ""));

  it.each([
    [[], "name one stack"],
    [["nope"], "unknown stack 'nope'"],
    [["prototype-aws-us-east-1", "--engineering-usd-per-month", "lots"], '--engineering-usd-per-month: must be a number of at least 0, e.g. 8000 (given: "lots")'],
    [["prototype-aws-us-east-1", "--engineering-usd-per-month", "-5"], "--engineering-usd-per-month: must be a number of at least 0"],
    [["prototype-aws-us-east-1", "--replicas", "1.5"], '--replicas: must be a whole number of at least 1, e.g. 2 (given: "1.5")'],
    [["prototype-aws-us-east-1", "--replicas"], "--replicas needs a value"],
    [["prototype-aws-us-east-1", "--gpu", "x"], "unknown option --gpu"],
    [[noTraffic], "no-traffic states no traffic profile (ai-infra:traffic"],
  ])("%j: exit 1 and says what is wrong", (args, message) => {
    const r = run(args as string[]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });
});
