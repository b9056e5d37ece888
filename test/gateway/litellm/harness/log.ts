import type { TestS3 } from "./moto";
import { sleep } from "./processes";

/** The fields of LiteLLM's StandardLoggingPayload the tests read. */
export interface LogRecord {
  key: string;
  status: "success" | "failure";
  model_group: string;
  model: string;
  cache_hit: boolean | null;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  response_cost: number;
  prompt: string;
  litellm_call_id: string;
  error_str?: string;
}

export async function readLog(s3: TestS3): Promise<LogRecord[]> {
  return (await s3.readAll()).map(({ key, body }) => {
    const b = body as Record<string, any>;
    return {
      key,
      status: b.status,
      model_group: b.model_group,
      model: b.model,
      cache_hit: b.cache_hit,
      prompt_tokens: b.prompt_tokens,
      completion_tokens: b.completion_tokens,
      total_tokens: b.total_tokens,
      response_cost: b.response_cost,
      prompt: String(b.messages?.at?.(-1)?.content ?? ""),
      litellm_call_id: b.litellm_call_id,
      error_str: b.error_str,
    };
  });
}

/** Reads the log until `done` holds (the logger uploads in batches) or the time is up. */
export async function readLogUntil(s3: TestS3, done: (records: LogRecord[]) => boolean, timeoutMs = 20_000): Promise<LogRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await readLog(s3);
    if (done(records) || Date.now() > deadline) return records;
    await sleep(500);
  }
}
