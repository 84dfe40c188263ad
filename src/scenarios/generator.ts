/**
 * Week-long synthetic memory traces with known truth, from a seeded PRNG: the seed's 15 MB/day of
 * active file cache, a 15 MB/day leak, a mix, kernel slab growth, tmpfs growth, a restart in the
 * middle, GC sawtooth noise, inactive cache growth and a steady service. The output is plain data
 * (cAdvisor or node_exporter series with their labels), so the accuracy tests, the OpenMetrics
 * backfill, the browser demo and the benchmarks all share it. `scenarioFrames` turns it into wire frames.
 */
import type { DataFrameJSON } from '@grafana/data';

import type { GrowthKind, Labels, Verdict } from '../analysis/types';
import { toWireFrame } from './wire';

export const scenarioNames = [
  'seed-file-cache',
  'leak',
  'mixed',
  'kernel-slab',
  'tmpfs',
  'restart',
  'gc-sawtooth',
  'gc-leak',
  'inactive-cache',
  'steady',
] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface ScenarioOptions {
  /** PRNG seed (default 1). */
  seed?: number;
  /** Length, days (default 7). */
  days?: number;
  /** Sample spacing, ms (default 60 000). */
  stepMs?: number;
  /** First sample, epoch ms (default 2025-01-06T00:00:00Z). */
  startMs?: number;
  /** A container (cAdvisor series, default) or a node (node_exporter series). */
  target?: 'container' | 'node';
}

export interface ScenarioTruth {
  verdict: Verdict;
  /** Where each growth region truly starts, and its kind. */
  regions: Array<{ fromMs: number; kind: GrowthKind }>;
  /** When the container restarted (a new series begins). */
  restartsMs: number[];
}

export interface ScenarioSeries {
  /** cAdvisor/node_exporter labels, `__name__` included. */
  labels: Labels;
  /** ms, ascending; a few samples are missing, as in real scrapes. */
  times: number[];
  /** bytes */
  values: number[];
}

export interface Scenario {
  name: ScenarioName;
  target: 'container' | 'node';
  stepMs: number;
  startMs: number;
  endMs: number;
  truth: ScenarioTruth;
  series: ScenarioSeries[];
}

const MB = 1e6;
const DAY = 86_400_000;
const DEFAULT_START = Date.UTC(2025, 0, 6);

/** mulberry32: a small, fast, seedable PRNG; uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The true layers at one instant, bytes. */
interface Layers {
  anon: number;
  kernel: number;
  activeFile: number;
  inactiveFile: number;
  shmem: number;
}

type LayerKey = keyof Layers;

/** How a scenario's layers grow: bytes per day for each layer, from `startDay` on. */
interface Plan {
  verdict: Verdict;
  kind?: GrowthKind;
  rates: Partial<Record<LayerKey, number>>;
  /** Growth starts this many days in (plus jitter), so that region starts can be checked. */
  startDay: number;
  /** Inactive file cache growth per day (outside the working set). */
  inactivePerDay?: number;
  sawtooth?: { amplitude: number; periodMs: number };
  restartDay?: number;
}

function plan(name: ScenarioName, scale: number): Plan {
  const rate = 15 * MB * scale;
  switch (name) {
    case 'seed-file-cache':
      return {
        verdict: 'file-cache',
        kind: 'file-cache',
        rates: { activeFile: rate },
        startDay: 1,
        inactivePerDay: 20 * MB * scale,
      };
    case 'leak':
      return { verdict: 'anon', kind: 'anon', rates: { anon: rate }, startDay: 1.5 };
    case 'mixed':
      // No kind reaches half: 40 % anonymous, 35 % file cache, 25 % kernel.
      return {
        verdict: 'mixed',
        kind: 'mixed',
        rates: { anon: 0.4 * 2 * rate, activeFile: 0.35 * 2 * rate, kernel: 0.25 * 2 * rate },
        startDay: 1,
      };
    case 'kernel-slab':
      return { verdict: 'kernel', kind: 'kernel', rates: { kernel: rate }, startDay: 2 };
    case 'tmpfs':
      return { verdict: 'shmem', kind: 'shmem', rates: { shmem: rate }, startDay: 1 };
    case 'restart':
      return { verdict: 'anon', kind: 'anon', rates: { anon: 2 * rate }, startDay: 0.5, restartDay: 3.5 };
    case 'gc-sawtooth':
      return {
        verdict: 'stable',
        rates: {},
        startDay: 0,
        sawtooth: { amplitude: 60 * MB * scale, periodMs: 20 * 60_000 },
      };
    case 'gc-leak':
      return {
        verdict: 'anon',
        kind: 'anon',
        rates: { anon: rate },
        startDay: 1,
        sawtooth: { amplitude: 60 * MB * scale, periodMs: 45 * 60_000 },
      };
    case 'inactive-cache':
      return { verdict: 'stable', rates: {}, startDay: 0, inactivePerDay: 40 * MB * scale };
    case 'steady':
      return { verdict: 'stable', rates: {}, startDay: 0 };
  }
}

