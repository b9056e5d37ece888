import * as pulumi from "@pulumi/pulumi";
import { readRawConfig } from "../components/config/config";
import type { Stack } from "../components/config/model";
import { parseStack } from "../components/config/parse";
import { unknownSentinel } from "../policies/lib/runner";
import { type PlannedCapability, capabilitiesOf } from "./capabilities";
import { type CapturedResource, type PlannedResource, providerUrn, reveal, toPlanned } from "./capture";
import { type MockOptions, PlanMocks, awaitOutput, installMocks, settle } from "./mocks";
import { type PolicyRunner, type ResourceDetails, type Violation, hasMandatory, runPolicies } from "./policy";

const unknownMarker = "[unknown]";
import { type StackFile, checkoutRoots, encodeConfig, projectName } from "./stack-file";

/**
 * Exit codes shared by `plan` and `promote`, so CI can tell a bad stack file from a policy failure
 * from a broken program.
 */
export const exitCodes = {
  ok: 0,
  /** Invalid input: config errors (with property paths), unknown stack, unreadable file, bad arguments. */
  invalidConfig: 1,
  /** A mandatory policy violation. */
  policy: 2,
  /** promote only: a stateful resource would be deleted or replaced. */
  statefulChange: 3,
  /** The program itself failed under the mock runtime (exception, unmocked invoke): a kit bug. */
  programError: 4,
} as const;

export interface PlanError {
  path: string;
  message: string;
}

/** The `--json` document of a plan. */
export interface PlanResult {
  stack: string;
  stage: string | null;
  cloud: string | null;
  regions: string[];
  resources: PlannedResource[];
  /** The source material's capabilities the stack has, each with the components providing it (`capabilities.ts`); set once the program ran. */
  capabilities?: PlannedCapability[];
  policy: {
    violations: Violation[];
    /** Policies that read a value unknown at preview and could not decide there (never a pass). */
    notCheckable?: { policy: string; urn: string | null; message: string }[];
  };
  errors: PlanError[];
}

export interface PlanOutcome {
  result: PlanResult;
  exitCode: number;
  /** Given values of config errors, for the human output only (the JSON shape has path and message). */
  errorValues: Map<PlanError, unknown>;
  spec?: Stack;
  durationMs: number;
  /** What the policy runners were given beside the resources, so a test can re-run them on an edited plan. */
  details?: ReadonlyMap<string, ResourceDetails>;
  /** The registrations as captured, secrets as markers (not redacted): `npm run local` reads values from them. */
  captured?: readonly CapturedResource[];
  /** The program's stack outputs as the fakes resolve them (`apiUrl`, ...); secrets unwrapped. */
  outputs?: Record<string, unknown>;
}

export interface PlanOptions {
  /** The program to run; the kit's `program()` unless a test supplies another. */
  program?: () => unknown;
  /** Policy runners; the registry's by default. */
  runners?: readonly PolicyRunner[];
  /** Extra invoke answers (tests). */
  invokes?: MockOptions["invokes"];
  /** The mock runtime to capture with (a subclass that records more, e.g. provider outputs for `npm run local`). */
  mocks?: (options: MockOptions) => PlanMocks;
  /** Record each resource's alias URNs on `captured` (see `MockOptions.aliasUrns`). */
  aliasUrns?: boolean;
}

/** The built-in check behind "secrets never appear in plan output". */
export const secretLeakPolicy = "no-plaintext-secrets";

function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

