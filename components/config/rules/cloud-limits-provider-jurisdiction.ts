import { endpointFacts, isEndpointProvider, kitEndpointFacts, routingFormOf } from "../endpoints";
import { jurisdictions } from "../regions";
import { isObj, knownCloud } from "./read";
import type { Issue, Rule } from "./rule";

/**
 * The kit's own routing facts win over a declaration: `dataJurisdiction` fills in only where the
 * kit has no fact (a host outside the routing table, `openai-compatible`). A declaration on a
 * form the kit knows (including one that may process anywhere) is refused unless it agrees.
 */
export const cloudLimitsProviderJurisdiction: Rule = {
  id: "cloud-limits-provider-jurisdiction",
  doc: "a provider's declared dataJurisdiction does not contradict what the kit knows of its endpoint",
  check(c) {
    const out: Issue[] = [];
    const cloud = knownCloud(c);
    if (!cloud || !isObj(c.providers)) return out;
    for (const [name, p] of Object.entries(c.providers)) {
      if (!isEndpointProvider(p) || typeof p.dataJurisdiction !== "string") continue;
      if (!(jurisdictions as readonly string[]).includes(p.dataJurisdiction) || p.dataJurisdiction === "global") continue;
      const known = kitEndpointFacts(p);
      if (known !== undefined && !known.includes(p.dataJurisdiction)) {
        const form = routingFormOf(p);
        out.push({
          path: ["providers", name, "dataJurisdiction"],
          message: `contradicts what the kit knows about ${endpointFacts(p, cloud).endpoint} (${form.selectedBy}: ${form.processesIn}; ${known.join(", ") || "in no jurisdiction"}); remove it or use an endpoint in ${p.dataJurisdiction}`,
          value: p.dataJurisdiction,
        });
      }
    }
    return out;
  },
};