export function generateScenario(name: ScenarioName, options: ScenarioOptions = {}): Scenario {
  if (!scenarioNames.includes(name)) {
    throw new Error(`unknown scenario "${name}"; known: ${scenarioNames.join(', ')}`);
  }
  const seed = options.seed ?? 1;
  const days = options.days ?? 7;
  const stepMs = options.stepMs ?? 60_000;
  const startMs = options.startMs ?? DEFAULT_START;
  const target = options.target ?? 'container';
  const random = prng(seed * 7919 + scenarioNames.indexOf(name));
  const scale = target === 'node' ? 4 : 1;
  const p = plan(name, scale);
  const n = Math.floor((days * DAY) / stepMs) + 1;
  const endMs = startMs + (n - 1) * stepMs;

  // Growth starts at a jittered time so that detectors cannot learn a fixed offset.
  const growthStart = startMs + (p.startDay + random() * 0.5) * DAY;
  const restartMs =
    p.restartDay !== undefined ? startMs + Math.round((p.restartDay * DAY) / stepMs) * stepMs : undefined;
  const base: Layers =
    target === 'node'
      ? { anon: 800 * MB, kernel: 150 * MB, activeFile: 300 * MB, inactiveFile: 500 * MB, shmem: 20 * MB }
      : { anon: 120 * MB, kernel: 8 * MB, activeFile: 20 * MB, inactiveFile: 40 * MB, shmem: 0 };
  const sawPhase = random();

  const times: number[] = [];
  const rows: Layers[] = [];
  for (let i = 0; i < n; i++) {
    const t = startMs + i * stepMs;
    // After a restart the process starts over: growth restarts from the new lifetime's start.
    const lifeStart = restartMs !== undefined && t >= restartMs ? restartMs : growthStart;
    const grownDays = Math.max(0, t - lifeStart) / DAY;
    const l: Layers = { ...base };
    for (const [k, r] of Object.entries(p.rates) as Array<[LayerKey, number]>) {
      l[k] += r * grownDays;
    }
    const sinceStart = (restartMs !== undefined && t >= restartMs ? t - restartMs : t - startMs) / DAY;
    l.inactiveFile += (p.inactivePerDay ?? 0) * sinceStart;
    if (p.sawtooth) {
      const phase = ((t - startMs) / p.sawtooth.periodMs + sawPhase) % 1;
      l.anon += p.sawtooth.amplitude * phase;
    }
    // ±5 MB of scrape-to-scrape jitter on anonymous memory, smaller on the caches and kernel.
    l.anon += (random() * 2 - 1) * 5 * MB * scale;
    l.activeFile += (random() * 2 - 1) * 1 * MB * scale;
    l.inactiveFile += (random() * 2 - 1) * 2 * MB * scale;
    l.kernel += (random() * 2 - 1) * 0.3 * MB * scale;
    if (p.rates.shmem) {
      l.shmem += (random() * 2 - 1) * 0.2 * MB;
    }
    times.push(t);
    rows.push(l);
  }

  // A few missing samples per series and one short scrape outage shared by all.
  const outage = Math.floor(n * (0.2 + random() * 0.6));
  const keep = (i: number, r: () => number) => !(i >= outage && i < outage + 5) && r() > 0.003;

  const series =
    target === 'node'
      ? nodeSeries(name, times, rows, base.kernel, random, keep)
      : containerSeries(name, times, rows, random, keep, restartMs);
  const truth: ScenarioTruth = {
    verdict: p.verdict,
    regions:
      p.kind === undefined
        ? []
        : restartMs !== undefined
          ? [
              { fromMs: growthStart, kind: p.kind },
              { fromMs: restartMs, kind: p.kind },
            ]
          : [{ fromMs: growthStart, kind: p.kind }],
    restartsMs: restartMs !== undefined ? [restartMs] : [],
  };
  return { name, target, stepMs, startMs, endMs, truth, series };
}

function hex(random: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    s += Math.floor(random() * 16).toString(16);
  }
  return s;
}

