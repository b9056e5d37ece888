import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "./model";
import { parseStackOrThrow } from "./parse";
import { configNamespace } from "./validate";

export { knownConfigNamespaces, unknownNamespaceErrors } from "./validate";


/**
 * Pulumi keeps every config value as a string; structured values arrive as JSON. Scalars such as
 * `eu` are not JSON and stay strings; `true` and numbers become what they say.
 */
export function decodeConfigValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Whether a config key was set with `--secret`. The runtime answers this from the engine's list of
 * secret keys but leaves the function out of its type declarations; the spec needs it to refuse a
 * provider key committed in plaintext.
 */
function isConfigSecret(fullKey: string): boolean {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean };
  return runtime.isConfigSecret?.(fullKey) ?? false;
}

/**
 * The raw `ai-infra:*` settings of the running stack, and which of them are secrets. Every key in
 * the namespace is passed on, so that an unknown key is reported rather than ignored.
 */
export function readRawConfig(): { raw: Record<string, unknown>; secretKeys: Set<string> } {
  const all = pulumi.runtime.allConfig();
  const raw: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  const prefix = `${configNamespace}:`;
  for (const [fullKey, value] of Object.entries(all)) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    raw[key] = decodeConfigValue(value);
    if (isConfigSecret(fullKey)) secretKeys.add(key);
  }
  // A GCP stack usually sets its project for the provider already; don't make users say it twice.
  if (raw.gcpProject === undefined && all["gcp:project"] !== undefined) raw.gcpProject = all["gcp:project"];
  return { raw, secretKeys };
}

/** Read and parse the running stack's config; throws `SpecValidationError` listing every problem. */
export function readStack(): Stack {
  const { raw, secretKeys } = readRawConfig();
  const configKeys = Object.keys(pulumi.runtime.allConfig());
  return parseStackOrThrow(raw, { project: pulumi.getProject(), stack: pulumi.getStack(), secretKeys, configKeys });
}

