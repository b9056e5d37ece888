// The order Cloud Armor evaluates the front door's rules in (components/gcp/front-door.ts,
// armorRules / rulePriority). Cloud Armor evaluates rules by ascending priority and the first match
// decides; a throttle rule's conform action (allow) also ends evaluation. So a WAF rule placed
// after the throttle never sees a request under the limit. The intended order (armorRules' doc
// comment): the admin path allowed from api.adminCidrs, denied to everyone else, then caller
// requests without a bearer LiteLLM key denied (403), then the WAF rules (403), then the throttle
// per client address (429 past the limit), then the default allow. The kit has one throttle.
import { describe, expect, it } from "vitest";
import { type ArmorRule, armorRules } from "../../components/gcp/front-door";

/** What a rule is, from its action and match; an unknown rule fails the test. */
function kind(r: ArmorRule): string {
  const expression = r.match.expr?.expression ?? "";
  const waf = /^evaluatePreconfiguredWaf\('([^']+)'/.exec(expression);
  if (waf) return `waf ${waf[1]}`;
  if (r.action === "allow" && expression.startsWith("request.path.startsWith('/v1/admin/') && (inIpRange(")) return "admin allow";
  if (r.action === "deny(403)" && expression === "request.path.startsWith('/v1/admin/')") return "admin deny";
  if (r.action === "deny(403)" && expression.includes("!has(request.headers['authorization'])")) return "bearer deny";
  // armorRules builds plain values; the SDK type also admits promises and outputs.
  const limit = r.rateLimitOptions as { enforceOnKey?: string; enforceOnKeyName?: string } | undefined;
  if (r.action === "throttle" && limit?.enforceOnKey === "IP" && limit.enforceOnKeyName === undefined) return "throttle per address";
  if (r.action === "allow" && r.match.versionedExpr === "SRC_IPS_V1" && r.priority === 2147483647) return "default";
  throw new Error(`unknown rule: ${JSON.stringify(r)}`);
}

describe("Cloud Armor rule order on the front door", () => {
  // Five admin ranges: two allow rules (at most four ranges to a rule).
  const api = {
    perKey: { ratePerSecond: 20, burst: 40 },
    adminCidrs: ["203.0.113.0/26", "203.0.113.64/26", "203.0.113.128/26", "203.0.113.192/26", "198.51.100.0/24"],
    waf: true,
  };
  const byPriority = [...armorRules(api)].sort((a, b) => a.priority - b.priority);

  it("evaluates admin allow, admin deny, the bearer deny, every WAF rule, then the throttle, then the default", () => {
    expect(byPriority.map(kind)).toEqual([
      "admin allow",
      "admin allow",
      "admin deny",
      "bearer deny",
      "waf sqli-v422-stable",
      "waf xss-v422-stable",
      "waf lfi-v422-stable",
      "waf rfi-v422-stable",
      "waf rce-v422-stable",
      "waf methodenforcement-v422-stable",
      "waf scannerdetection-v422-stable",
      "waf protocolattack-v422-stable",
      "throttle per address",
      "default",
    ]);
  });

  it("gives every WAF rule, the admin deny and the bearer deny a lower priority number than the throttle", () => {
    const throttles = byPriority.filter((r) => r.action === "throttle");
    expect(throttles).toHaveLength(1);
    const throttle = throttles[0]!.priority;
    const waf = byPriority.filter((r) => kind(r).startsWith("waf "));
    expect(waf).toHaveLength(8);
    for (const r of waf) expect(r.priority, kind(r)).toBeLessThan(throttle);
    const adminDeny = byPriority.filter((r) => kind(r) === "admin deny");
    expect(adminDeny).toHaveLength(1);
    expect(adminDeny[0]!.priority).toBeLessThan(throttle);
    const bearerDeny = byPriority.filter((r) => kind(r) === "bearer deny");
    expect(bearerDeny).toHaveLength(1);
    expect(bearerDeny[0]!.priority).toBeLessThan(throttle);
  });
});
