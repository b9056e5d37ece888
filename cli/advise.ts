// Stage advisor: from the stack's traffic profile and the cost model, the stage the stage
// table's thresholds put it in, what the next stage's capabilities would save, and the self-hosting
// break-even on the cheapest GPU of the kit's GPU table.
//
//   npm run advise -- <stack name | path to a stack config file> [--engineering-usd-per-month <usd>] [--replicas <n>] [--json]
//
// Exit codes: 0 advice given; 1 bad arguments, unknown stack, invalid config or no traffic
// profile; 4 the program failed under the mock runtime. See cli/README.md.
import { type BreakEven, advise, breakEven, cheapestGpu } from "../components/cost/advice";
import { type DedicatedAdvice, dedicatedAdvice } from "../components/cost/dedicated";
import type { LlmSpec } from "../components/cost/llm";
import type { StackCost } from "../components/cost/model";
import type { Stage } from "../components/config/schema";
import { type CommandSpec, commandArgs, usageError } from "./lib/args";
import { runMain } from "./lib/main";
import { costOfPlan } from "../planner/cost";
import { exitCodes, planStack } from "../planner/plan";
import { withStage } from "../planner/promote";
import { fit, usd } from "../planner/render";
import { loadStackFile, projectName, resolveStackArg } from "../planner/stack-file";

export const cli: CommandSpec = {
  usage: "usage: npm run advise -- <stack name | path to a stack config file> [--engineering-usd-per-month <usd>] [--replicas <n>] [--json]",
  booleans: ["json"],
  values: ["engineering-usd-per-month", "replicas"],
  errorCode: exitCodes.invalidConfig,
};

function number(flag: string, raw: string | undefined, fallback: number, rule: { integer?: boolean; min: number; example: string }): number | string {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < rule.min || (rule.integer && !Number.isInteger(n))) {
    return `--${flag}: must be ${rule.integer ? "a whole number" : "a number"} of at least ${rule.min}, e.g. ${rule.example} (given: ${JSON.stringify(raw)})`;
  }
  return n;
}

