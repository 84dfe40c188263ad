/**
 * Writes sample series as exposition text for backfilling:
 * - `openmetrics`: what `promtool tsdb create-blocks-from openmetrics` reads — one `# TYPE` per metric
 *   family, each family's lines contiguous, timestamps in seconds, each series' samples in time order,
 *   and a final `# EOF`;
 * - `prometheus`: the text format with millisecond timestamps, what VictoriaMetrics'
 *   `/api/v1/import/prometheus` reads.
 * Files are written series by series so that hundreds of MB never sit in one string.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

import type { Labels } from '../../../src/analysis/types';

export interface SampleSeries {
  /** Must include `__name__`. */
  labels: Labels;
  /** ms, ascending */
  times: ArrayLike<number>;
  values: ArrayLike<number>;
}

export type ExpositionFormat = 'openmetrics' | 'prometheus';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) {
    return 'NaN';
  }
  if (!Number.isFinite(v)) {
    return v > 0 ? '+Inf' : '-Inf';
  }
  return String(v);
}

/** `{a="1",b="2"}` without __name__, label names sorted, values escaped; bad names throw. */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort();
  for (const name of names) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new Error(`invalid label name ${JSON.stringify(name)}`);
    }
  }
  return names.length ? `{${names.map((n) => `${n}="${escapeLabelValue(labels[n])}"`).join(',')}}` : '';
}

function checkSeries(s: SampleSeries): string {
  const name = s.labels.__name__;
  if (!name || !METRIC_NAME.test(name)) {
    throw new Error(`series ${JSON.stringify(s.labels)}: missing or invalid __name__`);
  }
  if (s.times.length !== s.values.length) {
    throw new Error(`series ${name}${formatLabels(s.labels)}: ${s.times.length} times but ${s.values.length} values`);
  }
  for (let i = 1; i < s.times.length; i++) {
    if (!(s.times[i] > s.times[i - 1])) {
      throw new Error(`series ${name}${formatLabels(s.labels)}: times not strictly ascending at index ${i}`);
    }
  }
  return name;
}

/** Groups series into metric families, in first-seen order (OpenMetrics forbids interleaving families). */
function families(series: SampleSeries[]): Map<string, SampleSeries[]> {
  const byName = new Map<string, SampleSeries[]>();
  for (const s of series) {
    const name = checkSeries(s);
    const list = byName.get(name) ?? [];
    list.push(s);
    byName.set(name, list);
  }
  return byName;
}

function* lines(series: SampleSeries[], format: ExpositionFormat): Generator<string> {
  for (const [name, members] of families(series)) {
    yield `# TYPE ${name} gauge\n`;
    for (const s of members) {
      const prefix = `${name}${formatLabels(s.labels)} `;
      const out: string[] = new Array(s.times.length);
      for (let i = 0; i < s.times.length; i++) {
        const t = format === 'openmetrics' ? String(s.times[i] / 1000) : String(Math.round(s.times[i]));
        out[i] = `${prefix}${formatValue(s.values[i])} ${t}\n`;
      }
      yield out.join('');
    }
  }
  if (format === 'openmetrics') {
    yield '# EOF\n';
  }
}

/** The exposition as one string (small inputs, e.g. a test's fixture). */
export function toExposition(series: SampleSeries[], format: ExpositionFormat): string {
  return Array.from(lines(series, format)).join('');
}

/** Writes the exposition to `file`; returns the number of samples written. */
export function writeExposition(series: SampleSeries[], format: ExpositionFormat, file: string): number {
  const fd = openSync(file, 'w');
  let samples = 0;
  try {
    for (const chunk of lines(series, format)) {
      writeSync(fd, chunk);
    }
    samples = series.reduce((n, s) => n + s.times.length, 0);
  } finally {
    closeSync(fd);
  }
  return samples;
}
