import { type EndpointProvider, allowedForms, placesOf, routingFormOf } from "../../components/config/endpoints";
import { openaiHostForms } from "../../components/config/facts/routing";
import { gatewayModels, type GatewayModel } from "../lib/gateway-config";
import { resourcePolicy } from "../lib/define";
import type { ResidencySettings } from "../lib/config";
import { label } from "../lib/resources";

const inCluster = (host: string) => host.endsWith(".svc.cluster.local") || host.endsWith(".svc");
/**
 * The kit's variable for a self-hosted group's internal load balancer (`vllmUrlEnv` in the
 * renderer): the adapter fills it only from the balancer of the stack's own regional cluster.
 */
const selfHostedUrlRef = /^os\.environ\/AI_INFRA_VLLM_[A-Z0-9_]+_URL$/;
/**
 * The kit's variable for a group's Bedrock Provisioned Throughput ARN (`dedicatedEnv` in the
 * renderer): the adapter fills it only from the Provisioned Throughput it bought in
 * `aws_region_name`, where the provisioned model runs (a Provisioned Throughput serves in its own
 * region: https://docs.aws.amazon.com/bedrock/latest/userguide/pt-supported.html).
 */
const provisionedArnRef = /^os\.environ\/AI_INFRA_DEDICATED_[A-Z0-9_]+$/;

function hostOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? "").hostname;
  } catch {
    return undefined;
  }
}

/**
 * A deployment whose routing form the rendered config itself shows (`facts/routing.ts`): Bedrock
 * (model id prefix + source region), Vertex (location), OpenAI at a residency host, Anthropic's own
 * API (`inference_geo`). Other deployments (Azure, any other host) are judged by host.
 */
function formRoute(m: GatewayModel): { p: EndpointProvider; model: string } | undefined {
  const [prefix, ...rest] = m.model.split("/");
  const model = rest.join("/");
  // Dedicated capacity: judged as the on-demand model id in the region it was bought in.
  if (prefix === "bedrock" && m.modelId && provisionedArnRef.test(m.modelId)) return { p: { kind: "bedrock", region: m.region?.name }, model: model.replace(/^converse\//, "") };
  if (prefix === "bedrock") return { p: { kind: "bedrock", region: m.region?.name }, model };
  if (prefix === "vertex_ai") return { p: { kind: "vertex", region: m.region?.name }, model };
  const host = hostOf(m.apiBase);
  if (prefix === "openai" && host && host in openaiHostForms) return { p: { kind: "openai", apiBase: m.apiBase }, model };
  if (prefix === "anthropic" && host === "api.anthropic.com") return { p: { kind: "anthropic", apiBase: m.apiBase, inferenceGeo: m.inferenceGeo }, model };
  return undefined;
}

/** Whether the form keeps the deployment inside the pack's jurisdiction, read from the pack's settings. */
function inside(route: { p: EndpointProvider; model: string }, s: ResidencySettings): boolean {
  const form = routingFormOf(route.p, route.model);
  const region = route.p.region ?? "";
  const aws = s.allowedRegions.aws;
  switch (form.processing.kind) {
    case "region":
      return (route.p.kind === "bedrock" ? aws : s.allowedRegions.gcp).includes(region);
    case "aws-regions":
      return aws.includes(region) && form.processing.regions.every((r) => aws.includes(r));
    case "geography":
      return placesOf(form.processing).includes(s.jurisdiction as never);
    default:
      return false;
  }
}

/**
 * Every provider endpoint the rendered LiteLLM config names (primary and fallback deployments
 * alike) may process prompts only inside the jurisdiction, judged by its routing form
 * (components/config/facts/routing.ts, docs/residency.md): a Bedrock model id's inference-profile
 * prefix and its source region, a Vertex location (a region, the `us`/`eu` multi-regions, or
 * `global`), OpenAI's residency hosts, Anthropic's `inference_geo`. Other `api_base` hosts
 * (Azure resources, hosts the stack vouches for) must be in the allowed endpoint list. Self-hosted
 * models (`hosted_vllm/`) reached by an in-cluster Service name or through the kit's
 * internal-load-balancer variable run in the stack's own cluster and the auto router only picks
 * among the other groups, so neither names an outside endpoint. The config is read from the
 * object the adapters upload (any resource whose `content` is a LiteLLM config).
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
      const route = formRoute(m);
      if (route) {
        if (!inside(route, s)) {
          const form = routingFormOf(route.p, route.model);
          const from = route.p.kind === "bedrock" || route.p.kind === "vertex" ? ` from region ${route.p.region ?? "(none)"}` : "";
          report(
            `${label(r)}: ${who} uses ${form.selectedBy}${from}, which may process in ${form.processesIn}, outside jurisdiction ${s.jurisdiction}; ` +
              `allowed ${route.p.kind} forms in ${s.jurisdiction}: ${allowedForms(route.p.kind, s.jurisdiction).join("; ") || "(none)"}`,
          );
        }
        continue;
      }
      if (!m.apiBase) {
        report(`${label(r)}: ${who} names no api_base, so the provider's default endpoint would be called; it cannot be shown to be inside jurisdiction ${s.jurisdiction}`);
        continue;
      }
      // Only for vLLM groups: a hosted provider behind an env reference could be anywhere.
      if (m.model.startsWith("hosted_vllm/") && selfHostedUrlRef.test(m.apiBase)) continue;
      const host = hostOf(m.apiBase) ?? m.apiBase;
      // A cluster-internal Service (self-hosted vLLM) runs in the stack's own cluster, whose region
      // regional-resource-in-jurisdiction checks.
      if (inCluster(host)) continue;
      if (!s.allowedEndpoints.includes("*") && !s.allowedEndpoints.includes(host)) {
        report(`${label(r)}: ${who} calls ${m.apiBase}, outside jurisdiction ${s.jurisdiction}; allowed endpoints: ${s.allowedEndpoints.join(", ") || "(none)"}`);
      }
    }
  },
});
