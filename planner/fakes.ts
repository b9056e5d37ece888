import { createHash } from "node:crypto";
import { awsNameLimits } from "../components/config/facts/aws";
import { pulumiAutoName } from "../components/config/facts/common";

/**
 * Realistic fake provider outputs for the offline plan. A resource's outputs feed other
 * resources' inputs (an ARN into a policy, a URL into a stack output), so they must look like what
 * the real provider returns: right region and account in ARNs, real endpoint shapes. Every value is
 * derived from the resource's URN, so two plans of the same stack are byte-identical.
 */

export const fakeAccountId = "123456789012";
/** Distinct from the AWS account id, so a value crossing clouds by mistake shows up in a plan. */
export const fakeGcpProjectNumber = "314159265358";

export interface FakeContext {
  type: string;
  name: string;
  urn: string;
  inputs: Record<string, unknown>;
  /** Region of the resource as the planner resolved it (resource input, provider, stack default). */
  region: string;
  /** GCP project of the resource's provider or stack (`gcp:project`). */
  project: string;
}

export interface FakeResult {
  id: string;
  /** Outputs added on top of the inputs (the mock returns inputs + these). */
  outputs: Record<string, unknown>;
}

export function hashOf(s: string, len = 8): string {
  return createHash("sha256").update(s).digest("hex").slice(0, len);
}

