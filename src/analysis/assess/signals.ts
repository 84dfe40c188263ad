/**
 * The signals of whether it matters (refaults, reclaim scans, PSI, limit hits, OOM kills,
 * restarts) on the decomposition's time axis. Counters arrive raw (a series with its `__name__`:
 * the rate is taken here, across counter resets and restarts) or already as a per-second rate
 * (`rate(…)` drops `__name__`; a recording rule says `rate` in its last part).
 */
import { sampleOnAxis, seriesStepMs } from '../align';
import { NO_VALUE } from '../layerMath';
import type { Role, Series, Workload } from '../types';

export { SIGNAL_ROLES } from '../roles';

/** Signal roles that are gauges (read as they are); every other signal role is a counter. */
const GAUGE_ROLES: ReadonlySet<Role> = new Set<Role>(['terminatedReason', 'slabReclaimable', 'slabUnreclaimable']);

/** The kernel's page size: refault and scan counters count pages. */
export const PAGE_BYTES = 4096;

/** True when the series is already a per-second rate rather than a raw counter. */
export function isRateSeries(s: Series): boolean {
  const metric = s.labels.__name__;
  if (!metric) {
    return true;
  }
  const parts = metric.split(':');
  return parts.length === 3 && /rate/i.test(parts[2]);
}

export function hasSignal(w: Workload, role: Role): boolean {
  return (w.series[role]?.length ?? 0) > 0;
}

/**
 * Per axis step, how much the counter advanced (for a rate series, rate × the step's seconds):
 * NaN where unknown. A fall is a reset (a restart, a new series): the new value is the increase.
 * Several series of one role (a restart's new series, a lingering old one) are not summed: at
 * each step the largest advance stands, so a twin does not count twice.
 */
export function advancesOnAxis(
  list: Series[] | undefined,
  times: Float64Array,
  stepMs: number
): Float64Array | undefined {
  if (!list?.length) {
    return undefined;
  }
  const n = times.length;
  const out = new Float64Array(n).fill(NO_VALUE);
  for (const s of list) {
    const tolerance = 2 * (seriesStepMs(s) ?? stepMs);
    const v = sampleOnAxis(s, times, tolerance, undefined, Infinity, (k) => new Float64Array(k));
    const rate = isRateSeries(s);
    for (let i = 1; i < n; i++) {
      const cur = v[i];
      const prev = v[i - 1];
      if (cur !== cur || prev !== prev) {
        continue;
      }
      const advance = rate ? (Math.max(0, cur) * (times[i] - times[i - 1])) / 1000 : cur >= prev ? cur - prev : cur;
      if (!(out[i] >= advance)) {
        out[i] = advance;
      }
    }
  }
  return out;
}

/** Per-second rate at each axis step, from `advancesOnAxis`. */
export function rateOnAxis(list: Series[] | undefined, times: Float64Array, stepMs: number): Float64Array | undefined {
  const adv = advancesOnAxis(list, times, stepMs);
  if (!adv) {
    return undefined;
  }
  for (let i = 1; i < adv.length; i++) {
    adv[i] = adv[i] / ((times[i] - times[i - 1]) / 1000);
  }
  adv[0] = NO_VALUE;
  return adv;
}

/** A gauge on the axis: at each time the largest value of its series. */
export function gaugeOnAxis(list: Series[] | undefined, times: Float64Array, stepMs: number): Float64Array | undefined {
  if (!list?.length) {
    return undefined;
  }
  const out = new Float64Array(times.length).fill(NO_VALUE);
  for (const s of list) {
    const v = sampleOnAxis(s, times, 2 * (seriesStepMs(s) ?? stepMs), undefined, Infinity, (k) => new Float64Array(k));
    for (let i = 0; i < out.length; i++) {
      if (v[i] === v[i] && !(out[i] >= v[i])) {
        out[i] = v[i];
      }
    }
  }
  return out;
}

export function isGaugeRole(role: Role): boolean {
  return GAUGE_ROLES.has(role);
}

/** The mean of the finite values of a[from, to), or NaN. */
export function meanOf(a: ArrayLike<number> | undefined, from: number, to: number): number {
  if (!a) {
    return NaN;
  }
  let sum = 0;
  let count = 0;
  for (let i = Math.max(0, from); i < Math.min(to, a.length); i++) {
    const v = a[i];
    if (v === v) {
      sum += v;
      count++;
    }
  }
  return count ? sum / count : NaN;
}
