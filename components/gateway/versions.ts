/**
 * The LiteLLM proxy release the kit runs. Pinned to an exact release (never `latest`, never the
 * compromised 1.107.0); the same version is installed from PyPI by the integration tests
 * (requirements/litellm.txt, hash-pinned), so the config the kit renders is proven against the
 * release it deploys.
 *
 * 1.108.7, not the newer 1.109.x/1.110.x: their `proxy` extra pins companion packages
 * (`litellm-proxy-extras` 0.4.113, `litellm-enterprise` 0.1.79.post2, `litellm-proxy`) that the
 * package index does not serve, so `litellm[proxy]` cannot be installed at those versions;
 * 1.108.7 is the newest release whose whole closure resolves.
 */
export const litellmVersion = "1.108.7";

/** The proxy image of that release. No digest is recorded: the registry is not reachable from the
 * kit's build machines to read one; set `imageDigest` below once established. */
export const litellmImage = `ghcr.io/berriai/litellm:v${litellmVersion}`;
export const litellmImageDigest: string | undefined = undefined;

/** The image reference to deploy: by digest when one is known, else by exact tag. */
export function litellmImageRef(): string {
  return litellmImageDigest ? `${litellmImage}@${litellmImageDigest}` : litellmImage;
}
