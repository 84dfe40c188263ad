/**
 * Which series is which: every number field of every frame becomes a Series with a role, grouped
 * into workloads, or is listed in `ignored` with the reason. Nothing is dropped silently.
 */
import { type DataFrame, type Field, FieldType } from '@grafana/data';

import { float64Array } from './arena';
import { hasValues, NO_VALUE } from './layerMath';
import { seriesDisplayName } from './seriesName';
import { doubleCountReason, identify } from './identity';
import { classifyMetric, isNodeMetric, isNodeOnlyRole, isRole, isSharedRole, roleFromDisplayName } from './roles';
import type { IgnoredSeries, IngestResult, Labels, Message, Role, Series, Workload, WorkloadKind } from './types';

export interface IngestOptions {
  /** refId → role, for series with no __name__ (expressions, max by). */
  roles?: Record<string, Role>;
  /** User override of the identity labels; empty/undefined = automatic rules. */
  groupBy?: string[];
  /** Default false: pod-level (container="") and pause series are ignored, listed. */
  includePodLevel?: boolean;
}

function frameLabel(frame: DataFrame, index: number): string {
  return frame.refId ?? frame.name ?? `#${index + 1}`;
}

/** Times as epoch ms; strings (some datasources) are parsed. */
function toMs(v: unknown): number {
  if (typeof v === 'number') {
    return v;
  }
  if (typeof v === 'string') {
    return Date.parse(v);
  }
  if (v instanceof Date) {
    return v.getTime();
  }
  return NaN;
}

/**
 * No memory counter exceeds 2⁶⁴ bytes; a larger magnitude is corrupt, and sums of values near
 * Number.MAX_VALUE overflow to Infinity (then Inf − Inf = NaN) in every later stage.
 */
export const MAX_SAMPLE_BYTES = 2 ** 64;

export interface Samples {
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  /** How many values were beyond ±MAX_SAMPLE_BYTES and became NaN. */
  outOfRange: number;
}

/** A frame's time column read once, for each number field of the frame (and of frames sharing it). */
export interface TimeColumn {
  /** Epoch ms of each row; NaN where the row has no usable time. */
  ms: ArrayLike<number>;
  /** Every row has a time and they strictly ascend (a range query's frame): no row to drop or sort. */
  clean: boolean;
}

/**
 * The time column as epoch ms. A column of ascending numbers (a range query's, the usual case) is
 * used as it is, not copied: the stages only read it, and the copy was a good part of the cost.
 */
export function readTimes(timeValues: ArrayLike<unknown>): TimeColumn {
  const n = timeValues.length;
  let prev = -Infinity;
  let i = 0;
  for (; i < n; i++) {
    const t = timeValues[i];
    if (!(typeof t === 'number' && t > prev && t < Infinity)) {
      break;
    }
    prev = t;
  }
  if (i === n) {
    return { ms: timeValues as ArrayLike<number>, clean: true };
  }
  const ms = float64Array(n);
  let clean = true;
  prev = -Infinity;
  for (let k = 0; k < n; k++) {
    const raw = timeValues[k];
    const t = typeof raw === 'number' ? raw : toMs(raw);
    ms[k] = t;
    if (!(t > prev && t < Infinity)) {
      clean = false;
    }
    prev = t;
  }
  return { ms, clean };
}

/** A value as bytes: NaN unless a number within ±MAX_SAMPLE_BYTES (which also rejects NaN and ±Inf). */
function sampleValue(v: unknown): number {
  return typeof v === 'number' && Math.abs(v) <= MAX_SAMPLE_BYTES ? v : NO_VALUE;
}

function isOutOfRange(v: unknown): boolean {
  return typeof v === 'number' && Math.abs(v) > MAX_SAMPLE_BYTES && Math.abs(v) < Infinity;
}

/** True when the first n values are all numbers within ±MAX_SAMPLE_BYTES: they can be read as they are. */
function allSamples(fieldValues: ArrayLike<unknown>, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const v = fieldValues[i];
    if (!(typeof v === 'number' && Math.abs(v) <= MAX_SAMPLE_BYTES)) {
      return false;
    }
  }
  return true;
}