function configValue(cfg: Record<string, unknown>, key: string): string | undefined {
  const v = cfg[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * Plan one stack: the config the Pulumi engine would hand the program, validated first (nothing
 * runs on an invalid config), then the kit's program under the mock runtime, every registration
 * captured, then the policy runners.
 */
export async function planStack(file: StackFile, opts: PlanOptions = {}): Promise<PlanOutcome> {
  return withoutStackTraces(() => planStackTraced(file, opts));
}

let untraced = 0;
let savedTraces: { limit: number; prepare: ErrorConstructor["prepareStackTrace"] } | undefined;

/**
 * Run `fn` with stack traces off. The Pulumi SDK formats a stack for every registration (the
 * promise it tracks, and the callsites it sends as the source position, which it reads with the
 * limit raised to infinity); with source maps on (tsx) that formatting was most of a plan's time.
 * A plan reports error messages only, never stacks, and the mock monitor ignores source positions.
 * Restored when the last overlapping plan ends.
 */
export async function withoutStackTraces<T>(fn: () => Promise<T>): Promise<T> {
  if (untraced++ === 0) {
    savedTraces = { limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace };
    Error.stackTraceLimit = 0;
    // `Resource.callsites` raises the limit itself; an empty stack gives it no frames to parse.
    Error.prepareStackTrace = () => "";
  }
  try {
    return await fn();
  } finally {
    if (--untraced === 0 && savedTraces) {
      Error.stackTraceLimit = savedTraces.limit;
      Error.prepareStackTrace = savedTraces.prepare;
      savedTraces = undefined;
    }
  }
}

async function planStackTraced(file: StackFile, opts: PlanOptions): Promise<PlanOutcome> {
  const started = performance.now();
  const errorValues = new Map<PlanError, unknown>();
  const result: PlanResult = { stack: file.stack, stage: null, cloud: null, regions: [], resources: [], policy: { violations: [] }, errors: [] };
  let details: Map<string, ResourceDetails> | undefined;
  let captured: readonly CapturedResource[] | undefined;
  let stackOutputs: Record<string, unknown> | undefined;
  const done = (exitCode: number, spec?: Stack): PlanOutcome => ({
    result,
    exitCode,
    errorValues,
    spec,
    durationMs: performance.now() - started,
    ...(details ? { details } : {}),
    ...(captured ? { captured } : {}),
    ...(stackOutputs ? { outputs: stackOutputs } : {}),
  });

  // The same strings and secret-key list the engine gives a program (PULUMI_CONFIG / _SECRET_KEYS).
  pulumi.runtime.setAllConfig(encodeConfig(file.config), file.secretKeys);
  const { raw, secretKeys } = readRawConfig();
  result.stage = str(raw.stage);
  result.cloud = str(raw.cloud);
  result.regions = Array.isArray(raw.regions) ? raw.regions.filter((r): r is string => typeof r === "string") : [];

  const parsed = parseStack(raw, { project: projectName, stack: file.stack, secretKeys, configKeys: Object.keys(file.config) });
  if (!parsed.ok) {
    for (const e of parsed.errors) {
      const pe = { path: e.path, message: e.message };
      result.errors.push(pe);
      if (e.value !== undefined) errorValues.set(pe, e.value);
    }
    return done(exitCodes.invalidConfig);
  }
  const spec = parsed.stack;
  result.stage = spec.stage;
  result.cloud = spec.cloud;
  result.regions = [...spec.regions];

  const cfg = file.config;
  const defaults = {
    awsRegion: configValue(cfg, "aws:region") ?? (spec.cloud === "aws" ? spec.primaryRegion : undefined),
    gcpRegion: configValue(cfg, "gcp:region") ?? (spec.cloud === "gcp" ? spec.primaryRegion : undefined),
    gcpProject: configValue(cfg, "gcp:project") ?? spec.gcpProject,
  };
  const program = opts.program ?? (await import("../components/program")).program;
  // Two runs of the program: as `pulumi up` would send inputs once outputs are known (fake
  // outputs; the inputs the plan reports), and as `pulumi preview` sees it (provider-computed
  // outputs unknown; what the policies judge and the resource set the engine would show).
  const resolvedOptions: MockOptions = { project: projectName, stack: file.stack, defaults, invokes: opts.invokes, ...(opts.aliasUrns ? { aliasUrns: true } : {}) };
  const resolved = await runProgram(program, resolvedOptions, opts.mocks?.(resolvedOptions));
  const preview = await runProgram(program, { project: projectName, stack: file.stack, defaults, invokes: opts.invokes, preview: true });
  const mocks = resolved.mocks;
  captured = mocks.resources;
  if (resolved.outputs && typeof resolved.outputs === "object") stackOutputs = resolved.outputs as Record<string, unknown>;
  const programErrors = [...resolved.errors, ...preview.errors];
  mocks.unmockedInvokes.push(...preview.mocks.unmockedInvokes);
  const { resources, leaks } = toPlanned(mocks.resources, { aws: defaults.awsRegion, gcp: defaults.gcpRegion }, file.placeholders, checkoutRoots());
  result.resources = resources;
  result.capabilities = capabilitiesOf(spec, resources);

  const unmocked = [...new Set(mocks.unmockedInvokes)];
  for (const token of unmocked) {
    result.errors.push({
      path: "program",
      message: token.startsWith("read of existing ")
        ? `${token}: an offline plan cannot read live resources`
        : `unmocked invoke ${token}: offline plans answer only the data sources in planner/mocks.ts (invokeTable)`,
    });
  }
  for (const m of [...new Set(programErrors)]) {
    // An unmocked invoke also fails whatever consumed its result; the invoke is the cause to show.
    if (unmocked.length > 0 && (unmocked.some((t) => m.includes(t)) || m.startsWith("error serializing property"))) continue;
    result.errors.push({ path: "program", message: m.split("\n")[0]! });
  }
  result.errors.push(...unmodelledReads(mocks, resolved.outputs), ...previewMismatch(mocks, preview.mocks));
  if (result.errors.length > 0) return done(exitCodes.programError, spec);

  for (const l of leaks) {
    result.policy.violations.push({
      policy: secretLeakPolicy,
      urn: l.urn,
      message: `input '${l.path}' holds the secret ${l.secret} in plaintext; pass it as a pulumi.secret (or a secret store reference)`,
      level: "mandatory",
    });
  }
  const detailsOf = (rs: readonly CapturedResource[]) =>
    new Map(rs.map((r) => [r.urn, { provider: providerUrn(r.provider), id: r.id, protect: r.protect, ignoreChanges: r.ignoreChanges, propertyDependencies: r.propertyDependencies }]));
  details = detailsOf(mocks.resources);
  // Policies see inputs with secrets unpacked, as the engine's analyzer hands them to a pack (its
  // deserializer unwraps secrets): a setting a provider schema marks secret, such as a GCS object's
  // content, must still be checkable. Secret config values here are placeholders, never real ones.
  // At preview, unknown values are the engine's unknown sentinel, which the analyzer's proxy refuses.
  const previewPlanned = toPlanned(preview.mocks.resources, { aws: defaults.awsRegion, gcp: defaults.gcpRegion }, file.placeholders, checkoutRoots()).resources;
  const previewView = previewPlanned.map((p, i) => ({ ...p, inputs: asPolicyInput(reveal(preview.mocks.resources[i]!.inputs)) as Record<string, unknown> }));
  const atPreview = runPolicies(previewView, spec, opts.runners, detailsOf(preview.mocks.resources), { preview: true });
  const notCheckable = atPreview.filter((v) => v.notCheckable);
  result.policy.violations.push(...atPreview.filter((v) => !v.notCheckable));
  if (notCheckable.length > 0) {
    result.policy.notCheckable = notCheckable.map(({ policy, urn, message }) => ({ policy, urn, message }));
    // `pulumi up` runs the policies again on each resource's known values and stops on a mandatory
    // violation; the resolved run stands for that, for the policies the preview could not decide.
    const undecided = (v: Violation) => notCheckable.some((n) => n.policy === v.policy && (n.urn === null || n.urn === v.urn));
    const resolvedView = resources.map((p, i) => ({ ...p, inputs: reveal(mocks.resources[i]!.inputs) as Record<string, unknown> }));
    const atUp = runPolicies(resolvedView, spec, opts.runners, details, { only: new Set(notCheckable.map((n) => n.policy)) }).filter(undecided);
    result.policy.violations.push(...atUp.map((v) => ({ ...v, message: `${v.message} (found on values known only at pulumi up)` })));
  }
  return done(hasMandatory(result.policy.violations) ? exitCodes.policy : exitCodes.ok, spec);
}

/** The plan's "[unknown]" marker back to the sentinel the engine sends policies for an unknown value. */
function asPolicyInput(v: unknown): unknown {
  if (v === unknownMarker) return unknownSentinel;
  if (Array.isArray(v)) return v.map(asPolicyInput);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asPolicyInput(x)]));
  return v;
}

