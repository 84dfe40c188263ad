/** The node dashboard (node_exporter), and the docker compose demo's (standalone cAdvisor). */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

import type { Role } from '../../src/analysis/types';
import { carry, clusterVariable, dashboardLink, queryVariable, row, timeseriesPanel } from './common';
import { CONTAINER_LEVEL, addGrowthAnnotations, NODE_LEVEL } from './annotations';
import { dashboardBase, UID } from './container';
import { memlensPanel } from './memlensPanel';
import { rate, selector } from './promql';

const MEMLENS_ID = 1;
const NODE_SCOPE = ['cluster=~"$cluster"', 'instance=~"$instance"'];
const perNode = (expr: string) => `max by (instance) (${expr})`;

/** node_exporter's meminfo fields, each with its role (DOMAIN.md's decomposition of MemTotal − MemFree). */
const MEMINFO: Array<[string, Role]> = [
  ['MemTotal', 'memTotal'],
  ['MemFree', 'memFree'],
  ['MemAvailable', 'memAvailable'],
  ['AnonPages', 'anon'],
  ['Shmem', 'shmem'],
  ['Active_file', 'activeFile'],
  ['Inactive_file', 'inactiveFile'],
  ['Slab', 'slab'],
  ['KernelStack', 'kernelStack'],
  ['PageTables', 'pageTables'],
  ['Percpu', 'percpu'],
  ['Buffers', 'buffers'],
  ['Cached', 'cached'],
];

/** Refaults, major faults, OOM kills, PSI and slab (docs/consequences-signals.md), read by name. */
const CONSEQUENCES = [
  'node_vmstat_workingset_refault_file',
  'node_vmstat_pgmajfault',
  'node_vmstat_oom_kill',
  'node_pressure_memory_waiting_seconds_total',
  'node_pressure_memory_stalled_seconds_total',
  'node_memory_SReclaimable_bytes',
  'node_memory_SUnreclaim_bytes',
];

export function nodeDashboard(): dashboard.DashboardBuilder {
  const d = dashboardBase(
    UID.node,
    'MemLens / Node memory',
    'Node memory from node_exporter: anon, shmem, active and inactive file cache, kernel and other, summing to MemTotal − MemFree.'
  );
  d.withVariable(clusterVariable('node_memory_MemTotal_bytes'));
  d.withVariable(
    queryVariable({
      name: 'instance',
      label: 'Node',
      from: selector('node_memory_MemTotal_bytes', ['cluster=~"$cluster"']),
    })
  );
  addGrowthAnnotations(d, {
    level: NODE_LEVEL,
    matchers: ['instance=~"$instance"'],
    memlensPanelIds: [MEMLENS_ID],
  });
  // kube-prometheus relabels node_exporter's instance to the node name, which cAdvisor's `node` label carries.
  d.link(
    dashboardLink(
      'Containers on this node',
      UID.container,
      [...carry('datasource', 'cluster'), 'var-node=${instance}'],
      'The container dashboard, for the containers on the chosen node'
    )
  );
  d.withRow(row(100, 'Memory: leak or cache?'));
  d.withPanel(
    memlensPanel({
      id: MEMLENS_ID,
      title: 'Memory of $instance',
      description:
        'Stacked anon · kernel (slab, stacks, page tables, percpu) · active file · shmem · other · inactive file, with MemAvailable and MemTotal as lines.',
      queries: [
        ...MEMINFO.map(([field, role]) => ({
          role,
          legend: `${field} {{instance}}`,
          expr: perNode(selector(`node_memory_${field}_bytes`, NODE_SCOPE)),
        })),
        // Consequence signals, raw: a series keeping its __name__ is a counter MemLens takes the rate
        // of itself (resets included), so no aggregation that would drop the name.
        ...CONSEQUENCES.map((metric) => ({ legend: `${metric} {{instance}}`, expr: selector(metric, NODE_SCOPE) })),
      ],
    })
  );
  const n = (metric: string) => selector(metric, NODE_SCOPE);
  d.withRow(row(10, 'Does it matter? Pressure, refaults and OOM kills'));
  d.withPanel(
    timeseriesPanel({
      id: 11,
      title: 'Memory pressure (PSI)',
      description: 'Share of time some (waiting) or all (stalled) tasks on the node waited for memory.',
      unit: 'percentunit',
      queries: [
        { expr: perNode(rate(n('node_pressure_memory_waiting_seconds_total'))), legend: 'some {{instance}}' },
        { expr: perNode(rate(n('node_pressure_memory_stalled_seconds_total'))), legend: 'full {{instance}}' },
      ],
    })
  );
  d.withPanel(
    timeseriesPanel({
      id: 12,
      title: 'Refaults, major faults and OOM kills',
      description:
        'node_exporter exports the refault counter only with --collector.vmstat.fields including workingset_refault_file.',
      unit: 'cps',
      queries: [
        { expr: perNode(rate(n('node_vmstat_workingset_refault_file'))), legend: 'file refaults {{instance}}' },
        { expr: perNode(rate(n('node_vmstat_pgmajfault'))), legend: 'major faults {{instance}}' },
        { expr: perNode(rate(n('node_vmstat_oom_kill'))), legend: 'OOM kills {{instance}}' },
      ],
    })
  );
  return d;
}

