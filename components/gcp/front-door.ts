import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { adminPathPrefix, adminRoutes, apiBasePath, bearerPattern, callerRoutes, healthRoute } from "../gateway/routes";
import type { ApiConfig, GcpApiConfig } from "../config/model";
import { gcpName, type NameScope, nameLimits } from "./names";

/**
 * The GCP front door: one global external Application Load Balancer (EXTERNAL_MANAGED) in front of
 * every region's Cloud Run gateway, a serverless NEG per region, Cloud Armor, a Google-managed
 * certificate for `api.domain`. The same balancer serves a one-region prototype and a multi-region
 * enterprise stack: promotion adds NEGs behind one anycast IP and one URL, it never changes them.
 *
 * Sources (read 2026-12-01):
 * - serverless NEGs behind the global external ALB: https://cloud.google.com/load-balancing/docs/negs/serverless-neg-concepts
 *   and https://cloud.google.com/load-balancing/docs/https/setup-global-ext-https-serverless
 * - Cloud Run ingress "internal and Cloud Load Balancing": https://cloud.google.com/run/docs/securing/ingress
 * - Cloud Armor rate limiting (throttle, enforce-on-key IP, intervals, counts):
 *   https://cloud.google.com/armor/docs/rate-limiting-overview
 * - Cloud Armor custom rules language (`request.path`, `inIpRange(origin.ip, …)`), preconfigured WAF rules:
 *   https://cloud.google.com/armor/docs/rules-language-reference, https://cloud.google.com/armor/docs/waf-rules
 * - URL map route rules, URL rewrite, fault injection abort:
 *   https://cloud.google.com/load-balancing/docs/url-map-concepts,
 *   https://cloud.google.com/compute/docs/reference/rest/v1/urlMaps
 * - Certificate Manager DNS authorization: https://cloud.google.com/certificate-manager/docs/dns-authorizations;
 *   classic Google-managed SSL certificates: https://cloud.google.com/load-balancing/docs/ssl-certificates/google-managed-certs
 */

// Defined beside the routes (pure, so the policy packs read them without loading the SDK).
export { adminPathPrefix, apiBasePath };

export interface FrontDoorRoute {
  /** Path callers send, matched whole (query excluded). */
  path: string;
  /** Path LiteLLM receives. */
  upstream: string;
  kind: "caller" | "health" | "admin";
}

/**
 * Every path the URL map forwards to Cloud Run, and what LiteLLM receives for it. Anything else is
 * answered 404 by the load balancer itself (see `notFound`). Pure: the emulation and the tests read it.
 */
export function frontDoorRoutes(): FrontDoorRoute[] {
  return [
    ...callerRoutes.map((r) => ({ path: `${apiBasePath}${r.path}`, upstream: `${apiBasePath}${r.path}`, kind: "caller" as const })),
    { path: `${apiBasePath}${healthRoute.path}`, upstream: healthRoute.upstream, kind: "health" as const },
    ...adminRoutes.map((r) => ({ path: `${adminPathPrefix}${r.path.slice(1)}`, upstream: r.path, kind: "admin" as const })),
  ];
}

/**
 * The 404 the load balancer answers itself: a fault-injection abort on 100% of requests, so that
 * nothing outside `frontDoorRoutes` reaches Cloud Run (an abort is applied by the proxy before a
 * backend is chosen; the `service` it names is never called).
 */
export const notFound = { faultInjectionPolicy: { abort: { httpStatus: 404, percentage: 100 } } };

/**
 * The throttle: Cloud Armor counts requests per key over a fixed interval (10 s at least,
 * 3600 s at most; count 1 to 1,000,000). A token bucket of `ratePerSecond` with `burst` admits at
 * most `burst + ratePerSecond × T` requests in any window T, so the shortest interval with that
 * count is the tightest equal limit.
 */
export const throttleIntervalSeconds = 10;
export function perKeyThrottle(api: Pick<ApiConfig, "perKey">): { count: number; intervalSec: number } {
  return { count: api.perKey.burst + api.perKey.ratePerSecond * throttleIntervalSeconds, intervalSec: throttleIntervalSeconds };
}

export { bearerPattern };

