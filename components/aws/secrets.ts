import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Secret } from "../config/secret";

export interface ProviderSecretsArgs {
  /** Provider name → API key (the stack's `providerKeys`), revealed only into `pulumi.secret`. */
  keys: Record<string, Secret>;
  /** Days a deleted secret can still be restored; 7–30 (AWS limits). */
  recoveryWindowInDays: pulumi.Input<number>;
}

/** Logical role of a provider's secret; a provider name is already a DNS-safe label. */
export function providerSecretRole(provider: string): string {
  return `key-${provider}`;
}

/**
 * One Secrets Manager secret per provider key. The value enters Pulumi only through
 * `pulumi.secret(...)`, so it is encrypted in state, and leaves AWS only into the gateway
 * container's environment via ECS `secrets` (the task definition holds the ARN, never the key).
 */
export class ProviderSecrets extends pulumi.ComponentResource {
  /** Provider name → secret ARN. */
  readonly arns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: ProviderSecretsArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:ProviderSecrets", name, {}, opts);
    const o = { parent: this, provider: opts.provider };
    this.arns = {};
    for (const [provider, key] of Object.entries(args.keys).sort(([a], [b]) => a.localeCompare(b))) {
      const role = providerSecretRole(provider);
      const secret = new aws.secretsmanager.Secret(
        `${name}-${role}`,
        {
          description: `API key of LLM provider '${provider}' (from ${key.source})`,
          recoveryWindowInDays: args.recoveryWindowInDays,
        },
        o,
      );
      new aws.secretsmanager.SecretVersion(
        `${name}-${role}-value`,
        { secretId: secret.id, secretString: pulumi.secret(key.reveal()) },
        o,
      );
      this.arns[provider] = secret.arn;
    }
    this.registerOutputs({ arns: this.arns });
  }
}
