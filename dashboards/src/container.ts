/**
 * The Kubernetes container dashboards: one container in depth (MemLens, then the signals that say
 * whether it matters, then CPU for context), a team's namespaces at a glance, and the variant on the
 * recording rules.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

import type { Role } from '../../src/analysis/types';
import {
  carry,
  clusterVariable,
  dashboardLink,
  datasourceVariable,
  type Query,
  queryVariable,
  row,
  timeseriesPanel,
} from './common';
import { addGrowthAnnotations, builtInAnnotations, CONTAINER_LEVEL } from './annotations';
import { memlensPanel } from './memlensPanel';
import {
  cadvisor,
  CADVISOR_FILTER,
  CONTAINER_SCOPE,
  increase,
  ksm,
  NAMESPACE_SCOPE,
  perContainer,
  rate,
  SCOPE,
  type ScopeLevel,
} from './promql';

export const UID = {
  container: 'memlens-container-memory',
  containerRules: 'memlens-container-memory-rules',
  team: 'memlens-team-overview',
  node: 'memlens-node-memory',
  compose: 'memlens-compose-demo',
} as const;

const WHO = '{{namespace}}/{{pod}}/{{container}}';

/** The decomposition's inputs per container (DOMAIN.md), each with its role. */
export function containerMemoryQueries(scope: ScopeLevel[]): Array<Query & { role: Role }> {
  const q = (role: Role, legend: string, expr: string) => ({ role, legend: `${legend} ${WHO}`, expr });
  return [
    q('usage', 'usage', perContainer(cadvisor('container_memory_usage_bytes', scope))),
    q('workingSet', 'working set', perContainer(cadvisor('container_memory_working_set_bytes', scope))),
    q('rss', 'rss', perContainer(cadvisor('container_memory_rss', scope))),
    q('cache', 'cache', perContainer(cadvisor('container_memory_cache', scope))),
    q('kernel', 'kernel', perContainer(cadvisor('container_memory_kernel_usage', scope))),
    q('activeFile', 'active file', perContainer(cadvisor('container_memory_total_active_file_bytes', scope))),
    q('inactiveFile', 'inactive file', perContainer(cadvisor('container_memory_total_inactive_file_bytes', scope))),
    // 0 means unlimited; then kube-state-metrics' limit, if any.
    q(
      'limit',
      'limit',
      `${perContainer(`${cadvisor('container_spec_memory_limit_bytes', scope)} > 0`)} or ${perContainer(ksm('kube_pod_container_resource_limits', scope, ['resource="memory"']))}`
    ),
    q('request', 'request', perContainer(ksm('kube_pod_container_resource_requests', scope, ['resource="memory"']))),
  ];
}

/**
 * Whether it matters (docs/consequences-signals.md): refaults, PSI, limit hits, OOM kills and
 * restarts. Raw counters keep their __name__ (MemLens takes the rate itself, across resets), so
 * they are read with max by the identity and `__name__`, never summed or rated here.
 */
export function containerSignalQueries(scope: ScopeLevel[]): Array<Query & { role: Role }> {
  const keepName = (expr: string) => `max by (namespace, pod, container, __name__) (${expr})`;
  const q = (role: Role, legend: string, expr: string) => ({ role, legend: `${legend} ${WHO}`, expr: keepName(expr) });
  return [
    q('refaultFile', 'refaults', cadvisor('container_memory_workingset_refault_file_total', scope)),
    q('psiSome', 'PSI some', cadvisor('container_pressure_memory_waiting_seconds_total', scope)),
    q('psiFull', 'PSI full', cadvisor('container_pressure_memory_stalled_seconds_total', scope)),
    q('limitHits', 'limit hits', cadvisor('container_memory_events_max_total', scope)),
    q('oomKills', 'OOM kills', cadvisor('container_oom_events_total', scope)),
    q('restarts', 'restarts', ksm('kube_pod_container_status_restarts_total', scope)),
  ];
}

/** cluster → node → namespace → pod → container, each listing what the ones before allow. */
function containerVariables(levels: ScopeLevel[]): dashboard.QueryVariableBuilder[] {
  const labels: Record<ScopeLevel, string> = {
    cluster: 'Cluster',
    node: 'Node',
    namespace: 'Namespace',
    pod: 'Pod',
    container: 'Container',
  };
  return levels.map((level, i) => {
    const from = cadvisor('container_memory_working_set_bytes', levels.slice(0, i));
    if (level === 'cluster') {
      return clusterVariable(from);
    }
    // A node picked from the node dashboard's link; cAdvisor series without a node label still match "All".
    return queryVariable({ name: level, label: labels[level], from, ...(level === 'node' ? { allValue: '.*' } : {}) });
  });
}

const MEMLENS_ID = 1;

