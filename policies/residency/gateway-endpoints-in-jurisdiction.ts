import { gatewayModels } from "../lib/gateway-config";
import { resourcePolicy } from "../lib/define";
import { label } from "../lib/resources";

const inCluster = (host: string) => host.endsWith(".svc.cluster.local") || host.endsWith(".svc");
/**
 * The kit's variable for a self-hosted group's internal load balancer (`vllmUrlEnv` in the
 * renderer): the adapter fills it only from the balancer of the stack's own regional cluster.
 */
const selfHostedUrlRef = /^os\.environ\/AI_INFRA_VLLM_[A-Z0-9_]+_URL$/;

/**
 * Every provider endpoint the rendered LiteLLM config names (primary and fallback deployments
 * alike) keeps data in the jurisdiction: `api_base` hosts must be in the allowed endpoint list
 * (derived from the kit's endpoint table and the stack's own `dataJurisdiction` declarations);
 * Bedrock and Vertex deployments must call a region of the jurisdiction, and a Bedrock `global.`
 * inference profile (which may run anywhere) is refused. Self-hosted models (`hosted_vllm/`) reached
 * by an in-cluster Service name or through the kit's internal-load-balancer variable run in the
 * stack's own cluster and the auto router only picks among the
 * other groups, so neither names an outside endpoint. The config is read from the object the
 * adapters upload (any resource whose `content` is a LiteLLM config).
 *
 * Severity: critical. Enforcement: mandatory.
 * Rationale: prompts are the most sensitive data the platform handles; sending them to a
 * provider's US endpoint from an EU stack is a transfer, and a fallback only runs when the
 * primary fails — exactly when nobody checks.
 * CIS / Checkov / tfsec: none.
 */
export const gatewayEndpointsInJurisdiction = resourcePolicy("residency", {
  name: "gateway-endpoints-in-jurisdiction",
  description: "Every provider endpoint in the gateway config keeps data inside the jurisdiction.",
  enforcementLevel: "mandatory",
  severity: "critical",
  mappings: [],
  validate: (r, s, report) => {
    if (s.jurisdiction === "global") return;
    const models = gatewayModels(r);
    if (!models) return;
    for (const m of models) {
      // The router only picks among the config's other groups, which are checked themselves.
      if (m.model.startsWith("auto_router/")) continue;
      const who = `gateway model group '${m.group}' (${m.model})`;
      if (/^bedrock\/global\./.test(m.model)) {
        report(`${label(r)}: ${who} uses a global cross-region inference profile, which may process requests outside jurisdiction ${s.jurisdiction}`);
        continue;
      }
      if (m.region) {
        const allowed = s.allowedRegions[m.region.cloud];
        if (!allowed.includes(m.region.name)) {
          report(`${label(r)}: ${who} calls ${m.region.name}, outside jurisdiction ${s.jurisdiction}; allowed ${m.region.cloud} regions: ${allowed.join(", ")}`);
        }
        continue;
      }
      if (!m.apiBase) {
        report(`${label(r)}: ${who} names no api_base, so the provider's default endpoint would be called; it cannot be shown to be inside jurisdiction ${s.jurisdiction}`);
        continue;
      }
      // Only for vLLM groups: a hosted provider behind an env reference could be anywhere.
      if (m.model.startsWith("hosted_vllm/") && selfHostedUrlRef.test(m.apiBase)) continue;
      let host = "";
      try {
        host = new URL(m.apiBase).hostname;
      } catch {
        host = m.apiBase;
      }
      // A cluster-internal Service (self-hosted vLLM) runs in the stack's own cluster, whose region
      // regional-resource-in-jurisdiction checks.
      if (inCluster(host)) continue;
      if (!s.allowedEndpoints.includes("*") && !s.allowedEndpoints.includes(host)) {
        report(`${label(r)}: ${who} calls ${m.apiBase}, outside jurisdiction ${s.jurisdiction}; allowed endpoints: ${s.allowedEndpoints.join(", ") || "(none)"}`);
      }
    }
  },
});
