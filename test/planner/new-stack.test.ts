/**
 * `npm run new`: every stage × cloud over a spread of regions and jurisdictions (most of them used
 * by no example) gives a stack file the offline planner plans with exit 0, with providers that
 * keep data in the jurisdiction; following the printed hints keeps it plannable; bad arguments are
 * refused naming the argument and the allowed values; an existing file is never overwritten.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type NewStackRequest, askForRequest, newStack, renderHints } from "../../planner/new-stack";
import { parseStackFile, repoRoot } from "../../planner/stack-file";
import { expectPlans, fileOf, generate, hintedRequests, runNew, userValue } from "../helpers/new-stack";

interface Case {
  stage: string;
  cloud: string;
  regions: string[];
  jurisdiction?: string;
  provider?: string[];
  /** The jurisdiction the file must state and the providers (name: kind/region or apiBase) it must hold. */
  expectJurisdiction: string;
  expectProviders: Record<string, Record<string, string>>;
}

// OpenAI's default host may process anywhere (global only); a residency host keeps its jurisdiction.
const openai = { kind: "openai" };
const openaiUs = { kind: "openai", apiBase: "https://us.api.openai.com/v1" };
const openaiEu = { kind: "openai", apiBase: "https://eu.api.openai.com/v1" };
const openaiJp = { kind: "openai", apiBase: "https://jp.api.openai.com/v1" };
const openaiAu = { kind: "openai", apiBase: "https://au.api.openai.com/v1" };

