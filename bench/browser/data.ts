/**
 * The browser benchmark's input, written as JSON for the page: W workloads × P points as wire frames
 * (what the panel gets), and, for bare uPlot, each chart's series exactly as the panel's chart model
 * holds them before drawing (own values, not yet stacked; the same layers and lines, in the same
 * order). Bare uPlot then stacks them in the page, inside its timed section, as the panel does.
 *
 * With them, unless --no-refresh, the frames and charts of the next refresh (`next`): the same shape,
 * one step later, other values.
 *
 * Usage: node data.cjs OUT [--workloads 20] [--points 2000] [--no-refresh]
 */
import { dataFrameFromJSON, type DataFrameJSON } from '@grafana/data';
import { writeFileSync } from 'node:fs';

import { analyzeFrames } from '../../src/analysis/pipeline';
import { CONTAINER_LAYERS, LINE_KEYS, NODE_LAYERS } from '../../src/analysis/types';
import { buildChartModel } from '../../src/chart/model';
import { generateScenario, scenarioFrames, scenarioNames } from '../../src/scenarios/generator';

const out = process.argv[2];
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const WORKLOADS = arg('workloads', 20);
const POINTS = arg('points', 2000);
const STEP_MS = 60_000;
/** The generator's default start, so that a refresh can start a step later. */
const START_MS = Date.UTC(2025, 0, 6);

/**
 * W workloads as one query's frames, and each chart's series as the panel's model holds them.
 * `refresh` > 0 gives the frames of a later refresh: the same shape, `refresh` steps later, with
 * values from other seeds.
 */
function dataset(refresh: number): { frames: DataFrameJSON[]; charts: unknown[] } {
  const frames: DataFrameJSON[] = [];
  for (let w = 0; w < WORKLOADS; w++) {
    const scenario = generateScenario(scenarioNames[w % scenarioNames.length], {
      seed: w + 1 + refresh * 1000,
      days: ((POINTS - 1) * STEP_MS) / 86_400_000,
      stepMs: STEP_MS,
      startMs: START_MS + refresh * STEP_MS,
    });
    for (const s of scenario.series) {
      s.labels = { ...s.labels, pod: `bench-${w}` };
    }
    frames.push(...scenarioFrames(scenario));
  }
  // The panel's defaults: every layer and every line that has data.
  const result = analyzeFrames(frames.map((f) => dataFrameFromJSON(JSON.parse(JSON.stringify(f)))));
  const charts = result.analyses.map((a) => {
    const model = buildChartModel({
      decomposition: a.decomposition,
      layers: [...CONTAINER_LAYERS, ...NODE_LAYERS],
      lines: [...LINE_KEYS],
      hidden: new Set(),
      label: (key) => key,
    });
    return {
      times: model.times,
      // NaN (unknown) becomes null in JSON; the page turns it back into NaN before the clock starts.
      series: model.visible.map((s) => ({
        kind: s.kind,
        values: Array.from(s.values, (v) => (Number.isNaN(v) ? null : v)),
      })),
    };
  });
  return { frames, charts };
}

const { frames, charts } = dataset(0);
const next = process.argv.includes('--no-refresh') ? undefined : dataset(1);
const timeRange = (refresh: number) => ({
  from: START_MS + refresh * STEP_MS,
  to: START_MS + (refresh + POINTS - 1) * STEP_MS,
});
writeFileSync(out, JSON.stringify({ frames, charts, next: next && { ...next, timeRange: timeRange(1) } }));
process.stdout.write(
  JSON.stringify({
    workloads: WORKLOADS,
    points: POINTS,
    frames: frames.length,
    charts: charts.length,
    seriesPerChart: charts.map((c) => c.series.length),
  }) + '\n'
);
