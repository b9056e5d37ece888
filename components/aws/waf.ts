import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ApiConfig } from "../config/model";

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

/** The web ACL's rules: the managed groups, then the per-key rate rule (pure, for the tests). */
export function webAclRules(perKey: ApiConfig["perKey"]): aws.types.input.wafv2.WebAclRule[] {
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
  return [
    ...managed,
    {
      // One counter per distinct `Authorization` value, i.e. per caller key (LiteLLM virtual keys
      // travel as `Bearer sk-...`). A request without the header is not counted by this rule
      // (custom keys: https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-aggregation-options.html);
      // it cannot reach a model either, since LiteLLM refuses it.
      name: "per-key-rate",
      priority: managed.length,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit: perKeyRateLimit(perKey),
          evaluationWindowSec: wafEvaluationWindowSeconds,
          aggregateKeyType: "CUSTOM_KEYS",
          customKeys: [{ header: { name: "authorization", textTransformations: [{ priority: 0, type: "NONE" }] } }],
        },
      },
      visibilityConfig: visibility("per-key-rate"),
    },
  ];
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
  /** `api.perKey`: the per-key rate-based rule's limit. */
  perKey: ApiConfig["perKey"];
  /** The REST API stage the web ACL protects (`arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>`). */
  stageArn: pulumi.Input<string>;
}

/**
 * AWS WAF in front of the REST API stage (`api.waf`): a REGIONAL web ACL with AWS managed rule
 * groups and a rate-based rule per caller key, associated with the stage. REST API stages take a
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
        rules: webAclRules(args.perKey),
        visibilityConfig: visibility("ai-infra-api"),
      },
      o,
    );
    new aws.wafv2.WebAclAssociation(`${name}-association`, { resourceArn: args.stageArn, webAclArn: acl.arn }, { ...o, ...webAclAssociationOptions(acl) });
    this.webAclArn = acl.arn;
    this.registerOutputs({ webAclArn: this.webAclArn });
  }
}