// 4 stages × 2 clouds × 3 region sets, plus global, Anthropic and Bedrock-only stacks: regions and
// jurisdictions no example uses (jp, au, uk, ca; us-east-2, eu-central-1, us-east4, asia-northeast1, ...).
const cases: Case[] = [
  { stage: "prototype", cloud: "aws", regions: ["us-east-2"], expectJurisdiction: "us", expectProviders: { "openai-us": openaiUs } },
  { stage: "prototype", cloud: "aws", regions: ["eu-central-1"], jurisdiction: "eu", expectJurisdiction: "eu", expectProviders: { "openai-eu": openaiEu } },
  { stage: "prototype", cloud: "aws", regions: ["ap-northeast-1"], jurisdiction: "jp", expectJurisdiction: "jp", expectProviders: { "openai-jp": openaiJp } },
  { stage: "growth", cloud: "aws", regions: ["us-west-2"], expectJurisdiction: "us", expectProviders: { "openai-us": openaiUs, "bedrock-us": { kind: "bedrock", region: "us-west-2" } } },
  { stage: "growth", cloud: "aws", regions: ["eu-west-3"], expectJurisdiction: "eu", expectProviders: { "openai-eu": openaiEu, "bedrock-eu": { kind: "bedrock", region: "eu-west-3" } } },
  { stage: "growth", cloud: "aws", regions: ["ap-southeast-2"], expectJurisdiction: "au", expectProviders: { "openai-au": openaiAu, "bedrock-au": { kind: "bedrock", region: "ap-southeast-2" } } },
  { stage: "scale", cloud: "aws", regions: ["us-east-1"], expectJurisdiction: "us", expectProviders: { "openai-us": openaiUs, "bedrock-us": { kind: "bedrock", region: "us-east-1" } } },
  { stage: "scale", cloud: "aws", regions: ["eu-central-1"], expectJurisdiction: "eu", expectProviders: { "openai-eu": openaiEu, "bedrock-eu": { kind: "bedrock", region: "eu-central-1" } } },
  { stage: "scale", cloud: "aws", regions: ["ap-northeast-1"], jurisdiction: "jp", expectJurisdiction: "jp", expectProviders: { "openai-jp": openaiJp, "bedrock-jp": { kind: "bedrock", region: "ap-northeast-1" } } },
  { stage: "enterprise", cloud: "aws", regions: ["us-east-2", "us-west-2"], expectJurisdiction: "us", expectProviders: { "openai-us": openaiUs, "bedrock-us": { kind: "bedrock", region: "us-east-2" } } },
  { stage: "enterprise", cloud: "aws", regions: ["eu-central-1"], expectJurisdiction: "eu", expectProviders: { "openai-eu": openaiEu, "bedrock-eu": { kind: "bedrock", region: "eu-central-1" } } },
  { stage: "enterprise", cloud: "aws", regions: ["ap-northeast-1"], expectJurisdiction: "jp", expectProviders: { "openai-jp": openaiJp, "bedrock-jp": { kind: "bedrock", region: "ap-northeast-1" } } },
  { stage: "prototype", cloud: "gcp", regions: ["us-east4"], expectJurisdiction: "us", expectProviders: { "openai-us": openaiUs } },
  { stage: "prototype", cloud: "gcp", regions: ["europe-west1"], expectJurisdiction: "eu", expectProviders: { "openai-eu": openaiEu } },
  { stage: "prototype", cloud: "gcp", regions: ["asia-northeast1"], expectJurisdiction: "jp", expectProviders: { "openai-jp": openaiJp } },
  { stage: "growth", cloud: "gcp", regions: ["us-west1"], expectJurisdiction: "us", expectProviders: { "openai-us": openaiUs, "vertex-us": { kind: "vertex", region: "us-west1" } } },
  { stage: "growth", cloud: "gcp", regions: ["europe-west2"], jurisdiction: "uk", expectJurisdiction: "uk", expectProviders: { "vertex-uk": { kind: "vertex", region: "europe-west2" } } },
  { stage: "growth", cloud: "gcp", regions: ["northamerica-northeast1"], expectJurisdiction: "ca", expectProviders: { "vertex-ca": { kind: "vertex", region: "northamerica-northeast1" } } },
  { stage: "scale", cloud: "gcp", regions: ["us-east4"], expectJurisdiction: "us", expectProviders: { "openai-us": openaiUs, "vertex-us": { kind: "vertex", region: "us-east4" } } },
  { stage: "scale", cloud: "gcp", regions: ["europe-west1"], jurisdiction: "eu", expectJurisdiction: "eu", expectProviders: { "openai-eu": openaiEu, "vertex-eu": { kind: "vertex", region: "europe-west1" } } },
  { stage: "scale", cloud: "gcp", regions: ["asia-northeast1"], expectJurisdiction: "jp", expectProviders: { "openai-jp": openaiJp, "vertex-jp": { kind: "vertex", region: "asia-northeast1" } } },
  { stage: "enterprise", cloud: "gcp", regions: ["europe-west1", "europe-west3"], expectJurisdiction: "eu", expectProviders: { "openai-eu": openaiEu, "vertex-eu": { kind: "vertex", region: "europe-west1" } } },
  { stage: "enterprise", cloud: "gcp", regions: ["asia-northeast1"], expectJurisdiction: "jp", expectProviders: { "openai-jp": openaiJp, "vertex-jp": { kind: "vertex", region: "asia-northeast1" } } },
  { stage: "enterprise", cloud: "gcp", regions: ["us-east4", "us-central1"], expectJurisdiction: "us", expectProviders: { "openai-us": openaiUs, "vertex-us": { kind: "vertex", region: "us-east4" } } },
  { stage: "prototype", cloud: "aws", regions: ["sa-east-1"], jurisdiction: "global", expectJurisdiction: "global", expectProviders: { openai } },
  { stage: "prototype", cloud: "aws", regions: ["ap-northeast-1"], provider: ["bedrock"], expectJurisdiction: "jp", expectProviders: { "bedrock-jp": { kind: "bedrock", region: "ap-northeast-1" } } },
  { stage: "growth", cloud: "aws", regions: ["sa-east-1"], jurisdiction: "global", provider: ["anthropic", "openai-eu"], expectJurisdiction: "global", expectProviders: { anthropic: { kind: "anthropic" }, "openai-eu": openaiEu } },
  { stage: "growth", cloud: "gcp", regions: ["us-south1"], provider: ["anthropic", "vertex"], expectJurisdiction: "us", expectProviders: { anthropic: { kind: "anthropic", inferenceGeo: "us" }, "vertex-us": { kind: "vertex", region: "us-south1" } } },
];

