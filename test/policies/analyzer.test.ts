import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeConfig } from "../../planner/stack-file";
import { guardrailsPack } from "../../policies/guardrails/pack";
import { policyConfigFor } from "../../policies/lib/config";
import type { KitPack } from "../../policies/lib/types";
import { residencyPack } from "../../policies/residency/pack";
import { exampleFile } from "../helpers/stacks";
import { awsProvider, configFor, res, run } from "./helpers";
import { regionalResourceInJurisdiction } from "../../policies/residency/regional-resource-in-jurisdiction";
import { bucketReplicationInJurisdiction } from "../../policies/residency/bucket-replication-in-jurisdiction";
import { cacheEncryptedAndAuthenticated } from "../../policies/guardrails/cache-encrypted-and-authenticated";
import { budgetsPresent } from "../../policies/guardrails/budgets-present";

/**
 * Each pack once through the real analyzer path: the pack's entry file (`policies/<pack>/index.ts`,
 * what `pulumi preview --policy-pack policies/<pack>` runs) is started as its own process in its
 * folder, as the engine's policy plugin does; it prints its gRPC port; the test then speaks the
 * Analyzer protocol to it as the engine does — GetAnalyzerInfo, Configure with the initial config
 * the pack derived from the stack config it was given (PULUMI_CONFIG, as the engine passes it),
 * Analyze with a resource's inputs and provider as protobuf Structs, AnalyzeStack with resources
 * and property dependencies — and compares each diagnostic with the in-process result.
 */

/* eslint-disable @typescript-eslint/no-require-imports */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as typeof import("@grpc/grpc-js");
const rpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const proto = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] }));
/* eslint-enable @typescript-eslint/no-require-imports */

const repoRoot = path.resolve(__dirname, "..", "..");
const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const stackFile = exampleFile("growth-aws-eu-west-1");

interface Served {
  child: ChildProcess;
  call: <T>(method: string, req: unknown) => Promise<T>;
  stderr: () => string;
}

async function serve(pack: "residency" | "guardrails"): Promise<Served> {
  const child = spawn(tsx, ["index.ts"], {
    cwd: path.join(repoRoot, "policies", pack),
    // What the engine's policy plugin host sets: the stack's config as a JSON map of strings, project, stack, dry run.
    env: {
      ...process.env,
      PULUMI_CONFIG: JSON.stringify(encodeConfig(stackFile.config)),
      PULUMI_NODEJS_PROJECT: "ai-infra",
      PULUMI_NODEJS_STACK: stackFile.stack,
      PULUMI_NODEJS_DRY_RUN: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`pack ${pack} exited with ${code}: ${err}`)));
  });
  const client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = <T>(method: string, req: unknown) => promisify(client[method].bind(client))(req) as Promise<T>;
  return { child, call, stderr: () => err };
}

const struct = (o: object) => Struct.fromJavaScript(o);

function provider(p: { type: string; urn: string; name: string; props: object }) {
  const r = new proto.AnalyzerProviderResource();
  r.setType(p.type);
  r.setUrn(p.urn);
  r.setName(p.name);
  r.setProperties(struct(p.props));
  return r;
}

function options() {
  const o = new proto.AnalyzerResourceOptions();
  o.setProtect(false);
  return o;
}

interface Diagnostic {
  policyName: string;
  policyPackName: string;
  message: string;
  urn: string;
  enforcementLevel: number;
}

const diagnostics = (resp: { getDiagnosticsList(): { getPolicyname(): string; getPolicypackname(): string; getMessage(): string; getUrn(): string; getEnforcementlevel(): number }[] }): Diagnostic[] =>
  resp.getDiagnosticsList().map((d) => ({
    policyName: d.getPolicyname(),
    policyPackName: d.getPolicypackname(),
    message: d.getMessage(),
    urn: d.getUrn(),
    enforcementLevel: d.getEnforcementlevel(),
  }));

/** GetAnalyzerInfo, then Configure with the initial config, as the engine reconciles it when no config file is given. */
async function handshake(s: Served, pack: KitPack) {
  const info = await s.call<{
    getName(): string;
    getVersion(): string;
    getPoliciesList(): { getName(): string; getDescription(): string; getEnforcementlevel(): number }[];
    getInitialconfigMap(): { entries(): Iterable<[string, { getProperties(): { toJavaScript(): object }; getEnforcementlevel(): number }]> };
  }>("getAnalyzerInfo", new Empty());
  const req = new proto.ConfigureAnalyzerRequest();
  const initial = [...info.getInitialconfigMap().entries()];
  for (const [name, cfg] of initial) req.getPolicyconfigMap().set(name, cfg);
  await s.call("configure", req);
  expect(info.getName()).toBe(pack.name);
  return { info, initial: Object.fromEntries(initial.map(([n, c]) => [n, { ...c.getProperties().toJavaScript(), level: c.getEnforcementlevel() }])) };
}

