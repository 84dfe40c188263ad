/**
 * One time axis per workload, and every series sampled onto it.
 * Series need not share timestamps (different steps, gaps, queries from several datasources), so the
 * axis is a regular grid at the finest step covering all series, and each series contributes the
 * value in force at each axis time, if its last sample is no older than two of its own steps.
 * Cost is linear in points; several series for one role are merged without double counting.
 */
import { float64Array, ScratchPool } from './arena';
import { NO_VALUE } from './layerMath';
import type { Message, Role, Series, Workload } from './types';
import { SIGNAL_ROLES } from './roles';

/** Above this many axis points per input sample the step is coarsened (a stray tiny step must not explode memory). */
const MAX_AXIS_POINTS_PER_SAMPLE = 4;
const MIN_AXIS_CAP = 4096;

/** The median spacing of ascending times, or undefined with fewer than two samples. */
export function medianSpacing(times: ArrayLike<number>): number | undefined {
  const n = times.length;
  if (n < 2) {
    return undefined;
  }
  // A strided sample of the spacings is enough for a median and keeps the sort small on 10⁶ points.
  const stride = Math.max(1, Math.floor((n - 1) / 10000));
  const gaps = new Float64Array(Math.ceil((n - 1) / stride));
  let m = 0;
  for (let i = 1; i < n; i += stride) {
    gaps[m++] = times[i] - times[i - 1];
  }
  const sorted = gaps.subarray(0, m).sort();
  const mid = sorted[Math.floor(m / 2)];
  return mid > 0 ? mid : undefined;
}

/** The series' step: the query step when Grafana gave it, else the median spacing of its samples. */
export function seriesStepMs(s: Series): number | undefined {
  if (s.stepMs !== undefined && s.stepMs > 0) {
    return s.stepMs;
  }
  return medianSpacing(s.times);
}

export interface Axis {
  times: Float64Array;
  stepMs: number;
  /** Set when the finest step would have made an axis too long, to the step it would have had. */
  coarsenedFromMs?: number;
}

/** A step when no series tells one (every series holds a single sample). */
const FALLBACK_STEP_MS = 60_000;

/** The union grid at the finest step, anchored on the first sample of the finest-step series. */
export function buildAxis(series: Series[]): Axis {
  let step = Infinity;
  let anchor = NaN;
  let tMin = Infinity;
  let tMax = -Infinity;
  let samples = 0;
  for (const s of series) {
    const n = s.times.length;
    if (!n) {
      continue;
    }
    samples += n;
    tMin = Math.min(tMin, s.times[0]);
    tMax = Math.max(tMax, s.times[n - 1]);
    const st = seriesStepMs(s);
    if (st !== undefined && st < step) {
      step = st;
      anchor = s.times[0];
    }
  }
  if (!samples) {
    return { times: new Float64Array(0), stepMs: Number.isFinite(step) ? step : FALLBACK_STEP_MS };
  }
  if (!Number.isFinite(step)) {
    step = FALLBACK_STEP_MS;
    anchor = tMin;
  }
  const cap = Math.max(MIN_AXIS_CAP, samples * MAX_AXIS_POINTS_PER_SAMPLE);
  let coarsenedFromMs: number | undefined;
  while ((tMax - tMin) / step + 1 > cap) {
    coarsenedFromMs ??= step;
    step *= 2;
  }
  // First grid point at or after the earliest sample, last at or before the latest.
  const start = anchor - Math.floor((anchor - tMin) / step) * step;
  const n = Math.max(1, Math.floor((tMax - start) / step) + 1);
  const times = float64Array(n);
  for (let i = 0; i < n; i++) {
    times[i] = start + i * step;
  }
  return { times, stepMs: step, ...(coarsenedFromMs !== undefined ? { coarsenedFromMs } : {}) };
}

/**
 * The series' value in force at each axis time: its last sample at or before it, within `toleranceMs`.
 * `carried`, when given, gets `bit` set where that sample is `stepMs` or more older than the axis time
 * (a value carried over a gap). A series whose times are the axis (a range query without gaps, the
 * usual case) is returned as is when it is already a Float64Array (callers only read the result),
 * else copied once. New arrays come from `allocate` (a result's by default).
 */
