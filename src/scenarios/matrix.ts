/**
 * The accuracy matrix's container traces: any range, any step, the noise a real service has, and a
 * known truth. Memory is simulated at the scrape interval (as cAdvisor is scraped) and then read at
 * the query's step the way a Prometheus range query does (the latest sample within the 5-minute
 * look-back), so a coarse step aliases a GC sawtooth exactly as a dashboard does.
 */
import type { DataFrameJSON } from '@grafana/data';

import type { Verdict } from '../analysis/types';
import { prng } from './generator';
import { toWireFrame } from './wire';

export const MATRIX_KINDS = ['file-cache', 'anon', 'kernel', 'shmem', 'mixed', 'stable'] as const;
export type MatrixKind = (typeof MATRIX_KINDS)[number];
/** When the growth happens within the range: all along, from the middle on, or in the first half only. */
export const TIMINGS = ['start', 'middle', 'stops'] as const;
export type Timing = (typeof TIMINGS)[number];
export const NOISES = ['none', 'saw5', 'saw40', 'spikes', 'missing'] as const;
export type Noise = (typeof NOISES)[number];

export interface MatrixCase {
  kind: MatrixKind;
  timing: Timing;
  noise: Noise;
  /** The working-set growth over the range, as a multiple of the detector's default threshold (16 MiB). */
  factor: number;
  rangeMs: number;
  seed: number;
  /** Where the growth runs, as fractions of the range, instead of the timing's (e.g. a warm-up's first 40 minutes). */
  span?: [number, number];
}

export interface MatrixTrace {
  case: MatrixCase;
  verdict: Verdict;
  /** The true working-set growth, bytes. */
  growthBytes: number;
  /** Scrape times and the true layers at each scrape; NaN where the scrape was missed. */
  scrapeMs: number;
  startMs: number;
  endMs: number;
  scrapes: { times: Float64Array; layers: Record<LayerName, Float64Array> };
}

const MB = 1e6;
const MIB = 1024 * 1024;
/** The detector's default minimum growth: the matrix's growth is a multiple of it. */
export const MATRIX_THRESHOLD_BYTES = 16 * MIB;
const LOOKBACK_MS = 5 * 60_000;
const LAYER_NAMES = ['anon', 'kernel', 'activeFile', 'inactiveFile', 'shmem'] as const;
type LayerName = (typeof LAYER_NAMES)[number];

/** How the growth splits among the working-set layers, per kind. The mixed case keeps every kind near a third. */
const GROWTH_SPLIT: Record<MatrixKind, Partial<Record<LayerName, number>>> = {
  'file-cache': { activeFile: 1 },
  anon: { anon: 1 },
  kernel: { kernel: 1 },
  shmem: { shmem: 1 },
  mixed: { anon: 0.34, activeFile: 0.33, kernel: 0.33 },
  stable: {},
};

/** Scrape-to-scrape Gaussian noise per layer, bytes (σ). */
const NOISE_SIGMA: Record<LayerName, number> = {
  anon: 2 * MB,
  kernel: 0.15 * MB,
  activeFile: 0.5 * MB,
  inactiveFile: 1 * MB,
  shmem: 0.1 * MB,
};

/** A cheap, seeded standard normal (Irwin–Hall of four uniforms, scaled to σ = 1). */
function normal(random: () => number): number {
  return (random() + random() + random() + random() - 2) * 1.7320508;
}

/** Where the growth runs, as fractions of the range. */
function growthSpan(timing: Timing, random: () => number): [number, number] {
  switch (timing) {
    case 'start':
      return [0, 1];
    case 'middle':
      return [0.35 + random() * 0.1, 1];
    case 'stops':
      return [0, 0.45 + random() * 0.1];
  }
}