const levels: Record<string, number> = { advisory: proto.EnforcementLevel.ADVISORY, mandatory: proto.EnforcementLevel.MANDATORY };

function packFacts(pack: "residency" | "guardrails") {
  const dir = path.join(repoRoot, "policies", pack);
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string; main?: string };
  return { pkg, yaml: readFileSync(path.join(dir, "PulumiPolicy.yaml"), "utf8") };
}

describe("residency pack through the Analyzer gRPC service", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve("residency");
  }, 120_000);
  afterAll(() => {
    s?.child.kill();
  });

  it("serves the same policies `pulumi preview` loads, configured from the stack", async () => {
    const { info, initial } = await handshake(s, residencyPack);
    const { pkg, yaml } = packFacts("residency");
    // The engine runs `index.ts` of the folder: no other entry point is declared.
    expect(yaml).toMatch(/^runtime: nodejs$/m);
    expect(pkg.main).toBeUndefined();
    expect(info.getVersion()).toBe(pkg.version);
    expect(info.getPoliciesList().map((p) => [p.getName(), p.getDescription(), p.getEnforcementlevel()])).toEqual(
      residencyPack.policies.map((p) => [p.name, p.description, levels[p.enforcementLevel]]),
    );
    const expected = policyConfigFor({ jurisdiction: "eu", stage: "growth" }).residency.settings;
    for (const p of residencyPack.policies) expect(initial[p.name]).toEqual({ ...expected, level: levels[p.enforcementLevel] });
  });

  it("Analyze: a bucket whose provider is in us-east-1 gets the in-process violation", async () => {
    const us = awsProvider("us-east-1-provider", "us-east-1");
    const bucket = res("aws:s3/bucket:Bucket", "logs", { forceDestroy: false }, { provider: us.urn });
    const [expected] = run(regionalResourceInJurisdiction, [us, bucket], configFor("eu", "growth").residency.settings);
    expect(expected!.message).toBe(
      "logs (aws:s3/bucket:Bucket) is in us-east-1 (its provider's region), outside jurisdiction eu; allowed aws regions: eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2",
    );

    const req = new proto.AnalyzeRequest();
    req.setType(bucket.type);
    req.setUrn(bucket.urn);
    req.setName(bucket.name);
    req.setProperties(struct(bucket.props));
    req.setOptions(options());
    req.setProvider(provider({ type: us.type, urn: us.urn, name: us.name, props: us.props }));
    const got = diagnostics(await s.call("analyze", req));
    expect(got).toEqual([
      {
        policyName: "regional-resource-in-jurisdiction",
        policyPackName: residencyPack.name,
        // The analyzer prefixes the policy's description to the reported message.
        message: `${regionalResourceInJurisdiction.description}\n${expected!.message}`,
        urn: "",
        enforcementLevel: proto.EnforcementLevel.MANDATORY,
      },
    ]);
  });

  it("AnalyzeStack: replication to a bucket not known yet at preview is resolved through property dependencies", async () => {
    const eu = awsProvider("eu", "eu-west-1");
    const us = awsProvider("us", "us-east-1");
    const source = res("aws:s3/bucket:Bucket", "logs", {}, { provider: eu.urn });
    const replica = res("aws:s3/bucket:Bucket", "logs-replica", {}, { provider: us.urn });
    const cfg = res("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "log-replication", {
      bucket: unknown,
      role: "arn:aws:iam::123456789012:role/replication",
      rules: [{ id: "all", status: "Enabled", destination: { bucket: unknown } }],
    }, { provider: eu.urn });
    // In-process (the planner knows the ARN) and over gRPC (the engine at preview knows only the dependency).
    const inProcess = run(bucketReplicationInJurisdiction, [eu, us, { ...source, id: "logs-1" }, { ...replica, id: "logs-replica-2" }, {
      ...cfg,
      props: { ...cfg.props, bucket: "logs-1", rules: [{ id: "all", status: "Enabled", destination: { bucket: "arn:aws:s3:::logs-replica-2" } }] },
    }], configFor("eu", "growth").residency.settings);

    const resource = (r: typeof source, prov: typeof eu, deps: Record<string, string[]> = {}) => {
      const a = new proto.AnalyzerResource();
      a.setType(r.type);
      a.setUrn(r.urn);
      a.setName(r.name);
      a.setProperties(struct(r.props));
      a.setOptions(options());
      a.setProvider(provider({ type: prov.type, urn: prov.urn, name: prov.name, props: prov.props }));
      for (const [k, urns] of Object.entries(deps)) {
        const d = new proto.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        a.getPropertydependenciesMap().set(k, d);
      }
      return a;
    };
    const req = new proto.AnalyzeStackRequest();
    req.setResourcesList([resource(source, eu), resource(replica, us), resource(cfg, eu, { bucket: [source.urn], rules: [replica.urn], role: [] })]);
    const got = diagnostics(await s.call("analyzeStack", req)).filter((d) => d.policyName === "bucket-replication-in-jurisdiction");
    expect(inProcess.map((v) => v.message)).toEqual([
      "log-replication (aws:s3/bucketReplicationConfig:BucketReplicationConfig) replicates to logs-replica in us-east-1, outside jurisdiction eu; allowed aws regions: eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2",
    ]);
    expect(got).toEqual([
      {
        policyName: "bucket-replication-in-jurisdiction",
        policyPackName: residencyPack.name,
        message: `${bucketReplicationInJurisdiction.description}\n${inProcess[0]!.message}`,
        urn: cfg.urn,
        enforcementLevel: proto.EnforcementLevel.MANDATORY,
      },
    ]);
  });
});

