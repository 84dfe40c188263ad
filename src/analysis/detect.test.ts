import { detect, kindOf } from './detect';
import { prng } from '../scenarios/generator';
import { DEFAULT_DETECT_OPTIONS, type Decomposition, type DetectOptions } from './types';

const MB = 1e6;
const DAY = 86_400_000;
const STEP = 60_000;

interface Shape {
  /** bytes at time t (ms from start) for each layer */
  rss?: (t: number) => number;
  kernel?: (t: number) => number;
  activeFile?: (t: number) => number;
  inactiveFile?: (t: number) => number;
}

/** A container decomposition sampled every minute for `days`, with the lines derived from the layers. */
function container(
  days: number,
  shape: Shape,
  opts: { restarts?: number[]; drop?: (i: number) => boolean; noLayers?: boolean } = {}
): Decomposition {
  const n = Math.floor((days * DAY) / STEP) + 1;
  const times = new Float64Array(n);
  const layers = {
    rss: new Float64Array(n),
    kernel: new Float64Array(n),
    activeFile: new Float64Array(n),
    inactiveFile: new Float64Array(n),
  };
  const ws = new Float64Array(n);
  const usage = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i * STEP;
    times[i] = 1.7e12 + t;
    layers.rss[i] = shape.rss?.(t) ?? 100 * MB;
    layers.kernel[i] = shape.kernel?.(t) ?? 5 * MB;
    layers.activeFile[i] = shape.activeFile?.(t) ?? 20 * MB;
    layers.inactiveFile[i] = shape.inactiveFile?.(t) ?? 30 * MB;
    ws[i] = layers.rss[i] + layers.kernel[i] + layers.activeFile[i];
    usage[i] = ws[i] + layers.inactiveFile[i];
    if (opts.drop?.(i)) {
      ws[i] = usage[i] = layers.rss[i] = layers.kernel[i] = layers.activeFile[i] = layers.inactiveFile[i] = NaN;
    }
  }
  return {
    workload: {
      key: 'k',
      kind: 'container',
      identity: { pod: 'p' },
      title: 'p',
      series: opts.noLayers ? { workingSet: [] } : {},
    },
    times,
    stepMs: STEP,
    layers: opts.noLayers ? {} : layers,
    lines: { workingSet: ws, usage },
    derived: [],
    missing: opts.noLayers ? ['rss', 'kernel', 'activeFile'] : [],
    restarts: opts.restarts ?? [],
    notes: [],
  };
}

const options = (o: Partial<DetectOptions> = {}): DetectOptions => ({ ...DEFAULT_DETECT_OPTIONS, ...o });
const jitter = (seed: number, bytes: number) => {
  const r = prng(seed);
  return () => (r() * 2 - 1) * bytes;
};

