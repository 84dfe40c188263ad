import { eventsAt, nearestIndex, PROJECTION_SHARE_OF_RANGE, projectionExtensionMs, stripPath } from './pressure';

const times = [0, 10, 20, 30, 40];
const toX = (ms: number) => ms * 2;

describe('stripPath', () => {
  it('scales to the top and breaks the line where a value is unknown', () => {
    const path = stripPath(times, new Float64Array([0, 0.5, NaN, 1, 2]), 1, 40, toX);
    // Two runs: 0..1 and 3..4; a value over the top is drawn at the top.
    expect(path).toBe('M0.0,40.0L20.0,20.0M60.0,0.0L80.0,0.0');
  });

  it('closes each run to the baseline for an area', () => {
    const path = stripPath(times, new Float64Array([0.5, 0.5, NaN, NaN, 0.25]), 1, 40, toX, true);
    expect(path).toBe('M0.0,40L0.0,20.0L20.0,20.0L20.0,40L0.0,40ZM80.0,40L80.0,30.0L80.0,40L80.0,40Z');
  });

  it('draws nothing on a zero scale rather than dividing by it', () => {
    expect(stripPath(times, new Float64Array([0, 0, 0, 0, 0]), 0, 40, toX)).toBe('');
  });
});

describe('instants', () => {
  it('finds the nearest sample and the events within half a step of it', () => {
    expect(nearestIndex(times, 14)).toBe(1);
    expect(nearestIndex(times, 16)).toBe(2);
    expect(nearestIndex(times, 99)).toBe(4);
    expect(nearestIndex([], 5)).toBe(-1);
    const model = {
      times,
      events: [
        { atMs: 20, kind: 'oomKill' as const, count: 1 },
        { atMs: 26, kind: 'restart' as const, count: 1, reason: 'OOMKilled' },
      ],
      psiTop: 0.1,
      refaultTop: 0,
    };
    expect(eventsAt(model, 2).map((e) => e.kind)).toEqual(['oomKill']);
    expect(eventsAt(model, 3).map((e) => e.kind)).toEqual(['restart']);
    expect(eventsAt(model, 0)).toEqual([]);
  });
});

describe('projectionExtensionMs', () => {
  const line = (reachMs: number) => ({ fromMs: 100, fromBytes: 1, bytesPerMs: 1, targetBytes: 2, reachMs });
  it('reaches to the target, at most a fifth of the range past its end, at least a quarter of that', () => {
    expect(projectionExtensionMs(null, 0, 100)).toBe(0);
    expect(projectionExtensionMs(line(110), 0, 100)).toBe(10);
    expect(projectionExtensionMs(line(10_000), 0, 100)).toBe(100 * PROJECTION_SHARE_OF_RANGE);
    expect(projectionExtensionMs(line(101), 0, 100)).toBe(5);
  });
});
