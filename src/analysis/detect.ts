/**
 * detect: where did the working set grow, by how much, and which layers grew with it.
 * Method (docs/growth-detection.md): per lifetime, smooth the working set over the window, take its
 * retained level (the lowest level from each point on), find where that level rises, keep rises
 * above the thresholds, and split each rise among the working-set layers.
 */
import {
  type Rise,
  type Span,
  joinRises,
  riseBounds,
  rangeMean,
  residualScale,
  rises,
  robustScale,
  rollingMean,
  suffixMin,
} from './growth';
import {
  CONFIDENCE_Z,
  type GrowthShape,
  type LayerChanges,
  KIND_OF,
  growthBlocks,
  judge,
  layerChange,
  sharesOf,
} from './attribution';
import { workingSetLine } from './decomposition';
import { firstLiveIndex, lifetimes } from './growthLifetimes';
import type {
  Analysis,
  Decomposition,
  DetectOptions,
  GrowthKind,
  Message,
  Region,
  RegionKind,
  ShareKey,
  UncertainHint,
  Uncertainty,
  Verdict,
} from './types';

/** A region before explain gives it its hover text. */
export type DetectedRegion = Omit<Region, 'message'> & {
  /** False when the layers needed to split the growth are missing. */
  attributed: boolean;
};

export interface Detection extends Omit<Analysis, 'banner' | 'regions' | 'assessment' | 'consequences'> {
  regions: DetectedRegion[];
  /** The analysed range (from the first live sample), ms. */
  rangeMs: number;
  /** The window used, ms. */
  windowMs: number;
  /** The working-set layers, in display order: the keys of `shares`. */
  shareKeys: ShareKey[];
  /** The share of the verdict's kind (the largest kind's share for mixed; 0 when stable). */
  share: number;
  /** Number of lifetimes judged. */
  lifetimeCount: number;
  /** When the verdict is uncertain: the kinds the data cannot tell apart, and what would settle it. */
  uncertainty?: Uncertainty;
}

/** Windows per range when the window is automatic: fine enough to place a region, coarse enough to average noise. */
const AUTO_WINDOWS_PER_RANGE = 48;
/** The window never spans fewer than this many steps. */
const MIN_WINDOW_STEPS = 4;
/** The residual scale is multiplied by this to give the noise band a rise must clear. */
const NOISE_SIGMAS = 5;
/** A rise joins others into one growth only if it is at least this fraction of the threshold. */
const STEP_FRACTION = 16;
/** Between two regions of one lifetime, each is fitted at most this many windows into the gap. */
const NEIGHBOUR_WINDOWS = 4;
/** Raw samples that give a lifetime's first level, before the window hides a warm-up. */
const HEAD_SAMPLES = 3;

const CONTAINER_SHARE_KEYS: ShareKey[] = ['rss', 'kernel', 'activeFile', 'shmem'];
const NODE_SHARE_KEYS: ShareKey[] = ['anon', 'kernel', 'activeFile', 'shmem', 'other'];

export function shareKeysOf(d: Decomposition): ShareKey[] {
  if (d.workload.kind === 'node') {
    return NODE_SHARE_KEYS;
  }
  // shmem is a separate layer only when the direct LRU metrics let decompose split it out.
  return CONTAINER_SHARE_KEYS.filter((k) => k !== 'shmem' || d.layers.shmem !== undefined);
}

export function resolveWindow(window: DetectOptions['window'], rangeMs: number, stepMs: number): number {
  const minimum = MIN_WINDOW_STEPS * Math.max(stepMs, 1);
  if (typeof window === 'number' && window > 0) {
    return Math.max(window, stepMs);
  }
  return Math.max(rangeMs / AUTO_WINDOWS_PER_RANGE, minimum);
}

/** A rise that became a region, with the shape its layers are fitted on and the samples of the fit. */
interface GrowthRise extends Rise {
  shape: GrowthShape;
  fitFrom: number;
  fitTo: number;
}

