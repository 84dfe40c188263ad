/**
 * detect: where did the working set grow, by how much, and which layers grew with it.
 * Method (docs/growth-detection.md): per lifetime, smooth the working set over the window, take its
 * retained level (the lowest level from each point on), find where that level rises, keep rises
 * above the thresholds, and split each rise among the working-set layers.
 */
import { type LayerChanges, KIND_OF, growthBlocks, judge, layerChange, sharesOf } from './attribution';
import { workingSetLine } from './decomposition';
import { firstLiveIndex, lifetimes } from './growthLifetimes';
import { type GrowthRise, seriesGrowth } from './seriesGrowth';
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
