import { fileCacheAnalysis, MiB } from '../components/__fixtures__/analysis';
import { type Layer, LINE_KEYS, type LineKey } from '../analysis/types';
import { ALL_LAYERS } from '../options';
import { buildChartModel, type SeriesKey } from './model';

const label = (k: SeriesKey) => `L:${k}`;

function model(hidden: SeriesKey[] = [], layers: readonly Layer[] = ALL_LAYERS, lines: readonly LineKey[] = LINE_KEYS) {
  return buildChartModel({
    decomposition: fileCacheAnalysis().decomposition,
    layers,
    lines,
    hidden: new Set(hidden),
    label,
  });
}

describe('buildChartModel', () => {
  it('stacks the container layers bottom to top and ends at usage', () => {
    const m = model();
    expect(m.visible.map((s) => s.key)).toEqual([
      'rss',
      'kernel',
      'activeFile',
      'inactiveFile',
      'workingSet',
      'usage',
      'limit',
    ]);
    const usage = m.series.find((s) => s.key === 'usage')!.values;
    const top = m.plotted[3];
    for (let i = 0; i < m.times.length; i++) {
      expect(top[i]).toBeCloseTo(usage[i], 3);
      expect(m.stackTotal[i]).toBeCloseTo(usage[i], 3);
    }
    // rss + kernel + activeFile is the working set.
    const ws = m.series.find((s) => s.key === 'workingSet')!.values;
    expect(m.plotted[2][60]).toBeCloseTo(ws[60], 3);
  });

  it('keeps each series its own values for the tooltip while plotting the cumulative', () => {
    const m = model();
    const kernel = m.visible[1];
    expect(kernel.values[0]).toBe(8 * MiB);
    expect(m.plotted[1][0]).toBe(128 * MiB);
    // Lines are not stacked.
    expect(m.plotted[4][0]).toBe(m.series.find((s) => s.key === 'workingSet')!.values[0]);
  });

  it('takes a hidden layer out of the stack but keeps it in the legend list', () => {
    const m = model(['kernel']);
    expect(m.series.find((s) => s.key === 'kernel')!.hidden).toBe(true);
    expect(m.visible.map((s) => s.key)).not.toContain('kernel');
    expect(m.plotted[1][0]).toBe((120 + 50) * MiB);
  });

  it('leaves out layers and lines the options do not ask for, and series without data', () => {
    const m = model([], ['rss', 'activeFile'], ['workingSet', 'request']);
    expect(m.series.map((s) => s.key)).toEqual(['rss', 'activeFile', 'workingSet']);
  });

  it('fills a layer unknown at one instant from the layer below, so the bands keep a floor', () => {
    const dec = fileCacheAnalysis().decomposition;
    dec.layers.kernel![5] = NaN;
    dec.layers.rss![6] = NaN;
    for (const l of Object.values(dec.layers)) {
      l![7] = NaN;
    }
    const m = buildChartModel({ decomposition: dec, layers: ALL_LAYERS, lines: [], hidden: new Set(), label });
    expect(m.plotted[1][5]).toBe(m.plotted[0][5]);
    expect(m.plotted[0][6]).toBe(0);
    expect(m.plotted[1][6]).toBe(8 * MiB);
    expect(m.plotted.map((row) => row[7])).toEqual([null, null, null, null]);
    expect(Number.isNaN(m.stackTotal[7])).toBe(true);
  });

  it('labels the series through the given function', () => {
    expect(model().visible[0].label).toBe('L:rss');
  });
});
