import * as pulumi from "@pulumi/pulumi";
import * as runtimeState from "@pulumi/pulumi/runtime/state";
import { type CapturedResource, fromWire, packageOf, providerUrn, regionOfLocation, reveal, unwrapSecret } from "./capture";
import { sdkInputs, sdkOutputs } from "../policies/lib/resources";
import { type FakeResult, fakeAccountId, fakeEksOutputs, fakeGcpProjectNumber, fakeOutputs } from "./fakes";

/**
 * The Pulumi mock runtime as the planner and the component tests use it: fake but realistic
 * provider outputs, every registration captured with its parent and provider, and invokes limited
 * to a known table so that a data source that needs a cloud cannot slip into the program.
 */

export interface MockOptions {
  project?: string;
  stack?: string;
  /** Default provider settings, as `aws:region` / `gcp:region` / `gcp:project` in stack config. */
  defaults?: { awsRegion?: string; gcpRegion?: string; gcpProject?: string };
  /** Extra invoke answers (token → function of the invoke's inputs) for tests. */
  invokes?: Record<string, InvokeFn>;
  /**
   * Run as `pulumi preview` does (`isDryRun`): a resource being created gets back its inputs and
   * what the provider settles at plan time (auto-names, which are inputs), and no id; every other
   * output is unknown, so `apply` callbacks on them do not run.
   */
  preview?: boolean;
  /**
   * Record on each resource the URNs it is also known by (`aliases`), computed by the SDK itself as
   * it does for an engine without alias specs: a renamed component's old URN, and every child's
   * URN under each of its parent's aliases. The URN-stability tests read them; plans do not.
   */
  aliasUrns?: boolean;
}

/** Marks an output the program received from a fake that does not model it (resolved runs only). */
export const unmodelledPrefix = "[unmodelled output ";
const unmodelled = (type: string, prop: string) => `${unmodelledPrefix}${type}.${prop}]`;

export type InvokeFn = (inputs: Record<string, unknown>, ctx: { region: string; project: string }) => Record<string, unknown>;

/** Thrown (and recorded) for an invoke the planner has no answer for. */
export class UnmockedInvokeError extends Error {
  constructor(readonly token: string) {
    super(
      `unmocked invoke ${token}: the offline plan answers only the data sources in planner/mocks.ts (invokeTable); ` +
        "a data source that needs the cloud breaks offline plans; pass the value in through config or an Output instead",
    );
    this.name = "UnmockedInvokeError";
  }
}

