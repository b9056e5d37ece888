import type { Captured } from "./harness";

/** The signature key Pulumi uses to mark a serialized secret value. */
const secretSigKey = "4dabf18193072939515e22adb298388d";

/** Names and paths of every place a placeholder appears outside a Pulumi secret. */
export function plaintextLeaks(resources: Captured[], placeholders: string[]): string[] {
  const leaks: string[] = [];
  const walk = (v: unknown, at: string, name: string) => {
    if (typeof v === "string") {
      for (const p of placeholders) if (v.includes(p)) leaks.push(`${name}: ${at}`);
      return;
    }
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${at}[${i}]`, name));
    if (v && typeof v === "object") {
      if (secretSigKey in (v as object)) return; // a secret: encrypted in state, never shown
      for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`, name);
    }
  };
  for (const r of resources) walk(r.inputs, "inputs", `${r.type} ${r.name}`);
  return leaks;
}

/** Location-like inputs each resource type carries. */
const locationKeys = ["region", "location"] as const;

/**
 * Resources not pinned to the region's provider, or whose own location input names another
 * place. Project-wide and global resources (service enablement, service accounts, IAM members,
 * dashboards, metrics) have no location and are checked for the provider only.
 */
export function regionalViolations(resources: Captured[], region: string): string[] {
  const out: string[] = [];
  const prov = resources.filter((r) => r.type === "pulumi:providers:gcp" && r.inputs.region === region).map((r) => r.id);
  for (const r of resources) {
    // Random values live only in the Pulumi state: no cloud, no location.
    if (!r.custom || r.type.startsWith("pulumi:providers:") || r.type.startsWith("random:")) continue;
    const id = r.provider?.split("::").pop();
    if (!id || !prov.includes(id)) out.push(`${r.name}: provider ${r.provider ?? "(default)"}`);
    for (const k of locationKeys) {
      const v = r.inputs[k];
      if (typeof v === "string" && v.toLowerCase() !== region && v !== "global") out.push(`${r.name}: ${k}=${v}`);
    }
  }
  return out;
}

/** The value inside a serialized secret (or the value itself). */
export function unsecret<T = unknown>(v: unknown): T {
  return (v && typeof v === "object" && secretSigKey in (v as object) ? (v as { value: T }).value : v) as T;
}
