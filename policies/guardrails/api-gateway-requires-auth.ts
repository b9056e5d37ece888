import { resourcePolicy } from "../lib/define";
import { label, obj, str } from "../lib/resources";

/**
 * The AWS front door authenticates every call: an API Gateway REST method either requires an
 * API key, has an authorizer, or requires the caller's bearer token (`Authorization`, enforced by
 * a request validator) that the gateway behind it checks (CORS preflight `OPTIONS` and the kit's
 * key-less health route excepted). GCP has no API Gateway in the kit: its front door is a load
 * balancer with Cloud Armor, checked by `front-door-guarded`, and LiteLLM checks the keys.
 *
 * Severity: critical. Enforcement: mandatory.
 * Rationale: the API key is what per-user quotas, budgets and abuse handling hang on; an open
 * method is an open proxy to the provider keys.
 * Checkov: CKV_AWS_59 (no open access to back-end resources through API).
 * tfsec: aws-api-gateway-no-public-access.
 */
export const apiGatewayRequiresAuth = resourcePolicy("guardrails", {
  name: "api-gateway-requires-auth",
  description: "Every managed API gateway route requires an API key or an authorizer.",
  enforcementLevel: "mandatory",
  severity: "critical",
  mappings: ["CKV_AWS_59", "tfsec:aws-api-gateway-no-public-access"],
  validate: (r, _s, report) => {
    if (r.type !== "aws:apigateway/method:Method") return;
    if (str(r.props.httpMethod) === "OPTIONS") return;
    const authorization = str(r.props.authorization) ?? "NONE";
    // A method that requires the caller's `Authorization` header through a request validator
    // forwards the bearer token to a gateway that checks it (AWS from growth: LiteLLM virtual
    // keys); the kit's health route (GET, operationName `health`) answers without calling a model.
    // (The validator's id is unknown at preview; the kit always pairs the two, test/aws checks it.)
    const bearerRequired = obj(r.props.requestParameters)["method.request.header.Authorization"] === true;
    const healthRoute = str(r.props.httpMethod) === "GET" && str(r.props.operationName) === "health";
    if (authorization === "NONE" && r.props.apiKeyRequired !== true && !bearerRequired && !healthRoute) {
      report(`${label(r)} accepts calls without an API key, a required bearer token or an authorizer (authorization NONE, apiKeyRequired not true)`);
    }
  },
});
