/**
 * What a first `pulumi up` on AWS needs beyond what the mocks alone would accept: the redeploy
 * trigger, the ordering of the account-wide API Gateway setting, the Bedrock scope, the optional
 * customer-managed log key. The prototype stack is planned with the opt-in settings switched on.
 */
import type * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { installMocks, isSecretWrapped, ofType, one, planStackFile } from "./harness";

const stack = "prototype-aws-us-east-1";
installMocks({ stack, region: "us-east-1" });

/** Resource options as the program passed them, by logical name (a root transformation sees them). */
const optsByName = new Map<string, pulumi.CustomResourceOptions>();
const resourcesByName = new Map<string, pulumi.Resource>();

beforeAll(async () => {
  await planStackFile(stack, {
    override: {
      manageApiGatewayAccount: true,
      logging: { retentionDays: 30, customerManagedKey: true },
      providers: { openai: { kind: "openai", apiBase: "https://us.api.openai.com/v1" }, "bedrock-us": { kind: "bedrock", region: "us-east-1" } },
    },
    resourceOptions: {
      transformations: [
        (args) => {
          optsByName.set(args.name, args.opts as pulumi.CustomResourceOptions);
          resourcesByName.set(args.name, args.resource);
          return undefined;
        },
      ],
    },
  });
});

const taskPolicy = () => JSON.parse(one("aws:iam/rolePolicy:RolePolicy", "-gateway-task-policy").inputs.policy);

describe("API Gateway", () => {
  it("redeploys on a hash that covers the gateway key mapping (so the hash is a secret like the key)", () => {
    // The whole map arrives as one secret: it is computed from the secret request parameters.
    const triggers = one("aws:apigateway/deployment:Deployment").inputs.triggers;
    expect(isSecretWrapped(triggers)).toBe(true);
    expect(triggers.value.redeployment).toMatch(/^[0-9a-f]{64}$/);
  });

  it("sets the account's CloudWatch role only after the role's policy is attached, and keeps all three on destroy", () => {
    const account = ofType("aws:apigateway/account:Account");
    expect(account).toHaveLength(1);
    const accountOpts = optsByName.get(account[0]!.name)!;
    const attachment = resourcesByName.get(one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "-api-cloudwatch-managed").name);
    expect(accountOpts.dependsOn).toEqual([attachment]);
    for (const n of [account[0]!.name, "ai-infra-us-east-1-api-cloudwatch-role", "ai-infra-us-east-1-api-cloudwatch-managed"]) {
      expect(optsByName.get(n)?.retainOnDelete, n).toBe(true);
    }
  });
});

describe("gateway task role", () => {
  it("may invoke Bedrock models and inference profiles only in the stack's jurisdiction (us)", () => {
    const bedrock = taskPolicy().Statement.find((s: { Sid: string }) => s.Sid === "InvokeBedrockModels");
    const regions = new Set((bedrock.Resource as string[]).map((arn) => arn.split(":")[3]));
    expect(regions).toEqual(new Set(["us-east-1", "us-east-2", "us-west-1", "us-west-2"]));
    expect(bedrock.Resource).toContain("arn:aws:bedrock:us-west-2::foundation-model/*");
    expect(bedrock.Resource).toContain("arn:aws:bedrock:us-west-2:*:inference-profile/*");
  });
});

describe("request log with a customer-managed key (logging.customerManagedKey)", () => {
  it("encrypts the request log with the stack's rotating key, which the gateway may use", () => {
    const key = one("aws:kms/key:Key", "-request-log-key");
    expect(key.inputs.enableKeyRotation).toBe(true);
    const bucket = one("aws:s3/bucket:Bucket", "-request-log-bucket");
    const sse = ofType("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").find((s) => s.inputs.bucket === bucket.id)!;
    const keyArn = `arn:aws:kms:us-east-1:123456789012:key/${key.id}`;
    expect(sse.inputs.rules[0].applyServerSideEncryptionByDefault).toEqual({ sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn });
    const kms = taskPolicy().Statement.find((s: { Sid: string }) => s.Sid === "UseRequestLogKey");
    expect(kms).toEqual({ Sid: "UseRequestLogKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: keyArn });
  });
});
