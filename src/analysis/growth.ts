/**
 * The numeric core of growth detection, on plain arrays. Every function is one or two sweeps over
 * its span, so the whole detector is linear in the number of points. See docs/growth-detection.md.
 */
import { NO_VALUE } from './layerMath';

/** A half-open index range [from, to) of one container lifetime. */
export interface Span {
  from: number;
  to: number;
}

/**
 * Moving mean over a time window `windowMs` wide, ignoring NaN; NaN where the window holds no
 * sample. Centred, except near the span's ends, where the window slides inside the span and keeps
 * its full width: a truncated window there would average less than a GC cycle and swing with its
 * phase. Both window edges only move forward, so each point enters and leaves the sum once.
 */
export function rollingMean(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  span: Span,
  windowMs: number,
  out: Float64Array
): void {
  const { from, to } = span;
  if (to <= from) {
    return;
  }
  const first = times[from];
  const last = times[to - 1];
  const half = windowMs / 2;
  let lo = from;
  let hi = from;
  // The times at the edges, carried in locals; each edge is tested once before its loop, as the
  // usual step moves it by one sample (a fifth faster than bare while loops).
  let tLo = first;
  let tHi = first;
  let sum = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    // [left, right], slid inside [first, last] where the span is long enough.
    const left = Math.max(first, Math.min(times[i] - half, last - windowMs));
    const right = left + windowMs;
    if (tHi <= right) {
      do {
        const v = values[hi++];
        if (v === v) {
          sum += v;
          count++;
        }
        tHi = hi < to ? times[hi] : Infinity;
      } while (tHi <= right);
    }
    if (tLo < left) {
      do {
        const v = values[lo++];
        if (v === v) {
          sum -= v;
          count--;
        }
        tLo = times[lo];
      } while (tLo < left);
    }
    out[i] = count > 0 ? sum / count : NO_VALUE;
  }
}

/**
 * The retained level: for each point, the lowest level from there to the end of the lifetime.
 * What a series keeps from then on; a GC sawtooth's peaks and any growth later given back vanish.
 * Non-decreasing by construction. NaN only where no finite value follows.
 */
export function suffixMin(values: ArrayLike<number>, span: Span, out: Float64Array): void {
  let min = NO_VALUE;
  for (let i = span.to - 1; i >= span.from; i--) {
    const v = values[i];
    if (v === v && !(v >= min)) {
      min = v;
    }
    out[i] = min;
  }
}

/**
 * Mean of the finite values in [from, to); NaN when none is. Read only at region boundaries (a few
 * stretches of half a window per region), so summing directly beats prefix sums over every point.
 */
export function rangeMean(values: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  let count = 0;
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
  }
  return count > 0 ? sum / count : NaN;
}

/**
 * Typical size of the wiggle left in a smoothed series: the robust scale of its distance from a
 * second smoothing (≈ σ for Gaussian noise), one window wide and several windows wide, whichever is
 * larger. A linear trend survives the smoothings and adds nothing, so slow growth is not mistaken
 * for noise.
 */
export function residualScale(
  times: ArrayLike<number>,
  level: Float64Array,
  span: Span,
  windowMs: number,
  scratch: Float64Array
): number {
  rollingMean(times, level, span, windowMs, scratch);
  const fast = robustScale(level, scratch, span);
  // An oscillation slower than the window (a long GC cycle) passes both smoothings unchanged and
  // would look like growth at the end of a range; a smoothing several windows wide shows it.
  rollingMean(times, level, span, SLOW_NOISE_WINDOWS * windowMs, scratch);
  return Math.max(fast, robustScale(level, scratch, span));
}

/** The width, in windows, of the smoothing that reveals slow oscillations. */
const SLOW_NOISE_WINDOWS = 4;

/**
 * The scale of `values − reference` over a span, robust to spikes and linear in time: the mean
 * absolute deviation, recomputed with every deviation clipped at three times the first estimate,
 * scaled to σ for Gaussian noise. A rare GC spike or a scrape of a transient allocation would
 * otherwise inflate the noise band and hide a real growth.
 */
