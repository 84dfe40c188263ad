/**
 * Property-based tests of ingest → decompose → detect over random frame sets (see arbitraries.ts for
 * what gets generated and invariants.ts for what is checked). The case counts add up to 100,000;
 * MEMLENS_FUZZ_SCALE (e.g. 0.01) shrinks them for development, MEMLENS_FUZZ_SEED replays a run.
 */
import { isDeepStrictEqual } from 'node:util';

import { type DataFrame, type DataFrameJSON, dataFrameFromJSON } from '@grafana/data';
import fc from 'fast-check';

import { ingest } from '../ingest';
import type { Analysis } from '../types';
import { analyzeFrames } from '../pipeline';
import { arbAgreeingSet } from './agreeing';
import { arbFrameSet, ownLabels, type FrameSet } from './arbitraries';
import {
  agreeingInputs,
  checkAccounted,
  checkAnalysis,
  checkDecomposition,
  checkSumsWhereAgreeing,
} from './invariants';

const SCALE = Number(process.env.MEMLENS_FUZZ_SCALE ?? '1');
const SEED = process.env.MEMLENS_FUZZ_SEED === undefined ? undefined : Number(process.env.MEMLENS_FUZZ_SEED);
const runs = (n: number) => Math.max(10, Math.round(n * SCALE));

const tally = { cases: 0, series: 0, judgedInstants: 0 };
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, seed: SEED });

/** Frames as the panel gets them: the wire JSON (as a file or the network would carry it) decoded. */
function decode(wire: DataFrameJSON[]): DataFrame[] {
  return (JSON.parse(JSON.stringify(wire)) as DataFrameJSON[]).map((f) => dataFrameFromJSON(f));
}

jest.setTimeout(180_000);

afterAll(() => {
  process.stdout.write(
    `fuzz: ${tally.cases} cases, ${tally.series} input series accounted for, ` +
      `${tally.judgedInstants} agreeing instants checked to sum to usage (scale ${SCALE}${SEED === undefined ? '' : `, seed ${SEED}`})\n`
  );
});

describe('ingest → decompose → detect on random frame sets', () => {
  it('never throws; layers are never negative; every analysis is well-formed', () => {
    fc.assert(
      fc.property(arbFrameSet(), ({ frames, options, detect }: FrameSet) => {
        tally.cases++;
        const result = analyzeFrames(decode(frames), { ingest: options, detect });
        for (const a of result.analyses) {
          checkAnalysis(a);
        }
      }),
      params(runs(40_000))
    );
  });

  it('accounts for every input series: in exactly one workload, or ignored with a reason', () => {
    fc.assert(
      fc.property(arbFrameSet(), ({ frames, options, detect }: FrameSet) => {
        tally.cases++;
        const decoded = decode(frames);
        tally.series += checkAccounted(decoded, ingest(decoded, options));
      }),
      params(runs(27_000))
    );
  });

  it('is deterministic: the same frames give a deep-equal result', () => {
    fc.assert(
      fc.property(arbFrameSet({ maxFrames: 6 }), ({ frames, options, detect }: FrameSet) => {
        tally.cases++;
        const first = analyzeFrames(decode(frames), { ingest: options, detect });
        const second = analyzeFrames(decode(frames), { ingest: options, detect });
        if (!isDeepStrictEqual(first, second)) {
          throw new Error('two runs on the same frames differ');
        }
      }),
      params(runs(10_000))
    );
  });
});

describe('ingest → decompose on series that agree with each other', () => {
  it('layers sum to usage within 1 byte, and rss and inactive file are the inputs', () => {
    let judgedHere = 0;
    fc.assert(
      fc.property(arbAgreeingSet(), ({ frames, truth }) => {
        tally.cases++;
        const { analyses } = analyzeFrames(decode(frames));
        for (const a of analyses) {
          const d = a.decomposition;
          checkDecomposition(d);
          const judged = checkSumsWhereAgreeing(d);
          judgedHere += judged;
          const pod = d.workload.identity.pod;
          const known = truth[pod];
          if (!known) {
            throw new Error(`a workload that was never generated: ${d.workload.key}`);
          }
          // Whole-byte inputs: where every input was sampled at t, the bottom and top layers are the inputs.
          d.times.forEach((t, i) => {
            const s = agreeingInputs(d, t) ? known.get(t) : undefined;
            const rss = d.layers.rss?.[i];
            const inactive = d.layers.inactiveFile?.[i];
            if (s && rss !== undefined && !Number.isNaN(rss) && rss !== s.rss) {
              throw new Error(`rss at ${t} is ${rss}, the input is ${s.rss} (${d.workload.key})`);
            }
            if (s && inactive !== undefined && !Number.isNaN(inactive) && inactive !== s.inactiveFile) {
              throw new Error(
                `inactiveFile at ${t} is ${inactive}, the input is ${s.inactiveFile} (${d.workload.key})`
              );
            }
          });
        }
      }),
      params(runs(20_000))
    );
    tally.judgedInstants += judgedHere;
    // A generator that never produced a judgeable instant would make this property vacuous.
    expect(judgedHere).toBeGreaterThan(runs(20_000));
  });

  it('a duplicate of a series (a /metrics/resource twin, or the same query twice) changes no layer', () => {
    fc.assert(
      fc.property(arbAgreeingSet({ maxLen: 16 }), fc.nat(), fc.boolean(), ({ frames }, pick, asResourceTwin) => {
        tally.cases++;
        const original = frames[pick % frames.length];
        const field = original.schema!.fields[1];
        const labels = ownLabels(Object.entries(field.labels ?? {}));
        if (asResourceTwin) {
          // The kubelet's /metrics/resource: the same working set, only container/pod/namespace labels.
          labels.metrics_path = '/metrics/resource';
        }
        const twin: DataFrameJSON = {
          ...original,
          schema: { ...original.schema!, fields: [original.schema!.fields[0], { ...field, labels }] },
        };
        const byKey = (list: Analysis[]) =>
          [...list].sort((a, b) => (a.decomposition.workload.key < b.decomposition.workload.key ? -1 : 1));
        const once = byKey(analyzeFrames(decode(frames)).analyses);
        const twice = byKey(analyzeFrames(decode([...frames, twin])).analyses);
        // isDeepStrictEqual, not expect().toEqual: the latter is ten times slower on typed arrays.
        const shape = (list: Analysis[]) =>
          list.map((a) => [a.decomposition.workload.key, a.decomposition.times, a.decomposition.layers]);
        if (!isDeepStrictEqual(shape(twice), shape(once))) {
          throw new Error(
            `adding a twin of ${field.name} ${JSON.stringify(labels)} changed the workloads or their layers`
          );
        }
      }),
      params(runs(3_000))
    );
  });
});
