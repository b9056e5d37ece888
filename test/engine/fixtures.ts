import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AiPlatform, type Spec, platformOutputs, program, readSpec } from "../../components";

/**
 * The violating fixtures of test/policies/violating-stacks.test.ts, runnable both by the offline
 * planner (plan-fixture.ts, in a child process) and by the real engine (violating.test.ts): three
 * stack files, and three changes made through the kit's components as a library user could make
 * them (which no stack file can express, because the spec refuses them first).
 */

const repoRoot = path.resolve(__dirname, "..", "..");
const policyFixture = (stack: string) => path.join(repoRoot, "test", "policies", "stacks", `Pulumi.${stack}.yaml`);
const euStackFile = path.join(repoRoot, "stacks", "Pulumi.growth-aws-eu-west-1.yaml");

function libraryProgram(change: (spec: Spec) => Spec, extra?: (platform: AiPlatform) => void, opts?: pulumi.ComponentResourceOptions) {
  return () => {
    const spec = change(readSpec());
    const platform = new AiPlatform(spec.project, { spec }, opts);
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
