/**
 * Container image references: `[registry/]repository[:tag][@sha256:<64 hex>]`. A deploy must name
 * exactly what runs: an exact version tag (not a moving alias), and when a digest is given it must
 * be a well-formed sha256 digest, since the runtime would otherwise fail late or pull something else.
 */
export interface ImageRef {
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImage(ref: string): ImageRef {
  const at = ref.indexOf("@");
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  // A colon after the last slash separates the tag; one before it is a registry port.
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > slash) return { repository: rest.slice(0, colon), tag: rest.slice(colon + 1), ...(digest === undefined ? {} : { digest }) };
  return { repository: rest, ...(digest === undefined ? {} : { digest }) };
}

/** Tags that name a release train rather than a release. */
const floatingTags = /^(latest|stable|main|master|nightly|edge|dev|head|release|lts|current)$/i;

/** An exact version: a `1.2` or `1.2.3` version somewhere in the tag (`v1.109.3`, `main-v1.74.9-stable`, `1.5.2-alpine`). */
const versioned = /(^|[^0-9.])v?\d+\.\d+(\.\d+)?([^0-9.]|$)/;

export const digestPattern = /^sha256:[0-9a-f]{64}$/;

/** Why an image reference is not pinned, or undefined when it is. */
export function imagePinProblem(ref: string): string | undefined {
  const img = parseImage(ref.trim());
  if (img.digest !== undefined && !digestPattern.test(img.digest)) {
    return `has a malformed digest '${img.digest}' (expected sha256: and 64 lower-case hex digits)`;
  }
  if (img.tag === undefined || img.tag === "") return img.digest ? undefined : "has no tag (resolves to 'latest')";
  if (floatingTags.test(img.tag)) return `uses the moving tag '${img.tag}'`;
  if (!versioned.test(img.tag)) return `uses tag '${img.tag}', which is not an exact version`;
  return undefined;
}