/**
 * The match of the deny in front of the throttle: every caller request (the health route needs no
 * key) whose `Authorization` header is missing or not a bearer LiteLLM key. `has(...)` is the rules
 * language's test for a header (https://cloud.google.com/armor/docs/rules-language-reference).
 */
export function missingBearerExpression(): string {
  const h = "request.headers['authorization']";
  return `request.path != '${apiBasePath}${healthRoute.path}' && (!has(${h}) || !${h}.matches('${bearerPattern}'))`;
}

/**
 * Preconfigured WAF rules attached with `api.waf`: OWASP CRS 4.22, the version Google recommends
 * (3.3 and 3.0 remain supported), at sensitivity 1, the least false-positive-prone level. Prompts
 * are free text: a prompt about SQL can trip `sqli`; that is why the WAF is opt-in. JSON bodies are
 * parsed (`jsonParsing: STANDARD`) so only values are inspected.
 * Sources: https://cloud.google.com/armor/docs/waf-rules (rule names),
 * https://cloud.google.com/armor/docs/configure-waf (`evaluatePreconfiguredWaf`), read 2026-12-01.
 */
export const wafRuleSets = [
  "sqli-v422-stable",
  "xss-v422-stable",
  "lfi-v422-stable",
  "rfi-v422-stable",
  "rce-v422-stable",
  "methodenforcement-v422-stable",
  "scannerdetection-v422-stable",
  "protocolattack-v422-stable",
] as const;

/** Cloud Armor limits a rule's description to 64 characters (https://cloud.google.com/armor/docs/best-practices). */
export const ruleDescriptionMax = 64;

/**
 * Cloud Armor evaluates rules in priority order, the first match decides; each custom expression
 * may have at most 5 subexpressions, so the admin ranges go 4 to a rule (with the path test).
 */
const maxRangesPerRule = 4;
export const rulePriority = { adminAllow: 100, adminDeny: 200, bearer: 250, waf: 300, perKey: 1000, default: 2147483647 } as const;

export type ArmorRule = gcp.types.input.compute.SecurityPolicyRule & {
  priority: number;
  action: string;
  match: { expr?: { expression: string }; versionedExpr?: string; config?: { srcIpRanges: string[] } };
};

/**
 * The security policy's rules. The admin path is allowed only from `api.adminCidrs` (none: from
 * nowhere) and denied (403) to everyone else; a caller request without a bearer LiteLLM key is
 * denied (403); with `api.waf` the WAF rules deny (403); every other request is throttled per
 * client address with 429 past the `api.perKey` limit; the default rule allows.
 *
 * Why per address, not per `Authorization` value: Cloud Armor cannot tell a real key from a
 * made-up one, so a throttle keyed on the header gives every invented bearer a fresh bucket, and a
 * key combining address and header (`enforceOnKeyConfigs`) still does, once per address. Two
 * throttles (per key, then per address) cannot both count a request: the first rule that matches
 * decides, and a throttle's conform action (allow) ends the evaluation. The client address is the
 * only key a caller does not choose. Each real key's own rate is LiteLLM's to enforce (its rpm/tpm
 * limits in the keys database, `access`), where made-up keys are refused.
 * Sources (read 2026-12-07): https://cloud.google.com/armor/docs/rate-limiting-overview (key
 * types, "IP": the client address; several keys combine into one), and
 * https://cloud.google.com/armor/docs/rules-language-reference ("Rules with a lower priority than
 * the highest priority matching rule are not evaluated").
 */
