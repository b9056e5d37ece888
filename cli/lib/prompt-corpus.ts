import * as fs from "node:fs";

/** One prompt of a corpus file: `prompt` repeated `repeat` times (default once). */
export interface CorpusPrompt {
  id: string;
  kind: string;
  text: string;
}

/**
 * Reads a prompt corpus (`{ prompts: [{ id, kind, prompt, repeat? }] }`, e.g.
 * test/aws/fixtures/waf-prompts.json). A malformed entry is an error naming its index.
 */
export function loadPromptCorpus(file: string): CorpusPrompt[] {
  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as { prompts?: unknown };
  if (!Array.isArray(doc.prompts)) throw new Error(`${file}: expected { "prompts": [...] }`);
  return doc.prompts.map((p: unknown, i: number) => {
    const e = p as { id?: unknown; kind?: unknown; prompt?: unknown; repeat?: unknown };
    if (typeof e.id !== "string" || typeof e.kind !== "string" || typeof e.prompt !== "string") {
      throw new Error(`${file}: prompts[${i}] needs string id, kind and prompt`);
    }
    const repeat = e.repeat === undefined ? 1 : e.repeat;
    if (typeof repeat !== "number" || !Number.isInteger(repeat) || repeat < 1 || repeat > 10_000) {
      throw new Error(`${file}: prompts[${i}].repeat must be an integer 1-10000`);
    }
    return { id: e.id, kind: e.kind, text: e.prompt.repeat(repeat) };
  });
}
