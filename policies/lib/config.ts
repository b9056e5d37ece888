import { z } from "zod";
import { isEndpointProvider, kitEndpointFacts, knownEndpointJurisdictions, processingJurisdictions } from "../../components/config/endpoints";
import { atLeast } from "../../components/config/presets";
import { maxRetentionDays, minRetentionDays } from "../../components/config/facts/retention";
import { allowedRegions, jurisdictions } from "../../components/config/regions";
import { stages } from "../../components/config/schema";
import { type KitEnforcementLevel, type KitPack, enforcementLevels } from "./types";

/**
 * Typed policy config of the two packs. The values are derived from the stack's jurisdiction and
 * stage by `policyConfigFor` (never from the stack's name), handed to the engine as the pack's
 * initial config, and parsed back by every policy from `args.getConfig()`, so the engine path and
 * the in-process planner read exactly the same settings.
 */

const regionList = z.array(z.string().min(1, { error: "must not be empty" }), { error: "must be a list of region names" });

export const residencySettingsSchema = z.strictObject({
  /** The jurisdiction data must stay in; `global` disables the region and endpoint limits. */
  jurisdiction: z.enum(jurisdictions, { error: `must be one of ${jurisdictions.join(", ")}` }),
  /** Regions each cloud may place a resource (or a replica, copy, backup, failover target) in. */
  allowedRegions: z.strictObject({ aws: regionList, gcp: regionList }),
  /** Host names the gateway may send prompts to; `*` allows any (jurisdiction `global`). */
  allowedEndpoints: z.array(z.string().min(1, { error: "must not be empty" }), { error: "must be a list of host names" }),
});
export type ResidencySettings = z.infer<typeof residencySettingsSchema>;

const days = z.int({ error: "must be a whole number of days" }).min(1, { error: "must be at least 1 day" });

export const guardrailsSettingsSchema = z.strictObject({
  stage: z.enum(stages, { error: `must be one of ${stages.join(", ")}` }),
  /** Tag / label keys every taggable resource must carry (directly or through provider defaults). */
  requiredTags: z.array(z.string().min(1, { error: "must not be empty" })).min(1, { error: "must name at least one tag" }),
  /** Request-log retention: at least `min` days (audit), at most `max` (storage limitation). */
  retentionDays: z
    .strictObject({ min: days, max: days })
    .refine((r) => r.max >= r.min, { error: "max must be at least min", path: ["max"] }),
  /** Whether the stack must define a budget with an alert (growth and later). */
  requireBudgets: z.boolean({ error: "must be true or false" }),
  /** Whether stateful resources must be protected from deletion (enterprise). */
  requireDeletionProtection: z.boolean({ error: "must be true or false" }),
  /** Largest autoscaling maximum a GPU node pool may have. */
  maxGpuNodesPerPool: z.int({ error: "must be a whole number" }).positive({ error: "must be greater than 0" }),
});
export type GuardrailsSettings = z.infer<typeof guardrailsSettingsSchema>;

export const packSettingsSchemas = { residency: residencySettingsSchema, guardrails: guardrailsSettingsSchema } as const;
export type PackName = keyof typeof packSettingsSchemas;

export interface PackConfig<S> {
  settings: S;
  /** Policy name → level, on top of each policy's default. */
  enforcement: Record<string, KitEnforcementLevel>;
}

export interface PolicyConfig {
  residency: PackConfig<ResidencySettings>;
  guardrails: PackConfig<GuardrailsSettings>;
}

/** A policy config (or the stack facts it is derived from) that is outside its schema. */
export class PolicyConfigError extends Error {
  constructor(readonly issues: { key: string; message: string }[]) {
    super(`invalid policy config: ${issues.map((i) => `${i.key}: ${i.message}`).join("; ")}`);
    this.name = "PolicyConfigError";
  }
}

