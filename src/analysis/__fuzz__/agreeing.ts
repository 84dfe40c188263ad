/**
 * cAdvisor series that agree with each other sample for sample (DOMAIN.md's identities hold exactly,
 * in whole bytes), for the "layers sum to usage" property. Each series has its own gaps; the
 * usage/workingSet/rss/cache quartet is always there, the direct LRU and kernel series sometimes.
 */
import { type DataFrameJSON } from '@grafana/data';
import fc from 'fast-check';

import { toWireFrame } from '../../scenarios/wire';
import { METRIC } from '../badinputs/cases';
import { type FrameSet, ownLabels } from './arbitraries';

/** One container's true memory at one instant, in whole bytes; every identity holds exactly. */
export interface TrueSample {
  rss: number;
  kernel: number;
  activeFile: number;
  inactiveFile: number;
  shmem: number;
}

const arbBytes = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 4 * 2 ** 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 48 }) }
);
const arbTrueSample: fc.Arbitrary<TrueSample> = fc.record({
  rss: arbBytes,
  kernel: arbBytes,
  activeFile: arbBytes,
  inactiveFile: arbBytes,
  shmem: fc.oneof(fc.constant(0), arbBytes),
});

/** The series a cAdvisor of a given vintage exports, from the true samples. */
export const AGREEING_ROLES = {
  usage: (s: TrueSample) => s.rss + s.kernel + s.activeFile + s.shmem + s.inactiveFile,
  workingSet: (s: TrueSample) => s.rss + s.kernel + s.activeFile + s.shmem,
  rss: (s: TrueSample) => s.rss,
  cache: (s: TrueSample) => s.activeFile + s.shmem + s.inactiveFile,
  kernel: (s: TrueSample) => s.kernel,
  activeFile: (s: TrueSample) => s.activeFile,
  inactiveFile: (s: TrueSample) => s.inactiveFile,
} as const;
export interface AgreeingSet extends FrameSet {
  /** The true composition at each of the workload's grid times, by container key. */
  truth: Record<string, Map<number, TrueSample>>;
}

/**
 * One to three containers whose series agree: usage ≥ working set ≥ 0, cache ≤ usage,
 * rss + cache ≤ usage, all finite whole bytes, at every shared sample. Each series has its own gaps;
 * the usage/workingSet/rss/cache quartet is always present, the direct LRU and kernel series sometimes.
 */
export const arbAgreeingSet = (opts: { maxLen?: number } = {}): fc.Arbitrary<AgreeingSet> =>
  fc
    .array(
      fc.record({
        pod: fc.constantFrom('api-0', 'api-1', 'db-0'),
        samples: fc.array(arbTrueSample, { minLength: 1, maxLength: opts.maxLen ?? 24 }),
        extras: fc.subarray(['kernel', 'activeFile', 'inactiveFile'] as const),
        gaps: fc.array(fc.array(fc.nat({ max: 40 }), { maxLength: 3 }), { minLength: 7, maxLength: 7 }),
        stepMs: fc.constantFrom(15_000, 30_000),
      }),
      { minLength: 1, maxLength: 3 }
    )
    .map((containers) => {
      const frames: DataFrameJSON[] = [];
      const truth: AgreeingSet['truth'] = {};
      const seen = new Set<string>();
      for (const c of containers) {
        if (seen.has(c.pod)) {
          continue; // one container per identity: duplicates belong to the other generator
        }
        seen.add(c.pod);
        const start = 1_700_000_000_000;
        const grid = c.samples.map((_, k) => start + k * c.stepMs);
        truth[c.pod] = new Map(grid.map((t, k) => [t, c.samples[k]]));
        const roles = ['usage', 'workingSet', 'rss', 'cache', ...c.extras] as Array<keyof typeof AGREEING_ROLES>;
        roles.forEach((role, r) => {
          const drop = new Set(c.gaps[r]);
          const idx = grid.map((_, k) => k).filter((k) => !drop.has(k));
          frames.push(
            toWireFrame({
              refId: 'A',
              labels: ownLabels([
                ['__name__', METRIC[role]],
                ['namespace', 'shop'],
                ['pod', c.pod],
                ['container', 'app'],
                ['image', 'app:1'],
              ]),
              stepMs: c.stepMs,
              times: idx.map((k) => grid[k]),
              values: idx.map((k) => AGREEING_ROLES[role](c.samples[k])),
            })
          );
        });
      }
      return { frames, options: { roles: {} }, detect: {}, truth };
    });
