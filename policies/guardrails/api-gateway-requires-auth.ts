import { resourcePolicy } from "../lib/define";
import { openApiDocuments, operations } from "../lib/openapi";
import { arr, label, obj, str } from "../lib/resources";

/**
 * The managed API gateway authenticates every call: an API Gateway REST method either requires an
 * API key or has an authorizer (CORS preflight `OPTIONS` excepted); every operation of a GCP API
 * Gateway config has a security requirement naming an `apiKey` definition (its own or the
 * document's default).
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
    if (r.type === "aws:apigateway/method:Method") {
      if (str(r.props.httpMethod) === "OPTIONS") return;
      const authorization = str(r.props.authorization) ?? "NONE";
      if (authorization === "NONE" && r.props.apiKeyRequired !== true) {
        report(`${label(r)} accepts calls without an API key or authorizer (authorization NONE, apiKeyRequired not true)`);
      }
      return;
    }
    if (r.type !== "gcp:apigateway/apiConfig:ApiConfig") return;
    for (const { path, doc } of openApiDocuments(r)) {
      const apiKeyDefs = Object.entries(obj(doc.securityDefinitions))
        .filter(([, d]) => obj(d).type === "apiKey")
        .map(([name]) => name);
      const requiresKey = (security: unknown) => arr(security).some((req) => Object.keys(obj(req)).some((k) => apiKeyDefs.includes(k)));
      const open = operations(doc)
        .filter(({ op }) => !("security" in op ? requiresKey(op.security) : requiresKey(doc.security)))
        .map(({ id }) => id);
      if (open.length > 0) report(`${label(r)} lets ${open.join(", ")} in ${path} be called without an API key (no security requirement naming an apiKey definition)`);
    }
  },
});
