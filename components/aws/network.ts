import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AwsNetworkArgs {
  /** The region's /16 (see `regionCidr`). */
  cidr: string;
  region: string;
  /** Port the gateway containers listen on; the only port open to them, and only from the VPC. */
  gatewayPort: number;
}

/** Two public and two private /20s in the first two zones; the rest of the /16 stays free for later stages. */
export function subnetCidrs(vpcCidr: string): { public: [string, string]; private: [string, string] } {
  const m = /^(\d+)\.(\d+)\.0\.0\/16$/.exec(vpcCidr);
  if (!m) throw new Error(`expected a /16 such as 10.40.0.0/16, got ${vpcCidr}`);
  const p = `${m[1]}.${m[2]}`;
  return {
    public: [`${p}.0.0/20`, `${p}.16.0/20`],
    private: [`${p}.128.0/20`, `${p}.144.0/20`],
  };
}

/**
 * Zone names are spelled out instead of asked for (`getAvailabilityZones`): every commercial
 * region has `a` and `b`, and a plan without invokes runs unchanged under the mock runtime.
 */
export function zonesOf(region: string): [string, string] {
  return [`${region}a`, `${region}b`];
}

/**
 * The region's network. There is deliberately no NAT gateway (about $33/month each before
 * traffic): tasks that must reach the internet (LLM providers, the container registry) run in the
 * public subnets with a public IP, and security groups admit traffic only from inside the VPC.
 * Private subnets have no route out at all; they hold what must never be reachable (the cache).
 */
export class AwsNetwork extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly cidr: string;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  /** The gateway tasks: ingress on the gateway port from the VPC only (the internal NLB, the worker). */
  readonly gatewaySecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: AwsNetworkArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:Network", name, {}, opts);
    const provider = opts.provider;
    const o = { parent: this, provider };
    const cidrs = subnetCidrs(args.cidr);
    const zones = zonesOf(args.region);
    this.cidr = args.cidr;

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: `${name}-vpc` } },
      o,
    );
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: `${name}-igw` } }, o);

    const publicRt = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: { Name: `${name}-public` } },
      o,
    );
    const privateRt = new aws.ec2.RouteTable(`${name}-private-rt`, { vpcId: vpc.id, tags: { Name: `${name}-private` } }, o);

    const subnets = (kind: "public" | "private", rt: aws.ec2.RouteTable) =>
      zones.map((az, i) => {
        const subnet = new aws.ec2.Subnet(
          `${name}-${kind}-${i}`,
          {
            vpcId: vpc.id,
            cidrBlock: cidrs[kind][i]!,
            availabilityZone: az,
            // Public IPs are given per task (assignPublicIp), not by default to everything launched here.
            mapPublicIpOnLaunch: false,
            tags: { Name: `${name}-${kind}-${az}`, tier: kind },
          },
          o,
        );
        new aws.ec2.RouteTableAssociation(`${name}-${kind}-${i}-rta`, { subnetId: subnet.id, routeTableId: rt.id }, o);
        return subnet;
      });
    const publicSubnets = subnets("public", publicRt);
    const privateSubnets = subnets("private", privateRt);

    // Free gateway endpoint: log writes and config reads reach S3 without crossing the internet.
    new aws.ec2.VpcEndpoint(
      `${name}-s3-endpoint`,
      {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${args.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: [publicRt.id, privateRt.id],
      },
      o,
    );

    const gatewaySg = new aws.ec2.SecurityGroup(
      `${name}-gateway-sg`,
      {
        vpcId: vpc.id,
        description: "LLM gateway tasks: gateway port from inside the VPC only",
        ingress: [{ protocol: "tcp", fromPort: args.gatewayPort, toPort: args.gatewayPort, cidrBlocks: [args.cidr], description: "NLB and in-VPC callers" }],
        // Providers are reached over HTTPS on the public internet (no NAT); the image pull too.
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "providers, registry, AWS APIs" }],
        tags: { Name: `${name}-gateway` },
      },
      o,
    );

    this.vpcId = vpc.id;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.gatewaySecurityGroupId = gatewaySg.id;
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      gatewaySecurityGroupId: this.gatewaySecurityGroupId,
    });
  }
}