interface PolicyStatement {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

/** `aws.iam.getPolicyDocument` computes JSON locally in the real provider too; so does the planner. */
function policyDocument(inputs: Record<string, unknown>): Record<string, unknown> {
  const one = (xs: string[]) => (xs.length === 1 ? xs[0] : xs);
  const statements = ((inputs.statements as PolicyStatement[] | undefined) ?? []).map((s) => {
    const st: Record<string, unknown> = {};
    if (s.sid) st.Sid = s.sid;
    st.Effect = s.effect ?? "Allow";
    if (s.actions) st.Action = one(s.actions);
    if (s.notActions) st.NotAction = one(s.notActions);
    if (s.resources) st.Resource = one(s.resources);
    if (s.notResources) st.NotResource = one(s.notResources);
    if (s.principals) {
      const p: Record<string, unknown> = {};
      for (const pr of s.principals) p[pr.type] = one(pr.identifiers);
      st.Principal = p;
    }
    if (s.conditions) {
      const c: Record<string, Record<string, unknown>> = {};
      for (const cd of s.conditions) (c[cd.test] ??= {})[cd.variable] = one(cd.values);
      st.Condition = c;
    }
    return st;
  });
  const json = JSON.stringify({ Version: inputs.version ?? "2012-10-17", Statement: statements });
  return { id: String(json.length), json, minifiedJson: json };
}

const zones = (region: string) => ["a", "b", "c"].map((z) => `${region}${z}`);

/** Data sources the offline plan can answer without a cloud. Anything else throws. */
export const invokeTable: Readonly<Record<string, InvokeFn>> = {
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: fakeAccountId,
    arn: `arn:aws:iam::${fakeAccountId}:user/ai-infra-plan`,
    userId: "AIDAFAKEOFFLINEPLAN",
    id: fakeAccountId,
  }),
  "aws:index/getRegion:getRegion": (_, { region }) => ({ id: region, name: region, region, endpoint: `ec2.${region}.amazonaws.com`, description: region }),
  "aws:index/getPartition:getPartition": () => ({ id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" }),
  "aws:index/getAvailabilityZones:getAvailabilityZones": (_, { region }) => ({
    id: region,
    names: zones(region),
    zoneIds: zones(region).map((_z, i) => `${region.replace(/-/g, "").slice(0, 4)}-az${i + 1}`),
    groupNames: [region],
  }),
  "aws:iam/getPolicyDocument:getPolicyDocument": (inputs) => policyDocument(inputs),
  "gcp:organizations/getProject:getProject": (inputs, { project }) => {
    const id = typeof inputs.projectId === "string" ? inputs.projectId : project;
    return { id: `projects/${id}`, projectId: id, number: fakeGcpProjectNumber, name: id };
  },
  "gcp:organizations/getClientConfig:getClientConfig": (_, { project, region }) => ({
    id: "offline-plan",
    project,
    region,
    zone: `${region}-a`,
    accessToken: pulumi.secret("offline-plan-token"),
  }),
  "gcp:compute/getZones:getZones": (_, { region }) => ({ id: region, names: ["a", "b", "c"].map((z) => `${region}-${z}`), project: "" }),
};

interface Pending {
  urn: string;
  custom: boolean;
  parent?: string;
  provider?: string;
  inputs: Record<string, unknown>;
  additionalSecretOutputs: string[];
  protect: boolean;
  /** The `ignoreChanges` resource option: input paths whose later changes the engine ignores. */
  ignoreChanges: string[];
  /** Input key → URNs of the resources its value came from (what the engine hands policies). */
  propertyDependencies: Record<string, string[]>;
  /** URNs the resource waits for (`dependsOn`, and the resources its inputs came from). */
  dependencies: string[];
  /** Position of the request among all registrations. */
  seq: number;
  /** URNs the SDK computed for the resource's aliases (with `aliasUrns`). */
  aliases: string[];
}

/** What a request to the monitor tells about the resource being registered. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getAdditionalsecretoutputsList(): string[];
  getProtect?(): boolean;
  getIgnorechangesList?(): string[];
  /** Package → provider reference; remote components (`eks:index:Cluster`) get theirs this way. */
  getProvidersMap?(): { get(pkg: string): string | undefined };
  getPropertydependenciesMap?(): { forEach(fn: (deps: { getUrnsList(): string[] }, key: string) => void): void } | undefined;
  getDependenciesList?(): string[];
  /** Alias URNs, when the SDK computes them (no alias specs). */
  getAliasurnsList?(): string[];
}

/**
 * The fake id and outputs of one custom resource (`fakes.ts`), given its inputs (secrets revealed)
 * and its provider's region and project: a region or location input of the resource's own wins,
 * as it does with the real providers.
 */
export function fakeRegistration(type: string, name: string, urn: string, inputs: Record<string, unknown>, ctx: { region: string; project: string }): FakeResult {
  const region = typeof inputs.region === "string" ? inputs.region : typeof inputs.location === "string" ? regionOfLocation(inputs.location) : ctx.region;
  return fakeOutputs({ type, name, urn, inputs, region, project: typeof inputs.project === "string" ? inputs.project : ctx.project });
}

export class PlanMocks implements pulumi.runtime.Mocks {
  readonly resources: CapturedResource[] = [];
  readonly byUrn = new Map<string, CapturedResource>();
  /** Invoke tokens the program called that the table has no answer for. */
  readonly unmockedInvokes: string[] = [];
  readonly invokes: Record<string, InvokeFn>;
  /** Registrations sent to the monitor and not answered yet. */
  pending = 0;
  private current?: Pending;
  private seq = 0;
  private readonly order = new Map<string, number>();

  constructor(readonly options: MockOptions = {}) {
    this.invokes = { ...invokeTable, ...(options.invokes ?? {}) };
  }