const COMPOSE_BY = 'container_label_com_docker_compose_project, container_label_com_docker_compose_service';

export function composeDashboard(): dashboard.DashboardBuilder {
  const d = dashboardBase(
    UID.compose,
    'MemLens / Compose demo',
    'The docker compose demo: logwriter (active file cache grows, not a leak) beside leaker (anonymous memory grows), from standalone cAdvisor.'
  )
    .time({ from: 'now-30m', to: 'now' })
    .refresh('30s');
  d.withVariable(
    queryVariable({
      name: 'project',
      label: 'Compose project',
      from: 'container_memory_working_set_bytes{name!=""}',
      labelName: 'container_label_com_docker_compose_project',
    })
  );
  d.withVariable(
    queryVariable({
      name: 'service',
      label: 'Service',
      from: 'container_memory_working_set_bytes{name!="", container_label_com_docker_compose_project=~"$project"}',
      labelName: 'container_label_com_docker_compose_service',
    })
  );
  // prometheus.yml copies the compose labels into namespace (project) and container (service), so the rules apply.
  addGrowthAnnotations(d, {
    level: CONTAINER_LEVEL,
    matchers: ['namespace=~"$project"', 'container=~"$service"'],
    memlensPanelIds: [MEMLENS_ID],
  });
  const c = (metric: string, suffix = '') =>
    `max by (${COMPOSE_BY}) (${metric}{name!="", container_label_com_docker_compose_project=~"$project", container_label_com_docker_compose_service=~"$service"}${suffix})`;
  const q = (role: Role, legend: string, metric: string, suffix = '') => ({
    role,
    legend: `${legend} {{container_label_com_docker_compose_service}}`,
    expr: c(metric, suffix),
  });
  d.withPanel(
    memlensPanel({
      id: MEMLENS_ID,
      title: 'Compose services',
      description:
        'Standalone cAdvisor has no namespace/pod/container labels: series are grouped by the compose project and service labels.',
      queries: [
        q('usage', 'usage', 'container_memory_usage_bytes'),
        q('workingSet', 'working set', 'container_memory_working_set_bytes'),
        q('rss', 'rss', 'container_memory_rss'),
        q('cache', 'cache', 'container_memory_cache'),
        q('kernel', 'kernel', 'container_memory_kernel_usage'),
        q('activeFile', 'active file', 'container_memory_total_active_file_bytes'),
        q('inactiveFile', 'inactive file', 'container_memory_total_inactive_file_bytes'),
        q('limit', 'limit', 'container_spec_memory_limit_bytes', ' > 0'),
      ],
    })
  );
  d.withPanel(
    timeseriesPanel({
      id: 2,
      title: 'Working set by service',
      description: 'The working set of each service; the growth regions from the MemLens rules are annotated.',
      unit: 'bytes',
      width: 24,
      queries: [
        { expr: c('container_memory_working_set_bytes'), legend: '{{container_label_com_docker_compose_service}}' },
      ],
    })
  );
  return d;
}
