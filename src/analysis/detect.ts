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
  rollingMean,
  suffixMin,
} from './growth';
import { workingSetLine } from './decomposition';
import { firstLiveIndex, lifetimes } from './growthLifetimes';
import type { Analysis, Decomposition, DetectOptions, GrowthKind, Message, Region, ShareKey, Verdict } from './types';

/** A region before explain gives it its hover text. */
export type DetectedRegion = Omit<Region, 'message'> & {
  /** False when the layers needed to split the growth are missing. */
  attributed: boolean;
};

export interface Detection extends Omit<Analysis, 'banner' | 'regions'> {
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
}

/** Windows per range when the window is automatic: fine enough to place a region, coarse enough to average noise. */
const AUTO_WINDOWS_PER_RANGE = 48;
/** The window never spans fewer than this many steps. */
const MIN_WINDOW_STEPS = 4;
/** The residual scale is multiplied by this to give the noise band a rise must clear. */
const NOISE_SIGMAS = 5;
/** A rise joins others into one growth only if it is at least this fraction of the threshold. */
const STEP_FRACTION = 16;

const CONTAINER_SHARE_KEYS: ShareKey[] = ['rss', 'kernel', 'activeFile', 'shmem'];
const NODE_SHARE_KEYS: ShareKey[] = ['anon', 'kernel', 'activeFile', 'shmem', 'other'];

/** Which kind each working-set layer counts towards. Node kernel and other make the kernel verdict. */
const KIND_OF: Record<ShareKey, GrowthKind> = {
  rss: 'anon',
  anon: 'anon',
  kernel: 'kernel',
  other: 'kernel',
  activeFile: 'file-cache',
  shmem: 'shmem',
};

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

/** Growth of one series (per lifetime, retained level) and the rises that clear the thresholds. */
interface SeriesGrowth {
  growth: number;
  rises: Rise[];
  /** Whether some lifetime's net retained growth reached its threshold. */
  significant: boolean;
}

/**
 * Working arrays for seriesGrowth, kept from one call to the next: detect runs synchronously and
 * returns only numbers read from them, and a fresh set per series was most of its garbage. Only the
 * lifetimes' indices are written and read, so what an earlier, longer series left beyond them is
 * never seen.
 */
let work: { level: Float64Array; retained: Float64Array; scratch: Float64Array } | undefined;

function workArrays(n: number): NonNullable<typeof work> {
  if (!work || work.level.length < n) {
    work = { level: new Float64Array(n), retained: new Float64Array(n), scratch: new Float64Array(n) };
  }
  return work;
}

function seriesGrowth(
  times: Float64Array,
  values: Float64Array,
  spans: Span[],
  windowMs: number,
  options: DetectOptions
): SeriesGrowth {
  const { level, retained, scratch } = workArrays(times.length);
  const result: SeriesGrowth = { growth: 0, rises: [], significant: false };
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
    result.growth += Math.max(0, retained[last] - retained[first]);
    // The span holds a finite level (first < span.to), so the mean is a number.
    const mean = rangeMean(level, span.from, span.to);
    const threshold = Math.max(options.minGrowthBytes, options.minGrowthRatio * mean);
    const noise = NOISE_SIGMAS * residualScale(times, level, span, windowMs, scratch);
    const all = rises(times, retained, span, windowMs).filter((r) => r.growth > noise && r.end > r.start);
    // Steps much smaller than the threshold are noise troughs passing by, not stairs of a growth.
    const clear = all.filter((r) => r.growth >= threshold / STEP_FRACTION);
    let kept = joinRises(times, retained, clear, windowMs).filter((r) => r.growth >= threshold);
    const net = retained[last] - retained[first];
    if (kept.length === 0 && net >= threshold && all.length > 0) {
      // A creep too slow to clear the noise in any one window: one region over all its steps.
      const start = all[0].start;
      const end = all[all.length - 1].end;
      kept = [{ start, end, growth: retained[end] - retained[start] }];
    }
    for (const r of kept) {
      result.rises.push(riseBounds(times, retained, r));
    }
    if (net >= threshold) {
      result.significant = true;
    }
  }
  return result;
}

