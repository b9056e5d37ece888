import { beforeAll, describe, expect, it } from "vitest";
import { laterStageSections } from "../../components/config/stage-sections";
import { type Captured, captured, installMocks, invokes, resetCaptured, settle, stackConfig } from "./harness";

// Mocks first: nothing that registers resources is imported before this line runs.
const stack = "growth-gcp-us-central1";
installMocks({ stack });

type Snapshot = Map<string, Captured>;
const key = (c: Captured) => `${c.type}::${c.name}`;
let prototype: Snapshot;
let growth: Snapshot;

/** Register the whole program for the growth stack's file at a given stage; return what was registered. */
async function planAt(stage: "prototype" | "growth"): Promise<Snapshot> {
  const { parseStack } = await import("../../components/config/parse");
  const { AiPlatform } = await import("../../components/platform/platform");
  const cfg = stackConfig(stack);
  const raw: Record<string, unknown> = { ...cfg.raw, stage };
  // The parser refuses growth's sections on a prototype: the file gains them when it is promoted.
  if (stage === "prototype") for (const section of laterStageSections("prototype", "gcp")) delete raw[section];
  const parsed = parseStack(raw, { project: "ai-infra", stack, secretKeys: new Set(["providerKeys"]) });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  resetCaptured();
  new AiPlatform("ai-infra", { stack: parsed.stack });
  await settle();
  if (invokes.length) throw new Error(`invokes: ${invokes.join(", ")}`);
  return new Map(captured.map((c) => [key(c), c]));
}

beforeAll(async () => {
  prototype = await planAt("prototype");
  growth = await planAt("growth");
});

/** Inputs that name a resource in GCP: a change to any of them replaces the resource. */
const identity = ["name", "accountId", "secretId", "apiId", "gatewayId", "datasetId", "tableId", "repositoryId", "location", "region", "replication", "topic"];

describe("promotion prototype → growth on GCP keeps every URN", () => {
  it("registers every prototype resource again at growth, with the same type and name", () => {
    expect(prototype.size).toBeGreaterThan(30);
    const missing = [...prototype.keys()].filter((k) => !growth.has(k));
    expect(missing).toEqual([]);
    expect(growth.size).toBeGreaterThan(prototype.size);
  });

  it("has the whole front door from the prototype on: promotion adds nothing to it and changes none of its inputs", () => {
    const front = (snap: Snapshot) => [...snap.values()].filter((c) => c.name.startsWith("ai-infra-global-frontdoor"));
    expect(front(prototype).map((c) => c.type)).toEqual(expect.arrayContaining(["gcp:compute/globalForwardingRule:GlobalForwardingRule", "gcp:compute/uRLMap:URLMap", "gcp:compute/securityPolicy:SecurityPolicy"]));
    expect(front(growth).map(key).sort()).toEqual(front(prototype).map(key).sort());
    // Same stack file at both stages: the same domain, certificate, routes and rules.
    for (const c of front(prototype)) expect(JSON.stringify(growth.get(key(c))!.inputs), key(c)).toBe(JSON.stringify(c.inputs));
  });

  it("keeps the identity inputs of every prototype resource (no replacement)", () => {
    const changed: string[] = [];
    for (const [k, before] of prototype) {
      const after = growth.get(k)!;
      for (const f of identity) {
        if (JSON.stringify(before.inputs[f]) !== JSON.stringify(after.inputs[f])) changed.push(`${k}.${f}`);
      }
    }
    expect(changed).toEqual([]);
  });

  it("leaves the stateful resources' settings untouched", () => {
    const stateful = /storage\/bucket:Bucket$|secretmanager\/secret:Secret$|bigquery\/dataset:Dataset$|artifactregistry\/repository:Repository$/;
    const diffs = [...prototype.values()]
      .filter((c) => stateful.test(c.type))
      .filter((c) => JSON.stringify(c.inputs) !== JSON.stringify(growth.get(key(c))!.inputs))
      .map(key);
    expect(diffs).toEqual([]);
  });

  it("the check would catch a renamed child", () => {
    const renamed = new Map([...growth].map(([k, v]) => [k.replace("-logs-bucket", "-log-bucket"), v]));
    expect([...prototype.keys()].filter((k) => !renamed.has(k))).toEqual(["gcp:storage/bucket:Bucket::ai-infra-us-central1-logs-bucket"]);
  });
});
