/**
 * The PromQL the dashboards share: DOMAIN.md's cAdvisor filters, the variables every Kubernetes
 * dashboard chains (cluster → node → namespace → pod → container), and the deduplication by
 * container. One place, so the panels, the variables and the annotation queries cannot disagree.
 */

/**
 * Container cgroups only (the pod-level cgroup has container="", the pause container no image), and
 * not the kubelet's /metrics/resource twin of the working set.
 */
export const CADVISOR_FILTER = 'container!="", image!="", metrics_path!="/metrics/resource"';

/** What identifies a container; the aggregation every container query ends with. */
export const BY_CONTAINER = 'namespace, pod, container';

/** `$cluster` matches series without the label too (its "All" is `.*`): single-cluster setups work. */
export const SCOPE = {
  cluster: 'cluster=~"$cluster"',
  node: 'node=~"$node"',
  namespace: 'namespace=~"$namespace"',
  pod: 'pod=~"$pod"',
  container: 'container=~"$container"',
} as const;
export type ScopeLevel = keyof typeof SCOPE;

/** The scope of the container dashboard, and the team overview's (a namespace). */
export const CONTAINER_SCOPE: ScopeLevel[] = ['cluster', 'node', 'namespace', 'pod', 'container'];
export const NAMESPACE_SCOPE: ScopeLevel[] = ['cluster', 'namespace'];

export function selector(metric: string, matchers: string[]): string {
  return matchers.length ? `${metric}{${matchers.join(', ')}}` : metric;
}

/** A cAdvisor metric with the filters and the scope's variables. */
export function cadvisor(metric: string, scope: ScopeLevel[], extra: string[] = []): string {
  return selector(metric, [CADVISOR_FILTER, ...extra, ...scope.map((l) => SCOPE[l])]);
}

/** A kube-state-metrics metric in the scope. */
export function ksm(metric: string, scope: ScopeLevel[], extra: string[] = []): string {
  return selector(metric, [...extra, ...scope.map((l) => SCOPE[l])]);
}

/** `max by (namespace, pod, container) (…)`: a restarted container's lingering series is never summed. */
export function perContainer(expr: string): string {
  return `max by (${BY_CONTAINER}) (${expr})`;
}

export const rate = (expr: string) => `rate(${expr}[$__rate_interval])`;
export const increase = (expr: string) => `increase(${expr}[$__rate_interval])`;