function keyOf(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function issuesOf(prefix: string, error: z.ZodError): { key: string; message: string }[] {
  return error.issues.flatMap((i) =>
    i.code === "unrecognized_keys"
      ? i.keys.map((k) => ({ key: keyOf(prefix, [...i.path, k]), message: "is not a known setting" }))
      : [{ key: keyOf(prefix, i.path), message: i.path.length === 0 || i.message !== "Invalid input" ? i.message : "is invalid" }],
  );
}

/** What the config is derived from: the validated spec, or the raw stack config it came from. */
export interface PolicyConfigInput {
  jurisdiction: unknown;
  stage: unknown;
  providers?: unknown;
}

const inputSchema = z.object({
  jurisdiction: z.enum(jurisdictions, { error: (i) => `unknown jurisdiction ${JSON.stringify(i.input)}; known: ${jurisdictions.join(", ")}` }),
  stage: z.enum(stages, { error: (i) => `unknown stage ${JSON.stringify(i.input)}; known: ${stages.join(", ")}` }),
  providers: z
    .record(z.string(), z.looseObject({ kind: z.string().optional(), apiBase: z.string().optional(), dataJurisdiction: z.string().optional() }))
    .optional(),
});

const overridesSchema = z
  .strictObject({
    residency: z.record(z.string(), z.enum(enforcementLevels, { error: `must be one of ${enforcementLevels.join(", ")}` })).optional(),
    guardrails: z.record(z.string(), z.enum(enforcementLevels, { error: `must be one of ${enforcementLevels.join(", ")}` })).optional(),
  })
  .optional();
export type EnforcementOverrides = z.infer<typeof overridesSchema>;

/** Bound on one GPU pool's autoscaling maximum: a runaway scale-out costs thousands a day. */
const gpuNodeBound: Record<(typeof stages)[number], number> = { prototype: 2, growth: 4, scale: 16, enterprise: 64 };

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/**
 * The policy config of both packs for a stack, from its jurisdiction and stage (and the endpoints
 * its providers declare to keep data in that jurisdiction). Pure: the same facts give the same
 * config. Throws `PolicyConfigError` naming the key for an unknown jurisdiction or stage, and for
 * an enforcement override of a policy the pack does not have.
 */
export function policyConfigFor(
  spec: PolicyConfigInput,
  overrides?: EnforcementOverrides,
  packs?: { residency: KitPack; guardrails: KitPack },
): PolicyConfig {
  const parsed = inputSchema.safeParse(spec);
  if (!parsed.success) throw new PolicyConfigError(issuesOf("", parsed.error));
  const ov = overridesSchema.safeParse(overrides);
  if (!ov.success) throw new PolicyConfigError(issuesOf("enforcement", ov.error));
  const { jurisdiction, stage, providers } = parsed.data;

  const hosts = new Set<string>();
  if (jurisdiction === "global") hosts.add("*");
  for (const [host, js] of Object.entries(knownEndpointJurisdictions)) if (js.includes(jurisdiction)) hosts.add(host);
  // Hosts the rendered config alone cannot judge: an Azure resource (its deployment type is set in
  // Azure, so the provider's `deploymentType` and `region` decide, facts/routing.ts) and a host the
  // kit has no fact for, for which the stack vouches (`dataJurisdiction`; the spec records it).
  for (const p of Object.values(providers ?? {})) {
    const host = p.apiBase ? hostOf(p.apiBase) : undefined;
    if (!host || !isEndpointProvider(p)) continue;
    const kitKnows = kitEndpointFacts(p) !== undefined;
    if (p.kind === "azure" ? processingJurisdictions(p).includes(jurisdiction as never) : !kitKnows && p.dataJurisdiction === jurisdiction) hosts.add(host);
  }

  const enforcement = { residency: ov.data?.residency ?? {}, guardrails: ov.data?.guardrails ?? {} };
  if (packs) {
    for (const pack of ["residency", "guardrails"] as const) {
      const names = new Set(packs[pack].policies.map((p) => p.name));
      const unknown = Object.keys(enforcement[pack]).filter((n) => !names.has(n));
      if (unknown.length) {
        throw new PolicyConfigError(
          unknown.map((n) => ({ key: `enforcement.${pack}.${n}`, message: `names no policy of pack ${pack}; policies: ${[...names].join(", ")}` })),
        );
      }
    }
  }

  return {
    residency: {
      settings: {
        jurisdiction,
        allowedRegions: { aws: [...allowedRegions("aws", jurisdiction)], gcp: [...allowedRegions("gcp", jurisdiction)] },
        allowedEndpoints: [...hosts].sort(),
      },
      enforcement: enforcement.residency,
    },
    guardrails: {
      settings: {
        stage,
        requiredTags: ["stage", "owner", "cost-center"],
        retentionDays: { min: minRetentionDays[stage], max: maxRetentionDays(jurisdiction) },
        requireBudgets: atLeast(stage, "growth"),
        requireDeletionProtection: stage === "enterprise",
        maxGpuNodesPerPool: gpuNodeBound[stage],
      },
      enforcement: enforcement.guardrails,
    },
  };
}

const parsedCache = new WeakMap<object, unknown>();

/**
 * The settings a policy reads from `args.getConfig()`, validated. A config outside the schema
 * (from `--policy-pack-config` or a hand-made initial config) stops the policy with an error
 * naming the key, instead of a check that silently passes.
 */
export function settingsOf<P extends PackName>(pack: P, raw: unknown): z.infer<(typeof packSettingsSchemas)[P]> {
  if (raw && typeof raw === "object" && parsedCache.has(raw)) return parsedCache.get(raw) as z.infer<(typeof packSettingsSchemas)[P]>;
  const result = packSettingsSchemas[pack].safeParse(raw);
  if (!result.success) throw new PolicyConfigError(issuesOf(pack, result.error));
  if (raw && typeof raw === "object") parsedCache.set(raw, result.data);
  return result.data as z.infer<(typeof packSettingsSchemas)[P]>;
}

/** The JSON schema the engine validates a `--policy-pack-config` entry against. */
export function configSchemaOf(pack: PackName): { properties: Record<string, never>; required: string[] } {
  const json = z.toJSONSchema(packSettingsSchemas[pack], { target: "draft-7" }) as unknown as { properties: Record<string, never>; required?: string[] };
  return { properties: json.properties, required: json.required ?? [] };
}

/**
 * The pack's initial config as `PolicyPack` takes it: every policy gets the pack's settings and
 * its enforcement level (the override, else the policy's default).
 */
export function initialConfigOf<S extends object>(
  pack: KitPack,
  config: PackConfig<S>,
): Record<string, { enforcementLevel: KitEnforcementLevel } & Record<string, unknown>> {
  return Object.fromEntries(
    pack.policies.map((p) => [p.name, { ...(config.settings as Record<string, unknown>), enforcementLevel: config.enforcement[p.name] ?? p.enforcementLevel }]),
  );
}
