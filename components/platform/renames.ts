import type * as pulumi from "@pulumi/pulumi";

/**
 * A renamed component's options: its former type token as an alias, merged with the caller's
 * aliases, so the engine treats the renamed component, and through parent alias inheritance every
 * child, as the resources it already has (https://www.pulumi.com/docs/iac/concepts/options/aliases/).
 * `test/platform/urn-stability.test.ts` holds every example's earlier URNs to it.
 */
export function renamedFrom<T extends pulumi.ComponentResourceOptions>(oldType: string, opts?: T): T {
  return { ...(opts ?? ({} as T)), aliases: [...(opts?.aliases ?? []), { type: oldType }] };
}
