/**
 * Week-long generated scenarios with known truth, beside those in assess.test.ts: a reader thrashing
 * its cache under a limit, a leak in an OOM-kill loop, and a node whose kernel layer grows by
 * reclaimable slab (not a kernel leak), by unreclaimable slab, or without the series that would tell.
 */
import { frames, MiB, raw, T0 } from '../__testing__/frames';
import { analyzeFrames } from '../pipeline';
import type { Analysis, Labels } from '../types';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const STEP = 5 * 60_000;
const ids = (a: Analysis) => a.consequences.map((m) => m.id);
const pod = { namespace: 'shop', pod: 'reader-0', container: 'reader', image: 'reader:1' };

/** A counter advancing `perSec(t)` each second, sampled on `t`. */
function counter(t: number[], perSec: (x: number) => number): number[] {
  let acc = 0;
  return t.map((x, i) => (i === 0 ? 0 : (acc += (perSec(x) * (x - t[i - 1])) / 1000)));
}

describe('a reader thrashing its cache under a limit, for a week', () => {
  const limit = 512 * MiB;
  const n = (7 * DAY) / STEP + 1;
  const t = Array.from({ length: n }, (_, i) => i * STEP);
  const labels: Labels = { ...pod, id: '/kubepods/pod1/reader' };
  const o = { stepMs: STEP };
  const rss = t.map(() => 90 * MiB);
  // The cache fills what the limit leaves, and stays there: it cycles, it does not grow.
  const active = t.map((x) => 250 * MiB + 4 * MiB * Math.sin(x / HOUR));
  const inactive = t.map(() => 150 * MiB);
  const usage = t.map((_, i) => rss[i] + active[i] + inactive[i] + 10 * MiB);
  const [a] = analyzeFrames(
    frames(
      raw('container_memory_usage_bytes', labels, usage, o),
      raw(
        'container_memory_working_set_bytes',
        labels,
        usage.map((u, i) => u - inactive[i]),
        o
      ),
      raw('container_memory_rss', labels, rss, o),
      raw(
        'container_memory_cache',
        labels,
        t.map((_, i) => active[i] + inactive[i]),
        o
      ),
      raw('container_memory_total_active_file_bytes', labels, active, o),
      raw('container_memory_total_inactive_file_bytes', labels, inactive, o),
      raw(
        'container_spec_memory_limit_bytes',
        labels,
        t.map(() => limit),
        o
      ),
      // 2,000 pages/s read back after eviction: the 400 MiB cache turns over about 70 times an hour.
      raw(
        'container_memory_workingset_refault_file_total',
        labels,
        counter(t, () => 2000),
        o
      ),
      raw(
        'container_pressure_memory_waiting_seconds_total',
        labels,
        counter(t, () => 0.12),
        o
      ),
      raw(
        'container_memory_failcnt',
        labels,
        counter(t, () => 3),
        o
      )
    )
  ).analyses;

  it('is hot cache under pressure, neither a leak nor growth, and heads to no OOM', () => {
    expect(a.verdict).toBe('stable');
    expect(a.assessment.temperature.state).toBe('hot');
    expect(a.assessment.temperature.refaultBytesPerSec!).toBeCloseTo(2000 * 4096, -3);
    expect(a.assessment.pressure.underPressure).toBe(true);
    expect(a.assessment.pressure.psiSome!).toBeCloseTo(0.12, 3);
    expect(a.assessment.pressure.limitHits).toBeGreaterThan(0);
    expect(a.assessment.projection.etaSeconds).toBeNull();
    expect(ids(a)).toEqual(expect.arrayContaining(['consequence.hot', 'consequence.psi']));
    expect(ids(a)).not.toContain('consequence.oom');
  });
});

