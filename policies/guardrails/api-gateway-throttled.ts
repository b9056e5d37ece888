import { stackPolicy } from "../lib/define";
import { type ResourceView, arr, identifiers, label, obj, ofType, peek, refersTo, str } from "../lib/resources";

const positive = (v: unknown) => typeof v === "number" && v > 0;

/**
 * The AWS front door limits traffic: an API Gateway REST API has stage throttling (method
 * settings with a rate and a burst) for the global limit and a usage plan with a throttle for the
 * per-key limit. (GCP's per-key throttle is Cloud Armor's, checked by `front-door-guarded`.)
 *
 * Severity: medium. Enforcement: advisory (a missing limit costs money and availability, not data).
 * Rationale: without limits one leaked key or one runaway client spends the month's provider budget.
 * Checkov: CKV_AWS_120 is about caching, not throttling; there is no direct equivalent. tfsec: none.
 */
export const apiGatewayThrottled = stackPolicy("guardrails", {
  name: "api-gateway-throttled",
  description: "The managed API gateway throttles the stage and every API key.",
  enforcementLevel: "advisory",
  severity: "medium",
  mappings: [],
  validate: (resources, _s, report) => {
    const settings = ofType(resources, "aws:apigateway/methodSettings:MethodSettings");
    const plans = ofType(resources, "aws:apigateway/usagePlan:UsagePlan");
    const planCovers = (plan: ResourceView, api: ResourceView) =>
      (plan.propertyDependencies?.apiStages ?? []).some((d) => d.urn === api.urn) ||
      arr(plan.props.apiStages).some((st) => {
        const id = str(peek(obj(st), "apiId"));
        return id !== undefined && identifiers(api).has(id);
      });
    for (const api of ofType(resources, "aws:apigateway/restApi:RestApi")) {
      const staged = settings.some(
        (m) => refersTo(m, "restApi", api) && positive(obj(m.props.settings).throttlingRateLimit) && positive(obj(m.props.settings).throttlingBurstLimit),
      );
      if (!staged) report(`${label(api)} has no stage throttling (aws:apigateway/methodSettings with throttlingRateLimit and throttlingBurstLimit)`, api.urn);
      const perKey = plans.some((p) => planCovers(p, api) && positive(obj(p.props.throttleSettings).rateLimit));
      if (!perKey) report(`${label(api)} has no usage plan that throttles its API keys (aws:apigateway/usagePlan with throttleSettings)`, api.urn);
    }
  },
});
