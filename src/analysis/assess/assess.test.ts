/**
 * Does it matter, on real kernel traces (tests/fixtures/cgroup-traces: a reader cycling through more
 * than its limit, the incident's log writer, a leak OOM-killed and restarted) and on generated series
 * with known truth: the warm-up, the plateau, the leak toward its limit, PSI, counters raw or as rates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { decodeDsQuery, FIXTURES, frames, MiB, raw, T0 } from '../__testing__/frames';
import { analyzeFrames } from '../pipeline';
import type { Analysis } from '../types';

function trace(name: string): Analysis {
  const text = readFileSync(join(FIXTURES, 'wire', 'traces', `${name}.json`), 'utf8');
  const { analyses } = analyzeFrames(decodeDsQuery(text));
  expect(analyses).toHaveLength(1);
  return analyses[0];
}

const ids = (a: Analysis) => a.consequences.map((m) => m.id);
const labels = { namespace: 'shop', pod: 'api-0', container: 'api', image: 'api:1', id: '/kubepods/pod1/api' };

describe('real kernel traces', () => {
  it('the reader cycling through more than its limit: hot cache, refaults, no OOM kill', () => {
    const a = trace('hotreader');
    expect(a.assessment.temperature.state).toBe('hot');
    expect(a.assessment.temperature.turnoverPerHour!).toBeGreaterThan(10);
    expect(a.assessment.pressure.oomKills).toBe(0);
    expect(a.verdict).not.toBe('anon');
    expect(ids(a)).toContain('consequence.hot');
  });

  it("the incident's log writer: file cache, idle, not growing toward an OOM", () => {
    const a = trace('idlelog');
    expect(a.verdict).toBe('file-cache');
    expect(a.assessment.temperature.state).toBe('idle');
    expect(a.assessment.trend.state).not.toBe('growing');
    expect(a.assessment.projection.etaSeconds).toBeNull();
    expect(a.assessment.projection.reason?.id).toBe('projection.onlyReclaimableGrows');
    expect(ids(a)).toContain('consequence.idle');
    expect(ids(a)).not.toContain('consequence.oom');
  });

  it('the leak OOM-killed at its limit: anonymous, the kills and the restarts with their reason', () => {
    const a = trace('oomloop');
    expect(a.verdict).toBe('anon');
    const p = a.assessment.pressure;
    expect(p.oomKills).toBe(3);
    expect(p.restarts).toBeGreaterThanOrEqual(2);
    const restarts = p.events.filter((e) => e.kind === 'restart');
    expect(restarts.every((e) => e.reason === 'OOMKilled')).toBe(true);
    expect(ids(a)).toContain('consequence.oomKills');
  });
});

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A container over `days` at `stepMs`: rss from `rssAt(tMs)`, a steady cache, an optional limit. */
function container(days: number, stepMs: number, rssAt: (t: number) => number, extra: { limit?: number } = {}) {
  const n = Math.round((days * DAY) / stepMs) + 1;
  const t = Array.from({ length: n }, (_, i) => i * stepMs);
  const rss = t.map(rssAt);
  const cache = t.map(() => 200 * MiB);
  const inactive = t.map(() => 150 * MiB);
  const usage = rss.map((r, i) => r + cache[i] + 8 * MiB);
  const ws = usage.map((u, i) => u - inactive[i]);
  const o = { stepMs };
  const series = [
    raw('container_memory_usage_bytes', labels, usage, o),
    raw('container_memory_working_set_bytes', labels, ws, o),
    raw('container_memory_rss', labels, rss, o),
    raw('container_memory_cache', labels, cache, o),
  ];
  if (extra.limit) {
    series.push(
      raw(
        'container_spec_memory_limit_bytes',
        labels,
        t.map(() => extra.limit!),
        o
      )
    );
  }
  return { series, n, t };
}

/** A deterministic sawtooth, as GC makes: ±6 MiB over 20 minutes. */
const gc = (t: number) => ((t % (20 * 60_000)) / (20 * 60_000) - 0.5) * 12 * MiB;

