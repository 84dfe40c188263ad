/**
 * The growth of one series (detect's working set, or usage): per lifetime, its smoothed and retained
 * levels, the net retained growth, and the rises that clear the noise and the thresholds, as regions
 * with the shape their layers are fitted on. detect.ts attributes them. See docs/growth-detection.md.
 */
import { CONFIDENCE_Z, type GrowthShape, growthBlocks, layerChange } from './attribution';
import {
  type Rise,
  type Span,
  joinRises,
  rangeMean,
  residualScale,
  riseBounds,
  rises,
  robustScale,
  rollingMean,
  suffixMin,
} from './growth';
import type { DetectOptions } from './types';

/** The residual scale is multiplied by this to give the noise band a rise must clear. */
const NOISE_SIGMAS = 5;
/** A rise joins others into one growth only if it is at least this fraction of the threshold. */
const STEP_FRACTION = 16;
/** Between two regions of one lifetime, each is fitted at most this many windows into the gap. */
const NEIGHBOUR_WINDOWS = 4;
/** Raw samples that give a lifetime's first level, before the window hides a warm-up. */
const HEAD_SAMPLES = 3;

/** A rise that became a region, with the shape its layers are fitted on and the samples of the fit. */
export interface GrowthRise extends Rise {
  shape: GrowthShape;
  fitFrom: number;
  fitTo: number;
}

/** Growth of one series (per lifetime, retained level) and the rises that clear the thresholds. */
export interface SeriesGrowth {
  growth: number;
  rises: GrowthRise[];
  /** Whether some lifetime's net retained growth reached its threshold. */
  significant: boolean;
}

/**
 * Working arrays for seriesGrowth, kept from one call to the next: detect runs synchronously and
 * reads them only before the next call, and a fresh set per series was most of its garbage. Only the
 * lifetimes' indices are written and read, so what an earlier, longer series left beyond them is
 * never seen.
 */
let work: { level: Float64Array; retained: Float64Array; scratch: Float64Array; short: Float64Array } | undefined;

function workArrays(n: number): NonNullable<typeof work> {
  if (!work || work.level.length < n) {
    const make = () => new Float64Array(n);
    work = { level: make(), retained: make(), scratch: make(), short: make() };
  }
  return work;
}

/**
 * `withRises` false: only the growth and its significance (what usage needs unless the verdict is
 * stable); the noise scale and the rises, two thirds of the cost, are skipped and `rises` stays empty.
 */
export function seriesGrowth(
  times: Float64Array,
  values: Float64Array,
  spans: Span[],
  windowMs: number,
  stepMs: number,
  options: DetectOptions,
  withRises = true
): SeriesGrowth {
  const { level, retained, scratch, short } = workArrays(times.length);
  const result: SeriesGrowth = { growth: 0, rises: [], significant: false };
  const windowSamples = Math.max(1, Math.round(windowMs / Math.max(1, stepMs)));
  for (const span of spans) {
    rollingMean(times, values, span, windowMs, level);
    suffixMin(level, span, retained);
    let first = span.from;
    while (first < span.to && retained[first] !== retained[first]) {
      first++;
    }
    let last = span.to - 1;
    while (last > first && level[last] !== level[last]) {
      last--;
    }
    if (first >= span.to) {
      continue;
    }
    // The last window has no future to show what it keeps: a slow GC cycle or a burst there would
    // read as growth. Hold the retained level at what the whole last window kept.
    let tail = last;
    while (tail > first && times[tail - 1] >= times[last] - windowMs) {
      tail--;
    }
    retained.fill(retained[tail], tail, last + 1);
    // The span holds a finite level (first < span.to), so the mean is a number.
    const mean = rangeMean(level, span.from, span.to);
    const threshold = Math.max(options.minGrowthBytes, options.minGrowthRatio * mean);
    const gap = headGap(values, span, retained[first], threshold, level);
    const net = retained[last] - retained[first] + (gap?.gap ?? 0);
    result.growth += Math.max(0, net);
    if (net >= threshold) {
      result.significant = true;
    }
    if (!withRises) {
      continue;
    }
    const noise = NOISE_SIGMAS * residualScale(times, level, span, windowMs, scratch);
    const head = gap && headRise(times, values, span, gap, retained[first], windowMs, stepMs, short);
    const all = rises(times, retained, span, windowMs).filter((r) => r.growth > noise && r.end > r.start);
    // Steps much smaller than the threshold are noise troughs passing by, not stairs of a growth.
    const clear = all.filter((r) => r.growth >= threshold / STEP_FRACTION);
    let kept = joinRises(times, retained, clear, windowMs).map((r) => riseBounds(times, retained, r));
    if (head && kept.length > 0 && kept[0].start <= head.end + windowSamples) {
      // The window's own rise at the start is the rest of the head's growth: one region.
      const r = kept.shift()!;
      head.end = Math.max(head.end, r.end);
      head.growth += r.growth;
      head.shape.top = retained[r.end];
    }
    // Fit bounds are set once the lifetime's regions are known.
    const fit = (r: Rise, shape: GrowthShape): GrowthRise => ({ ...r, shape, fitFrom: r.start, fitTo: r.end });
    const regions = kept
      .filter((r) => r.growth >= threshold)
      .map((r) => fit(r, { level: retained, base: retained[r.start], top: retained[r.end] }));
    if (head && head.growth >= threshold) {
      regions.unshift(fit(head, head.shape));
    }
    const retainedNet = retained[last] - retained[first];
    const steps =
      regions.length === 0 && retainedNet > 0 && retainedNet >= threshold ? rises(times, retained, span, windowMs) : [];
    if (steps.length > 0 && trendIsGrowth(times, values, span, first, last)) {
      // A creep too slow to clear the noise in any one window, yet a clear trend over the lifetime:
      // one region over all the steps of its retained level.
      const start = steps[0].start;
      const end = steps[steps.length - 1].end;
      regions.push(
        fit({ start, end, growth: retainedNet }, { level: retained, base: retained[start], top: retained[end] })
      );
    }
    // Each region is fitted up to its neighbours (or the lifetime's ends): the levels before and
    // after it then rest on every sample there, and a region picked out by a noise burst is judged
    // against all the quiet data around it, not only its own stretch.
    regions.sort((a, b) => a.start - b.start);
    regions.forEach((r, k) => {
      r.fitFrom = k === 0 ? span.from : Math.max(regions[k - 1].end + 1, r.start - windowSamples * NEIGHBOUR_WINDOWS);
      r.fitTo =
        k === regions.length - 1 ? last : Math.min(regions[k + 1].start - 1, r.end + windowSamples * NEIGHBOUR_WINDOWS);
    });
    result.rises.push(...regions);
  }
  return result;
}

