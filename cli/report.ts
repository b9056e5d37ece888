// Prompt A/B report: per template variant, from the gateway's request log (a bucket, or a copy of
// it on disk): requests, tokens, cost, latency p50/p95, error and cache hit rates, token saving
// against the control and the sample size the difference needs (method: cli/lib/report/prompt-ab.ts).
//
//   npm run report -- <stack> (--dir <folder> | --bucket <name> [--prefix requests] [--region <r>] [--endpoint <url>]) [--json]
//
// Exit codes: 0 report printed; 1 bad arguments or unknown stack; 2 the log could not be read.
import { type CommandSpec, commandArgs } from "./lib/args";
import { runMain } from "./lib/main";
import { type LogLine, type VariantRow, promptAbReport } from "./lib/report/prompt-ab";
import { readBucketLog, readDirLog } from "./lib/report/request-log";
import { loadStackFile, projectName, resolveStackArg } from "../planner/stack-file";

export const cli: CommandSpec = {
  usage: "usage: npm run report -- <stack> (--dir <folder> | --bucket <name> [--prefix requests] [--region <region>] [--endpoint <url>]) [--json]",
  booleans: ["json"],
  values: ["dir", "bucket", "prefix", "region", "endpoint"],
};
const usage = cli.usage;

/** Each template's control: the first variant the stack's spec lists (`control` without variants). */
export function controlsOf(prompts: unknown): Record<string, string> {
  const templates = (prompts as { templates?: Record<string, { variants?: Record<string, number> }> } | undefined)?.templates ?? {};
  return Object.fromEntries(Object.entries(templates).map(([id, t]) => [id, Object.keys(t.variants ?? {})[0] ?? "control"]));
}

const pct = (x: number | null) => (x === null ? "-" : `${(x * 100).toFixed(1)}%`);
const ms = (x: number | null) => (x === null ? "-" : `${x.toFixed(0)} ms`);

export function renderReport(rows: readonly VariantRow[]): string {
  if (rows.length === 0) return "No templated requests in the log.\n";
  const head = ["template", "v", "variant", "requests", "input tok", "output tok", "cost USD", "p50", "p95", "errors", "cache hits", "saving", "n needed"];
  const body = rows.map((r) => [
    r.template,
    String(r.version),
    r.control ? `${r.variant} (control)` : r.variant,
    String(r.requests),
    String(r.inputTokens),
    String(r.outputTokens),
    r.costUsd.toFixed(6),
    ms(r.latencyP50Ms),
    ms(r.latencyP95Ms),
    pct(r.errorRate),
    pct(r.cacheHitRate),
    pct(r.tokenSavingVsControl),
    r.sampleSizeNeeded === null ? "-" : `${r.sampleSizeNeeded}${r.trusted ? " (met)" : ""}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [
    line(head),
    ...body.map(line),
    "",
    "saving: 1 - mean input tokens per model-answered request / the control's. n needed: model-answered requests per variant",
    "for that difference to be trusted (two-sample means, Welch variances, two-sided alpha 0.05, power 0.8); (met) when both have it.",
    "",
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const fail = (message: string, code = 1) => {
    process.stderr.write(`${message}\n`);
    return code;
  };
  const args = commandArgs(argv, cli);
  if (typeof args === "number") return args;
  const { positional, flags, values } = args;
  if (positional.length !== 1) return fail(`name one stack; ${usage}`);
  const dir = values.dir?.at(-1);
  const bucket = values.bucket?.at(-1);
  if ((dir === undefined) === (bucket === undefined)) return fail(`give exactly one of --dir, --bucket; ${usage}`);
  const ref = resolveStackArg(positional[0]);
  if (!ref.ok) return fail(ref.message);
  const loaded = loadStackFile(ref.file, ref.stack);
  if (!loaded.ok) return fail(loaded.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  const config = loaded.file.config;
  const region = values.region?.at(-1) ?? (config[`${projectName}:regions`] as string[] | undefined)?.[0] ?? "us-east-1";
  let lines: LogLine[];
  try {
    lines = dir !== undefined ? readDirLog(dir) : await readBucketLog({ bucket: bucket!, prefix: values.prefix?.at(-1) ?? "requests", region, endpoint: values.endpoint?.at(-1) });
  } catch (e) {
    return fail(`could not read the request log: ${(e as Error).message}`, 2);
  }
  const rows = promptAbReport(lines, controlsOf(config[`${projectName}:prompts`]));
  process.stdout.write(flags.json ? `${JSON.stringify({ stack: ref.stack, variants: rows })}\n` : renderReport(rows));
  return 0;
}

if (require.main === module) runMain(main, "report", 2, { exit: true });
