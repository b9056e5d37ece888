/**
 * Mocks for the scale-stage component tests: the planner's mock runtime and its installation
 * (`planner/mocks.ts`: realistic fake outputs, every registration captured with parent and
 * provider, unmocked invokes and reads of live resources throw) plus what only these tests need:
 *
 * - each registration's explicit dependencies, so a test can show that a release is installed
 *   after another (dependsOn is not an input, and the planner does not record it).
 *
 * Call `installScaleMocks()` BEFORE importing a module that registers resources.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import * as pulumi from "@pulumi/pulumi";
import type { CapturedResource } from "../../planner/capture";
import { fakeAccountId, fakeEksOutputs } from "../../planner/fakes";
import { PlanMocks, installMocks, settle } from "../../planner/mocks";
import { parseStack, type Stack } from "../../components/config";
import { exampleRaw } from "./stacks";

export const fakeAccount = fakeAccountId;

/** Outputs of `eks:index:Cluster`: the planner's fakes, which these tests share. */
export { fakeEksOutputs };

export class ScaleMocks extends PlanMocks {
  /** URN → URNs of its explicit and implicit dependencies, as sent to the engine. */
  readonly dependencies = new Map<string, string[]>();
  awsRegion = "us-east-1";
  private readonly ids = new Map<string, string | undefined>();

  /** Records the request's dependencies, then captures it as the planner does. */
  override begin(req: Parameters<PlanMocks["begin"]>[0] & { getDependenciesList(): string[] }, urn: string): void {
    this.dependencies.set(urn, req.getDependenciesList());
    super.begin(req, urn);
  }

  override newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    const result = super.newResource(args);
    this.ids.set(`${args.type}::${args.name}`, result.id);
    return result;
  }

  /** Physical id the fakes gave a custom resource. */
  idOf(type: string, name: string): string | undefined {
    return this.ids.get(`${type}::${name}`);
  }

  byType(type: string): CapturedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  one(type: string, name: string): CapturedResource {
    const r = this.resources.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} named ${name}; have: ${this.byType(type).map((x) => x.name).join(", ") || "(none of that type)"}`);
    return r;
  }
}

export async function installScaleMocks(options: { stack: string; awsRegion?: string; gcpProject?: string; gcpRegion?: string }): Promise<ScaleMocks> {
  const mockOptions = {
    project: "ai-infra",
    stack: options.stack,
    defaults: { awsRegion: options.awsRegion, gcpRegion: options.gcpRegion, gcpProject: options.gcpProject },
  };
  const mocks = new ScaleMocks(mockOptions);
  if (options.awsRegion) mocks.awsRegion = options.awsRegion;
  return installMocks(mockOptions, mocks);
}

export { settle };

/** The validated spec of an example stack, read the way the program reads it. */
export function exampleSpec(stack: string): Stack {
  const { raw, secretKeys } = exampleRaw(stack);
  const r = parseStack(raw, { project: "ai-infra", stack, secretKeys });
  if (!r.ok) throw new Error(`${stack}: ${JSON.stringify(r.errors)}`);
  return r.stack;
}

/** The example scale stacks this issue adds (one per cloud). */
export const scaleStacks = ["scale-aws-us-east-1", "scale-gcp-europe-west4"] as const;

/** Plain JS of a captured input (secrets unwrapped). */
export function plain(v: unknown): any {
  if (v && typeof v === "object" && "value" in v && v.constructor?.name === "SecretValue") return plain((v as { value: unknown }).value);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** The pinned helm that scripts/setup/30-helm.sh installs. */
export const helmBin = path.resolve(__dirname, "..", "..", ".tools", "bin", "helm");

/**
 * `helm template` of the kit's chart with these values: helm validates the merged values against
 * the chart's values.schema.json, then renders. Returns the manifests, or helm's error text.
 */
export function helmTemplate(chart: string, values: unknown, release: string): { ok: true; docs: any[] } | { ok: false; stderr: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "vllm-values-"));
  const file = path.join(dir, `${release}.json`);
  writeFileSync(file, JSON.stringify(values));
  try {
    const out = execFileSync(helmBin, ["template", release, chart, "--namespace", "vllm", "-f", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { ok: true, docs: parseAllDocuments(out).map((d) => d.toJS()).filter(Boolean) };
  } catch (e) {
    return { ok: false, stderr: String((e as { stderr?: string }).stderr ?? e) };
  }
}
