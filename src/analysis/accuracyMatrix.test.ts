/**
 * The accuracy matrix (src/scenarios/accuracyMatrix.ts), asserted: every range a dashboard offers at
 * the steps Grafana picks, with each noise, rate, kind, timing and seed. No page cache is ever called
 * a leak or a leak page cache; where the growth is at least twice the thresholds, at least 95 % are
 * right and at most 5 % uncertain. Also the fleet and the warm-up that the matrix grew from.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { dataFrameFromJSON } from '@grafana/data';

import { analyzeFrames } from './pipeline';
import {
  MATRIX_RANGES,
  type MatrixResult,
  matrixReport,
  stepLabel,
  stepsFor,
  tally,
} from '../scenarios/accuracyMatrix';
import { MATRIX_THRESHOLD_BYTES, matrixFrames, matrixTrace } from '../scenarios/matrix';

const DAY = 86_400_000;
const MIB = 1024 * 1024;

describe('the accuracy matrix', () => {
  let results: MatrixResult[];
  beforeAll(() => {
    // The matrix runs as `npm run accuracy` does, bundled in a plain Node process: jest's jsdom
    // environment runs these loops an order of magnitude slower.
    const root = join(__dirname, '../..');
    const bundle = join(root, '.cache/accuracy.test.cjs');
    execFileSync(
      join(root, 'node_modules/.bin/esbuild'),
      [
        'scripts/accuracy.ts',
        '--bundle',
        '--platform=node',
        '--format=cjs',
        '--log-level=warning',
        `--outfile=${bundle}`,
      ],
      { cwd: root }
    );
    const out = join(root, '.cache/accuracy-matrix.json');
    execFileSync(process.execPath, [bundle, `--matrix-json=${out}`], { cwd: root, stdio: 'inherit' });
    results = JSON.parse(readFileSync(out, 'utf8'));
    process.stdout.write(`\n${matrixReport(results)}\n`);
  }, 600_000);

  it('covers every range at the steps Grafana picks for a 300 px and a 1900 px panel and the finest step', () => {
    for (const [range, rangeMs] of MATRIX_RANGES) {
      const steps = new Set(results.filter((r) => r.range === range).map((r) => r.stepMs));
      expect([...steps].sort((a, b) => a - b)).toEqual(stepsFor(rangeMs).sort((a, b) => a - b));
    }
    expect(stepsFor(DAY)).toEqual([300_000, 60_000, 30_000]);
  });

  it('never calls page cache a leak, nor a leak page cache', () => {
    const swaps = results.filter((r) => r.outcome === 'swap');
    expect(swaps.map((r) => `${r.range}@${stepLabel(r.stepMs)} ${JSON.stringify(r.case)} → ${r.verdict}`)).toEqual([]);
  });

  it('names no wrong kind and no growth that is not there', () => {
    const wrong = results.filter((r) => r.outcome === 'wrong-kind' || r.outcome === 'false-growth');
    expect(wrong.map((r) => `${r.range}@${stepLabel(r.stepMs)} ${JSON.stringify(r.case)} → ${r.verdict}`)).toEqual([]);
  });

  it('is right in at least 95 % and uncertain in at most 5 % where the growth is at least twice the thresholds', () => {
    const strong = tally(results.filter((r) => r.case.factor >= 2 || r.case.kind === 'stable'));
    expect(strong.total).toBeGreaterThan(8000);
    expect(strong.right / strong.total).toBeGreaterThanOrEqual(0.95);
    expect(strong.uncertain / strong.total).toBeLessThanOrEqual(0.05);
    // Every range and step on its own, too: no shape of dashboard is left behind by the average.
    for (const [range] of MATRIX_RANGES) {
      const t = tally(results.filter((r) => r.range === range && (r.case.factor >= 2 || r.case.kind === 'stable')));
      expect({ range, right: t.right / t.total >= 0.9 }).toEqual({ range, right: true });
    }
  });
});

describe('the fleet: 60 containers over the last 24 hours at a 5-minute step', () => {
  it('calls every cache, leak and steady container right, or honestly uncertain, with no swap', () => {
    const frames = [];
    const truth = new Map<string, string>();
    // A third with active file cache growing 30 MB/day, a third leaking 30 MB/day, a third steady;
    // each with a 5 MB GC sawtooth and noise; growth starts a third of the way in.
    const factor = (30e6 * (2 / 3)) / MATRIX_THRESHOLD_BYTES;
    for (let i = 0; i < 60; i++) {
      const kind = (['file-cache', 'anon', 'stable'] as const)[i % 3];
      const trace = matrixTrace({
        kind,
        timing: 'middle',
        noise: 'saw5',
        factor: kind === 'stable' ? 0 : factor,
        rangeMs: DAY,
        seed: 100 + i,
        span: [1 / 3, 1],
      });
      const pod = `svc-${String(i).padStart(3, '0')}`;
      frames.push(...matrixFrames(trace, 300_000, pod));
      truth.set(pod, kind);
    }
    const { analyses } = analyzeFrames(frames.map((f) => dataFrameFromJSON(f)));
    expect(analyses).toHaveLength(60);
    const outcomes = analyses.map((a) => `${truth.get(a.decomposition.workload.identity.pod)} → ${a.verdict}`);
    const wrong = outcomes.filter((o) => {
      const [want, got] = o.split(' → ');
      return got !== want && got !== 'uncertain';
    });
    expect(wrong).toEqual([]);
    expect(outcomes.filter((o) => o.endsWith('uncertain')).length).toBeLessThanOrEqual(3);
  });
});

describe('a warm-up: 1.2 GiB of heap in the first 40 minutes, then flat for a week', () => {
  it('measures the growth in full and attributes it to anonymous memory', () => {
    const trace = matrixTrace({
      kind: 'anon',
      timing: 'start',
      noise: 'saw5',
      factor: (1.2 * 1024 * MIB) / MATRIX_THRESHOLD_BYTES,
      rangeMs: 7 * DAY,
      seed: 7,
      span: [0, (40 * 60_000) / (7 * DAY)],
    });
    const [a] = analyzeFrames(matrixFrames(trace, 300_000).map((f) => dataFrameFromJSON(f))).analyses;
    expect(a.verdict).toBe('anon');
    expect(a.workingSetGrowthBytes / trace.growthBytes).toBeGreaterThan(0.97);
    expect(a.workingSetGrowthBytes / trace.growthBytes).toBeLessThan(1.03);
    expect(a.regions).toHaveLength(1);
    expect(a.regions[0].fromMs).toBe(trace.startMs);
    expect(a.regions[0].toMs - a.regions[0].fromMs).toBeLessThan(3 * 3_600_000);
  });
});
