import type { Issue, Rule } from "./rule";

export const gcpAdminCidrs: Rule = {
  id: "gcp-admin-cidrs",
  doc: "on gcp, api.adminCidrs does not open the admin path to the whole internet",
  check(c) {
    const out: Issue[] = [];
    const api = c.api && typeof c.api === "object" ? (c.api as Record<string, unknown>) : undefined;
    if (c.cloud !== "gcp" || !Array.isArray(api?.adminCidrs)) return out;
    api.adminCidrs.forEach((cidr, i) => {
      if (cidr === "0.0.0.0/0") out.push({ path: ["api", "adminCidrs", i], message: "must not open the admin path to the whole internet (list your operators' egress ranges)", value: cidr });
    });
    return out;
  },
};