export function robustScale(values: ArrayLike<number>, reference: ArrayLike<number>, span: Span): number {
  let total = 0;
  let count = 0;
  for (let i = span.from; i < span.to; i++) {
    const d = Math.abs(values[i] - reference[i]);
    if (d === d) {
      total += d;
      count++;
    }
  }
  if (count === 0) {
    return 0;
  }
  const clip = (3 * total) / count;
  let clipped = 0;
  for (let i = span.from; i < span.to; i++) {
    const d = Math.abs(values[i] - reference[i]);
    if (d === d) {
      clipped += Math.min(d, clip);
    }
  }
  return (1.2533 * clipped) / count;
}

/** A stretch where the retained level rose: indices into the arrays, inclusive. */
export interface Rise {
  start: number;
  end: number;
  /** Retained growth, bytes: retained[end] − retained[start]. */
  growth: number;
}

/**
 * Stretches where the retained level rises, merged across flat gaps up to `mergeMs` (a retained level
 * under noise or a sawtooth rises in small steps). `riseBounds` then finds where each one began and
 * ended.
 */
export function rises(times: ArrayLike<number>, retained: Float64Array, span: Span, mergeMs: number): Rise[] {
  const out: Rise[] = [];
  let start = -1;
  let end = -1;
  let prev = -1;
  const close = () => {
    if (start >= 0) {
      out.push({ start, end, growth: retained[end] - retained[start] });
    }
  };
  for (let i = span.from; i < span.to; i++) {
    const v = retained[i];
    if (v !== v) {
      continue;
    }
    if (prev >= 0 && v > retained[prev]) {
      if (start >= 0 && times[i] - times[end] <= mergeMs) {
        end = i;
      } else {
        close();
        start = prev;
        end = i;
      }
    }
    prev = i;
  }
  close();
  return out;
}

/**
 * Joins rises separated by less than `gapMs`, or by less than 1.5 × the median gap between them: a
 * leak under a GC sawtooth whose period exceeds the window keeps its retained level rising in evenly
 * spaced steps, one per GC cycle, and those steps are one growth, not many small ones.
 */
export function joinRises(times: ArrayLike<number>, retained: Float64Array, list: Rise[], gapMs: number): Rise[] {
  if (list.length < 2) {
    return list;
  }
  const gaps = list
    .slice(1)
    .map((r, i) => times[r.start] - times[list[i].end])
    .sort((a, b) => a - b);
  const limit = Math.max(gapMs, 1.5 * gaps[Math.floor((gaps.length - 1) / 2)]);
  const out: Rise[] = [];
  let current = list[0];
  for (const r of list.slice(1)) {
    if (times[r.start] - times[current.end] <= limit) {
      current = { start: current.start, end: r.end, growth: retained[r.end] - retained[current.start] };
    } else {
      out.push(current);
      current = r;
    }
  }
  out.push(current);
  return out;
}

/**
 * Where a rise really began and ended: the line through the points where it had made 25 % and 75 % of
 * its growth, extended to the level it rose from and to the level it reached. Exact for a linear
 * growth, whatever the ripple or the noise creeping at its foot (a retained level creeps up as the
 * last noise troughs before a growth pass by); a step gives the step. Always inside the rise.
 */
export function riseBounds(times: ArrayLike<number>, retained: Float64Array, rise: Rise): Rise {
  const base = retained[rise.start];
  const top = retained[rise.end];
  let i1 = rise.start;
  while (i1 < rise.end && retained[i1] < base + rise.growth * 0.25) {
    i1++;
  }
  let i3 = i1;
  while (i3 < rise.end && retained[i3] < base + rise.growth * 0.75) {
    i3++;
  }
  const dt = times[i3] - times[i1];
  const dv = retained[i3] - retained[i1];
  if (!(dt > 0 && dv > 0)) {
    return { start: i1, end: i3, growth: rise.growth };
  }
  const t0 = times[i1] - ((retained[i1] - base) * dt) / dv;
  const t1 = times[i3] + ((top - retained[i3]) * dt) / dv;
  let start = i1;
  while (start > rise.start && times[start - 1] >= t0) {
    start--;
  }
  let end = i3;
  while (end < rise.end && times[end + 1] <= t1) {
    end++;
  }
  return { start, end, growth: rise.growth };
}
