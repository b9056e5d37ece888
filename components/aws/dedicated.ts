import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BedrockDedicated } from "../config/model";
import { bedrockCommitmentDuration } from "../config/facts/dedicated";
import { type NameScope, shortName } from "./names";

export interface ProvisionedThroughputArgs {
  dedicated: BedrockDedicated;
  names: NameScope;
}

/** The foundation model's ARN the Provisioned Throughput is bought for (its context variant's id). */
export function foundationModelArn(region: string, model: string): string {
  return `arn:aws:bedrock:${region}::foundation-model/${model}`;
}

/**
 * Bedrock Provisioned Throughput for one model group: model units of one model, bought for a term
 * (`commitment`: none, 1-month, 6-months). With a term AWS refuses to delete it before the term
 * ends, and bills it until then, so removing it from the spec does not end the cost (the promote
 * and PR diff outputs say so). The gateway invokes it by its ARN (`provisionedModelArn`).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/prov-thru-purchase.html
 * https://www.pulumi.com/registry/packages/aws/api-docs/bedrock/provisionedmodelthroughput/
 * Regions and models: https://docs.aws.amazon.com/bedrock/latest/userguide/pt-supported.html (the facts table).
 * Name: `provisionedModelName` is at most 63 characters, set in full (no auto-name suffix)
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateProvisionedModelThroughput.html).
 * IAM: the gateway's `bedrock:InvokeModel*` on this ARN (https://docs.aws.amazon.com/bedrock/latest/userguide/prov-thru-prereq.html);
 * the task policy takes the ARN as an input, so it follows the purchase.
 */
export class ProvisionedThroughput extends pulumi.ComponentResource {
  readonly provisionedModelArn: pulumi.Output<string>;

  constructor(name: string, args: ProvisionedThroughputArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:ProvisionedThroughput", name, {}, opts);
    const d = args.dedicated;
    const duration = bedrockCommitmentDuration[d.commitment];
    const throughput = new aws.bedrock.ProvisionedModelThroughput(
      `${name}-throughput`,
      {
        // 1–63 characters of letters, digits, '-' and '_' (CreateProvisionedModelThroughput).
        provisionedModelName: shortName(args.names, `pt-${d.group}`, 63),
        modelArn: foundationModelArn(d.region, d.model),
        modelUnits: d.modelUnits,
        ...(duration ? { commitmentDuration: duration } : {}),
      },
      { parent: this, ...(opts.provider ? { provider: opts.provider } : {}) },
    );
    this.provisionedModelArn = throughput.provisionedModelArn;
    this.registerOutputs({ provisionedModelArn: this.provisionedModelArn });
  }
}