async function main(argv: string[]): Promise<number> {
  const args = commandArgs(argv, cli);
  if (typeof args === "number") return args;
  const { positional, flags, values } = args;
  const fail = (message: string, code: number = exitCodes.invalidConfig) => {
    process.stderr.write(`${message}\n`);
    return code;
  };
  if (positional.length !== 1) return usageError(cli, "name one stack");
  const engineering = number("engineering-usd-per-month", values["engineering-usd-per-month"]?.at(-1), 0, { min: 0, example: "8000" });
  if (typeof engineering === "string") return fail(engineering);
  const replicas = number("replicas", values.replicas?.at(-1), 2, { integer: true, min: 1, example: "2" });
  if (typeof replicas === "string") return fail(replicas);

  const ref = resolveStackArg(positional[0]);
  if (!ref.ok) return fail(ref.message);
  const loaded = loadStackFile(ref.file, ref.stack);
  if (!loaded.ok) return fail(loaded.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  if (loaded.file.config[`${projectName}:traffic`] === undefined) {
    return fail(`${ref.stack} states no traffic profile (ai-infra:traffic: requestsPerDay, inputTokensPerRequest, outputTokensPerRequest): the advisor needs it`);
  }
  const outcome = await planStack(loaded.file);
  if (!outcome.spec || outcome.exitCode === exitCodes.invalidConfig || outcome.exitCode === exitCodes.programError) {
    return fail(outcome.result.errors.map((e) => `${e.path}: ${e.message}`).join("\n"), outcome.exitCode);
  }
  const spec = outcome.spec;
  const cost = costOfPlan(loaded.file, spec, outcome.result.resources);
  const llmSpec: LlmSpec = { models: spec.models, selfHosted: spec.selfHosted, cache: spec.cache !== undefined, semanticCache: spec.semanticCache, routing: spec.routing !== undefined };
  const advice = advise(spec.stage, llmSpec, spec.traffic, { semanticCache: spec.cloud !== "gcp" });

  // The next stage's infrastructure, planned: what its capabilities cost at rest.
  let nextCost: StackCost | null = null;
  let nextProblem: string | null = null;
  if (advice.next) {
    const next = await planStack(withStage(loaded.file, advice.next as Stage));
    if (next.spec && (next.exitCode === exitCodes.ok || next.exitCode === exitCodes.policy)) nextCost = costOfPlan(loaded.file, next.spec, next.result.resources);
    else nextProblem = next.result.errors.map((e) => `${e.path}: ${e.message}`).join("; ");
  }
  const gpu = cheapestGpu(spec.cloud, spec.primaryRegion);
  const even: BreakEven | null = gpu ? breakEven(gpu, replicas, engineering, cost.llm ?? { monthlyUsd: 0, models: [] }, spec.traffic) : null;
  const dedicated = dedicatedAdvice(spec.dedicated ?? [], spec.models, cost.llm ?? { models: [] }, spec.traffic, gpu, replicas, engineering);

  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ stack: ref.stack, cost: { fixedMonthlyUsd: cost.fixedMonthlyUsd, usageMonthlyUsd: cost.usageMonthlyUsd, llmMonthlyUsd: cost.llmMonthlyUsd }, ...advice, next: advice.next ? { stage: advice.next, fixedMonthlyUsd: nextCost?.fixedMonthlyUsd ?? null, problem: nextProblem } : null, breakEven: even, dedicated })}\n`,
    );
    return exitCodes.ok;
  }
  const t = spec.traffic;
  const lines = [
    `Advice for ${ref.stack} (stage ${spec.stage}, ${spec.cloud} ${spec.primaryRegion})`,
    `  traffic: ${t.requestsPerDay.toLocaleString("en-US")} requests/day; hosted LLM ${usd(cost.llmMonthlyUsd)}/month; infrastructure ${usd(cost.fixedMonthlyUsd + cost.usageMonthlyUsd)}/month`,
    `  stage by requests/day: ${advice.byRequests}; by monthly AI spend: ${advice.bySpend} -> the thresholds say ${advice.recommended}` +
      (advice.recommended === spec.stage ? " (as configured)" : ` (configured: ${spec.stage})`),
  ];
  if (advice.next) {
    lines.push(`  next stage ${advice.next}:` + (nextCost ? ` infrastructure at rest ${usd(cost.fixedMonthlyUsd)} -> ${usd(nextCost.fixedMonthlyUsd)}/month` : " not planned here, the stack lacks its settings:"));
    if (!nextCost) for (const p of (nextProblem ?? "").split("; ")) lines.push(fit(`    ${p}`));
    for (const s of advice.savings) lines.push(`    ${s.capability}: saves ${usd(Math.max(0, s.monthlyUsd))}/month`, fit(`      ${s.how}`));
    if (advice.savings.length === 0) lines.push("    self-hosted first with API overflow: see the break-even below");
  } else {
    lines.push("  no later stage");
  }
  if (even) {
    lines.push(
      fit(`  self-hosting on the cheapest GPU of the kit's table: ${even.replicas} x ${even.gpu.machine} (${even.gpu.accelerator}, ${even.gpu.gpuMemoryGiB} GiB)`),
      `    ${usd(even.selfHostedMonthlyUsd - even.engineeringUsdPerMonth)}/month + engineering ${usd(even.engineeringUsdPerMonth)}/month` + (values["engineering-usd-per-month"] ? "" : " (not stated: --engineering-usd-per-month)"),
      even.requestsPerDay === null
        ? "    the hosted models cost nothing per request here: no break-even"
        : fit(`    break-even at ${even.requestsPerDay.toLocaleString("en-US")} hosted requests/day, the hosted models costing ${usd(even.hostedUsdPerRequest * 1000)} per 1K requests`),
      ...(even.requestsPerDay === null
        ? []
        : [
            fit(
              `    now ${Math.round(even.hostedRequestsPerDay).toLocaleString("en-US")} requests/day on the hosted models` +
                (even.hostedRequestsPerDay < t.requestsPerDay ? ` (the rest already self-hosted)` : "") +
                `: ${even.hostedRequestsPerDay >= even.requestsPerDay ? "self-hosting costs less" : "the hosted API costs less"}`,
            ),
          ]),
      "    not checked: whether the GPUs can serve that many requests, whether the model fits in their memory,",
      "    and that a self-hosted model answers every request the hosted models answer today",
    );
  } else {
    lines.push(`  self-hosting: no GPU of the kit's table is offered in ${spec.primaryRegion}`);
  }
  lines.push(...dedicatedLines(dedicated));
  for (const n of cost.notes.filter((x) => x.includes("assumed"))) lines.push(fit(`  note: ${n}`));
  process.stdout.write(`${lines.join("\n")}\n`);
  return exitCodes.ok;
}

/** The dedicated capacity's cost and break-evens (`dedicatedAdvice`), a few lines per entry. */
function dedicatedLines(list: readonly DedicatedAdvice[]): string[] {
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  return list.flatMap((d) => [
    `  dedicated capacity for ${d.group}: ${usd(d.monthlyUsd)}/month` + (d.termMonths > 0 ? ` (${d.termMonths}-month term: ${usd(d.committedUsd)} committed, billed even if removed)` : " (no term)"),
    ...(d.breakEvenVsOnDemand === null
      ? ["    the group's on-demand models cost nothing per request here: no break-even"]
      : [
          `    vs on-demand (${usd(d.onDemandUsdPerRequest * 1000)} per 1K requests): pays off above ${n(d.breakEvenVsOnDemand)} requests/day to the group`,
          `      now ${n(d.requestsPerDay)} requests/day: ${d.requestsPerDay >= d.breakEvenVsOnDemand ? "dedicated costs less" : "on-demand costs less"}`,
        ]),
    ...(d.selfHosted
      ? [
          `    vs self-hosting: ${usd(d.selfHosted.monthlyUsd)}/month, itself paying off above ${d.selfHosted.breakEvenVsOnDemand === null ? "n/a" : n(d.selfHosted.breakEvenVsOnDemand)} requests/day`,
          `      ${d.monthlyUsd <= d.selfHosted.monthlyUsd ? `dedicated costs ${usd(d.selfHosted.monthlyUsd - d.monthlyUsd)}/month less` : `self-hosting costs ${usd(d.monthlyUsd - d.selfHosted.monthlyUsd)}/month less`} at any volume both can serve`,
        ]
      : []),
    "    not checked: how many requests a day the capacity serves (the model units' or replicas' throughput)",
  ]);
}

if (require.main === module) runMain(main, "advise", exitCodes.programError);