describe("npm run new: every stage × cloud over regions and jurisdictions plans with exit 0", () => {
  for (const c of cases) {
    const args = [c.stage, c.cloud, ...c.regions, ...(c.jurisdiction ? ["--jurisdiction", c.jurisdiction] : []), ...(c.provider ?? []).flatMap((p) => ["--provider", p])];
    it(args.join(" "), async () => {
      const s = generate({ stage: c.stage, cloud: c.cloud, regions: c.regions, jurisdiction: c.jurisdiction, providers: c.provider });
      expect(s.stack).toBe(`${c.stage}-${c.cloud}-${c.regions[0]}`);
      const file = fileOf(s);
      expect(file.config["ai-infra:jurisdiction"]).toBe(c.expectJurisdiction);
      expect(file.config["ai-infra:providers"]).toEqual(c.expectProviders);
      const outcome = await expectPlans(file);
      expect(outcome.result.policy.violations.filter((v) => v.level === "mandatory")).toEqual([]);
      expect({ stage: outcome.result.stage, cloud: outcome.result.cloud, regions: outcome.result.regions }).toEqual({ stage: c.stage, cloud: c.cloud, regions: c.regions });
      expect(outcome.spec!.jurisdiction).toBe(c.expectJurisdiction);
    });
  }
});