interface ProgramRun {
  mocks: PlanMocks;
  errors: string[];
  outputs: unknown;
}

async function runProgram(program: () => unknown, options: MockOptions, custom?: PlanMocks): Promise<ProgramRun> {
  const errors: string[] = [];
  // Failed registrations reject Outputs nobody awaits; collect them rather than crash the process.
  const onRejection = (reason: unknown) => errors.push(reason instanceof Error ? reason.message : String(reason));
  process.on("unhandledRejection", onRejection);
  let outputs: unknown;
  try {
    const mocks = await installMocks(options, custom ?? new PlanMocks(options));
    try {
      outputs = await awaitOutput(program());
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
    await settle(mocks);
    // Rejections surface a tick after the registrations that caused them.
    await new Promise((r) => setImmediate(r));
    return { mocks, errors, outputs };
  } finally {
    process.off("unhandledRejection", onRejection);
  }
}

/**
 * Outputs the program used that no fake models: their marker reached an input or a stack output.
 * Each is a planner gap (planner/fakes.ts), not a stack problem, and fails the plan (exit 4).
 */
function unmodelledReads(mocks: PlanMocks, outputs: unknown): PlanError[] {
  const found = new Map<string, string>();
  const scan = (where: string, v: unknown) => {
    const text = JSON.stringify(reveal(v)) ?? "";
    for (const m of text.matchAll(/\[unmodelled output ([^\]\s]+)\]/g)) if (!found.has(m[1]!)) found.set(m[1]!, where);
  };
  for (const r of mocks.resources) scan(`an input of ${r.urn.split("::").pop()}`, r.inputs);
  scan("a stack output", outputs);
  return [...found].map(([what, where]) => {
    const i = what.lastIndexOf(".");
    return {
      path: "program",
      message: `the program reads ${what.slice(i + 1)} of ${what.slice(0, i)} (in ${where}), which the planner's fake for ${what.slice(0, i)} does not model; add it to planner/fakes.ts`,
    };
  });
}

/** Registrations made only once outputs are known happen inside `apply`: the engine's preview never shows them. */
function previewMismatch(resolved: PlanMocks, preview: PlanMocks): PlanError[] {
  const seen = new Set(preview.resources.map((r) => r.urn));
  return resolved.resources
    .filter((r) => !seen.has(r.urn))
    .map((r) => ({ path: "program", message: `${r.urn} is registered only once outputs are known (inside an apply), so pulumi preview does not show it` }));
}
