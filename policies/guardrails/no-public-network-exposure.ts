import { resourcePolicy } from "../lib/define";
import { arr, label, obj, str } from "../lib/resources";

/** Ports of the data stores and model servers the kit runs. */
const sensitivePorts: Record<number, string> = {
  6379: "Redis/Valkey",
  5432: "PostgreSQL",
  3306: "MySQL",
  4000: "LiteLLM gateway",
  8000: "vLLM",
};
const world = ["0.0.0.0/0", "::/0"];
const internalAnnotations: Record<string, string[]> = {
  "service.beta.kubernetes.io/aws-load-balancer-internal": ["true"],
  "service.beta.kubernetes.io/aws-load-balancer-scheme": ["internal"],
  "networking.gke.io/load-balancer-type": ["Internal"],
  "cloud.google.com/load-balancer-type": ["Internal"],
};

function exposedPorts(from: number, to: number, protocol: string): string[] {
  if (protocol !== "-1" && protocol !== "tcp" && protocol !== "6" && protocol !== "all") return [];
  if (protocol === "-1" || protocol === "all") return ["every port"];
  return Object.entries(sensitivePorts)
    .filter(([p]) => Number(p) >= from && Number(p) <= to)
    .map(([p, what]) => `${p} (${what})`);
}

/**
 * No data store or model server is reachable from the internet: no security group rule opens a
 * data-store or model-server port (Redis 6379, PostgreSQL, MySQL, LiteLLM 4000, vLLM 8000) to
 * 0.0.0.0/0 or ::/0; Kubernetes `LoadBalancer` services are internal; the gateway's load balancer
 * is internal (the managed API gateway is the only public entry); RDS is not publicly
 * accessible; Cloud SQL authorises no world-wide network.
 *
 * Severity: critical. Enforcement: mandatory.
 * Rationale: the managed API gateway is where callers are authenticated and throttled; any other
 * public path skips both, and a public cache or model server leaks data and burns GPU hours.
 * Checkov: CKV_AWS_17 (RDS not public), CKV_AWS_24/CKV_AWS_25/CKV_AWS_260 family (no world ingress),
 * CKV_GCP_11 (Cloud SQL not open to the world). CIS AWS Foundations v3.0 5.2/5.3 (no 0.0.0.0/0
 * ingress to administrative ports; the same reasoning applied to data ports).
 * tfsec: aws-ec2-no-public-ingress-sgr, aws-elb-alb-not-public, aws-rds-no-public-db-access.
 */
export const noPublicNetworkExposure = resourcePolicy("guardrails", {
  name: "no-public-network-exposure",
  description: "No data store or model server is reachable from the internet.",
  enforcementLevel: "mandatory",
  severity: "critical",
  mappings: ["CKV_AWS_17", "CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_GCP_11", "CIS-AWS-3.0:5.2", "CIS-AWS-3.0:5.3", "tfsec:aws-ec2-no-public-ingress-sgr", "tfsec:aws-elb-alb-not-public", "tfsec:aws-rds-no-public-db-access"],
  validate: (r, _s, report) => {
    const p = r.props;
    const rule = (from: unknown, to: unknown, protocol: unknown, cidrs: unknown[], where: string) => {
      const open = cidrs.filter((c): c is string => typeof c === "string" && world.includes(c));
      if (open.length === 0) return;
      for (const port of exposedPorts(Number(from ?? 0), Number(to ?? 65535), String(protocol ?? "tcp").toLowerCase())) {
        report(`${label(r)} opens ${port} to ${open.join(", ")}${where}`);
      }
    };
    switch (r.type) {
      case "aws:ec2/securityGroup:SecurityGroup":
        for (const i of arr(p.ingress)) { const x = obj(i); rule(x.fromPort, x.toPort, x.protocol, [...arr(x.cidrBlocks), ...arr(x.ipv6CidrBlocks)], " (ingress)"); }
        break;
      case "aws:ec2/securityGroupRule:SecurityGroupRule":
        if (str(p.type) === "ingress") rule(p.fromPort, p.toPort, p.protocol, [...arr(p.cidrBlocks), ...arr(p.ipv6CidrBlocks)], "");
        break;
      case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
        rule(p.fromPort, p.toPort, p.ipProtocol, [p.cidrIpv4, p.cidrIpv6], "");
        break;
      case "aws:lb/loadBalancer:LoadBalancer":
      case "aws:alb/loadBalancer:LoadBalancer":
        if (p.internal !== true) report(`${label(r)} is internet-facing; the gateway must be reachable only through the managed API gateway (set internal: true)`);
        break;
      case "aws:rds/instance:Instance":
        if (p.publiclyAccessible === true) report(`${label(r)} is publicly accessible (publiclyAccessible: true)`);
        break;
      case "gcp:sql/databaseInstance:DatabaseInstance":
        for (const n of arr(obj(obj(p.settings).ipConfiguration).authorizedNetworks)) {
          const v = str(obj(n).value);
          if (v && world.includes(v)) report(`${label(r)} authorises ${v} to connect`);
        }
        break;
      case "kubernetes:core/v1:Service": {
        if (str(obj(p.spec).type) !== "LoadBalancer") break;
        const annotations = obj(obj(p.metadata).annotations);
        const internal = Object.entries(internalAnnotations).some(([k, vs]) => vs.includes(String(annotations[k])));
        if (!internal) report(`${label(r)} is a public LoadBalancer service; model servers and data stores stay private (use an internal load balancer annotation)`);
        break;
      }
      default:
        break;
    }
  },
});