describe("the file says what to fill in", () => {
  it("a scale GCP stack: every placeholder marked REPLACE, each with its pulumi config set command", () => {
    const s = generate({ stage: "scale", cloud: "gcp", regions: ["europe-west1"] });
    expect(s.todo.map((t) => [t.key, t.placeholder, t.secret])).toEqual([
      ["gcp:project", "my-gcp-project", false],
      ["ai-infra:gcpBillingAccount", "012345-6789AB-CDEF01", false],
      ["ai-infra:providerKeys.openai-eu", "REPLACE-with-pulumi-config-set-secret", true],
      ["ai-infra:cluster.controlPlane.authorizedCidrs[0]", "203.0.113.0/24", false],
      ["ai-infra:api.domain", "llm.example.com", false],
      ["ai-infra:api.adminCidrs[0]", "203.0.113.0/24", false],
      ["ai-infra:tags.owner", "platform-team", false],
      ["ai-infra:tags.costCenter", "cc-0000", false],
    ]);
    expect(s.text.split("\n").filter((l) => l.includes("# REPLACE"))).toEqual([
      "  gcp:project: my-gcp-project # REPLACE: your Google Cloud project id",
      "  ai-infra:gcpBillingAccount: 012345-6789AB-CDEF01 # REPLACE: your billing account id",
      "  # REPLACE before `pulumi up`: placeholders, not keys (the offline plan never reads a secret). Set each with",
      "        - 203.0.113.0/24 # REPLACE: your CI/operators' egress range that may reach the Kubernetes API",
      "    domain: llm.example.com # REPLACE: the DNS name callers use (https://<name>/v1)",
      "      - 203.0.113.0/24 # REPLACE: your operators' egress range for the admin path (npm run keys)",
      "    owner: platform-team # REPLACE: the owning team",
      "    costCenter: cc-0000 # REPLACE: your cost center",
    ]);
    const hints = renderHints(s, "stacks/Pulumi.scale-gcp-europe-west1.yaml").split("\n");
    expect(hints.filter((l) => l.trimStart().startsWith("pulumi "))).toEqual([
      "  pulumi stack init scale-gcp-europe-west1",
      "  pulumi config set 'gcp:project' <your Google Cloud project id> --stack scale-gcp-europe-west1",
      "  pulumi config set 'ai-infra:gcpBillingAccount' <your billing account id> --stack scale-gcp-europe-west1",
      "  pulumi config set --secret --path 'ai-infra:providerKeys.openai-eu' <your OpenAI API key> --stack scale-gcp-europe-west1",
      "  pulumi config set --path 'ai-infra:cluster.controlPlane.authorizedCidrs[0]' <your CI/operators' egress range that may reach the Kubernetes API> --stack scale-gcp-europe-west1",
      "  pulumi config set --path 'ai-infra:api.domain' <the DNS name callers use (https://<name>/v1)> --stack scale-gcp-europe-west1",
      "  pulumi config set --path 'ai-infra:api.adminCidrs[0]' <your operators' egress range for the admin path (npm run keys)> --stack scale-gcp-europe-west1",
      "  pulumi config set --path 'ai-infra:tags.owner' <the owning team> --stack scale-gcp-europe-west1",
      "  pulumi config set --path 'ai-infra:tags.costCenter' <your cost center> --stack scale-gcp-europe-west1",
    ]);
  });

  it("an enterprise AWS stack in two regions: failover with the hosted zone to set", () => {
    const s = generate({ stage: "enterprise", cloud: "aws", regions: ["us-east-2", "us-west-2"] });
    expect(s.todo.map((t) => t.key)).toEqual([
      "ai-infra:providerKeys.openai-us",
      "ai-infra:cluster.publicAccessCidrs[0]",
      "ai-infra:api.domain",
      "ai-infra:api.dnsZone",
      "ai-infra:api.dnsZoneName",
      "ai-infra:tags.owner",
      "ai-infra:tags.costCenter",
    ]);
    expect(fileOf(s).config["ai-infra:failover"]).toEqual({ mode: "active-passive", healthCheckIntervalSeconds: 10, failureThreshold: 3, ttlSeconds: 60 });
  });

  it("a Bedrock-only Japanese stack needs no key at all", () => {
    const s = generate({ stage: "prototype", cloud: "aws", regions: ["ap-northeast-1"], providers: ["bedrock"] });
    expect(s.todo.map((t) => t.key)).toEqual(["ai-infra:tags.owner", "ai-infra:tags.costCenter"]);
    expect(fileOf(s).config["ai-infra:models"]).toEqual([
      { name: "chat", provider: "bedrock-jp", model: "jp.anthropic.claude-haiku-4-5-20251001-v1:0", inputCostPerMillionTokens: 1, outputCostPerMillionTokens: 5 },
    ]);
  });

  it("each provider in each jurisdiction says which endpoint keeps the data there", () => {
    const why = (req: NewStackRequest) => generate(req).providers.map((p) => p.why);
    expect(why({ stage: "growth", cloud: "aws", regions: ["us-east-1"] })).toEqual([
      "openai-us: gpt-4o-mini at https://us.api.openai.com/v1 (data in us)",
      "bedrock-us: Claude Haiku 4.5 through the us. inference profile, called in us-east-1 (data in us); IAM, no key",
    ]);
    expect(why({ stage: "growth", cloud: "gcp", regions: ["asia-northeast1"] })).toEqual([
      "openai-jp: gpt-4o-mini at https://jp.api.openai.com/v1 (data in jp)",
      "vertex-jp: gemini-2.5-flash on Vertex AI in asia-northeast1 (data in jp); IAM, no key",
    ]);
    expect(why({ stage: "prototype", cloud: "aws", regions: ["sa-east-1"], jurisdiction: "global" })).toEqual([
      "openai: gpt-4o-mini at https://api.openai.com/v1 (may process in any geography)",
    ]);
    // inference_geo is refused (400) by Claude Haiku 4.5: the US form calls Sonnet 4.6 at the 1.1x US price.
    const us = generate({ stage: "growth", cloud: "aws", regions: ["us-east-2"], providers: ["anthropic", "bedrock"] });
    expect(us.providers.map((p) => p.why)).toEqual([
      "anthropic: claude-sonnet-4-6 at https://api.anthropic.com with inferenceGeo us (data in us)",
      "bedrock-us: Claude Haiku 4.5 through the us. inference profile, called in us-east-2 (data in us); IAM, no key",
    ]);
    expect(fileOf(us).config["ai-infra:models"]).toEqual([
      { name: "chat", provider: "anthropic", model: "claude-sonnet-4-6", inputCostPerMillionTokens: 3.3, outputCostPerMillionTokens: 16.5 },
      { name: "chat-fallback", provider: "bedrock-us", model: "us.anthropic.claude-haiku-4-5-20251001-v1:0", inputCostPerMillionTokens: 1, outputCostPerMillionTokens: 5 },
    ]);
  });
});

