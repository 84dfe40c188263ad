/**
 * A Kubernetes node as kube-prometheus scrapes it, built around the scenario generator's containers
 * (src/scenarios/generator.ts): the kubelet's cAdvisor endpoint (`job="kubelet"`,
 * `metrics_path="/metrics/cadvisor"`), its `/metrics/resource` twin, kube-state-metrics and
 * node_exporter, as sample series ready for backfilling.
 *
 * Beside each container a real kubelet exports series the dashboards must not count:
 * - the pod-level cgroup (`container=""`, `image=""`), which sums the pod's containers;
 * - the sandbox ("pause") container: `container=""` with a pause image (containerd), or
 *   `container="POD"` (dockershim);
 * - after a restart the old container's series just stops (explicit timestamps, no staleness
 *   marker) and a new one with another `id` starts (the generator's `restart` scenario);
 * - `container_memory_working_set_bytes` again from `/metrics/resource`, labelled container, pod and
 *   namespace only (plus the scrape target's labels), read at another instant, so a few MiB off.
 */
import {
  type Scenario,
  type ScenarioName,
  type ScenarioOptions,
  generateScenario,
} from '../../../src/scenarios/generator';
import type { Labels } from '../../../src/analysis/types';
import type { SampleSeries } from './openmetrics';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

export const NODE = 'node-1';
/** kube-prometheus's kubelet ServiceMonitor adds these target labels. */
const KUBELET_TARGET = { service: 'kubelet', endpoint: 'https-metrics' };
const KSM_TARGET = { job: 'kube-state-metrics', instance: '10.0.2.5:8080' };
/** node_exporter through kube-rbac-proxy; instance relabelled to the node name. */
const NODE_EXPORTER_TARGET = {
  job: 'node-exporter',
  service: 'node-exporter',
  endpoint: 'https',
  namespace: 'monitoring',
  pod: 'node-exporter-7x2bq',
  container: 'kube-rbac-proxy',
  instance: NODE,
};

export interface ClusterPod {
  scenario: Scenario;
  namespace: string;
  pod: string;
  container: string;
  sandbox: 'containerd' | 'dockershim';
  limitBytes: number;
  requestBytes: number;
}

export interface Cluster {
  pods: ClusterPod[];
  /** The node_exporter scenario, relabelled as kube-prometheus scrapes it. */
  node: Scenario;
  series: SampleSeries[];
  startMs: number;
  endMs: number;
  stepMs: number;
}

function byMetric(series: SampleSeries[]): Map<string, SampleSeries[]> {
  const m = new Map<string, SampleSeries[]>();
  for (const s of series) {
    const list = m.get(s.labels.__name__) ?? [];
    list.push(s);
    m.set(s.labels.__name__, list);
  }
  return m;
}

/** The sandbox and pod-level cgroups of a pod whose only container is `lifetimes` (one series per lifetime). */
function podCgroups(pod: ClusterPod, metrics: Map<string, SampleSeries[]>, axis: number[]): SampleSeries[] {
  const first = metrics.get('container_memory_usage_bytes')![0].labels;
  const uid = /pod([0-9a-f-]+)/.exec(first.id)?.[1] ?? 'unknown';
  const podSlice = `/kubepods/burstable/pod${uid}`;
  const target = {
    job: first.job,
    metrics_path: first.metrics_path,
    instance: first.instance,
    node: first.node,
    ...KUBELET_TARGET,
  };
  const where = { namespace: pod.namespace, pod: pod.pod };
  const sandboxId = `${uid.replace(/-/g, '').slice(0, 12)}5a4db0c0ffee`;
  const sandboxLabels: Labels =
    pod.sandbox === 'dockershim'
      ? {
          container: 'POD',
          image: 'k8s.gcr.io/pause:3.6',
          name: `k8s_POD_${pod.pod}_${pod.namespace}_${uid}_0`,
          id: `${podSlice}/${sandboxId}`,
        }
      : { container: '', image: 'registry.k8s.io/pause:3.9', name: sandboxId, id: `${podSlice}/${sandboxId}` };
  // A pause process: ~0.5 MiB of anonymous memory, a little page cache and kernel memory.
  const sandboxValue: Record<string, number> = {
    container_memory_usage_bytes: 1_056_768,
    container_memory_working_set_bytes: 954_368,
    container_memory_rss: 532_480,
    container_memory_cache: 204_800,
    container_memory_kernel_usage: 319_488,
    container_memory_total_active_file_bytes: 102_400,
    container_memory_total_inactive_file_bytes: 102_400,
    container_spec_memory_limit_bytes: 0,
  };
  const out: SampleSeries[] = [];
  for (const [metric, lifetimes] of metrics) {
    const sandbox = sandboxValue[metric];
    out.push({
      labels: { __name__: metric, ...target, ...where, ...sandboxLabels },
      times: axis,
      values: axis.map(() => sandbox),
    });
    // Pod level: the container (whichever lifetime is scraped at that instant) plus the sandbox.
    const times: number[] = [];
    const values: number[] = [];
    for (const s of lifetimes) {
      for (let i = 0; i < s.times.length; i++) {
        times.push(s.times[i]);
        values.push(metric === 'container_spec_memory_limit_bytes' ? pod.limitBytes : s.values[i] + sandbox);
      }
    }
    const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b]);
    out.push({
      labels: { __name__: metric, ...target, ...where, container: '', image: '', name: '', id: podSlice },
      times: order.map((i) => times[i]),
      values: order.map((i) => values[i]),
    });
  }
  for (const s of metrics.get('container_memory_working_set_bytes')!) {
    out.push({
      labels: {
        __name__: 'container_memory_working_set_bytes',
        ...target,
        metrics_path: '/metrics/resource',
        ...where,
        container: pod.container,
      },
      times: s.times,
      values: Array.from(s.values, (v, i) => v + (i % 2 ? 3 : -3) * MiB),
    });
  }
  return out;
}

