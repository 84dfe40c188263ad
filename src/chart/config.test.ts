import { createTheme, dateTime } from '@grafana/data';

import { fileCacheAnalysis, POINTS, START, STEP } from '../components/__fixtures__/analysis';
import { LINE_KEYS } from '../analysis/types';
import { ALL_LAYERS } from '../options';
import { buildChartConfig, formatChartBytes, Y_SCALE } from './config';
import { buildChartModel } from './model';

const theme = createTheme();
const model = buildChartModel({
  decomposition: fileCacheAnalysis().decomposition,
  layers: ALL_LAYERS,
  lines: LINE_KEYS,
  hidden: new Set(),
  label: (k) => k,
});
const timeRange = { from: dateTime(START), to: dateTime(START + (POINTS - 1) * STEP), raw: { from: '', to: '' } };

describe('buildChartConfig', () => {
  const config = buildChartConfig({
    model,
    theme,
    timeZone: 'utc',
    live: () => ({ timeRange, overlays: [] }),
  }).getConfig();

  it('fills between neighbouring layers with bands, lines unfilled', () => {
    // uPlot indices: 1 rss, 2 kernel, 3 activeFile, 4 inactiveFile, 5.. lines.
    expect(config.bands?.map((b) => b.series)).toEqual([
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
    expect(config.series[1].fill).toBeTruthy();
    expect(config.series[5].fill).toBeFalsy();
  });

  it('dashes the limit and colours series from the theme', () => {
    const limitIdx = model.visible.findIndex((s) => s.key === 'limit') + 1;
    expect(config.series[limitIdx].dash).toEqual([10, 10]);
    expect(config.series[1].stroke).toBe(theme.visualization.getColorByName('red'));
  });

  it('spans the x scale over the dashboard range and formats the value axis in bytes', () => {
    const range = config.scales!.x.range as (...args: unknown[]) => number[];
    expect(range()).toEqual([START, START + (POINTS - 1) * STEP]);
    const yAxis = config.axes!.find((a) => a.scale === Y_SCALE)!;
    const values = yAxis.values as (
      u: unknown,
      splits: number[],
      axisIdx: number,
      space: number,
      incr: number
    ) => string[];
    expect(values({}, [0, 256 * 2 ** 20, 2 ** 30], 1, 50, 256 * 2 ** 20)).toEqual(['0 B', '256 MiB', '1 GiB']);
  });

  it('formats bytes as Grafana does, with a dash for an unknown value', () => {
    expect(formatChartBytes(1536)).toBe('1.50 KiB');
    expect(formatChartBytes(NaN)).toBe('—');
  });
});