/**
 * Each layer's change over a rise: the mean of its raw values over the rise's last stretch minus the
 * mean over its first stretch, each stretch half a window (at most a quarter of the rise). The rise
 * starts and ends half a window from where the smoothed level starts and stops moving, so a step
 * change falls between the stretches; averaging smooths jitter. Shares are ratios, so the common
 * shrink of a linear trend cancels.
 */
function layerShares(
  layers: Partial<Record<ShareKey, Float64Array>>,
  keys: ShareKey[],
  start: number,
  end: number,
  halfWindowSamples: number
): Partial<Record<ShareKey, number>> | undefined {
  const q = Math.max(1, Math.min(halfWindowSamples, Math.floor((end - start + 1) / 4)));
  const deltas: Partial<Record<ShareKey, number>> = {};
  let positive = 0;
  for (const k of keys) {
    const layer = layers[k];
    if (!layer) {
      return undefined;
    }
    const delta = rangeMean(layer, end + 1 - q, end + 1) - rangeMean(layer, start, start + q);
    if (delta !== delta) {
      return undefined;
    }
    deltas[k] = Math.max(0, delta);
    positive += deltas[k]!;
  }
  if (!(positive > 0)) {
    return undefined;
  }
  const shares: Partial<Record<ShareKey, number>> = {};
  for (const k of keys) {
    shares[k] = deltas[k]! / positive;
  }
  return shares;
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

  const ws = seriesGrowth(d.times, target, spans, windowMs, options);
  // Without a working-set line the target is usage itself: its growth is already measured.
  const usage =
    d.lines.usage === target
      ? ws
      : d.lines.usage
        ? seriesGrowth(d.times, d.lines.usage, spans, windowMs, options)
        : undefined;

  const layers = d.layers as Partial<Record<ShareKey, Float64Array>>;

  const halfWindowSamples = Math.floor(windowMs / 2 / Math.max(1, d.stepMs));
  const regions: DetectedRegion[] = [];
  const weighted: Partial<Record<ShareKey, number>> = { ...zeroShares };
  let attributedGrowth = 0;
  for (const rise of ws.rises) {
    const shares = layerShares(layers, keys, rise.start, rise.end, halfWindowSamples);
    const region = {
      fromMs: d.times[rise.start],
      toMs: d.times[rise.end],
      growthBytes: rise.growth,
    };
    if (!shares) {
      regions.push({ ...region, kind: 'mixed', share: 0, shares: { ...zeroShares }, attributed: false });
      continue;
    }
    const { kind, share } = kindOf(shares, options.share);
    regions.push({ ...region, kind, share, shares, attributed: true });
    attributedGrowth += rise.growth;
    for (const k of keys) {
      weighted[k] = (weighted[k] ?? 0) + (shares[k] ?? 0) * rise.growth;
    }
  }
  regions.sort((a, b) => a.fromMs - b.fromMs);

  let verdict: Verdict = 'stable';
  let shares = zeroShares;
  let share = 0;
  if (regions.length > 0 && attributedGrowth === 0) {
    verdict = 'unattributed';
    notes.push({ id: 'detect.unattributed', params: { queries: missingQueries(d) } });
  } else if (attributedGrowth > 0) {
    shares = Object.fromEntries(keys.map((k) => [k, (weighted[k] ?? 0) / attributedGrowth])) as typeof shares;
    const k = kindOf(shares, options.share);
    verdict = k.kind;
    share = k.share;
    if (regions.some((r) => !r.attributed)) {
      notes.push({ id: 'detect.partlyUnattributed', params: { queries: missingQueries(d) } });
    }
  }

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
  };
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