/** Growth of one series (per lifetime, retained level) and the rises that clear the thresholds. */
interface SeriesGrowth {
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
function seriesGrowth(
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

/** The kind that holds at least `share` of the growth, else mixed; with the largest kind's share. */
export function kindOf(shares: Partial<Record<ShareKey, number>>, share: number): { kind: GrowthKind; share: number } {
  const byKind = new Map<GrowthKind, number>();
  for (const [k, v] of Object.entries(shares) as Array<[ShareKey, number]>) {
    byKind.set(KIND_OF[k], (byKind.get(KIND_OF[k]) ?? 0) + v);
  }
  let best: GrowthKind = 'mixed';
  let bestShare = 0;
  for (const [kind, v] of byKind) {
    if (v > bestShare) {
      best = kind;
      bestShare = v;
    }
  }
  return { kind: bestShare >= share && bestShare > 0 ? best : 'mixed', share: bestShare };
}

/** Each working-set layer's change over a rise; undefined when a layer is missing there. */
function riseChanges(
  layers: Partial<Record<ShareKey, Float64Array>>,
  keys: ShareKey[],
  rise: GrowthRise
): LayerChanges | undefined {
  const blocks = growthBlocks(rise.shape, rise.fitFrom, rise.start, rise.end, rise.fitTo);
  const changes: LayerChanges = {};
  for (const k of keys) {
    const layer = layers[k];
    const c = layer ? layerChange(layer, blocks) : undefined;
    if (!c) {
      return undefined;
    }
    changes[k] = c;
  }
  return changes;
}

/** Finite samples of the working set in a fit: what the attribution stood on. */
function fitPoints(values: Float64Array, rise: GrowthRise): number {
  let n = 0;
  for (let i = rise.fitFrom; i <= rise.fitTo; i++) {
    if (values[i] === values[i]) {
      n++;
    }
  }
  return n;
}

export function detect(d: Decomposition, options: DetectOptions): Detection {
  const notes: Message[] = [];
  const keys = shareKeysOf(d);
  const zeroShares = Object.fromEntries(keys.map((k) => [k, 0])) as Partial<Record<ShareKey, number>>;
  const first = firstLiveIndex(d);
  const n = d.times.length;
  const rangeMs = n > first ? d.times[n - 1] - d.times[first] : 0;
  const windowMs = resolveWindow(options.window, rangeMs, d.stepMs);
  const spans = lifetimes(d, first);
  const target = workingSetLine(d);
  const base = {
    decomposition: d,
    rangeMs,
    windowMs,
    shareKeys: keys,
    lifetimeCount: spans.length,
  };
  if (!target) {
    notes.push({ id: 'detect.noWorkingSet' });
    return {
      ...base,
      verdict: 'stable',
      workingSetGrowthBytes: 0,
      usageGrowthBytes: 0,
      shares: zeroShares,
      share: 0,
      regions: [],
      notes,
    };
  }
  if (!d.lines.workingSet) {
    notes.push({ id: 'detect.usageAsWorkingSet' });
  }
  if (spans.length > 1) {
    notes.push({ id: 'detect.lifetimes', params: { count: spans.length } });
  }

  const ws = seriesGrowth(d.times, target, spans, windowMs, d.stepMs, options);
  const layers = d.layers as Partial<Record<ShareKey, Float64Array>>;
  // Attribute now: the rises' shapes live in the working arrays, which the usage pass reuses.
  const regions: DetectedRegion[] = [];
  const total: LayerChanges = {};
  let attributedGrowth = 0;
  let fewestPoints = Infinity;
  for (const rise of ws.rises) {
    const changes = riseChanges(layers, keys, rise);
    const region = { fromMs: d.times[rise.start], toMs: d.times[rise.end], growthBytes: rise.growth };
    if (!changes) {
      regions.push({ ...region, kind: 'mixed', share: 0, shares: { ...zeroShares }, attributed: false });
      continue;
    }
    const shares = sharesOf(changes, keys) ?? { ...zeroShares };
    const { kind, share } = judge(changes, keys, options.share);
    regions.push({ ...region, kind, share, shares, attributed: true });
    attributedGrowth += rise.growth;
    fewestPoints = Math.min(fewestPoints, fitPoints(target, rise));
    for (const k of keys) {
      const c = changes[k]!;
      const acc = (total[k] ??= { delta: 0, se: 0 });
      acc.delta += c.delta;
      acc.se = Math.hypot(acc.se, c.se);
    }
  }
  regions.sort((a, b) => a.fromMs - b.fromMs);

  let verdict: Verdict = 'stable';
  let shares = zeroShares;
  let share = 0;
  let uncertainty: Detection['uncertainty'];
  if (regions.length > 0 && attributedGrowth === 0) {
    verdict = 'unattributed';
    notes.push({ id: 'detect.unattributed', params: { queries: missingQueries(d) } });
  } else if (attributedGrowth > 0) {
    shares = sharesOf(total, keys) ?? zeroShares;
    const j = judge(total, keys, options.share);
    verdict = j.kind;
    share = j.share;
    if (j.kind === 'uncertain') {
      uncertainty = { rivals: j.rivals ?? ['mixed', 'mixed'], hints: settleHints(d, j.rivals, fewestPoints) };
      for (const hint of uncertainty.hints) {
        notes.push({ id: `detect.uncertain.${hint}` });
      }
    }
    if (regions.some((r) => !r.attributed)) {
      notes.push({ id: 'detect.partlyUnattributed', params: { queries: missingQueries(d) } });
    }
  }

  // Without a working-set line the target is usage itself: its growth is already measured. Usage's
  // rises are read only for a stable verdict (the inactive-cache note).
  const usage =
    d.lines.usage === target
      ? ws
      : d.lines.usage
        ? seriesGrowth(d.times, d.lines.usage, spans, windowMs, d.stepMs, options, verdict === 'stable')
        : undefined;
  const usageGrowthBytes = usage?.growth ?? 0;
  if (verdict === 'stable' && usage && (usage.significant || usage.rises.length > 0)) {
    notes.push({ id: 'detect.inactiveCache', params: { usageGrowthBytes } });
  }
  if (verdict === 'file-cache' && d.workload.kind === 'container' && !d.layers.shmem) {
    notes.push({ id: 'detect.shmemNotSeparated' });
  }
  return {
    ...base,
    verdict,
    workingSetGrowthBytes: ws.growth,
    usageGrowthBytes,
    shares,
    share,
    regions,
    notes,
    ...(uncertainty ? { uncertainty } : {}),
  };
}

/** Fewer samples than this under a growth's fit, and a finer step is what would settle it. */
const MIN_FIT_POINTS = 24;

/** What would settle an uncertain verdict, most useful first. */
function settleHints(d: Decomposition, rivals: [RegionKind, RegionKind] | undefined, points: number): UncertainHint[] {
  const hints: UncertainHint[] = [];
  if (points < MIN_FIT_POINTS) {
    hints.push('finerStep');
  }
  const cache = rivals?.some((k) => k === 'file-cache' || k === 'shmem');
  if (cache && d.workload.kind === 'container' && d.derived.includes('activeFile')) {
    hints.push('lruMetrics');
  }
  hints.push('longerRange');
  return hints;
}

/** The metrics to add so that the working set can be split: those whose role has no series. */
function missingQueries(d: Decomposition): string {
  const have = d.workload.series;
  const needed: Array<[string, string]> =
    d.workload.kind === 'node'
      ? [
          ['memTotal', 'node_memory_MemTotal_bytes'],
          ['memFree', 'node_memory_MemFree_bytes'],
          ['anon', 'node_memory_AnonPages_bytes'],
          ['activeFile', 'node_memory_Active_file_bytes'],
          ['inactiveFile', 'node_memory_Inactive_file_bytes'],
          ['shmem', 'node_memory_Shmem_bytes'],
          ['slab', 'node_memory_Slab_bytes'],
        ]
      : [
          ['usage', 'container_memory_usage_bytes'],
          ['rss', 'container_memory_rss'],
          ['cache', 'container_memory_cache'],
        ];
  const missing = needed
    .filter(([role]) => !(have[role as keyof typeof have]?.length ?? 0))
    .map(([, metric]) => metric);
  return missing.length ? missing.join(', ') : needed.map(([, metric]) => metric).join(', ');
}
