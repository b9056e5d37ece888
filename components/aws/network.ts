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
  /**
   * One NAT gateway in each zone, each zone's private subnet routed through its own (growth and
   * later); otherwise one NAT in the first zone for both (prototype). See `Network`.
   */
  natPerZone: boolean;
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
 * a public IP; NAT gateways carry their calls to LLM providers, registries and AWS APIs (S3 traffic
 * takes the free gateway endpoint instead). A NAT gateway lives in one zone and a zone's failure
 * takes it down for every zone routed through it ("To improve resiliency, create a NAT gateway in
 * each Availability Zone, and configure your routing to ensure that resources use the NAT gateway
 * in the same Availability Zone": https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html).
 *
 * - Prototype: one NAT gateway in the first zone for both private subnets (about $33/month plus its
 *   address, before traffic): losing zone `a` stops outbound calls until it is back, the price of
 *   not doubling the prototype's fixed cost.
 * - Growth and later (`natPerZone`): a NAT gateway in each zone and a private route table per zone,
 *   so losing one zone leaves the other zone's tasks their providers; the load balancer stops
 *   sending to the lost zone's tasks. Chosen over a regional NAT gateway (the pinned @pulumi/aws
 *   7.48.0 models `availabilityMode: "regional"`; "Regional NAT gateways for automatic multi-AZ
 *   expansion", https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AvailabilityZoneAddress.html): that one replaces the zonal gateway the prototype
 *   keeps (a replacement of every route through it on promotion), while per-zone gateways only add
 *   resources; the hourly charge is the same per zone served. Cost: one more NAT gateway-hour and
 *   one more public IPv4 address-hour per region (components/cost, about $36.50/month per region
 *   at us-east-1 rates).
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
   * The NAT gateway each zone's private subnets use, in zone order (the same one twice at
   * prototype); undefined with a NAT instance (prototype only, where there is no cluster).
   */
  readonly natGatewayIds: [pulumi.Output<string>, pulumi.Output<string>] | undefined;

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

    const subnets = (kind: "public" | "private", routeTables: [aws.ec2.RouteTable, aws.ec2.RouteTable]) =>
      this.subnets(name, { kind, vpcId: vpc.id, cidrs: cidrs[kind], zones, routeTables }, o);
    const publicSubnets = subnets("public", [publicRt, publicRt]);
    // Zone `a` keeps the names it had with one NAT gateway, so promotion from prototype only adds zone `b`'s.
    const natIn = (zone: number) => {
      const suffix = zone === 0 ? "" : `-${zone}`;
      const subnetId = publicSubnets[zone]!.id;
      const route = args.egress === "nat-instance" ? this.natInstance(name, args, vpc.id, subnetId, igw, o) : this.natGateway(name, suffix, subnetId, igw, o);
      const rt = new aws.ec2.RouteTable(
        `${name}-private-rt${suffix}`,
        { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", ...route }], tags: { Name: `${name}-private${suffix}` } },
        o,
      );
      return { route, rt };
    };
    const zoneA = natIn(0);
    const zoneB = args.natPerZone ? natIn(1) : zoneA;
    const privateSubnets = subnets("private", [zoneA.rt, zoneB.rt]);

    // Free gateway endpoint: log writes and config reads reach S3 without crossing the internet.
    new aws.ec2.VpcEndpoint(
      `${name}-s3-endpoint`,
      {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${args.region}.s3`,
        vpcEndpointType: "Gateway",
        routeTableIds: [publicRt, ...new Set([zoneA.rt, zoneB.rt])].map((rt) => rt.id),
      },
      o,
    );

    const { nlbSg, gatewaySg } = this.securityGroups(name, args, vpc.id, o);

    this.vpcId = vpc.id;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.gatewaySecurityGroupId = gatewaySg.id;
    this.nlbSecurityGroupId = nlbSg.id;
    const [natA, natB] = [zoneA.route.natGatewayId, zoneB.route.natGatewayId];
    this.natGatewayIds = natA && natB ? [natA, natB] : undefined;
    this.registerOutputs({
      natGatewayIds: this.natGatewayIds,
      nlbSecurityGroupId: this.nlbSecurityGroupId,
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      gatewaySecurityGroupId: this.gatewaySecurityGroupId,
    });
  }

  /** AWS's managed NAT gateway with its Elastic IP in the first zone's public subnet. */
  private natGateway(name: string, suffix: string, subnetId: pulumi.Output<string>, igw: aws.ec2.InternetGateway, o: pulumi.CustomResourceOptions) {
    const natIp = new aws.ec2.Eip(`${name}-nat-ip${suffix}`, { domain: "vpc", tags: { Name: `${name}-nat${suffix}` } }, o);
    const nat = new aws.ec2.NatGateway(
      `${name}-nat${suffix}`,
      { allocationId: natIp.id, subnetId, tags: { Name: `${name}-nat${suffix}` } },
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

  /** One subnet per zone of `kind`, each associated with its zone's route table; nothing in them gets a public IP. */
  private subnets(
    name: string,
    i: { kind: "public" | "private"; vpcId: pulumi.Output<string>; cidrs: [string, string]; zones: [string, string]; routeTables: [aws.ec2.RouteTable, aws.ec2.RouteTable] },
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
      new aws.ec2.RouteTableAssociation(`${name}-${kind}-${n}-rta`, { subnetId: subnet.id, routeTableId: i.routeTables[n]!.id }, o);
      return subnet;
    });
  }
}
