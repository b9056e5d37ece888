import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { kubePrometheusStackChart } from "./versions";

export const prometheusNamespace = "monitoring";

/** Query address of the operator's Prometheus (the operator names its Service `prometheus-operated`). */
export const inClusterPrometheusUrl = `http://prometheus-operated.${prometheusNamespace}.svc:9090`;

/**
 * Values of kube-prometheus-stack cut down to what autoscaling needs: the operator (for the
 * chart's PodMonitor) and one Prometheus that selects every PodMonitor in the cluster, with a short
 * retention — KEDA reads the last minutes, dashboards live elsewhere. Grafana, Alertmanager,
 * exporters and control-plane scrapes (not reachable on EKS) are off.
 */
export function renderPrometheusValues(): Record<string, unknown> {
  const system = { "ai-infra/workload": "system" };
  return {
    defaultRules: { create: false },
    alertmanager: { enabled: false },
    grafana: { enabled: false },
    nodeExporter: { enabled: false },
    kubeStateMetrics: { enabled: false },
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    prometheusOperator: { nodeSelector: system },
    prometheus: {
      prometheusSpec: {
        podMonitorSelectorNilUsesHelmValues: false,
        serviceMonitorSelectorNilUsesHelmValues: false,
        retention: "2d",
        resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "2Gi" } },
        nodeSelector: system,
      },
    },
  };
}

export interface InClusterPrometheusArgs {
  provider: k8s.Provider;
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Prometheus operator + one Prometheus from the pinned kube-prometheus-stack chart. */
export class InClusterPrometheus extends pulumi.ComponentResource {
  readonly release: k8s.helm.v3.Release;
  readonly url = inClusterPrometheusUrl;

  constructor(name: string, args: InClusterPrometheusArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:kubernetes:InClusterPrometheus", name, {}, opts);
    this.release = new k8s.helm.v3.Release(
      `${name}-release`,
      {
        name: "prometheus",
        chart: kubePrometheusStackChart.chart,
        version: kubePrometheusStackChart.version,
        repositoryOpts: { repo: kubePrometheusStackChart.repo },
        namespace: prometheusNamespace,
        createNamespace: true,
        values: renderPrometheusValues(),
        timeout: 600,
      },
      { parent: this, provider: args.provider, dependsOn: args.dependsOn },
    );
    this.registerOutputs({ url: this.url });
  }
}
