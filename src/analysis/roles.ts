/**
 * Which role a series plays, from its metric name (cAdvisor, kube-state-metrics, node_exporter,
 * and the project's recording rules) or from a name the user gave it.
 */
import { CONTAINER_ROLES, type Labels, type Message, NODE_ROLES, type Role } from './types';

/** Metric name → role. Recording rules (`level:metric:operations`) are looked up by their middle part. */
export const ROLE_BY_METRIC: Readonly<Record<string, Role>> = {
  // cAdvisor (and the kubelet's /metrics/cadvisor, /metrics/resource)
  container_memory_usage_bytes: 'usage',
  container_memory_working_set_bytes: 'workingSet',
  container_memory_rss: 'rss',
  container_memory_cache: 'cache',
  container_memory_kernel_usage: 'kernel',
  container_memory_total_active_file_bytes: 'activeFile',
  container_memory_total_inactive_file_bytes: 'inactiveFile',
  container_memory_swap: 'swap',
  container_memory_mapped_file: 'mappedFile',
  container_spec_memory_limit_bytes: 'limit',
  // kube-state-metrics v2 (memory only: see the resource check below)
  kube_pod_container_resource_limits: 'limit',
  kube_pod_container_resource_requests: 'request',
  // kube-state-metrics v1 names, also the middle names of the project's recording rules
  kube_pod_container_resource_limits_memory_bytes: 'limit',
  kube_pod_container_resource_requests_memory_bytes: 'request',
  // middle names of the project's derived recording rules
  container_memory_kernel_bytes: 'kernel',
  container_memory_active_file_bytes: 'activeFile',
  container_memory_inactive_file_bytes: 'inactiveFile',
  // node_exporter, /proc/meminfo
  node_memory_MemTotal_bytes: 'memTotal',
  node_memory_MemFree_bytes: 'memFree',
  node_memory_MemAvailable_bytes: 'memAvailable',
  node_memory_AnonPages_bytes: 'anon',
  node_memory_Shmem_bytes: 'shmem',
  node_memory_Active_file_bytes: 'activeFile',
  node_memory_Inactive_file_bytes: 'inactiveFile',
  node_memory_Slab_bytes: 'slab',
  node_memory_KernelStack_bytes: 'kernelStack',
  node_memory_PageTables_bytes: 'pageTables',
  node_memory_Percpu_bytes: 'percpu',
  node_memory_Buffers_bytes: 'buffers',
  node_memory_Cached_bytes: 'cached',
  // Signals: cAdvisor ≥ 0.60 (refaults, scans), 0.57 (events), cgroup v2 PSI, kube-state-metrics
  container_memory_workingset_refault_file_total: 'refaultFile',
  container_memory_workingset_refault_anon_total: 'refaultAnon',
  container_memory_pgscan_total: 'pgscan',
  container_memory_pgsteal_total: 'pgsteal',
  container_pressure_memory_waiting_seconds_total: 'psiSome',
  container_pressure_memory_stalled_seconds_total: 'psiFull',
  container_memory_events_max_total: 'limitHits',
  container_memory_failcnt: 'limitHits',
  container_memory_events_high_total: 'highEvents',
  container_memory_failures_total: 'majorFaults',
  container_oom_events_total: 'oomKills',
  kube_pod_container_status_restarts_total: 'restarts',
  kube_pod_container_status_last_terminated_reason: 'terminatedReason',
  // middle names of the project's recording rules (already rates)
  container_memory_workingset_refault_file: 'refaultFile',
  container_pressure_memory_waiting_seconds: 'psiSome',
  container_pressure_memory_stalled_seconds: 'psiFull',
  // node_exporter: vmstat (refaults and pgscan only with --collector.vmstat.fields), PSI, slab
  node_vmstat_workingset_refault_file: 'refaultFile',
  node_vmstat_pgmajfault: 'majorFaults',
  node_vmstat_oom_kill: 'oomKills',
  node_pressure_memory_waiting_seconds_total: 'psiSome',
  node_pressure_memory_stalled_seconds_total: 'psiFull',
  node_pressure_memory_waiting_seconds: 'psiSome',
  node_pressure_memory_stalled_seconds: 'psiFull',
  node_memory_SReclaimable_bytes: 'slabReclaimable',
  node_memory_SUnreclaim_bytes: 'slabUnreclaimable',
};

