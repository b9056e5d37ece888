import { describe, expect, it } from "vitest";
import { parseStack } from "../../components/config";
import { type SpecCase, exampleRaw, parseExample } from "../helpers/stacks";

type Raw = Record<string, any>;

const clone = (o: unknown): Raw => JSON.parse(JSON.stringify(o));

type Case = SpecCase;

// Each case breaks one property of a valid example stack; the error must name exactly that path.
const cases: Case[] = [
  { name: "wrong stage", base: "prototype-aws-us-east-1", mutate: (r) => (r.stage = "beta"), paths: ["ai-infra:stage"], message: "must be one of prototype, growth, scale, enterprise" },
  { name: "unknown cloud", base: "prototype-aws-us-east-1", mutate: (r) => (r.cloud = "azure"), paths: ["ai-infra:cloud"], message: "must be one of aws, gcp" },
  { name: "region of another cloud", base: "prototype-aws-us-east-1", mutate: (r) => (r.regions = ["europe-west4"]), paths: ["ai-infra:regions[0]"], message: "is not an aws region" },
  { name: "GCP stack with an AWS region", base: "prototype-gcp-europe-west4", mutate: (r) => (r.regions = ["europe-west4", "eu-west-1"]), paths: ["ai-infra:regions[1]"], message: "is not a gcp region" },
  { name: "region outside the jurisdiction", base: "prototype-aws-us-east-1", mutate: (r) => (r.regions = ["eu-west-1"]), paths: ["ai-infra:regions[0]"], message: "is outside jurisdiction us" },
  { name: "EU stack in London (uk, not eu)", base: "growth-aws-eu-west-1", mutate: (r) => (r.regions = ["eu-west-2"]), paths: ["ai-infra:regions[0]"], message: "is outside jurisdiction eu" },
  { name: "empty regions", base: "prototype-aws-us-east-1", mutate: (r) => (r.regions = []), paths: ["ai-infra:regions"], message: "must list at least one region" },
  { name: "missing provider key", base: "prototype-aws-us-east-1", mutate: (r) => delete r.providerKeys, paths: ["ai-infra:providerKeys.openai"], message: "is required for provider 'openai'" },
  { name: "missing key of one of two providers", base: "growth-gcp-us-central1", mutate: (r) => delete r.providerKeys.anthropic, paths: ["ai-infra:providerKeys.anthropic"], message: "is required for provider 'anthropic'" },
  { name: "negative budget", base: "prototype-aws-us-east-1", mutate: (r) => (r.budget.monthlyUsd = -5), paths: ["ai-infra:budget.monthlyUsd"], message: "must be greater than 0" },
  { name: "traffic: not a number", base: "prototype-aws-us-east-1", mutate: (r) => (r.traffic.requestsPerDay = "lots"), paths: ["ai-infra:traffic.requestsPerDay"], message: "must be a whole number" },
  { name: "traffic: zero tokens", base: "prototype-gcp-europe-west4", mutate: (r) => (r.traffic.outputTokensPerRequest = 0), paths: ["ai-infra:traffic.outputTokensPerRequest"], message: "must be greater than 0" },
  { name: "traffic: unknown field", base: "prototype-aws-us-east-1", mutate: (r) => (r.traffic.usersPerDay = 10), paths: ["ai-infra:traffic.usersPerDay"], message: "is not a known setting" },
  { name: "traffic: not an object", base: "prototype-aws-us-east-1", mutate: (r) => (r.traffic = [800, 600, 300]), paths: ["ai-infra:traffic"], message: "" },
  // growth
  { name: "fallback names a missing group", base: "growth-aws-eu-west-1", mutate: (r) => (r.reliability.fallbacks = { chat: ["chat-backup"] }), paths: ["ai-infra:reliability.fallbacks.chat[0]"], message: "names no model group; groups: chat, chat-fallback" },
  { name: "fallback for a missing group", base: "growth-gcp-us-central1", mutate: (r) => (r.reliability.fallbacks = { ghost: ["chat"] }), paths: ["ai-infra:reliability.fallbacks.ghost"], message: "names no model group" },
  { name: "per-key rate limit of zero", base: "growth-aws-eu-west-1", mutate: (r) => (r.api.perKey.ratePerSecond = 0), paths: ["ai-infra:api.perKey.ratePerSecond"], message: "must be greater than 0" },
  { name: "global burst below zero", base: "growth-gcp-us-central1", mutate: (r) => (r.api.global.burst = -1), paths: ["ai-infra:api.global.burst"], message: "must be greater than 0" },
  { name: "model rpm below zero", base: "growth-aws-eu-west-1", mutate: (r) => (r.models[1].rpm = -10), paths: ["ai-infra:models[1].rpm"], message: "must be greater than 0" },
  { name: "model tpm of zero", base: "growth-gcp-us-central1", mutate: (r) => (r.models[0].tpm = 0), paths: ["ai-infra:models[0].tpm"], message: "must be greater than 0" },
  { name: "budget threshold above 100%", base: "growth-aws-eu-west-1", mutate: (r) => (r.budget.actualThresholds = [50, 120]), paths: ["ai-infra:budget.actualThresholds[1]"], message: "must be between 0 and 100 (percent)" },
  { name: "forecast threshold below 0%", base: "growth-gcp-us-central1", mutate: (r) => (r.budget.forecastThresholds = [-1, 100]), paths: ["ai-infra:budget.forecastThresholds[0]"], message: "must be between 0 and 100 (percent)" },
  { name: "feature budget larger than the stack budget", base: "growth-aws-eu-west-1", mutate: (r) => (r.budget.features["search-summaries"] = 5000), paths: ["ai-infra:budget.features.search-summaries"], message: "must not exceed the stack budget (3000 USD)" },
  // GCP: budgets need a billing account; Pub/Sub's ranges are narrower than SQS's.
  { name: "GCP growth stack without a billing account", base: "growth-gcp-us-central1", mutate: (r) => delete r.gcpBillingAccount, paths: ["ai-infra:gcpBillingAccount"], message: "is required for cloud gcp from stage growth: GCP budgets live on a billing account" },
  { name: "GCP prototype promoted to growth without a billing account", base: "prototype-gcp-europe-west4", mutate: (r) => { r.stage = "growth"; delete r.gcpBillingAccount; }, paths: ["ai-infra:gcpBillingAccount"], message: "is required for cloud gcp from stage growth" },
  { name: "malformed billing account", base: "growth-gcp-us-central1", mutate: (r) => (r.gcpBillingAccount = "0123456789ab"), paths: ["ai-infra:gcpBillingAccount"], message: "must be a billing account id: three groups of 6 upper-case hex digits" },
  { name: "lower-case billing account", base: "growth-gcp-us-central1", mutate: (r) => (r.gcpBillingAccount = "012345-6789ab-cdef01"), paths: ["ai-infra:gcpBillingAccount"], message: "must be a billing account id" },
  { name: "GCP: fewer delivery attempts than Pub/Sub allows", base: "growth-gcp-us-central1", mutate: (r) => (r.queue.maxReceiveCount = 3), paths: ["ai-infra:queue.maxReceiveCount"], message: "must be between 5 and 100 on cloud gcp (Pub/Sub delivery attempts before dead-lettering)" },
  { name: "GCP: ack deadline above 600 s", base: "growth-gcp-us-central1", mutate: (r) => (r.queue.visibilityTimeoutSeconds = 900), paths: ["ai-infra:queue.visibilityTimeoutSeconds"], message: "must be between 10 and 600 on cloud gcp (Pub/Sub ack deadline in seconds)" },
  { name: "GCP: retention above 7 days", base: "growth-gcp-us-central1", mutate: (r) => (r.queue.retentionSeconds = 1209600), paths: ["ai-infra:queue.retentionSeconds"], message: "must be between 600 and 604800 on cloud gcp (Pub/Sub subscription message retention in seconds (7 days))" },
  { name: "GCP: a value outside the schema's range is reported once, by the schema", base: "growth-gcp-us-central1", mutate: (r) => (r.queue.maxReceiveCount = 0), paths: ["ai-infra:queue.maxReceiveCount"], message: "must be at least 1" },
];