/** `pulumi config set [--path] <key> <value>` on the parsed file, as the CLI stores it (a secret as a `secure:` leaf). */
function setConfig(doc: { config: Record<string, unknown> }, key: string, value: string, secret: boolean): void {
  const [top, ...rest] = key.split(/(?=[.[])/);
  const steps = rest.map((p) => (p.startsWith("[") ? Number(p.slice(1, -1)) : p.slice(1)));
  const leaf = secret ? { secure: `v1:${Buffer.from(value).toString("base64")}` } : value;
  if (steps.length === 0) {
    doc.config[top!] = leaf;
    return;
  }
  let cur = doc.config[top!] as Record<string | number, unknown>;
  for (const s of steps.slice(0, -1)) cur = cur[s] as Record<string | number, unknown>;
  cur[steps.at(-1)!] = leaf;
}

describe("a user following only the printed hints reaches a plannable file", () => {
  for (const req of hintedRequests) {
    it(`${req.stage} ${req.cloud} ${req.regions.join(" ")}`, async () => {
      const s = generate(req);
      const doc = parse(s.text) as { config: Record<string, unknown> };
      for (const t of s.todo) setConfig(doc, t.key, userValue(t.key), t.secret);
      const after = JSON.stringify(doc);
      // Every placeholder is gone once the hints are followed.
      for (const t of s.todo) expect(after.includes(t.placeholder)).toBe(false);
      const file = parseStackFile(JSON.stringify(doc), s.stack);
      if (!file.ok) throw new Error(JSON.stringify(file.errors));
      await expectPlans(file.file);
    });
  }
});

describe("bad arguments name the argument and the allowed values", () => {
  const refused = (req: NewStackRequest) => {
    const r = newStack(req);
    if (r.ok) throw new Error(`accepted ${JSON.stringify(req)}`);
    return r.errors.map((e) => `${e.argument}: ${e.message}`);
  };
  it("an unknown stage and cloud", () => {
    expect(refused({ stage: "pilot", cloud: "azure", regions: ["eastus"] })).toEqual([
      "stage: 'pilot' is not a stage; allowed: prototype, growth, scale, enterprise",
      "cloud: 'azure' is not a cloud; allowed: aws, gcp",
    ]);
  });
  it("an unknown jurisdiction", () => {
    expect(refused({ stage: "growth", cloud: "aws", regions: ["eu-west-1"], jurisdiction: "de" })).toEqual([
      "--jurisdiction: 'de' is not a jurisdiction; allowed: eu, us, uk, ca, au, jp, global",
    ]);
  });
  it("a region of the other cloud", () => {
    const [e] = refused({ stage: "growth", cloud: "gcp", regions: ["eu-west-1"] });
    expect(e).toMatch(/^region: 'eu-west-1' is not a gcp region; allowed: us-central1, us-east1, .*, africa-south1$/);
  });
  it("a region listed twice", () => {
    expect(refused({ stage: "growth", cloud: "aws", regions: ["eu-west-1", "eu-west-1"] })).toEqual(["region: 'eu-west-1' is listed twice"]);
  });
  it("a jurisdiction that does not match the region", () => {
    expect(refused({ stage: "scale", cloud: "aws", regions: ["us-east-1"], jurisdiction: "jp" })).toEqual([
      "region: 'us-east-1' is outside jurisdiction jp; aws regions of jp: ap-northeast-1, ap-northeast-3",
    ]);
  });
  it("regions that share no jurisdiction, and a region in none", () => {
    expect(refused({ stage: "enterprise", cloud: "aws", regions: ["us-east-1", "eu-west-1"] })).toEqual([
      "--jurisdiction: is needed: regions us-east-1 (us), eu-west-1 (eu) share no jurisdiction; keep to one or pass --jurisdiction global",
    ]);
    expect(refused({ stage: "prototype", cloud: "aws", regions: ["sa-east-1"] })).toEqual([
      "--jurisdiction: is needed: region sa-east-1 is in no jurisdiction the kit knows; pass --jurisdiction global",
    ]);
  });
  it("a provider that does not serve the jurisdiction (OpenAI has no UK host, Anthropic keeps only the US)", () => {
    expect(refused({ stage: "scale", cloud: "gcp", regions: ["europe-west2"], providers: ["openai"] })).toEqual([
      "--provider: 'openai' does not serve jurisdiction uk on gcp (no OpenAI data-residency host keeps data in uk; hosts: us.api.openai.com (us), eu.api.openai.com (eu), jp.api.openai.com (jp), au.api.openai.com (au)); providers serving uk on gcp: vertex",
    ]);
    expect(refused({ stage: "growth", cloud: "aws", regions: ["eu-west-1"], providers: ["anthropic", "openai"] })).toEqual([
      "--provider: 'anthropic' does not serve jurisdiction eu on aws (Anthropic's API keeps inference in us only (inferenceGeo: us); its default may run it in any geography); providers serving eu on aws: openai, openai-eu, bedrock",
    ]);
    expect(refused({ stage: "growth", cloud: "aws", regions: ["us-east-1"], providers: ["openai-eu"] })).toEqual([
      "--provider: 'openai-eu' does not serve jurisdiction us on aws (https://eu.api.openai.com/v1 keeps data in eu); providers serving us on aws: openai, anthropic, bedrock",
    ]);
    expect(refused({ stage: "growth", cloud: "aws", regions: ["eu-west-1"], providers: ["vertex", "gemini"] })).toEqual([
      "--provider: 'vertex' does not serve jurisdiction eu on aws (Vertex AI is a Google Cloud service (cloud gcp only)); providers serving eu on aws: openai, openai-eu, bedrock",
      "--provider: 'gemini' is not a provider the kit proposes; allowed: openai, openai-eu, anthropic, bedrock, vertex",
    ]);
  });
  it("two choices that are one endpoint (openai in eu is the EU host)", () => {
    expect(refused({ stage: "growth", cloud: "aws", regions: ["eu-west-1"], providers: ["openai", "openai-eu"] })).toEqual([
      "--provider: 'openai-eu' is the same endpoint as another --provider (openai-eu); give one of them",
    ]);
  });
  it("two providers for a prototype", () => {
    expect(refused({ stage: "prototype", cloud: "aws", regions: ["us-east-1"], providers: ["openai", "bedrock"] })).toEqual([
      "--provider: prototype calls one provider (a fallback comes with growth); give one",
    ]);
  });
  it("a jurisdiction no provider the kit proposes serves on the cloud", () => {
    expect(refused({ stage: "growth", cloud: "aws", regions: ["eu-west-2"] })).toEqual([
      "--jurisdiction: no provider the kit proposes serves jurisdiction uk on aws (openai: no; openai-eu: no; anthropic: no; bedrock: no; vertex: no); pick another jurisdiction or start from an example and add an openai-compatible or azure provider with its dataJurisdiction",
    ]);
  });
  it("a scale stack where the kit's GPU table has no GPU", () => {
    expect(refused({ stage: "scale", cloud: "gcp", regions: ["asia-northeast2"] })).toEqual([
      "region: stage scale self-hosts a model on a GPU, and none of nvidia-l4, nvidia-a100-40gb is offered in asia-northeast2 (the kit's GPU table); gcp regions of jp with one: asia-northeast1",
    ]);
  });
  it("a stack name Pulumi would refuse", () => {
    expect(refused({ stage: "growth", cloud: "aws", regions: ["us-east-1"], name: "my stack" })).toEqual([
      "--name: 'my stack' is not a stack name; allowed: letters, digits, '-', '_', '.' (at most 100)",
    ]);
  });
});

describe("the command", () => {
  it("writes the file once, prints the hints, and never overwrites it", () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "ai-infra-new-")), "Pulumi.team-a.yaml");
    // The stack is the file's: Pulumi.team-a.yaml is stack team-a.
    const first = runNew(["growth", "gcp", "asia-northeast1", "--out", out]);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    const expected = generate({ stage: "growth", cloud: "gcp", regions: ["asia-northeast1"], name: "team-a" });
    expect(readFileSync(out, "utf8")).toBe(expected.text);
    expect(first.stdout).toBe(
      `${renderHints(expected, path.relative(repoRoot, out))}\nNote: pulumi reads stacks/Pulumi.team-a.yaml (Pulumi.yaml stackConfigDir); move the file there before pulumi stack init.\n`,
    );

    writeFileSync(out, "config: {}\n");
    const again = runNew(["growth", "gcp", "asia-northeast1", "--name", "team-a", "--out", out]);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`${path.relative(repoRoot, out)} exists and is left as it is; pass --name <another stack> or --out <another file>, or remove it\n`);
    expect(readFileSync(out, "utf8")).toBe("config: {}\n");
  });

  it("refuses missing arguments with the usage, and bad ones naming the argument", () => {
    const missing = runNew(["growth", "aws"]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(
      "stage, cloud and at least one region are needed; usage: npm run new -- <stage> <cloud> <region>... [--jurisdiction <j>] [--provider <p>]... [--name <stack>] [--out <file>] [--print]\n",
    );
    const bad = runNew(["growth", "aws", "eu-west-2", "--provider", "openai,bedrock", "--print"]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe(
      "--provider: 'openai' does not serve jurisdiction uk on aws (no OpenAI data-residency host keeps data in uk; hosts: us.api.openai.com (us), eu.api.openai.com (eu), jp.api.openai.com (jp), au.api.openai.com (au)); providers serving uk on aws: (none)\n" +
        "--provider: 'bedrock' does not serve jurisdiction uk on aws (no Bedrock inference profile keeps data in uk (geographic profiles: us, eu, jp, au)); providers serving uk on aws: (none)\n",
    );
  });
});

