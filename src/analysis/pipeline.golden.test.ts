/**
 * The pipeline's whole output, pinned: on every generated scenario (container and node), the recorded
 * cgroup traces and the named bad inputs, `analyzeFrames` must give exactly what the snapshot holds.
 * Speed work changes how the stages read and write their arrays, never what they compute: a change
 * here is a change of behaviour and must be made on purpose (`jest -u`) and explained.
 *
 * Arrays are pinned by length and a hash of their values (NaN written as such, so that how a NaN was
 * produced does not matter), every other field as it is.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type DataFrame, dataFrameFromJSON } from '@grafana/data';

import { generateScenario, scenarioFrames, scenarioNames } from '../scenarios/generator';
import { BAD_INPUTS } from './badinputs/cases';
import { decodeDsQuery, FIXTURES } from './__testing__/frames';
import { analyzeFrames, type PipelineResult } from './pipeline';

function isNumberArray(v: unknown): v is ArrayLike<number> {
  return ArrayBuffer.isView(v) || (Array.isArray(v) && v.length > 8 && v.every((x) => typeof x === 'number'));
}

/** A deterministic, readable stand-in for the result: arrays hashed, object keys sorted. */
function digest(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'number' && Number.isNaN(value) ? 'NaN' : value;
  }
  if (isNumberArray(value)) {
    const text = Array.from(value, (x) => (Number.isNaN(x) ? 'NaN' : String(x))).join(',');
    return `[${value.length}] ${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
  }
  if (Array.isArray(value)) {
    return value.map(digest);
  }
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => [k, digest((value as Record<string, unknown>)[k])])
  );
}

const pinned = (result: PipelineResult) => digest(result);

function decode(json: Array<Parameters<typeof dataFrameFromJSON>[0]>): DataFrame[] {
  return (JSON.parse(JSON.stringify(json)) as typeof json).map((f) => dataFrameFromJSON(f));
}

describe.each(['container', 'node'] as const)('generated scenarios, %s', (target) => {
  it.each([...scenarioNames])('%s', (name) => {
    const scenario = generateScenario(name, { seed: 5, days: 3, stepMs: 60_000, target });
    const result = analyzeFrames(decode(scenarioFrames(scenario)));
    expect(result.analyses.length).toBeGreaterThan(0);
    expect(pinned(result)).toMatchSnapshot();
  });
});

const TRACES = join(FIXTURES, 'wire', 'traces');

describe('recorded cgroup traces', () => {
  const names = readdirSync(TRACES).filter((f) => f.endsWith('.json'));
  it('are all here', () => expect(names.length).toBeGreaterThanOrEqual(6));
  it.each(names)('%s', (file) => {
    const result = analyzeFrames(decodeDsQuery(readFileSync(join(TRACES, file), 'utf8')));
    expect(result.analyses.length).toBeGreaterThan(0);
    expect(pinned(result)).toMatchSnapshot();
  });
});

describe('named bad inputs', () => {
  it.each(BAD_INPUTS.map((b) => [b.id, b] as const))('%s', (_id, bad) => {
    let frames: DataFrame[];
    try {
      frames = decodeDsQuery(bad.file());
    } catch (err) {
      // Files that are not a query response never reach the pipeline; what refused them is pinned instead.
      expect(String(err)).toMatchSnapshot();
      return;
    }
    expect(pinned(analyzeFrames(frames))).toMatchSnapshot();
  });
});
