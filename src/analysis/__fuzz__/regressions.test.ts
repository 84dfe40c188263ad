/**
 * Minimal examples of bugs the fuzz suite found (since fixed), kept as
 * ordinary tests so each stays fixed even if the random generator stops reaching it.
 */
import { type DataFrame, dataFrameFromJSON } from '@grafana/data';

import { toWireFrame } from '../../scenarios/wire';
import { analyzeFrames } from '../pipeline';
import type { Labels } from '../types';
import { checkAnalysis, checkSumsWhereAgreeing } from './invariants';

const POD: Labels = { namespace: 'shop', pod: 'api-0', container: 'app' };

function frames(series: Array<[string, number[]]>, labels: Labels = POD, times = [0, 15_000]): DataFrame[] {
  return series.map(([name, values]) =>
    dataFrameFromJSON(
      JSON.parse(JSON.stringify(toWireFrame({ labels: { __name__: name, ...labels }, times, values, stepMs: 15_000 })))
    )
  );
}

describe('bugs the fuzzer found', () => {
  it('a direct active-file series without the inactive one: shmem stays in the stack, which sums to usage', () => {
    // usage 2 = rss 0 + cache 2; working set 2, so inactive file 0; active file 0: the 2 bytes of cache are shmem.
    const input = frames([
      ['container_memory_usage_bytes', [2, 2]],
      ['container_memory_working_set_bytes', [2, 2]],
      ['container_memory_rss', [0, 0]],
      ['container_memory_cache', [2, 2]],
      ['container_memory_total_active_file_bytes', [0, 0]],
    ]);
    const [analysis] = analyzeFrames(input).analyses;
    // Both instants judged (inputs agree there) and summed to usage within 1 byte.
    expect(checkSumsWhereAgreeing(analysis.decomposition)).toBe(2);
    expect(Array.from(analysis.decomposition.layers.shmem ?? [])).toEqual([2, 2]);
  });

  it('samples near Number.MAX_VALUE: set aside with a note, and every figure stays finite', () => {
    const input = frames([
      ['container_memory_usage_bytes', [1e308, 1e308]],
      ['container_memory_working_set_bytes', [1e308, 1e308]],
      ['container_memory_cache', [0, 0]],
    ]);
    const result = analyzeFrames(input);
    expect(result.notes.map((n) => n.id)).toContain('ingest.note.outOfRange');
    expect(result.analyses.length).toBeGreaterThan(0);
    for (const a of result.analyses) {
      checkAnalysis(a);
    }
  });
});
