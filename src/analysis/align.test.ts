import { buildAxis, medianSpacing, mergeIndices, mergeSeries, sampleOnAxis } from './align';
import type { Series } from './types';

const T0 = 1_700_000_000_000;

function series(times: number[], values: number[], stepMs?: number, name = 's'): Series {
  return {
    role: 'usage',
    labels: {},
    name,
    times: Float64Array.from(times),
    values: Float64Array.from(values),
    ...(stepMs ? { stepMs } : {}),
  };
}

describe('axis', () => {
  it('uses the finest step, anchored on that series, covering every series', () => {
    const coarse = series([T0 - 60_000, T0, T0 + 60_000], [1, 2, 3], 60_000);
    const fine = series([T0 + 5_000, T0 + 20_000, T0 + 35_000], [1, 2, 3], 15_000);
    const axis = buildAxis([coarse, fine]);
    expect(axis.stepMs).toBe(15_000);
    expect(axis.times[0]).toBe(T0 - 55_000);
    expect(axis.times[axis.times.length - 1]).toBe(T0 + 50_000);
    expect(axis.times.length).toBe(8);
  });

  it('takes the median spacing when the step is not given', () => {
    expect(medianSpacing(Float64Array.from([0, 10, 20, 45, 55]))).toBe(10);
    expect(medianSpacing(Float64Array.from([0]))).toBeUndefined();
    expect(buildAxis([series([0, 10, 20, 30, 100], [1, 1, 1, 1, 1])]).stepMs).toBe(10);
  });

  it('coarsens a step that would make the axis explode', () => {
    const a = series([0, 1], [1, 1], 1);
    const b = series([0, 1e9], [1, 1], 1e9);
    const axis = buildAxis([a, b]);
    expect(axis.coarsenedFromMs).toBe(1);
    expect(axis.times.length).toBeLessThanOrEqual(4096);
    expect(axis.times[0]).toBe(0);
  });
});

describe('sampleOnAxis', () => {
  it('takes the value in force within two steps of the series, else NaN', () => {
    const s = series([0, 10, 20, 80], [1, 2, 3, 4], 10);
    const axis = Float64Array.from([-5, 0, 5, 15, 25, 40, 41, 45, 80, 100, 101]);
    expect(Array.from(sampleOnAxis(s, axis, 20))).toEqual([NaN, 1, 1, 2, 3, 3, NaN, NaN, 4, 4, NaN]);
  });
});

describe('mergeSeries', () => {
  const step = 10;
  const axis = { times: Float64Array.from({ length: 20 }, (_, i) => i * step), stepMs: step };

  it('switches to a later-started series and records the takeover once', () => {
    // Old container 0..140 (lingering flat after 90), new container from 100.
    const old = series(
      Array.from({ length: 15 }, (_, i) => i * step),
      Array.from({ length: 15 }, (_, i) => (i < 10 ? 100 + i : 109)),
      step,
      'old'
    );
    const fresh = series(
      Array.from({ length: 10 }, (_, i) => 100 + i * step),
      Array.from({ length: 10 }, (_, i) => 5 + i),
      step,
      'new'
    );
    const m = mergeSeries([fresh, old], axis);
    expect(m.takeovers).toEqual([10]);
    expect(m.overlapped).toBe(true);
    expect(Array.from(m.values.subarray(8, 13))).toEqual([108, 109, 5, 6, 7]);
  });

  it('lets an older series fill a gap of the newer one; its return is no second restart', () => {
    const a = series(
      Array.from({ length: 20 }, (_, i) => i * step),
      new Array(20).fill(1),
      step,
      'a'
    );
    const b = series([30, 40, 50, 120, 130], [2, 2, 2, 2, 2], step, 'b');
    const m = mergeSeries([a, b], axis);
    expect(m.takeovers).toEqual([3]);
    expect(Array.from(m.values.subarray(2, 14))).toEqual([1, 2, 2, 2, 2, 2, 1, 1, 1, 1, 2, 2]);
  });

  it('treats twins that start together as duplicates, not restarts', () => {
    const a = series(
      Array.from({ length: 20 }, (_, i) => i * step),
      new Array(20).fill(7),
      step,
      'cadvisor'
    );
    const b = series(
      Array.from({ length: 19 }, (_, i) => 10 + i * step),
      new Array(19).fill(7),
      step,
      'resource'
    );
    const m = mergeSeries([a, b], axis);
    expect(m.takeovers).toEqual([]);
    expect(m.overlapped).toBe(true);
    expect(Array.from(m.values).every((v) => v === 7)).toBe(true);
  });

  it('merges nearby indices', () => {
    expect(mergeIndices([10, 3, 11, 30, 12, 33], 2)).toEqual([3, 10, 30, 33]);
  });
});
