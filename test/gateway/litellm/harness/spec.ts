import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { deepMerge } from "../../../../components/config/presets";
import { type Stack, SpecValidationError, parseStack } from "../../../../components/config";
import { repoRoot } from "./processes";

export const GROWTH_STACK = "growth-aws-eu-west-1";

/** Fake provider key; the fakes accept anything, the point is that the config reads it from env. */
export const FAKE_PROVIDER_KEY = "sk-local-fake-provider-key";

/** The growth example stack's `ai-infra:*` settings as written (secure leaves replaced). */
export function growthStackRaw(): Record<string, unknown> {
  const file = path.join(repoRoot, "stacks", `Pulumi.${GROWTH_STACK}.yaml`);
  const doc = parse(readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc.config)) if (k.startsWith("ai-infra:")) raw[k.slice("ai-infra:".length)] = unsecure(v);
  return raw;
}

// `secure:` leaves are passphrase-provider ciphertext; a test has no passphrase and needs none.
function unsecure(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unsecure);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o.secure === "string") return FAKE_PROVIDER_KEY;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unsecure(x)]));
  }
  return v;
}

export interface FakeEndpoints {
  primary: string;
  fallback: string;
  cheap: string;
  strong: string;
}

/**
 * The spec the integration tests deploy: the growth example stack with only what a loopback run
 * needs changed. Kept exactly as the stack has them: model group names, rpm/tpm, prices,
 * fallbacks, cache TTL, retries, allowed fails and cooldown. Overridden (and why):
 *  - `providers.openai-eu.apiBase` → the primary fake (no provider is reachable from here), each
 *    fake declared in the stack's jurisdiction (`dataJurisdiction`);
 *  - `providers.bedrock-eu` → kind `openai-compatible` at the fallback fake: Bedrock's API is
 *    SigV4-signed and not OpenAI-shaped, and no Bedrock stand-in runs on loopback; the fallback
 *    path (groups, order, retries) is what is under test, not the Bedrock client;
 *  - `providerKeys` → a fake key for each provider (openai-compatible needs one);
 *  - `gateway.timeoutSeconds` 60 → 3, so "upstream hangs" costs seconds, not minutes;
 *  - two model groups added, `chat-small` (tier small) and `chat-strong` (tier strong), on their
 *    own fakes: the growth stack has no tiers yet, and routing must be shown per group.
 * `extra` is merged last (objects key by key, lists replace), and `modelOverrides` patch a model
 * group's entry by name, for a test's own variant (each such variant says why).
 */
export function testSpec(
  fakes: FakeEndpoints,
  extra: Record<string, unknown> = {},
  modelOverrides: Record<string, Record<string, unknown>> = {},
): Stack {
  const raw = growthStackRaw();
  const models = (raw.models as Record<string, unknown>[]).map((m) => ({ ...m, ...modelOverrides[m.name as string] }));
  const local: Record<string, unknown> = {
    // The fakes run on loopback, a host the residency table does not know: each declares the
    // stack's jurisdiction, as a user would for an endpoint of their own.
    providers: {
      "openai-eu": { kind: "openai", apiBase: fakes.primary, dataJurisdiction: "eu" },
      "bedrock-eu": { kind: "openai-compatible", apiBase: fakes.fallback, dataJurisdiction: "eu" },
      cheap: { kind: "openai-compatible", apiBase: fakes.cheap, dataJurisdiction: "eu" },
      strong: { kind: "openai-compatible", apiBase: fakes.strong, dataJurisdiction: "eu" },
    },
    providerKeys: { "openai-eu": FAKE_PROVIDER_KEY, "bedrock-eu": FAKE_PROVIDER_KEY, cheap: FAKE_PROVIDER_KEY, strong: FAKE_PROVIDER_KEY },
    models: [
      ...models,
      { name: "chat-small", provider: "cheap", model: "small-model", tier: "small", inputCostPerMillionTokens: 0.1, outputCostPerMillionTokens: 0.4 },
      { name: "chat-strong", provider: "strong", model: "strong-model", tier: "strong", inputCostPerMillionTokens: 2.5, outputCostPerMillionTokens: 10 },
    ],
    gateway: { timeoutSeconds: 3 },
  };
  // Providers replace whole (not merge), so the Bedrock `region` does not linger on the fake.
  const merged = deepMerge({ ...raw, providers: undefined }, local) as Record<string, unknown>;
  const final = deepMerge(merged, extra) as Record<string, unknown>;
  const result = parseStack(final, { project: "ai-infra", stack: GROWTH_STACK, secretKeys: new Set(["providerKeys"]) });
  if (!result.ok) throw new SpecValidationError(result.errors);
  return result.stack;
}