/** The related signals, in the container's scope. Each is optional: a missing metric draws "No data". */
function signalPanels(
  scope: ScopeLevel[]
): Array<dashboard.RowBuilder | dashboard.PanelBuilder | ReturnType<typeof timeseriesPanel>> {
  const c = (metric: string, extra: string[] = []) => cadvisor(metric, scope, extra);
  return [
    row(10, 'Does it matter? Pressure and cache temperature'),
    timeseriesPanel({
      id: 11,
      title: 'Memory pressure (PSI)',
      description:
        'Share of time some (waiting) or all (stalled) of the container’s tasks waited for memory. Needs cgroup v2 and the kubelet’s PSI metrics.',
      unit: 'percentunit',
      queries: [
        { expr: perContainer(rate(c('container_pressure_memory_waiting_seconds_total'))), legend: `some ${WHO}` },
        { expr: perContainer(rate(c('container_pressure_memory_stalled_seconds_total'))), legend: `full ${WHO}` },
      ],
    }),
    timeseriesPanel({
      id: 12,
      title: 'Refaults and major faults',
      description:
        'Pages read back soon after the kernel dropped them: cache that is part of the working memory (hot). cAdvisor ≥ 0.60 for refaults.',
      unit: 'cps',
      queries: [
        {
          expr: perContainer(rate(c('container_memory_workingset_refault_file_total'))),
          legend: `file refaults ${WHO}`,
        },
        {
          expr: perContainer(rate(c('container_memory_workingset_refault_anon_total'))),
          legend: `anon refaults ${WHO}`,
        },
        {
          expr: perContainer(
            rate(c('container_memory_failures_total', ['failure_type="pgmajfault"', 'scope="container"']))
          ),
          legend: `major faults ${WHO}`,
        },
      ],
    }),
    row(20, 'OOM kills, limit hits and restarts'),
    timeseriesPanel({
      id: 21,
      title: 'OOM kills and limit hits',
      description: 'OOM kill events, and the times usage hit memory.max (limit) or memory.high.',
      unit: 'short',
      queries: [
        { expr: perContainer(increase(c('container_oom_events_total'))), legend: `OOM kills ${WHO}` },
        { expr: perContainer(increase(c('container_memory_events_max_total'))), legend: `limit hits ${WHO}` },
        { expr: perContainer(increase(c('container_memory_events_high_total'))), legend: `high hits ${WHO}` },
      ],
    }),
    timeseriesPanel({
      id: 22,
      title: 'Restarts',
      description: 'Container restarts (kube-state-metrics), and whether the last termination was an OOM kill.',
      unit: 'short',
      queries: [
        {
          expr: perContainer(increase(ksm('kube_pod_container_status_restarts_total', scope))),
          legend: `restarts ${WHO}`,
        },
        {
          expr: perContainer(ksm('kube_pod_container_status_last_terminated_reason', scope, ['reason="OOMKilled"'])),
          legend: `last terminated: OOMKilled ${WHO}`,
        },
      ],
    }),
    row(30, 'CPU, for context'),
    timeseriesPanel({
      id: 31,
      title: 'CPU usage',
      description: 'CPU time used, in cores.',
      unit: 'short',
      queries: [{ expr: perContainer(rate(c('container_cpu_usage_seconds_total'))), legend: `cpu ${WHO}` }],
    }),
    timeseriesPanel({
      id: 32,
      title: 'CPU throttling',
      description: 'Share of CFS periods in which the container was throttled by its CPU limit.',
      unit: 'percentunit',
      queries: [
        {
          expr: `${perContainer(rate(c('container_cpu_cfs_throttled_periods_total')))} / ${perContainer(rate(c('container_cpu_cfs_periods_total')))}`,
          legend: `throttled ${WHO}`,
        },
      ],
    }),
  ];
}

function base(uid: string, title: string, description: string): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['memlens', 'memory'])
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: 'now-7d', to: 'now' })
    .timezone('browser')
    .refresh('1m')
    .version(1)
    .annotation(builtInAnnotations())
    .withVariable(datasourceVariable());
}

export { base as dashboardBase };

export function containerDashboard(): dashboard.DashboardBuilder {
  const d = base(
    UID.container,
    'MemLens / Container memory',
    'Container memory split into rss, kernel, active and inactive file cache (kubelet cAdvisor and kube-state-metrics), with the leak-or-cache verdict, the signals that say whether it matters, and CPU for context.'
  );
  for (const v of containerVariables(CONTAINER_SCOPE)) {
    d.withVariable(v);
  }
  addGrowthAnnotations(d, {
    level: CONTAINER_LEVEL,
    matchers: [SCOPE.namespace, SCOPE.pod, SCOPE.container],
    memlensPanelIds: [MEMLENS_ID],
  });
  d.link(
    dashboardLink(
      'Team overview',
      UID.team,
      carry('datasource', 'cluster', 'namespace'),
      'Every container of these namespaces'
    )
  );
  d.link(
    dashboardLink(
      'Node memory',
      UID.node,
      [...carry('datasource', 'cluster'), 'var-instance=${node}'],
      'The node these containers run on'
    )
  );
  d.withRow(row(100, 'Memory: leak or cache?'));
  d.withPanel(
    memlensPanel({
      id: MEMLENS_ID,
      title: 'Memory of $namespace / $pod / $container',
      description:
        'Stacked rss · kernel · active file · inactive file (sums to usage), with working set, usage, limit and request as lines. Series are deduplicated by max by (namespace, pod, container); pod-level (container="") and /metrics/resource series are filtered out.',
      queries: [...containerMemoryQueries(CONTAINER_SCOPE), ...containerSignalQueries(CONTAINER_SCOPE)],
    })
  );
  for (const p of signalPanels(CONTAINER_SCOPE)) {
    if (p instanceof dashboard.RowBuilder) {
      d.withRow(p);
    } else {
      d.withPanel(p);
    }
  }
  return d;
}

