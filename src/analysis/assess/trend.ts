/**
 * Is the growth still going? The rate now of the memory that cannot be reclaimed (rss, kernel,
 * shmem; active file only when the cache is hot), from the last two blocks of the current lifetime:
 * the difference of their medians over the block length. Medians ride over GC sawtooth and scrape
 * jitter, and blocks of a whole day cancel a daily cycle, which is not growth.
 */
import { medianOf } from '../attribution';
import { firstLiveIndex, lifetimes } from '../growthLifetimes';
import type { Decomposition, Region, ShareKey, TrendResult } from '../types';

export const DAY_MS = 86_400_000;
/** Slower than this is not growth worth a sentence (a year to add 365 MiB). */
const MIN_RATE_PER_DAY = 1024 * 1024;
/** How many standard errors the change of the medians must exceed. */
const Z = 3;
/** The longest growth after a start that still reads as a warm-up. */
const WARM_UP_MAX_MS = 6 * 3_600_000;
/** Kinds whose growth is reclaimable: they do not make a non-reclaimable trend. */
const RECLAIMABLE_KINDS = new Set(['file-cache']);

export interface LevelTrend {
  /** Median of the last block, and the block before it. */
  last: number;
  prev: number;
  blockMs: number;
  bytesPerMs: number;
  /** The change is beyond the noise and the floor rate. */
  rising: boolean;
  /** The level at the end of the range, at the current rate from the last block's middle. */
  levelNow: number;
  endMs: number;
}

/** The trend of `values` over axis indices [from, to): undefined when there is too little to tell. */
export function levelTrend(
  times: Float64Array,
  values: Float64Array,
  from: number,
  to: number,
  stepMs: number
): LevelTrend | undefined {
  const endMs = times[to - 1];
  const spanMs = endMs - times[from];
  if (!(spanMs >= 8 * stepMs)) {
    return undefined;
  }
  const blockMs = spanMs >= 3 * DAY_MS ? DAY_MS : Math.max(2 * stepMs, spanMs / 8);
  const lastBlock: number[] = [];
  const prevBlock: number[] = [];
  const lastAges: number[] = [];
  const prevAges: number[] = [];
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (v !== v) {
      continue;
    }
    const age = endMs - times[i];
    if (age < blockMs) {
      lastBlock.push(v);
      lastAges.push(age);
    } else if (age < 2 * blockMs) {
      prevBlock.push(v);
      prevAges.push(age);
    }
  }
  if (lastBlock.length < 2 || prevBlock.length < 2) {
    return undefined;
  }
  const last = medianOf(lastBlock);
  const prev = medianOf(prevBlock);
  const diff = last - prev;
  const bytesPerMs = diff / blockMs;
  // The noise is what is left about the trend, not about each block's median: within a block of a
  // few points, a steady ramp would otherwise count as its own noise and hide itself.
  const about = (v: number, age: number, level: number, midAge: number) =>
    Math.abs(v - level + bytesPerMs * (age - midAge));
  const residuals = [
    ...lastBlock.map((v, k) => about(v, lastAges[k], last, blockMs / 2)),
    ...prevBlock.map((v, k) => about(v, prevAges[k], prev, 1.5 * blockMs)),
  ];
  const sigma = 1.4826 * medianOf(residuals);
  // The standard error of a median is about 1.25 σ/√n.
  const se = 1.2533 * sigma * Math.sqrt(1 / lastBlock.length + 1 / prevBlock.length);
  const rising = diff > Z * se && bytesPerMs * DAY_MS >= MIN_RATE_PER_DAY;
  return { last, prev, blockMs, bytesPerMs, rising, levelNow: last + (bytesPerMs * blockMs) / 2, endMs };
}

/** The non-reclaimable working set at each axis time, and the layers it counts. */
export function nonReclaimable(
  d: Decomposition,
  hot: boolean,
  slabReclaimable: Float64Array | undefined
): { values: Float64Array; layers: ShareKey[] } | undefined {
  const node = d.workload.kind === 'node';
  const wanted: ShareKey[] = node ? ['anon', 'kernel', 'shmem'] : ['rss', 'kernel', 'shmem'];
  if (hot) {
    wanted.push('activeFile');
  }
  const layers = d.layers as Partial<Record<ShareKey, Float64Array>>;
  const present = wanted.filter((k) => layers[k]);
  if (!present.includes(node ? 'anon' : 'rss')) {
    return undefined;
  }
  // Summed one layer at a time, in the layers' order (the sum at each time is the same).
  const out = new Float64Array(d.times.length);
  for (const k of present) {
    const layer = layers[k]!;
    for (let i = 0; i < out.length; i++) {
      out[i] += layer[i];
    }
  }
  // Reclaimable slab (dentries, inodes) is in the node's kernel layer but is reclaimed like cache.
  if (node && slabReclaimable) {
    for (let i = 0; i < out.length; i++) {
      const slab = slabReclaimable[i];
      if (slab === slab) {
        out[i] -= slab;
      }
    }
  }
  return { values: out, layers: present };
}

/** The current lifetime: axis indices [from, to). */
export function currentLifetime(d: Decomposition): { from: number; to: number } {
  const spans = lifetimes(d, firstLiveIndex(d));
  return spans[spans.length - 1] ?? { from: 0, to: d.times.length };
}

export interface TrendInput {
  d: Decomposition;
  regions: Array<Pick<Region, 'fromMs' | 'toMs' | 'kind'>>;
  /** True when detect saw working-set growth at all (not stable, not unattributed). */
  grew: boolean;
  windowMs: number;
  series: { values: Float64Array; layers: ShareKey[] } | undefined;
}

export function assessTrend(t: TrendInput): { trend: TrendResult; level?: LevelTrend } {
  const { d, series } = t;
  const none: TrendResult = {
    state: 'flat',
    ratePerDayBytes: 0,
    stoppedAtMs: null,
    nonReclaimableBytes: NaN,
    layers: series?.layers ?? [],
  };
  if (!series) {
    return { trend: none };
  }
  const span = currentLifetime(d);
  const level = levelTrend(d.times, series.values, span.from, span.to, d.stepMs);
  if (!level) {
    return { trend: none };
  }
  const base = { ...none, nonReclaimableBytes: level.levelNow, ratePerDayBytes: level.bytesPerMs * DAY_MS };
  if (t.grew && level.rising) {
    return { trend: { ...base, state: 'growing' }, level };
  }
  const lifetimeStart = d.times[span.from];
  const grown = t.regions.filter((r) => !RECLAIMABLE_KINDS.has(r.kind) && r.toMs > lifetimeStart);
  if (!t.grew || !grown.length) {
    return { trend: base, level };
  }
  const stoppedAtMs = Math.min(Math.max(...grown.map((r) => r.toMs)), level.endMs - level.blockMs);
  const spanMs = level.endMs - lifetimeStart;
  // A warm-up: all of it right after the start, then flat for at least twice as long as it grew.
  const early = grown.every((r) => r.fromMs - lifetimeStart <= Math.max(2 * t.windowMs, 0.1 * spanMs));
  const grewForMs = stoppedAtMs - lifetimeStart;
  const flatLong = level.endMs - stoppedAtMs >= 2 * grewForMs;
  // A JVM or an in-memory cache fills within hours; two days of growth that stopped is not a warm-up.
  const short = grewForMs <= WARM_UP_MAX_MS;
  return { trend: { ...base, state: early && flatLong && short ? 'warmUp' : 'stopped', stoppedAtMs }, level };
}
