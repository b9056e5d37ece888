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

/**
 * AWS managed rule groups the web ACL runs, in order. They carry no subscription fee beyond the
 * per-rule price (https://aws.amazon.com/waf/pricing/). `SizeRestrictions_BODY` in the core rule
 * set blocks any body over 8 KB, which a chat request with a long prompt or history routinely is,
 * so it only counts (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html,
 * read 2026-12-01); API Gateway's own 10 MB payload limit still applies.
 */
export const managedRuleGroups: readonly { name: string; countOnly?: readonly string[] }[] = [
  { name: "AWSManagedRulesAmazonIpReputationList" },
  { name: "AWSManagedRulesKnownBadInputsRuleSet" },
  { name: "AWSManagedRulesCommonRuleSet", countOnly: ["SizeRestrictions_BODY"] },
];

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
        ...(g.countOnly ? { ruleActionOverrides: g.countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
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
    new aws.wafv2.WebAclAssociation(`${name}-association`, { resourceArn: args.stageArn, webAclArn: acl.arn }, o);
    this.webAclArn = acl.arn;
    this.registerOutputs({ webAclArn: this.webAclArn });
  }
}
