import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AiPlatform, type Stack, platformOutputs, program, readStack } from "../../components";

/**
 * The violating fixtures of test/policies/violating-stacks.test.ts (and, for the GCP front door,
 * test/policies/front-door.test.ts), runnable both by the offline planner (plan-fixture.ts, in a
 * child process) and by the real engine (violating.test.ts): three stack files, and four changes
 * made through the kit's components as a library user could make
 * them (which no stack file can express, because the spec refuses them first).
 */

const repoRoot = path.resolve(__dirname, "..", "..");
const policyFixture = (stack: string) => path.join(repoRoot, "test", "policies", "stacks", `Pulumi.${stack}.yaml`);
const euStackFile = path.join(repoRoot, "stacks", "Pulumi.growth-aws-eu-west-1.yaml");
const gcpStackFile = path.join(repoRoot, "stacks", "Pulumi.prototype-gcp-europe-west4.yaml");

/**
 * The GCP front door opened three ways (policy `front-door-guarded`): Cloud Armor without the
 * per-key throttle and without the admin deny, and the URL map's path matcher forwarding unlisted
 * paths to the gateway.
 */
const openFrontDoor: pulumi.ResourceTransformation = (args) => {
  if (args.type === "gcp:compute/securityPolicy:SecurityPolicy") {
    const rules = (args.props.rules as { action: string }[]).filter((r) => r.action !== "throttle" && r.action !== "deny(403)");
    return { props: { ...args.props, rules }, opts: args.opts };
  }
  if (args.type === "gcp:compute/uRLMap:URLMap") {
    const pathMatchers = (args.props.pathMatchers as Record<string, unknown>[]).map(({ defaultRouteAction: _open, ...m }) => m);
    return { props: { ...args.props, pathMatchers }, opts: args.opts };
  }
  return undefined;
};

function libraryProgram(change: (spec: Stack) => Stack, extra?: (platform: AiPlatform) => void, opts?: pulumi.ComponentResourceOptions) {
  return () => {
    const spec = change(readStack());
    const platform = new AiPlatform(spec.project, { stack: spec }, opts);
    extra?.(platform);
    return platformOutputs(spec, platform);
  };
}

export interface Fixture {
  stack: string;
  stackFile: string;
  program: () => unknown;
}

export const fixtures: Record<string, Fixture> = {
  "violate-eu-us-region": { stack: "violate-eu-us-region", stackFile: policyFixture("violate-eu-us-region"), program },
  "violate-eu-us-fallback": { stack: "violate-eu-us-fallback", stackFile: policyFixture("violate-eu-us-fallback"), program },
  "violate-gcp-eu-us-endpoint": { stack: "violate-gcp-eu-us-endpoint", stackFile: policyFixture("violate-gcp-eu-us-endpoint"), program },
  "library-region-outside-eu": {
    stack: "growth-aws-eu-west-1",
    stackFile: euStackFile,
    program: libraryProgram((spec) => ({ ...spec, regions: [...spec.regions, "us-east-1"] })),
  },
  "library-replication-outside-eu": {
    stack: "growth-aws-eu-west-1",
    stackFile: euStackFile,
    program: libraryProgram(
      (spec) => spec,
      (platform) => {
        const eu = new aws.Provider("replication-eu-west-1", { region: "eu-west-1" });
        const us = new aws.Provider("replica-us-east-1", { region: "us-east-1" });
        const replica = new aws.s3.Bucket("log-replica", {}, { provider: us });
        new aws.s3.BucketReplicationConfig(
          "log-replication",
          {
            bucket: platform.requestLogBuckets.apply((b) => b["eu-west-1"]!),
            role: "arn:aws:iam::123456789012:role/log-replication",
            rules: [{ id: "all", status: "Enabled", destination: { bucket: replica.arn } }],
          },
          { provider: eu },
        );
      },
    ),
  },
  "library-gcp-front-door-open": {
    stack: "prototype-gcp-europe-west4",
    stackFile: gcpStackFile,
    program: libraryProgram((spec) => spec, undefined, { transformations: [openFrontDoor] }),
  },
  "library-cache-without-tls": {
    stack: "growth-aws-eu-west-1",
    stackFile: euStackFile,
    program: libraryProgram((spec) => spec, undefined, {
      transformations: [
        (args) =>
          args.type === "aws:elasticache/replicationGroup:ReplicationGroup"
            ? { props: { ...args.props, transitEncryptionEnabled: false }, opts: args.opts }
            : undefined,
      ],
    }),
  },
};
