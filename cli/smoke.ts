// One smoke test of a stack's request path, against `npm run local` or a real deployment:
//
//   npm run smoke -- --url <api url> --key <api key> [--model chat] [--stream]
//                    [--log-bucket <bucket> [--s3-endpoint <url>] [--log-region <region>] [--log-prefix requests] [--log-wait 30]]
//                    [--key-header x-api-key] [--timeout 30] [--prompts <corpus.json>]
//
// One line per check; exit 0 only when every check passes, 1 when one fails, 2 on bad arguments.
// The request-log check reads the bucket with the standard AWS credential chain (on GCP: an HMAC
// key of a reader and --s3-endpoint https://storage.googleapis.com).
import { type CommandSpec, commandArgs, usageError } from "./lib/args";
import { runMain } from "./lib/main";
import { loadPromptCorpus } from "./lib/prompt-corpus";
import { runSmoke } from "./lib/smoke";

export const cli: CommandSpec = {
  usage:
    "usage: npm run smoke -- --url <api url> --key <api key> [--model <group>] [--stream] [--log-bucket <bucket> [--s3-endpoint <url>] [--log-region <r>] [--log-prefix <p>] [--log-wait <s>]] [--key-header <h>] [--timeout <s>] [--prompts <corpus.json>]",
  booleans: ["stream"],
  values: ["url", "key", "model", "log-bucket", "s3-endpoint", "log-region", "log-prefix", "key-header", "timeout", "log-wait", "prompts"],
  errorCode: 2,
};

async function main(argv: string[]): Promise<number> {
  const args = commandArgs(argv, cli);
  if (typeof args === "number") return args;
  const { flags, values, positional } = args;
  const one = (k: string) => values[k]?.at(-1);
  const url = one("url");
  const key = one("key");
  if (!url || !key || positional.length > 0) return usageError(cli, "--url and --key are required");
  try {
    new URL(url);
  } catch {
    process.stderr.write(`--url is not a URL: ${url}\n`);
    return 2;
  }
  const timeout = Number(one("timeout") ?? 30);
  if (!(timeout > 0 && timeout <= 900)) {
    process.stderr.write(`--timeout must be 1-900 seconds\n`);
    return 2;
  }
  const bucket = one("log-bucket");
  const corpus = one("prompts");
  let prompts: ReturnType<typeof loadPromptCorpus> | undefined;
  try {
    prompts = corpus ? loadPromptCorpus(corpus) : undefined;
  } catch (e) {
    process.stderr.write(`--prompts: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const results = await runSmoke({
    ...(prompts ? { prompts } : {}),
    url,
    key,
    model: one("model") ?? "chat",
    stream: flags.stream === true,
    keyHeader: one("key-header") ?? "x-api-key",
    timeoutMs: timeout * 1000,
    ...(bucket
      ? {
          log: {
            bucket,
            ...(one("s3-endpoint") ? { endpoint: one("s3-endpoint")! } : {}),
            region: one("log-region") ?? process.env.AWS_REGION ?? "us-east-1",
            prefix: one("log-prefix") ?? "requests",
            waitMs: Number(one("log-wait") ?? 30) * 1000,
          },
        }
      : {}),
  });
  for (const r of results) process.stdout.write(`${r.ok ? "PASS" : "FAIL"}  ${r.name}: ${r.detail}\n`);
  const failed = results.filter((r) => !r.ok).length;
  process.stdout.write(failed === 0 ? `smoke: all ${results.length} checks passed\n` : `smoke: ${failed} of ${results.length} checks failed\n`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) runMain(main, "smoke", 1, { exit: true });
