/**
 * The named bad inputs (docs/bad-inputs.md), each as the file a user would save from Grafana's query
 * inspector: a `/api/ds/query` response. The same inputs feed the analyzer tests (a real subprocess)
 * and the panel tests (decoded with dataFrameFromJSON, as Grafana hands them over).
 * Healthy parts come from the scenario generator, so only the named defect differs from real data.
 */
import { type DataFrameJSON, FieldType } from '@grafana/data';

import { generateScenario, type ScenarioName, type ScenarioSeries } from '../../scenarios/generator';
import { toWireFrame } from '../../scenarios/wire';
import type { Labels } from '../types';

export const MB = 1e6;
const STEP_MS = 60_000;

export const METRIC = {
  usage: 'container_memory_usage_bytes',
  workingSet: 'container_memory_working_set_bytes',
  rss: 'container_memory_rss',
  cache: 'container_memory_cache',
  kernel: 'container_memory_kernel_usage',
  activeFile: 'container_memory_total_active_file_bytes',
  inactiveFile: 'container_memory_total_inactive_file_bytes',
  limit: 'container_spec_memory_limit_bytes',
} as const;

/** A day of one container from the generator, as plain series. */
export function containerDay(name: ScenarioName = 'seed-file-cache', days = 1): ScenarioSeries[] {
  return generateScenario(name, { seed: 3, days, stepMs: STEP_MS }).series;
}

export function frames(series: ScenarioSeries[], refId = 'A'): DataFrameJSON[] {
  return series.map((s) => toWireFrame({ refId, labels: s.labels, times: s.times, values: s.values, stepMs: STEP_MS }));
}

/** `/api/ds/query`'s response shape: `{results: {refId: {status, frames}}}`. */
export function dsQuery(byRef: Record<string, DataFrameJSON[]>): string {
  return JSON.stringify({
    results: Object.fromEntries(Object.entries(byRef).map(([refId, f]) => [refId, { status: 200, frames: f }])),
  });
}

const only = (series: ScenarioSeries[], ...metrics: string[]) =>
  series.filter((s) => metrics.includes(s.labels.__name__));
const without = (series: ScenarioSeries[], ...metrics: string[]) =>
  series.filter((s) => !metrics.includes(s.labels.__name__));
const relabel = (
  s: ScenarioSeries,
  labels: Labels,
  map: (v: number, i: number) => number = (v) => v
): ScenarioSeries => ({
  labels: { ...s.labels, ...labels },
  times: s.times.slice(),
  values: s.values.map(map),
});
const find = (series: ScenarioSeries[], metric: string) => series.find((s) => s.labels.__name__ === metric)!;

export interface BadInput {
  /** Stable id, used in docs/bad-inputs.md and the test names. */
  id: string;
  title: string;
  /** The file's text. */
  file: () => string;
}

function stringFieldFrame(): DataFrameJSON {
  const f = toWireFrame({
    refId: 'B',
    labels: { __name__: 'container_memory_rss', namespace: 'shop', pod: 'text-0', container: 'app' },
    times: [0, 60_000],
    values: [1, 2],
    stepMs: STEP_MS,
  });
  const fields = f.schema!.fields;
  return {
    schema: { ...f.schema, fields: [fields[0], { ...fields[1], type: FieldType.string }] },
    data: { values: [f.data!.values[0], ['120 MB', '121 MB']] },
  };
}

/** A week of one container that restarts at 3.5 days (a new container id, so new series). */
export function plainRestart(): ScenarioSeries[] {
  return generateScenario('restart', { seed: 3, days: 7, stepMs: STEP_MS }).series;
}

/** The restart with the old container's series lingering 5 minutes past the restart (Prometheus's lookback). */
export function lingeringRestart(): ScenarioSeries[] {
  const series = plainRestart();
  const ids = [...new Set(series.map((s) => s.labels.id))];
  return series.map((s) => {
    if (s.labels.id !== ids[0]) {
      return s;
    }
    const last = s.times[s.times.length - 1];
    const times = [...s.times];
    const values = [...s.values];
    for (let k = 1; k <= 5; k++) {
      times.push(last + k * STEP_MS);
      values.push(s.values[s.values.length - 1]);
    }
    return { labels: s.labels, times, values };
  });
}

