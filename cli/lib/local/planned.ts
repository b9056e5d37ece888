import * as pulumi from "@pulumi/pulumi";
import { type CapturedResource, SecretValue, reveal } from "../../../planner/capture";
import { type MockOptions, PlanMocks } from "../../../planner/mocks";
import { type PlanOutcome, planStack } from "../../../planner/plan";
import type { StackFile } from "../../../planner/stack-file";

/**
 * The offline plan as `npm run local` reads it: every registration's inputs with secret values
 * (placeholders of the stack's secret config, never real keys) and every fake provider output, so
 * that a value one resource takes from another (an ARN, a generated password, a DNS name) can be
 * followed and mapped to the local server that stands in for it.
 */
export class RecordingMocks extends PlanMocks {
  /** URN → the state the fake provider returned (inputs + fake outputs). */
  readonly outputs = new Map<string, Record<string, unknown>>();

  override newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    // The base class wraps additionalSecretOutputs (a generated password) in an Output; record the
    // plain fake first, then wrap as it would.
    const cur = (this as unknown as { current?: { urn: string; additionalSecretOutputs: string[] } }).current;
    const secretKeys = cur?.additionalSecretOutputs ?? [];
    if (cur) cur.additionalSecretOutputs = [];
    const result = super.newResource(args);
    if (cur) {
      cur.additionalSecretOutputs = secretKeys;
      if (args.custom) this.outputs.set(cur.urn, reveal(result.state) as Record<string, unknown>);
    }
    for (const k of secretKeys) if (k in result.state) result.state[k] = pulumi.secret(result.state[k]);
    return result;
  }
}

export interface PlannedStack {
  outcome: PlanOutcome;
  resources: readonly LocalResource[];
}

/** One registration: its inputs with secrets revealed, its fake outputs, whether an input was secret. */
export interface LocalResource {
  urn: string;
  type: string;
  name: string;
  id?: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

export async function planForLocal(file: StackFile, mocksOptions?: MockOptions): Promise<PlannedStack> {
  let recorder: RecordingMocks | undefined;
  const outcome = await planStack(file, {
    mocks: (o) => {
      recorder = new RecordingMocks({ ...o, ...(mocksOptions ?? {}) });
      return recorder;
    },
  });
  const resources = (outcome.captured ?? []).map((r: CapturedResource) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    ...(r.id ? { id: r.id } : {}),
    inputs: reveal(r.inputs) as Record<string, unknown>,
    outputs: recorder?.outputs.get(r.urn) ?? {},
  }));
  return { outcome, resources };
}

export { SecretValue };

/** Helpers over the planned resources. */
export class Resources {
  constructor(readonly all: readonly LocalResource[]) {}
  ofType(type: string): LocalResource[] {
    return this.all.filter((r) => r.type === type);
  }
  one(type: string, suffix = ""): LocalResource {
    const found = this.all.filter((r) => r.type === type && r.name.endsWith(suffix));
    if (found.length !== 1) throw new Error(`the plan has ${found.length} ${type}${suffix ? ` named *${suffix}` : ""}, expected one`);
    return found[0]!;
  }
  maybe(type: string, suffix = ""): LocalResource | undefined {
    return this.all.find((r) => r.type === type && r.name.endsWith(suffix));
  }
  /** The resource whose fake id (a resource reference in another's inputs) is `id`. */
  byId(id: unknown): LocalResource | undefined {
    return typeof id === "string" ? this.all.find((r) => r.id === id) : undefined;
  }
}

export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