describe('generated scenarios with known truth', () => {
  it('a warm-up then flat for a week is a warm-up, not a leak, and ranks with no growth', () => {
    const { series } = container(7, 5 * 60_000, (t) => 100 * MiB + Math.min(t, HOUR) * ((1024 * MiB) / HOUR) + gc(t));
    const other = container(7, 5 * 60_000, (t) => 300 * MiB + gc(t)).series.map((s) => ({
      ...s,
      labels: { ...s.labels, pod: 'quiet-0', container: 'quiet', id: '/kubepods/pod2/quiet' },
    }));
    const { analyses } = analyzeFrames(frames(...series, ...other));
    const a = analyses.find((x) => x.decomposition.workload.identity.pod === 'api-0')!;
    expect(a.assessment.trend.state).toBe('warmUp');
    expect(a.banner.id).toBe('banner.warmUp');
    expect(a.assessment.projection.etaSeconds).toBeNull();
    expect(ids(a)).toContain('consequence.warmUp');
  });

  it('a plateau after two days: stopped, about five days ago', () => {
    const { series } = container(
      7,
      5 * 60_000,
      (t) => 200 * MiB + Math.min(t, 2 * DAY) * ((600 * MiB) / (2 * DAY)) + gc(t)
    );
    const [a] = analyzeFrames(frames(...series)).analyses;
    expect(a.verdict).toBe('anon');
    expect(a.assessment.trend.state).toBe('stopped');
    const stopped = a.assessment.trend.stoppedAtMs! - T0;
    expect(Math.abs(stopped - 2 * DAY)).toBeLessThan(0.5 * DAY);
  });

  it('a slow leak toward its limit: the time to the limit within 15 % of the truth once a third of the way there', () => {
    const rate = 15 * MiB; // per day
    const limit = 1024 * MiB;
    const start = 300 * MiB;
    const trueEtaDays = (limit - start) / rate; // from t = 0
    for (const fraction of [1 / 3, 1 / 2, 2 / 3]) {
      const days = Math.round(trueEtaDays * fraction);
      const { series } = container(days, 10 * 60_000, (t) => start + (rate * t) / DAY + gc(t), { limit });
      const [a] = analyzeFrames(frames(...series)).analyses;
      expect(a.assessment.trend.state).toBe('growing');
      const truth = (trueEtaDays - days) * 86_400;
      const eta = a.assessment.projection.etaSeconds!;
      expect(Math.abs(eta - truth) / truth).toBeLessThan(0.15);
      expect(ids(a)).toContain('consequence.oom');
    }
  });

  it('a daily cycle is not growth', () => {
    const { series } = container(7, 5 * 60_000, (t) => 500 * MiB + 150 * MiB * Math.sin((2 * Math.PI * t) / DAY), {
      limit: 2048 * MiB,
    });
    const [a] = analyzeFrames(frames(...series)).analyses;
    expect(a.assessment.trend.state).toBe('flat');
    expect(a.assessment.projection.etaSeconds).toBeNull();
  });

  it('PSI rising as the cache squeezes, over a week: under pressure, with the share of time stalled', () => {
    const stepMs = 5 * 60_000;
    const { series, t } = container(7, stepMs, () => 300 * MiB);
    // waiting seconds: none for six days, then rising to 20 % of the time over the last day.
    const share = (x: number) => Math.min(0.2, Math.max(0, (x - 6 * DAY) / (20 * HOUR)) * 0.2);
    let acc = 0;
    const waiting = t.map((x, i) => (i === 0 ? 0 : (acc += (share(x) * stepMs) / 1000)));
    const [a] = analyzeFrames(
      frames(...series, raw('container_pressure_memory_waiting_seconds_total', labels, waiting, { stepMs }))
    ).analyses;
    expect(a.assessment.pressure.underPressure).toBe(true);
    expect(a.assessment.pressure.psiSome!).toBeCloseTo(0.2, 5);
    expect(a.assessment.strip.psiSome).toBeDefined();
    expect(ids(a)).toContain('consequence.psi');
  });

  it('a counter read raw across a reset and the same counter as rate(…) give the same refault rate', () => {
    const { series, t } = container(1, 60_000, () => 300 * MiB);
    const perStep = 600; // pages per minute: 10 pages/s
    const counter = t.map((_, i) => (i < 500 ? i * perStep : (i - 500) * perStep));
    const asRaw = analyzeFrames(
      frames(...series, raw('container_memory_workingset_refault_file_total', labels, counter, { stepMs: 60_000 }))
    ).analyses[0];
    const rate = t.map(() => 10);
    const asRate = analyzeFrames(
      frames(...series, { ...raw('x', labels, rate, { stepMs: 60_000, refId: 'R' }), labels }),
      { ingest: { roles: { R: 'refaultFile' } } }
    ).analyses[0];
    expect(asRaw.assessment.temperature.refaultBytesPerSec).toBeCloseTo(10 * 4096, 3);
    expect(asRate.assessment.temperature.refaultBytesPerSec).toBeCloseTo(10 * 4096, 3);
  });

  it('no refault signal: the temperature is unknown and the refault query is named as missing', () => {
    const { series } = container(1, 60_000, () => 300 * MiB);
    const [a] = analyzeFrames(frames(...series)).analyses;
    expect(a.assessment.temperature.state).toBe('unknown');
    expect(a.assessment.missing).toContain('refaultFile');
    expect(a.assessment.pressure.underPressure).toBeNull();
  });
});

