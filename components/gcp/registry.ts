import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { type GcpContext, childOpts } from "./context";
import { gcpName, nameLimits } from "./names";

/**
 * Cloud Run pulls only from Artifact Registry (and Docker Hub), not from ghcr.io where LiteLLM
 * publishes. A remote repository in the stack's region proxies the upstream registry: the
 * pinned image is fetched once, cached in-region, and served to Cloud Run from there.
 */
export function mirroredImageRef(upstreamRef: string, repositoryUrl: string): string {
  const slash = upstreamRef.indexOf("/");
  const host = slash > 0 ? upstreamRef.slice(0, slash) : "";
  // A first segment with a dot or a colon is a registry host (docker reference grammar).
  const path = host.includes(".") || host.includes(":") ? upstreamRef.slice(slash + 1) : upstreamRef;
  return `${repositoryUrl}/${path}`;
}

/** The `docker.pkg.dev` URL of a repository. */
export function repositoryUrl(region: string, gcpProject: string, repositoryId: string): string {
  return `${region}-docker.pkg.dev/${gcpProject}/${repositoryId}`;
}

/** The registry host of an image reference (`ghcr.io` for `ghcr.io/berriai/litellm:v1`). */
export function upstreamRegistry(upstreamRef: string): string {
  const first = upstreamRef.split("/")[0]!;
  return first.includes(".") || first.includes(":") ? first : "registry-1.docker.io";
}

export interface ImageMirrorArgs {
  ctx: GcpContext;
  /** Upstream image, e.g. `ghcr.io/berriai/litellm:v1.109.3`. */
  upstreamImage: string;
}

/** A remote Artifact Registry repository caching one upstream registry in the region. */
export class ImageMirror extends pulumi.ComponentResource {
  readonly repository: gcp.artifactregistry.Repository;
  /** The image as Cloud Run pulls it, through the mirror. */
  readonly image: pulumi.Output<string>;

  constructor(name: string, args: ImageMirrorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:ImageMirror", name, {}, opts);
    const { ctx } = args;
    const repositoryId = gcpName(ctx.scope, "mirror", nameLimits.repository);
    this.repository = new gcp.artifactregistry.Repository(
      `${name}-repository`,
      {
        repositoryId,
        location: ctx.region,
        format: "DOCKER",
        mode: "REMOTE_REPOSITORY",
        description: `Cache of ${upstreamRegistry(args.upstreamImage)} for the ai-infra gateway`,
        remoteRepositoryConfig: {
          description: upstreamRegistry(args.upstreamImage),
          dockerRepository: { customRepository: { uri: `https://${upstreamRegistry(args.upstreamImage)}` } },
        },
      },
      childOpts(this, ctx),
    );
    this.image = this.repository.repositoryId.apply((id) =>
      mirroredImageRef(args.upstreamImage, repositoryUrl(ctx.region, ctx.gcpProject, id)),
    );
    this.registerOutputs({ image: this.image });
  }
}
