/**
 * The LiteLLM proxy release the kit runs. Pinned to an exact release (never `latest`, never the
 * compromised 1.107.0); the same version is installed from PyPI by the integration tests, so the
 * config the kit renders is proven against the release it deploys.
 */
export const litellmVersion = "1.109.3";

/** The proxy image of that release. No digest is recorded: the registry is not reachable from the
 * kit's build machines to read one; set `imageDigest` below once established. */
export const litellmImage = `ghcr.io/berriai/litellm:v${litellmVersion}`;
export const litellmImageDigest: string | undefined = undefined;

/** The image reference to deploy: by digest when one is known, else by exact tag. */
export function litellmImageRef(): string {
  return litellmImageDigest ? `${litellmImage}@${litellmImageDigest}` : litellmImage;
}
