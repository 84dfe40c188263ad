/**
 * The growth-region annotations end to end on a real Prometheus: cAdvisor series for containers whose
 * growth starts and stops at known times, backfilled with promtool; the MemLens recording rules
 * backfilled over them with `promtool tsdb create-blocks-from rules` (one pass per dependency level,
 * because a pass reads only what is already stored); then a container dashboard's annotation query
 * over /api/v1/query_range, turned into regions the way Grafana's Prometheus annotation support does.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse } from 'yaml';

import { prng } from '../../../src/scenarios/generator';
import { annotationRegions, type Region } from './annotationRegions';
import { writeExposition, type SampleSeries } from './openmetrics';
import { createBlocks, PROMTOOL_BIN, queryRange, startPrometheus, type PrometheusServer } from './prometheus';
import { runTool } from './process';

const HOUR = 3_600_000;
const MB = 1e6;
const ROOT = join(__dirname, '..', '..', '..');
export const RULES_FILE = join(ROOT, 'provisioning', 'prometheus', 'rules', 'memlens.rules.yml');

export interface GrowthCase {
  name: string;
  pod: string;
  /** The kind of the true region, none for the sawtooth. */
  truth?: { kind: 'file-cache' | 'anon'; fromMs: number; toMs: number };
}

export type { Region } from './annotationRegions';
export { annotationRegions };

export interface GrowthStack {
  prometheus: PrometheusServer;
  cases: GrowthCase[];
  series: SampleSeries[];
  startMs: number;
  endMs: number;
  stepMs: number;
  stop(): Promise<void>;
}

interface Shape {
  pod: string;
  /** Bytes per day of active file cache or anonymous memory, from `fromH` to `toH` hours in. */
  grow?: { layer: 'activeFile' | 'anon'; perDay: number; fromH: number; toH: number };
  /** Inactive file cache growth per day (counts in usage, not in the working set). */
  inactivePerDay?: number;
  sawtooth?: { amplitude: number; periodMs: number };
}

/**
 * The incident (15 MB/day of active file cache, 20 MB/day of inactive), a leak at the same rate,
 * and a GC sawtooth (60 MB every 20 min) with no growth, with the generator's scrape jitter.
 */
const SHAPES: Shape[] = [
  { pod: 'logwriter-0', grow: { layer: 'activeFile', perDay: 15 * MB, fromH: 18, toH: 54 }, inactivePerDay: 20 * MB },
  { pod: 'leaker-0', grow: { layer: 'anon', perDay: 15 * MB, fromH: 24, toH: 60 } },
  { pod: 'gc-0', sawtooth: { amplitude: 60 * MB, periodMs: 20 * 60_000 } },
];

function containerSeries(shape: Shape, startMs: number, n: number, stepMs: number, seed: number): SampleSeries[] {
  const random = prng(seed);
  const labels = {
    job: 'kubelet',
    metrics_path: '/metrics/cadvisor',
    namespace: 'shop',
    pod: shape.pod,
    container: 'app',
    image: 'registry.example/shop/app:1.4.2',
    id: `/kubepods/burstable/pod${seed}/c${seed}`,
    name: `c${seed}`,
  };
  const times: number[] = [];
  const cols = { usage: [] as number[], ws: [] as number[], rss: [] as number[], cache: [] as number[] };
  for (let i = 0; i < n; i++) {
    const t = startMs + i * stepMs;
    const hours = (t - startMs) / HOUR;
    let anon = 120 * MB + (random() * 2 - 1) * 5 * MB;
    let active = 20 * MB + (random() * 2 - 1) * MB;
    const inactive = 40 * MB + ((shape.inactivePerDay ?? 0) * hours) / 24 + (random() * 2 - 1) * 2 * MB;
    const kernel = 8 * MB + (random() * 2 - 1) * 0.3 * MB;
    if (shape.grow) {
      const grown =
        ((Math.min(Math.max(hours, shape.grow.fromH), shape.grow.toH) - shape.grow.fromH) / 24) * shape.grow.perDay;
      if (shape.grow.layer === 'activeFile') {
        active += grown;
      } else {
        anon += grown;
      }
    }
    if (shape.sawtooth) {
      anon += shape.sawtooth.amplitude * (((t - startMs) / shape.sawtooth.periodMs) % 1);
    }
    times.push(t);
    cols.rss.push(anon);
    cols.cache.push(active + inactive);
    cols.ws.push(anon + kernel + active);
    cols.usage.push(anon + kernel + active + inactive);
  }
  const s = (name: string, values: number[]) => ({ labels: { __name__: name, ...labels }, times, values });
  return [
    s('container_memory_usage_bytes', cols.usage),
    s('container_memory_working_set_bytes', cols.ws),
    s('container_memory_rss', cols.rss),
    s('container_memory_cache', cols.cache),
  ];
}

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
}