describe('detect', () => {
  it('finds the seed: 15 MB/day of active file cache for 7 days under ±5 MB of noise', () => {
    const noise = jitter(1, 5 * MB);
    const d = container(7, { rss: () => 100 * MB + noise(), activeFile: (t) => 20 * MB + (15 * MB * t) / DAY });
    const a = detect(d, options());
    expect(a.verdict).toBe('file-cache');
    expect(a.workingSetGrowthBytes).toBeGreaterThan(95 * MB);
    expect(a.workingSetGrowthBytes).toBeLessThan(115 * MB);
    expect(a.shares.activeFile).toBeGreaterThan(0.85);
    expect(a.regions).toHaveLength(1);
    expect(a.regions[0].fromMs - d.times[0]).toBeLessThan(a.windowMs);
  });

  it('calls a 15 MB/day rss growth anon and a steady noisy service stable with zero shares', () => {
    const noise = jitter(2, 5 * MB);
    const leak = detect(container(7, { rss: (t) => 100 * MB + (15 * MB * t) / DAY + noise() }), options());
    expect(leak.verdict).toBe('anon');
    expect(leak.shares.rss).toBeGreaterThan(0.85);
    const steady = detect(container(7, { rss: () => 100 * MB + noise() }), options());
    expect(steady.verdict).toBe('stable');
    expect(steady.regions).toEqual([]);
    expect(steady.shares).toEqual({ rss: 0, kernel: 0, activeFile: 0 });
  });

  it('ignores a GC sawtooth far larger than the threshold, and a few missing samples', () => {
    const saw = (t: number) => 100 * MB + 80 * MB * ((t / (3 * 3600_000)) % 1);
    const a = detect(container(7, { rss: saw }, { drop: (i) => i % 997 === 0 || (i > 5000 && i < 5010) }), options());
    expect(a.verdict).toBe('stable');
    expect(a.regions).toEqual([]);
  });

  it('finds a leak under a sawtooth whose period is longer than the window', () => {
    const saw = (t: number) => 100 * MB + 80 * MB * ((t / (6 * 3600_000)) % 1) + (20 * MB * t) / DAY;
    const a = detect(container(7, { rss: saw }), options());
    expect(a.verdict).toBe('anon');
    expect(a.regions.length).toBeGreaterThanOrEqual(1);
  });

  it('judges growth per lifetime: a restart splits regions and the growth is summed', () => {
    const mid = 3.5 * DAY;
    const rss = (t: number) => 100 * MB + (30 * MB * (t < mid ? t : t - mid)) / DAY;
    const d = container(7, { rss }, { restarts: [Math.round(mid / STEP)] });
    const a = detect(d, options());
    expect(a.verdict).toBe('anon');
    expect(a.lifetimeCount).toBe(2);
    expect(a.regions).toHaveLength(2);
    expect(a.workingSetGrowthBytes).toBeGreaterThan(190 * MB);
    expect(Math.abs(a.regions[1].fromMs - (d.times[0] + mid))).toBeLessThan(a.windowMs);
    expect(a.notes.map((n) => n.id)).toContain('detect.lifetimes');
  });

  it('treats the end of the process (rss to 0, cache stays) as the end of a lifetime', () => {
    const end = 5 * DAY;
    const d = container(6, {
      rss: (t) => (t < end ? 100 * MB + (40 * MB * t) / DAY : 0),
      activeFile: () => 20 * MB,
    });
    const a = detect(d, options());
    expect(a.verdict).toBe('anon');
    expect(a.workingSetGrowthBytes).toBeGreaterThan(180 * MB);
  });

  it('says stable with an inactive-cache note when only usage grows', () => {
    const a = detect(container(7, { inactiveFile: (t) => 30 * MB + (40 * MB * t) / DAY }), options());
    expect(a.verdict).toBe('stable');
    expect(a.usageGrowthBytes).toBeGreaterThan(250 * MB);
    expect(a.notes).toContainEqual({ id: 'detect.inactiveCache', params: { usageGrowthBytes: a.usageGrowthBytes } });
  });

  it('says unattributed, naming the queries, when only the working set is known', () => {
    const a = detect(container(7, { rss: (t) => 100 * MB + (30 * MB * t) / DAY }, { noLayers: true }), options());
    expect(a.verdict).toBe('unattributed');
    const note = a.notes.find((n) => n.id === 'detect.unattributed');
    expect(note?.params?.queries).toBe('container_memory_usage_bytes, container_memory_rss, container_memory_cache');
  });

  it('respects the thresholds: absolute bytes and relative to the working set', () => {
    const d = container(7, { rss: (t) => 100 * MB + (2 * MB * t) / DAY });
    expect(detect(d, options()).verdict).toBe('stable');
    expect(detect(d, options({ minGrowthBytes: 8 * 1024 * 1024, minGrowthRatio: 0 })).verdict).toBe('anon');
    expect(detect(d, options({ minGrowthBytes: 8 * 1024 * 1024, minGrowthRatio: 0.5 })).verdict).toBe('stable');
  });

  it('calls growth mixed when no kind reaches the share, and a fixed window is used as given', () => {
    const d = container(7, {
      rss: (t) => 100 * MB + (12 * MB * t) / DAY,
      activeFile: (t) => 20 * MB + (10 * MB * t) / DAY,
      kernel: (t) => 5 * MB + (8 * MB * t) / DAY,
    });
    const a = detect(d, options({ window: 3600_000 }));
    expect(a.windowMs).toBe(3600_000);
    expect(a.verdict).toBe('mixed');
    expect(a.shares.rss! + a.shares.activeFile! + a.shares.kernel!).toBeCloseTo(1, 6);
    expect(detect(d, options({ share: 0.35 })).verdict).toBe('anon');
  });

  it('skips leading samples of zero usage', () => {
    const d = container(7, { rss: () => 100 * MB });
    for (let i = 0; i < 100; i++) {
      d.lines.usage![i] = 0;
      d.lines.workingSet![i] = 0;
      d.layers.rss![i] = 0;
    }
    const a = detect(d, options());
    expect(a.verdict).toBe('stable');
    expect(a.rangeMs).toBe(d.times[d.times.length - 1] - d.times[100]);
  });
});

describe('kindOf', () => {
  it('adds kernel and other for a node and picks the kind at or above the share', () => {
    expect(kindOf({ anon: 0.3, kernel: 0.3, other: 0.25, activeFile: 0.15 }, 0.5)).toEqual({
      kind: 'kernel',
      share: 0.55,
    });
    expect(kindOf({ rss: 0.4, activeFile: 0.35, kernel: 0.25 }, 0.5).kind).toBe('mixed');
  });
});