export function teamDashboard(): dashboard.DashboardBuilder {
  const d = base(
    UID.team,
    'MemLens / Team overview',
    'Every container of the chosen namespaces, ranked by what their memory growth is: a possible leak first.'
  );
  for (const v of containerVariables(NAMESPACE_SCOPE)) {
    d.withVariable(v);
  }
  addGrowthAnnotations(d, {
    level: CONTAINER_LEVEL,
    matchers: [SCOPE.namespace],
    memlensPanelIds: [MEMLENS_ID],
  });
  d.link(
    dashboardLink(
      'Container memory',
      UID.container,
      carry('datasource', 'cluster', 'namespace'),
      'One container in depth: pick its pod and container'
    )
  );
  d.withPanel(
    memlensPanel({
      id: MEMLENS_ID,
      title: 'Containers in $namespace',
      description: 'One row per container: what grew, by how much, and whether it is file cache or anonymous memory.',
      queries: containerMemoryQueries(NAMESPACE_SCOPE),
    })
  );
  d.withPanel(
    timeseriesPanel({
      id: 2,
      title: 'Working set by container',
      description: 'The working set of each container; the growth regions from the MemLens rules are annotated.',
      unit: 'bytes',
      width: 24,
      queries: [{ expr: perContainer(cadvisor('container_memory_working_set_bytes', NAMESPACE_SCOPE)), legend: WHO }],
    })
  );
  return d;
}

/** The same container view on the recording rules: their names give each series its role, so no roles map. */
export function containerRulesDashboard(): dashboard.DashboardBuilder {
  const d = base(
    UID.containerRules,
    'MemLens / Container memory (recording rules)',
    'The container view read from the MemLens recording rules (namespace_pod_container:*), which compute the layers on the server.'
  );
  const record = (name: string, scope: ScopeLevel[]) =>
    `namespace_pod_container:${name}{${scope.map((l) => SCOPE[l]).join(', ')}}`;
  const levels: ScopeLevel[] = ['namespace', 'pod', 'container'];
  levels.forEach((level, i) =>
    d.withVariable(
      queryVariable({
        name: level,
        label: level[0].toUpperCase() + level.slice(1),
        from: i
          ? record('container_memory_working_set_bytes:max', levels.slice(0, i))
          : 'namespace_pod_container:container_memory_working_set_bytes:max',
      })
    )
  );
  addGrowthAnnotations(d, {
    level: CONTAINER_LEVEL,
    matchers: [SCOPE.namespace, SCOPE.pod, SCOPE.container],
    memlensPanelIds: [MEMLENS_ID],
  });
  d.link(
    dashboardLink(
      'Container memory',
      UID.container,
      carry('datasource', 'namespace', 'pod', 'container'),
      'The same containers from the raw cAdvisor series'
    )
  );
  const r = (legend: string, name: string) => ({ legend: `${legend} ${WHO}`, expr: record(name, levels) });
  d.withPanel(
    memlensPanel({
      id: MEMLENS_ID,
      title: 'Memory of $namespace / $pod / $container (recording rules)',
      description: 'Reads the namespace_pod_container:* recording rules; the metric names say each series’ role.',
      queries: [
        r('usage', 'container_memory_usage_bytes:max'),
        r('working set', 'container_memory_working_set_bytes:max'),
        r('rss', 'container_memory_rss:max'),
        r('cache', 'container_memory_cache:max'),
        r('kernel', 'container_memory_kernel_bytes:derived'),
        r('active file', 'container_memory_active_file_bytes:derived'),
        r('inactive file', 'container_memory_inactive_file_bytes:derived'),
        {
          legend: `limit ${WHO}`,
          expr: `${record('container_spec_memory_limit_bytes:max', levels)} or ${record('kube_pod_container_resource_limits_memory_bytes:max', levels)}`,
        },
        r('request', 'kube_pod_container_resource_requests_memory_bytes:max'),
      ],
    })
  );
  return d;
}

export { CADVISOR_FILTER };
