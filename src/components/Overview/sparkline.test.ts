import { CONTAINER_LAYERS } from '../../analysis/types';
import { fileCacheAnalysis, MiB, POINTS } from '../__fixtures__/analysis';
import { drawSparkline, sparkColumns } from './sparkline';

const ALL = [...CONTAINER_LAYERS];

describe('sparkline columns', () => {
  it('squeezes the stack to one column per pixel, each column one real instant summing to usage', () => {
    const dec = fileCacheAnalysis().decomposition;
    const spark = sparkColumns(dec, ALL, 40);
    expect(spark.columns).toBe(40);
    expect(spark.layers).toEqual(['rss', 'kernel', 'activeFile', 'inactiveFile']);
    const usage = Array.from(dec.lines.usage!);
    const top = spark.tops[spark.tops.length - 1];
    for (let c = 0; c < spark.columns; c++) {
      // The top of the stack is the usage at some sample of the column's bucket.
      expect(usage).toContain(top[c]);
      // The working-set line sits on top of rss + kernel + activeFile at the same instant.
      expect(spark.workingSet[c]).toBe(spark.tops[2][c]);
    }
    expect(spark.max).toBe(Math.max(...usage));
    // Growth shows: the last column is higher than the first by the file-cache growth.
    expect(top[39] - top[0]).toBe(100 * MiB);
  });

  it('keeps a one-sample spike that averaging would flatten', () => {
    const dec = fileCacheAnalysis().decomposition;
    dec.layers.rss![57] += 500 * MiB;
    const spark = sparkColumns(dec, ALL, 10);
    const top = spark.tops[spark.tops.length - 1];
    expect(Math.max(...top)).toBe(dec.lines.usage![57] + 500 * MiB);
  });

  it('draws only the layers the options allow, and never more columns than samples', () => {
    const dec = fileCacheAnalysis().decomposition;
    const spark = sparkColumns(dec, ['rss', 'activeFile'], 1000);
    expect(spark.layers).toEqual(['rss', 'activeFile']);
    expect(spark.columns).toBe(POINTS);
  });

  it('leaves columns without data empty instead of drawing zeros', () => {
    const dec = fileCacheAnalysis().decomposition;
    for (const layer of Object.values(dec.layers)) {
      layer!.fill(NaN, 0, 60);
    }
    dec.lines.workingSet!.fill(NaN, 0, 60);
    const spark = sparkColumns(dec, ALL, POINTS);
    expect(Number.isNaN(spark.tops[0][10])).toBe(true);
    expect(Number.isNaN(spark.workingSet[10])).toBe(true);
    expect(spark.tops[0][100]).toBe(120 * MiB);
  });
});

describe('drawing a sparkline', () => {
  it('fills one band per layer in its colour and strokes the working set', () => {
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d')!;
    const spark = sparkColumns(fileCacheAnalysis().decomposition, ALL, 50);
    const colors: Record<string, string> = {
      rss: '#ff0000',
      kernel: '#800080',
      activeFile: '#ffa500',
      inactiveFile: '#add8e6',
    };
    drawSparkline(ctx, spark, 50, 20, { layerColor: (l) => colors[l], lineColor: '#00ff00' });
    const events = (
      ctx as unknown as { __getEvents(): Array<{ type: string; props: Record<string, unknown> }> }
    ).__getEvents();
    const fills = events.filter((e) => e.type === 'fillStyle').map((e) => e.props.value);
    expect(fills).toEqual(['#ff0000', '#800080', '#ffa500', '#add8e6']);
    expect(events.filter((e) => e.type === 'fill')).toHaveLength(4);
    expect(events.filter((e) => e.type === 'strokeStyle').map((e) => e.props.value)).toEqual(['#00ff00']);
    // Every point lies inside the 50 × 20 box.
    for (const e of events.filter((e) => e.type === 'lineTo' || e.type === 'moveTo')) {
      expect(e.props.x).toBeGreaterThanOrEqual(0);
      expect(e.props.x).toBeLessThanOrEqual(50);
      expect(e.props.y).toBeGreaterThanOrEqual(0);
      expect(e.props.y).toBeLessThanOrEqual(20);
    }
  });
});