export function matrixTrace(c: MatrixCase, scrapeMs = 30_000, endMs = Date.UTC(2025, 1, 1)): MatrixTrace {
  const random = prng(c.seed * 104_729 + Math.round(c.factor * 100) + c.rangeMs / 1000);
  const startMs = endMs - c.rangeMs;
  const n = Math.floor(c.rangeMs / scrapeMs) + 1;
  const growthBytes = c.kind === 'stable' ? 0 : c.factor * MATRIX_THRESHOLD_BYTES;
  const [g0, g1] = c.span ?? growthSpan(c.timing, random);
  const sawAmplitude = c.noise === 'none' ? 0 : c.noise === 'saw40' ? 40 * MB : 5 * MB;
  // Go's GC cycle: a few minutes, depending on the allocation rate.
  const sawPeriod = (2 + random() * 10) * 60_000;
  const sawPhase = random();
  const sigma = c.noise === 'none' ? 0 : 1;
  const outageAt = Math.floor(n * (0.2 + random() * 0.6));
  const outageLength = c.noise === 'missing' ? Math.max(2, Math.floor(n * 0.03)) : 0;
  const base: Record<LayerName, number> = {
    anon: 120 * MB,
    kernel: 8 * MB,
    activeFile: 20 * MB,
    inactiveFile: 40 * MB,
    shmem: c.kind === 'shmem' ? 4 * MB : 0,
  };
  const split = GROWTH_SPLIT[c.kind];
  const times = new Float64Array(n);
  const layers = Object.fromEntries(LAYER_NAMES.map((k) => [k, new Float64Array(n)])) as Record<
    LayerName,
    Float64Array
  >;
  for (let i = 0; i < n; i++) {
    const t = startMs + i * scrapeMs;
    times[i] = t;
    const missed =
      (c.noise === 'missing' && (random() < 0.1 || (i >= outageAt && i < outageAt + outageLength))) || false;
    const x = (t - startMs) / c.rangeMs;
    const grown = Math.min(1, Math.max(0, (x - g0) / (g1 - g0)));
    for (const k of LAYER_NAMES) {
      let v = base[k] + (split[k] ?? 0) * growthBytes * grown + sigma * NOISE_SIGMA[k] * normal(random);
      if (k === 'anon') {
        v += sawAmplitude * (((t - startMs) / sawPeriod + sawPhase) % 1);
        if (c.noise === 'spikes' && random() < 0.01) {
          v += (30 + random() * 120) * MB;
        }
      }
      if (k === 'inactiveFile') {
        // Files written once keep piling up outside the working set, in every kind.
        v += 10 * MB * (c.rangeMs / 86_400_000) * x;
      }
      layers[k][i] = missed ? NaN : Math.max(0, Math.round(v));
    }
  }
  return {
    case: c,
    verdict: c.kind === 'stable' ? 'stable' : c.kind,
    growthBytes,
    scrapeMs,
    startMs,
    endMs,
    scrapes: { times, layers },
  };
}

const POD_SUFFIX = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The cAdvisor series of one trace, read at `stepMs` as a range query would, as wire frames. */
export function matrixFrames(
  trace: MatrixTrace,
  stepMs: number,
  pod = `svc-${POD_SUFFIX[trace.case.seed % POD_SUFFIX.length]}`
): DataFrameJSON[] {
  const { times, layers } = trace.scrapes;
  const stepTimes: number[] = [];
  const at: number[] = [];
  let j = 0;
  for (let t = Math.ceil(trace.startMs / stepMs) * stepMs; t <= trace.endMs; t += stepMs) {
    while (j + 1 < times.length && times[j + 1] <= t) {
      j++;
    }
    // The latest scrape at or before t that was not missed, within the look-back.
    let k = j;
    while (k >= 0 && times[k] > t - LOOKBACK_MS && layers.anon[k] !== layers.anon[k]) {
      k--;
    }
    if (k >= 0 && times[k] <= t && times[k] > t - LOOKBACK_MS && layers.anon[k] === layers.anon[k]) {
      stepTimes.push(t);
      at.push(k);
    }
  }
  const l = (name: LayerName) => at.map((k) => layers[name][k]);
  const [anon, kernel, active, inactive, shmem] = LAYER_NAMES.map(l);
  const sum = (...xs: number[][]) => xs[0].map((_, i) => xs.reduce((s, x) => s + x[i], 0));
  const labels = {
    namespace: 'matrix',
    pod,
    container: 'app',
    image: 'registry.example.com/app:1',
    job: 'kubelet',
    metrics_path: '/metrics/cadvisor',
  };
  const metrics: Array<[string, number[]]> = [
    ['container_memory_usage_bytes', sum(anon, kernel, active, inactive, shmem)],
    ['container_memory_working_set_bytes', sum(anon, kernel, active, shmem)],
    ['container_memory_rss', anon],
    ['container_memory_cache', sum(active, inactive, shmem)],
    ['container_memory_kernel_usage', kernel],
    ['container_memory_total_active_file_bytes', active],
    ['container_memory_total_inactive_file_bytes', inactive],
    ['container_spec_memory_limit_bytes', at.map(() => 2 * 1024 ** 3)],
  ];
  return metrics.map(([metric, values]) =>
    toWireFrame({ refId: 'A', labels: { __name__: metric, ...labels }, times: stepTimes, values, stepMs })
  );
}
