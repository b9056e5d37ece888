// The stack's request path on this machine, from its plan:
//
//   npm run local -- <stack name | path to a stack config file> [--json] [--port <n>]
//
// Plans the stack in-process (the offline planner), then starts on loopback what the plan
// configures: the pinned LiteLLM with the planned config object, environment and secrets; Redis
// with TLS/AUTH when the stack has a cache; moto's S3/SQS for the buckets and queues; the worker
// (AWS); fake providers and a fake vLLM; and the front door, emulated from the plan's own API
// definition. Runs until Ctrl-C / SIGTERM, then stops everything and removes its temp files.
// Exit 1: invalid stack (the planner's errors) or bad arguments; 3: a start-up failure (one line).
import { type CommandSpec, commandArgs, usageError } from "./lib/args";
import { runMain } from "./lib/main";
import { InvalidStackError, type LocalRun, startLocal } from "./lib/local/run";
import { LocalStartError } from "./lib/local/processes";
import { loadStackFile, resolveStackArg } from "../planner/stack-file";

export const cli: CommandSpec = { usage: "usage: npm run local -- <stack name | path to a stack config file> [--json] [--port <n>]", booleans: ["json"], values: ["port"] };

export function describe(r: LocalRun): string {
  const lines = [
    `${r.stack} (${r.stage}, ${r.cloud}) runs locally; started in ${(r.startupMs / 1000).toFixed(1)} s`,
    "",
    `  API URL   ${r.url}`,
    ...Object.entries(r.apiKeys).map(([name, v]) => `  API key   ${v}   (${name}; send it as ${r.keyHeader === "authorization" ? "Authorization: Bearer <key>" : "x-api-key"})`),
    `  model     ${r.model}`,
    "",
    "started:",
    ...r.started.map((s) => `  - ${s}`),
    ...(r.notStarted.length ? ["not started:", ...r.notStarted.map((s) => `  - ${s}`)] : []),
    "planned value → local value:",
    ...r.mappings.map((m) => `  - ${m.planned} → ${m.local}  (${m.why})`),
    "not modelled by this local run:",
    ...r.notModelled.map((s) => `  - ${s}`),
    ...(r.keys ? ["", `keys: npm run keys -- ${r.stack} <create|list|rotate|revoke|sync> --local  (${r.keys.note})`] : []),
    "",
    `smoke test: ${r.logBucket ? "AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing " : ""}npm run smoke -- --url ${r.url} --key ${Object.values(r.apiKeys)[0] ?? "<key>"}${r.keyHeader === "authorization" ? " --key-header authorization" : ""} --model ${r.model} --stream${r.logBucket ? ` --log-bucket ${r.logBucket} --s3-endpoint ${r.s3Endpoint}` : ""}`,
    "Ctrl-C stops everything.",
  ];
  return lines.join("\n");
}

export function endpoints(r: LocalRun): Record<string, unknown> {
  return {
    stack: r.stack,
    cloud: r.cloud,
    stage: r.stage,
    url: r.url,
    apiKeys: r.apiKeys,
    keyHeader: r.keyHeader,
    model: r.model,
    gatewayUrl: r.gatewayUrl,
    logBucket: r.logBucket ?? null,
    s3Endpoint: r.s3Endpoint ?? null,
    startupMs: r.startupMs,
    started: r.started,
    notStarted: r.notStarted,
    mappings: r.mappings,
    notModelled: r.notModelled,
    keys: r.keys ?? null,
  };
}

async function main(argv: string[]): Promise<number> {
  const args = commandArgs(argv, cli);
  if (typeof args === "number") return args;
  const { positional, flags, values } = args;
  if (positional.length !== 1) return usageError(cli, "one stack");
  const port = values.port?.[0] !== undefined ? Number(values.port[0]) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    process.stderr.write(`--port must be 1-65535, got ${values.port![0]}\n`);
    return 1;
  }
  const ref = resolveStackArg(positional[0]);
  if (!ref.ok) {
    process.stderr.write(`${ref.message}\n`);
    return 1;
  }
  const loaded = loadStackFile(ref.file, ref.stack);
  if (!loaded.ok) {
    for (const e of loaded.errors) process.stderr.write(`${e.path ? `${e.path}: ` : ""}${e.message}\n`);
    return 1;
  }
  let run: LocalRun;
  try {
    run = await startLocal(loaded.file, { ...(port !== undefined ? { port } : {}), log: (l) => !flags.json && process.stderr.write(`${l}\n`) });
  } catch (e) {
    if (e instanceof InvalidStackError) {
      process.stderr.write(`invalid stack ${ref.stack}; nothing started:\n${e.errors.map((x) => `  ${x.path}: ${x.message}`).join("\n")}\n`);
      return 1;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`local run failed: ${msg.split("\n")[0]}${e instanceof LocalStartError ? "" : " (unexpected)"}; everything started was stopped\n`);
    return 3;
  }
  process.stdout.write(flags.json ? `${JSON.stringify(endpoints(run))}\n` : `${describe(run)}\n`);
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  await run.stop();
  if (!flags.json) process.stderr.write("stopped\n");
  return 0;
}

if (require.main === module) runMain(main, "local run", 3, { exit: true });