/**
 * Growth at the very start of a lifetime that the window hides: the smoothed level's first value
 * already averages a window that a warm-up may fill. Compares the first raw samples with the retained
 * level there; the gap counts when it clears the raw noise (not the smoothed one, or a GC sawtooth's
 * trough would pass for a warm-up). The gap and the level it starts from, or undefined.
 */
function headGap(
  values: Float64Array,
  span: Span,
  retainedFirst: number,
  threshold: number,
  level: Float64Array
): { gap: number; headLevel: number } | undefined {
  const early: number[] = [];
  for (let i = span.from; i < span.to && early.length < HEAD_SAMPLES; i++) {
    if (values[i] === values[i]) {
      early.push(values[i]);
    }
  }
  // The lowest of them: a warm-up rises through its first samples, and the earliest level known is
  // where it starts from.
  const headLevel = Math.min(...early);
  const gap = retainedFirst - headLevel;
  if (!(gap >= threshold / STEP_FRACTION)) {
    return undefined;
  }
  if (!(gap > NOISE_SIGMAS * robustScale(values, level, span))) {
    return undefined;
  }
  return { gap, headLevel };
}

/**
 * The head's gap as a rise (only where regions are wanted). Its shape is a short moving mean, so its
 * bounds are the fill's; `short` receives it.
 */
function headRise(
  times: Float64Array,
  values: Float64Array,
  span: Span,
  head: { gap: number; headLevel: number },
  retainedFirst: number,
  windowMs: number,
  stepMs: number,
  short: Float64Array
): Rise & { shape: GrowthShape } {
  const { gap, headLevel } = head;
  rollingMean(times, values, span, Math.min(windowMs, HEAD_SAMPLES * Math.max(1, stepMs)), short);
  let end = span.from;
  while (end < span.to - 1 && !(short[end] >= retainedFirst - 0.1 * gap)) {
    end++;
  }
  return { start: span.from, end, growth: gap, shape: { level: short, base: headLevel, top: retainedFirst } };
}

/**
 * Whether the lifetime's robust trend (Theil–Sen on block medians against time) is positive beyond
 * its error: the test for a growth that never clears the noise in one window. A stable series whose
 * retained level ends above its lowest trough by chance has no such trend.
 */
function trendIsGrowth(times: Float64Array, values: Float64Array, span: Span, first: number, last: number): boolean {
  const shape = { level: times, base: times[first], top: times[last] };
  const trend = layerChange(values, growthBlocks(shape, span.from, span.from, last, last));
  return trend !== undefined && trend.delta > CONFIDENCE_Z * trend.se;
}
