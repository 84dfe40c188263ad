/**
 * The pressure strip under the chart and the projection beyond its end, as plain data: what the
 * assess stage found, scaled and placed for drawing. Pure: no theme, no uPlot, no DOM.
 */
import type { Assessment, PressureEvent } from '../analysis/types';

export interface PressureStripModel {
  /** The decomposition's axis (the chart's). */
  times: ArrayLike<number>;
  /** Shares of time stalled (0..1); absent where the signal did not arrive. */
  psiSome?: Float64Array;
  psiFull?: Float64Array;
  /** Refaulted bytes per second. */
  refaultBytesPerSec?: Float64Array;
  events: readonly PressureEvent[];
  /** The PSI scale's top: at least 10 % of the time, so a 1 % stall stays a low line. */
  psiTop: number;
  /** The refault scale's top: the largest rate (the line's shape is what the strip shows). */
  refaultTop: number;
}

/** The lowest top of the PSI scale, a share of time. */
const PSI_MIN_TOP = 0.1;

/** Null when no pressure signal arrived: then there is no strip. */
export function buildPressureStrip(a: Assessment, times: ArrayLike<number>): PressureStripModel | null {
  const { psiSome, psiFull, refaultBytesPerSec } = a.strip;
  const events = a.pressure.events;
  if (!psiSome && !psiFull && !refaultBytesPerSec && events.length === 0) {
    return null;
  }
  const psiMax = Math.max(maxOf(psiSome), maxOf(psiFull));
  return {
    times,
    psiSome,
    psiFull,
    refaultBytesPerSec,
    events,
    // Round up to the next 10 % so the scale reads as a plain share.
    psiTop: Math.min(1, Math.max(PSI_MIN_TOP, Math.ceil(psiMax * 10) / 10)),
    refaultTop: Math.max(maxOf(refaultBytesPerSec), 0),
  };
}

function maxOf(values: Float64Array | undefined): number {
  let max = 0;
  for (const v of values ?? []) {
    if (v > max) {
      max = v;
    }
  }
  return max;
}

/**
 * An SVG path through `values` scaled to `top` over a strip `height` high, x from `toX`; a gap
 * where a value is unknown. `area` closes each run down to the baseline, for a filled shape.
 */
export function stripPath(
  times: ArrayLike<number>,
  values: Float64Array,
  top: number,
  height: number,
  toX: (ms: number) => number,
  area = false
): string {
  const parts: string[] = [];
  let runStart = -1;
  let lastX = 0;
  const close = () => {
    if (area && runStart >= 0) {
      parts.push(`L${lastX.toFixed(1)},${height}L${runStart.toFixed(1)},${height}Z`);
    }
    runStart = -1;
  };
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || !(top > 0)) {
      close();
      continue;
    }
    const x = toX(times[i]);
    const y = height - (Math.min(Math.max(v, 0), top) / top) * height;
    if (runStart < 0) {
      runStart = x;
      parts.push(
        area ? `M${x.toFixed(1)},${height}L${x.toFixed(1)},${y.toFixed(1)}` : `M${x.toFixed(1)},${y.toFixed(1)}`
      );
    } else {
      parts.push(`L${x.toFixed(1)},${y.toFixed(1)}`);
    }
    lastX = x;
  }
  close();
  return parts.join('');
}

/** The axis index nearest to `ms` (times ascending); -1 on an empty axis. */
export function nearestIndex(times: ArrayLike<number>, ms: number): number {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0) {
    return -1;
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= ms) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return Math.abs(times[hi] - ms) < Math.abs(times[lo] - ms) ? hi : lo;
}

/** The events within half a step of the instant at axis index `i`. */
export function eventsAt(model: PressureStripModel, i: number): PressureEvent[] {
  const { times } = model;
  const t = times[i];
  if (t === undefined) {
    return [];
  }
  const half = Math.max((times[Math.min(i + 1, times.length - 1)] - times[Math.max(i - 1, 0)]) / 4, 1);
  return model.events.filter((e) => Math.abs(e.atMs - t) <= half);
}

/** The dashed line beyond the data: where the non-reclaimable memory (or a node's working set) heads. */
export interface ProjectionLine {
  fromMs: number;
  fromBytes: number;
  bytesPerMs: number;
  /** The limit or the eviction threshold. */
  targetBytes: number;
  /** When it reaches the target at the current rate. */
  reachMs: number;
}

/** Null when there is nothing to project (see ProjectionResult.reason). */
export function projectionLine(a: Assessment): ProjectionLine | null {
  const p = a.projection;
  if (p.etaSeconds === null || p.targetBytes === null || !(p.bytesPerMs > 0) || !Number.isFinite(p.fromBytes)) {
    return null;
  }
  return {
    fromMs: p.fromMs,
    fromBytes: p.fromBytes,
    bytesPerMs: p.bytesPerMs,
    targetBytes: p.targetBytes,
    reachMs: p.fromMs + p.etaSeconds * 1000,
  };
}

/** How far the time axis reaches past the range's end to show a projection: a fifth of the range. */
export const PROJECTION_SHARE_OF_RANGE = 0.2;

/** The time axis's extension past `toMs` for this projection: up to where it reaches the target. */
export function projectionExtensionMs(line: ProjectionLine | null, fromMs: number, toMs: number): number {
  if (!line) {
    return 0;
  }
  const most = (toMs - fromMs) * PROJECTION_SHARE_OF_RANGE;
  // At least a quarter of that, so a target reached soon is still a visible stretch of line.
  return Math.max(0, Math.min(most, Math.max(line.reachMs - toMs, most / 4)));
}
