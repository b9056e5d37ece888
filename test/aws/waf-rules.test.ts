/**
 * The web ACL's own rules (components/aws/waf.ts `webAclRules`), read by a small interpreter of the
 * statements the kit writes (managed groups are skipped: they are AWS's). Rate-based rules follow
 * AWS WAF's semantics: a rule acts only on a request whose aggregation instance is over its limit,
 * otherwise evaluation goes on, so every rate-based rule a request reaches counts it
 * (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-request-limiting.html).
 * The count is the exact one of a window; WAF's own is approximate.
 */
import { describe, expect, it } from "vitest";
import { perKeyRateLimit, webAclRules } from "../../components/aws/waf";

type Obj = Record<string, any>;
interface Req {
  ip: string;
  path: string;
  headers: Record<string, string>;
}

function matches(st: Obj, req: Req): boolean {
  if (st.andStatement) return st.andStatement.statements.every((x: Obj) => matches(x, req));
  if (st.orStatement) return st.orStatement.statements.some((x: Obj) => matches(x, req));
  if (st.notStatement) return !matches(st.notStatement.statement, req);
  if (st.byteMatchStatement) {
    const b = st.byteMatchStatement;
    if (!b.fieldToMatch.uriPath || b.positionalConstraint !== "ENDS_WITH") throw new Error(`uninterpreted byte match ${JSON.stringify(b)}`);
    return req.path.endsWith(b.searchString);
  }
  if (st.regexMatchStatement) {
    const r = st.regexMatchStatement;
    const value = req.headers[r.fieldToMatch.singleHeader.name];
    // A missing header matches no pattern.
    return value !== undefined && new RegExp(r.regexString).test(value);
  }
  throw new Error(`uninterpreted statement ${JSON.stringify(st)}`);
}

/** One window of the web ACL: each request's terminating rule, or "allow" (the default action). */
function evaluate(rules: Obj[], requests: Req[]): string[] {
  const counts = new Map<string, number>();
  const ordered = [...rules].sort((a, b) => a.priority - b.priority);
  return requests.map((req) => {
    for (const rule of ordered) {
      if (rule.statement.managedRuleGroupStatement) continue;
      const rate = rule.statement.rateBasedStatement;
      if (rate) {
        let key: string | undefined;
        if (rate.aggregateKeyType === "IP") key = req.ip;
        else if (rate.aggregateKeyType === "CUSTOM_KEYS" && rate.customKeys.length === 1 && rate.customKeys[0].header) key = req.headers[rate.customKeys[0].header.name];
        else throw new Error(`uninterpreted rate rule ${rule.name}`);
        // A request without the key is not counted.
        if (key === undefined) continue;
        const id = `${rule.name}/${key}`;
        const n = (counts.get(id) ?? 0) + 1;
        counts.set(id, n);
        if (n > rate.limit) return rule.name;
        continue;
      }
      if (matches(rule.statement, req)) return rule.name;
    }
    return "allow";
  });
}

const perKey = { ratePerSecond: 1, burst: 4 };
const limit = perKeyRateLimit(perKey);
const rules = webAclRules(perKey, { bearerKeys: true }) as Obj[];
const chat = "/v1/chat/completions";

describe("the web ACL's rules", () => {
  it("lists the managed groups first, then per client address, the bearer-key block and per key, priorities unique", () => {
    expect(limit).toBe(64);
    expect(rules.map((r) => [r.priority, r.name])).toEqual([
      [0, "AWSManagedRulesAmazonIpReputationList"],
      [1, "AWSManagedRulesKnownBadInputsRuleSet"],
      [2, "AWSManagedRulesCommonRuleSet"],
      [3, "per-client-ip-rate"],
      [4, "caller-without-bearer-key"],
      [5, "per-key-rate"],
    ]);
    expect((webAclRules(perKey, { bearerKeys: false }) as Obj[]).map((r) => [r.priority, r.name])).toEqual([
      [0, "AWSManagedRulesAmazonIpReputationList"],
      [1, "AWSManagedRulesKnownBadInputsRuleSet"],
      [2, "AWSManagedRulesCommonRuleSet"],
      [3, "per-client-ip-rate"],
      [4, "per-key-rate"],
    ]);
    expect(rules.find((r) => r.name === "per-client-ip-rate")!.statement.rateBasedStatement).toEqual({ limit: 64, evaluationWindowSec: 60, aggregateKeyType: "IP" });
  });

  it("throttles a flood of made-up bearer values from one address (each value alone stays under the per-key limit)", () => {
    const flood = Array.from({ length: limit + 5 }, (_, i) => ({ ip: "198.51.100.7", path: chat, headers: { authorization: `Bearer sk-made-up-${i}` } }));
    const outcome = evaluate(rules, flood);
    expect(outcome.slice(0, limit)).toEqual(Array(limit).fill("allow"));
    expect(outcome.slice(limit)).toEqual(Array(5).fill("per-client-ip-rate"));
  });

  it("still limits one key spread over many addresses, per key", () => {
    const spread = Array.from({ length: limit + 3 }, (_, i) => ({ ip: `203.0.113.${i % 250}`, path: chat, headers: { authorization: "Bearer sk-real" } }));
    expect(evaluate(rules, spread).slice(limit)).toEqual(Array(3).fill("per-key-rate"));
  });

  const cases: [string, Req, string][] = [
    ["a caller route with a bearer key", { ip: "a", path: "/v1/chat/completions", headers: { authorization: "Bearer sk-abc_DEF-1" } }, "allow"],
    ["lower-case bearer, as LiteLLM accepts", { ip: "a", path: "/v1/embeddings", headers: { authorization: "bearer sk-abc" } }, "allow"],
    ["no Authorization on a caller route", { ip: "a", path: "/v1/chat/completions", headers: {} }, "caller-without-bearer-key"],
    ["no Authorization on /models", { ip: "a", path: "/v1/models", headers: {} }, "caller-without-bearer-key"],
    ["a made-up scheme", { ip: "a", path: "/v1/completions", headers: { authorization: "Basic dXNlcjpwYXNz" } }, "caller-without-bearer-key"],
    ["a bearer value that is no LiteLLM key", { ip: "a", path: "/v1/chat/completions", headers: { authorization: "Bearer random" } }, "caller-without-bearer-key"],
    ["the key with a trailing payload", { ip: "a", path: "/v1/chat/completions", headers: { authorization: "Bearer sk-abc x" } }, "caller-without-bearer-key"],
    ["the health route without a key (Route 53 sends none)", { ip: "a", path: "/v1/health", headers: {} }, "allow"],
    ["an IAM-signed admin route", { ip: "a", path: "/v1/admin/key/generate", headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKIA/20261207/eu-west-1/execute-api/aws4_request" } }, "allow"],
  ];
  it.each(cases)("%s", (_name, req, expected) => {
    expect(evaluate(rules, [req])).toEqual([expected]);
  });

  it("without bearer keys (prototype: callers send x-api-key) no request is blocked for its Authorization", () => {
    expect(evaluate(webAclRules(perKey, { bearerKeys: false }) as Obj[], [{ ip: "a", path: chat, headers: { "x-api-key": "k" } }])).toEqual(["allow"]);
  });
});
