import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { healthRoute } from "../gateway/routes";
import type { AwsFailover } from "../config/model";
import { apiStageName } from "./front-door";
import { RegionalDomain, domainApiUrl } from "./domain";

export type FailoverConfig = AwsFailover;

/**
 * Recovery time of the stack's name when a region fails, from its configuration:
 * - detection: Route 53 marks an endpoint unhealthy after `failureThreshold` consecutive failed
 *   checks, one every `healthCheckIntervalSeconds` (10 or 30 s)
 *   (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html);
 * - caching: resolvers keep the previous answer up to the record's TTL (AWS recommends 60 s for
 *   records with health checks,
 *   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html).
 * The sum is the worst case for a client that honours the TTL; clients that cache DNS longer
 * (a JVM's default, a long-lived connection pool) add their own time on top, which no setting here
 * changes. Route 53 checkers do not coordinate, so detection can be a little faster.
 */
export function failoverRto(f: Pick<FailoverConfig, "healthCheckIntervalSeconds" | "failureThreshold" | "ttlSeconds">): {
  detectionSeconds: number;
  ttlSeconds: number;
  totalSeconds: number;
} {
  const detectionSeconds = f.healthCheckIntervalSeconds * f.failureThreshold;
  return { detectionSeconds, ttlSeconds: f.ttlSeconds, totalSeconds: detectionSeconds + f.ttlSeconds };
}

/** The path each region's health check requests on its own execute-api host: `/v1/health`. */
export const healthCheckPath = `/${apiStageName}${healthRoute.path}`;

/** TTL of the records when the stack has a domain but no failover section (one region, say). */
export const defaultRecordTtlSeconds = 60;

/** One DNS record of the stack's name, as plain data (tested without Pulumi). */
export interface RecordSpec {
  /** Logical role, stable per region: `record-<region>`, `standby-<region>`, `record-standby`. */
  role: string;
  /** `domain` or `standby.<domain>`. */
  name: string;
  /** Region whose regional domain the record points at; absent for the failover SECONDARY. */
  region?: string;
  /** Whether the record carries that region's health check. */
  healthChecked: boolean;
  policy: { kind: "latency"; region: string } | { kind: "failover"; type: "PRIMARY" | "SECONDARY" };
  setIdentifier: string;
}

/** The name the standby regions answer under in active-passive; a failover SECONDARY points at it. */
export function standbyName(domain: string): string {
  return `standby.${domain}`;
}

/**
 * The records of `domain` over `regions` (primary first):
 *
 * - no failover section: one latency record per region, no health check (a one-region stack with a
 *   domain gets one record; its set identifier is the region, so promotion to enterprise updates
 *   that record in place instead of deleting a simple record that failover records cannot sit beside);
 * - `active-active`: one latency record per region with its health check: the nearest healthy
 *   region answers;
 * - `active-passive`: Route 53 failover has exactly one PRIMARY and one SECONDARY
 *   (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-failover.html), so
 *   with three regions the PRIMARY is regions[0] (health-checked) and the SECONDARY is the name
 *   `standby.<domain>`, a latency set of the other regions, each health-checked: when the primary
 *   fails, callers go to the nearest healthy standby region.
 */
export function recordPlan(domain: string, regions: readonly string[], failover: FailoverConfig | undefined): RecordSpec[] {
  const latency = (name: string, region: string, role: string, healthChecked: boolean): RecordSpec => ({
    role,
    name,
    region,
    healthChecked,
    policy: { kind: "latency", region },
    setIdentifier: region,
  });
  if (!failover) return regions.map((r) => latency(domain, r, `record-${r}`, false));
  if (failover.mode === "active-active") return regions.map((r) => latency(domain, r, `record-${r}`, true));
  const [primary, ...standby] = failover.regions;
  return [
    { role: `record-${primary}`, name: domain, region: primary, healthChecked: true, policy: { kind: "failover", type: "PRIMARY" }, setIdentifier: primary },
    { role: "record-standby", name: domain, healthChecked: false, policy: { kind: "failover", type: "SECONDARY" }, setIdentifier: "standby" },
    ...standby.map((r) => latency(standbyName(domain), r, `standby-${r}`, true)),
  ];
}

/** What the routing needs of one region (typed fields of `Region`). */
export interface RoutedRegion {
  region: string;
  provider: aws.Provider;
  restApiId: pulumi.Input<string>;
  stageName: pulumi.Input<string>;
  /** `<id>.execute-api.<region>.amazonaws.com`: the health check goes here, not through DNS. */
  apiHost: pulumi.Input<string>;
}

