/**
 * Test inputs built the way the panel receives them: Grafana wire JSON (from the shared wire builder)
 * decoded with @grafana/data's dataFrameFromJSON, and readers for the real fixtures in tests/fixtures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type DataFrame, type DataFrameJSON, dataFrameFromJSON } from '@grafana/data';

import { toWireFrame, type WireSeries } from '../../scenarios/wire';
import type { Labels } from '../types';

export const FIXTURES = join(__dirname, '..', '..', '..', 'tests', 'fixtures');

/** Wire JSON → JSON text → DataFrame, as it crosses the network into the panel. */
export function decode(wire: DataFrameJSON[]): DataFrame[] {
  return (JSON.parse(JSON.stringify(wire)) as DataFrameJSON[]).map((f) => dataFrameFromJSON(f));
}

/**
 * The frames of a `/api/ds/query` response, each with its query's refId, or of one query's
 * `{frames}`, decoded as Grafana does.
 */
export function decodeDsQuery(text: string): DataFrame[] {
  const doc = JSON.parse(text) as { results?: Record<string, { frames?: DataFrameJSON[] }>; frames?: DataFrameJSON[] };
  if (!doc.results) {
    return (doc.frames ?? []).map((f) => dataFrameFromJSON(f));
  }
  return Object.entries(doc.results).flatMap(([refId, r]) =>
    (r.frames ?? []).map((f) => ({ ...dataFrameFromJSON(f), refId }))
  );
}

export function frames(...series: WireSeries[]): DataFrame[] {
  return decode(series.map(toWireFrame));
}

export const T0 = 1_700_000_000_000;
export const STEP = 15_000;

/** n times `step` apart from `start`. */
export function grid(n: number, step = STEP, start = T0): number[] {
  return Array.from({ length: n }, (_, i) => start + i * step);
}

export const MiB = 1024 * 1024;

/** A raw series: labels with __name__, on the default grid. */
export function raw(name: string, labels: Labels, values: number[], opts: Partial<WireSeries> = {}): WireSeries {
  const stepMs = opts.stepMs ?? STEP;
  return {
    refId: 'A',
    labels: { __name__: name, ...labels },
    times: grid(values.length, stepMs),
    values,
    stepMs,
    ...opts,
  };
}

/** One sample line of a Prometheus text exposition: `name{a="1"} value [timestamp]`. */
export interface ExpositionSample {
  labels: Labels;
  value: number;
}

export function readExposition(file: string): ExpositionSample[] {
  const out: ExpositionSample[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) {
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) {
      continue;
    }
    const labels: Labels = { __name__: m[1] };
    for (const pair of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]] = pair[2].replace(/\\(.)/g, '$1');
    }
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

export interface TraceRow {
  usage: number;
  rss: number;
  cache: number;
  active_file: number;
  inactive_file: number;
  kmem: number;
  shmem: number;
  mapped_file: number;
  working_set: number;
}

/** A cgroup trace (tests/fixtures/cgroup-traces), without the rows taken before the process started. */
export function readTrace(name: string): TraceRow[] {
  const [header, ...lines] = readFileSync(join(FIXTURES, 'cgroup-traces', `${name}.csv`), 'utf8')
    .trim()
    .split('\n');
  const cols = header.split(',');
  const rows = lines.map((l) => {
    const cells = l.split(',').map(Number);
    return Object.fromEntries(cols.map((c, i) => [c, cells[i]])) as unknown as TraceRow;
  });
  return rows;
}

/** cAdvisor metric ← trace column, one-to-one (see the traces' README). */
export const TRACE_METRICS: Array<[string, keyof TraceRow]> = [
  ['container_memory_usage_bytes', 'usage'],
  ['container_memory_working_set_bytes', 'working_set'],
  ['container_memory_rss', 'rss'],
  ['container_memory_cache', 'cache'],
  ['container_memory_kernel_usage', 'kmem'],
  ['container_memory_total_active_file_bytes', 'active_file'],
  ['container_memory_total_inactive_file_bytes', 'inactive_file'],
];

/** A trace as scrapes 15 s apart, one frame per chosen metric. */
export function traceFrames(rows: TraceRow[], metrics: string[], labels: Labels): DataFrame[] {
  const times = grid(rows.length);
  return frames(
    ...TRACE_METRICS.filter(([m]) => metrics.includes(m)).map(([metric, col]) => ({
      refId: 'A',
      labels: { __name__: metric, ...labels },
      times,
      values: rows.map((r) => r[col]),
      stepMs: STEP,
    }))
  );
}
