import type { Issue, Rule } from "./rule";

export const routingTiers: Rule = {
  id: "routing-tiers",
  doc: "with routing, a model group of tier small and one of tier strong exist",
  check(c) {
    const out: Issue[] = [];
    // The router needs somewhere to send each class of request.
    if (!(c.routing && typeof c.routing === "object")) return out;
    const tiers = new Set([...(Array.isArray(c.models) ? c.models : []), ...(Array.isArray(c.selfHosted) ? c.selfHosted : [])].map((m) => m?.tier));
    for (const t of ["small", "strong"]) {
      if (!tiers.has(t as "small")) out.push({ path: ["routing"], message: `needs a model group of tier ${t} (set tier on a model or selfHosted entry)` });
    }
    return out;
  },
};