describe('a leak in an OOM-kill loop, for a week', () => {
  const limit = 512 * MiB;
  const period = 6 * HOUR;
  const kernel = 8 * MiB;
  const start = 50 * MiB;
  const perMs = (450 * MiB) / period;
  // 28 lifetimes killed at the limit, then 2 h into the 29th: a third of the way to the next kill.
  const end = 7 * DAY + 2 * HOUR;
  const lives = Math.floor(end / period) + 1;
  const series = [];
  const oomAt: number[] = [];
  for (let life = 0; life < lives; life++) {
    const from = life * period;
    const to = Math.min(end, from + period - STEP);
    const t: number[] = [];
    for (let x = from; x <= to; x += STEP) {
      t.push(x);
    }
    if (life < lives - 1) {
      oomAt.push(from + period - STEP / 2);
    }
    // A new container ID each lifetime: cAdvisor exports each as a new series.
    const labels: Labels = { ...pod, pod: 'leaky-0', container: 'leaky', id: `/kubepods/pod2/leaky-${life}` };
    const rss = t.map((x) => start + perMs * (x - from));
    const cache = t.map(() => 20 * MiB);
    const usage = rss.map((r) => r + 20 * MiB + kernel);
    const o = { stepMs: STEP, times: t.map((x) => T0 + x) };
    series.push(
      raw('container_memory_usage_bytes', labels, usage, o),
      raw(
        'container_memory_working_set_bytes',
        labels,
        usage.map((u) => u - 10 * MiB),
        o
      ),
      raw('container_memory_rss', labels, rss, o),
      raw('container_memory_cache', labels, cache, o),
      raw(
        'container_spec_memory_limit_bytes',
        labels,
        t.map(() => limit),
        o
      )
    );
  }
  // The OOM counter and kube-state-metrics' restarts follow the pod, across the container's lifetimes.
  const n = end / STEP + 1;
  const grid = Array.from({ length: n }, (_, i) => i * STEP);
  const kills = grid.map((x) => oomAt.filter((k) => k <= x).length);
  const podLabels: Labels = { namespace: 'shop', pod: 'leaky-0', container: 'leaky' };
  const o = { stepMs: STEP };
  series.push(
    raw('container_oom_events_total', { ...podLabels, id: '/kubepods/pod2' }, kills, o),
    raw('kube_pod_container_status_restarts_total', podLabels, kills, o),
    raw(
      'kube_pod_container_status_last_terminated_reason',
      { ...podLabels, reason: 'OOMKilled' },
      grid.map(() => 1),
      o
    )
  );
  const { analyses } = analyzeFrames(frames(...series));
  const a = analyses.find((x) => x.decomposition.workload.identity.pod === 'leaky-0')!;

  it('is anonymous memory, every kill and restart counted with its reason', () => {
    expect(a.verdict).toBe('anon');
    expect(a.assessment.pressure.oomKills).toBe(oomAt.length);
    expect(a.assessment.pressure.restarts).toBe(oomAt.length);
    const restarts = a.assessment.pressure.events.filter((e) => e.kind === 'restart');
    expect(restarts.length).toBeGreaterThan(0);
    expect(restarts.every((e) => e.reason === 'OOMKilled')).toBe(true);
    expect(ids(a)).toContain('consequence.oomKills');
  });

  it('gives the next kill within 15 % of the truth, a third of the way into the lifetime', () => {
    // rss + kernel at the end: 50 + 150 + 8 MiB; 75 MiB an hour to the 512 MiB limit.
    const truth = (limit - (start + perMs * 2 * HOUR) - kernel) / perMs / 1000;
    expect(a.assessment.trend.state).toBe('growing');
    const eta = a.assessment.projection.etaSeconds!;
    expect(Math.abs(eta - truth) / truth).toBeLessThan(0.15);
    expect(ids(a)).toContain('consequence.oom');
  });
});