describe('a node toward the eviction threshold', () => {
  const GiB = 1024 * MiB;
  const node = { instance: 'node-1:9100', job: 'node' };
  function nodeFrames(days: number, ratePerDay: number) {
    const stepMs = 10 * 60_000;
    const n = Math.round((days * DAY) / stepMs) + 1;
    const t = Array.from({ length: n }, (_, i) => i * stepMs);
    const anon = t.map((x) => 2 * GiB + (ratePerDay * x) / DAY);
    const fixed = { Active_file: 1 * GiB, Inactive_file: 2 * GiB, Shmem: 0.1 * GiB, Slab: 0.5 * GiB };
    const used = anon.map((a) => a + fixed.Active_file + fixed.Inactive_file + fixed.Shmem + fixed.Slab);
    const total = 16 * GiB;
    const o = { stepMs };
    return {
      frames: frames(
        raw(
          'node_memory_MemTotal_bytes',
          node,
          t.map(() => total),
          o
        ),
        raw(
          'node_memory_MemFree_bytes',
          node,
          used.map((u) => total - u),
          o
        ),
        raw(
          'node_memory_MemAvailable_bytes',
          node,
          used.map((u) => total - u + 2 * GiB),
          o
        ),
        raw('node_memory_AnonPages_bytes', node, anon, o),
        ...Object.entries(fixed).map(([f, v]) =>
          raw(
            `node_memory_${f}_bytes`,
            node,
            t.map(() => v),
            o
          )
        )
      ),
      wsNow: anon[n - 1] + fixed.Active_file + fixed.Shmem + fixed.Slab,
      total,
    };
  }

  it('projects the node working set to MemTotal − 100Mi, and says how much of it is active file', () => {
    const rate = 1 * GiB;
    const { frames: input, wsNow, total } = nodeFrames(3, rate);
    const [a] = analyzeFrames(input).analyses;
    const p = a.assessment.projection;
    expect(p.target).toBe('eviction');
    expect(p.targetBytes).toBe(total - 100 * MiB);
    const truth = ((total - 100 * MiB - wsNow) / rate) * 86_400;
    expect(Math.abs(p.etaSeconds! - truth) / truth).toBeLessThan(0.15);
    expect(p.activeFileShare!).toBeGreaterThan(0.1);
    expect(ids(a)).toContain('consequence.eviction');
  });

  it('reads the threshold as the kubelet writes it, in bytes or percent, and says when it cannot', () => {
    const { frames: input, total } = nodeFrames(3, 1 * GiB);
    const pct = analyzeFrames(input, { assess: { evictionThreshold: 'memory.available<10%' } }).analyses[0];
    expect(pct.assessment.projection.targetBytes).toBeCloseTo(total * 0.9, 0);
    const bad = analyzeFrames(input, { assess: { evictionThreshold: 'memory<lots' } }).analyses[0];
    expect(bad.assessment.projection.etaSeconds).toBeNull();
    expect(bad.assessment.projection.reason?.id).toBe('projection.badThreshold');
  });
});
