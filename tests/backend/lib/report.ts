/**
 * Comparing two engines' analyses, and the latency table printed for the report.
 */
import type { PipelineResult } from '../../../src/analysis/pipeline';
import type { Analysis } from '../../../src/analysis/types';
import type { ClusterPod } from './cluster';
import type { PanelRun } from './grafana';
import { PROMETHEUS_LOOKBACK_MS } from './lookback';

export function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface EngineDiff {
  keyMismatch: string[];
  verdictMismatches: string[];
  pointsCompared: number;
  identical: number;
  /** Points that differ within a look-back window (plus a step) after a restart or a scrape gap. */
  differingNearEdges: number;
  differingAwayFromEdges: string[];
  /** Largest |Δ working-set growth| / growth over the workloads (0 when both are 0). */
  maxGrowthDifference: number;
  summary: string;
}

const same = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1;

/**
 * Where the engines' look-back rules may legitimately differ: after each restart (Prometheus keeps
 * the old series for 5 minutes, VictoriaMetrics drops it sooner) and around scrape gaps longer than
 * a few scrapes. Gaps are found in the workload's own samples.
 */
function edgeWindows(a: Analysis, pods: ClusterPod[]): Array<[number, number]> {
  const d = a.decomposition;
  const reach = PROMETHEUS_LOOKBACK_MS + d.stepMs;
  const pod = pods.find((p) => p.pod === d.workload.identity.pod);
  const windows: Array<[number, number]> = (pod?.scenario.truth.restartsMs ?? []).map((t) => [t, t + reach]);
  const series = pod ? pod.scenario.series : [];
  for (const s of series) {
    for (let i = 1; i < s.times.length; i++) {
      if (s.times[i] - s.times[i - 1] > 3 * pod!.scenario.stepMs) {
        windows.push([s.times[i - 1], s.times[i] + reach]);
      }
    }
  }
  return windows;
}

export function compareEngines(p: PipelineResult, v: PipelineResult, pods: ClusterPod[]): EngineDiff {
  const byKey = (r: PipelineResult) => new Map(r.analyses.map((a) => [a.decomposition.workload.key, a]));
  const pm = byKey(p);
  const vm = byKey(v);
  const keyMismatch = [...new Set([...pm.keys(), ...vm.keys()])].filter((k) => !pm.has(k) || !vm.has(k));
  const verdictMismatches: string[] = [];
  const differingAwayFromEdges: string[] = [];
  let pointsCompared = 0;
  let identical = 0;
  let differingNearEdges = 0;
  let maxGrowthDifference = 0;
  for (const [key, a] of pm) {
    const b = vm.get(key);
    if (!b) {
      continue;
    }
    if (a.verdict !== b.verdict) {
      verdictMismatches.push(`${key}: ${a.verdict} vs ${b.verdict}`);
    }
    const growth = Math.max(Math.abs(a.workingSetGrowthBytes), Math.abs(b.workingSetGrowthBytes));
    if (growth > 0) {
      maxGrowthDifference = Math.max(
        maxGrowthDifference,
        Math.abs(a.workingSetGrowthBytes - b.workingSetGrowthBytes) / growth
      );
    }
    const da = a.decomposition;
    const db = b.decomposition;
    const indexB = new Map(Array.from(db.times, (t, i) => [t, i]));
    const windows = edgeWindows(a, pods);
    const nearEdge = (t: number) => windows.some(([from, to]) => t >= from && t <= to);
    const arrays = [
      ...Object.keys(da.layers).map(
        (k) => [`layer ${k}`, da.layers[k as keyof typeof da.layers], db.layers[k as keyof typeof db.layers]] as const
      ),
      ...Object.keys(da.lines).map(
        (k) => [`line ${k}`, da.lines[k as keyof typeof da.lines], db.lines[k as keyof typeof db.lines]] as const
      ),
    ];
    for (const [name, xa, xb] of arrays) {
      if (!xb) {
        differingAwayFromEdges.push(`${key} ${name}: missing on one engine`);
        continue;
      }
      da.times.forEach((t, i) => {
        const j = indexB.get(t);
        const vb = j === undefined ? NaN : xb[j];
        pointsCompared++;
        if (same(xa![i], vb)) {
          identical++;
        } else if (nearEdge(t)) {
          differingNearEdges++;
        } else if (differingAwayFromEdges.length < 20) {
          differingAwayFromEdges.push(`${key} ${name} @${new Date(t).toISOString()}: ${xa![i]} vs ${vb}`);
        }
      });
    }
  }
  const summary =
    `${pointsCompared} points compared, ${identical} identical to the byte, ${differingNearEdges} differ within a look-back ` +
    `window after a restart or scrape gap, ${differingAwayFromEdges.length} elsewhere; ` +
    `working-set growth differs by at most ${(100 * maxGrowthDifference).toFixed(2)} %`;
  return {
    keyMismatch,
    verdictMismatches,
    pointsCompared,
    identical,
    differingNearEdges,
    differingAwayFromEdges,
    maxGrowthDifference,
    summary,
  };
}

/** A table of range-query latencies: median per query and per panel (queries run one after another). */
export function formatLatencies(views: Array<{ view: string; byEngine: Record<string, PanelRun[]> }>): string {
  const lines = [
    'range-query latency (ms): median per query / median per panel (all its queries) / slowest query, over runs',
  ];
  for (const { view, byEngine } of views) {
    for (const [engine, runs] of Object.entries(byEngine)) {
      if (!runs.length) {
        continue;
      }
      const perQuery = runs.flatMap((r) => Object.values(r.latencyMs));
      const perPanel = runs.map((r) => Object.values(r.latencyMs).reduce((s, x) => s + x, 0));
      const step = runs[0].plan.stepMs / 1000;
      lines.push(
        `  ${view.padEnd(34)} ${engine.padEnd(17)} ${median(perQuery).toFixed(1).padStart(7)} / ${median(perPanel).toFixed(1).padStart(7)} / ` +
          `${Math.max(...perQuery)
            .toFixed(1)
            .padStart(7)}   (${Object.keys(runs[0].latencyMs).length} queries × ${runs.length} runs, step ${step}s)`
      );
    }
  }
  return lines.join('\n');
}
