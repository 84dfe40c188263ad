import React from 'react';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { arrayToDataFrame, dateTime, DataTopic, type TimeRange } from '@grafana/data';

import { DEFAULT_OPTIONS } from '../../options';
import {
  containerAnalysis,
  fileCacheAnalysis,
  leakAnalysis,
  MiB,
  POINTS,
  START,
  STEP,
  testRender,
} from '../__fixtures__/analysis';
import { MemLensPanelView, type MemLensPanelViewProps } from './MemLensPanelView';

const timeRange: TimeRange = {
  from: dateTime(START),
  to: dateTime(START + (POINTS - 1) * STEP),
  raw: { from: 'now-2h', to: 'now' },
};

function viewProps(overrides: Partial<MemLensPanelViewProps> = {}): MemLensPanelViewProps {
  return {
    result: { analyses: [fileCacheAnalysis()], ignored: [], notes: [] },
    optionProblems: [],
    render: testRender,
    options: DEFAULT_OPTIONS,
    frameCount: 6,
    width: 900,
    height: 500,
    timeRange,
    timeZone: 'utc',
    onChangeTimeRange: jest.fn(),
    ...overrides,
  };
}

async function setup(overrides: Partial<MemLensPanelViewProps> = {}) {
  const view = render(<MemLensPanelView {...viewProps(overrides)} />);
  // uPlot commits its first draw in a microtask; let it (and the markers it places) settle.
  await act(async () => {});
  return view;
}

/** Text uPlot drew on the canvases (axis tick labels), through jest-canvas-mock's event log. */
function canvasText(container: HTMLElement): string[] {
  return Array.from(container.querySelectorAll('canvas')).flatMap((canvas) =>
    (canvas.getContext('2d') as unknown as { __getEvents(): Array<{ type: string; props: { text?: string } }> })
      .__getEvents()
      .filter((e) => e.type === 'fillText')
      .map((e) => String(e.props.text))
  );
}