describe('a node whose kernel layer grows by slab, for a week', () => {
  const GiB = 1024 * MiB;
  const node: Labels = { instance: 'node-1:9100', job: 'node' };
  const stepMs = 10 * 60_000;
  const n = (7 * DAY) / stepMs + 1;
  const t = Array.from({ length: n }, (_, i) => i * stepMs);
  // 1.5 GiB of slab from day 2 to day 6: a nightly job walking millions of files leaves dentries and inodes.
  const grown = t.map((x) => Math.min(Math.max(x - 2 * DAY, 0), 4 * DAY) * ((1.5 * GiB) / (4 * DAY)));

  function nodeFrames(where: 'reclaimable' | 'unreclaimable', withParts: boolean) {
    const reclaimable = t.map((_, i) => 0.3 * GiB + (where === 'reclaimable' ? grown[i] : 0));
    const unreclaimable = t.map((_, i) => 0.2 * GiB + (where === 'unreclaimable' ? grown[i] : 0));
    const slab = t.map((_, i) => reclaimable[i] + unreclaimable[i]);
    const anon = t.map(() => 3 * GiB);
    const fixed = { Active_file: 1 * GiB, Inactive_file: 2 * GiB, Shmem: 0.1 * GiB };
    const used = slab.map((s, i) => s + anon[i] + fixed.Active_file + fixed.Inactive_file + fixed.Shmem);
    const total = 16 * GiB;
    const o = { stepMs };
    const flat = (v: number) => t.map(() => v);
    return frames(
      raw('node_memory_MemTotal_bytes', node, flat(total), o),
      raw(
        'node_memory_MemFree_bytes',
        node,
        used.map((u) => total - u),
        o
      ),
      raw(
        'node_memory_MemAvailable_bytes',
        node,
        used.map((u, i) => total - u + fixed.Inactive_file + reclaimable[i]),
        o
      ),
      raw('node_memory_AnonPages_bytes', node, anon, o),
      raw('node_memory_Slab_bytes', node, slab, o),
      ...Object.entries(fixed).map(([f, v]) => raw(`node_memory_${f}_bytes`, node, flat(v), o)),
      ...(withParts
        ? [
            raw('node_memory_SReclaimable_bytes', node, reclaimable, o),
            raw('node_memory_SUnreclaim_bytes', node, unreclaimable, o),
          ]
        : [])
    );
  }

  it('reclaimable slab: reads as reclaimable, not as a kernel leak, and is not non-reclaimable growth', () => {
    const [a] = analyzeFrames(nodeFrames('reclaimable', true)).analyses;
    expect(a.verdict).toBe('kernel');
    expect(a.banner.id).toBe('banner.node.kernelReclaimable');
    expect(a.assessment.slab!.reclaimableShare!).toBeGreaterThan(0.95);
    expect(Math.abs(a.assessment.slab!.kernelGrowthBytes - 1.5 * GiB) / (1.5 * GiB)).toBeLessThan(0.1);
    expect(a.assessment.trend.state).not.toBe('growing');
    expect(ids(a)).not.toContain('consequence.slabShare');
  });

  it('unreclaimable slab: the kernel banner, the share said, and still non-reclaimable growth', () => {
    const [a] = analyzeFrames(nodeFrames('unreclaimable', true)).analyses;
    expect(a.verdict).toBe('kernel');
    expect(a.banner.id).toBe('banner.node.kernel');
    expect(a.assessment.slab!.reclaimableShare!).toBeLessThan(0.05);
    const line = a.consequences.find((m) => m.id === 'consequence.slabShare');
    expect(line?.params?.reclaimableShare).toBeLessThan(0.05);
    expect(a.assessment.trend.state).not.toBe('flat');
  });

  it('without SReclaimable: the kernel banner, and which series would tell', () => {
    const [a] = analyzeFrames(nodeFrames('reclaimable', false)).analyses;
    expect(a.verdict).toBe('kernel');
    expect(a.banner.id).toBe('banner.node.kernel');
    expect(a.assessment.slab!.reclaimableShare).toBeNull();
    expect(ids(a)).toContain('consequence.slabUnknown');
    expect(a.assessment.missing).toContain('slabReclaimable');
  });
});
