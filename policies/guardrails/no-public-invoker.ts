import { resourcePolicy } from "../lib/define";
import { arr, label, str } from "../lib/resources";

const publicMembers = ["allUsers", "allAuthenticatedUsers"];
const iamTypes = [
  "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
  "gcp:cloudrunv2/serviceIamBinding:ServiceIamBinding",
  "gcp:cloudrun/iamMember:IamMember",
  "gcp:cloudrun/iamBinding:IamBinding",
];

/**
 * The LLM gateway on Cloud Run cannot be invoked by everyone: no IAM grant on a service names
 * `allUsers` / `allAuthenticatedUsers`, and a service that turns the invoker check off
 * (`invokerIamDisabled`, as the GCP front door's gateway does: a load balancer cannot mint ID
 * tokens) keeps ingress to internal / internal-and-load-balancer, so callers arrive only through
 * the front door (Cloud Armor, LiteLLM keys). Otherwise anyone could skip the front door's limits
 * and spend the provider budget directly.
 *
 * Severity: critical. Enforcement: mandatory.
 * Rationale: the gateway holds provider keys; a public invoker is an open proxy to them.
 * Checkov: CKV_GCP_102 (Cloud Run not publicly accessible).
 */
export const noPublicInvoker = resourcePolicy("guardrails", {
  name: "no-public-invoker",
  description: "Cloud Run services cannot be invoked by everyone.",
  enforcementLevel: "mandatory",
  severity: "critical",
  mappings: ["CKV_GCP_102"],
  validate: (r, _s, report) => {
    if (r.type === "gcp:cloudrunv2/service:Service" || r.type === "gcp:cloudrunv2/job:Job") {
      // Without the invoker check only the ingress setting keeps the internet out; "internal" and
      // "internal and Cloud Load Balancing" admit the VPC and the stack's load balancer only
      // (https://cloud.google.com/run/docs/securing/ingress). The API default is all.
      const ingress = str(r.props.ingress) ?? "INGRESS_TRAFFIC_ALL";
      if (r.props.invokerIamDisabled === true && ingress === "INGRESS_TRAFFIC_ALL") {
        report(`${label(r)} disables the invoker IAM check with ingress ${ingress}, so anyone on the internet can invoke it`);
      }
      return;
    }
    if (!iamTypes.includes(r.type)) return;
    const members = [str(r.props.member), ...arr(r.props.members).map(str)].filter((m): m is string => m !== undefined);
    for (const m of members.filter((x) => publicMembers.includes(x))) {
      report(`${label(r)} grants ${str(r.props.role) ?? "a role"} on service ${str(r.props.name) ?? str(r.props.service) ?? "?"} to ${m}`);
    }
  },
});
