import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { type GcpContext, childOpts } from "./context";

/** What a region builds that needs an API beyond the prototype's. */
export interface ServiceNeeds {
  cache: boolean;
  queue: boolean;
  budgets: boolean;
  cluster?: boolean;
  keys?: boolean;
  /** A dedicated Vertex AI endpoint (`dedicated`). */
  vertex?: boolean;
}

/** The Google APIs a region needs, by what it builds. Pure: the list is what the tests check. */
export function requiredServices(needs: ServiceNeeds): string[] {
  const services = [
    "run.googleapis.com",
    "artifactregistry.googleapis.com",
    "iam.googleapis.com",
    // Project IAM grants (gcp.projects.IAMMember) read and set the project's policy through it.
    "cloudresourcemanager.googleapis.com",
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
    // The front door: global load balancer, serverless NEGs, Cloud Armor, managed certificates.
    "compute.googleapis.com",
    "bigquery.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
  ];
  if (needs.cache) services.push("redis.googleapis.com");
  // The worker's autoscaler (CREMA) keeps its config in Parameter Manager and is ticked by Cloud Scheduler.
  if (needs.queue) services.push("pubsub.googleapis.com", "parametermanager.googleapis.com", "cloudscheduler.googleapis.com");
  if (needs.budgets) services.push("billingbudgets.googleapis.com", "bigquerydatatransfer.googleapis.com");
  // GKE (Compute, for its nodes, subnetwork, router and NAT, is on for the front door).
  if (needs.cluster) services.push("container.googleapis.com");
  // The keys database: Cloud SQL, and private services access (Service Networking) it gets its
  // private IP from, in the VPC (Compute) (https://cloud.google.com/sql/docs/postgres/configure-private-ip).
  if (needs.keys) services.push("compute.googleapis.com", "sqladmin.googleapis.com", "servicenetworking.googleapis.com");
  if (needs.vertex) services.push("aiplatform.googleapis.com");
  return [...new Set(services)];
}

/** A short stable role for a service's child name: `run.googleapis.com` → `run`. */
export function serviceRole(service: string): string {
  return service.replace(/\.googleapis\.com$/, "").replace(/[^a-z0-9]+/g, "-");
}

/** The APIs to enable (see `requiredServices`) in the context's project; none is ever disabled. */
export interface ProjectServicesArgs {
  ctx: GcpContext;
  needs: ServiceNeeds;
}

/**
 * Enables the APIs the region uses. Enabling is project-wide and idempotent; each region keeps
 * its own resources (so a region can be added or removed on its own) and none ever disables an
 * API on destroy, which would break whatever else in the project uses it.
 */
export class ProjectServices extends pulumi.ComponentResource {
  readonly services: gcp.projects.Service[];

  constructor(name: string, args: ProjectServicesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:ProjectServices", name, {}, opts);
    this.services = requiredServices(args.needs).map(
      (service) =>
        new gcp.projects.Service(
          `${name}-${serviceRole(service)}`,
          { project: args.ctx.gcpProject, service, disableOnDestroy: false, disableDependentServices: false },
          childOpts(this, args.ctx),
        ),
    );
    this.registerOutputs({ services: this.services.map((s) => s.service) });
  }
}
