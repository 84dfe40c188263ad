import {
  baseMetricName,
  classifyMetric,
  isNodeMetric,
  ROLE_BY_METRIC,
  roleFromDisplayName,
  roleFromMetricName,
} from './roles';
import { CONTAINER_ROLES, NODE_ROLES } from './types';

describe('roleFromMetricName', () => {
  it.each([
    ['container_memory_usage_bytes', 'usage'],
    ['container_memory_working_set_bytes', 'workingSet'],
    ['container_memory_rss', 'rss'],
    ['container_memory_cache', 'cache'],
    ['container_memory_kernel_usage', 'kernel'],
    ['container_memory_total_active_file_bytes', 'activeFile'],
    ['container_memory_total_inactive_file_bytes', 'inactiveFile'],
    ['container_memory_swap', 'swap'],
    ['container_memory_mapped_file', 'mappedFile'],
    ['container_spec_memory_limit_bytes', 'limit'],
    ['node_memory_MemTotal_bytes', 'memTotal'],
    ['node_memory_MemFree_bytes', 'memFree'],
    ['node_memory_MemAvailable_bytes', 'memAvailable'],
    ['node_memory_AnonPages_bytes', 'anon'],
    ['node_memory_Shmem_bytes', 'shmem'],
    ['node_memory_Active_file_bytes', 'activeFile'],
    ['node_memory_Inactive_file_bytes', 'inactiveFile'],
    ['node_memory_Slab_bytes', 'slab'],
    ['node_memory_KernelStack_bytes', 'kernelStack'],
    ['node_memory_PageTables_bytes', 'pageTables'],
    ['node_memory_Percpu_bytes', 'percpu'],
    ['node_memory_Buffers_bytes', 'buffers'],
    ['node_memory_Cached_bytes', 'cached'],
  ])('%s → %s', (name, role) => {
    expect(roleFromMetricName(name, {})).toBe(role);
  });

  it('reads kube-state-metrics limits and requests only for resource="memory"', () => {
    expect(roleFromMetricName('kube_pod_container_resource_limits', { resource: 'memory', unit: 'byte' })).toBe(
      'limit'
    );
    expect(roleFromMetricName('kube_pod_container_resource_requests', { resource: 'memory', unit: 'byte' })).toBe(
      'request'
    );
    expect(classifyMetric('kube_pod_container_resource_limits', { resource: 'cpu', unit: 'core' })).toEqual({
      reason: {
        id: 'ingest.ignored.notMemoryResource',
        params: { metric: 'kube_pod_container_resource_limits', resource: 'cpu' },
      },
    });
    expect(classifyMetric('kube_pod_container_resource_requests', {})).toEqual({
      reason: { id: 'ingest.ignored.resourceUnknown', params: { metric: 'kube_pod_container_resource_requests' } },
    });
  });

  it.each([
    ['namespace_pod_container:container_memory_usage_bytes:max', 'usage'],
    ['namespace_pod_container:container_memory_working_set_bytes:max', 'workingSet'],
    ['namespace_pod_container:container_memory_rss:max', 'rss'],
    ['namespace_pod_container:container_memory_cache:max', 'cache'],
    ['namespace_pod_container:container_memory_kernel_bytes:derived', 'kernel'],
    ['namespace_pod_container:container_memory_active_file_bytes:derived', 'activeFile'],
    ['namespace_pod_container:container_memory_inactive_file_bytes:derived', 'inactiveFile'],
    ['namespace_pod_container:container_spec_memory_limit_bytes:max', 'limit'],
    ['namespace_pod_container:kube_pod_container_resource_requests_memory_bytes:max', 'request'],
    ['namespace_pod_container:kube_pod_container_resource_limits_memory_bytes:max', 'limit'],
  ])('recording rule %s → %s', (name, role) => {
    expect(roleFromMetricName(name, {})).toBe(role);
  });

  it('ignores metrics of other kinds, naming them', () => {
    for (const name of ['up', 'container_cpu_usage_seconds_total', 'container_memory_max_usage_bytes']) {
      expect(roleFromMetricName(name, {})).toBeUndefined();
      expect(classifyMetric(name, {})).toEqual({
        reason: { id: 'ingest.ignored.unknownMetric', params: { metric: name } },
      });
    }
  });

  it('maps every table entry to a declared role', () => {
    const roles = new Set<string>([...CONTAINER_ROLES, ...NODE_ROLES]);
    for (const role of Object.values(ROLE_BY_METRIC)) {
      expect(roles.has(role)).toBe(true);
    }
    expect(Object.keys(ROLE_BY_METRIC).length).toBeGreaterThanOrEqual(30);
  });

  it('splits recording-rule names and recognises node metrics behind them', () => {
    expect(baseMetricName('a:b:c')).toBe('b');
    expect(baseMetricName('instance:node_memory_MemAvailable_bytes')).toBe('node_memory_MemAvailable_bytes');
    expect(baseMetricName('container_memory_rss')).toBe('container_memory_rss');
    expect(isNodeMetric('instance:node_memory_MemFree_bytes:sum')).toBe(true);
    expect(isNodeMetric('container_memory_rss')).toBe(false);
  });
});

describe('roleFromDisplayName', () => {
  it('accepts metric names, recording rules and role names in any case', () => {
    expect(roleFromDisplayName('container_memory_rss', {})).toBe('rss');
    expect(roleFromDisplayName('workingSet', {})).toBe('workingSet');
    expect(roleFromDisplayName('RSS', {})).toBe('rss');
    expect(roleFromDisplayName(' memAvailable ', {})).toBe('memAvailable');
    expect(roleFromDisplayName('Value', {})).toBeUndefined();
    expect(roleFromDisplayName('{pod="a"}', {})).toBeUndefined();
    expect(roleFromDisplayName('', {})).toBeUndefined();
  });
});
