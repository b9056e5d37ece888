import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ApiConfig } from "../config/model";
import { bearerPattern, callerRoutes } from "../gateway/routes";

/**
 * Seconds AWS WAF looks back when it counts a rate-based rule's requests (60, 120, 300 or 600),
 * and the smallest limit it accepts (10). Source: "Rate-based rule high-level settings"
 * (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html, read 2026-12-01).
 */
export const wafEvaluationWindowSeconds = 60;
export const wafMinRateLimit = 10;

/**
 * Requests one caller key may send in WAF's one-minute window: the spec's steady per-key rate
 * times 60 plus its burst (a window's worth of the steady rate, with the burst on top once). WAF
 * enforces it approximately ("near the limit", same page); LiteLLM's per-key rpm/tpm are exact.
 */
export function perKeyRateLimit(perKey: ApiConfig["perKey"]): number {
  return Math.max(wafMinRateLimit, perKey.ratePerSecond * wafEvaluationWindowSeconds + perKey.burst);
}

/** The part of a request a managed rule inspects, from the rule's name suffix on the AWS page. */
export type InspectedPart = "body" | "header" | "uri-path" | "query" | "cookie" | "method" | "source-ip";

/**
 * Every rule of each AWS managed rule group the kit runs, with the request part it inspects, as
 * listed on "Baseline rule groups"
 * (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html,
 * read 2026-12-07: core rule set and known bad inputs tables; the rule action of each is Block)
 * and "IP reputation rule groups"
 * (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-ip-rep.html).
 * The table is what the web ACL's overrides are derived from: a group the kit runs must be listed
 * here, so a new group's body rules are decided on before it ships (`managedRuleGroups`).
 * AWSManagedRulesSQLiRuleSet is not run: its `SQLi_BODY` would refuse prompts that quote SQL, and
 * LiteLLM builds no SQL from request text (Prisma parameterises every query).
 */
export const managedRuleCatalog: Readonly<Record<string, readonly { rule: string; inspects: InspectedPart }[]>> = {
  AWSManagedRulesAmazonIpReputationList: [
    { rule: "AWSManagedIPReputationList", inspects: "source-ip" },
    { rule: "AWSManagedReconnaissanceList", inspects: "source-ip" },
    { rule: "AWSManagedIPDDoSList", inspects: "source-ip" },
  ],
  AWSManagedRulesKnownBadInputsRuleSet: [
    { rule: "JavaDeserializationRCE_HEADER", inspects: "header" },
    { rule: "JavaDeserializationRCE_BODY", inspects: "body" },
    { rule: "JavaDeserializationRCE_URIPATH", inspects: "uri-path" },
    { rule: "JavaDeserializationRCE_QUERYSTRING", inspects: "query" },
    { rule: "Host_localhost_HEADER", inspects: "header" },
    { rule: "PROPFIND_METHOD", inspects: "method" },
    { rule: "ExploitablePaths_URIPATH", inspects: "uri-path" },
    { rule: "Log4JRCE_HEADER", inspects: "header" },
    { rule: "Log4JRCE_QUERYSTRING", inspects: "query" },
    { rule: "Log4JRCE_BODY", inspects: "body" },
    { rule: "Log4JRCE_URIPATH", inspects: "uri-path" },
  ],
  AWSManagedRulesCommonRuleSet: [
    { rule: "NoUserAgent_HEADER", inspects: "header" },
    { rule: "UserAgent_BadBots_HEADER", inspects: "header" },
    { rule: "SizeRestrictions_QUERYSTRING", inspects: "query" },
    { rule: "SizeRestrictions_Cookie_HEADER", inspects: "cookie" },
    { rule: "SizeRestrictions_BODY", inspects: "body" },
    { rule: "SizeRestrictions_URIPATH", inspects: "uri-path" },
    { rule: "EC2MetaDataSSRF_BODY", inspects: "body" },
    { rule: "EC2MetaDataSSRF_COOKIE", inspects: "cookie" },
    { rule: "EC2MetaDataSSRF_URIPATH", inspects: "uri-path" },
    { rule: "EC2MetaDataSSRF_QUERYARGUMENTS", inspects: "query" },
    { rule: "GenericLFI_QUERYARGUMENTS", inspects: "query" },
    { rule: "GenericLFI_URIPATH", inspects: "uri-path" },
    { rule: "GenericLFI_BODY", inspects: "body" },
    { rule: "RestrictedExtensions_URIPATH", inspects: "uri-path" },
    { rule: "RestrictedExtensions_QUERYARGUMENTS", inspects: "query" },
    { rule: "GenericRFI_QUERYARGUMENTS", inspects: "query" },
    { rule: "GenericRFI_BODY", inspects: "body" },
    { rule: "GenericRFI_URIPATH", inspects: "uri-path" },
    { rule: "CrossSiteScripting_COOKIE", inspects: "cookie" },
    { rule: "CrossSiteScripting_QUERYARGUMENTS", inspects: "query" },
    { rule: "CrossSiteScripting_BODY", inspects: "body" },
    { rule: "CrossSiteScripting_URIPATH", inspects: "uri-path" },
  ],
};

