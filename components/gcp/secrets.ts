import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { Secret } from "../config/secret";
import { type GcpContext, childOpts } from "./context";
import { gcpName, nameLimits } from "./names";

/**
 * Replication of every secret the kit stores: user-managed, one replica in the stack's region.
 * Automatic replication would copy the value to Google's choice of regions, outside the
 * stack's jurisdiction.
 */
export function regionalReplication(region: string): gcp.types.input.secretmanager.SecretReplication {
  return { userManaged: { replicas: [{ location: region }] } };
}

export interface ProviderSecretsArgs {
  ctx: GcpContext;
  /** Provider name → API key (the stack's `providerKeys`). */
  keys: Record<string, Secret>;
  /** The stack's `deletionProtection`: Pulumi's `protect` and the secret's own `deletionProtection`. */
  protect?: boolean;
}

/**
 * One Secret Manager secret per provider key. The value goes in only as `pulumi.secret(...)`,
 * so it is encrypted in state and never appears in a plaintext input; the gateway reads it by
 * reference (secret + version), never by value.
 */
export class ProviderSecrets extends pulumi.ComponentResource {
  /** Provider name → secret (its `secretId` is what Cloud Run references). */
  readonly secrets: Record<string, gcp.secretmanager.Secret>;
  readonly versions: Record<string, gcp.secretmanager.SecretVersion>;
  /** Provider name → its secret and version together, as the gateway references them. */
  readonly refs: Record<string, { secret: gcp.secretmanager.Secret; version: gcp.secretmanager.SecretVersion }>;

  constructor(name: string, args: ProviderSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:ProviderSecrets", name, {}, opts);
    this.secrets = {};
    this.versions = {};
    this.refs = {};
    for (const [provider, key] of Object.entries(args.keys).sort(([a], [b]) => a.localeCompare(b))) {
      const secret = new gcp.secretmanager.Secret(
        `${name}-${provider}`,
        {
          secretId: gcpName(args.ctx.scope, `key-${provider}`, nameLimits.secret),
          replication: regionalReplication(args.ctx.region),
          labels: { provider: provider.slice(0, 63) },
          deletionProtection: args.protect ?? false,
        },
        childOpts(this, args.ctx, { protect: args.protect }),
      );
      this.secrets[provider] = secret;
      const version = new gcp.secretmanager.SecretVersion(
        `${name}-${provider}-version`,
        { secret: secret.id, secretData: pulumi.secret(key.reveal()) },
        childOpts(this, args.ctx),
      );
      this.versions[provider] = version;
      this.refs[provider] = { secret, version };
    }
    this.registerOutputs({ secretIds: Object.fromEntries(Object.entries(this.secrets).map(([k, s]) => [k, s.secretId])) });
  }
}
