import React from 'react';
import { render, screen } from '@testing-library/react';
import { createTheme } from '@grafana/data';

import { fileCacheAnalysis, START, STEP } from '../components/__fixtures__/analysis';
import { LINE_KEYS } from '../analysis/types';
import { ALL_LAYERS, seriesLabel } from '../options';
import { ChartTooltip } from './ChartTooltip';
import { buildChartModel } from './model';

const model = buildChartModel({
  decomposition: fileCacheAnalysis().decomposition,
  layers: ALL_LAYERS,
  lines: LINE_KEYS,
  hidden: new Set(),
  label: seriesLabel,
});
const theme = createTheme();
const region = {
  id: 'r0',
  fromMs: START + 30 * STEP,
  toMs: START + 90 * STEP,
  color: 'blue',
  text: '+100 MiB: 93 % active file',
  source: 'region' as const,
};

describe('ChartTooltip', () => {
  it('shows every layer with its own value, the lines, and the total of the stack', () => {
    render(<ChartTooltip model={model} theme={theme} timeZone="utc" dataIdx={0} overlays={[region]} />);
    const row = (label: string) => screen.getByText(label).closest('[data-testid="SeriesTableRow"]')!;
    expect(row('rss')).toHaveTextContent('120 MiB');
    expect(row('kernel')).toHaveTextContent('8 MiB');
    expect(row('active file cache')).toHaveTextContent('50 MiB');
    expect(row('inactive file cache')).toHaveTextContent('200 MiB');
    expect(row('working set')).toHaveTextContent('178 MiB');
    expect(row('usage')).toHaveTextContent('378 MiB');
    expect(row('limit')).toHaveTextContent('1 GiB');
    expect(row('Total of layers')).toHaveTextContent('378 MiB');
    expect(screen.getByText('2024-01-01 00:00:00')).toBeInTheDocument();
    // Outside the region: no region text.
    expect(screen.queryByText(region.text)).toBeNull();
  });

  it('adds the text of the region under the cursor', () => {
    render(<ChartTooltip model={model} theme={theme} timeZone="utc" dataIdx={60} overlays={[region]} />);
    expect(screen.getByText(region.text)).toBeInTheDocument();
  });

  it('shows one series in single mode', () => {
    render(<ChartTooltip model={model} theme={theme} timeZone="utc" dataIdx={0} onlySeries={1} overlays={[]} />);
    expect(screen.getByText('kernel')).toBeInTheDocument();
    expect(screen.queryByText('rss')).toBeNull();
    expect(screen.queryByText('Total of layers')).toBeNull();
  });
});