describe("the interactive questions", () => {
  /** A terminal user answering from a script; records each question. */
  const scripted = (answers: string[]) => {
    const asked: string[] = [];
    return { asked, ask: async (q: string) => (asked.push(q), answers.shift() ?? "") };
  };

  it("ask only for what the arguments leave out, with the allowed values in each question", async () => {
    const t = scripted(["ap-northeast-1 ap-northeast-3", "", ""]);
    const req = await askForRequest({ stage: "growth", cloud: "aws", regions: [] }, t.ask);
    expect(req).toEqual({ stage: "growth", cloud: "aws", regions: ["ap-northeast-1", "ap-northeast-3"] });
    expect(t.asked).toEqual([
      "aws regions by jurisdiction:\n" +
        "  eu: eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2\n" +
        "  us: us-east-1, us-east-2, us-west-1, us-west-2\n" +
        "  uk: eu-west-2\n" +
        "  ca: ca-central-1, ca-west-1\n" +
        "  au: ap-southeast-2, ap-southeast-4\n" +
        "  jp: ap-northeast-1, ap-northeast-3\n" +
        "regions, the primary first (space-separated): ",
      "jurisdiction (eu, us, uk, ca, au, jp, global; empty: the regions'): ",
      "providers, the primary first (openai, openai-eu, anthropic, bedrock, vertex; empty: the kit's choice for the jurisdiction): ",
    ]);
    // What the answers give is a stack like any other: OpenAI's Japan host, then Bedrock's jp. profile.
    const r = newStack(req);
    expect(r.ok && r.stack.providers.map((p) => p.name)).toEqual(["openai-jp", "bedrock-jp"]);
  });

  it("ask everything when nothing is given; answers are checked like arguments", async () => {
    const t = scripted(["scale", "gcp", "us-east4", "us", "openai,vertex"]);
    const req = await askForRequest({}, t.ask);
    expect(req).toEqual({ stage: "scale", cloud: "gcp", regions: ["us-east4"], jurisdiction: "us", providers: ["openai", "vertex"] });
    expect(t.asked.slice(0, 2)).toEqual(["stage (prototype, growth, scale, enterprise): ", "cloud (aws, gcp): "]);
    const bad = newStack(await askForRequest({}, scripted(["scale", "gcp", "us-east4", "jp", ""]).ask));
    expect(bad.ok ? [] : bad.errors).toEqual([{ argument: "region", message: "'us-east4' is outside jurisdiction jp; gcp regions of jp: asia-northeast1, asia-northeast2" }]);
  });
});
