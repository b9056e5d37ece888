import { endpointFacts, kitEndpointFacts } from "../endpoints";
import { jurisdictions } from "../regions";
import { isObj, knownCloud } from "./read";
import type { Issue, Rule } from "./rule";

/** The kit's own endpoint facts win over a declaration: a declaration fills in only what the kit does not know. */
export const cloudLimitsProviderJurisdiction: Rule = {
  id: "cloud-limits-provider-jurisdiction",
  doc: "a provider's declared dataJurisdiction does not contradict what the kit knows of its endpoint",
  check(c) {
    const out: Issue[] = [];
    const cloud = knownCloud(c);
    if (!cloud || !isObj(c.providers)) return out;
    for (const [name, p] of Object.entries(c.providers)) {
      if (!isObj(p) || typeof p.kind !== "string" || typeof p.dataJurisdiction !== "string") continue;
      if (!(jurisdictions as readonly string[]).includes(p.dataJurisdiction)) continue;
      const known = kitEndpointFacts(p as Parameters<typeof endpointFacts>[0]);
      if (known.length > 0 && !known.includes(p.dataJurisdiction as (typeof jurisdictions)[number])) {
        out.push({
          path: ["providers", name, "dataJurisdiction"],
          message: `contradicts what the kit knows about ${endpointFacts(p as Parameters<typeof endpointFacts>[0], cloud).endpoint} (${known.join(", ")}); remove it or use an endpoint in ${p.dataJurisdiction}`,
          value: p.dataJurisdiction,
        });
      }
    }
    return out;
  },
};
