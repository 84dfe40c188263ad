/**
 * Which layers a growth came from, with a stated error. Each working-set layer is regressed on the
 * growth's own shape g (0 before it, 1 after it: the working set's retained level, normalised), so
 * a step, a ramp, a warm-up curve or a growth that stops all fit the same way, and the fit uses every
 * sample of the region and of a window on either side. The fit is Theil–Sen on block medians:
 * medians make GC spikes and missing scrapes harmless, and the pairwise-slope median tolerates
 * outlying blocks. Its error comes from the blocks' robust scatter around the fitted line, so a GC
 * sawtooth too slow for a block to average widens it honestly. See docs/growth-detection.md.
 */
import type { GrowthKind, ShareKey } from './types';

/** At most this many blocks: enough for a robust fit, few enough that the pairwise slopes stay cheap. */
const MAX_BLOCKS = 48;
/** Pairs of blocks closer than this in g say nothing about the slope. */
const MIN_G_SEPARATION = 0.2;
/** Normal-consistent MAD factor. */
const MAD_TO_SIGMA = 1.4826;

export interface LayerChange {
  /** The layer's change across the growth, bytes. */
  delta: number;
  /** Its standard error, bytes. */
  se: number;
}

/** The growth's shape at each index: 0 before it, 1 after it. */
export interface GrowthShape {
  /** A non-decreasing level (the retained level), read on [from, to]. */
  level: ArrayLike<number>;
  base: number;
  top: number;
}

function shapeAt(shape: GrowthShape, i: number): number {
  const g = (shape.level[i] - shape.base) / (shape.top - shape.base);
  return g !== g ? NaN : g < 0 ? 0 : g > 1 ? 1 : g;
}

function median(sorted: Float64Array, n: number): number {
  if (n === 0) {
    return NaN;
  }
  const h = n >> 1;
  return n % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

/**
 * The median of numbers (none NaN). Sorted as a typed array: a native numeric sort, where an array
 * sorted with a comparator calls back into JavaScript for every comparison (slow while the code is
 * still cold, as it is on a panel's first render).
 */
export function medianOf(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  return median(sorted, sorted.length);
}

let scratch = new Float64Array(1024);

/** Median of the finite values in [from, to). */
function blockMedian(values: ArrayLike<number>, from: number, to: number): number {
  if (scratch.length < to - from) {
    scratch = new Float64Array(to - from);
  }
  let n = 0;
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (v === v) {
      scratch[n++] = v;
    }
  }
  const part = scratch.subarray(0, n);
  part.sort();
  return median(part, n);
}

/** Blocks over a fit: their mean g and the indices [lo, hi) they cover. */
export interface Blocks {
  g: number[];
  bounds: Array<[number, number]>;
}

export function growthBlocks(shape: GrowthShape, fitFrom: number, start: number, end: number, fitTo: number): Blocks {
  const out: Blocks = { g: [], bounds: [] };
  // The growth itself gets its own blocks, so that a short one (a warm-up, a step) is never averaged
  // into a block of the flat stretches around it.
  const parts: Array<[number, number]> = [
    [fitFrom, start],
    [start, end + 1],
    [end + 1, fitTo + 1],
  ];
  const nonEmpty = parts.filter(([from, to]) => to > from).length;
  for (const [from, to] of parts) {
    addBlocks(shape, from, to, Math.floor(MAX_BLOCKS / Math.max(1, nonEmpty)), out);
  }
  return out;
}

/** Up to `most` blocks over [from, to). */
function addBlocks(shape: GrowthShape, from: number, to: number, most: number, out: Blocks): void {
  const count = to - from;
  const b = Math.min(most, Math.max(0, count));
  for (let k = 0; k < b; k++) {
    const lo = from + Math.floor((k * count) / b);
    const hi = from + Math.floor(((k + 1) * count) / b);
    let sum = 0;
    let m = 0;
    for (let i = lo; i < hi; i++) {
      const g = shapeAt(shape, i);
      if (g === g) {
        sum += g;
        m++;
      }
    }
    if (m > 0) {
      out.g.push(sum / m);
      out.bounds.push([lo, hi]);
    }
  }
}

/**
 * One layer's change across the growth: the Theil–Sen slope of its block medians on g (g spans 0 to
 * 1, so the slope is the change), with the standard error of a line fit at the blocks' robust scatter.
 * Undefined when the layer has too few values or g does not vary.
 */