describe("guardrails pack through the Analyzer gRPC service", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve("guardrails");
  }, 120_000);
  afterAll(() => {
    s?.child.kill();
  });

  it("serves the same policies, configured for the growth stage", async () => {
    const { info, initial } = await handshake(s, guardrailsPack);
    expect(info.getVersion()).toBe(packFacts("guardrails").pkg.version);
    expect(info.getPoliciesList().map((p) => p.getName())).toEqual(guardrailsPack.policies.map((p) => p.name));
    expect(initial["budgets-present"]).toEqual({ ...policyConfigFor({ jurisdiction: "eu", stage: "growth" }).guardrails.settings, level: proto.EnforcementLevel.MANDATORY });
  });

  it("Analyze: a cache without TLS gets the in-process violation", async () => {
    // Tags come from the provider's defaultTags, as JSON text the way the engine sends provider config.
    const eu = awsProvider("eu", "eu-west-1", { stage: "growth", owner: "platform-team", "cost-center": "cc-1002" });
    const cache = res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", { atRestEncryptionEnabled: true, transitEncryptionEnabled: false, authToken: "t0ken" }, { provider: eu.urn });
    const [expected] = run(cacheEncryptedAndAuthenticated, [eu, cache], configFor("eu", "growth").guardrails.settings);
    const req = new proto.AnalyzeRequest();
    req.setType(cache.type);
    req.setUrn(cache.urn);
    req.setName(cache.name);
    req.setProperties(struct(cache.props));
    req.setOptions(options());
    req.setProvider(provider({ type: eu.type, urn: eu.urn, name: eu.name, props: eu.props }));
    const got = diagnostics(await s.call("analyze", req));
    expect(got).toEqual([
      {
        policyName: "cache-encrypted-and-authenticated",
        policyPackName: guardrailsPack.name,
        message: `${cacheEncryptedAndAuthenticated.description}\n${expected!.message}`,
        urn: "",
        enforcementLevel: proto.EnforcementLevel.MANDATORY,
      },
    ]);
    expect(expected!.message).toBe("cache (aws:elasticache/replicationGroup:ReplicationGroup) does not use TLS (transitEncryptionEnabled is not true)");
  });

  it("AnalyzeStack: a growth stack without a budget gets the stack-wide violation", async () => {
    const [expected] = run(budgetsPresent, [], configFor("eu", "growth").guardrails.settings);
    const a = new proto.AnalyzerResource();
    a.setType("aws:sqs/queue:Queue");
    a.setUrn("urn:pulumi:test::ai-infra::aws:sqs/queue:Queue::jobs");
    a.setName("jobs");
    a.setProperties(struct({ sqsManagedSseEnabled: true }));
    a.setOptions(options());
    const req = new proto.AnalyzeStackRequest();
    req.setResourcesList([a]);
    const got = diagnostics(await s.call("analyzeStack", req)).filter((d) => d.policyName === "budgets-present");
    expect(got).toEqual([
      { policyName: "budgets-present", policyPackName: guardrailsPack.name, message: `${budgetsPresent.description}\n${expected!.message}`, urn: "", enforcementLevel: proto.EnforcementLevel.MANDATORY },
    ]);
  });
});

describe("the pack entry with bad stack config", () => {
  it("refuses to start on an unknown jurisdiction, naming the key", async () => {
    const child = spawn(tsx, ["index.ts"], {
      cwd: path.join(repoRoot, "policies", "residency"),
      env: { ...process.env, PULUMI_CONFIG: JSON.stringify({ "ai-infra:jurisdiction": "atlantis", "ai-infra:stage": "growth" }) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).not.toBe(0);
    // No port printed: the engine never gets an analyzer that would run with a guessed config.
    expect(out).toBe("");
    expect(err).toContain('invalid policy config: jurisdiction: unknown jurisdiction "atlantis"; known: eu, us, uk, ca, au, jp, global');
  }, 60_000);
});
