/**
 * Accuracy of the whole pipeline on data with known truth: the generator's scenarios over several
 * seeds (container and node) and the wire files made from the real cgroup traces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type DataFrameJSON, dataFrameFromJSON } from '@grafana/data';

import { analyzeFrames } from './pipeline';
import { resolveWindow } from './detect';
import { generateScenario, scenarioFrames, scenarioNames } from '../scenarios/generator';
import { regionStartErrors } from '../scenarios/accuracy';

const SEEDS = [11, 12, 13];
const rows: string[] = [];

describe.each(['container', 'node'] as const)('scenarios on a %s', (target) => {
  const names = scenarioNames.filter((n) => target === 'container' || n !== 'restart');
  it.each(names)('%s: right verdict and region starts within one window, every seed', (name) => {
    const errors: number[] = [];
    for (const seed of SEEDS) {
      const s = generateScenario(name, { seed, target });
      const { analyses } = analyzeFrames(scenarioFrames(s).map((f) => dataFrameFromJSON(f)));
      expect(analyses).toHaveLength(1);
      const a = analyses[0];
      expect({ seed, verdict: a.verdict }).toEqual({ seed, verdict: s.truth.verdict });
      const windowMs = resolveWindow('auto', s.endMs - s.startMs, s.stepMs);
      const e = regionStartErrors(s.truth.regions, a.regions, windowMs);
      errors.push(...e);
      for (const err of e) {
        expect(err).toBeLessThanOrEqual(1);
      }
      if (s.truth.verdict === 'stable') {
        expect(a.regions).toEqual([]);
        expect(Object.values(a.shares).every((v) => v === 0)).toBe(true);
      } else {
        expect(Object.values(a.shares).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 6);
      }
    }
    const worst = errors.length ? Math.max(...errors).toFixed(2) : '—';
    rows.push(
      `${target.padEnd(9)} ${name.padEnd(16)} ${SEEDS.length}/${SEEDS.length} verdicts, worst start error ${worst} windows`
    );
  });
});

const TRACES = join(__dirname, '../../tests/fixtures/wire/traces');
function traceFrames(name: string) {
  const doc = JSON.parse(readFileSync(join(TRACES, `${name}.json`), 'utf8'));
  const raw: Array<{ frame: DataFrameJSON; refId?: string }> = doc.results
    ? Object.entries(doc.results).flatMap(([refId, r]) =>
        (r as { frames: DataFrameJSON[] }).frames.map((frame) => ({ frame, refId }))
      )
    : doc.frames.map((frame: DataFrameJSON) => ({ frame }));
  return raw.map(({ frame, refId }) => ({ ...dataFrameFromJSON(frame), ...(refId ? { refId } : {}) }));
}

describe('the recorded cgroup traces (tests/fixtures/wire/traces)', () => {
  it.each([
    ['filecache', {}, ['stable']],
    ['smallappend', {}, ['stable']],
    ['sentinel', { minGrowthBytes: 8 * 1024 * 1024 }, ['stable']],
    ['rereader', {}, ['mixed', 'anon']],
    ['leak', {}, ['anon']],
    ['mixed', {}, ['anon']],
  ] as const)('%s gets the README verdict', (name, detect, verdicts) => {
    const { analyses } = analyzeFrames(traceFrames(name), { detect });
    expect(analyses).toHaveLength(1);
    expect(verdicts).toContain(analyses[0].verdict);
    rows.push(`trace     ${name.padEnd(16)} ${analyses[0].verdict}`);
  });

  it('reports the inactive cache when usage grows but the working set does not', () => {
    const a = analyzeFrames(traceFrames('smallappend')).analyses[0];
    expect(a.usageGrowthBytes).toBeGreaterThan(60e6);
    expect(a.workingSetGrowthBytes).toBeLessThan(8e6);
    expect(a.banner.id).toBe('banner.stableInactiveCache');
    expect(a.notes.map((n) => n.id)).toContain('detect.inactiveCache');
  });

  it('judges the leak on its live phase, not on the drop when the process ended', () => {
    const a = analyzeFrames(traceFrames('leak')).analyses[0];
    expect(a.workingSetGrowthBytes).toBeGreaterThan(170e6);
    expect(a.regions).toHaveLength(1);
    expect(a.regions[0].share).toBeGreaterThan(0.95);
  });
});

afterAll(() => {
  // The accuracy table for the report (npm run -s accuracy prints the full one).
  process.stdout.write(`\naccuracy (seeds ${SEEDS.join(', ')}):\n${rows.join('\n')}\n`);
});
