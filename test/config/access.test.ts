import { describe, expect, it } from "vitest";
import { hasKeys } from "../../components/config";
import { type SpecCase as Case, parseExample as parse } from "../helpers/stacks";

const team = { budgetUsd: 100, budgetPeriod: "30d" };

// Each case breaks one property of the access section of a valid example; the error names that path.
const cases: Case[] = [
  {
    name: "key entry names an unknown team",
    base: "growth-aws-eu-west-1",
    mutate: (r) => (r.access = { teams: { search: team }, keys: { "web-app": { team: "billing" } } }),
    paths: ["ai-infra:access.keys.web-app.team"],
    message: "names no team of access.teams; teams: search",
  },
  {
    name: "key entry for a key that api.keys does not have",
    base: "growth-aws-eu-west-1",
    mutate: (r) => (r.access = { teams: {}, keys: { mobile: { rpm: 5 } } }),
    paths: ["ai-infra:access.keys.mobile"],
    message: "names no key of api.keys; keys: web-app, batch-jobs",
  },
  {
    name: "negative team budget",
    base: "growth-gcp-us-central1",
    mutate: (r) => (r.access = { teams: { search: { ...team, budgetUsd: -5 } } }),
    paths: ["ai-infra:access.teams.search.budgetUsd"],
    message: "must be greater than 0 (USD)",
  },
  {
    name: "non-numeric team budget",
    base: "growth-gcp-us-central1",
    mutate: (r) => (r.access = { teams: { search: { ...team, budgetUsd: "lots" } } }),
    paths: ["ai-infra:access.teams.search.budgetUsd"],
    message: "must be a number (USD)",
  },
  {
    name: "budget period LiteLLM's parser would take but the kit does not offer",
    base: "prototype-gcp-europe-west4",
    mutate: (r) => (r.access = { teams: { search: { ...team, budgetPeriod: "1y" } } }),
    paths: ["ai-infra:access.teams.search.budgetPeriod"],
    message: "must be one of 1d, 7d, 30d, 1mo",
  },
  {
    name: "team limited to an unknown model group",
    base: "growth-aws-eu-west-1",
    mutate: (r) => (r.access = { teams: { search: { ...team, models: ["chat", "gpt-5"] } } }),
    paths: ["ai-infra:access.teams.search.models[1]"],
    message: "names no model group; groups: chat, chat-fallback",
  },
  {
    name: "key default period cleared",
    base: "growth-aws-eu-west-1",
    mutate: (r) => (r.access = { keyDefaults: { budgetUsd: 10, budgetPeriod: null } }),
    paths: ["ai-infra:access.keyDefaults.budgetPeriod"],
    message: "must be one of 1d, 7d, 30d, 1mo",
  },
  {
    name: "non-numeric key budget",
    base: "growth-aws-eu-west-1",
    mutate: (r) => (r.access = { keys: { "web-app": { budgetUsd: "ten" } } }),
    paths: ["ai-infra:access.keys.web-app.budgetUsd"],
    message: "must be a number (USD)",
  },
  {
    name: "early-alert percent of 100",
    base: "growth-gcp-us-central1",
    mutate: (r) => (r.access = { alertAtPercent: 100 }),
    paths: ["ai-infra:access.alertAtPercent"],
    message: "must be between 1 and 99 (percent)",
  },
  {
    name: "unknown setting in a team",
    base: "growth-gcp-us-central1",
    mutate: (r) => (r.access = { teams: { search: { ...team, budget: 5 } } }),
    paths: ["ai-infra:access.teams.search.budget"],
    message: "is not a known setting; allowed: budgetUsd, budgetPeriod, rpm, tpm, models",
  },
  {
    name: "a key name listed twice (colliding aliases)",
    base: "prototype-aws-us-east-1",
    mutate: (r) => (r.api = { ...r.api, keys: ["web", "batch", "web"] }),
    paths: ["ai-infra:api.keys[2]"],
    message: "names key 'web' a second time; key names must be unique",
  },
];

describe("access section: bad input names the property path and the allowed values", () => {
  it.each(cases)("$name", ({ base, mutate, paths, message }) => {
    const result = parse(base, mutate);
    if (result.ok) throw new Error("parsed");
    expect(result.errors.map((e) => e.path)).toEqual(paths);
    expect(result.errors[0]!.message).toContain(message);
  });
});

describe("access presets follow the keys database", () => {
  it("access on an AWS prototype (no keys database) is refused, naming the stage that adds it", () => {
    const r = parse("prototype-aws-us-east-1", (raw) => (raw.access = { teams: { search: team }, keyDefaults: {}, alertAtPercent: 80 }));
    if (r.ok) throw new Error("parsed");
    expect(r.errors).toEqual([
      {
        path: "ai-infra:access",
        message: "needs the keys database, which cloud aws has from stage growth (this stack is prototype; its callers use the front door's API keys of api.keys): remove access or set stage growth",
      },
    ]);
  });

  it("AWS prototype: no access section (its callers use the REST API's keys)", () => {
    const r = parse("prototype-aws-us-east-1");
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(hasKeys(r.stack)).toBe(false);
    expect(r.stack.access).toBeUndefined();
  });

  it("GCP prototype and AWS growth: key defaults at the stage's per-key front-door rate, early alert at 80%", () => {
    const gcp = parse("prototype-gcp-europe-west4");
    const aws = parse("growth-aws-eu-west-1");
    if (!gcp.ok || !aws.ok) throw new Error("example stacks must parse");
    expect(gcp.stack.access).toEqual({ teams: {}, keyDefaults: { rpm: 300, budgetUsd: 5, budgetPeriod: "1d" }, alertAtPercent: 80 });
    expect(aws.stack.access?.keyDefaults).toEqual({ rpm: 600, budgetUsd: 50, budgetPeriod: "1d" });
    expect(aws.stack.access?.keyDefaults.rpm).toBe(aws.stack.api.perKey.ratePerSecond * 60);
  });

  it("a stack's access entries merge over the preset key by key", () => {
    const r = parse("growth-gcp-us-central1", (raw) => (raw.access = { keyDefaults: { rpm: 30 }, teams: { search: team } }));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.stack.access?.keyDefaults).toEqual({ rpm: 30, budgetUsd: 50, budgetPeriod: "1d" });
    expect(r.stack.access?.teams).toEqual({ search: team });
  });
});
