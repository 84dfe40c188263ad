/**
 * What a range query should return, computed from the samples themselves: at each step, each
 * series' latest sample no older than the look-back window (Prometheus 2.x: 5 minutes, both ends
 * inclusive: a sample exactly 5 minutes old still counts), then `max` over
 * the series. Used to check that the dashboards' filters keep exactly the container's own series,
 * and to find the steps where all inputs of a workload come from the same scrape.
 */
import type { SampleSeries } from './openmetrics';

export const PROMETHEUS_LOOKBACK_MS = 5 * 60_000;

/** Index of the last sample at or before `t` within `lookbackMs`, or -1. */
export function lastSampleIndex(s: { times: ArrayLike<number> }, t: number, lookbackMs: number): number {
  let lo = 0;
  let hi = s.times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s.times[mid] <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found >= 0 && s.times[found] >= t - lookbackMs ? found : -1;
}

export interface Picked {
  value: number;
  /** Timestamps of the samples that took part (one per series still in the look-back window). */
  sampleTimes: number[];
}

/** `max` over the series of each one's latest sample in the look-back window, at time `t`. */
export function maxAt(series: SampleSeries[], t: number, lookbackMs = PROMETHEUS_LOOKBACK_MS): Picked | undefined {
  let value = -Infinity;
  const sampleTimes: number[] = [];
  for (const s of series) {
    const i = lastSampleIndex(s, t, lookbackMs);
    if (i >= 0) {
      value = Math.max(value, s.values[i]);
      sampleTimes.push(s.times[i]);
    }
  }
  return sampleTimes.length ? { value, sampleTimes } : undefined;
}

/**
 * At each of `times`, the inputs' values when they "agree": every metric is present, each from exactly
 * one series (no lingering lifetime), all from the same scrape. Undefined elsewhere. Only where the
 * inputs agree can the decomposition identities be asked to hold to the byte.
 */
export function agreeingInputs(
  metrics: SampleSeries[][],
  times: ArrayLike<number>,
  lookbackMs = PROMETHEUS_LOOKBACK_MS
): Array<number[] | undefined> {
  return Array.from(times, (t) => {
    let ts: number | undefined;
    const values: number[] = [];
    for (const series of metrics) {
      const picked = maxAt(series, t, lookbackMs);
      if (!picked || picked.sampleTimes.length !== 1 || (ts !== undefined && picked.sampleTimes[0] !== ts)) {
        return undefined;
      }
      ts = picked.sampleTimes[0];
      values.push(picked.value);
    }
    return values;
  });
}
