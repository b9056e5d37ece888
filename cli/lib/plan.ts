import * as pulumi from "@pulumi/pulumi";
import { readRawConfig } from "../../components/spec/config";
import { type Spec, parseSpec } from "../../components/spec/validate";
import { type CapturedResource, type PlannedResource, providerUrn, reveal, toPlanned } from "./capture";
import { type PlanMocks, type MockOptions, awaitOutput, installMocks, settle } from "./mocks";
import { type PolicyRunner, type ResourceDetails, type Violation, hasMandatory, runPolicies } from "./policy";
import { type StackFile, encodeConfig, projectName } from "./stack-file";

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
  policy: { violations: Violation[] };
  errors: PlanError[];
}

export interface PlanOutcome {
  result: PlanResult;
  exitCode: number;
  /** Given values of config errors, for the human output only (the JSON shape has path and message). */
  errorValues: Map<PlanError, unknown>;
  spec?: Spec;
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
  const started = performance.now();
  const errorValues = new Map<PlanError, unknown>();
  const result: PlanResult = { stack: file.stack, stage: null, cloud: null, regions: [], resources: [], policy: { violations: [] }, errors: [] };
  let details: Map<string, ResourceDetails> | undefined;
  let mocks: PlanMocks | undefined;
  let stackOutputs: Record<string, unknown> | undefined;
  const done = (exitCode: number, spec?: Spec): PlanOutcome => ({
    result,
    exitCode,
    errorValues,
    spec,
    durationMs: performance.now() - started,
    ...(details ? { details } : {}),
    ...(mocks ? { captured: mocks.resources } : {}),
    ...(stackOutputs ? { outputs: stackOutputs } : {}),
  });

  // The same strings and secret-key list the engine gives a program (PULUMI_CONFIG / _SECRET_KEYS).
  pulumi.runtime.setAllConfig(encodeConfig(file.config), file.secretKeys);
  const { raw, secretKeys } = readRawConfig();
  result.stage = str(raw.stage);
  result.cloud = str(raw.cloud);
  result.regions = Array.isArray(raw.regions) ? raw.regions.filter((r): r is string => typeof r === "string") : [];

  const parsed = parseSpec(raw, { project: projectName, stack: file.stack, secretKeys });
  if (!parsed.ok) {
    for (const e of parsed.errors) {
      const pe = { path: e.path, message: e.message };
      result.errors.push(pe);
      if (e.value !== undefined) errorValues.set(pe, e.value);
    }
    return done(exitCodes.invalidConfig);
  }
  const spec = parsed.spec;
  result.stage = spec.stage;
  result.cloud = spec.cloud;
  result.regions = [...spec.regions];

  const cfg = file.config;
  const defaults = {
    awsRegion: configValue(cfg, "aws:region") ?? (spec.cloud === "aws" ? spec.primaryRegion : undefined),
    gcpRegion: configValue(cfg, "gcp:region") ?? (spec.cloud === "gcp" ? spec.primaryRegion : undefined),
    gcpProject: configValue(cfg, "gcp:project") ?? spec.gcpProject,
  };
  const programErrors: string[] = [];
  // Failed registrations reject Outputs nobody awaits; collect them rather than crash the process.
  const onRejection = (reason: unknown) => programErrors.push(reason instanceof Error ? reason.message : String(reason));
  process.on("unhandledRejection", onRejection);
  try {
    const mockOptions: MockOptions = { project: projectName, stack: file.stack, defaults, invokes: opts.invokes };
    mocks = await installMocks(mockOptions, opts.mocks?.(mockOptions));
    const program = opts.program ?? (await import("../../components/program")).program;
    try {
      const outputs = program();
      const resolved = await awaitOutput(outputs);
      if (resolved && typeof resolved === "object") stackOutputs = resolved as Record<string, unknown>;
    } catch (e) {
      programErrors.push(e instanceof Error ? e.message : String(e));
    }
    await settle(mocks);
    // Rejections surface a tick after the registrations that caused them.
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off("unhandledRejection", onRejection);
  }

  const { resources, leaks } = toPlanned(mocks.resources, { aws: defaults.awsRegion, gcp: defaults.gcpRegion }, file.placeholders);
  result.resources = resources;

  const unmocked = [...new Set(mocks.unmockedInvokes)];
  for (const token of unmocked) {
    result.errors.push({
      path: "program",
      message: token.startsWith("read of existing ")
        ? `${token}: an offline plan cannot read live resources`
        : `unmocked invoke ${token}: offline plans answer only the data sources in cli/lib/mocks.ts (invokeTable)`,
    });
  }
  for (const m of [...new Set(programErrors)]) {
    // An unmocked invoke also fails whatever consumed its result; the invoke is the cause to show.
    if (unmocked.length > 0 && (unmocked.some((t) => m.includes(t)) || m.startsWith("error serializing property"))) continue;
    result.errors.push({ path: "program", message: m.split("\n")[0]! });
  }
  if (result.errors.length > 0) return done(exitCodes.programError, spec);

  for (const l of leaks) {
    result.policy.violations.push({
      policy: secretLeakPolicy,
      urn: l.urn,
      message: `input '${l.path}' holds the secret ${l.secret} in plaintext; pass it as a pulumi.secret (or a secret store reference)`,
      level: "mandatory",
    });
  }
  details = new Map(mocks.resources.map((r) => [r.urn, { provider: providerUrn(r.provider), id: r.id, protect: r.protect }]));
  // Policies see inputs with secrets unpacked, as the engine's analyzer hands them to a pack (its
  // deserializer unwraps secrets): a setting a provider schema marks secret, such as a GCS object's
  // content, must still be checkable. Secret config values here are placeholders, never real ones.
  const policyView = resources.map((p, i) => ({ ...p, inputs: reveal(mocks.resources[i]!.inputs) as Record<string, unknown> }));
  result.policy.violations.push(...runPolicies(policyView, spec, opts.runners, details));
  return done(hasMandatory(result.policy.violations) ? exitCodes.policy : exitCodes.ok, spec);
}
