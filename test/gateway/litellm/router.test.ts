import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tierGroup } from "../../../components/config";
import { renderGatewayConfig } from "../../../components/gateway/render";
import { exampleSpec, scaleStacks } from "../../helpers/scale";

/**
 * The routing tiers as the real LiteLLM (the pinned release in .tools/venv-litellm, installed by
 * scripts/setup/40-litellm.sh) applies them: the rendered router entry goes into LiteLLM's own
 * complexity router, and each prompt's chosen model group is compared with the spec's rules —
 * a strong keyword or a prompt longer than `strongAboveChars` goes to the strong tier, anything
 * else (including code and "reasoning" wording the router's default heuristics would escalate)
 * to the small tier.
 */
const python = path.resolve(__dirname, "..", "..", "..", ".tools", "venv-litellm", "bin", "python");
const script = path.join(__dirname, "route.py");

function route(params: unknown, prompts: string[]): string[] {
  const out = execFileSync(python, [script], {
    input: JSON.stringify({ params, prompts }),
    encoding: "utf8",
    // The price map is bundled; without this LiteLLM spends seconds trying the network first.
    env: { ...process.env, LITELLM_LOCAL_MODEL_COST_MAP: "True" },
    stdio: ["pipe", "pipe", "pipe"],
    timeout: 120_000,
  });
  return JSON.parse(out.trim().split("\n").at(-1)!).models;
}

describe("routing tiers through LiteLLM's own router", () => {
  it("has the pinned LiteLLM from scripts/setup/40-litellm.sh", () => {
    expect(existsSync(python), `${python} missing: run bash scripts/setup/40-litellm.sh`).toBe(true);
  });

  it.each(scaleStacks)("%s: keywords and length pick the strong tier, everything else the small one", (stack) => {
    const spec = exampleSpec(stack);
    const routing = spec.routing!;
    const config = parse(renderGatewayConfig(spec));
    const router = config.model_list.find((e: { model_name: string }) => e.model_name === routing.routerGroup);
    const small = tierGroup(spec, "small")!;
    const strong = tierGroup(spec, "strong")!;
    const limit = routing.strongAboveChars;
    const cases: [string, string][] = [
      ["What is the capital of France?", small],
      ["hi", small],
      // Code and multi-step wording: the router's default heuristics would escalate these; the
      // kit's rules do not, so they stay small.
      ["def add(a, b):\n    return a + b\n# why does this function fail with strings? first check the types, then fix it", small],
      ["a".repeat(limit), small],
      ["a".repeat(limit + 4), strong],
      ...routing.strongKeywords.map((k): [string, string] => [`Could you ${k} the attached notes for me?`, strong]),
      ...routing.strongKeywords.map((k): [string, string] => [`${k.toUpperCase()} THIS PLEASE`, strong]),
    ];
    expect(route(router.litellm_params, cases.map(([p]) => p))).toEqual(cases.map(([, m]) => m));
  });
});
