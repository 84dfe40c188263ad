import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type DataFrame, type DataFrameJSON, FieldType, toDataFrame } from '@grafana/data';

import { decode, FIXTURES, frames, grid, MiB, raw, STEP } from './__testing__/frames';
import { k8s } from './__testing__/ingest';
import { ingest } from './ingest';

describe('ingest: expressions, entities and role names', () => {
  it('turns NaN and Inf entities into NaN and lists an expression without a role', () => {
    const wire = JSON.parse(readFileSync(join(FIXTURES, 'grafana-wire', 'range_nan.result.json'), 'utf8'))
      .frames as DataFrameJSON[];
    const input = decode(wire.map((f): DataFrameJSON => ({ ...f, schema: { ...f.schema!, refId: 'A' } })));
    expect(ingest(input).ignored).toEqual([
      {
        labels: { handler: '/api/v1/query_range', job: 'prometheus' },
        name: 'A: {handler="/api/v1/query_range", job="prometheus"}',
        reason: {
          id: 'ingest.ignored.noValues',
          params: { refId: 'A', series: 'A: {handler="/api/v1/query_range", job="prometheus"}' },
        },
      },
    ]);
    const mixed = frames({
      refId: 'E',
      labels: { pod: 'p' },
      times: grid(4),
      values: [1, NaN, Infinity, -Infinity],
      stepMs: STEP,
    });
    const r = ingest(mixed, { roles: { E: 'rss' } });
    expect(Array.from(r.workloads[0].series.rss![0].values)).toEqual([1, NaN, NaN, NaN]);
  });

  it('treats samples beyond ±2^64 bytes as missing and counts them in a note, so no later sum overflows', () => {
    const usage = raw('container_memory_usage_bytes', k8s, [1e308, 2 ** 64, -1e20, 5 * MiB]);
    const rss = raw('container_memory_rss', k8s, [1e308, 1e308, 1e308, 1e308]);
    const r = ingest(frames(usage, rss));
    expect(Array.from(r.workloads[0].series.usage![0].values)).toEqual([NaN, 2 ** 64, NaN, 5 * MiB]);
    expect(r.ignored.map((s) => s.reason.id)).toEqual(['ingest.ignored.noValues']);
    expect(r.notes).toEqual([
      {
        id: 'ingest.note.outOfRange',
        params: { points: 6, series: `${r.workloads[0].series.usage![0].name}; ${r.ignored[0].name}` },
      },
    ]);
    expect(ingest(frames(raw('container_memory_usage_bytes', k8s, [1e19, 1.8e19]))).notes).toEqual([]);
  });

  it('gives expression results the role from the roles map, then from the field name', () => {
    const expr = (refId: string, labels: Record<string, string>) => ({
      refId,
      labels,
      times: grid(2),
      values: [1, 2],
      stepMs: STEP,
    });
    const input = frames(
      expr('A', { namespace: 'shop', pod: 'api-0', container: 'api' }),
      expr('B', { namespace: 'shop', pod: 'api-0', container: 'api' }),
      expr('C', { pod: 'x' })
    );
    const r = ingest(input, { roles: { A: 'workingSet', B: 'rss' } });
    expect(r.workloads).toHaveLength(1);
    expect(Object.keys(r.workloads[0].series).sort()).toEqual(['rss', 'workingSet']);
    expect(r.workloads[0].series.rss![0].name).toBe('B: {container="api", namespace="shop", pod="api-0"}');
    expect(r.ignored).toEqual([
      expect.objectContaining({ reason: { id: 'ingest.ignored.noRole', params: { refId: 'C' } } }),
    ]);

    // A refId named like an Object method is not a roles entry.
    expect(ingest(frames(expr('constructor', { pod: 'x' })), { roles: {} }).ignored[0].reason.id).toBe(
      'ingest.ignored.noRole'
    );
    expect(ingest(frames(raw('constructor', { pod: 'x' }, [1]))).ignored[0].reason.id).toBe(
      'ingest.ignored.unknownMetric'
    );
    const bad = ingest(frames(expr('A', { pod: 'x' })), { roles: { A: 'heap' as never } });
    expect(bad.ignored[0].reason).toEqual({ id: 'ingest.ignored.unknownRole', params: { refId: 'A', role: 'heap' } });
  });

  it('reads the role from a display name: a metric name or a role name', () => {
    const byName = (name: string, refId: string): DataFrame =>
      toDataFrame({
        refId,
        fields: [
          { name: 'Time', type: FieldType.time, values: grid(2) },
          { name, type: FieldType.number, values: [1, 2], labels: { pod: 'p', container: 'c' } },
        ],
      });
    const withDisplay: DataFrame = toDataFrame({
      refId: 'D',
      fields: [
        { name: 'Time', type: FieldType.time, values: grid(2) },
        {
          name: 'Value',
          type: FieldType.number,
          values: [1, 2],
          labels: { pod: 'p', container: 'c' },
          config: { displayName: 'cache' },
        },
      ],
    });
    const r = ingest([
      byName('workingSet', 'A'),
      byName('rss', 'B'),
      byName('namespace_pod_container:container_memory_usage_bytes:max', 'C'),
      withDisplay,
    ]);
    expect(Object.keys(r.workloads[0].series).sort()).toEqual(['cache', 'rss', 'usage', 'workingSet']);
    expect(r.ignored).toEqual([]);
  });

  it('takes recording-rule series by their middle name', () => {
    const lbl = { namespace: 'shop', pod: 'api-0', container: 'api' };
    const names = ['usage_bytes', 'working_set_bytes', 'rss', 'cache'].map(
      (m) => `namespace_pod_container:container_memory_${m}:max`
    );
    names.push(
      'namespace_pod_container:container_memory_kernel_bytes:derived',
      'namespace_pod_container:kube_pod_container_resource_limits_memory_bytes:max'
    );
    const r = ingest(frames(...names.map((n) => raw(n, lbl, [1, 2]))));
    expect(Object.keys(r.workloads[0].series).sort()).toEqual([
      'cache',
      'kernel',
      'limit',
      'rss',
      'usage',
      'workingSet',
    ]);
  });
});