/** The first n of `a`: itself when that is all of it. */
function prefix(a: ArrayLike<number>, n: number): ArrayLike<number> {
  if (n === a.length) {
    return a;
  }
  return a instanceof Float64Array ? a.subarray(0, n) : Float64Array.from({ length: n }, (_, i) => a[i]);
}

/**
 * A field as ascending samples; null/NaN/±Inf values and values beyond ±2⁶⁴ become NaN (the latter
 * counted), rows without a time are dropped. On a clean time column the times are shared, not
 * copied: every field of the column gets the same (read-only) array; and a field whose values are
 * all usable numbers is read in place (Grafana's own array, read-only), else copied.
 */
export function toSamples(time: TimeColumn | ArrayLike<unknown>, fieldValues: ArrayLike<unknown>): Samples {
  const column = 'clean' in time ? time : readTimes(time);
  const n = Math.min(column.ms.length, fieldValues.length);
  if (column.clean) {
    const times = prefix(column.ms, n);
    if (allSamples(fieldValues, n)) {
      return { times, values: prefix(fieldValues as ArrayLike<number>, n), outOfRange: 0 };
    }
    const values = float64Array(n);
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const v = fieldValues[i];
      const x = sampleValue(v);
      values[i] = x;
      if (x !== x && isOutOfRange(v)) {
        outOfRange++;
      }
    }
    return { times, values, outOfRange };
  }
  const values = float64Array(n);
  let outOfRange = 0;
  let times = new Float64Array(n);
  let m = 0;
  let ascending = true;
  for (let i = 0; i < n; i++) {
    const t = column.ms[i];
    if (!Number.isFinite(t)) {
      continue;
    }
    const v = fieldValues[i];
    times[m] = t;
    values[m] = sampleValue(v);
    if (isOutOfRange(v)) {
      outOfRange++;
    }
    if (m > 0 && t <= times[m - 1]) {
      ascending = false;
    }
    m++;
  }
  times = times.subarray(0, m);
  const kept = values.subarray(0, m);
  if (ascending) {
    return { times, values: kept, outOfRange };
  }
  // Rare (a merged or hand-made frame): sort by time, and keep the last sample of a repeated time.
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
  const st = new Float64Array(m);
  const sv = new Float64Array(m);
  let k = 0;
  for (const i of order) {
    if (k > 0 && st[k - 1] === times[i]) {
      k--;
    }
    st[k] = times[i];
    sv[k] = kept[i];
    k++;
  }
  return { times: st.subarray(0, k), values: sv.subarray(0, k), outOfRange };
}

type RoleResult = { role: Role } | { reason: Message };

/** The role: from __name__; else the refId's entry in `roles`; else the field's names. */
function findRole(field: Field, labels: Labels, refId: string, options: IngestOptions): RoleResult {
  const metric = labels.__name__;
  let unknownMetric: Message | undefined;
  if (metric) {
    const c = classifyMetric(metric, labels);
    if ('role' in c || c.reason.id !== 'ingest.ignored.unknownMetric') {
      return c;
    }
    unknownMetric = c.reason;
  }
  const roles = options.roles ?? {};
  const given: unknown = Object.prototype.hasOwnProperty.call(roles, refId) ? roles[refId] : undefined;
  if (given !== undefined) {
    return typeof given === 'string' && isRole(given)
      ? { role: given }
      : { reason: { id: 'ingest.ignored.unknownRole', params: { refId, role: String(given) } } };
  }
  if (unknownMetric) {
    return { reason: unknownMetric };
  }
  for (const name of [field.config?.displayNameFromDS, field.config?.displayName, field.name]) {
    const role = name ? roleFromDisplayName(name, labels) : undefined;
    if (role) {
      return { role };
    }
  }
  return { reason: { id: 'ingest.ignored.noRole', params: { refId } } };
}

function kindOf(role: Role, metric: string | undefined): WorkloadKind | undefined {
  if ((metric && isNodeMetric(metric)) || isNodeOnlyRole(role)) {
    return 'node';
  }
  return isSharedRole(role) ? undefined : 'container';
}

function seriesName(field: Field, labels: Labels, refId: string): string {
  const display = field.config?.displayNameFromDS ?? field.config?.displayName;
  if (labels.__name__) {
    return display ?? seriesDisplayName(labels);
  }
  return `${refId}: ${display ?? field.name}`;
}