export const BAD_INPUTS: BadInput[] = [
  { id: 'no-data', title: 'No data', file: () => dsQuery({ A: [] }) },
  {
    id: 'unrelated-metrics',
    title: 'Only unrelated metrics',
    file: () =>
      dsQuery({
        A: frames([
          {
            labels: {
              __name__: 'container_cpu_usage_seconds_total',
              namespace: 'shop',
              pod: 'api-0',
              container: 'api',
            },
            times: [0, 60_000],
            values: [1, 2],
          },
          { labels: { __name__: 'up', job: 'kubelet', instance: 'node-1' }, times: [0, 60_000], values: [1, 1] },
        ]),
      }),
  },
  {
    id: 'only-working-set',
    title: 'Only working set',
    file: () => dsQuery({ A: frames(only(containerDay('leak', 7), METRIC.workingSet)) }),
  },
  {
    id: 'string-fields',
    title: 'String fields',
    file: () => dsQuery({ A: frames(containerDay()), B: [stringFieldFrame()] }),
  },
  {
    id: 'limit-zero',
    title: 'A limit of 0 (unlimited)',
    file: () => {
      const day = containerDay();
      return dsQuery({ A: frames([...without(day, METRIC.limit), relabel(find(day, METRIC.limit), {}, () => 0)]) });
    },
  },
  {
    id: 'limit-below-usage',
    title: 'A limit smaller than usage',
    file: () => {
      const day = containerDay();
      return dsQuery({
        A: frames([...without(day, METRIC.limit), relabel(find(day, METRIC.limit), {}, () => 50 * MB)]),
      });
    },
  },
  {
    id: 'usage-below-working-set',
    title: 'Usage below working set',
    file: () => {
      const day = containerDay();
      const ws = find(day, METRIC.workingSet);
      return dsQuery({
        A: frames([
          ...without(day, METRIC.usage),
          relabel(find(day, METRIC.usage), {}, (_v, i) => ws.values[i] - 10 * MB),
        ]),
      });
    },
  },
  {
    id: 'cache-above-usage',
    title: 'Cache above usage',
    file: () => {
      const day = containerDay();
      const usage = find(day, METRIC.usage);
      return dsQuery({
        A: frames([
          ...without(day, METRIC.cache),
          relabel(find(day, METRIC.cache), {}, (_v, i) => usage.values[i] + 50 * MB),
        ]),
      });
    },
  },
  {
    id: 'duplicates',
    title: 'Duplicate series for one container (a lingering restart, a /metrics/resource twin)',
    file: () => {
      const series = lingeringRestart();
      // The twin copies the running container's working set (the second lifetime's series).
      const ws = series.filter((s) => s.labels.__name__ === METRIC.workingSet).pop()!;
      const twin = relabel(ws, { metrics_path: '/metrics/resource' });
      for (const k of ['id', 'image', 'name']) {
        delete twin.labels[k];
      }
      return dsQuery({ A: frames([...series, twin]) });
    },
  },
  {
    id: 'pod-level-and-pause',
    title: 'Pod-level and pause series',
    file: () => {
      const day = containerDay();
      const usage = find(day, METRIC.usage);
      const podLevel = relabel(
        usage,
        { container: '', image: '', id: '/kubepods/burstable/podabc', name: '' },
        (v) => v + 2 * MB
      );
      const pause = relabel(
        usage,
        { container: 'POD', image: 'registry.k8s.io/pause:3.9', id: '/kubepods/burstable/podabc/0123' },
        () => 1 * MB
      );
      return dsQuery({ A: frames([...day, podLevel, pause]) });
    },
  },
  { id: 'malformed-not-json', title: 'A malformed file: not JSON', file: () => '{"results": {"A": {"frames": [' },
  {
    id: 'malformed-shape',
    title: 'A malformed file: JSON of another shape',
    file: () => JSON.stringify({ data: { result: [] } }),
  },
  {
    id: 'malformed-frames',
    title: 'A malformed file: frames without a schema',
    file: () => JSON.stringify({ results: { A: { frames: [{ data: { values: [[1, 2]] } }, 42, null] } } }),
  },
  {
    id: 'million-points',
    title: 'A frame with 10⁶ points',
    file: () => {
      const n = 1_000_000;
      const start = Date.UTC(2025, 0, 6);
      const labels = { namespace: 'shop', pod: 'big-0', container: 'app' };
      const times = new Array<number>(n);
      const usage = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        times[i] = start + i * 1000;
        // 200 MB growing by 15 MB/day of active file, with a ±1 MB ripple.
        usage[i] = Math.round(200 * MB + (15 * MB * i) / 86_400 + MB * Math.sin(i / 50));
      }
      // The other series at the usual 60 s step over the same 11.6 days: 40 MB inactive, 8 MB kernel, 120 MB rss.
      const coarse = times.filter((_, i) => i % 60 === 0);
      const at = (metric: string, value: (u: number) => number) =>
        toWireFrame({
          refId: 'A',
          labels: { __name__: metric, ...labels },
          times: coarse,
          values: coarse.map((_, k) => value(usage[k * 60])),
          stepMs: STEP_MS,
        });
      return dsQuery({
        A: [
          toWireFrame({
            refId: 'A',
            labels: { __name__: METRIC.usage, ...labels },
            times,
            values: usage,
            stepMs: 1000,
          }),
          at(METRIC.workingSet, (u) => u - 40 * MB),
          at(METRIC.rss, () => 120 * MB),
          at(METRIC.cache, (u) => u - 128 * MB),
        ],
      });
    },
  },
];

export function badInput(id: string): BadInput {
  const found = BAD_INPUTS.find((b) => b.id === id);
  if (!found) {
    throw new Error(`no bad input named ${id}`);
  }
  return found;
}