/** The recording rules by dependency level: level 0 reads scraped series only, level k reads level k − 1. */
export function ruleLevels(groups: Array<{ name: string; interval?: string; rules: Rule[] }>): Array<typeof groups> {
  const records = groups.flatMap((g) => g.rules).filter((r) => r.record);
  const level = new Map<string, number>();
  const levelOf = (r: Rule): number => {
    const deps = records.filter(
      (o) => o.record !== r.record && new RegExp(`(?<![\\w:])${o.record}(?![\\w:])`).test(r.expr)
    );
    return deps.length ? 1 + Math.max(...deps.map((d) => level.get(d.record!) ?? levelOf(d))) : 0;
  };
  for (const r of records) {
    level.set(r.record!, levelOf(r));
  }
  const top = Math.max(...level.values());
  return Array.from({ length: top + 1 }, (_, k) =>
    groups
      .map((g) => ({ ...g, rules: g.rules.filter((r) => r.record && level.get(r.record) === k) }))
      .filter((g) => g.rules.length > 0)
  );
}

export async function startGrowthStack(
  options: { days?: number; stepMs?: number; endMs?: number; rulesFile?: string } = {}
): Promise<GrowthStack> {
  const days = options.days ?? 3;
  const stepMs = options.stepMs ?? 60_000;
  const n = Math.floor((days * 24 * HOUR) / stepMs) + 1;
  const endMs = options.endMs ?? Date.UTC(2025, 0, 9);
  const startMs = endMs - (n - 1) * stepMs;
  const series = SHAPES.flatMap((shape, i) => containerSeries(shape, startMs, n, stepMs, i + 1));
  const cases: GrowthCase[] = SHAPES.map((s) => ({
    name: s.grow
      ? s.grow.layer === 'activeFile'
        ? 'incident: active file cache'
        : 'leak: anonymous memory'
      : 'GC sawtooth, no growth',
    pod: s.pod,
    truth: s.grow && {
      kind: s.grow.layer === 'activeFile' ? 'file-cache' : 'anon',
      fromMs: startMs + s.grow.fromH * HOUR,
      toMs: startMs + s.grow.toH * HOUR,
    },
  }));
  const work = mkdtempSync(join(tmpdir(), 'memlens-growth-'));
  let prometheus: PrometheusServer | undefined;
  try {
    const blocks = join(work, 'blocks');
    const om = join(work, 'cadvisor.om');
    writeExposition(series, 'openmetrics', om);
    await createBlocks(om, blocks);
    rmSync(om);
    const levels = ruleLevels(parse(readFileSync(options.rulesFile ?? RULES_FILE, 'utf8')).groups);
    for (const [k, groups] of levels.entries()) {
      prometheus = await startPrometheus({ blocksFrom: { dir: blocks } });
      const file = join(work, `level-${k}.rules.yml`);
      writeFileSync(file, JSON.stringify({ groups }));
      const out = join(work, `level-${k}`);
      await runTool(
        PROMTOOL_BIN,
        [
          'tsdb',
          'create-blocks-from',
          'rules',
          `--url=${prometheus.url}`,
          `--start=${startMs / 1000}`,
          `--end=${endMs / 1000}`,
          `--output-dir=${out}`,
          file,
        ],
        600_000
      );
      await prometheus.stop();
      prometheus = undefined;
      for (const block of readdirSync(out)) {
        cpSync(join(out, block), join(blocks, block), { recursive: true });
      }
      rmSync(out, { recursive: true });
    }
    prometheus = await startPrometheus({ blocksFrom: { dir: blocks } });
    rmSync(blocks, { recursive: true });
    const server = prometheus;
    return {
      prometheus: server,
      cases,
      series,
      startMs,
      endMs,
      stepMs,
      stop: async () => {
        await server.stop();
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await prometheus?.stop();
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}

/** A dashboard's annotation query with its variables at "All" (each variable's allValue). */
export function annotationQueries(dashboard: {
  annotations: { list: Array<{ name: string; expr?: string; step?: string; iconColor?: string }> };
  templating: { list: Array<{ name: string; allValue?: string }> };
}): Array<{ name: string; expr: string; stepMs: number; color: string }> {
  const values = new Map(dashboard.templating.list.map((v) => [v.name, v.allValue ?? '.+']));
  return dashboard.annotations.list
    .filter((a) => a.expr)
    .map((a) => ({
      name: a.name,
      expr: a.expr!.replace(/\$(\w+)/g, (_, name: string) => values.get(name) ?? `$${name}`),
      stepMs: (Number(/^(\d+)m$/.exec(a.step ?? '1m')?.[1]) || 1) * 60_000,
      color: a.iconColor ?? '',
    }));
}

export async function queryRegions(
  url: string,
  expr: string,
  startMs: number,
  endMs: number,
  stepMs: number
): Promise<Region[]> {
  return annotationRegions(await queryRange(url, expr, startMs, endMs, stepMs), stepMs);
}