  private regionContext(provider?: string, pkg?: string): { region: string; project: string } {
    const d = this.options.defaults ?? {};
    const prov = this.byUrn.get(providerUrn(provider) ?? "");
    const input = (k: string) => {
      const v = unwrapSecret(prov?.inputs[k]);
      return typeof v === "string" && v !== "" ? v : undefined;
    };
    const zone = input("zone");
    const region = input("region") ?? (zone ? regionOfLocation(zone) : undefined);
    const p = prov ? packageOf(prov.type) : pkg;
    return {
      region: region ?? (p === "gcp" ? d.gcpRegion : d.awsRegion) ?? d.awsRegion ?? d.gcpRegion ?? "us-east-1",
      project: input("project") ?? d.gcpProject ?? "ai-infra-plan",
    };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const fn = this.invokes[args.token];
    if (!fn) {
      this.unmockedInvokes.push(args.token);
      throw new UnmockedInvokeError(args.token);
    }
    return fn(reveal(args.inputs) as Record<string, unknown>, this.regionContext(args.provider, args.token.split(":")[0]));
  }

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    const cur = this.current;
    // A remote component's outputs come from its provider process, which mocks do not run: the
    // cluster component reads the EKS cluster's kubeconfig and OIDC issuer, so fake them.
    if (args.type === "eks:index:Cluster") {
      const name = typeof args.inputs.name === "string" ? args.inputs.name : args.name;
      return { id: undefined, state: { ...args.inputs, ...fakeEksOutputs(name, this.regionContext(cur?.provider, "aws").region) } };
    }
    // Components have no provider state; the SDK only needs their URN back.
    if (!args.custom) return { id: undefined, state: {} };
    const urn = cur?.urn ?? `${args.type}::${args.name}`;
    if (args.type.startsWith("pulumi:providers:")) return { id: `${args.name}-provider-id`, state: args.inputs };
    const inputs = cur ? (reveal(cur.inputs) as Record<string, unknown>) : {};
    const fake = fakeRegistration(args.type, args.name, urn, inputs, this.regionContext(cur?.provider, args.type.split(":")[0]));
    if (this.options.preview) {
      // The engine's preview of a create: the provider's checked inputs (auto-names included) and
      // nothing else; absent outputs and the empty id reach the program as unknown.
      const declared = sdkInputs(args.type);
      const known = Object.fromEntries(Object.entries(fake.outputs).filter(([k]) => declared?.has(k) ?? false));
      const state: Record<string, unknown> = { ...args.inputs, ...known };
      for (const k of cur?.additionalSecretOutputs ?? []) if (k in state) state[k] = pulumi.secret(state[k]);
      return { id: undefined, state };
    }
    const state: Record<string, unknown> = { ...args.inputs, ...fake.outputs };
    // An output the program may read that no fake models: hand out a marker the plan looks for in
    // every input, so a missing fake fails the plan (exit 4) instead of flowing on as undefined.
    for (const k of sdkOutputs(args.type) ?? []) if (!(k in state)) state[k] = unmodelled(args.type, k);
    // The engine keeps outputs named in additionalSecretOutputs secret; without an engine, do it here.
    for (const k of cur?.additionalSecretOutputs ?? []) if (k in state) state[k] = pulumi.secret(state[k]);
    return { id: fake.id, state };
  }

  /** Called by the monitor wrapper before the monitor asks `newResource`, with what only the request knows. */
  begin(req: RegisterRequest, urn: string): void {
    const inputs = fromWire(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
    this.current = {
      urn,
      custom: req.getCustom(),
      parent: req.getParent() || undefined,
      provider: req.getProvider() || req.getProvidersMap?.()?.get("aws") || undefined,
      inputs,
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      protect: req.getProtect?.() ?? false,
      ignoreChanges: req.getIgnorechangesList?.() ?? [],
      propertyDependencies: dependenciesOf(req),
      dependencies: req.getDependenciesList?.() ?? [],
      seq: this.seq++,
      aliases: req.getAliasurnsList?.() ?? [],
    };
  }

  end(type: string, name: string, urn: string, pending: Pending | undefined, id?: string): void {
    if (!pending || this.byUrn.has(urn)) return;
    const r: CapturedResource = { urn, type, name, custom: pending.custom, inputs: pending.inputs };
    if (id) r.id = id;
    if (pending.protect) r.protect = true;
    if (pending.ignoreChanges.length > 0) r.ignoreChanges = [...pending.ignoreChanges];
    if (pending.parent) r.parent = pending.parent;
    if (pending.provider) r.provider = pending.provider;
    if (Object.keys(pending.propertyDependencies).length > 0) r.propertyDependencies = pending.propertyDependencies;
    if (pending.dependencies.length > 0) r.dependencies = [...pending.dependencies].sort();
    if (pending.aliases.length > 0) r.aliases = [...pending.aliases].sort();
    // Report in the order the program asked for registrations, not the order the answers came back.
    const at = this.resources.findIndex((x) => (this.order.get(x.urn) ?? 0) > pending.seq);
    this.order.set(urn, pending.seq);
    if (at < 0) this.resources.push(r);
    else this.resources.splice(at, 0, r);
    this.byUrn.set(urn, r);
  }

  takeCurrent(): Pending | undefined {
    const c = this.current;
    this.current = undefined;
    return c;
  }
}

function dependenciesOf(req: RegisterRequest): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  req.getPropertydependenciesMap?.()?.forEach((deps, key) => {
    const urns = deps.getUrnsList();
    if (urns.length > 0) out[key] = urns;
  });
  return out;
}