export function armorRules(api: Pick<GcpApiConfig, "perKey" | "adminCidrs" | "waf">): ArmorRule[] {
  const rules: ArmorRule[] = [];
  const admin = `request.path.startsWith('${adminPathPrefix}')`;
  const cidrs = api.adminCidrs ?? [];
  for (let i = 0; i < cidrs.length; i += maxRangesPerRule) {
    const ranges = cidrs.slice(i, i + maxRangesPerRule).map((c) => `inIpRange(origin.ip, '${c}')`);
    rules.push({
      priority: rulePriority.adminAllow + i / maxRangesPerRule,
      action: "allow",
      description: "admin path from the operators' ranges (api.adminCidrs)",
      match: { expr: { expression: `${admin} && (${ranges.join(" || ")})` } },
    });
  }
  rules.push({ priority: rulePriority.adminDeny, action: "deny(403)", description: "admin path from anywhere else", match: { expr: { expression: admin } } });
  // Before the WAF: a request LiteLLM would refuse anyway is not worth inspecting.
  rules.push({ priority: rulePriority.bearer, action: "deny(403)", description: "caller request without a bearer LiteLLM key", match: { expr: { expression: missingBearerExpression() } } });
  if (api.waf) {
    wafRuleSets.forEach((set, i) =>
      rules.push({
        priority: rulePriority.waf + i,
        action: "deny(403)",
        description: `preconfigured WAF ${set}`,
        match: { expr: { expression: `evaluatePreconfiguredWaf('${set}', {'sensitivity': 1})` } },
      }),
    );
  }
  const t = perKeyThrottle(api);
  rules.push({
    priority: rulePriority.perKey,
    action: "throttle",
    description: "per client address: api.perKey",
    match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
    rateLimitOptions: {
      conformAction: "allow",
      exceedAction: "deny(429)",
      // The address the balancer received the request from (see the choice above).
      enforceOnKey: "IP",
      rateLimitThreshold: t,
    },
  });
  rules.push({ priority: rulePriority.default, action: "allow", description: "default rule", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } } });
  return rules;
}

/**
 * How the balancer takes a failing region out: a serverless NEG is one endpoint, its region's Cloud
 * Run service, so ejecting the endpoint moves callers to the other regions. Fixed, not settings:
 * GCP has no `failover` section (the parser refuses it); docs/regions-and-failover.md lists these
 * values (a test keeps the two equal). The `enforcing*` percentages are set because the API's
 * default for consecutive 5xx is 0, i.e. never eject on them (only 502/503/504 default to 100).
 * Source: https://cloud.google.com/compute/docs/reference/rest/v1/backendServices (outlierDetection:
 * defaults, "the total ejection time is equal to the base ejection time multiplied by the number of
 * times the backend endpoint has been ejected"), read 2026-12-07.
 */
export const outlierDetection = {
  consecutiveErrors: 5,
  enforcingConsecutiveErrors: 100,
  consecutiveGatewayFailure: 3,
  enforcingConsecutiveGatewayFailure: 100,
  interval: { seconds: 10 },
  baseEjectionTime: { seconds: 30 },
  maxEjectionPercent: 50,
} as const;

/** Physical names of the stack's global resources (compute names: 63 characters, lower-case). */
export function frontDoorNames(scope: Omit<NameScope, "region">) {
  const s: NameScope = { ...scope, region: "global" };
  const n = (role: string) => gcpName(s, role, nameLimits.network);
  return {
    address: n("api-ip"),
    backendService: n("api-backend"),
    urlMap: n("api-urlmap"),
    proxy: n("api-proxy"),
    forwardingRule: n("api-https"),
    policy: n("api-armor"),
    certificate: n("api-cert"),
    certificateMap: n("api-certmap"),
    dnsAuthorization: n("api-dnsauth"),
    neg: (region: string) => gcpName({ ...scope, region }, "api-neg", nameLimits.network),
  };
}

export type FrontDoorNames = ReturnType<typeof frontDoorNames>;

/** A DNS record the operator creates when the kit does not manage the zone. */
export interface DnsRecord {
  name: string;
  type: string;
  value: string;
}

export interface FrontDoorBackend {
  region: string;
  /** The region's Cloud Run gateway service name. */
  serviceName: pulumi.Input<string>;
  /** The region's provider (project, region, labels): the NEG is a regional resource. */
  provider: gcp.Provider;
}

/**
 * The URL map (pure): every route of `frontDoorRoutes` to the backend service, rewritten where
 * LiteLLM's path differs, everything else answered 404 by the balancer (`notFound`).
 */
export function urlMapArgs(name: string, domain: string, backendService: pulumi.Input<string>): gcp.compute.URLMapArgs {
  const routeRules = frontDoorRoutes().map((r, i) => ({
    priority: i + 1,
    matchRules: [{ fullPathMatch: r.path }],
    service: backendService,
    ...(r.path !== r.upstream ? { routeAction: { urlRewrite: { pathPrefixRewrite: r.upstream } } } : {}),
  }));
  return {
    name,
    // Requests for any other host (the bare IP, say) get the same 404.
    defaultService: backendService,
    defaultRouteAction: notFound,
    hostRules: [{ hosts: [domain], pathMatcher: "api" }],
    pathMatchers: [{ name: "api", defaultService: backendService, defaultRouteAction: notFound, routeRules }],
  };
}

