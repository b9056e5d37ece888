/**
 * Facts about Pulumi itself that the spec, the components and the planner's fakes share.
 *
 * Auto-naming — checked 2026-11-30 against
 *   https://www.pulumi.com/docs/iac/concepts/resources/names/ (logical name + random suffix) and the
 *   source of the Terraform bridge every `@pulumi/aws` and `@pulumi/gcp` resource uses
 *   (pulumi/pulumi-terraform-bridge `pkg/tfbridge/names.go`: `AutoName`/`AutoNameTransform` use
 *   separator "-" and `Randlen: 7`; `ComputeAutoNameDefault` calls pulumi/pulumi
 *   `sdk/go/common/resource/properties.go` `NewUniqueName(seed, name + "-", 7, maxlen, hex)`).
 *   `NewUniqueName` does NOT truncate: when `name-` plus 7 characters exceeds the resource's
 *   maximum length, the provider fails the preview with "name '<name>-' plus 7 random chars is
 *   longer than maximum length <n>". The suffix characters are `[0-9a-f]`.
 */

/** Characters Pulumi adds to a logical name when it auto-names: "-" and 7 hex digits. */
export const autoNameSuffixLength = 8;
export const autoNameRandomLength = 7;

/**
 * The physical name Pulumi's auto-naming gives a resource: `<logical>-<7 hex>`. `random7` stands
 * for the provider's random characters (the planner passes a hash so plans are reproducible).
 * With `maxLength`, throws what the provider would report instead of returning a name it never makes.
 */
export function pulumiAutoName(logicalName: string, random7: string, maxLength?: number): string {
  const suffix = random7.toLowerCase().replace(/[^0-9a-f]/g, "0").padEnd(autoNameRandomLength, "0").slice(0, autoNameRandomLength);
  const name = `${logicalName}-${suffix}`;
  if (maxLength !== undefined && name.length > maxLength) {
    throw new Error(`name '${logicalName}-' plus ${autoNameRandomLength} random chars is longer than maximum length ${maxLength}`);
  }
  return name;
}

/** Room left for a logical name under a provider maximum once the auto-name suffix is added. */
export function logicalNameRoom(maxLength: number): number {
  return maxLength - autoNameSuffixLength;
}

/** Requests per second one LiteLLM worker process carried on one core (bench/README.md, "gateway", 2026-11-26). */
export const gatewayRequestsPerCore = 75;
