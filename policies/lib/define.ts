import type { Severity } from "@pulumi/policy";
import { type GuardrailsSettings, type PackName, type ResidencySettings, configSchemaOf, settingsOf } from "./config";
import type { ResourceView } from "./resources";
import type { KitEnforcementLevel, KitResourcePolicy, KitStackPolicy } from "./types";

/**
 * Builders for the kit's policies: they parse the pack settings from `getConfig()` (so a config
 * outside the schema fails loudly, naming the key) and hand the check a plain resource view. The
 * result is an ordinary `@pulumi/policy` policy object.
 */

type SettingsOf<P extends PackName> = P extends "residency" ? ResidencySettings : GuardrailsSettings;

interface Common {
  name: string;
  description: string;
  enforcementLevel: KitEnforcementLevel;
  severity: Severity;
  mappings: readonly string[];
}

export function resourcePolicy<P extends PackName>(
  pack: P,
  def: Common & { validate: (r: ResourceView, settings: SettingsOf<P>, report: (message: string) => void) => void },
): KitResourcePolicy {
  const { validate, ...meta } = def;
  return {
    ...meta,
    configSchema: configSchemaOf(pack),
    validateResource: (args, reportViolation) => {
      const settings = settingsOf(pack, args.getConfig()) as SettingsOf<P>;
      validate(args, settings, (m) => reportViolation(m));
    },
  };
}

export function stackPolicy<P extends PackName>(
  pack: P,
  def: Common & { validate: (resources: readonly ResourceView[], settings: SettingsOf<P>, report: (message: string, urn?: string) => void) => void },
): KitStackPolicy {
  const { validate, ...meta } = def;
  return {
    ...meta,
    configSchema: configSchemaOf(pack),
    validateStack: (args, reportViolation) => {
      const settings = settingsOf(pack, args.getConfig()) as SettingsOf<P>;
      validate(args.resources, settings, (m, urn) => reportViolation(m, urn));
    },
  };
}