/**
 * The stack's global load balancer over `backends`, for `api.domain`. With `api.dnsZone` the kit
 * writes the DNS records and a Certificate Manager certificate; without it a classic managed
 * certificate, and `dnsRecords` lists what to create. Not protected unless `protect`.
 */
export interface FrontDoorArgs {
  gcpProject: string;
  /** The Pulumi project and stack: the names' scope. */
  project: string;
  stackName: string;
  /** The public name, zone, throttles, admin ranges and WAF (the stack's `api`). */
  api: GcpApiConfig;
  /** The stack's `deletionProtection`: the address and the certificate. Default: false. */
  protect?: boolean;
  /** Every region's gateway, primary first. */
  backends: FrontDoorBackend[];
  /** The primary region's provider, for the global resources. */
  provider: gcp.Provider;
  /** The enabled APIs (compute) the resources wait for. */
  dependsOn: pulumi.Resource[];
}

/**
 * The stack's one entry point on GCP. `apiUrl` is `https://<api.domain>/v1` at every stage.
 * Without `api.dnsZone` the stack outputs the A record to create (`dnsRecords`); the classic
 * managed certificate turns ACTIVE once that record resolves to the balancer's IP. With a zone the
 * kit writes the A record and authorizes a Certificate Manager certificate by DNS (it can be
 * issued before traffic moves).
 */
export class FrontDoor extends pulumi.ComponentResource {
  readonly apiUrl: pulumi.Output<string>;
  readonly ipAddress: pulumi.Output<string>;
  readonly dnsRecords: pulumi.Output<DnsRecord[]>;
  readonly backendService: gcp.compute.BackendService;
  readonly policy: gcp.compute.SecurityPolicy;
  readonly urlMap: gcp.compute.URLMap;
  readonly negs: Record<string, gcp.compute.RegionNetworkEndpointGroup>;

  private readonly o: (extra?: pulumi.CustomResourceOptions) => pulumi.CustomResourceOptions;

