/**
 * The accuracy matrix: every range a dashboard offers, at the steps Grafana picks for a narrow and a
 * wide panel and at the scrape interval, with each noise, growth rate, kind, timing and seed. Shared
 * by `npm run accuracy` (which prints the table) and the jest test that asserts it.
 */
import { dataFrameFromJSON } from '@grafana/data';

import { analyzeFrames } from '../analysis/pipeline';
import type { Verdict } from '../analysis/types';
import { MATRIX_KINDS, type MatrixCase, NOISES, TIMINGS, matrixFrames, matrixTrace } from './matrix';
import { grafanaStep } from './steps';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const MATRIX_RANGES: Array<[string, number]> = [
  ['1h', HOUR],
  ['6h', 6 * HOUR],
  ['24h', DAY],
  ['7d', 7 * DAY],
  ['30d', 30 * DAY],
];
/** Panel widths in px (maxDataPoints); Infinity asks for the finest step Grafana allows (the scrape interval, or range / 11000). */
export const MATRIX_WIDTHS = [300, 1900, Infinity];
export const SCRAPE_MS = 30_000;
export const MATRIX_FACTORS = [1.25, 2, 4, 10];
export const MATRIX_SEEDS = [1, 2, 3];

export type Outcome = 'right' | 'uncertain' | 'missed' | 'false-growth' | 'wrong-kind' | 'swap';
export const OUTCOMES: Outcome[] = ['right', 'uncertain', 'missed', 'false-growth', 'wrong-kind', 'swap'];

/** The one mistake MemLens exists to prevent: page cache called a leak, or a leak page cache. */
export function isSwap(truth: Verdict, got: Verdict): boolean {
  return (truth === 'file-cache' && got === 'anon') || (truth === 'anon' && got === 'file-cache');
}

export function outcomeOf(truth: Verdict, got: Verdict): Outcome {
  if (got === truth) {
    return 'right';
  }
  if (got === 'uncertain') {
    return 'uncertain';
  }
  if (truth === 'stable') {
    return 'false-growth';
  }
  if (got === 'stable') {
    return 'missed';
  }
  return isSwap(truth, got) ? 'swap' : 'wrong-kind';
}

export interface MatrixResult {
  range: string;
  stepMs: number;
  case: MatrixCase;
  verdict: Verdict;
  outcome: Outcome;
}

/** The distinct steps for one range: narrow panel, wide panel, finest. */
export function stepsFor(rangeMs: number): number[] {
  const steps = MATRIX_WIDTHS.map((w) => grafanaStep(0, rangeMs, w, SCRAPE_MS).stepMs);
  return [...new Set(steps)];
}

export function matrixCases(rangeMs: number, seeds = MATRIX_SEEDS): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const seed of seeds) {
    for (const noise of NOISES) {
      for (const kind of MATRIX_KINDS) {
        if (kind === 'stable') {
          cases.push({ kind, timing: 'start', noise, factor: 0, rangeMs, seed });
          continue;
        }
        for (const timing of TIMINGS) {
          for (const factor of MATRIX_FACTORS) {
            cases.push({ kind, timing, noise, factor, rangeMs, seed });
          }
        }
      }
    }
  }
  return cases;
}

/** Runs the whole matrix; `onResult` sees each result as it comes (for progress or collection). */
export function runMatrix(seeds = MATRIX_SEEDS, onResult?: (r: MatrixResult) => void): MatrixResult[] {
  const results: MatrixResult[] = [];
  for (const [range, rangeMs] of MATRIX_RANGES) {
    const steps = stepsFor(rangeMs);
    for (const c of matrixCases(rangeMs, seeds)) {
      const trace = matrixTrace(c);
      for (const stepMs of steps) {
        const frames = matrixFrames(trace, stepMs).map((f) => dataFrameFromJSON(f));
        const a = analyzeFrames(frames).analyses[0];
        const verdict: Verdict = a?.verdict ?? 'stable';
        const r: MatrixResult = { range, stepMs, case: c, verdict, outcome: outcomeOf(trace.verdict, verdict) };
        results.push(r);
        onResult?.(r);
      }
    }
  }
  return results;
}

export type Tally = Record<Outcome, number> & { total: number };

export function tally(results: MatrixResult[]): Tally {
  const t = Object.fromEntries([...OUTCOMES, 'total'].map((k) => [k, 0])) as Tally;
  for (const r of results) {
    t[r.outcome]++;
    t.total++;
  }
  return t;
}

function percent(n: number, total: number): string {
  return total ? `${((100 * n) / total).toFixed(1)} %` : '—';
}

/** A markdown table of outcomes grouped by `key`. */
export function matrixTable(results: MatrixResult[], key: (r: MatrixResult) => string, title: string): string {
  const groups = new Map<string, MatrixResult[]>();
  for (const r of results) {
    const k = key(r);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const lines = [
    `| ${title} | cases | right | uncertain | missed | false growth | wrong kind | swap |`,
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const [k, rs] of groups) {
    const t = tally(rs);
    lines.push(
      `| ${k} | ${t.total} | ${percent(t.right, t.total)} | ${percent(t.uncertain, t.total)} | ${t.missed} | ${t['false-growth']} | ${t['wrong-kind']} | ${t.swap} |`
    );
  }
  return lines.join('\n');
}

export function stepLabel(ms: number): string {
  return ms % HOUR === 0 ? `${ms / HOUR}h` : ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`;
}

/** The matrix's whole report: a table per dimension and the summary line the targets are read from. */
export function matrixReport(results: MatrixResult[]): string {
  const strong = tally(results.filter((r) => r.case.factor >= 2 || r.case.kind === 'stable'));
  return [
    `## Accuracy matrix: ${results.length} analyses`,
    '',
    matrixTable(results, (r) => `${r.range} @ ${stepLabel(r.stepMs)}`, 'range @ step'),
    '',
    matrixTable(results, (r) => (r.case.factor ? `${r.case.factor}×` : 'stable'), 'growth / threshold'),
    '',
    matrixTable(results, (r) => r.case.noise, 'noise'),
    '',
    matrixTable(results, (r) => r.case.kind, 'kind'),
    '',
    matrixTable(results, (r) => r.case.timing, 'timing'),
    '',
    `Growth ≥ 2× the thresholds (and stable): ${strong.right} of ${strong.total} right ` +
      `(${percent(strong.right, strong.total)}), ${strong.uncertain} uncertain ` +
      `(${percent(strong.uncertain, strong.total)}); swaps over the whole matrix: ${tally(results).swap}.`,
    '',
  ].join('\n');
}