export function layerChange(values: ArrayLike<number>, blocks: Blocks): LayerChange | undefined {
  const g: number[] = [];
  const y: number[] = [];
  blocks.bounds.forEach(([lo, hi], k) => {
    const m = blockMedian(values, lo, hi);
    if (m === m) {
      g.push(blocks.g[k]);
      y.push(m);
    }
  });
  const slopes: number[] = [];
  for (let i = 0; i < g.length; i++) {
    for (let j = i + 1; j < g.length; j++) {
      const dg = g[j] - g[i];
      if (Math.abs(dg) >= MIN_G_SEPARATION) {
        slopes.push((y[j] - y[i]) / dg);
      }
    }
  }
  if (slopes.length === 0) {
    return undefined;
  }
  const delta = medianOf(slopes);
  const alpha = medianOf(y.map((v, i) => v - delta * g[i]));
  const sigma = MAD_TO_SIGMA * medianOf(y.map((v, i) => Math.abs(v - alpha - delta * g[i])));
  const gMean = g.reduce((s, v) => s + v, 0) / g.length;
  const spread = g.reduce((s, v) => s + (v - gMean) ** 2, 0);
  return { delta, se: spread > 0 ? sigma / Math.sqrt(spread) : Infinity };
}

/** Which kind each working-set layer counts towards. Node kernel and other make the kernel verdict. */
export const KIND_OF: Record<ShareKey, GrowthKind> = {
  rss: 'anon',
  anon: 'anon',
  kernel: 'kernel',
  other: 'kernel',
  activeFile: 'file-cache',
  shmem: 'shmem',
};

export type LayerChanges = Partial<Record<ShareKey, LayerChange>>;

/** Shares of the positive changes; undefined when nothing grew. */
export function sharesOf(changes: LayerChanges, keys: ShareKey[]): Partial<Record<ShareKey, number>> | undefined {
  let positive = 0;
  for (const k of keys) {
    positive += Math.max(0, changes[k]?.delta ?? 0);
  }
  if (!(positive > 0)) {
    return undefined;
  }
  return Object.fromEntries(keys.map((k) => [k, Math.max(0, changes[k]?.delta ?? 0) / positive]));
}

/** How many standard errors a judgement must survive: one-sided, well beyond chance across a fleet. */
export const CONFIDENCE_Z = 3;

/** A share whose confidence interval is no wider than this is precise enough to call a mix. */
const PRECISE_SHARE = 0.1;

export interface Judgement {
  /** The kind that holds at least `share` of the growth, mixed when none can, uncertain when the data cannot tell. */
  kind: GrowthKind | 'uncertain';
  /** The largest kind's share (point estimate). */
  share: number;
  /** The two kinds that the data cannot tell apart (largest point share first), when uncertain. */
  rivals?: [GrowthKind, GrowthKind];
}

/**
 * The verdict a set of layer changes supports. A kind is the verdict only when its share stays at or
 * above `share` with every change pushed against it by `CONFIDENCE_Z` standard errors; mixed only
 * when no kind could reach `share` with the changes pushed for it. Anything between is uncertain:
 * never a guess presented as a finding.
 */
export function judge(changes: LayerChanges, keys: ShareKey[], share: number, z = CONFIDENCE_Z): Judgement {
  const byKind = new Map<GrowthKind, { delta: number; variance: number }>();
  for (const k of keys) {
    const c = changes[k];
    if (!c) {
      continue;
    }
    const kind = KIND_OF[k];
    const acc = byKind.get(kind) ?? { delta: 0, variance: 0 };
    acc.delta += c.delta;
    acc.variance += c.se * c.se;
    byKind.set(kind, acc);
  }
  const kinds = [...byKind.entries()].map(([kind, { delta, variance }]) => {
    const se = Math.sqrt(variance);
    return { kind, point: Math.max(0, delta), lo: Math.max(0, delta - z * se), hi: Math.max(0, delta + z * se) };
  });
  const totalPoint = kinds.reduce((s, k) => s + k.point, 0);
  kinds.sort((a, b) => b.point - a.point);
  const top = kinds[0];
  const topShare = top && totalPoint > 0 ? top.point / totalPoint : 0;
  const lowShare = (k: (typeof kinds)[number]) => {
    const others = kinds.reduce((s, o) => (o === k ? s : s + o.hi), 0);
    return k.lo + others > 0 ? k.lo / (k.lo + others) : 0;
  };
  const highShare = (k: (typeof kinds)[number]) => {
    const others = kinds.reduce((s, o) => (o === k ? s : s + o.lo), 0);
    return k.hi + others > 0 ? k.hi / (k.hi + others) : 0;
  };
  if (top && totalPoint > 0 && lowShare(top) >= share) {
    return { kind: top.kind, share: topShare };
  }
  const plausible = kinds.filter((k) => highShare(k) >= share);
  // A share known to within a few points that merely sits on the line is a mix, precisely measured.
  const onTheLine = plausible.length > 0 && plausible.every((k) => highShare(k) - lowShare(k) <= PRECISE_SHARE);
  if (totalPoint > 0 && (plausible.length === 0 || onTheLine)) {
    return { kind: 'mixed', share: topShare };
  }
  // One plausible kind: it or mixed. Several: the two likeliest. None grew: nothing to name.
  const rivals: [GrowthKind, GrowthKind] | undefined =
    plausible.length > 1
      ? [plausible[0].kind, plausible[1].kind]
      : plausible.length === 1
        ? [plausible[0].kind, 'mixed']
        : undefined;
  return { kind: 'uncertain', share: topShare, rivals };
}
