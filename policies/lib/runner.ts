import type { PolicyResource, PolicyResourceOptions, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";

/**
 * The analyzer's own proxy: at preview it throws `UnknownValueError` when a policy reads a value
 * the engine does not know yet. Required from its module (its typings are internal) so that the
 * analyzer server is not loaded.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(v: T): T;
  UnknownValueError: new (...args: never[]) => Error;
  unknownStringValue: string;
};
const { unknownCheckingProxy, UnknownValueError } = proxy;
type UnknownValueError = Error;
/** The sentinel the engine sends policies for an unknown value (a string's; the type is not known here). */
export const unknownSentinel = proxy.unknownStringValue;
import type { PackConfig } from "./config";
import { type Props, cloudOf, isProvider } from "./resources";
import type { KitPack, KitPolicy, PolicyProviderResource, Violation } from "./types";

/**
 * Runs a pack's policies in-process, the way the analyzer server does for `pulumi preview`:
 * resource policies once per resource with `ResourceValidationArgs`, stack policies once with
 * every resource, the enforcement level from the policy config over the policy's default,
 * `notApplicable` caught. The offline planner uses this instead of the gRPC server, which cannot
 * run beside the mock runtime (and one process may serve only one pack).
 */

/** One resource as the planner knows it. */
export interface InProcessResource {
  urn: string;
  type: string;
  name: string;
  /** Inputs, with outputs the planner resolved (references arrive as ids). */
  props: Props;
  /** URN of the explicit provider the resource was registered with. */
  provider?: string | null;
  /** Region the planner resolved, used as the default provider's region when none is explicit. */
  region?: string | null;
  parent?: string | null;
  /** The `protect` resource option. */
  protect?: boolean;
  /** The (fake) physical id, for matching references between resources. */
  id?: string;
  /** Input key → URNs its value came from (the engine sends these to stack policies). */
  propertyDependencies?: Record<string, string[]>;
}

/** How the planner runs a pack: on resolved values, or as at `pulumi preview` (unknowns throw). */
export interface RunOptions {
  preview?: boolean;
  /** Run only the policies of these names (the planner re-judges at `pulumi up` only what the preview could not decide). */
  only?: ReadonlySet<string>;
}

/** The analyzer's words for a policy that read an unknown value: reported, never a pass. */
export const notCheckablePrefix = "not checkable at preview: ";

class NotApplicable extends Error {}

function pulumiTypeOf(cls: unknown): string | undefined {
  const t = (cls as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  return typeof t === "string" ? t : undefined;
}

function optionsOf(r: InProcessResource): PolicyResourceOptions {
  return {
    protect: r.protect === true,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(r.parent ? { parent: r.parent } : {}),
  };
}

function providersOf(resources: readonly InProcessResource[]): (r: InProcessResource) => PolicyProviderResource | undefined {
  const byUrn = new Map(resources.filter((r) => isProvider(r.type)).map((r) => [r.urn, r]));
  return (r) => {
    if (isProvider(r.type)) return undefined;
    const explicit = r.provider ? byUrn.get(r.provider) : undefined;
    if (explicit) return { type: explicit.type, urn: explicit.urn, name: explicit.name, props: explicit.props };
    // Like the engine's default provider: configured from the stack's `<cloud>:region`.
    const cloud = cloudOf(r.type);
    if (!cloud || !r.region) return undefined;
    return { type: `pulumi:providers:${cloud}`, urn: `default_${cloud}`, name: `default_${cloud}`, props: { region: r.region } };
  };
}

export function runPack<S extends object>(pack: KitPack, resources: readonly InProcessResource[], config: PackConfig<S>, opts: RunOptions = {}): Violation[] {
  const out: Violation[] = [];
  const provider = providersOf(resources);
  const guard = (p: Props) => (opts.preview ? (unknownCheckingProxy(p) as Props) : p);
  const views = resources.map((r) => ({ r, props: guard(r.id !== undefined && !("id" in r.props) ? { ...r.props, id: r.id } : r.props), provider: provider(r) }));
  // Like the analyzer: a policy that reads an unknown value cannot run; say so, naming the value.
  const unknown = (p: KitPolicy, urn: string | null, e: UnknownValueError) =>
    out.push({ policy: p.name, urn, message: `${notCheckablePrefix}${e.message}`, level: "advisory", notCheckable: true });
  const settings = config.settings;
  const common = {
    stackTags: new Map<string, string>() as ReadonlyMap<string, string>,
    getConfig: <T extends object>() => settings as unknown as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
  // One set of arguments per resource, shared by every resource policy (policies only read them).
  // What both views say of a resource: its identity, inputs, options and type tests.
  const resourceOf = ({ r, props, provider: prov }: (typeof views)[number]) => ({
    type: r.type,
    props,
    urn: r.urn,
    name: r.name,
    opts: optionsOf(r),
    ...(prov ? { provider: prov } : {}),
    isType: (cls: unknown) => pulumiTypeOf(cls) === r.type,
    asType: ((cls: unknown) => (pulumiTypeOf(cls) === r.type ? props : undefined)) as ResourceValidationArgs["asType"],
  });
  let resourceArgs: ResourceValidationArgs[] | undefined;
  const argsOfResources = () => (resourceArgs ??= views.map((v) => ({ ...common, ...resourceOf(v) })));

  // The stack policies' view of every resource, built once and shared the same way.
  let policyResources: PolicyResource[] | undefined;
  const stackResources = () => {
    if (policyResources) return policyResources;
    const byUrn = new Map<string, PolicyResource>();
    const built: PolicyResource[] = views.map((v) => ({ ...resourceOf(v), dependencies: [], propertyDependencies: {} }));
    for (const pr of built) byUrn.set(pr.urn, pr);
    // Then each input's dependencies as the resources they name, as the analyzer hands them over.
    views.forEach(({ r }, i) => {
      const deps = Object.entries(r.propertyDependencies ?? {}).map(([k, urns]) => [k, urns.flatMap((u) => byUrn.get(u) ?? [])]);
      built[i]!.propertyDependencies = Object.fromEntries(deps);
    });
    policyResources = built;
    return built;
  };

  for (const p of pack.policies as readonly KitPolicy[]) {
    const level = config.enforcement[p.name] ?? p.enforcementLevel;
    if (level === "disabled" || (opts.only && !opts.only.has(p.name))) continue;
    const report = (fallbackUrn: string | null) => (message: string, urn?: string) =>
      out.push({ policy: p.name, urn: urn ?? fallbackUrn, message, level });
    const settle = (result: unknown) => {
      if (result && typeof (result as Promise<void>).then === "function") {
        throw new Error(`policy ${p.name} returned a promise; the kit's policies are synchronous so the planner can run them in-process`);
      }
    };

    if ("validateResource" in p && p.validateResource) {
      const fns = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
      for (const args of argsOfResources()) {
        const reportHere = report(args.urn);
        for (const fn of fns) {
          try {
            settle(fn(args, reportHere));
          } catch (e) {
            if (e instanceof UnknownValueError) unknown(p, args.urn, e);
            else if (!(e instanceof NotApplicable)) throw e;
          }
        }
      }
    }
    if ("validateStack" in p && p.validateStack) {
      const args: StackValidationArgs = { ...common, resources: stackResources() };
      try {
        settle(p.validateStack(args, report(null)));
      } catch (e) {
        if (e instanceof UnknownValueError) unknown(p, null, e);
        else if (!(e instanceof NotApplicable)) throw e;
      }
    }
  }
  return out;
}
