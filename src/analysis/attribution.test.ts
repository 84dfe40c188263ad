import { growthBlocks, judge, layerChange, sharesOf, type GrowthShape, type LayerChanges } from './attribution';
import { prng } from '../scenarios/generator';

const MB = 1e6;

/** A ramp from index `start` to `end`, 0 before and 1 after: the shape a retained level gives. */
function ramp(n: number, start: number, end: number): GrowthShape {
  const level = Float64Array.from({ length: n }, (_, i) => Math.min(1, Math.max(0, (i - start) / (end - start))));
  return { level, base: 0, top: 1 };
}

describe('layerChange', () => {
  it('measures a ramp in full, whatever the flat stretches around it', () => {
    const shape = ramp(300, 100, 200);
    const values = Float64Array.from(shape.level as Float64Array, (g) => 50 * MB + 30 * MB * g);
    const c = layerChange(values, growthBlocks(shape, 0, 100, 200, 299))!;
    expect(c.delta).toBeCloseTo(30 * MB, -3);
    expect(c.se).toBeLessThan(0.01 * MB);
  });

  it('ignores spikes and missing samples, and its error grows with the noise', () => {
    const random = prng(3);
    const shape = ramp(600, 200, 400);
    const quiet = new Float64Array(600);
    const noisy = new Float64Array(600);
    for (let i = 0; i < 600; i++) {
      const g = (shape.level as Float64Array)[i];
      quiet[i] = 100 * MB + 20 * MB * g + (random() - 0.5) * MB;
      noisy[i] = 100 * MB + 20 * MB * g + (random() - 0.5) * 20 * MB;
      if (i % 97 === 0) {
        quiet[i] += 300 * MB;
      }
      if (i % 31 === 0) {
        quiet[i] = NaN;
      }
    }
    const blocks = growthBlocks(shape, 0, 200, 400, 599);
    const q = layerChange(quiet, blocks)!;
    const n = layerChange(noisy, blocks)!;
    expect(Math.abs(q.delta - 20 * MB)).toBeLessThan(3 * q.se + 0.2 * MB);
    expect(n.se).toBeGreaterThan(5 * q.se);
    expect(Math.abs(n.delta - 20 * MB)).toBeLessThan(4 * n.se);
  });

  it('measures a step that falls inside one block of the flat stretches', () => {
    // A warm-up of 3 samples in a lifetime of 2,000: the growth gets its own blocks.
    const shape = ramp(2000, 0, 3);
    const values = Float64Array.from(shape.level as Float64Array, (g) => 10 * MB + 1200 * MB * g);
    expect(layerChange(values, growthBlocks(shape, 0, 0, 3, 1999))!.delta).toBeCloseTo(1200 * MB, -3);
  });

  it('is undefined when the shape does not vary or the layer has no values', () => {
    const flat: GrowthShape = { level: new Float64Array(50).fill(0), base: 0, top: 1 };
    expect(layerChange(new Float64Array(50).fill(MB), growthBlocks(flat, 0, 10, 20, 49))).toBeUndefined();
    const shape = ramp(50, 10, 20);
    expect(layerChange(new Float64Array(50).fill(NaN), growthBlocks(shape, 0, 10, 20, 49))).toBeUndefined();
  });
});

describe('judge', () => {
  const changes = (
    rss: [number, number],
    activeFile: [number, number],
    kernel: [number, number] = [0, 0]
  ): LayerChanges => ({
    rss: { delta: rss[0], se: rss[1] },
    activeFile: { delta: activeFile[0], se: activeFile[1] },
    kernel: { delta: kernel[0], se: kernel[1] },
  });
  const keys = ['rss', 'kernel', 'activeFile'] as const;

  it('names the kind when its share holds against the error', () => {
    expect(judge(changes([1 * MB, 0.2 * MB], [30 * MB, 0.5 * MB]), [...keys], 0.5)).toMatchObject({
      kind: 'file-cache',
    });
    expect(judge(changes([25 * MB, 1 * MB], [2 * MB, 0.5 * MB]), [...keys], 0.5)).toMatchObject({ kind: 'anon' });
  });

  it('is uncertain, with both rivals, when the errors let either kind lead', () => {
    const j = judge(changes([12 * MB, 6 * MB], [10 * MB, 1 * MB]), [...keys], 0.5);
    expect(j.kind).toBe('uncertain');
    expect(new Set(j.rivals)).toEqual(new Set(['anon', 'file-cache']));
  });

  it('is mixed when no kind could reach the share, and when a precise share sits on the line', () => {
    expect(judge(changes([4 * MB, 0.1 * MB], [3.5 * MB, 0.1 * MB], [2.5 * MB, 0.1 * MB]), [...keys], 0.5).kind).toBe(
      'mixed'
    );
    expect(judge(changes([10 * MB, 0.05 * MB], [10 * MB, 0.05 * MB]), [...keys], 0.5).kind).toBe('mixed');
  });

  it('is uncertain, not a kind, when nothing measurably grew', () => {
    expect(judge(changes([-1 * MB, 2 * MB], [-0.5 * MB, 1 * MB]), [...keys], 0.5).kind).toBe('uncertain');
  });

  it('shares count only positive changes and add up to 1', () => {
    const shares = sharesOf(changes([-2 * MB, 1], [6 * MB, 1], [2 * MB, 1]), [...keys])!;
    expect(shares).toEqual({ rss: 0, kernel: 0.25, activeFile: 0.75 });
    expect(sharesOf(changes([-2 * MB, 1], [0, 1]), [...keys])).toBeUndefined();
  });
});