/** Lower-case alphanumerics like API Gateway ids (`a1b2c3d4e5`). */
function shortId(ctx: FakeContext, len = 10): string {
  return BigInt(`0x${hashOf(ctx.urn, 16)}`).toString(36).padStart(len, "0").slice(0, len);
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The physical name Pulumi's auto-naming would give: logical name plus a random suffix. */
function autoName(ctx: FakeContext, ...keys: string[]): string {
  for (const k of keys) {
    const v = str(ctx.inputs[k]);
    if (v) return v;
  }
  const prefix = keys.map((k) => str(ctx.inputs[`${k}Prefix`])).find(Boolean);
  return prefix ? `${prefix}${hashOf(ctx.urn, 7)}` : pulumiAutoName(ctx.name, hashOf(ctx.urn, 7), awsNameLimits[ctx.type]?.max);
}

/** `aws:sqs/queue:Queue` → `{ pkg: "aws", module: "sqs", kind: "queue" }`. */
export function splitType(type: string): { pkg: string; module: string; kind: string } {
  const [pkg = "", mod = "", cls = ""] = type.split(":");
  const [module = "", file = ""] = mod.split("/");
  return { pkg, module, kind: file || cls.charAt(0).toLowerCase() + cls.slice(1) };
}

function awsArn(ctx: FakeContext, service: string, resource: string, opts: { region?: string; account?: string } = {}): string {
  const region = opts.region ?? ctx.region;
  const account = opts.account ?? fakeAccountId;
  return `arn:aws:${service}:${region}:${account}:${resource}`;
}

const hex = (ctx: FakeContext, len: number) => hashOf(`${ctx.urn}#hex`, len);

type Fake = (ctx: FakeContext) => FakeResult;

const awsFakes: Record<string, Fake> = {
  "aws:s3/bucket:Bucket": (c) => s3Bucket(c),
  "aws:s3/bucketV2:BucketV2": (c) => s3Bucket(c),
  "aws:sqs/queue:Queue": (c) => {
    const fifo = c.inputs.fifoQueue === true;
    let name = autoName(c, "name");
    if (fifo && !name.endsWith(".fifo")) name += ".fifo";
    const url = `https://sqs.${c.region}.amazonaws.com/${fakeAccountId}/${name}`;
    return { id: url, outputs: { name, url, arn: awsArn(c, "sqs", name) } };
  },
  "aws:sns/topic:Topic": (c) => {
    const name = autoName(c, "name");
    const arn = awsArn(c, "sns", name);
    return { id: arn, outputs: { name, arn } };
  },
  "aws:secretsmanager/secret:Secret": (c) => {
    const name = autoName(c, "name");
    const arn = awsArn(c, "secretsmanager", `secret:${name}-${hashOf(c.urn, 6)}`);
    return { id: arn, outputs: { name, arn } };
  },
  "aws:secretsmanager/secretVersion:SecretVersion": (c) => {
    const versionId = `${hex(c, 8)}-${hex(c, 4)}-4${hex(c, 3)}-a${hex(c, 3)}-${hex(c, 12)}`;
    return { id: `${str(c.inputs.secretId) ?? "secret"}|${versionId}`, outputs: { versionId, arn: str(c.inputs.secretId) ?? "" } };
  },
  "aws:kms/key:Key": (c) => {
    const keyId = `${hex(c, 8)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 12)}`;
    return { id: keyId, outputs: { keyId, arn: awsArn(c, "kms", `key/${keyId}`) } };
  },
  "aws:kms/alias:Alias": (c) => {
    const name = autoName(c, "name");
    return { id: name, outputs: { name, arn: awsArn(c, "kms", name) } };
  },
  // The provisioned model is named by a generated id, not its `provisionedModelName`.
  "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput": (c) => {
    const arn = awsArn(c, "bedrock", `provisioned-model/${BigInt(`0x${hashOf(c.urn, 16)}`).toString(36).slice(0, 12)}`);
    return { id: arn, outputs: { provisionedModelArn: arn } };
  },
  "aws:iam/role:Role": (c) => {
    const name = autoName(c, "name");
    return { id: name, outputs: { name, arn: awsArn(c, "iam", `role/${name}`, { region: "" }), uniqueId: `AROA${hex(c, 17).toUpperCase()}` } };
  },
  "aws:iam/policy:Policy": (c) => {
    const name = autoName(c, "name");
    return { id: awsArn(c, "iam", `policy/${name}`, { region: "" }), outputs: { name, arn: awsArn(c, "iam", `policy/${name}`, { region: "" }), policyId: `ANPA${hex(c, 17).toUpperCase()}` } };
  },
  "aws:iam/rolePolicy:RolePolicy": (c) => ({ id: `${str(c.inputs.role) ?? "role"}:${autoName(c, "name")}`, outputs: {} }),
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (c) => ({ id: `${str(c.inputs.role) ?? "role"}-${hashOf(c.urn, 8)}`, outputs: {} }),
  "aws:cloudwatch/logGroup:LogGroup": (c) => {
    const name = autoName(c, "name");
    return { id: name, outputs: { name, arn: awsArn(c, "logs", `log-group:${name}`) } };
  },
  "aws:cloudwatch/dashboard:Dashboard": (c) => {
    const name = autoName(c, "dashboardName");
    return { id: name, outputs: { dashboardName: name, dashboardArn: awsArn(c, "cloudwatch", `dashboard/${name}`, { region: "" }) } };
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": (c) => {
    const name = autoName(c, "name");
    return { id: name, outputs: { name, arn: awsArn(c, "cloudwatch", `alarm:${name}`) } };
  },
  "aws:apigateway/restApi:RestApi": (c) => {
    const id = shortId(c);
    return {
      id,
      outputs: {
        rootResourceId: shortId({ ...c, urn: `${c.urn}#root` }),
        arn: `arn:aws:apigateway:${c.region}::/restapis/${id}`,
        executionArn: awsArn(c, "execute-api", id),
        createdDate: "2026-01-01T00:00:00Z",
      },
    };
  },
  "aws:apigateway/deployment:Deployment": (c) => {
    const id = shortId(c, 6);
    const api = str(c.inputs.restApi) ?? "api";
    return { id, outputs: { invokeUrl: `https://${api}.execute-api.${c.region}.amazonaws.com/`, executionArn: awsArn(c, "execute-api", `${api}/`), createdDate: "2026-01-01T00:00:00Z" } };
  },
  "aws:apigateway/stage:Stage": (c) => {
    const api = str(c.inputs.restApi) ?? "api";
    const stage = str(c.inputs.stageName) ?? "prod";
    return {
      id: `ags-${api}-${stage}`,
      outputs: {
        invokeUrl: `https://${api}.execute-api.${c.region}.amazonaws.com/${stage}`,
        executionArn: awsArn(c, "execute-api", `${api}/${stage}`),
        arn: `arn:aws:apigateway:${c.region}::/restapis/${api}/stages/${stage}`,
      },
    };
  },
  "aws:apigateway/apiKey:ApiKey": (c) => {
    const id = shortId(c);
    return { id, outputs: { arn: `arn:aws:apigateway:${c.region}::/apikeys/${id}`, value: `fake-key-${hex(c, 32)}` } };
  },
  "aws:apigateway/usagePlan:UsagePlan": (c) => {
    const id = shortId(c, 6);
    return { id, outputs: { arn: `arn:aws:apigateway:${c.region}::/usageplans/${id}` } };
  },
  "aws:apigateway/vpcLink:VpcLink": (c) => ({ id: shortId(c, 6), outputs: {} }),
  "aws:apigateway/resource:Resource": (c) => ({ id: shortId(c, 6), outputs: { path: `/${str(c.inputs.pathPart) ?? ""}` } }),
  "aws:apigatewayv2/api:Api": (c) => {
    const id = shortId(c);
    return { id, outputs: { apiEndpoint: `https://${id}.execute-api.${c.region}.amazonaws.com`, arn: `arn:aws:apigateway:${c.region}::/apis/${id}`, executionArn: awsArn(c, "execute-api", id) } };
  },
  "aws:apigatewayv2/stage:Stage": (c) => {
    const api = str(c.inputs.apiId) ?? "api";
    const stage = str(c.inputs.name) ?? "$default";
    return { id: stage, outputs: { invokeUrl: `https://${api}.execute-api.${c.region}.amazonaws.com/${stage === "$default" ? "" : stage}` } };
  },
  "aws:ecs/cluster:Cluster": (c) => {
    const name = autoName(c, "name");
    const arn = awsArn(c, "ecs", `cluster/${name}`);
    return { id: arn, outputs: { name, arn } };
  },
  "aws:ecs/taskDefinition:TaskDefinition": (c) => {
    const family = str(c.inputs.family) ?? autoName(c);
    const arn = awsArn(c, "ecs", `task-definition/${family}:1`);
    return { id: family, outputs: { arn, arnWithoutRevision: awsArn(c, "ecs", `task-definition/${family}`), revision: 1 } };
  },
  "aws:ecs/service:Service": (c) => {
    const name = autoName(c, "name");
    const cluster = str(c.inputs.cluster) ?? awsArn(c, "ecs", "cluster/default");
    return { id: awsArn(c, "ecs", `service/${cluster.split("/").pop()}/${name}`), outputs: { name } };
  },
  "aws:lb/loadBalancer:LoadBalancer": (c) => lb(c),
  "aws:alb/loadBalancer:LoadBalancer": (c) => lb(c),
  "aws:lb/targetGroup:TargetGroup": (c) => {
    const name = autoName(c, "name").slice(0, 32);
    const arn = awsArn(c, "elasticloadbalancing", `targetgroup/${name}/${hex(c, 16)}`);
    return { id: arn, outputs: { name, arn, arnSuffix: arn.split(":").pop() } };
  },
  "aws:lb/listener:Listener": (c) => {
    const arn = awsArn(c, "elasticloadbalancing", `listener/net/${c.name}/${hex(c, 16)}/${hashOf(c.urn + "l", 16)}`);
    return { id: arn, outputs: { arn } };
  },
  "aws:ec2/vpc:Vpc": (c) => {
    const id = `vpc-${hex(c, 17)}`;
    return { id, outputs: { arn: awsArn(c, "ec2", `vpc/${id}`), defaultSecurityGroupId: `sg-${hashOf(c.urn + "sg", 17)}`, mainRouteTableId: `rtb-${hashOf(c.urn + "rt", 17)}`, ownerId: fakeAccountId } };
  },
  "aws:ec2/subnet:Subnet": (c) => {
    const id = `subnet-${hex(c, 17)}`;
    return { id, outputs: { arn: awsArn(c, "ec2", `subnet/${id}`), availabilityZone: str(c.inputs.availabilityZone) ?? `${c.region}a`, ownerId: fakeAccountId } };
  },
  "aws:ec2/securityGroup:SecurityGroup": (c) => {
    const id = `sg-${hex(c, 17)}`;
    return { id, outputs: { arn: awsArn(c, "ec2", `security-group/${id}`), name: autoName(c, "name"), ownerId: fakeAccountId } };
  },
  "aws:ec2/internetGateway:InternetGateway": (c) => ec2Id(c, "igw", "internet-gateway"),
  "aws:ec2/natGateway:NatGateway": (c) => ({ id: `nat-${hex(c, 17)}`, outputs: { publicIp: fakeIp(c, "3"), privateIp: fakeIp(c, "10") } }),
  "aws:ec2/instance:Instance": (c) => ({ id: `i-${hex(c, 17)}`, outputs: { primaryNetworkInterfaceId: `eni-${hex(c, 17)}`, privateIp: fakeIp(c, "10") } }),
  "aws:ec2/launchTemplate:LaunchTemplate": (c) => ({ id: `lt-${hex(c, 17)}`, outputs: { latestVersion: 1 } }),
  "aws:ec2/eip:Eip": (c) => ({ id: `eipalloc-${hex(c, 17)}`, outputs: { publicIp: fakeIp(c, "3"), allocationId: `eipalloc-${hex(c, 17)}` } }),
  "aws:ec2/routeTable:RouteTable": (c) => ec2Id(c, "rtb", "route-table"),
  "aws:ec2/vpcEndpoint:VpcEndpoint": (c) => {
    const id = `vpce-${hex(c, 17)}`;
    return { id, outputs: { arn: awsArn(c, "ec2", `vpc-endpoint/${id}`), dnsEntries: [{ dnsName: `${id}.${str(c.inputs.serviceName) ?? "svc"}`, hostedZoneId: "Z7HUB22UULQXV" }] } };
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": (c) => {
    const id = autoName(c, "replicationGroupId").toLowerCase();
    const zone = `${hex(c, 6)}.${shortRegion(c.region)}`;
    return {
      id,
      outputs: {
        replicationGroupId: id,
        arn: awsArn(c, "elasticache", `replicationgroup:${id}`),
        primaryEndpointAddress: `master.${id}.${zone}.cache.amazonaws.com`,
        readerEndpointAddress: `replica.${id}.${zone}.cache.amazonaws.com`,
        port: typeof c.inputs.port === "number" ? c.inputs.port : 6379,
        // One member per cache cluster the group asks for (numCacheClusters, else 1 primary).
        memberClusters: Array.from({ length: typeof c.inputs.numCacheClusters === "number" ? c.inputs.numCacheClusters : 1 }, (_, i) => `${id}-${String(i + 1).padStart(3, "0")}`),
      },
    };
  },
  "aws:rds/cluster:Cluster": (c) => {
    // RDS lower-cases identifiers; the managed master secret is named `rds!cluster-<uuid>`.
    const id = autoName(c, "clusterIdentifier").toLowerCase();
    const zone = hex(c, 12);
    const secretArn = awsArn(c, "secretsmanager", `secret:rds!cluster-${hashOf(c.urn + "secret", 8)}-${hashOf(c.urn + "suffix", 6)}`);
    return {
      id,
      outputs: {
        clusterIdentifier: id,
        arn: awsArn(c, "rds", `cluster:${id}`),
        endpoint: `${id}.cluster-${zone}.${c.region}.rds.amazonaws.com`,
        readerEndpoint: `${id}.cluster-ro-${zone}.${c.region}.rds.amazonaws.com`,
        port: typeof c.inputs.port === "number" ? c.inputs.port : 5432,
        ...(c.inputs.manageMasterUserPassword === true ? { masterUserSecrets: [{ secretArn, kmsKeyId: awsArn(c, "kms", "alias/aws/secretsmanager"), secretStatus: "active" }] } : {}),
      },
    };
  },
  "aws:rds/clusterInstance:ClusterInstance": (c) => {
    const id = autoName(c, "identifier").toLowerCase();
    return { id, outputs: { identifier: id, arn: awsArn(c, "rds", `db:${id}`), endpoint: `${id}.${hex(c, 12)}.${c.region}.rds.amazonaws.com` } };
  },
  "aws:rds/globalCluster:GlobalCluster": (c) => {
    // Made from an existing cluster, it inherits the engine and version (the kit's 16.6).
    const id = str(c.inputs.globalClusterIdentifier) ?? autoName(c, "globalClusterIdentifier");
    return { id, outputs: { globalClusterIdentifier: id, arn: `arn:aws:rds::${fakeAccountId}:global-cluster:${id}`, engine: "aurora-postgresql", engineVersion: "16.6", endpoint: `${id}.global-${hex(c, 12)}.global.rds.amazonaws.com` } };
  },
  "aws:rds/subnetGroup:SubnetGroup": (c) => {
    const name = autoName(c, "name").toLowerCase();
    return { id: name, outputs: { name, arn: awsArn(c, "rds", `subgrp:${name}`) } };
  },
  "aws:elasticache/subnetGroup:SubnetGroup": (c) => {
    const name = autoName(c, "name").toLowerCase();
    return { id: name, outputs: { name, arn: awsArn(c, "elasticache", `subnetgroup:${name}`) } };
  },
  "aws:elasticache/serverlessCache:ServerlessCache": (c) => {
    const name = autoName(c, "name").toLowerCase();
    return { id: name, outputs: { name, arn: awsArn(c, "elasticache", `serverlesscache:${name}`), endpoints: [{ address: `${name}-${hex(c, 6)}.serverless.${shortRegion(c.region)}.cache.amazonaws.com`, port: 6379 }] } };
  },
  "aws:ecr/repository:Repository": (c) => {
    const name = autoName(c, "name");
    return { id: name, outputs: { name, arn: awsArn(c, "ecr", `repository/${name}`), repositoryUrl: `${fakeAccountId}.dkr.ecr.${c.region}.amazonaws.com/${name}`, registryId: fakeAccountId } };
  },
  "aws:budgets/budget:Budget": (c) => {
    const name = autoName(c, "name");
    return { id: `${fakeAccountId}:${name}`, outputs: { name, arn: `arn:aws:budgets::${fakeAccountId}:budget/${name}`, accountId: fakeAccountId } };
  },
  "aws:lambda/function:Function": (c) => {
    const name = autoName(c, "name");
    const arn = awsArn(c, "lambda", `function:${name}`);
    return { id: name, outputs: { name, arn, qualifiedArn: `${arn}:1`, invokeArn: `arn:aws:apigateway:${c.region}:lambda:path/2015-03-31/functions/${arn}/invocations`, version: "1" } };
  },
  "aws:eks/cluster:Cluster": (c) => {
    const name = autoName(c, "name");
    return {
      id: name,
      outputs: {
        name,
        arn: awsArn(c, "eks", `cluster/${name}`),
        endpoint: `https://${hex(c, 32).toUpperCase()}.gr7.${c.region}.eks.amazonaws.com`,
        certificateAuthority: { data: Buffer.from("fake-ca").toString("base64") },
        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${c.region}.amazonaws.com/id/${hex(c, 32).toUpperCase()}` }] }],
        version: str(c.inputs.version) ?? "1.33",
      },
    };
  },
  "aws:route53/zone:Zone": (c) => ({ id: `Z${hex(c, 13).toUpperCase()}`, outputs: { zoneId: `Z${hex(c, 13).toUpperCase()}`, nameServers: ["ns-1.awsdns-01.org", "ns-2.awsdns-02.com"] } }),
  "aws:route53/healthCheck:HealthCheck": (c) => ({ id: `${hex(c, 8)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 12)}`, outputs: {} }),
  "aws:route53/record:Record": (c) => {
    const name = str(c.inputs.name) ?? c.name;
    return { id: `${str(c.inputs.zoneId) ?? "Z0"}_${name}_${str(c.inputs.type) ?? "A"}${str(c.inputs.setIdentifier) ? `_${str(c.inputs.setIdentifier)}` : ""}`, outputs: { fqdn: name } };
  },
  // ACM's DNS validation record: `_<32 hex>.<domain>` CNAME `_<32 hex>.<10 letters>.acm-validations.aws.`
  // (https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html). The name hashes the
  // domain only: ACM gives the same record for a name in every region of an account.
  "aws:acm/certificate:Certificate": (c) => {
    const domain = str(c.inputs.domainName) ?? "example.com";
    const id = hashOf(`acm#${domain}`, 32);
    const arn = awsArn(c, "acm", `certificate/${hex(c, 8)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 12)}`);
    return {
      id: arn,
      outputs: {
        arn,
        status: "PENDING_VALIDATION",
        domainValidationOptions: [{ domainName: domain, resourceRecordName: `_${id}.${domain}.`, resourceRecordType: "CNAME", resourceRecordValue: `_${hashOf(`acmv#${domain}`, 32)}.xlfgrmvvlj.acm-validations.aws.` }],
      },
    };
  },
  "aws:acm/certificateValidation:CertificateValidation": (c) => ({ id: str(c.inputs.certificateArn) ?? "", outputs: {} }),
  "aws:apigateway/domainName:DomainName": (c) => ({
    id: str(c.inputs.domainName) ?? "",
    outputs: {
      arn: `arn:aws:apigateway:${c.region}::/domainnames/${str(c.inputs.domainName) ?? ""}`,
      regionalDomainName: `d-${shortId(c, 10)}.execute-api.${c.region}.amazonaws.com`,
      // API Gateway's hosted zone of regional endpoints differs per region; the fake only needs one shape.
      regionalZoneId: `Z${hex(c, 12).toUpperCase()}`,
      domainNameId: shortId(c, 6),
    },
  }),
  "aws:apigateway/basePathMapping:BasePathMapping": (c) => ({ id: `${str(c.inputs.domainName) ?? ""}/${str(c.inputs.basePath) ?? ""}`, outputs: {} }),
  "aws:athena/workgroup:Workgroup": (c) => {
    const name = autoName(c, "name");
    return { id: name, outputs: { name, arn: awsArn(c, "athena", `workgroup/${name}`) } };
  },
  "aws:glue/catalogDatabase:CatalogDatabase": (c) => {
    const name = autoName(c, "name");
    return { id: `${fakeAccountId}:${name}`, outputs: { name, arn: awsArn(c, "glue", `database/${name}`), catalogId: fakeAccountId } };
  },
};

function s3Bucket(c: FakeContext): FakeResult {
  // Bucket names are global and lower-case; auto-naming keeps them so.
  const bucket = autoName(c, "bucket").toLowerCase();
  return {
    id: bucket,
    outputs: {
      bucket,
      arn: `arn:aws:s3:::${bucket}`,
      bucketDomainName: `${bucket}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${bucket}.s3.${c.region}.amazonaws.com`,
      hostedZoneId: "Z3AQBSTGFYJSTF",
      region: c.region,
    },
  };
}

function lb(c: FakeContext): FakeResult {
  const name = autoName(c, "name").slice(0, 32);
  const kind = c.inputs.loadBalancerType === "network" ? "net" : "app";
  const arn = awsArn(c, "elasticloadbalancing", `loadbalancer/${kind}/${name}/${hex(c, 16)}`);
  const internal = c.inputs.internal === true ? "internal-" : "";
  return { id: arn, outputs: { name, arn, arnSuffix: arn.split("loadbalancer/")[1], dnsName: `${internal}${name}-${hashOf(c.urn, 10)}.elb.${c.region}.amazonaws.com`, zoneId: "Z35SXDOTRQ7X7K" } };
}

function ec2Id(c: FakeContext, prefix: string, arnKind: string): FakeResult {
  const id = `${prefix}-${hex(c, 17)}`;
  return { id, outputs: { arn: awsArn(c, "ec2", `${arnKind}/${id}`), ownerId: fakeAccountId } };
}

function fakeIp(c: FakeContext, first: string): string {
  const b = Buffer.from(hashOf(`${c.urn}#ip${first}`, 6), "hex");
  return `${first}.${b[0]}.${b[1]}.${Math.max(1, b[2]! % 254)}`;
}

/** `eu-west-1` → `euw1`, as in ElastiCache endpoint host names. */
function shortRegion(region: string): string {
  const m = /^([a-z]+)-([a-z]+)-(\d+)$/.exec(region);
  return m ? `${m[1]}${m[2]!.charAt(0)}${m[3]}` : region;
}

/** Region codes Google uses in `*.a.run.app` host names (not derivable). */
const gcpRegionCodes: Record<string, string> = {
  "us-central1": "uc", "us-east1": "ue", "us-east4": "uk", "us-west1": "uw", "us-west2": "wl",
  "europe-west1": "ew", "europe-west2": "nw", "europe-west3": "ey", "europe-west4": "ez", "europe-west6": "oa",
  "europe-north1": "lz", "asia-east1": "de", "asia-northeast1": "an", "asia-northeast3": "du",
};

/** `us-central1` → `uc`; regions missing from the table get their initials. */
function gcpRegionCode(region: string): string {
  const [area = "", dir = ""] = region.split("-");
  return gcpRegionCodes[region] ?? `${area.charAt(0)}${dir.charAt(0)}`;
}

const gcpFakes: Record<string, Fake> = {
  "gcp:storage/bucket:Bucket": (c) => {
    const name = autoName(c, "name").toLowerCase();
    return { id: name, outputs: { name, url: `gs://${name}`, selfLink: `https://www.googleapis.com/storage/v1/b/${name}`, project: c.project } };
  },
  "gcp:cloudrunv2/service:Service": (c) => {
    const name = autoName(c, "name");
    const location = str(c.inputs.location) ?? c.region;
    // A service with its default URL disabled has none (gcloud shows the URL as None).
    const noUrl = c.inputs.defaultUriDisabled === true;
    return {
      id: `projects/${c.project}/locations/${location}/services/${name}`,
      outputs: {
        name,
        uri: noUrl ? "" : `https://${name}-${hashOf(c.urn, 10)}-${gcpRegionCode(location)}.a.run.app`,
        urls: noUrl ? [] : [`https://${name}-${fakeGcpProjectNumber}.${location}.run.app`],
        uid: `${hex(c, 8)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 12)}`,
        project: c.project,
      },
    };
  },
  "gcp:cloudrun/service:Service": (c) => {
    const name = autoName(c, "name");
    const location = str(c.inputs.location) ?? c.region;
    return { id: `locations/${location}/namespaces/${c.project}/services/${name}`, outputs: { name, statuses: [{ url: `https://${name}-${hashOf(c.urn, 10)}-${gcpRegionCode(location)}.a.run.app` }] } };
  },
  "gcp:secretmanager/secret:Secret": (c) => {
    const secretId = autoName(c, "secretId");
    return { id: `projects/${c.project}/secrets/${secretId}`, outputs: { secretId, name: `projects/${fakeGcpProjectNumber}/secrets/${secretId}`, project: c.project } };
  },
  "gcp:secretmanager/secretVersion:SecretVersion": (c) => {
    const secret = str(c.inputs.secret) ?? `projects/${fakeGcpProjectNumber}/secrets/secret`;
    const name = `${secret.replace(/^projects\/[^/]+/, `projects/${fakeGcpProjectNumber}`)}/versions/1`;
    return { id: name, outputs: { name, version: "1" } };
  },
  "gcp:serviceaccount/account:Account": (c) => {
    const accountId = autoName(c, "accountId");
    const email = `${accountId}@${c.project}.iam.gserviceaccount.com`;
    return { id: `projects/${c.project}/serviceAccounts/${email}`, outputs: { accountId, email, member: `serviceAccount:${email}`, name: `projects/${c.project}/serviceAccounts/${email}`, uniqueId: BigInt(`0x${hex(c, 15)}`).toString() } };
  },
  "gcp:redis/instance:Instance": (c) => {
    const name = autoName(c, "name");
    const region = str(c.inputs.region) ?? c.region;
    return {
      id: `projects/${c.project}/locations/${region}/instances/${name}`,
      outputs: {
        name,
        host: fakeIp(c, "10"),
        port: 6379,
        readEndpoint: fakeIp({ ...c, urn: `${c.urn}#r` }, "10"),
        readEndpointPort: 6379,
        currentLocationId: `${region}-a`,
        // Memorystore issues a server CA only with in-transit encryption, and an AUTH string only with AUTH on.
        serverCaCerts: c.inputs.transitEncryptionMode === "SERVER_AUTHENTICATION" ? [{ cert: "-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----" }] : [],
        authString: c.inputs.authEnabled === true ? `${hex(c, 8)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 12)}` : "",
      },
    };
  },
  // https://cloud.google.com/storage/docs/authentication/hmackeys: a 61-character access id (GOOG1…) and a 40-character secret.
  "gcp:storage/hmacKey:HmacKey": (c) => {
    const accessId = `GOOG1E${hashOf(`${c.urn}#a`, 55).toUpperCase()}`;
    return { id: `projects/${c.project}/hmacKeys/${accessId}`, outputs: { accessId, secret: Buffer.from(hashOf(`${c.urn}#s`, 60), "hex").toString("base64").slice(0, 40), state: "ACTIVE" } };
  },
  // API keys are 39 characters starting AIza: https://cloud.google.com/docs/authentication/api-keys
  "gcp:projects/serviceIdentity:ServiceIdentity": (c) => {
    const service = str(c.inputs.service) ?? "service.googleapis.com";
    const email = `service-${fakeGcpProjectNumber}@gcp-sa-${service.split(".")[0]}.iam.gserviceaccount.com`;
    return { id: `projects/${c.project}/services/${service}`, outputs: { email, member: `serviceAccount:${email}` } };
  },
  "gcp:memorystore/instance:Instance": (c) => {
    const id = autoName(c, "instanceId");
    const location = str(c.inputs.location) ?? c.region;
    return { id: `projects/${c.project}/locations/${location}/instances/${id}`, outputs: { name: `projects/${c.project}/locations/${location}/instances/${id}`, discoveryEndpoints: [{ address: fakeIp(c, "10"), port: 6379 }] } };
  },
  "gcp:pubsub/topic:Topic": (c) => {
    const name = autoName(c, "name");
    return { id: `projects/${c.project}/topics/${name}`, outputs: { name, project: c.project } };
  },
  "gcp:pubsub/subscription:Subscription": (c) => {
    const name = autoName(c, "name");
    return { id: `projects/${c.project}/subscriptions/${name}`, outputs: { name, project: c.project } };
  },
  "gcp:compute/address:Address": (c) => {
    const name = autoName(c, "name");
    const region = str(c.inputs.region) ?? c.region;
    const id = `projects/${c.project}/regions/${region}/addresses/${name}`;
    return { id, outputs: { name, address: str(c.inputs.address) ?? fakeIp(c, "10"), selfLink: `https://www.googleapis.com/compute/v1/${id}` } };
  },
  "gcp:compute/network:Network": (c) => {
    const name = autoName(c, "name");
    const id = `projects/${c.project}/global/networks/${name}`;
    return { id, outputs: { name, selfLink: `https://www.googleapis.com/compute/v1/${id}`, networkId: BigInt(`0x${hex(c, 15)}`).toString() } };
  },
  "gcp:compute/subnetwork:Subnetwork": (c) => {
    const name = autoName(c, "name");
    const region = str(c.inputs.region) ?? c.region;
    const id = `projects/${c.project}/regions/${region}/subnetworks/${name}`;
    return { id, outputs: { name, selfLink: `https://www.googleapis.com/compute/v1/${id}`, gatewayAddress: "10.0.0.1" } };
  },
  "gcp:compute/globalAddress:GlobalAddress": (c) => {
    const name = autoName(c, "name");
    const id = `projects/${c.project}/global/addresses/${name}`;
    // An EXTERNAL address (the front door's anycast IP) is public; an INTERNAL one a VPC range.
    return { id, outputs: { name, address: fakeIp(c, str(c.inputs.addressType) === "INTERNAL" ? "10" : "34"), selfLink: `https://www.googleapis.com/compute/v1/${id}` } };
  },
  "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup": (c) => {
    const name = autoName(c, "name");
    const region = str(c.inputs.region) ?? c.region;
    const id = `projects/${c.project}/regions/${region}/networkEndpointGroups/${name}`;
    return { id, outputs: { name, selfLink: `https://www.googleapis.com/compute/v1/${id}` } };
  },
  "gcp:compute/securityPolicy:SecurityPolicy": (c) => {
    const name = autoName(c, "name");
    const id = `projects/${c.project}/global/securityPolicies/${name}`;
    return { id, outputs: { name, selfLink: `https://www.googleapis.com/compute/v1/${id}`, fingerprint: hex(c, 12) } };
  },
  "gcp:compute/backendService:BackendService": (c) => {
    const name = autoName(c, "name");
    const id = `projects/${c.project}/global/backendServices/${name}`;
    return { id, outputs: { name, selfLink: `https://www.googleapis.com/compute/v1/${id}`, generatedId: Number.parseInt(hex(c, 8), 16) } };
  },
  "gcp:compute/uRLMap:URLMap": (c) => {
    const name = autoName(c, "name");
    const id = `projects/${c.project}/global/urlMaps/${name}`;
    return { id, outputs: { name, selfLink: `https://www.googleapis.com/compute/v1/${id}` } };
  },
  "gcp:certificatemanager/dnsAuthorization:DnsAuthorization": (c) => {
    const name = autoName(c, "name");
    const domain = str(c.inputs.domain) ?? "api.example.com";
    return {
      id: `projects/${c.project}/locations/global/dnsAuthorizations/${name}`,
      outputs: { name, dnsResourceRecords: [{ name: `_acme-challenge.${domain}.`, type: "CNAME", data: `${hex(c, 12)}.9.authorize.certificatemanager.goog.` }] },
    };
  },
  "gcp:certificatemanager/certificateMap:CertificateMap": (c) => {
    const name = autoName(c, "name");
    return { id: `projects/${c.project}/locations/global/certificateMaps/${name}`, outputs: { name } };
  },
  "gcp:container/cluster:Cluster": (c) => {
    const name = autoName(c, "name");
    const location = str(c.inputs.location) ?? c.region;
    const id = `projects/${c.project}/locations/${location}/clusters/${name}`;
    return { id, outputs: { name, endpoint: fakeIp(c, "34"), selfLink: `https://container.googleapis.com/v1/${id}`, masterAuth: { clusterCaCertificate: Buffer.from("fake-ca").toString("base64") } } };
  },
  "gcp:monitoring/alertPolicy:AlertPolicy": (c) => {
    const name = `projects/${c.project}/alertPolicies/${BigInt(`0x${hex(c, 15)}`).toString()}`;
    return { id: name, outputs: { name } };
  },
  "gcp:monitoring/notificationChannel:NotificationChannel": (c) => {
    const name = `projects/${c.project}/notificationChannels/${BigInt(`0x${hex(c, 15)}`).toString()}`;
    return { id: name, outputs: { name } };
  },
  "gcp:monitoring/dashboard:Dashboard": (c) => {
    const id = `projects/${fakeGcpProjectNumber}/dashboards/${hex(c, 8)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 12)}`;
    return { id, outputs: {} };
  },
  "gcp:billing/budget:Budget": (c) => {
    const name = `billingAccounts/${str(c.inputs.billingAccount) ?? "000000-000000-000000"}/budgets/${hex(c, 8)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 12)}`;
    return { id: name, outputs: { name } };
  },
  "gcp:bigquery/dataset:Dataset": (c) => {
    const datasetId = autoName(c, "datasetId").replace(/-/g, "_");
    const id = `projects/${c.project}/datasets/${datasetId}`;
    return { id, outputs: { datasetId, selfLink: `https://bigquery.googleapis.com/bigquery/v2/${id}` } };
  },
  "gcp:vpcaccess/connector:Connector": (c) => {
    const name = autoName(c, "name");
    const region = str(c.inputs.region) ?? c.region;
    const id = `projects/${c.project}/locations/${region}/connectors/${name}`;
    return { id, outputs: { name, selfLink: `https://vpcaccess.googleapis.com/v1/${id}` } };
  },
  "gcp:artifactregistry/repository:Repository": (c) => {
    const id = autoName(c, "repositoryId");
    const location = str(c.inputs.location) ?? c.region;
    return { id: `projects/${c.project}/locations/${location}/repositories/${id}`, outputs: { name: id } };
  },
  // https://cloud.google.com/sql/docs/postgres/admin-api/rest/v1/instances: `connectionName` is
  // project:region:instance; a private-IP-only instance lists one PRIVATE address.
  "gcp:sql/databaseInstance:DatabaseInstance": (c) => {
    const name = autoName(c, "name");
    const region = str(c.inputs.region) ?? c.region;
    const ip = fakeIp(c, "10");
    return {
      id: name,
      outputs: {
        name,
        connectionName: `${c.project}:${region}:${name}`,
        privateIpAddress: ip,
        ipAddresses: [{ ipAddress: ip, type: "PRIVATE" }],
        selfLink: `https://sqladmin.googleapis.com/sql/v1beta4/projects/${c.project}/instances/${name}`,
        serviceAccountEmailAddress: `p${fakeGcpProjectNumber}-${hex(c, 6)}@gcp-sa-cloud-sql.iam.gserviceaccount.com`,
      },
    };
  },
  // Parameter Manager: a `Parameter` without a location is global (CREMA reads its config through
  // the global endpoint); a version is named under its parameter.
  // https://cloud.google.com/secret-manager/parameter-manager/docs/reference/rest/v1/projects.locations.parameters
  "gcp:parametermanager/parameter:Parameter": (c) => {
    const name = `projects/${c.project}/locations/global/parameters/${autoName(c, "parameterId")}`;
    return { id: name, outputs: { name } };
  },
  "gcp:parametermanager/parameterVersion:ParameterVersion": (c) => {
    const name = `${str(c.inputs.parameter) ?? `projects/${c.project}/locations/global/parameters/parameter`}/versions/${str(c.inputs.parameterVersionId) ?? hex(c, 12)}`;
    return { id: name, outputs: { name } };
  },
  "gcp:servicenetworking/connection:Connection": (c) => ({ id: `${str(c.inputs.network) ?? "network"}:servicenetworking.googleapis.com`, outputs: { peering: "servicenetworking-googleapis-com" } }),
  // Endpoint ids are 19-digit numbers; `endpoint` is the id the provider reports.
  "gcp:vertex/aiEndpointWithModelGardenDeployment:AiEndpointWithModelGardenDeployment": (c) => {
    const endpoint = BigInt(`0x${hashOf(c.urn, 15)}`).toString().padStart(19, "1").slice(0, 19);
    const location = str(c.inputs.location) ?? c.region;
    return { id: `projects/${c.project}/locations/${location}/endpoints/${endpoint}`, outputs: { endpoint, deployedModelId: hashOf(`${c.urn}#model`, 10), deployedModelDisplayName: c.name } };
  },
  "gcp:projects/iAMCustomRole:IAMCustomRole": (c) => {
    const name = `projects/${str(c.inputs.project) ?? c.project}/roles/${str(c.inputs.roleId) ?? c.name}`;
    return { id: name, outputs: { name } };
  },
  "gcp:projects/service:Service": (c) => ({ id: `${c.project}/${str(c.inputs.service) ?? "service.googleapis.com"}`, outputs: {} }),
  "gcp:bigquery/dataTransferConfig:DataTransferConfig": (c) => {
    const location = str(c.inputs.location) ?? c.region;
    const name = `projects/${fakeGcpProjectNumber}/locations/${location}/transferConfigs/${hex(c, 8)}-0000-${hex(c, 4)}-${hex(c, 4)}-${hex(c, 12)}`;
    return { id: name, outputs: { name } };
  },
};

const randomFakes: Record<string, Fake> = {
  // The real provider marks `result` secret; the mock layer marks it from additionalSecretOutputs.
  "random:index/randomPassword:RandomPassword": (c) => ({ id: "none", outputs: { result: `fakepw${hex(c, 26)}`, bcryptHash: `$2a$10$${hex(c, 53)}` } }),
  "random:index/randomString:RandomString": (c) => {
    const len = typeof c.inputs.length === "number" ? c.inputs.length : 16;
    const s = hashOf(`${c.urn}#s`, 64).repeat(Math.ceil(len / 64)).slice(0, len);
    return { id: s, outputs: { result: s } };
  },
  "random:index/randomId:RandomId": (c) => {
    const n = typeof c.inputs.byteLength === "number" ? c.inputs.byteLength : 8;
    const h = hashOf(`${c.urn}#id`, 64).repeat(4).slice(0, n * 2);
    const b = Buffer.from(h, "hex");
    return { id: b.toString("base64url"), outputs: { hex: h, b64Url: b.toString("base64url"), b64Std: b.toString("base64"), dec: BigInt(`0x${h}`).toString() } };
  },
  "random:index/randomPet:RandomPet": (c) => ({ id: `${str(c.inputs.prefix) ? `${c.inputs.prefix}-` : ""}quiet-${["otter", "lynx", "heron", "ibex"][parseInt(hex(c, 2), 16) % 4]}`, outputs: {} }),
};

/**
 * Outputs of `@pulumi/eks`'s Cluster in the shapes pulumi-eks returns them. It is a remote
 * (multi-language) component: under mocks one opaque registration whose outputs nobody computes,
 * while the cluster component reads its OIDC issuer and kubeconfig.
 */
export function fakeEksOutputs(name: string, region: string): Record<string, unknown> {
  const id = hashOf(name, 32).toUpperCase();
  const issuer = `oidc.eks.${region}.amazonaws.com/id/${id}`;
  const endpoint = `https://${id}.gr7.${region}.eks.amazonaws.com`;
  const kubeconfig = {
    apiVersion: "v1",
    clusters: [{ cluster: { server: endpoint, "certificate-authority-data": "LS0tLS1CRUdJTi1GQUtFLUNBLS0tLS0=" }, name: "kubernetes" }],
    contexts: [{ context: { cluster: "kubernetes", user: "aws" }, name: "aws" }],
    "current-context": "aws",
    kind: "Config",
    users: [{ name: "aws", user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", name] } } }],
  };
  return {
    kubeconfig,
    kubeconfigJson: JSON.stringify(kubeconfig),
    oidcProviderArn: `arn:aws:iam::${fakeAccountId}:oidc-provider/${issuer}`,
    oidcProviderUrl: issuer,
    oidcIssuer: issuer,
    clusterSecurityGroupId: `sg-${id.slice(0, 17).toLowerCase()}`,
  };
}

const kubernetesFakes: Record<string, Fake> = {
  /**
   * A `LoadBalancer` Service gets the address its cloud's controller reports: an NLB hostname on
   * AWS (`aws-load-balancer-*` annotations), a private IP on GKE — taken from the nodes' /20 of the
   * first source range's /16, where GKE puts an internal balancer's forwarding rule.
   */
  "kubernetes:core/v1:Service": (c) => {
    const meta = (c.inputs.metadata ?? {}) as Record<string, unknown>;
    const spec = (c.inputs.spec ?? {}) as Record<string, unknown>;
    const name = str(meta.name) ?? c.name;
    const id = `${str(meta.namespace) ?? "default"}/${name}`;
    const clusterIP = `172.20.${parseInt(hex(c, 2), 16)}.${parseInt(hashOf(`${c.urn}#ip`, 2), 16) % 254 + 1}`;
    if (spec.type !== "LoadBalancer") return { id, outputs: { spec: { ...spec, clusterIP }, status: { loadBalancer: {} } } };
    const annotations = (meta.annotations ?? {}) as Record<string, unknown>;
    const aws = Object.keys(annotations).some((k) => k.startsWith("service.beta.kubernetes.io/aws-load-balancer-"));
    let ingress: Record<string, string>;
    if (aws) {
      ingress = { hostname: `a${hex(c, 32)}-${hashOf(`${c.urn}#nlb`, 16)}.elb.${c.region}.amazonaws.com` };
    } else {
      const range = str(((spec.loadBalancerSourceRanges as unknown[] | undefined) ?? [])[0]) ?? "10.0.0.0/16";
      const [a = "10", b = "0"] = range.split(".");
      ingress = { ip: `${a}.${b}.${16 + (parseInt(hex(c, 2), 16) % 16)}.${(parseInt(hashOf(`${c.urn}#ip`, 2), 16) % 250) + 2}` };
    }
    return { id, outputs: { spec: { ...spec, clusterIP }, status: { loadBalancer: { ingress: [ingress] } } } };
  },
};

/** The generic fallback: a provider-shaped id and, on AWS, an ARN in the right region/account. */
function defaultFake(c: FakeContext): FakeResult {
  const { pkg, module, kind } = splitType(c.type);
  const name = autoName(c, "name");
  if (pkg === "aws") return { id: name, outputs: { arn: awsArn(c, module, `${kind}/${name}`) } };
  if (pkg === "gcp") {
    const location = str(c.inputs.location) ?? str(c.inputs.region) ?? c.region;
    const id = `projects/${c.project}/locations/${location}/${kind}s/${name}`;
    // Most GCP resources output `name`, often the full resource path when the input had none.
    return { id, outputs: { name: str(c.inputs.name) ?? id, selfLink: `https://www.googleapis.com/${module}/v1/${id}` } };
  }
  return { id: `${name}-id`, outputs: {} };
}

export const fakeTable: Readonly<Record<string, Fake>> = { ...awsFakes, ...gcpFakes, ...randomFakes, ...kubernetesFakes };

/** Fake outputs for a custom resource: the type's entry in the table, else the generic default. */
export function fakeOutputs(ctx: FakeContext): FakeResult {
  return (fakeTable[ctx.type] ?? defaultFake)(ctx);
}
