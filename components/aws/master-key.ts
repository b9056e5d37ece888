import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renamedFrom } from "../platform/renames";
import * as random from "@pulumi/random";

export interface GatewayMasterKeyArgs {
  /** Days a deleted secret can still be restored; 7–30 (AWS limits). */
  recoveryWindowInDays: pulumi.Input<number>;
}

/** `Bearer <key>` as API Gateway's integration sends it: a static header value is quoted. */
export function bearerHeaderValue(key: string): string {
  return `'Bearer ${key}'`;
}

/**
 * The LLM gateway's own key (LiteLLM's master key), generated here and kept in Secrets Manager.
 * The gateway and the async worker read it from there as ECS `secrets`; API Gateway's integration
 * sends it on every request it forwards. The value exists in Pulumi only as a secret output.
 */
export class GatewayMasterKey extends pulumi.ComponentResource {
  readonly secretArn: pulumi.Output<string>;
  /** The key itself, as a Pulumi secret. */
  readonly value: pulumi.Output<string>;

  constructor(name: string, args: GatewayMasterKeyArgs, opts: pulumi.ComponentResourceOptions) {
    // Formerly `GatewayKey`: the alias keeps every URN.
    super("ai-infra:aws:GatewayMasterKey", name, {}, renamedFrom("ai-infra:aws:GatewayKey", opts));
    const o = { parent: this, provider: opts.provider };
    // Letters and digits only: the value travels inside a quoted header mapping expression.
    const key = new random.RandomPassword(`${name}-value`, { length: 48, special: false }, { parent: this });
    const secret = new aws.secretsmanager.Secret(
      `${name}-secret`,
      { description: "Key of the LLM gateway (LiteLLM master key), sent by API Gateway and the async worker", recoveryWindowInDays: args.recoveryWindowInDays },
      o,
    );
    // One value for every consumer: LiteLLM compares the master key byte for byte with the bearer
    // token, and refuses a master key without the `sk-` prefix, so the secret holds the full
    // `sk-…` string that API Gateway and the worker send.
    this.value = pulumi.secret(pulumi.interpolate`sk-${key.result}`);
    new aws.secretsmanager.SecretVersion(`${name}-secret-value`, { secretId: secret.id, secretString: this.value }, o);
    this.secretArn = secret.arn;
    this.registerOutputs({ secretArn: this.secretArn });
  }
}
