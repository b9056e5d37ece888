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
 * The LLM gateway on Cloud Run is invoked only by the managed API gateway's service account: no
 * IAM grant on a service names `allUsers` / `allAuthenticatedUsers`, and no service turns the
 * invoker check off (`invokerIamDisabled`). Otherwise anyone could skip the API keys, quotas and
 * throttles of the API gateway and spend the provider budget directly.
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
      if (r.props.invokerIamDisabled === true) report(`${label(r)} disables the invoker IAM check, so anyone can invoke it`);
      return;
    }
    if (!iamTypes.includes(r.type)) return;
    const members = [str(r.props.member), ...arr(r.props.members).map(str)].filter((m): m is string => m !== undefined);
    for (const m of members.filter((x) => publicMembers.includes(x))) {
      report(`${label(r)} grants ${str(r.props.role) ?? "a role"} on service ${str(r.props.name) ?? str(r.props.service) ?? "?"} to ${m}`);
    }
  },
});