/** Roles that carry signals of whether it matters, not memory layers: the stack's alignment leaves them out. */
export const SIGNAL_ROLES: ReadonlySet<Role> = new Set<Role>([
  'refaultFile',
  'refaultAnon',
  'pgscan',
  'pgsteal',
  'psiSome',
  'psiFull',
  'limitHits',
  'highEvents',
  'majorFaults',
  'oomKills',
  'restarts',
  'terminatedReason',
  'slabReclaimable',
  'slabUnreclaimable',
]);

/** kube-state-metrics series that carry every resource; only `resource="memory"` is ours. */
const RESOURCE_METRICS = new Set(['kube_pod_container_resource_limits', 'kube_pod_container_resource_requests']);

/** Every role name once (`activeFile`, `inactiveFile`, `shmem` are both container and node roles). */
export const ROLE_NAMES: readonly Role[] = Array.from(new Set<Role>([...CONTAINER_ROLES, ...NODE_ROLES]));
const ALL_ROLES: ReadonlySet<string> = new Set<string>(ROLE_NAMES);
const ROLE_BY_LOWER_NAME = new Map<string, Role>([...ALL_ROLES].map((r) => [r.toLowerCase(), r as Role]));

/** Roles that only node_exporter series play (`activeFile`, `inactiveFile`, `shmem` are shared). */
const NODE_ONLY_ROLES: ReadonlySet<Role> = new Set<Role>(
  NODE_ROLES.filter((r) => !(CONTAINER_ROLES as readonly string[]).includes(r))
);

export function isRole(name: string): name is Role {
  return ALL_ROLES.has(name);
}

export function isNodeOnlyRole(role: Role): boolean {
  return NODE_ONLY_ROLES.has(role);
}

/** Roles both kinds play (the LRU lists, shmem, refaults, PSI…): the labels decide the kind. */
const SHARED_ROLES: ReadonlySet<Role> = new Set<Role>(
  NODE_ROLES.filter((r) => (CONTAINER_ROLES as readonly string[]).includes(r))
);

export function isSharedRole(role: Role): boolean {
  return SHARED_ROLES.has(role);
}

/** The metric part of a recording rule's name (`level:metric:operations`), or the name itself. */
export function baseMetricName(name: string): string {
  const parts = name.split(':');
  if (parts.length === 3 && parts[1]) {
    return parts[1];
  }
  if (parts.length === 2 && parts[1]) {
    return parts[1];
  }
  return name;
}

/** True for node_exporter metrics, also behind a recording rule. */
export function isNodeMetric(name: string): boolean {
  return baseMetricName(name).startsWith('node_');
}

export type Classification = { role: Role } | { reason: Message };

/** The role of a named metric, or why it has none. */
export function classifyMetric(name: string, labels: Labels): Classification {
  const base = baseMetricName(name);
  const role = Object.prototype.hasOwnProperty.call(ROLE_BY_METRIC, base) ? ROLE_BY_METRIC[base] : undefined;
  if (!role) {
    return { reason: { id: 'ingest.ignored.unknownMetric', params: { metric: name } } };
  }
  if (base === 'container_memory_failures_total') {
    // Only the container's own major faults: the other types and the hierarchy scope double up.
    if (labels.failure_type !== 'pgmajfault' || (labels.scope !== undefined && labels.scope !== 'container')) {
      return {
        reason: {
          id: 'ingest.ignored.notMajorFaults',
          params: { metric: name, failureType: labels.failure_type ?? '', scope: labels.scope ?? '' },
        },
      };
    }
  }
  if (RESOURCE_METRICS.has(base)) {
    const resource = labels.resource;
    if (resource === undefined || resource === '') {
      return { reason: { id: 'ingest.ignored.resourceUnknown', params: { metric: name } } };
    }
    if (resource !== 'memory') {
      return { reason: { id: 'ingest.ignored.notMemoryResource', params: { metric: name, resource } } };
    }
  }
  return { role };
}

export function roleFromMetricName(name: string, labels: Labels): Role | undefined {
  const c = classifyMetric(name, labels);
  return 'role' in c ? c.role : undefined;
}

/**
 * The role a display name stands for, for series without `__name__`: a metric or recording-rule name
 * (`container_memory_rss`), or a role name itself (`workingSet`, `RSS`).
 */
export function roleFromDisplayName(name: string, labels: Labels): Role | undefined {
  const trimmed = name.trim();
  if (!trimmed) {
    return undefined;
  }
  const byMetric = roleFromMetricName(trimmed, labels);
  if (byMetric) {
    return byMetric;
  }
  return ROLE_BY_LOWER_NAME.get(trimmed.toLowerCase());
}