export function ingest(frames: DataFrame[], options: IngestOptions = {}): IngestResult {
  const ignored: IgnoredSeries[] = [];
  const notes: Message[] = [];
  const workloads = new Map<string, Workload>();
  const groupBy = options.groupBy?.filter((l) => l.trim() !== '');
  let groupByMatched = false;
  let outOfRange = 0;
  const outOfRangeSeries: string[] = [];

  const ignore = (labels: Labels, name: string, reason: Message) => ignored.push({ labels, name, reason });

  // Frames of one query often share their time column: read each one once.
  const timeColumns = new Map<ArrayLike<unknown>, TimeColumn>();
  const timeColumn = (values: ArrayLike<unknown>): TimeColumn => {
    let column = timeColumns.get(values);
    if (!column) {
      column = readTimes(values);
      timeColumns.set(values, column);
    }
    return column;
  };

  frames.forEach((frame, index) => {
    const refId = frameLabel(frame, index);
    const fields = frame.fields ?? [];
    const timeField = fields.find((f) => f.type === FieldType.time);
    const numberFields = fields.filter((f) => f.type === FieldType.number);
    for (const f of fields) {
      if (f === timeField || f.type === FieldType.number) {
        continue;
      }
      const reason = f.type === FieldType.string ? 'ingest.ignored.stringField' : 'ingest.ignored.unsupportedField';
      ignore(f.labels ?? {}, `${refId}: ${f.name}`, {
        id: reason,
        params: { refId, field: f.name, type: String(f.type) },
      });
    }
    if (!numberFields.length) {
      if (fields.length === 0) {
        ignore({}, refId, { id: 'ingest.ignored.emptyFrame', params: { refId } });
      } else if (fields.every((f) => f === timeField)) {
        ignore({}, refId, { id: 'ingest.ignored.noNumberField', params: { refId } });
      }
      return;
    }
    for (const field of numberFields) {
      const labels: Labels = { ...(field.labels ?? {}) };
      const name = seriesName(field, labels, refId);
      if (!timeField) {
        ignore(labels, name, { id: 'ingest.ignored.noTimeField', params: { refId } });
        continue;
      }
      const { times, values, outOfRange: rejected } = toSamples(timeColumn(timeField.values), field.values);
      if (rejected) {
        outOfRange += rejected;
        outOfRangeSeries.push(name);
      }
      if (!times.length) {
        ignore(labels, name, { id: 'ingest.ignored.empty', params: { refId } });
        continue;
      }
      if (!hasValues(values)) {
        ignore(labels, name, { id: 'ingest.ignored.noValues', params: { refId, series: name } });
        continue;
      }
      const found = findRole(field, labels, refId, options);
      if ('reason' in found) {
        ignore(labels, name, found.reason);
        continue;
      }
      const { kind, id } = identify(labels, kindOf(found.role, labels.__name__), groupBy);
      if (kind === 'container' && !options.includePodLevel) {
        const reason = doubleCountReason(labels, name);
        if (reason) {
          ignore(labels, name, reason);
          continue;
        }
      }
      groupByMatched ||= Object.keys(id.identity).length > 0;
      const interval = timeField.config?.interval;
      const series: Series = {
        role: found.role,
        ...(frame.refId ? { refId: frame.refId } : {}),
        labels,
        name,
        times,
        values,
        ...(typeof interval === 'number' && interval > 0 ? { stepMs: interval } : {}),
      };
      const mapKey = `${kind}|${id.key}`;
      let w = workloads.get(mapKey);
      if (!w) {
        w = { key: id.key, kind, identity: id.identity, title: id.title, series: {} };
        workloads.set(mapKey, w);
      }
      (w.series[found.role] ??= []).push(series);
    }
  });

  if (!frames.length) {
    notes.push({ id: 'ingest.note.noFrames' });
  } else if (!workloads.size) {
    notes.push({ id: 'ingest.note.noWorkloads', params: { ignored: ignored.length } });
  }
  if (outOfRange) {
    notes.push({ id: 'ingest.note.outOfRange', params: { points: outOfRange, series: outOfRangeSeries.join('; ') } });
  }
  if (groupBy?.length && workloads.size && !groupByMatched) {
    notes.push({ id: 'ingest.note.groupByUnmatched', params: { labels: groupBy.join(', ') } });
  }
  return { workloads: [...workloads.values()], ignored, notes };
}
