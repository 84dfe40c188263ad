import { join } from 'node:path';

import { type DataFrame, FieldType, toDataFrame } from '@grafana/data';

import { FIXTURES, frames, grid, MiB, raw, readExposition, STEP } from './__testing__/frames';
import { inWorkloads, k8s, numberFieldCount, reasons } from './__testing__/ingest';
import { ingest } from './ingest';

describe('ingest', () => {
  it('groups a Kubernetes container with its kube-state-metrics limit and request', () => {
    // kube-state-metrics labels its series with the container's identity and the resource.
    const ksmMemory = {
      namespace: 'shop',
      pod: 'api-0',
      container: 'api',
      node: 'n1',
      uid: 'u1',
      resource: 'memory',
      unit: 'byte',
      job: 'ksm',
    };
    const input = frames(
      raw(
        'container_memory_working_set_bytes',
        k8s,
        [10, 11, 12].map((x) => x * MiB)
      ),
      raw(
        'container_memory_usage_bytes',
        k8s,
        [20, 21, 22].map((x) => x * MiB)
      ),
      raw('kube_pod_container_resource_limits', ksmMemory, [512 * MiB, 512 * MiB, 512 * MiB], { refId: 'B' }),
      raw('kube_pod_container_resource_requests', ksmMemory, [256 * MiB, 256 * MiB, 256 * MiB], { refId: 'B' }),
      raw(
        'kube_pod_container_resource_limits',
        { namespace: 'shop', pod: 'api-0', container: 'api', resource: 'cpu', unit: 'core' },
        [1, 1, 1],
        { refId: 'B' }
      )
    );
    const r = ingest(input);
    expect(r.workloads).toHaveLength(1);
    const w = r.workloads[0];
    expect(w).toMatchObject({
      key: 'namespace=shop,pod=api-0,container=api',
      kind: 'container',
      title: 'shop/api-0/api',
    });
    expect(Object.keys(w.series).sort()).toEqual(['limit', 'request', 'usage', 'workingSet']);
    const ws = w.series.workingSet![0];
    expect(ws).toMatchObject({ role: 'workingSet', refId: 'A', stepMs: STEP });
    expect(ws.name).toBe(
      'container_memory_working_set_bytes{container="api", id="/kubepods/burstable/pod1/abc", image="acme/api:1", instance="n1", job="kubelet", namespace="shop", pod="api-0"}'
    );
    expect(Array.from(ws.times)).toEqual(grid(3));
    expect(Array.from(ws.values)).toEqual([10 * MiB, 11 * MiB, 12 * MiB]);
    expect(r.ignored).toEqual([
      expect.objectContaining({
        reason: {
          id: 'ingest.ignored.notMemoryResource',
          params: { metric: 'kube_pod_container_resource_limits', resource: 'cpu' },
        },
      }),
    ]);
    expect(inWorkloads(r) + r.ignored.length).toBe(numberFieldCount(input));
  });

  it('reads every memory metric and signal of standalone cAdvisor and lists every other series as unknown', () => {
    const samples = readExposition(join(FIXTURES, 'cadvisor', 'prometheus_metrics.txt'));
    const input = frames(...samples.map((s) => raw(s.labels.__name__, s.labels, [s.value, s.value])));
    const r = ingest(input);
    expect(r.workloads).toHaveLength(1);
    const w = r.workloads[0];
    expect(w).toMatchObject({
      key: 'name=testcontaineralias',
      title: 'testcontaineralias',
      identity: { name: 'testcontaineralias' },
    });
    expect(Object.keys(w.series).sort()).toEqual([
      'activeFile',
      'cache',
      'highEvents',
      'inactiveFile',
      'kernel',
      'limitHits',
      'majorFaults',
      'mappedFile',
      'oomKills',
      'pgscan',
      'pgsteal',
      'psiFull',
      'psiSome',
      'refaultAnon',
      'refaultFile',
      'rss',
      'swap',
      'usage',
      'workingSet',
    ]);
    // Of container_memory_failures_total only the container's own major faults are read.
    expect(new Set(reasons(r))).toEqual(new Set(['ingest.ignored.unknownMetric', 'ingest.ignored.notMajorFaults']));
    expect(r.ignored.map((i) => i.reason.params!.metric)).toContain('container_cpu_usage_seconds_total');
    const faults = r.ignored.filter((i) => i.reason.id === 'ingest.ignored.notMajorFaults');
    expect(faults.every((i) => i.labels.failure_type !== 'pgmajfault' || i.labels.scope !== 'container')).toBe(true);
    expect(
      w.series.majorFaults?.every((s) => s.labels.failure_type === 'pgmajfault' && s.labels.scope === 'container')
    ).toBe(true);
    expect(inWorkloads(r) + r.ignored.length).toBe(numberFieldCount(input));
    expect(numberFieldCount(input)).toBe(samples.length);
  });

  it('separates workloads by the identity rules and honours groupBy', () => {
    const input = frames(
      raw('container_memory_rss', { namespace: 'a', pod: 'p1', container: 'c', id: '/k/1', image: 'i' }, [1, 2]),
      raw('container_memory_rss', { namespace: 'a', pod: 'p2', container: 'c', id: '/k/2', image: 'i' }, [1, 2]),
      raw(
        'container_memory_rss',
        { container_label_com_docker_compose_service: 'web', name: 'proj-web-1', id: '/docker/1', image: 'nginx' },
        [1, 2]
      ),
      raw('container_memory_rss', { name: 'standalone', id: '/docker/2', image: 'redis' }, [1, 2])
    );
    expect(ingest(input).workloads.map((w) => w.title)).toEqual(['a/p1/c', 'a/p2/c', 'web', 'standalone']);
    const byNs = ingest(input, { groupBy: ['namespace'] });
    expect(byNs.workloads.map((w) => w.key)).toEqual(['namespace=a', '']);
    expect(byNs.workloads[0].series.rss).toHaveLength(2);
    const unmatched = ingest(input, { groupBy: ['team'] });
    expect(unmatched.notes).toEqual([{ id: 'ingest.note.groupByUnmatched', params: { labels: 'team' } }]);
    expect(unmatched.workloads).toHaveLength(1);
  });

  it('ignores pod-level, pause and cgroup-hierarchy series by default, and keeps them on request', () => {
    const input = frames(
      raw('container_memory_working_set_bytes', k8s, [1, 2]),
      raw(
        'container_memory_working_set_bytes',
        { namespace: 'shop', pod: 'api-0', id: '/kubepods/burstable/pod1' },
        [3, 4]
      ),
      raw(
        'container_memory_working_set_bytes',
        { namespace: 'shop', pod: 'api-0', container: 'POD', id: '/kubepods/burstable/pod1/p' },
        [1, 1]
      ),
      raw(
        'container_memory_working_set_bytes',
        { namespace: 'shop', pod: 'api-0', image: 'registry.k8s.io/pause:3.9', id: '/kubepods/burstable/pod1/q' },
        [1, 1]
      ),
      raw('container_memory_working_set_bytes', { id: '/' }, [9, 9])
    );
    const r = ingest(input);
    expect(r.workloads.map((w) => w.title)).toEqual(['shop/api-0/api']);
    expect(reasons(r)).toEqual([
      'ingest.ignored.podLevel',
      'ingest.ignored.pause',
      'ingest.ignored.pause',
      'ingest.ignored.cgroupHierarchy',
    ]);
    expect(r.ignored[0].name).toContain('pod="api-0"');
    const all = ingest(input, { includePodLevel: true });
    expect(all.ignored).toEqual([]);
    expect(inWorkloads(all)).toBe(5);
  });

  it('lists string fields, frames without a number field, empty frames and series without a time', () => {
    const str: DataFrame = toDataFrame({
      refId: 'S',
      fields: [
        { name: 'Time', type: FieldType.time, values: grid(2) },
        { name: 'pod', type: FieldType.string, values: ['a', 'b'] },
        {
          name: 'container_memory_rss',
          type: FieldType.number,
          values: [1, 2],
          labels: { __name__: 'container_memory_rss', pod: 'a', container: 'c' },
        },
      ],
    });
    const onlyTime: DataFrame = toDataFrame({
      refId: 'T',
      fields: [{ name: 'Time', type: FieldType.time, values: grid(2) }],
    });
    const noFields: DataFrame = toDataFrame({ refId: 'N', fields: [] });
    const noRows = frames({
      refId: 'E',
      labels: { __name__: 'container_memory_rss', pod: 'a' },
      times: [],
      values: [],
      stepMs: STEP,
    });
    const noTime: DataFrame = toDataFrame({
      refId: 'X',
      fields: [{ name: 'v', type: FieldType.number, values: [1], labels: { __name__: 'container_memory_rss' } }],
    });
    const input = [str, onlyTime, noFields, ...noRows, noTime];
    const r = ingest(input);
    expect(reasons(r)).toEqual([
      'ingest.ignored.stringField',
      'ingest.ignored.noNumberField',
      'ingest.ignored.emptyFrame',
      'ingest.ignored.empty',
      'ingest.ignored.noTimeField',
    ]);
    expect(r.ignored[0].reason.params).toEqual({ refId: 'S', field: 'pod', type: 'string' });
    expect(inWorkloads(r)).toBe(1);
  });

  it('treats every number field of a wide frame as its own series', () => {
    const wide: DataFrame = toDataFrame({
      refId: 'W',
      fields: [
        { name: 'Time', type: FieldType.time, values: grid(3), config: { interval: STEP } },
        {
          name: 'Value',
          type: FieldType.number,
          values: [1, 2, 3],
          labels: { pod: 'p', container: 'c' },
          config: { displayNameFromDS: 'workingSet' },
        },
        {
          name: 'Value',
          type: FieldType.number,
          values: [4, 5, 6],
          labels: { pod: 'p', container: 'c' },
          config: { displayNameFromDS: 'usage' },
        },
        { name: 'Value', type: FieldType.number, values: [4, 5, 6], labels: { pod: 'p', container: 'c' } },
      ],
    });
    const r = ingest([wide]);
    expect(Object.keys(r.workloads[0].series).sort()).toEqual(['usage', 'workingSet']);
    expect(r.workloads[0].series.usage![0].stepMs).toBe(STEP);
    expect(reasons(r)).toEqual(['ingest.ignored.noRole']);
  });

  it('sorts out-of-order rows and keeps the last of a repeated time', () => {
    const f: DataFrame = toDataFrame({
      refId: 'A',
      fields: [
        { name: 'Time', type: FieldType.time, values: [3000, 1000, 2000, 2000] },
        { name: 'rss', type: FieldType.number, values: [3, 1, 2, 22], labels: { pod: 'p' } },
      ],
    });
    const s = ingest([f]).workloads[0].series.rss![0];
    expect(Array.from(s.times)).toEqual([1000, 2000, 3000]);
    expect(Array.from(s.values)).toEqual([1, 22, 3]);
  });

  it('makes node workloads from node_exporter series, by instance', () => {
    const node = { instance: 'n1:9100', job: 'node' };
    const input = frames(
      raw('node_memory_MemTotal_bytes', node, [8e9, 8e9]),
      raw('node_memory_MemFree_bytes', node, [1e9, 1e9]),
      raw('node_memory_Active_file_bytes', node, [2e9, 2e9]),
      raw('node_memory_Active_file_bytes', { instance: 'n2:9100', job: 'node' }, [2e9, 2e9]),
      { refId: 'Z', labels: { instance: 'n1:9100' }, times: grid(2), values: [5, 5], stepMs: STEP }
    );
    const r = ingest(input, { roles: { Z: 'inactiveFile' } });
    expect(r.workloads.map((w) => [w.kind, w.key, w.title])).toEqual([
      ['node', 'node:instance=n1:9100', 'n1:9100'],
      ['node', 'node:instance=n2:9100', 'n2:9100'],
    ]);
    expect(Object.keys(r.workloads[0].series).sort()).toEqual(['activeFile', 'inactiveFile', 'memFree', 'memTotal']);
  });

  it('says so when there is nothing to analyse', () => {
    expect(ingest([]).notes).toEqual([{ id: 'ingest.note.noFrames' }]);
    expect(ingest(frames(raw('up', {}, [1]))).notes).toEqual([
      { id: 'ingest.note.noWorkloads', params: { ignored: 1 } },
    ]);
  });
});
