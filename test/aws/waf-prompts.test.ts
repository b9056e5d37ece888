// Which AWS managed WAF rules a realistic prompt would match, and that every body rule that could
// match is set to count in the web ACL the kit renders.
//
// APPROXIMATION: AWS does not publish its managed rules' signatures. The patterns below are read
// off each rule's description on "Baseline rule groups"
// (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html):
// a rule may match more or less than its pattern here. What settles it is the deploy-smoke
// workflow, which sends the same corpus through a deployed front door and expects no 403.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadPromptCorpus } from "../../cli/lib/prompt-corpus";
import { bodyRules, managedRuleCatalog, managedRuleGroups, webAclRules } from "../../components/aws/waf";

const corpus = loadPromptCorpus(path.join(__dirname, "fixtures", "waf-prompts.json"));

/** The request body an OpenAI client sends for a prompt (what WAF's body rules inspect). */
const requestBody = (prompt: string) => JSON.stringify({ model: "chat", messages: [{ role: "user", content: prompt }] });

/** Documented-description approximations of the body rules, by rule name. */
const approximations: Record<string, (body: string) => boolean> = {
  // "Inspects for a request body over 8 KB (8,192 bytes)."
  SizeRestrictions_BODY: (b) => Buffer.byteLength(b, "utf8") > 8192,
  // "attempts to exfiltrate Amazon EC2 metadata from the request body" (the metadata addresses).
  EC2MetaDataSSRF_BODY: (b) => /169\.254\.169\.254|fd00:ec2::254/i.test(b),
  // "local file inclusion (LFI) exploits ... path traversal attempts using techniques like ../../".
  GenericLFI_BODY: (b) => /\.\.[/\\]|\/etc\/(passwd|shadow)|\/proc\/self\//i.test(b),
  // "remote file inclusion (RFI) ... URLs that contain IPv4 addresses".
  GenericRFI_BODY: (b) => /(https?|ftp|file):\/\/\d{1,3}(\.\d{1,3}){3}/i.test(b),
  // "common cross-site scripting (XSS) patterns ... for example <script>alert("hello")</script>".
  CrossSiteScripting_BODY: (b) => /<\s*script\b|\bon(error|load|click|mouseover|focus)\s*=|javascript:/i.test(b),
  // Known bad inputs: "the Log4j vulnerability ... ${jndi:ldap://example.com/}".
  Log4JRCE_BODY: (b) => /\$\{\s*jndi:/i.test(b),
  // Known bad inputs: "Java deserialization ... Spring Core and Cloud Function RCE" (serialized-object magic, Runtime calls).
  JavaDeserializationRCE_BODY: (b) => /rO0AB|aced0005|java\.lang\.Runtime/i.test(b),
};

/** The body rules of the groups the web ACL runs, with the group each belongs to. */
const runBodyRules = managedRuleGroups.flatMap((g) => bodyRules(g.name).map((rule) => ({ group: g.name, rule })));

function matches(prompt: string): string[] {
  const body = requestBody(prompt);
  return runBodyRules.filter((r) => approximations[r.rule]!(body)).map((r) => r.rule);
}

/** What each prompt matches, written out (the listing the review asked for). */
const expected: Record<string, string[]> = {
  plain: [],
  "python-code": ["GenericLFI_BODY"],
  "typescript-code": [],
  "html-snippet": ["CrossSiteScripting_BODY"],
  "markdown-link": ["CrossSiteScripting_BODY"],
  "unix-paths": ["GenericLFI_BODY"],
  "windows-paths": ["GenericLFI_BODY"],
  "public-urls": [],
  "private-ip-url": ["GenericRFI_BODY"],
  "instance-metadata": ["EC2MetaDataSSRF_BODY", "GenericRFI_BODY"],
  // SQL in a prompt would match AWSManagedRulesSQLiRuleSet's SQLi_BODY; the kit does not run that group.
  sql: [],
  shell: [],
  "log4j-question": ["Log4JRCE_BODY"],
  "java-serialized": ["JavaDeserializationRCE_BODY"],
  "long-history": ["SizeRestrictions_BODY"],
};

/** The rendered web ACL: rule name → the managed rules overridden to count. */
const rendered = webAclRules({ ratePerSecond: 10, burst: 20 }, { bearerKeys: true });
const countedIn = (group: string): string[] => {
  const rule = rendered.find((r) => r.name === group) as { statement: { managedRuleGroupStatement: { ruleActionOverrides?: { name: string; actionToUse: unknown }[] } } } | undefined;
  return (rule?.statement.managedRuleGroupStatement.ruleActionOverrides ?? []).filter((o) => JSON.stringify(o.actionToUse) === '{"count":{}}').map((o) => o.name);
};

describe("the WAF prompt corpus (test/aws/fixtures/waf-prompts.json)", () => {
  it("holds 15 prompts, one listing each", () => {
    expect(corpus.map((p) => p.id)).toEqual(Object.keys(expected));
  });

  it("has an approximation for every body rule the web ACL runs", () => {
    expect(runBodyRules.map((r) => r.rule).sort()).toEqual(Object.keys(approximations).sort());
  });

  it.each(corpus.map((p) => [p.id, p] as const))("%s: the managed rules it would match", (id, p) => {
    expect(matches(p.text)).toEqual(expected[id]);
  });

  it.each(corpus.map((p) => [p.id, p] as const))("%s: every body rule it would match counts in the rendered ACL", (_id, p) => {
    for (const r of runBodyRules.filter((x) => matches(p.text).includes(x.rule))) {
      expect(countedIn(r.group)).toContain(r.rule);
    }
  });
});

describe("the web ACL's rule overrides (components/aws/waf.ts)", () => {
  const groups = Object.keys(managedRuleCatalog);

  it("runs the IP reputation, known bad inputs and core rule set groups, and not the SQL injection group", () => {
    expect(managedRuleGroups.map((g) => g.name)).toEqual(["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesCommonRuleSet"]);
    expect(rendered.map((r) => r.name)).not.toContain("AWSManagedRulesSQLiRuleSet");
  });

  it.each(groups)("%s: exactly its body rules count; its header, URI, query, cookie, method and IP rules keep blocking", (group) => {
    const body = managedRuleCatalog[group]!.filter((r) => r.inspects === "body").map((r) => r.rule);
    expect(countedIn(group).sort()).toEqual(body.sort());
    for (const r of managedRuleCatalog[group]!.filter((x) => x.inspects !== "body")) expect(countedIn(group)).not.toContain(r.rule);
  });

  it("counts these seven body rules, by name", () => {
    expect(groups.flatMap((g) => countedIn(g)).sort()).toEqual([
      "CrossSiteScripting_BODY",
      "EC2MetaDataSSRF_BODY",
      "GenericLFI_BODY",
      "GenericRFI_BODY",
      "JavaDeserializationRCE_BODY",
      "Log4JRCE_BODY",
      "SizeRestrictions_BODY",
    ]);
  });

  it("refuses a managed group whose rules are not catalogued", () => {
    expect(() => bodyRules("AWSManagedRulesSQLiRuleSet")).toThrow("managed rule group AWSManagedRulesSQLiRuleSet is not in managedRuleCatalog");
  });
});

describe("the web ACL association (components/aws/waf.ts)", () => {
  it("waits for its web ACL explicitly and gets 15 minutes to create, past the provider's default 5", async () => {
    const { webAclAssociationOptions } = await import("../../components/aws/waf");
    const acl = { marker: "acl" } as unknown as import("@pulumi/pulumi").Resource;
    expect(webAclAssociationOptions(acl)).toEqual({ dependsOn: [acl], customTimeouts: { create: "15m" } });
  });
});

describe("npm run smoke --prompts (cli/lib/smoke.ts)", () => {
  it("fails each prompt a front door refuses with 403, and passes the others", async () => {
    const http = await import("node:http");
    const { runSmoke } = await import("../../cli/lib/smoke");
    // A stand-in front door: refuses a body with <script (as CrossSiteScripting_BODY would), answers the rest.
    const server = http.createServer((req, res) => {
      let b = "";
      req.on("data", (c) => (b += c));
      req.on("end", () => {
        if (b.includes("<script")) {
          res.writeHead(403).end('{"message":"Forbidden"}');
          return;
        }
        res.writeHead(200, { "content-type": "application/json" }).end('{"choices":[{"message":{"content":"ok"}}],"usage":{"total_tokens":3}}');
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const results = await runSmoke({
        url: `http://127.0.0.1:${port}/v1`,
        key: "k",
        model: "chat",
        stream: false,
        keyHeader: "x-api-key",
        timeoutMs: 5000,
        prompts: corpus,
      });
      const failed = results.filter((r) => r.name.startsWith("prompt ") && !r.ok).map((r) => r.name);
      expect(failed).toEqual(['prompt "html-snippet" passes the front door']);
      expect(results.filter((r) => r.name.startsWith("prompt "))).toHaveLength(15);
      expect(results.find((r) => r.name === 'prompt "html-snippet" passes the front door')!.detail).toContain("403 (refused at the front door");
    } finally {
      server.close();
    }
  });
});