export function sampleOnAxis(
  s: Series,
  axis: Float64Array,
  toleranceMs: number,
  carried?: Uint8Array,
  stepMs = Infinity,
  allocate: (n: number) => Float64Array = float64Array,
  bit = 1
): Float64Array {
  const { times, values } = s;
  const n = times.length;
  if (isAxis(times, axis)) {
    if (values instanceof Float64Array) {
      return values;
    }
    const copy = allocate(n);
    copy.set(values);
    return copy;
  }
  const m = axis.length;
  const out = allocate(m);
  // One sweep: `next` is the time of sample j, the first after the axis time; `last` and `value` are
  // the sample in force. The test before the loop keeps the usual step (one sample per axis time)
  // to one well-predicted branch, which made the sweep about a third faster than a bare while.
  let j = 0;
  let next = n > 0 ? times[0] : Infinity;
  let last = NO_VALUE;
  let value = NO_VALUE;
  for (let i = 0; i < m; i++) {
    const t = axis[i];
    if (next <= t) {
      do {
        last = next;
        value = values[j];
        j++;
        next = j < n ? times[j] : Infinity;
      } while (next <= t);
    }
    // NaN before the first sample, so it fails the test.
    const age = t - last;
    if (age <= toleranceMs) {
      out[i] = value;
      if (carried && age >= stepMs) {
        carried[i] |= bit;
      }
    } else {
      out[i] = NO_VALUE;
    }
  }
  return out;
}

function isAxis(times: ArrayLike<number>, axis: Float64Array): boolean {
  if (times.length !== axis.length) {
    return false;
  }
  for (let i = 0; i < times.length; i++) {
    if (times[i] !== axis[i]) {
      return false;
    }
  }
  return true;
}

export interface MergedRole {
  values: Float64Array;
  /** Axis indices where a later-started series took over (a new container lifetime). */
  takeovers: number[];
  /** True when two series of the role had values at the same time (twins or lingering series). */
  overlapped: boolean;
}

/**
 * The carried masks, and the values of roles whose aligned array is not a result, are read only while
 * one workload is decomposed: they come from pools that the next workload's alignment reuses (fresh
 * arrays for each were most of the pipeline's garbage). A workload has one mask, a bit per role.
 */
const masks = new ScratchPool((n) => new Uint8Array(n));
const scratchValues = new ScratchPool((n) => new Float64Array(n));

function firstFinite(values: Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i])) {
      return i;
    }
  }
  return -1;
}

/**
 * Several series of one role (a restart's new series, a lingering old one, a /metrics/resource twin):
 * at each time the most recently started series with a value wins, so nothing is counted twice.
 * A takeover by a series that started more than two axis steps after the one it replaces is a restart;
 * twins that start together are only duplicates. `carried`, when given, gets `bit` set where the
 * value taken was carried over a gap (its sample is a step or more old: it is of an earlier instant).
 */
export function mergeSeries(list: Series[], axis: Axis, retained = true, carried?: Uint8Array, bit = 1): MergedRole {
  const n = axis.times.length;
  const tolerance = (s: Series) => 2 * (seriesStepMs(s) ?? axis.stepMs);
  if (list.length === 1) {
    const s = list[0];
    const allocate = retained ? float64Array : (k: number) => scratchValues.take(k);
    const values = sampleOnAxis(s, axis.times, tolerance(s), carried, axis.stepMs, allocate, bit);
    return { values, takeovers: [], overlapped: false };
  }
  // With several series each one's own sampling is scratch: only the merge can be a result.
  const sampledCarried = list.map(() => masks.take(n));
  const scratch = (k: number) => scratchValues.take(k);
  const sampled = list.map((s, k) => sampleOnAxis(s, axis.times, tolerance(s), sampledCarried[k], axis.stepMs, scratch));
  const starts = sampled.map(firstFinite);
  // Oldest first; on equal starts the later input wins (stable sort keeps input order).
  const order = sampled.map((_, k) => k).filter((k) => starts[k] >= 0);
  order.sort((a, b) => starts[a] - starts[b]);
  const values = (retained ? float64Array(n) : scratchValues.take(n)).fill(NaN);
  const takeovers: number[] = [];
  let overlapped = false;
  let current = -1;
  let newest = -1;
  for (let i = 0; i < n; i++) {
    let chosen = -1;
    let withValue = 0;
    for (let r = order.length - 1; r >= 0; r--) {
      const v = sampled[order[r]][i];
      if (!Number.isNaN(v)) {
        withValue++;
        if (chosen < 0) {
          chosen = r;
          values[i] = v;
          if (carried && sampledCarried[order[r]][i]) {
            carried[i] |= bit;
          }
        }
        if (withValue > 1) {
          break;
        }
      }
    }
    overlapped ||= withValue > 1;
    if (chosen < 0) {
      continue;
    }
    if (chosen > newest) {
      if (current >= 0 && starts[order[chosen]] - starts[order[current]] > 2) {
        takeovers.push(i);
      }
      newest = chosen;
    }
    current = chosen;
  }
  return { values, takeovers, overlapped };
}