function ksmSeries(pod: ClusterPod, uid: string, axis: number[]): SampleSeries[] {
  const labels = { ...KSM_TARGET, namespace: pod.namespace, pod: pod.pod, container: pod.container, node: NODE, uid };
  const flat = (name: string, resource: string, unit: string, value: number): SampleSeries => ({
    labels: { __name__: name, ...labels, resource, unit },
    times: axis,
    values: axis.map(() => value),
  });
  return [
    flat('kube_pod_container_resource_limits', 'memory', 'byte', pod.limitBytes),
    flat('kube_pod_container_resource_limits', 'cpu', 'core', 1),
    flat('kube_pod_container_resource_requests', 'memory', 'byte', pod.requestBytes),
    flat('kube_pod_container_resource_requests', 'cpu', 'core', 0.25),
  ];
}

export interface ClusterOptions extends Pick<ScenarioOptions, 'seed' | 'days' | 'stepMs' | 'startMs'> {
  /** Container scenarios, one pod each. */
  containers: ScenarioName[];
  /** The node_exporter scenario of the node. */
  node: ScenarioName;
  /** Pods whose sandbox is labelled dockershim-style (`container="POD"`). */
  dockershim?: ScenarioName[];
}

export function buildCluster(options: ClusterOptions): Cluster {
  const { containers, node: nodeScenario, dockershim = [], ...scenarioOptions } = options;
  const pods: ClusterPod[] = [];
  const series: SampleSeries[] = [];
  let axis: number[] = [];
  for (const name of containers) {
    const scenario = generateScenario(name, { ...scenarioOptions, target: 'container' });
    axis = Array.from(
      { length: Math.round((scenario.endMs - scenario.startMs) / scenario.stepMs) + 1 },
      (_, i) => scenario.startMs + i * scenario.stepMs
    );
    const labels = scenario.series[0].labels;
    const pod: ClusterPod = {
      scenario,
      namespace: labels.namespace,
      pod: labels.pod,
      container: labels.container,
      sandbox: dockershim.includes(name) ? 'dockershim' : 'containerd',
      limitBytes: scenario.series.find((s) => s.labels.__name__ === 'container_spec_memory_limit_bytes')!.values[0],
      requestBytes: 512 * MiB,
    };
    pods.push(pod);
    const own = scenario.series.map((s) => ({ ...s, labels: { ...s.labels, ...KUBELET_TARGET } }));
    series.push(...own);
    series.push(...podCgroups(pod, byMetric(own), axis));
    series.push(...ksmSeries(pod, /pod([0-9a-f-]+)/.exec(labels.id)?.[1] ?? '', axis));
  }
  const node = generateScenario(nodeScenario, { ...scenarioOptions, target: 'node' });
  for (const s of node.series) {
    series.push({ ...s, labels: { __name__: s.labels.__name__, ...NODE_EXPORTER_TARGET } });
  }
  return { pods, node, series, startMs: node.startMs, endMs: node.endMs, stepMs: node.stepMs };
}
