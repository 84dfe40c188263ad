/**
 * ingest + decompose + detect on W workloads × P points (default 1,000 × 5,760: a day at 15 s),
 * against a baseline that reads every value of the same decoded frames once (`field.values[i]`) and
 * sums them, as the cheapest thing any panel must do with Grafana's frames. Also reports throughput
 * (points per second) of both. Prints one JSON line; run through bench/run.mjs.
 *
 * Usage: node pipeline.cjs [--workloads 1000] [--points 5760] [--rounds 5]
 */
import { type DataFrame, dataFrameFromJSON } from '@grafana/data';

import { decompose } from '../src/analysis/decompose';
import { detect } from '../src/analysis/detect';
import { ingest } from '../src/analysis/ingest';
import { DEFAULT_DETECT_OPTIONS } from '../src/analysis/types';
import { generateScenario, scenarioFrames, scenarioNames } from '../src/scenarios/generator';
import { interleaved } from './stats';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const WORKLOADS = arg('workloads', 1000);
const POINTS = arg('points', 5760);
const ROUNDS = arg('rounds', 5);
const STEP_MS = 15_000;

/** Every scenario in turn, each workload its own pod, as one dashboard's query would return them. */
function buildFrames(): { frames: DataFrame[]; points: number; samples: number } {
  const frames: DataFrame[] = [];
  let points = 0;
  let samples = 0;
  for (let w = 0; w < WORKLOADS; w++) {
    const name = scenarioNames[w % scenarioNames.length];
    const scenario = generateScenario(name, {
      seed: w + 1,
      days: ((POINTS - 1) * STEP_MS) / 86_400_000,
      stepMs: STEP_MS,
    });
    for (const s of scenario.series) {
      s.labels = { ...s.labels, pod: `bench-${w}` };
    }
    for (const wire of scenarioFrames(scenario)) {
      const frame = dataFrameFromJSON(wire);
      for (const f of frame.fields) {
        points += f.values.length;
        samples += f.type === 'number' ? f.values.length : 0;
      }
      frames.push(frame);
    }
  }
  return { frames, points, samples };
}

/** The baseline: every value of every field read once and summed. */
function readEveryValue(frames: DataFrame[]): number {
  let sum = 0;
  for (const frame of frames) {
    for (const field of frame.fields) {
      const values = field.values;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v != null) {
          sum += v;
        }
      }
    }
  }
  return sum;
}

function analyse(frames: DataFrame[]): number {
  const { workloads } = ingest(frames);
  let regions = 0;
  for (const w of workloads) {
    regions += detect(decompose(w), DEFAULT_DETECT_OPTIONS).regions.length;
  }
  return regions;
}

const built = Date.now();
const { frames, points, samples } = buildFrames();
const buildMs = Date.now() - built;
const workloadsFound = ingest(frames).workloads.length;
const timing = interleaved({ baseline: () => readEveryValue(frames), pipeline: () => analyse(frames) }, ROUNDS, 1);
process.stdout.write(
  JSON.stringify({
    bench: 'pipeline',
    workloads: WORKLOADS,
    workloadsFound,
    frames: frames.length,
    points,
    samples,
    buildMs,
    timing,
    pointsPerSecond: {
      pipeline: points / (timing.pipeline.median / 1000),
      baseline: points / (timing.baseline.median / 1000),
    },
  }) + '\n'
);
