import { endpointFacts, kitEndpointFacts } from "./endpoints";
import { apiGatewayAccountThrottle, awsNameLimits, awsTagRules, bedrockRegionUnverified, bedrockRuntimeRegions, describeFargateMemory, ecsMaxTasksPerService, fargateMemoryChoices, fargateTaskSizes } from "./facts/aws";
import { autoNameSuffixLength } from "./facts/common";
import { gcpLabelRules } from "./facts/gcp";
import { atLeast } from "./presets";
import { jurisdictions } from "./regions";
import { type StackConfig, stages } from "./schema";

/**
 * What the clouds refuse that the schema alone cannot see: sizes a platform does not offer,
 * tags it rejects, numbers beyond its APIs, derived values that overflow. Every rule reads the
 * facts tables (`facts/`), so the message names the documented limit.
 */
export interface LimitIssue {
  path: PropertyKey[];
  message: string;
  value?: unknown;
}

/** Requests per second one LiteLLM worker process carried on one core (bench/README.md, "gateway", 2026-11-26). */
export const gatewayRequestsPerCore = 75;

/** The private block (RFC 1918) a /16 base lies in: the highest second octet the regions may count up to. */
function privateBlockTop(a: number, b: number): number | undefined {
  if (a === 10) return 255;
  if (a === 172 && b >= 16 && b <= 31) return 31;
  if (a === 192 && b === 168) return 168;
  return undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function checkCloudLimits(c: Partial<StackConfig>): LimitIssue[] {
  const out: LimitIssue[] = [];
  const err = (path: PropertyKey[], message: string, value?: unknown) => out.push({ path, message, ...(value === undefined ? {} : { value }) });
  const cloud = c.cloud === "aws" || c.cloud === "gcp" ? c.cloud : undefined;
  const regions = Array.isArray(c.regions) ? c.regions : [];

  // Regions get consecutive /16s counted up from the base; the last must stay a valid, private range.
  if (isObj(c.network) && typeof c.network.cidr === "string") {
    const m = /^(\d{1,3})\.(\d{1,3})\.0\.0\/16$/.exec(c.network.cidr);
    if (m) {
      const [a, b] = [Number(m[1]), Number(m[2])];
      const top = privateBlockTop(a, b);
      const last = b + Math.max(regions.length, 1) - 1;
      if (a > 255 || b > 255) err(["network", "cidr"], "must be an IPv4 /16 (each octet at most 255)", c.network.cidr);
      else if (top === undefined) err(["network", "cidr"], "must lie in a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)", c.network.cidr);
      else if (last > top) {
        err(
          ["network", "cidr"],
          `gives ${regions.length} regions the /16s ${a}.${b}.0.0 … ${a}.${last}.0.0, past the private block's end (${a}.${top}.0.0/16); ` +
            `choose a base of at most ${a}.${top - regions.length + 1}.0.0/16`,
          c.network.cidr,
        );
      }
    }
  }

  if (cloud === "aws") {
    for (const key of ["gateway", "worker"] as const) {
      const g = c[key];
      if (!isObj(g) || typeof g.cpu !== "number" || typeof g.memoryMiB !== "number") continue;
      const choices = fargateMemoryChoices(g.cpu);
      if (!choices) {
        err([key, "cpu"], `is not a Fargate task size; allowed vCPU: ${fargateTaskSizes.map((s) => s.vcpu).join(", ")}`, g.cpu);
      } else if (!choices.includes(g.memoryMiB)) {
        err([key, "memoryMiB"], `is not offered by Fargate with ${g.cpu} vCPU; allowed MiB: ${describeFargateMemory(g.cpu)}`, g.memoryMiB);
      }
      if (typeof g.maxReplicas === "number" && g.maxReplicas > ecsMaxTasksPerService) {
        err([key, "maxReplicas"], `must be at most ${ecsMaxTasksPerService} (ECS tasks per service)`, g.maxReplicas);
      }
    }
    if (isObj(c.api) && isObj(c.api.global)) {
      const g = c.api.global;
      if (typeof g.ratePerSecond === "number" && g.ratePerSecond > apiGatewayAccountThrottle.ratePerSecond) {
        err(["api", "global", "ratePerSecond"], `must be at most ${apiGatewayAccountThrottle.ratePerSecond} (API Gateway's account throttle per region; raise the quota first, then the kit's facts)`, g.ratePerSecond);
      }
      if (typeof g.burst === "number" && g.burst > apiGatewayAccountThrottle.burst) {
        err(["api", "global", "burst"], `must be at most ${apiGatewayAccountThrottle.burst} (API Gateway's account burst per region)`, g.burst);
      }
    }
    if (isObj(c.providers)) {
      for (const [name, p] of Object.entries(c.providers)) {
        if (!isObj(p) || p.kind !== "bedrock" || typeof p.region !== "string") continue;
        if (!bedrockRuntimeRegions.includes(p.region) && !bedrockRegionUnverified(p.region)) {
          err(["providers", name, "region"], `has no Bedrock runtime; allowed: ${bedrockRuntimeRegions.join(", ")}`, p.region);
        }
      }
    }
    if (isObj(c.cluster)) {
      if (c.cluster.publicAccessCidrs === undefined) {
        err(["cluster", "publicAccessCidrs"], "is required on aws: the CIDRs that may reach the EKS API endpoint (your CI/VPN egress), or [] for a private endpoint (then run pulumi up from inside the VPC)");
      }
      const admins = Array.isArray(c.cluster.adminPrincipals) ? c.cluster.adminPrincipals : [];
      admins.forEach((arn, i) => {
        if (typeof arn === "string" && !/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/.test(arn)) {
          err(["cluster", "adminPrincipals", i], "must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)", arn);
        }
      });
    }
  }
  if (cloud === "gcp" && isObj(c.logging) && c.logging.customerManagedKey === true) {
    err(["logging", "customerManagedKey"], "is supported on cloud aws only; remove it (GCS encrypts with Google-managed keys)", true);
  }
  if (cloud === "gcp" && c.manageApiGatewayAccount === true) {
    err(["manageApiGatewayAccount"], "is an AWS setting; remove it on cloud gcp", true);
  }

  // Tags: refused when the cloud would refuse them; never rewritten.
  if (cloud && isObj(c.tags)) {
    const entries: [PropertyKey[], string, string][] = [];
    if (typeof c.tags.owner === "string") entries.push([["tags", "owner"], "owner", c.tags.owner]);
    if (typeof c.tags.costCenter === "string") entries.push([["tags", "costCenter"], "cost-center", c.tags.costCenter]);
    const extra = isObj(c.tags.extra) ? c.tags.extra : {};
    for (const [k, v] of Object.entries(extra)) if (typeof v === "string") entries.push([["tags", "extra", k], k, v]);
    const kitTags = 6;
    if (cloud === "aws") {
      const r = awsTagRules;
      if (Object.keys(extra).length + kitTags > r.maxTagsPerResource) err(["tags", "extra"], `must hold at most ${r.maxTagsPerResource - kitTags} tags (AWS allows ${r.maxTagsPerResource} per resource; the kit sets ${kitTags})`);
      for (const [path, key, value] of entries) {
        if (path.length === 3 && (key.length > r.maxKeyLength || !r.allowed.test(key) || key.toLowerCase().startsWith(r.reservedPrefix))) {
          err(path, `is not a valid AWS tag key: 1–${r.maxKeyLength} characters of ${r.allowedDescription}, not starting with '${r.reservedPrefix}'`, key);
        }
        if (value.length > r.maxValueLength || !r.allowed.test(value)) err(path, `is not a valid AWS tag value: at most ${r.maxValueLength} characters of ${r.allowedDescription}`, value);
      }
    } else {
      const r = gcpLabelRules;
      if (Object.keys(extra).length + kitTags > r.maxLabelsPerResource) err(["tags", "extra"], `must hold at most ${r.maxLabelsPerResource - kitTags} labels (GCP allows ${r.maxLabelsPerResource}; the kit sets ${kitTags})`);
      for (const [path, key, value] of entries) {
        if (path.length === 3 && (key.length > r.maxKeyLength || !r.key.test(key))) err(path, `is not a valid GCP label key: ${r.allowedDescription}`, key);
        if (value.length > r.maxValueLength || !r.value.test(value)) err(path, `is not a valid GCP label value (labels are kept as given, never rewritten): ${r.allowedDescription}`, value);
      }
    }
  }

  // The kit's own endpoint facts win over a declaration: a declaration fills in only what the kit does not know.
  if (cloud && isObj(c.providers)) {
    for (const [name, p] of Object.entries(c.providers)) {
      if (!isObj(p) || typeof p.kind !== "string" || typeof p.dataJurisdiction !== "string") continue;
      if (!(jurisdictions as readonly string[]).includes(p.dataJurisdiction)) continue;
      const known = kitEndpointFacts(p as Parameters<typeof endpointFacts>[0]);
      if (known.length > 0 && !known.includes(p.dataJurisdiction as (typeof jurisdictions)[number])) {
        err(
          ["providers", name, "dataJurisdiction"],
          `contradicts what the kit knows about ${endpointFacts(p as Parameters<typeof endpointFacts>[0], cloud).endpoint} (${known.join(", ")}); remove it or use an endpoint in ${p.dataJurisdiction}`,
          p.dataJurisdiction,
        );
      }
    }
  }

  // From growth on, the gateway must be able to carry what the front door lets through in each
  // region. A prototype (under 1K requests a day) is sized for cost, not for its throttle.
  const stage = typeof c.stage === "string" && (stages as readonly string[]).includes(c.stage) ? c.stage : undefined;
  if (stage && isObj(c.gateway) && isObj(c.api) && isObj(c.api.global)) {
    const { cpu, maxReplicas } = c.gateway as { cpu?: unknown; maxReplicas?: unknown };
    const rate = c.api.global.ratePerSecond;
    if (typeof cpu === "number" && cpu > 0 && typeof maxReplicas === "number" && typeof rate === "number") {
      const perReplica = Math.max(1, Math.floor(cpu)) * gatewayRequestsPerCore;
      const needed = Math.ceil(rate / perReplica);
      if (maxReplicas < needed && atLeast(stage, "growth")) {
        err(
          ["gateway", "maxReplicas"],
          `must be at least ${needed}: api.global.ratePerSecond (${rate}) / ~${perReplica} req/s per replica (${Math.max(1, Math.floor(cpu))} worker(s) × ${gatewayRequestsPerCore} req/s measured per core, bench/README.md)`,
          maxReplicas,
        );
      }
    }
  }
  return out;
}

/**
 * The AWS adapter's longest auto-named children, as `<project>-<region><suffix>`, by the limit
 * that binds them (`facts/aws.ts` `awsNameLimits`). `test/aws/names.test.ts` checks every example
 * plan against the limits, so a new longer child fails there before it fails at `pulumi up`.
 */
const awsLongestChildren: readonly { type: string; suffix: string; what: string }[] = [
  { type: "aws:s3/bucket:Bucket", suffix: "-kubernetes-model-cache-bucket", what: "model-cache bucket" },
  { type: "aws:iam/role:Role", suffix: "-kubernetes-autoscaler-role", what: "autoscaler IAM role" },
];

/**
 * Names Pulumi derives on AWS must fit the cloud's limits once it appends its 8-character
 * suffix (`facts/common.ts`): the project and region are part of every logical name, and a GPU
 * pool's name is part of its node group's.
 */
export function checkAwsAutoNames(project: string, c: Partial<StackConfig>): LimitIssue[] {
  if (c.cloud !== "aws") return [];
  const out: LimitIssue[] = [];
  const regions = (Array.isArray(c.regions) ? c.regions : []).filter((r): r is string => typeof r === "string");
  for (const region of regions) {
    // One message per region, naming the child that binds tightest.
    const tightest = awsLongestChildren
      .map((child) => ({ ...child, max: awsNameLimits[child.type]!.max, logical: `${project}-${region}${child.suffix}` }))
      .map((x) => ({ ...x, room: x.max - autoNameSuffixLength - region.length - x.suffix.length - 1 }))
      .sort((a, b) => a.room - b.room)[0]!;
    if (project.length > tightest.room) {
      out.push({
        path: ["regions"],
        message: `with project '${project}' in ${region}, the ${tightest.what}'s name '${tightest.logical}-xxxxxxx' would exceed AWS's ${tightest.max} characters; use a project name of at most ${tightest.room} characters (Pulumi.yaml name)`,
        value: region,
      });
    }
    const pools = isObj(c.cluster) && Array.isArray(c.cluster.gpuPools) ? c.cluster.gpuPools : [];
    pools.forEach((pool, i) => {
      if (!isObj(pool) || typeof pool.name !== "string") return;
      const logical = `${project}-${region}-kubernetes-gpu-${pool.name}`;
      const max = awsNameLimits["aws:eks/nodeGroup:NodeGroup"]!.max;
      if (logical.length + autoNameSuffixLength > max) {
        out.push({
          path: ["cluster", "gpuPools", i, "name"],
          message: `makes the node group name '${logical}-xxxxxxx' longer than EKS's ${max} characters; use at most ${max - autoNameSuffixLength - (logical.length - pool.name.length)} characters`,
          value: pool.name,
        });
      }
    });
  }
  return out;
}
