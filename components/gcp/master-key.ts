import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { type GcpContext, childOpts } from "./context";
import { gcpName, nameLimits } from "./names";
import { regionalReplication } from "./secrets";

export interface GatewayMasterKeyArgs {
  ctx: GcpContext;
  /**
   * The primary region's key value: every region stores the same master key (the global load
   * balancer may send an operator's admin call to any region), each in its own in-region secret.
   * Absent in the primary region, which generates it.
   */
  shared?: pulumi.Input<string>;
  /** The stack's `deletionProtection`: Pulumi's `protect` and the secret's own `deletionProtection`. */
  protect?: boolean;
}

/**
 * LiteLLM's master key on GCP, in Secret Manager (as `GatewayMasterKey` does on AWS): generated once per
 * stack by the primary region, stored in every region's own secret (user-managed replication in
 * that region: the value never leaves the jurisdiction). Cloud Run reads it by reference, the
 * async worker reads it from the secret, `npm run keys` reads it with the operator's credentials.
 * It never reaches a caller: callers hold LiteLLM virtual keys. The value exists in Pulumi only as
 * a secret output.
 */
export class GatewayMasterKey extends pulumi.ComponentResource {
  readonly secret: gcp.secretmanager.Secret;
  readonly version: gcp.secretmanager.SecretVersion;
  /** The key itself (`sk-…`), as a Pulumi secret. */
  readonly value: pulumi.Output<string>;

  constructor(name: string, args: GatewayMasterKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:GatewayMasterKey", name, {}, opts);
    const { ctx } = args;
    if (args.shared) {
      this.value = pulumi.secret(args.shared);
    } else {
      // Letters and digits: the value travels in an `Authorization: Bearer` header.
      const generated = new random.RandomPassword(`${name}-value`, { length: 48, special: false }, { parent: this });
      // LiteLLM refuses a master key without the `sk-` prefix (proxy_server.py of the pinned release, `litellmVersion`).
      this.value = pulumi.secret(pulumi.interpolate`sk-${generated.result}`);
    }
    this.secret = new gcp.secretmanager.Secret(
      `${name}-secret`,
      { secretId: gcpName(ctx.scope, "gateway-master-key", nameLimits.secret), replication: regionalReplication(ctx.region), deletionProtection: args.protect ?? false },
      childOpts(this, ctx, { protect: args.protect }),
    );
    this.version = new gcp.secretmanager.SecretVersion(`${name}-secret-version`, { secret: this.secret.id, secretData: this.value }, childOpts(this, ctx));
    this.registerOutputs({ secret: this.secret.id });
  }
}
