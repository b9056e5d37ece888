import type { Rule } from "./rule";

/**
 * The front door is a global load balancer with a Google-managed certificate for this name, at
 * every stage; the URL callers use never changes on promotion.
 */
export const gcpApiDomain: Rule = {
  id: "gcp-api-domain",
  doc: "a GCP stack sets api.domain at every stage",
  check(c) {
    const api = c.api && typeof c.api === "object" ? (c.api as Record<string, unknown>) : undefined;
    if (c.cloud !== "gcp" || api?.domain !== undefined) return [];
    return [
      {
        path: ["api", "domain"],
        message:
          "is required on cloud gcp at every stage: the global load balancer's Google-managed certificate is issued for it and callers use https://<domain>/v1 from prototype to enterprise (set a DNS name you control, e.g. api.example.com; api.dnsZone lets the kit write its records)",
      },
    ];
  },
};