describe("invalid stack configs fail with the property path", () => {
  it.each(cases)("$name", ({ base, mutate, paths, message }) => {
    const result = parseExample(base, mutate);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(paths);
    expect(result.errors[0]!.message).toContain(message);
  });

  it("collects every problem of a config at once", () => {
    const { raw, secretKeys } = exampleRaw("growth-aws-eu-west-1");
    const broken = clone(raw);
    for (const c of cases.filter((c) => c.base === "growth-aws-eu-west-1")) c.mutate(broken);
    const result = parseStack(broken, { secretKeys });
    if (result.ok) throw new Error("parsed");
    const expected = cases.filter((c) => c.base === "growth-aws-eu-west-1").flatMap((c) => c.paths);
    expect(result.errors.map((e) => e.path).sort()).toEqual(expect.arrayContaining(expected.sort()));
  });

  it("the GCP-only rules leave AWS alone: SQS takes 3 attempts, 900 s and 14 days, and needs no billing account", () => {
    const { raw, secretKeys } = exampleRaw("growth-aws-eu-west-1");
    const aws = clone(raw);
    aws.queue = { maxReceiveCount: 3, visibilityTimeoutSeconds: 900, retentionSeconds: 1209600 };
    const result = parseStack(aws, { secretKeys });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.stack.gcpBillingAccount).toBeUndefined();
  });

  it("a GCP prototype needs no billing account, and the GCP growth example carries one", () => {
    const proto = exampleRaw("prototype-gcp-europe-west4");
    const withoutAccount = clone(proto.raw);
    delete withoutAccount.gcpBillingAccount;
    expect(parseStack(withoutAccount, { secretKeys: proto.secretKeys }).ok).toBe(true);
    const growth = exampleRaw("growth-gcp-us-central1");
    const result = parseStack(clone(growth.raw), { secretKeys: growth.secretKeys });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.stack.gcpBillingAccount).toBe("012345-6789AB-CDEF01");
  });

  it("a provider key committed in plaintext is refused, and its value is not echoed", () => {
    const { raw } = exampleRaw("prototype-aws-us-east-1");
    const result = parseStack(clone(raw), { secretKeys: new Set() });
    if (result.ok) throw new Error("parsed");
    expect(result.errors.map((e) => e.path)).toEqual(["ai-infra:providerKeys"]);
    expect(JSON.stringify(result.errors)).not.toContain("[secret:");
  });
});
