import type * as pulumi from "@pulumi/pulumi";
import { awsAdapter } from "../aws/adapter";
import type { Stack } from "../config/model";
import { gcpAdapter } from "../gcp/adapter";
import type { GlobalParts, RegionalPlatform } from "./contract";

/** Builds the stack on its cloud: the one place the platform picks an adapter, typed by the stack's cloud. */
export function buildCloud(
  name: string,
  args: { stack: Stack; tags: Record<string, string> },
  opts: pulumi.ComponentResourceOptions,
): { regions: RegionalPlatform[]; global: GlobalParts } {
  const { stack, tags } = args;
  return stack.cloud === "aws" ? awsAdapter.build(name, { stack, tags }, opts) : gcpAdapter.build(name, { stack, tags }, opts);
}
