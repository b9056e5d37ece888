// What the tests of `npm run new` (planner/new-stack.ts, cli/new.ts) share: generating a stack,
// reading it as the planner does, running the command, the values a user types for the printed
// placeholders, and planning the result with the policy packs.
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import * as path from "node:path";
import { expect } from "vitest";
import { type NewStack, type NewStackRequest, newStack } from "../../planner/new-stack";
import { type PlanOutcome, exitCodes, planStack } from "../../planner/plan";
import { type StackFile, parseStackFile, repoRoot } from "../../planner/stack-file";
import { runner as guardrails } from "../../policies/guardrails/runner";
import { runner as residency } from "../../policies/residency/runner";

/** The policy packs `npm run plan` loads from policies/. */
export const runners = [guardrails, residency];

/** The stack `newStack` gives for `req`; a refusal fails the test naming the request. */
export function generate(req: NewStackRequest): NewStack {
  const r = newStack(req);
  if (!r.ok) throw new Error(`newStack refused ${JSON.stringify(req)}: ${JSON.stringify(r.errors)}`);
  return r.stack;
}

/** The generated text (or `text`) read as the planner reads a stack file. */
export function fileOf(s: NewStack, text = s.text): StackFile {
  const loaded = parseStackFile(text, s.stack);
  if (!loaded.ok) throw new Error(`generated file does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.file;
}

/** `npm run new -- <args>` as a user runs it, in a child process. */
export function runNew(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(path.join(repoRoot, "node_modules", ".bin", "tsx"), [path.join(repoRoot, "cli", "new.ts"), ...args], { cwd: repoRoot, encoding: "utf8" });
}

/** The stacks whose printed hints the tests follow to the end: one per cloud, each with many placeholders. */
export const hintedRequests: NewStackRequest[] = [
  { stage: "scale", cloud: "gcp", regions: ["europe-west1"] },
  { stage: "enterprise", cloud: "aws", regions: ["us-east-2", "us-west-2"] },
];

/** What a user types for each `<...>` of the hints, by config key. */
const userValues: Record<string, string> = {
  "gcp:project": "acme-llm-prod",
  "ai-infra:gcpBillingAccount": "A1B2C3-D4E5F6-0789AB",
  "ai-infra:providerKeys.openai-us": "sk-user-openai-us",
  "ai-infra:providerKeys.openai-eu": "sk-user-openai-eu",
  "ai-infra:cluster.controlPlane.authorizedCidrs[0]": "198.51.100.0/24",
  "ai-infra:cluster.publicAccessCidrs[0]": "198.51.100.0/24",
  "ai-infra:api.domain": "llm.acme.io",
  "ai-infra:api.adminCidrs[0]": "198.51.100.7/32",
  "ai-infra:api.dnsZone": "Z9ABCDEF12345",
  "ai-infra:api.dnsZoneName": "acme.io",
  "ai-infra:tags.owner": "ml-platform",
  "ai-infra:tags.costCenter": "cc-4711",
};

/** The user's value for a placeholder's key; a key with none fails the test naming it. */
export function userValue(key: string): string {
  const value = userValues[key];
  if (value === undefined) throw new Error(`no answer for ${key}`);
  return value;
}

/** Plans `file` with the policy packs and expects it to plan with exit 0 and no error. */
export async function expectPlans(file: StackFile): Promise<PlanOutcome> {
  const outcome = await planStack(file, { runners });
  expect(outcome.result.errors).toEqual([]);
  expect(outcome.exitCode).toBe(exitCodes.ok);
  return outcome;
}