/** The rules of `group` that inspect the request body. */
export function bodyRules(group: string): string[] {
  const rules = managedRuleCatalog[group];
  if (!rules) throw new Error(`managed rule group ${group} is not in managedRuleCatalog: list its rules and what each inspects first`);
  return rules.filter((r) => r.inspects === "body").map((r) => r.rule);
}

/**
 * AWS managed rule groups the web ACL runs, in order, each with the rules set to count instead of
 * block: every rule that inspects the body. A request body here is a prompt, and prompts routinely
 * carry HTML, code, file paths, URLs and long histories, which is what those rules look for
 * (`SizeRestrictions_BODY` alone refuses any body over 8 KB); counted, they still label and meter
 * the request (CloudWatch metric per rule, sampled requests) without refusing it. Header, URI,
 * query, cookie, method and IP rules keep blocking: a caller's prompt never travels there. Rule
 * action overrides: https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-rule-group-override-options.html;
 * Pulumi `ruleActionOverrides`: https://www.pulumi.com/registry/packages/aws/api-docs/wafv2/webacl/.
 * The groups carry no subscription fee beyond the per-rule price (https://aws.amazon.com/waf/pricing/);
 * API Gateway's own 10 MB payload limit still applies.
 */
export const managedRuleGroups: readonly { name: string; countOnly: readonly string[] }[] = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesCommonRuleSet",
].map((name) => ({ name, countOnly: bodyRules(name) }));

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

const none = [{ priority: 0, type: "NONE" }];

/**
 * A caller route (`callerRoutes`) that does not carry a bearer LiteLLM key (`bearerPattern`, as the
 * GCP front door checks it): the URI path ends with a caller route (the stage or custom-domain base
 * path comes before it) and `Authorization` is missing or does not match. A missing header matches
 * no regex, so the NOT holds. The health and IAM-signed admin routes end otherwise and pass.
 * Byte match: https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-string-match.html;
 * regex match (PCRE, no capturing groups): https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-regex-match.html,
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-regex-pattern-support.html.
 */
export function callerWithoutBearerKey(): aws.types.input.wafv2.WebAclRuleStatement {
  return {
    andStatement: {
      statements: [
        { orStatement: { statements: callerRoutes.map((r) => ({ byteMatchStatement: { searchString: r.path, positionalConstraint: "ENDS_WITH", fieldToMatch: { uriPath: {} }, textTransformations: none } })) } },
        { notStatement: { statement: { regexMatchStatement: { regexString: bearerPattern, fieldToMatch: { singleHeader: { name: "authorization" } }, textTransformations: none } } } },
      ],
    },
  };
}

/**
 * The web ACL's rules (pure, for the tests), in priority order: the managed groups; a rate-based
 * rule per client address; with `bearerKeys` (callers bring LiteLLM virtual keys, from growth) a
 * block of caller requests without a bearer key; the rate-based rule per `Authorization` value.
 *
 * Why per client address as well: WAF cannot tell a real key from a made-up one, so the per-key
 * rule gives every invented `Authorization` a fresh counter and a flood of made-up values escapes
 * it; the client address is the one key a caller does not choose (GCP's Cloud Armor throttles on
 * it for the same reason, components/gcp/front-door.ts). Unlike Cloud Armor, a WAF rate-based rule
 * under its limit does not match, so evaluation goes on and every rate-based rule counts every
 * request it sees: the per-address and per-key limits both hold
 * (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-request-limiting.html:
 * the rule acts only on requests of an aggregation instance over its limit). The per-address limit
 * is `api.perKey`'s, as on GCP: no new setting; callers sharing one address (a NAT) share it, and
 * a real key's own rate is LiteLLM's to enforce (rpm/tpm in the keys database).
 * Aggregation on the address: https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-aggregation-options.html.
 */
