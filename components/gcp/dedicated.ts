import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { VertexDedicated } from "../config/model";
import { isHuggingFaceModel } from "../config/facts/dedicated";
import { type GcpContext, childOpts } from "./context";
import { gcpName } from "./names";

export interface DedicatedEndpointArgs {
  ctx: GcpContext;
  dedicated: VertexDedicated;
}

/** The permission the gateway needs on the endpoint, and nothing else: a prediction (chat completions included). */
export const endpointInvokePermissions = ["aiplatform.endpoints.predict"] as const;

/**
 * The base URL the gateway calls: the endpoint's dedicated DNS name
 * (`https://<endpoint>.<region>-<project number>.prediction.vertexai.goog`, the format the pinned
 * provider documents for `AiEndpoint.dedicatedEndpointDns`) and the endpoint's path. LiteLLM
 * appends `/chat/completions`.
 */
export function dedicatedEndpointUrl(endpointId: string, region: string, project: string, projectNumber: string): string {
  return `https://${endpointId}.${region}-${projectNumber}.prediction.vertexai.goog/v1beta1/projects/${project}/locations/${region}/endpoints/${endpointId}`;
}

/**
 * A Model Garden model deployed on a dedicated Vertex AI endpoint: the deployment on its own
 * machines (`machineType` with its accelerators, `minReplicas`–`maxReplicas`), the endpoint
 * reachable only on its dedicated DNS name, and a custom role holding only the prediction
 * permission, granted to the gateway on this endpoint alone (`grantInvoke`).
 * https://www.pulumi.com/registry/packages/gcp/api-docs/vertex/aiendpointwithmodelgardendeployment/
 * https://www.pulumi.com/registry/packages/gcp/api-docs/vertex/aiendpointiammember/
 * Regions: https://cloud.google.com/vertex-ai/docs/general/locations (the facts table, rules/dedicated-vertex-shape.ts).
 * Names: a custom role id is 3–64 letters, digits, `_` and `.` (https://cloud.google.com/iam/docs/creating-custom-roles);
 * the endpoint's display name is capped at 63 here, no auto-name suffix is added to either.
 * IAM: `aiplatform.endpoints.predict` is the prediction permission (https://cloud.google.com/vertex-ai/docs/general/access-control);
 * the grant names the endpoint, so it is created after it (Pulumi orders it by that input).
 */
export class DedicatedEndpoint extends pulumi.ComponentResource {
  /** The endpoint's id (the last segment of its resource name). */
  readonly endpointId: pulumi.Output<string>;
  /** What the gateway's variable holds (`dedicatedEnv`). */
  readonly url: pulumi.Output<string>;
  private readonly role: gcp.projects.IAMCustomRole;
  private readonly ctx: GcpContext;
  private readonly name: string;
  private readonly location: string;

  constructor(name: string, args: DedicatedEndpointArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:DedicatedEndpoint", name, {}, opts);
    const { ctx, dedicated: d } = args;
    this.ctx = ctx;
    this.name = name;
    this.location = d.region;
    const o = childOpts(this, ctx);
    const deployment = new gcp.vertex.AiEndpointWithModelGardenDeployment(
      `${name}-deployment`,
      {
        project: ctx.gcpProject,
        location: d.region,
        ...(isHuggingFaceModel(d.model) ? { huggingFaceModelId: d.model } : { publisherModelName: d.model }),
        // Model Garden asks the deploying identity to accept the model's licence.
        modelConfig: { acceptEula: true },
        endpointConfig: { dedicatedEndpointEnabled: true, endpointDisplayName: gcpName(ctx.scope, `dedicated-${d.group}`, 63) },
        deployConfig: {
          dedicatedResources: {
            machineSpec: { machineType: d.machineType, acceleratorType: d.acceleratorType, acceleratorCount: d.acceleratorCount },
            minReplicaCount: d.minReplicas,
            maxReplicaCount: d.maxReplicas,
          },
        },
      },
      o,
    );
    // `endpoint` is the resource name's last segment or the whole name, depending on the API's answer.
    this.endpointId = deployment.endpoint.apply((e) => e.split("/").pop() ?? e);
    const project = gcp.organizations.getProjectOutput({ projectId: ctx.gcpProject }, { parent: this, provider: ctx.provider });
    this.url = pulumi.all([this.endpointId, project.number]).apply(([id, number]) => dedicatedEndpointUrl(id, d.region, ctx.gcpProject, number));
    this.role = new gcp.projects.IAMCustomRole(
      `${name}-invoke-role`,
      {
        project: ctx.gcpProject,
        // Role ids: letters, digits, '_' and '.', 3–64 characters.
        roleId: gcpName(ctx.scope, `dedicated_${d.group}`, 64, "_").replace(/-/g, "_"),
        title: `ai-infra: predict on the dedicated endpoint of ${d.group}`,
        permissions: [...endpointInvokePermissions],
      },
      o,
    );
    this.registerOutputs({ endpointId: this.endpointId, url: this.url });
  }

  /** The gateway of `region` (its service account) may predict on this endpoint, and on no other. */
  grantInvoke(region: string, member: pulumi.Input<string>): gcp.vertex.AiEndpointIamMember {
    return new gcp.vertex.AiEndpointIamMember(
      `${this.name}-invoker-${region}`,
      { project: this.ctx.gcpProject, location: this.location, endpoint: this.endpointId, role: this.role.name, member },
      childOpts(this, this.ctx),
    );
  }
}
