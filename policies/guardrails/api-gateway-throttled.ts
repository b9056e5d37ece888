import { stackPolicy } from "../lib/define";
import { openApiDocuments, operations } from "../lib/openapi";
import { type ResourceView, arr, identifiers, label, obj, ofType, peek, refersTo, str } from "../lib/resources";

const positive = (v: unknown) => typeof v === "number" && v > 0;

/**
 * The managed API gateway limits traffic: an API Gateway REST API has stage throttling (method
 * settings with a rate and a burst) for the global limit and a usage plan with a throttle for the
 * per-key limit; a GCP API Gateway config defines quota limits and charges every operation
 * against one.
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
    for (const cfg of ofType(resources, "gcp:apigateway/apiConfig:ApiConfig")) {
      for (const { path, doc } of openApiDocuments(cfg)) {
        const limits = arr(obj(obj(doc["x-google-management"]).quota).limits);
        const metrics = new Set(limits.map((l) => str(obj(l).metric)).filter((m): m is string => m !== undefined));
        if (metrics.size === 0) {
          report(`${label(cfg)} sets no quota limit in ${path} (x-google-management.quota.limits)`, cfg.urn);
          continue;
        }
        const free = operations(doc)
          .filter(({ op }) => !Object.keys(obj(obj(op["x-google-quota"]).metricCosts)).some((m) => metrics.has(m)))
          .map(({ id }) => id);
        if (free.length > 0) report(`${label(cfg)} leaves ${free.join(", ")} in ${path} outside every quota (x-google-quota.metricCosts)`, cfg.urn);
      }
    }
  },
});