export function webAclRules(perKey: ApiConfig["perKey"], opts: { bearerKeys: boolean }): aws.types.input.wafv2.WebAclRule[] {
  const managed = managedRuleGroups.map((g, i) => ({
    name: g.name,
    priority: i,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name: g.name,
        ...(g.countOnly.length > 0 ? { ruleActionOverrides: g.countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
      },
    },
    visibilityConfig: visibility(g.name),
  }));
  const limit = perKeyRateLimit(perKey);
  const rest: Omit<aws.types.input.wafv2.WebAclRule, "priority">[] = [
    {
      // Every request, health and admin routes included (a Route 53 checker sends a few a minute).
      name: "per-client-ip-rate",
      action: { block: {} },
      statement: { rateBasedStatement: { limit, evaluationWindowSec: wafEvaluationWindowSeconds, aggregateKeyType: "IP" } },
      visibilityConfig: visibility("per-client-ip-rate"),
    },
    ...(opts.bearerKeys
      ? [
          {
            // Before the per-key rule: a made-up header that is not a bearer key gets no counter.
            name: "caller-without-bearer-key",
            action: { block: {} },
            statement: callerWithoutBearerKey(),
            visibilityConfig: visibility("caller-without-bearer-key"),
          },
        ]
      : []),
    {
      // One counter per distinct `Authorization` value, i.e. per caller key (LiteLLM virtual keys
      // travel as `Bearer sk-...`). A request without the header is not counted by this rule
      // (custom keys: https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-aggregation-options.html).
      name: "per-key-rate",
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit,
          evaluationWindowSec: wafEvaluationWindowSeconds,
          aggregateKeyType: "CUSTOM_KEYS",
          customKeys: [{ header: { name: "authorization", textTransformations: none } }],
        },
      },
      visibilityConfig: visibility("per-key-rate"),
    },
  ];
  return [...managed, ...rest.map((r, i) => ({ ...r, priority: managed.length + i }))];
}

/**
 * The association right after the web ACL's creation often fails with
 * `WAFUnavailableEntityException` while the new ACL propagates: a known provider failure
 * (https://github.com/hashicorp/terraform-provider-aws/issues/29080, also #17527). The provider
 * already retries that error until the create timeout, and the mitigation the issue settled on is a
 * longer, configurable timeout (https://github.com/hashicorp/terraform-provider-aws/pull/30002);
 * Pulumi passes `customTimeouts` on to it
 * (https://www.pulumi.com/docs/iac/concepts/options/customtimeouts/). The explicit `dependsOn`
 * keeps the order even if the ARN were ever given as a plain string.
 */
export const webAclAssociationCreateTimeout = "15m";

export function webAclAssociationOptions(acl: pulumi.Resource): Pick<pulumi.CustomResourceOptions, "dependsOn" | "customTimeouts"> {
  return { dependsOn: [acl], customTimeouts: { create: webAclAssociationCreateTimeout } };
}

export interface ApiFirewallArgs {
  /** The stack's name, in the web ACL's description. */
  stack: string;
  /** `api.perKey`: the limit of the per-address and per-key rate-based rules. */
  perKey: ApiConfig["perKey"];
  /** Callers bring bearer LiteLLM keys (from growth): caller requests without one are blocked. */
  bearerKeys: boolean;
  /** The REST API stage the web ACL protects (`arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>`). */
  stageArn: pulumi.Input<string>;
}

/**
 * AWS WAF in front of the REST API stage (`api.waf`): a REGIONAL web ACL with AWS managed rule
 * groups, rate-based rules per client address and per caller key and, from growth, a block of
 * caller requests without a bearer key (`webAclRules`), associated with the stage. REST API stages take a
 * REGIONAL web ACL in the same region (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html,
 * read 2026-12-01); Pulumi: https://www.pulumi.com/registry/packages/aws/api-docs/wafv2/webaclassociation/.
 */
export class ApiFirewall extends pulumi.ComponentResource {
  readonly webAclArn: pulumi.Output<string>;

  constructor(name: string, args: ApiFirewallArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:ApiFirewall", name, {}, opts);
    const o = { parent: this, provider: opts.provider };
    const acl = new aws.wafv2.WebAcl(
      `${name}-acl`,
      {
        // Auto-named (128 characters at most: facts/aws.ts awsNameLimits).
        description: `ai-infra front door (${args.stack})`,
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        rules: webAclRules(args.perKey, { bearerKeys: args.bearerKeys }),
        visibilityConfig: visibility("ai-infra-api"),
      },
      o,
    );
    new aws.wafv2.WebAclAssociation(`${name}-association`, { resourceArn: args.stageArn, webAclArn: acl.arn }, { ...o, ...webAclAssociationOptions(acl) });
    this.webAclArn = acl.arn;
    this.registerOutputs({ webAclArn: this.webAclArn });
  }
}