  constructor(name: string, args: FrontDoorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:FrontDoor", name, {}, opts);
    const { api } = args;
    const protect = args.protect ?? false;
    const domain = api.domain;
    const names = frontDoorNames({ gcpProject: args.gcpProject, project: args.project, stack: args.stackName });
    const o = (extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({ parent: this, provider: args.provider, dependsOn: args.dependsOn, ...extra });
    this.o = o;

    const address = new gcp.compute.GlobalAddress(`${name}-ip`, { name: names.address, addressType: "EXTERNAL", ipVersion: "IPV4" }, o({ protect }));
    this.ipAddress = address.address;

    this.negs = {};
    for (const b of args.backends) {
      this.negs[b.region] = new gcp.compute.RegionNetworkEndpointGroup(
        `${name}-neg-${b.region}`,
        { name: names.neg(b.region), region: b.region, networkEndpointType: "SERVERLESS", cloudRun: { service: b.serviceName } },
        o({ provider: b.provider }),
      );
    }

    this.policy = new gcp.compute.SecurityPolicy(
      `${name}-armor`,
      {
        name: names.policy,
        type: "CLOUD_ARMOR",
        description: `ai-infra ${args.stackName}: admin path, bearer keys, WAF, throttle`,
        rules: armorRules(api),
        ...(api.waf ? { advancedOptionsConfig: { jsonParsing: "STANDARD" } } : {}),
      },
      o(),
    );

    // No health check: serverless NEGs take none. Outlier detection is what takes a failing region
    // out (serverless NEGs behind an EXTERNAL_MANAGED backend service accept it; BackendService
    // `outlierDetection`, https://cloud.google.com/compute/docs/reference/rest/v1/backendServices).
    // No `timeoutSec`: it does not apply to serverless NEG backends, the Cloud Run request timeout
    // (`gatewaySizing().requestTimeoutSeconds`) bounds a request, streamed or not.
    this.backendService = new gcp.compute.BackendService(
      `${name}-backend`,
      {
        name: names.backendService,
        loadBalancingScheme: "EXTERNAL_MANAGED",
        protocol: "HTTPS",
        backends: args.backends.map((b) => ({ group: this.negs[b.region]!.id })),
        securityPolicy: this.policy.selfLink,
        outlierDetection,
        // Every request logged: Cloud Armor's decisions and the 429s the dashboard counts.
        logConfig: { enable: true, sampleRate: 1 },
      },
      o(),
    );

    this.urlMap = new gcp.compute.URLMap(`${name}-urlmap`, urlMapArgs(names.urlMap, domain, this.backendService.id), o());

    const records: pulumi.Output<DnsRecord>[] = [address.address.apply((ip) => ({ name: `${domain}.`, type: "A", value: ip }))];
    const proxyCert = api.dnsZone
      ? this.zoneCertificate(name, args, names, api.dnsZone, address)
      : { sslCertificates: [new gcp.compute.ManagedSslCertificate(`${name}-cert`, { name: names.certificate, managed: { domains: [domain] } }, o({ protect })).id] };

    const proxy = new gcp.compute.TargetHttpsProxy(`${name}-proxy`, { name: names.proxy, urlMap: this.urlMap.id, ...proxyCert }, o());
    new gcp.compute.GlobalForwardingRule(
      `${name}-https`,
      { name: names.forwardingRule, loadBalancingScheme: "EXTERNAL_MANAGED", ipAddress: address.id, portRange: "443", target: proxy.id, ipProtocol: "TCP" },
      o(),
    );

    this.apiUrl = pulumi.output(`https://${domain}${apiBasePath}`);
    // With a zone the kit writes the records itself; without one these are what to create.
    this.dnsRecords = api.dnsZone ? pulumi.output([]) : pulumi.all(records);
    this.registerOutputs({ apiUrl: this.apiUrl, ipAddress: this.ipAddress, dnsRecords: this.dnsRecords });
  }

  /** With a zone: the A record, and a Certificate Manager certificate authorized by DNS, as the proxy's certificate map. */
  private zoneCertificate(
    name: string,
    args: FrontDoorArgs,
    names: FrontDoorNames,
    zone: string,
    address: gcp.compute.GlobalAddress,
  ): Pick<gcp.compute.TargetHttpsProxyArgs, "certificateMap"> {
    const domain = args.api.domain;
    const o = this.o;
    // Certificate Manager and Cloud DNS are used only with a zone; enabled here, never disabled.
    const apis = ["certificatemanager.googleapis.com", "dns.googleapis.com"].map(
      (service) =>
        new gcp.projects.Service(`${name}-${service.split(".")[0]}`, { project: args.gcpProject, service, disableOnDestroy: false, disableDependentServices: false }, o()),
    );
    const oz = (): pulumi.CustomResourceOptions => o({ dependsOn: [...args.dependsOn, ...apis] });
    const auth = new gcp.certificatemanager.DnsAuthorization(`${name}-dns-auth`, { name: names.dnsAuthorization, domain }, oz());
    const challenge = auth.dnsResourceRecords.apply((rs) => rs[0]!);
    new gcp.dns.RecordSet(`${name}-dns-auth-record`, { managedZone: zone, name: challenge.name, type: challenge.type, ttl: 300, rrdatas: [challenge.data] }, oz());
    const cert = new gcp.certificatemanager.Certificate(
      `${name}-cert`,
      { name: names.certificate, scope: "DEFAULT", managed: { domains: [domain], dnsAuthorizations: [auth.id] } },
      oz(),
    );
    const map = new gcp.certificatemanager.CertificateMap(`${name}-cert-map`, { name: names.certificateMap }, oz());
    new gcp.certificatemanager.CertificateMapEntry(`${name}-cert-map-entry`, { name: names.certificateMap, map: map.name, hostname: domain, certificates: [cert.id] }, oz());
    new gcp.dns.RecordSet(`${name}-dns-a`, { managedZone: zone, name: `${domain}.`, type: "A", ttl: 300, rrdatas: [address.address] }, oz());
    return { certificateMap: pulumi.interpolate`//certificatemanager.googleapis.com/${map.id}` };
  }
}
