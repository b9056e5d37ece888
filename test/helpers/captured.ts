/**
 * The capture plumbing the cloud adapter harnesses (`test/aws/harness.ts`, `test/gcp/harness.ts`)
 * share: every registration recorded with its inputs as the mock API hands them (secrets still in
 * their wire wrapping, so a test can tell a secret from a plain value) and its provider, every
 * invoke recorded and refused, and the look-ups the tests make over what was captured.
 *
 * The fake outputs are the planner's (`planner/fakes.ts`, through `plannerFake`): one table of
 * fake account, project number, ARNs, ids, DNS names and passwords for plans and tests alike. A
 * harness supplies only what is cloud-specific: where a registration's region and project come
 * from, and which outputs the engine would keep secret. One process runs one test file (vitest
 * `pool: "forks"`), so the capture lists are per file.
 */
import * as pulumi from "@pulumi/pulumi";
import { fromWire, isWireSecret, reveal } from "../../planner/capture";
import { fakeRegistration } from "../../planner/mocks";

export interface Captured {
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, any>;
  /** Provider reference `urn::id`, when the resource names one. */
  provider?: string;
  id: string;
  /** The outputs the fake added on top of the inputs (the planner's table); empty for providers and components. */
  outputs: Record<string, any>;
}

export const captured: Captured[] = [];
export const invokes: string[] = [];

/** Forget what was captured (to register a second program in the same process). */
export function resetCaptured(): void {
  captured.length = 0;
  invokes.length = 0;
}

/** A cloud's fakes: the physical id, the state (inputs plus outputs) and the outputs alone of one registration. */
export type FakeResource = (args: pulumi.runtime.MockResourceArgs) => { id: string; state: Record<string, any>; outputs: Record<string, any> };

/**
 * The planner's fake for one registration (`planner/fakes.ts`). The mock API hands no URN, so the
 * resource is keyed `<type>::<name>`, as the planner keys a registration it has no URN for: the
 * values are the planner's, derived from that key.
 */
export function plannerFake(args: pulumi.runtime.MockResourceArgs, ctx: { region: string; project: string }): { id: string; outputs: Record<string, any> } {
  const inputs = reveal(fromWire(args.inputs ?? {})) as Record<string, unknown>;
  const fake = fakeRegistration(args.type, args.name, `${args.type}::${args.name}`, inputs, ctx);
  return { id: fake.id, outputs: fake.outputs };
}

/**
 * Put the runtime in mock mode: each registration is captured (with the id the fakes gave it),
 * each invoke is recorded and throws `unmockedInvoke(token)`, so a data source that would need a
 * cloud cannot slip in. Call BEFORE importing a module that registers resources.
 */
export function installCapturingMocks(
  opts: { project?: string; stack: string },
  fake: FakeResource,
  unmockedInvoke: (token: string) => string = (token) => `unmocked invoke ${token}`,
): void {
  pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const { id, state, outputs } = fake(args);
        captured.push({ type: args.type, name: args.name, custom: args.custom ?? true, inputs: args.inputs, provider: args.provider, id, outputs });
        return { id, state };
      },
      call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        invokes.push(args.token);
        throw new Error(unmockedInvoke(args.token));
      },
    },
    opts.project ?? "ai-infra",
    opts.stack,
    false,
  );
}

/**
 * Wait until no new registration has arrived for `rounds` polls `intervalMs` apart (resources
 * registered inside `apply` callbacks land only after their inputs resolve).
 */
export async function untilQuiet(intervalMs: number, rounds: number): Promise<void> {
  let last = -1;
  let quiet = 0;
  while (quiet < rounds) {
    await new Promise((r) => setTimeout(r, intervalMs));
    if (captured.length === last) quiet++;
    else {
      quiet = 0;
      last = captured.length;
    }
  }
}

/** Resolve an Output (including secret ones) under the mock runtime. */
export function resolve<T>(o: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
  return new Promise((res) => pulumi.output(o).apply((v) => res(v as T)));
}

export function ofType(type: string): Captured[] {
  return captured.filter((c) => c.type === type);
}

/** The one registration of a type (whose name ends so); throws when there are none or several. */
export function one(type: string, nameEndsWith?: string): Captured {
  const xs = ofType(type).filter((c) => (nameEndsWith ? c.name.endsWith(nameEndsWith) : true));
  if (xs.length !== 1) throw new Error(`expected one ${type}${nameEndsWith ? ` named *${nameEndsWith}` : ""}, found ${xs.length}${xs.length ? `: ${xs.map((c) => c.name).join(", ")}` : ""}`);
  return xs[0]!;
}

/** A Pulumi secret in wire form (`{<sig key>: <secret sig>, value}`), as mocked inputs carry it. */
export const isSecretWrapped = isWireSecret;

/** Every string anywhere inside a value; with `plainOnly`, strings inside Pulumi secrets are skipped. */
export function strings(v: unknown, plainOnly = false, out: string[] = []): string[] {
  if (plainOnly && isSecretWrapped(v)) return out;
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, plainOnly, out));
  else if (v && typeof v === "object") Object.values(v).forEach((x) => strings(x, plainOnly, out));
  return out;
}