describe('MemLensPanelView', () => {
  it('draws a workload with its title, verdict banner, legend and a canvas', async () => {
    const { container } = await setup();
    expect(screen.getByText('shop/logwriter-0/logwriter')).toBeInTheDocument();
    const banner = screen.getByTestId('memlens-banner');
    expect(banner).toHaveTextContent(`banner.fileCache growthBytes=${100 * MiB} share=0.93`);
    expect(banner).toHaveAttribute('data-verdict', 'file-cache');
    for (const label of [
      'rss',
      'kernel',
      'active file cache',
      'inactive file cache',
      'working set',
      'usage',
      'limit',
    ]) {
      expect(screen.getByRole('button', { name: label })).toBeInTheDocument();
    }
    // No request series in this analysis: no legend entry for it.
    expect(screen.queryByRole('button', { name: 'request' })).toBeNull();
    expect(container.querySelector('canvas')).not.toBeNull();
  });

  it('labels the value axis in bytes, as Grafana formats them', async () => {
    const { container } = await setup();
    const ticks = canvasText(container);
    expect(ticks.some((t) => / MiB$/.test(t))).toBe(true);
    // And the time axis in the panel's time zone (the range starts at midnight UTC).
    expect(ticks.some((t) => /^\d\d:\d\d$/.test(t))).toBe(true);
  });

  it('marks each growth region under the axis, with its text on hover', async () => {
    await setup();
    const markers = screen.getAllByTestId('memlens-region-marker');
    expect(markers).toHaveLength(1);
    const text = `region.fileCache growthBytes=${100 * MiB} share=0.93`;
    expect(markers[0]).toHaveAttribute('aria-label', text);
    await userEvent.hover(markers[0]);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(text);
  });

  it('takes new data of the same shape into the same plot (a dashboard refresh), with the new regions', async () => {
    const props = (analysis: ReturnType<typeof fileCacheAnalysis>) =>
      viewProps({ result: { analyses: [analysis], ignored: [], notes: [] } });
    const { container, rerender } = render(<MemLensPanelView {...props(fileCacheAnalysis())} />);
    await act(async () => {});
    const canvas = container.querySelector('canvas');
    expect(canvas).not.toBeNull();
    const next = fileCacheAnalysis();
    next.regions = [
      {
        ...next.regions[0],
        fromMs: START + 10 * STEP,
        toMs: START + 20 * STEP,
        message: { id: 'region.fileCache', params: { growthBytes: 50 * MiB, share: 0.8 } },
      },
    ];
    rerender(<MemLensPanelView {...props(next)} />);
    await act(async () => {});
    expect(container.querySelector('canvas')).toBe(canvas);
    const markers = screen.getAllByTestId('memlens-region-marker');
    expect(markers.map((m) => m.getAttribute('aria-label'))).toEqual([
      `region.fileCache growthBytes=${50 * MiB} share=0.8`,
    ]);
  });

  it('draws the dashboard annotations too', async () => {
    const annotations = [
      arrayToDataFrame([
        { time: START + 10 * STEP, timeEnd: START + 20 * STEP, isRegion: true, color: 'purple', text: 'deploy api v2' },
        { time: START + 40 * STEP, isRegion: false, text: 'config reload' },
      ]),
    ];
    annotations[0].meta = { dataTopic: DataTopic.Annotations };
    await setup({ annotations });
    const markers = screen.getAllByTestId('memlens-annotation-marker');
    expect(markers.map((m) => m.getAttribute('aria-label'))).toEqual(['deploy api v2', 'config reload']);
  });

  it('shows one titled chart per workload, in the order given (largest growth first)', async () => {
    await setup({ result: { analyses: [fileCacheAnalysis(), leakAnalysis()], ignored: [], notes: [] } });
    const workloads = screen.getAllByTestId('memlens-workload');
    expect(workloads).toHaveLength(2);
    expect(within(workloads[0]).getByText('shop/logwriter-0/logwriter')).toBeInTheDocument();
    expect(within(workloads[1]).getByText('shop/leaker-0/leaker')).toBeInTheDocument();
    expect(within(workloads[1]).getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'anon');
  });

  it('draws only the charts of the rows in view, every title and banner, and the rest as they are scrolled to', async () => {
    const analyses = Array.from({ length: 12 }, (_, i) =>
      containerAnalysis({
        title: `svc-${i}`,
        rss: () => 100 * MiB,
        activeFile: () => 30 * MiB,
        verdict: 'stable',
        banner: { id: 'banner.stable' },
      })
    );
    // 900 px wide: 2 columns; 500 px high: rows of MIN_CELL_HEIGHT (240 px), so rows 0, 1 and the top of 2 show.
    const { container } = await setup({
      result: { analyses, ignored: [], notes: [] },
      options: { ...DEFAULT_OPTIONS, view: 'grid' },
    });
    const cells = screen.getAllByTestId('memlens-workload');
    expect(cells).toHaveLength(12);
    expect(screen.getAllByTestId('memlens-banner')).toHaveLength(12);
    const charted = () => cells.map((cell) => cell.querySelector('canvas') !== null);
    expect(charted()).toEqual([true, true, true, true, true, true, false, false, false, false, false, false]);
    expect(screen.getAllByTestId('memlens-chart-placeholder')).toHaveLength(6);

    const grid = cells[0].parentElement!;
    grid.scrollTop = 2 * 240 + 10;
    await act(async () => {
      grid.dispatchEvent(new Event('scroll'));
    });
    // Rows 2 to 4 show (4 in part); the rows scrolled past stay drawn.
    expect(charted()).toEqual([true, true, true, true, true, true, true, true, true, true, false, false]);
    expect(container.querySelectorAll('canvas').length).toBeGreaterThanOrEqual(10);
  });

  it('lists the notes of a workload under its banner', async () => {
    await setup();
    const banner = screen.getByTestId('memlens-banner');
    expect(within(banner).getByText('Notes (1)')).toBeInTheDocument();
    expect(within(banner).getByText('note.derived layers=kernel, activeFile, inactiveFile')).toBeInTheDocument();
  });

  it('explains an empty result: what it got, every ignored series with its reason, and the queries to paste', async () => {
    await setup({
      frameCount: 2,
      result: {
        analyses: [],
        ignored: [
          { name: 'up{job="node"}', labels: { __name__: 'up', job: 'node' }, reason: { id: 'ignored.unknownRole' } },
          {
            name: 'container_memory_rss{container="", pod="api-0"}',
            labels: { __name__: 'container_memory_rss', container: '', pod: 'api-0' },
            reason: { id: 'ignored.podLevel' },
          },
        ],
        notes: [{ id: 'note.noUsable' }],
      },
    });
    const empty = screen.getByTestId('memlens-empty');
    expect(within(empty).getByText('No memory series MemLens can use')).toBeInTheDocument();
    expect(empty).toHaveTextContent('The queries returned 2 frames with 2 series.');
    const ignored = within(empty).getByRole('list', { name: 'Left out' });
    const rows = within(ignored).getAllByRole('listitem');
    expect(rows[0]).toHaveTextContent('up{job="node"} — ignored.unknownRole');
    expect(rows[1]).toHaveTextContent('container_memory_rss{container="", pod="api-0"} — ignored.podLevel');
    expect(empty).toHaveTextContent('note.noUsable');
    expect(empty).toHaveTextContent('container_memory_working_set_bytes{container!="", image!=""}');
    expect(empty.querySelector('canvas')).toBeNull();
  });

  it('lists ignored series and option problems below the charts when there is something to draw', async () => {
    await setup({
      optionProblems: ['"6 hours": the growth window is not a duration like 6h; using auto'],
      result: {
        analyses: [fileCacheAnalysis()],
        ignored: [{ name: 'container_memory_rss{container="POD"}', labels: {}, reason: { id: 'ignored.pause' } }],
        notes: [],
      },
    });
    expect(screen.getByText('1 series left out, 1 notes')).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Left out' });
    expect(list).toHaveTextContent('container_memory_rss{container="POD"} — ignored.pause');
    expect(list).toHaveTextContent('"6 hours": the growth window is not a duration like 6h; using auto');
  });

  it('puts label values and query text into the page as text, never as markup', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const analysis = fileCacheAnalysis();
    analysis.decomposition.workload.title = evil;
    const { container } = await setup({
      result: {
        analyses: [analysis],
        ignored: [{ name: evil, labels: { pod: evil }, reason: { id: 'ignored.unknownRole' } }],
        notes: [],
      },
    });
    expect(screen.getAllByText(evil)).toHaveLength(2); // the title and the ignored row
    expect(container.querySelector('img')).toBeNull();
  });
});