/**
 * The engine's URN rule: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the
 * qualified type is the parent's whole qualified type (its own ancestors' types included), `$`,
 * then this type. The root stack resource (`pulumi:pulumi:Stack`) is never part of the chain, so
 * a top-level resource's qualified type is its own type.
 * https://pkg.go.dev/github.com/pulumi/pulumi/sdk/v3/go/common/resource/urn (format);
 * `createUrn` in @pulumi/pulumi's resource.ts builds alias URNs the same way. The SDK's mock
 * monitor keeps only the parent's last type, which the planner replaces with this rule.
 */
export function childUrn(stack: string, project: string, parent: string, type: string, name: string): string {
  let qualified = type;
  const parentType = parent ? parent.split("::")[2] : undefined;
  if (parentType === undefined && parent) throw new Error(`malformed parent URN ${parent}`);
  if (parentType && parentType !== rootStackType) qualified = `${parentType}$${type}`;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The root stack resource's type: https://pkg.go.dev/github.com/pulumi/pulumi/sdk/v3/go/common/resource#RootStackType */
export const rootStackType = "pulumi:pulumi:Stack";

interface MonitorLike {
  newUrn?(parent: string, type: string, name: string): string;
  registerResource(req: RegisterRequest, cb: (err: unknown, resp: { getUrn(): string; getId?(): string } | undefined) => void): unknown;
  readResource(req: { getType(): string; getId(): string }, cb: (err: unknown, resp: unknown) => void): unknown;
}

/**
 * Install the mocks: the runtime in mock mode with this project and stack, and the monitor wrapped
 * so every registration is captured with its parent and provider (the mock API alone sees neither).
 * Call before importing a module that creates resources at load time. Tests that record more of
 * each request pass their own `PlanMocks` subclass as `mocks`.
 */
export async function installMocks<M extends PlanMocks = PlanMocks>(options: MockOptions = {}, mocks: M = new PlanMocks(options) as M): Promise<M> {
  const project = options.project ?? "ai-infra";
  const stack = options.stack ?? "dev";
  await pulumi.runtime.setMocks(mocks, project, stack, options.preview ?? false);
  // Without alias specs the SDK turns every alias into URNs itself, children's inherited ones too
  // (`allAliases` in @pulumi/pulumi's resource.ts), and sends them on the request.
  // (`getStore` is left out of the SDK's type declarations.)
  if (options.aliasUrns) (runtimeState as unknown as { getStore(): { supportsAliasSpecs: boolean } }).getStore().supportsAliasSpecs = false;
  const monitor = (pulumi.runtime as unknown as { getMonitor(): MonitorLike }).getMonitor();
  // The mock monitor answers each registration with the URN its `newUrn` builds (and keys outputs
  // and `getResource` by it); give it the engine's rule so every URN the program sees is the engine's.
  if (typeof monitor.newUrn !== "function") throw new Error("@pulumi/pulumi's mock monitor has no newUrn; the planner's URN rule cannot be installed");
  monitor.newUrn = (parent, type, name) => childUrn(stack, project, parent, type, name);
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const urn = childUrn(stack, project, req.getParent(), req.getType(), req.getName());
    mocks.pending++;
    mocks.begin(req, urn);
    let pending: Pending | undefined;
    // The mock monitor calls `newResource` synchronously inside this call, so `current` is its request.
    const result = register(req, (err, resp) => {
      mocks.pending--;
      if (!err && resp) mocks.end(req.getType(), req.getName(), resp.getUrn(), pending, resp.getId?.());
      cb(err, resp);
    });
    pending = mocks.takeCurrent();
    return result;
  };
  // `Resource.get(...)` reads live state, which an offline plan has as little as an invoke's answer.
  monitor.readResource = (req, cb) => {
    const what = `read of existing ${req.getType()} '${req.getId()}'`;
    mocks.unmockedInvokes.push(what);
    cb(new Error(`${what}: an offline plan cannot read live resources; pass the value in through config instead`), undefined);
  };
  return mocks;
}

/**
 * Wait until every registration has been answered and the SDK's RPC queue has drained: resources
 * registered inside `apply` callbacks appear only after their inputs resolve, so one pass is not
 * enough.
 */
export async function settle(mocks: PlanMocks, timeoutMs = 60_000): Promise<void> {
  const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 3) {
    if (Date.now() > deadline) throw new Error(`registrations did not settle within ${timeoutMs} ms (${mocks.pending} pending)`);
    const before = mocks.resources.length;
    await waitForRPCs?.();
    await new Promise((r) => setImmediate(r));
    quiet = mocks.pending === 0 && mocks.resources.length === before ? quiet + 1 : 0;
  }
}

/** Await an Output (or a structure of them), rejecting when it fails instead of never resolving. */
export function awaitOutput<T>(value: T): Promise<unknown> {
  const out = pulumi.output(value) as unknown as { promise(withUnknowns?: boolean): Promise<unknown> };
  return out.promise(true);
}
