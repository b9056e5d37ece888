import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface NetworkArgs {
  /**
   * The VPC's /16 (see `regionCidr`), e.g. `10.40.0.0/16`. A plain string, not an input: the
   * subnets are carved from it when the program runs, so the plan shows them.
   */
  cidr: string;
  /** The region the provider targets; zones `<region>a` and `<region>b` are used. */
  region: string;
  /** Port the gateway containers listen on; the only port open to them, and only from the NLB. */
  gatewayPort: number;
  /** Port of the NLB's listener. */
  listenerPort: number;
  /** The private subnets' way out (`network.egress`); default the NAT gateway. */
  egress?: "nat-gateway" | "nat-instance";
}

/**
 * The NAT instance: AWS's own Amazon Linux 2023 (arm64, the latest image named by AWS's public
 * SSM parameter, resolved at launch) set up the way AWS documents a NAT AMI: forwarding on,
 * masquerade out of the primary interface.
 * https://docs.aws.amazon.com/vpc/latest/userguide/work-with-nat-instances.html
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/create-launch-template.html (resolve:ssm)
 */
export const natInstance = {
  instanceType: "t4g.nano",
  /** Amazon Linux 2023's image size. */
  rootVolumeGiB: 8,
  imageId: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
  userData: [
    "#!/bin/bash",
    "set -euo pipefail",
    // The Elastic IP is associated just after launch: retry until the package mirror is reachable.
    "until dnf install -y iptables-services; do sleep 5; done",
    "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-nat.conf",
    "sysctl -p /etc/sysctl.d/90-nat.conf",
    "iface=$(ip route show default | awk '{print $5; exit}')",
    'iptables -t nat -A POSTROUTING -o "$iface" -j MASQUERADE',
    "iptables -F FORWARD",
    "service iptables save",
    "systemctl enable --now iptables",
    "",
  ].join("\n"),
} as const;

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
 * The region's network. Every task (gateway, worker) and node runs in the private subnets without
 * a public IP; one NAT gateway in the first zone's public subnet carries their calls to LLM
 * providers, registries and AWS APIs (about $33/month before traffic; S3 traffic takes the free
 * gateway endpoint instead). One NAT rather than one per zone: losing zone `a` stops outbound
 * calls until it is back, the price of not doubling the prototype's fixed cost; add a second
 * NAT before relying on zone failover. The public subnets hold only the NAT gateway.
 *
 * The gateway tasks admit their port from the NLB's security group only (API Gateway's VPC link
 * reaches the NLB over PrivateLink); the NLB admits in-VPC callers (the worker) on its listener.
 */
