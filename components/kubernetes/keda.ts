import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/regions";
import { kedaNamespace } from "./naming";
import { kedaChart } from "./versions";

/** The KEDA operator's cloud identity: an IRSA role (aws) or a Google service account (gcp). */
export interface KedaIdentity {
  cloud: Cloud;
  /** Role ARN (aws) or service-account e-mail (gcp). */
  identity: string;
}

/**
 * Values of the KEDA chart. The operator gets a cloud identity so that TriggerAuthentications use
 * `podIdentity` and no static credentials exist anywhere: on AWS the chart annotates the
 * `keda-operator` ServiceAccount with the IRSA role (which then assumes each release's role,
 * `identityOwner: workload`); on GCP with the Google service account that reads Pub/Sub backlog
 * and Managed Prometheus through Cloud Monitoring.
 */
export function renderKedaValues(id: KedaIdentity): Record<string, unknown> {
  const podIdentity =
    id.cloud === "aws"
      ? { aws: { irsa: { enabled: true, roleArn: id.identity } } }
      : { gcp: { enabled: true, gcpIAMServiceAccount: id.identity } };
  return {
    podIdentity,
    // Keep the operator off GPU nodes (they are tainted anyway) and on the always-on system pool.
    nodeSelector: { "ai-infra/workload": "system" },
  };
}

export interface KedaArgs {
  provider: k8s.Provider;
  cloud: Cloud;
  identity: pulumi.Input<string>;
  /** What the operator needs first (nodes to run on); passed to the release, since a component's own dependsOn does not reach its children. */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** KEDA from its official chart at a pinned version, in its own namespace. */
export class Keda extends pulumi.ComponentResource {
  readonly release: k8s.helm.v3.Release;
  readonly namespace: string = kedaNamespace;

  constructor(name: string, args: KedaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:kubernetes:Keda", name, {}, opts);
    this.release = new k8s.helm.v3.Release(
      `${name}-release`,
      {
        // A fixed release name keeps the operator's ServiceAccount `keda-operator`, which the
        // cloud identities trust by exact name.
        name: "keda",
        chart: kedaChart.chart,
        version: kedaChart.version,
        repositoryOpts: { repo: kedaChart.repo },
        namespace: kedaNamespace,
        createNamespace: true,
        values: pulumi.output(args.identity).apply((identity) => renderKedaValues({ cloud: args.cloud, identity })),
        timeout: 600,
        atomic: true,
      },
      { parent: this, provider: args.provider, dependsOn: args.dependsOn },
    );
    this.registerOutputs({ releaseStatus: this.release.status });
  }
}
