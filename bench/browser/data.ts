/**
 * The browser benchmark's input, written as JSON for the page: W workloads × P points as wire frames
 * (what the panel gets), and the same data already stacked for bare uPlot (what uPlot alone would need:
 * x, then the cumulative rss, +kernel, +active file, +shmem, +inactive file, and the working-set line).
 *
 * Usage: node browser-data.cjs OUT [--workloads 20] [--points 2000]
 */
import { writeFileSync } from 'node:fs';

import { generateScenario, scenarioFrames, scenarioNames } from '../../src/scenarios/generator';

const out = process.argv[2];
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const WORKLOADS = arg('workloads', 20);
const POINTS = arg('points', 2000);
const STEP_MS = 60_000;

const frames: unknown[] = [];
const stacked: number[][][] = [];
for (let w = 0; w < WORKLOADS; w++) {
  const scenario = generateScenario(scenarioNames[w % scenarioNames.length], {
    seed: w + 1,
    days: ((POINTS - 1) * STEP_MS) / 86_400_000,
    stepMs: STEP_MS,
  });
  for (const s of scenario.series) {
    s.labels = { ...s.labels, pod: `bench-${w}` };
  }
  frames.push(...scenarioFrames(scenario));
  // The same samples by metric on the scenario's grid (missing samples stay null, as uPlot takes gaps).
  const grid = new Map<number, number>();
  for (let i = 0; i < POINTS; i++) {
    grid.set(scenario.startMs + i * STEP_MS, i);
  }
  const column = (metric: string) => {
    const col: Array<number | null> = new Array(POINTS).fill(null);
    const s = scenario.series.find((x) => x.labels.__name__ === metric && x.labels.id === scenario.series[0].labels.id);
    s?.times.forEach((t, k) => {
      const i = grid.get(t);
      if (i !== undefined) {
        col[i] = s.values[k];
      }
    });
    return col;
  };
  const usage = column('container_memory_usage_bytes');
  const ws = column('container_memory_working_set_bytes');
  const rss = column('container_memory_rss');
  const cache = column('container_memory_cache');
  const kernel = usage.map((u, i) =>
    u === null || rss[i] === null || cache[i] === null ? null : Math.max(0, u - rss[i]! - cache[i]!)
  );
  const inactive = usage.map((u, i) => (u === null || ws[i] === null ? null : Math.max(0, u - ws[i]!)));
  const active = cache.map((c, i) => (c === null || inactive[i] === null ? null : Math.max(0, c - inactive[i]!)));
  const cum: Array<Array<number | null>> = [];
  let acc: Array<number | null> = new Array(POINTS).fill(0);
  for (const layer of [rss, kernel, active, inactive]) {
    acc = acc.map((a, i) => (a === null || layer[i] === null ? null : a + layer[i]!));
    cum.push(acc);
  }
  const x = [...grid.keys()].map((t) => t / 1000);
  stacked.push([x, ...cum, ws] as number[][]);
}
writeFileSync(out, JSON.stringify({ frames, stacked }));
process.stdout.write(JSON.stringify({ workloads: WORKLOADS, points: POINTS, frames: frames.length }) + '\n');
