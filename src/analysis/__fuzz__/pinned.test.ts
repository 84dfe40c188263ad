/**
 * Minimal examples of bugs the fuzz suite found, each filed in /work/brief/bugs.md. They are written
 * as `it.failing`: they pass while the bug is there and fail once it is fixed, which is the signal to
 * turn the example into an ordinary test (drop `.failing`) and delete its HELD_BACK entry in
 * arbitraries.ts so the fuzzer generates that input class again.
 */
import { type DataFrame, dataFrameFromJSON } from '@grafana/data';

import { toWireFrame } from '../../scenarios/wire';
import { analyzeFrames } from '../pipeline';
import type { Labels } from '../types';
import { HELD_BACK } from './arbitraries';
import { checkSumsWhereAgreeing } from './invariants';

const POD: Labels = { namespace: 'shop', pod: 'api-0', container: 'app' };

function frames(series: Array<[string, number[]]>, labels: Labels = POD, times = [0, 15_000]): DataFrame[] {
  return series.map(([name, values]) =>
    dataFrameFromJSON(
      JSON.parse(JSON.stringify(toWireFrame({ labels: { __name__: name, ...labels }, times, values, stepMs: 15_000 })))
    )
  );
}

describe('bugs found by the fuzzer, pinned until fixed', () => {
  it('lists what the fuzzer holds back meanwhile', () => {
    expect(Object.keys(HELD_BACK).sort()).toEqual(['activeFileWithoutInactive', 'overflowingValues']);
  });

  it(`activeFileWithoutInactive: ${HELD_BACK.activeFileWithoutInactive}`, () => {
    // usage 2 = rss 0 + cache 2; working set 2, so inactive file 0; active file 0: the 2 bytes of cache are shmem.
    const input = frames([
      ['container_memory_usage_bytes', [2, 2]],
      ['container_memory_working_set_bytes', [2, 2]],
      ['container_memory_rss', [0, 0]],
      ['container_memory_cache', [2, 2]],
      ['container_memory_total_active_file_bytes', [0, 0]],
    ]);
    const [analysis] = analyzeFrames(input).analyses;
    // Today: layers are rss 0, kernel 0, activeFile 0, inactiveFile 0 and no shmem: they sum to 0, not 2.
    expect(checkSumsWhereAgreeing(analysis.decomposition)).toBe(2);
  });

  it(`overflowingValues: ${HELD_BACK.overflowingValues}`, () => {
    const input = frames([
      ['container_memory_usage_bytes', [1e308, 1e308]],
      ['container_memory_cache', [0, 0]],
    ]);
    const [analysis] = analyzeFrames(input).analyses;
    // Today: workingSetGrowthBytes and usageGrowthBytes are NaN (sums of 1e308 overflow to Infinity).
    expect(Number.isFinite(analysis.workingSetGrowthBytes) && Number.isFinite(analysis.usageGrowthBytes)).toBe(true);
  });
});
