// The front door's Cloud Armor rules and global resource names on exact values
// (components/gcp/front-door.ts): every rule's priority, action, description and match, and the
// physical name of every global resource. Found by mutation testing (docs/testing.md).
import { describe, expect, it } from "vitest";
import { armorRules, frontDoorNames } from "../../components/gcp/front-door";
import { gcpName, nameLimits } from "../../components/gcp/names";

const admin = "request.path.startsWith('/v1/admin/')";
const bearer = "request.path != '/v1/health' && (!has(request.headers['authorization']) || !request.headers['authorization'].matches('^[Bb]earer sk-[A-Za-z0-9_-]+$'))";
const anyAddress = { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } };

describe("armorRules", () => {
  it("five admin ranges, the WAF on: every rule, in order, exactly", () => {
    const cidrs = ["10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "192.0.2.0/24"];
    const inRange = (c: string) => `inIpRange(origin.ip, '${c}')`;
    const sets = ["sqli", "xss", "lfi", "rfi", "rce", "methodenforcement", "scannerdetection", "protocolattack"];
    expect(armorRules({ perKey: { ratePerSecond: 5, burst: 20 }, adminCidrs: cidrs, waf: true } as never)).toEqual([
      { priority: 100, action: "allow", description: "admin path from the operators' ranges (api.adminCidrs)", match: { expr: { expression: `${admin} && (${cidrs.slice(0, 4).map(inRange).join(" || ")})` } } },
      { priority: 101, action: "allow", description: "admin path from the operators' ranges (api.adminCidrs)", match: { expr: { expression: `${admin} && (${inRange("192.0.2.0/24")})` } } },
      { priority: 200, action: "deny(403)", description: "admin path from anywhere else", match: { expr: { expression: admin } } },
      { priority: 250, action: "deny(403)", description: "caller request without a bearer LiteLLM key", match: { expr: { expression: bearer } } },
      ...sets.map((s, i) => ({
        priority: 300 + i,
        action: "deny(403)",
        description: `preconfigured WAF ${s}-v422-stable`,
        match: { expr: { expression: `evaluatePreconfiguredWaf('${s}-v422-stable', {'sensitivity': 1})` } },
      })),
      {
        priority: 1000,
        action: "throttle",
        description: "per client address: api.perKey",
        match: anyAddress,
        // burst 20 + 5/s × 10 s
        rateLimitOptions: { conformAction: "allow", exceedAction: "deny(429)", enforceOnKey: "IP", rateLimitThreshold: { count: 70, intervalSec: 10 } },
      },
      { priority: 2147483647, action: "allow", description: "default rule", match: anyAddress },
    ]);
  });
});

describe("frontDoorNames", () => {
  it("names each global resource by its role in region 'global', and each NEG in its region", () => {
    const scope = { gcpProject: "p-1", project: "ai-infra", stack: "prod" };
    const n = (role: string, region = "global") => gcpName({ ...scope, region }, role, nameLimits.network);
    const names = frontDoorNames(scope);
    expect({ ...names, neg: names.neg("europe-west4") }).toEqual({
      address: n("api-ip"),
      backendService: n("api-backend"),
      urlMap: n("api-urlmap"),
      proxy: n("api-proxy"),
      forwardingRule: n("api-https"),
      policy: n("api-armor"),
      certificate: n("api-cert"),
      certificateMap: n("api-certmap"),
      dnsAuthorization: n("api-dnsauth"),
      neg: n("api-neg", "europe-west4"),
    });
    expect(names.address.startsWith("prod-api-ip-")).toBe(true);
  });
});
