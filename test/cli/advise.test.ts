// The stage advisor: thresholds, next-stage savings and the self-hosting break-even as pure
// functions with hand-computed figures; the CLI's output and its errors for bad arguments.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { breakEven, cheapestGpu, nextStageSavings, stageByRequests, stageBySpend } from "../../components/cost/advice";
import { repoRoot, stacksDir } from "../../planner/stack-file";

const traffic = { requestsPerDay: 10_000, inputTokensPerRequest: 500, outputTokensPerRequest: 250 };
const mini = { name: "chat", model: "gpt-4o-mini", inputCostPerMillionTokens: 0.15, outputCostPerMillionTokens: 0.6 };
const month = 365 / 12;

describe("stage thresholds", () => {
  it.each([
    [999, "prototype"],
    [1_000, "growth"],
    [99_999, "growth"],
    [100_000, "scale"],
    [1_000_000, "enterprise"],
  ])("%i requests/day -> %s", (n, stage) => {
    expect(stageByRequests(n)).toBe(stage);
  });

  it.each([
    [200, "prototype"],
    [200.01, "growth"],
    [2_000, "growth"],
    [20_000, "scale"],
    [20_000.01, "enterprise"],
  ])("$%d of AI spend a month -> %s (each stage's preset budget)", (usd, stage) => {
    expect(stageBySpend(usd)).toBe(stage);
  });
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

  it("replicas x hours x price + engineering, divided by the hosted cost of a request", () => {
    const gpu = { accelerator: "a", machine: "m", gpus: 1, gpuMemoryGiB: 24, hourlyUsd: 1 };
    // hosted: $3,000 a month for 10,000 requests/day -> 3000 / 304,166.67 per request
    const b = breakEven(gpu, 2, 5_000, 3_000, traffic);
    expect(b.selfHostedMonthlyUsd).toBe(2 * 730 + 5_000);
    expect(b.requestsPerDay).toBe(Math.ceil(6_460 / ((3_000 / (10_000 * month)) * month)));
    expect(b.requestsPerDay).toBe(21_534);
    expect(breakEven(gpu, 1, 0, 0, traffic).requestsPerDay).toBeNull();
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
    expect(r.stdout).toContain("now 800 requests/day: the hosted API costs less");
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