export interface AlignedWorkload {
  times: Float64Array;
  stepMs: number;
  values: Partial<Record<Role, Float64Array>>;
  /**
   * Bit k set where the value of the k-th role of alignWorkload's `freshness` was carried over a gap
   * (see mergeSeries). One mask, not one per role: the stack reads it at every point. Scratch: valid
   * until the next alignWorkload, so only the decomposition of this workload may read it.
   */
  carried: Uint8Array;
  /** Restart candidates from series takeovers, merged across roles, ascending. */
  takeovers: number[];
  notes: Message[];
}

/** Roles whose series come and go with the container's lifetime (limits and requests do not). */
const LIFETIME_ROLES: ReadonlySet<Role> = new Set<Role>(['usage', 'workingSet', 'rss', 'cache', 'memTotal', 'memFree']);

/** Merges indices that are within `gap` of the previous kept one (one restart seen by several roles). */
export function mergeIndices(indices: number[], gap: number): number[] {
  const sorted = [...indices].sort((a, b) => a - b);
  const out: number[] = [];
  for (const i of sorted) {
    if (!out.length || i - out[out.length - 1] > gap) {
      out.push(i);
    }
  }
  return out;
}

/**
 * `retained`: the roles whose aligned values may become part of the decomposition; the others (read
 * only to derive layers) are scratch, valid until the next alignWorkload. Default: every role.
 * `freshness`: the roles (at most 8) whose carried values the `carried` mask records, in bit order.
 */
export function alignWorkload(
  workload: Workload,
  retained?: ReadonlySet<Role>,
  freshness: readonly Role[] = []
): AlignedWorkload {
  masks.reset();
  scratchValues.reset();
  // Signals (counters, PSI) are read onto the stack's axis by the assess stage: they do not shape it.
  const memory = (Object.entries(workload.series) as Array<[Role, Series[]]>).filter(
    ([role]) => !SIGNAL_ROLES.has(role)
  );
  const all = memory.flatMap(([, list]) => list);
  const axis = buildAxis(all);
  const notes: Message[] = [];
  if (axis.coarsenedFromMs !== undefined) {
    notes.push({ id: 'decompose.note.coarsened', params: { stepMs: axis.stepMs, fromStepMs: axis.coarsenedFromMs } });
  }
  const values: Partial<Record<Role, Float64Array>> = {};
  const carried = masks.take(axis.times.length);
  const takeovers: number[] = [];
  for (const [role, list] of memory) {
    if (!list.length) {
      continue;
    }
    const bit = freshness.indexOf(role);
    const merged = mergeSeries(list, axis, !retained || retained.has(role), bit >= 0 ? carried : undefined, 1 << bit);
    values[role] = merged.values;
    if (LIFETIME_ROLES.has(role)) {
      takeovers.push(...merged.takeovers);
    }
    if (list.length > 1 && merged.overlapped) {
      notes.push({
        id: 'decompose.note.duplicates',
        params: { role, count: list.length, series: list.map((s) => s.name).join('; ') },
      });
    }
  }
  return { times: axis.times, stepMs: axis.stepMs, values, carried, takeovers: mergeIndices(takeovers, 2), notes };
}