export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly cidr: string;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  /** The gateway tasks: ingress on the gateway port from the NLB's security group only. */
  readonly gatewaySecurityGroupId: pulumi.Output<string>;
  /** The gateway's internal NLB: its listener port from inside the VPC. */
  readonly nlbSecurityGroupId: pulumi.Output<string>;
  /**
   * The NAT gateway every private route table of the region uses (the cluster's nodes too);
   * undefined with a NAT instance (prototype only, where there is no cluster).
   */
  readonly natGatewayId: pulumi.Output<string> | undefined;

  constructor(name: string, args: NetworkArgs, opts: pulumi.ComponentResourceOptions) {
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

    const subnets = (kind: "public" | "private", rt: aws.ec2.RouteTable) => this.subnets(name, { kind, vpcId: vpc.id, cidrs: cidrs[kind], zones, routeTable: rt }, o);
    const publicSubnets = subnets("public", publicRt);
    const natRoute = args.egress === "nat-instance" ? this.natInstance(name, args, vpc.id, publicSubnets[0]!.id, igw, o) : this.natGateway(name, publicSubnets[0]!.id, igw, o);
    const privateRt = new aws.ec2.RouteTable(
      `${name}-private-rt`,
      { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", ...natRoute }], tags: { Name: `${name}-private` } },
      o,
    );
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

    const { nlbSg, gatewaySg } = this.securityGroups(name, args, vpc.id, o);

    this.vpcId = vpc.id;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.gatewaySecurityGroupId = gatewaySg.id;
    this.nlbSecurityGroupId = nlbSg.id;
    this.natGatewayId = natRoute.natGatewayId;
    this.registerOutputs({
      natGatewayId: this.natGatewayId,
      nlbSecurityGroupId: this.nlbSecurityGroupId,
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      gatewaySecurityGroupId: this.gatewaySecurityGroupId,
    });
  }

  /** AWS's managed NAT gateway with its Elastic IP in the first zone's public subnet. */
  private natGateway(name: string, subnetId: pulumi.Output<string>, igw: aws.ec2.InternetGateway, o: pulumi.CustomResourceOptions) {
    const natIp = new aws.ec2.Eip(`${name}-nat-ip`, { domain: "vpc", tags: { Name: `${name}-nat` } }, o);
    const nat = new aws.ec2.NatGateway(
      `${name}-nat`,
      { allocationId: natIp.id, subnetId, tags: { Name: `${name}-nat` } },
      // The NAT gateway needs the internet gateway attached to send anything.
      { ...o, dependsOn: [igw] },
    );
    return { natGatewayId: nat.id, networkInterfaceId: undefined };
  }

  /**
   * One NAT instance with an Elastic IP in the first zone's public subnet (see `natInstance`).
   * Its group admits only the VPC's own range and nothing from the internet; source/destination
   * checking is off so it may forward. It is the only thing in the VPC with a public address.
   */
  private natInstance(name: string, args: NetworkArgs, vpcId: pulumi.Output<string>, subnetId: pulumi.Output<string>, igw: aws.ec2.InternetGateway, o: pulumi.CustomResourceOptions) {
    const sg = new aws.ec2.SecurityGroup(
      `${name}-nat-sg`,
      {
        vpcId,
        description: "NAT instance: forwards the private subnets' outbound traffic; nothing from the internet",
        ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [args.cidr], description: "the VPC's own range" }],
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "providers, registry, AWS APIs" }],
        tags: { Name: `${name}-nat` },
      },
      o,
    );
    const template = new aws.ec2.LaunchTemplate(
      `${name}-nat-template`,
      {
        // The image by AWS's SSM parameter: a launch template may name it, an instance may not.
        imageId: natInstance.imageId,
        // IMDSv2 only.
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
        userData: Buffer.from(natInstance.userData).toString("base64"),
      },
      o,
    );
    const instance = new aws.ec2.Instance(
      `${name}-nat-instance`,
      {
        launchTemplate: { id: template.id, version: "$Latest" },
        instanceType: natInstance.instanceType,
        rootBlockDevice: { volumeType: "gp3", volumeSize: natInstance.rootVolumeGiB, encrypted: true, deleteOnTermination: true },
        subnetId,
        vpcSecurityGroupIds: [sg.id],
        // https://docs.aws.amazon.com/vpc/latest/userguide/work-with-nat-instances.html#EIP_Disable_SrcDestCheck
        sourceDestCheck: false,
        tags: { Name: `${name}-nat` },
      },
      { ...o, dependsOn: [igw] },
    );
    new aws.ec2.Eip(`${name}-nat-ip`, { domain: "vpc", instance: instance.id, tags: { Name: `${name}-nat` } }, o);
    return { natGatewayId: undefined, networkInterfaceId: instance.primaryNetworkInterfaceId };
  }

  /** The NLB's group (its listener from inside the VPC) and the gateway tasks' (their port from the NLB only). */
  private securityGroups(name: string, args: NetworkArgs, vpcId: pulumi.Output<string>, o: pulumi.CustomResourceOptions) {
    const nlbSg = new aws.ec2.SecurityGroup(
      `${name}-nlb-sg`,
      {
        vpcId,
        description: "Gateway NLB: listener from inside the VPC; API Gateway arrives over PrivateLink",
        ingress: [{ protocol: "tcp", fromPort: args.listenerPort, toPort: args.listenerPort, cidrBlocks: [args.cidr], description: "in-VPC callers (worker)" }],
        egress: [{ protocol: "tcp", fromPort: args.gatewayPort, toPort: args.gatewayPort, cidrBlocks: [args.cidr], description: "gateway tasks and health checks" }],
        tags: { Name: `${name}-nlb` },
      },
      o,
    );
    const gatewaySg = new aws.ec2.SecurityGroup(
      `${name}-gateway-sg`,
      {
        vpcId,
        description: "LLM gateway tasks: gateway port from the NLB only",
        ingress: [{ protocol: "tcp", fromPort: args.gatewayPort, toPort: args.gatewayPort, securityGroups: [nlbSg.id], description: "NLB (traffic and health checks)" }],
        // Providers, the registry and AWS APIs, through the NAT gateway.
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "providers, registry, AWS APIs" }],
        tags: { Name: `${name}-gateway` },
      },
      o,
    );
    return { nlbSg, gatewaySg };
  }

  /** One subnet per zone of `kind`, each associated with `routeTable`; nothing in them gets a public IP. */
  private subnets(
    name: string,
    i: { kind: "public" | "private"; vpcId: pulumi.Output<string>; cidrs: [string, string]; zones: [string, string]; routeTable: aws.ec2.RouteTable },
    o: pulumi.CustomResourceOptions,
  ): aws.ec2.Subnet[] {
    const { kind } = i;
    return i.zones.map((az, n) => {
      const subnet = new aws.ec2.Subnet(
        `${name}-${kind}-${n}`,
        {
          vpcId: i.vpcId,
          cidrBlock: i.cidrs[n === 0 ? 0 : 1],
          availabilityZone: az,
          // Nothing the kit launches gets a public IP; the NAT gateway has its Elastic IP.
          mapPublicIpOnLaunch: false,
          tags: { Name: `${name}-${kind}-${az}`, tier: kind },
        },
        o,
      );
      new aws.ec2.RouteTableAssociation(`${name}-${kind}-${n}-rta`, { subnetId: subnet.id, routeTableId: i.routeTable.id }, o);
      return subnet;
    });
  }
}
