import { endpointAllowed, endpointFacts, isEndpointProvider } from "../endpoints";
import { isObj, knownCloud, knownJurisdiction } from "./read";
import type { Issue, Rule } from "./rule";

/**
 * Self-hosted first with API overflow: overflow targets are hosted model groups whose every
 * endpoint keeps data in the stack's jurisdiction, and the overflow starts before the caller's
 * request times out.
 */
export const overflowInJurisdiction: Rule = {
  id: "overflow-in-jurisdiction",
  doc: "each selfHosted overflow goes to hosted model groups inside the jurisdiction, within the gateway's timeout",
  check(c) {
    const out: Issue[] = [];
    const cloud = knownCloud(c);
    const jurisdiction = knownJurisdiction(c);
    const models = Array.isArray(c.models) ? c.models.filter(isObj) : [];
    const selfHosted = Array.isArray(c.selfHosted) ? c.selfHosted.filter(isObj) : [];
    const providers = isObj(c.providers) ? c.providers : {};
    const hostedGroups = [...new Set(models.map((m) => m.name).filter((n): n is string => typeof n === "string"))];
    const gatewayTimeout = isObj(c.gateway) && typeof c.gateway.timeoutSeconds === "number" ? c.gateway.timeoutSeconds : undefined;

    // Where a hosted group's deployments keep data: every deployment must be inside the jurisdiction.
    const outside = (group: string): string[] =>
      models
        .filter((m) => m.name === group && typeof m.provider === "string" && typeof m.model === "string" && isEndpointProvider(providers[m.provider]))
        .filter((m) => cloud && jurisdiction && !endpointAllowed(providers[m.provider], cloud, jurisdiction, m.model as string))
        .map((m) => {
          const f = endpointFacts(providers[m.provider], cloud!, m.model as string);
          return `${f.endpoint} (${f.jurisdictions.join(", ") || "jurisdiction unknown"})`;
        });
    const inJurisdiction = () => hostedGroups.filter((g) => outside(g).length === 0);

    selfHosted.forEach((s, i) => {
      const o = s.overflow;
      if (!isObj(o)) return;
      if (Array.isArray(o.groups)) {
        o.groups.forEach((g: unknown, j: number) => {
          if (typeof g !== "string") return;
          const path = ["selfHosted", i, "overflow", "groups", j];
          if (!hostedGroups.includes(g)) {
            out.push({ path, message: `names no hosted model group (overflow goes to a group of ai-infra:models); allowed: ${inJurisdiction().join(", ") || "(none)"}`, value: g });
            return;
          }
          const bad = outside(g);
          if (bad.length > 0) {
            out.push({
              path,
              message: `is outside jurisdiction ${jurisdiction}: model group '${g}' calls ${bad.join("; ")}; allowed groups in ${jurisdiction}: ${inJurisdiction().join(", ") || "(none)"}`,
              value: g,
            });
          }
        });
      }
      if (typeof o.timeoutSeconds === "number" && gatewayTimeout !== undefined && o.timeoutSeconds > gatewayTimeout) {
        out.push({ path: ["selfHosted", i, "overflow", "timeoutSeconds"], message: `must be at most gateway.timeoutSeconds (${gatewayTimeout}): the overflow must start before the caller's request times out`, value: o.timeoutSeconds });
      }
    });
    return out;
  },
};