function containerSeries(
  name: string,
  times: number[],
  rows: Layers[],
  random: () => number,
  keep: (i: number, r: () => number) => boolean,
  restartMs: number | undefined
): ScenarioSeries[] {
  const uid = `${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`;
  const pod = `${name}-7d9f4c-${hex(random, 5)}`;
  const lives = restartMs === undefined ? [hex(random, 64)] : [hex(random, 64), hex(random, 64)];
  const metrics: Array<[string, (l: Layers) => number]> = [
    ['container_memory_usage_bytes', (l) => l.anon + l.kernel + l.activeFile + l.inactiveFile + l.shmem],
    ['container_memory_working_set_bytes', (l) => l.anon + l.kernel + l.activeFile + l.shmem],
    ['container_memory_rss', (l) => l.anon],
    ['container_memory_cache', (l) => l.activeFile + l.inactiveFile + l.shmem],
    ['container_memory_kernel_usage', (l) => l.kernel],
    ['container_memory_total_active_file_bytes', (l) => l.activeFile],
    ['container_memory_total_inactive_file_bytes', (l) => l.inactiveFile],
    ['container_spec_memory_limit_bytes', () => 1024 * 1024 * 1024],
  ];
  const out: ScenarioSeries[] = [];
  lives.forEach((containerId, life) => {
    const labels: Labels = {
      namespace: 'shop',
      pod,
      container: 'api',
      image: 'registry.example.com/shop/api:1.4.2',
      id: `/kubepods/burstable/pod${uid}/${containerId}`,
      name: `k8s_api_${pod}_shop_${uid}_${life}`,
      instance: 'node-1',
      node: 'node-1',
      job: 'kubelet',
      metrics_path: '/metrics/cadvisor',
    };
    for (const [metric, value] of metrics) {
      const s: ScenarioSeries = { labels: { __name__: metric, ...labels }, times: [], values: [] };
      for (let i = 0; i < times.length; i++) {
        const inLife = restartMs === undefined || (life === 0 ? times[i] < restartMs : times[i] >= restartMs);
        if (inLife && keep(i, random)) {
          s.times.push(times[i]);
          s.values.push(Math.max(0, Math.round(value(rows[i]))));
        }
      }
      out.push(s);
    }
  });
  return out;
}

function nodeSeries(
  name: string,
  times: number[],
  rows: Layers[],
  baseKernel: number,
  random: () => number,
  keep: (i: number, r: () => number) => boolean
): ScenarioSeries[] {
  const total = 16 * 1024 ** 3;
  // Slab is 60 % reclaimable at rest; slab that grows is dentries and inodes (a walk over many
  // files), reclaimable too, which is what a node's kernel growth most often is.
  const reclaimable = (l: Layers) => 0.7 * (0.6 * baseKernel + Math.max(0, l.kernel - baseKernel));
  const buffers = 80 * MB;
  const other = 60 * MB;
  // The kernel layer is Slab + KernelStack + PageTables + Percpu: split it in fixed proportions.
  const metrics: Array<[string, (l: Layers) => number]> = [
    ['node_memory_MemTotal_bytes', () => total],
    ['node_memory_MemFree_bytes', (l) => total - (l.anon + l.kernel + l.activeFile + l.inactiveFile + l.shmem + other)],
    ['node_memory_MemAvailable_bytes', (l) => total - (l.anon + l.kernel + l.activeFile + l.shmem + other)],
    ['node_memory_AnonPages_bytes', (l) => l.anon],
    ['node_memory_Shmem_bytes', (l) => l.shmem],
    ['node_memory_Active_file_bytes', (l) => l.activeFile],
    ['node_memory_Inactive_file_bytes', (l) => l.inactiveFile],
    ['node_memory_Slab_bytes', (l) => l.kernel * 0.7],
    ['node_memory_SReclaimable_bytes', reclaimable],
    ['node_memory_SUnreclaim_bytes', (l) => l.kernel * 0.7 - reclaimable(l)],
    ['node_memory_KernelStack_bytes', (l) => l.kernel * 0.1],
    ['node_memory_PageTables_bytes', (l) => l.kernel * 0.15],
    ['node_memory_Percpu_bytes', (l) => l.kernel * 0.05],
    ['node_memory_Buffers_bytes', () => buffers],
    ['node_memory_Cached_bytes', (l) => l.activeFile + l.inactiveFile + l.shmem - buffers],
  ];
  return metrics.map(([metric, value]) => {
    const s: ScenarioSeries = {
      labels: { __name__: metric, instance: `${name}:9100`, job: 'node', nodename: name },
      times: [],
      values: [],
    };
    for (let i = 0; i < times.length; i++) {
      if (keep(i, random)) {
        s.times.push(times[i]);
        s.values.push(Math.max(0, Math.round(value(rows[i]))));
      }
    }
    return s;
  });
}

/** The scenario as Grafana wire frames, one per series, as a range query would return them. */
export function scenarioFrames(scenario: Scenario, refId = 'A'): DataFrameJSON[] {
  return scenario.series.map((s) =>
    toWireFrame({ refId, labels: s.labels, times: s.times, values: s.values, stepMs: scenario.stepMs })
  );
}
