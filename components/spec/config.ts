import * as pulumi from "@pulumi/pulumi";
import { type Spec, type SpecError, SpecValidationError, configNamespace, parseSpec } from "./validate";

/**
 * Config namespaces a stack file may use: the kit's own and those of the providers and tools the
 * program runs with (`pulumi config` keys are `<namespace>:<key>`).
 */
export const knownConfigNamespaces: readonly string[] = [configNamespace, "aws", "gcp", "pulumi", "kubernetes", "eks", "random", "awsx", "tls", "command", "docker"];

/**
 * Keys in a namespace no one reads (`ai-infr:stage`, `aws-region`): Pulumi would pass them on and
 * the kit would silently fall back to the preset. Each is an error naming the key.
 */
export function unknownNamespaceErrors(fullKeys: readonly string[]): SpecError[] {
  return fullKeys
    .filter((k) => k.includes(":") && !knownConfigNamespaces.includes(k.slice(0, k.indexOf(":"))))
    .sort()
    .map((k) => ({
      path: k,
      message: `is in namespace '${k.slice(0, k.indexOf(":"))}', which neither the kit nor a provider reads; allowed namespaces: ${knownConfigNamespaces.join(", ")} (did you mean ${configNamespace}:${k.slice(k.indexOf(":") + 1)}?)`,
    }));
}

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

/** Read and validate the stack config; throws `SpecValidationError` listing every problem. */
export function readSpec(): Spec {
  const { raw, secretKeys } = readRawConfig();
  const namespaceErrors = unknownNamespaceErrors(Object.keys(pulumi.runtime.allConfig()));
  const result = parseSpec(raw, { project: pulumi.getProject(), stack: pulumi.getStack(), secretKeys });
  if (!result.ok || namespaceErrors.length > 0) throw new SpecValidationError([...namespaceErrors, ...(result.ok ? [] : result.errors)]);
  return result.spec;
}