export interface FailoverRoutingArgs {
  domain: string;
  zoneId: string;
  regions: RoutedRegion[];
  failover?: FailoverConfig;
  tags: Record<string, string>;
}

/**
 * The stack's one name over its regions: per region a `RegionalDomain`, per health-checked region a
 * Route 53 HTTPS health check of its own `/v1/health` (LiteLLM's `/health/liveliness`: no key, no
 * model call, see `healthRoute`) on its execute-api host, and the records of `recordPlan`.
 *
 * The check answers whether the region's front door and LiteLLM are up; it never leaves the VPC,
 * so it does not see whether the region can still reach its providers. Losing one zone does not
 * cut them: from growth each zone leaves through its own NAT gateway (`Network`), so the region
 * keeps serving from the other zone instead of failing over. A region that loses every way out
 * (or a provider outage seen only from it) still stays green here; that needs a check fed by the
 * request path (a CloudWatch-alarm-backed or calculated Route 53 check over the API's 5xx rate).
 *
 * Records are CNAMEs to the regional domains' targets, not alias records: an alias record takes the
 * target's TTL, and `failover.ttlSeconds` is part of the recovery time the stack promises
 * (`failoverRto`). The SECONDARY of active-passive is the one alias record (to `standby.<domain>` in
 * the same zone, evaluating that latency set's health), since a record pointing at another record
 * in its zone is what alias records are for
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-failover-alias.html).
 */
export class FailoverRouting extends pulumi.ComponentResource {
  /** `https://<domain>/v1`. */
  readonly apiUrl: pulumi.Output<string>;
  /** Region → health check id. */
  readonly healthCheckIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: FailoverRoutingArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:FailoverRouting", name, {}, opts);
    const { domain, zoneId, failover } = args;
    const plan = recordPlan(domain, args.regions.map((r) => r.region), failover);
    const byRegion = new Map(args.regions.map((r) => [r.region, r]));
    // Route 53 is a global service; the primary region's provider carries the stack's default tags.
    const dns = { parent: this, provider: args.regions[0]!.provider };

    const targets = new Map<string, RegionalDomain>();
    for (const r of args.regions) {
      targets.set(r.region, new RegionalDomain(`${name}-${r.region}`, { domain, zoneId, restApiId: r.restApiId, stageName: r.stageName }, { parent: this, provider: r.provider }));
    }

    this.healthCheckIds = {};
    for (const rec of plan) {
      if (!rec.healthChecked || !rec.region || this.healthCheckIds[rec.region]) continue;
      const r = byRegion.get(rec.region)!;
      // https://www.pulumi.com/registry/packages/aws/api-docs/route53/healthcheck/ ; HTTPS checks
      // do not validate the certificate, and must connect within 4 s and answer 2xx/3xx within 2 s.
      const check = new aws.route53.HealthCheck(
        `${name}-health-${rec.region}`,
        {
          type: "HTTPS",
          fqdn: r.apiHost,
          port: 443,
          resourcePath: healthCheckPath,
          enableSni: true,
          requestInterval: failover!.healthCheckIntervalSeconds,
          failureThreshold: failover!.failureThreshold,
          tags: { ...args.tags, Name: `${domain} ${rec.region}` },
        },
        dns,
      );
      this.healthCheckIds[rec.region] = check.id;
    }

    const ttl = failover?.ttlSeconds ?? defaultRecordTtlSeconds;
    for (const rec of plan) {
      const routing =
        rec.policy.kind === "latency"
          ? { latencyRoutingPolicies: [{ region: rec.policy.region }] }
          : { failoverRoutingPolicies: [{ type: rec.policy.type }] };
      const common = { zoneId, name: rec.name, type: "CNAME", setIdentifier: rec.setIdentifier, ...routing };
      if (rec.region) {
        new aws.route53.Record(
          `${name}-${rec.role}`,
          {
            ...common,
            ttl,
            records: [targets.get(rec.region)!.targetDomainName],
            ...(rec.healthChecked ? { healthCheckId: this.healthCheckIds[rec.region] } : {}),
          },
          dns,
        );
      } else {
        new aws.route53.Record(
          `${name}-${rec.role}`,
          { ...common, aliases: [{ name: standbyName(domain), zoneId, evaluateTargetHealth: true }] },
          dns,
        );
      }
    }

    this.apiUrl = pulumi.output(domainApiUrl(domain));
    this.registerOutputs({ apiUrl: this.apiUrl, healthCheckIds: this.healthCheckIds });
  }
}
