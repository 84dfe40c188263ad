import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { dateTime, type TimeRange } from '@grafana/data';

import type { Analysis, Message } from '../../analysis/types';
import { createTranslate } from '../../i18n/catalogue';
import { renderMessage } from '../../i18n/render';
import { DEFAULT_OPTIONS } from '../../options';
import { containerAnalysis, fileCacheAnalysis, leakAnalysis, MiB, POINTS, START, STEP } from '../__fixtures__/analysis';
import { Overview, type OverviewProps, OVERVIEW_ABOVE, showsOverview } from './Overview';
import { HEADER_HEIGHT, ROW_HEIGHT } from './OverviewTable';

const en = createTranslate('en-US');
const renderText = (m: Message) => renderMessage(m, en);

const timeRange: TimeRange = {
  from: dateTime(START),
  to: dateTime(START + (POINTS - 1) * STEP),
  raw: { from: 'now-2h', to: 'now' },
};

/** A steady workload whose working set is `rssMiB` + 18 MiB, growing by `growthMiB` over the range. */
function workload(name: string, rssMiB: number, growthMiB: number, limitMiB?: number): Analysis {
  const a = containerAnalysis({
    title: name,
    rss: (i) => (rssMiB + (growthMiB * i) / (POINTS - 1)) * MiB,
    activeFile: () => 10 * MiB,
    limit: limitMiB ? limitMiB * MiB : undefined,
    verdict: growthMiB > 0 ? 'anon' : 'stable',
    banner:
      growthMiB > 0
        ? { id: 'banner.anon', params: { growthBytes: growthMiB * MiB, share: 1, rangeMs: 7_200_000 } }
        : { id: 'banner.stable', params: { rangeMs: 7_200_000 } },
  });
  a.shares = growthMiB > 0 ? { rss: 1 } : {};
  return a;
}

async function setup(analyses: Analysis[], overrides: Partial<OverviewProps> = {}) {
  const props: OverviewProps = {
    analyses,
    render: renderText,
    options: DEFAULT_OPTIONS,
    width: 1100,
    height: 400,
    timeRange,
    timeZone: 'utc',
    onChangeTimeRange: jest.fn(),
    ...overrides,
  };
  const view = render(<Overview {...props} />);
  await act(async () => {});
  return view;
}

const rowTitles = () =>
  screen.getAllByTestId('memlens-overview-row').map((r) => within(r).getAllByRole('cell')[0].textContent);

describe('Overview', () => {
  it('shows one row per workload with working set, growth, verdict and headroom, largest growth first', async () => {
    const cache = fileCacheAnalysis();
    cache.shares = { activeFile: 0.93, rss: 0.05, kernel: 0.02 };
    await setup([workload('quiet', 50, 0, 256), cache, leakAnalysis()]);
    expect(rowTitles()).toEqual(['shop/logwriter-0/logwriter', 'shop/leaker-0/leaker', 'shop/quiet-0/quiet']);
    const [logwriter, leaker, quiet] = screen.getAllByTestId('memlens-overview-row');
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(cells(logwriter)).toEqual([
      'shop/logwriter-0/logwriter',
      '',
      '278 MiB',
      '+100 MiB (56 %)',
      '93 % file cache',
      // No pressure or refault series, and nothing heading for the limit.
      '–',
      '–',
      '746 MiB free (73 %)',
    ]);
    expect(cells(leaker)[7]).toBe('no limit');
    expect(cells(quiet)).toEqual([
      'shop/quiet-0/quiet',
      '',
      '68 MiB',
      '+0 B (0 %)',
      'stable',
      '–',
      '–',
      '188 MiB free (73 %)',
    ]);
    expect(within(logwriter).getByTestId('memlens-overview-verdict').closest('[data-verdict]')).toHaveAttribute(
      'data-verdict',
      'file-cache'
    );
    expect(
      within(logwriter).getByRole('img', { name: 'Stacked memory layers of shop/logwriter-0/logwriter' })
    ).toBeInTheDocument();
  });

  it('sorts by a column on click, and reverses on a second click', async () => {
    await setup([workload('a', 300, 10), workload('b', 100, 40, 1024), workload('c', 200, 20, 400)]);
    expect(rowTitles()).toEqual(['shop/b-0/b', 'shop/c-0/c', 'shop/a-0/a']);
    const sortOf = (name: RegExp) => screen.getByRole('columnheader', { name }).getAttribute('aria-sort');
    expect(sortOf(/Growth/)).toBe('descending');

    await userEvent.click(screen.getByRole('button', { name: 'Working set' }));
    expect(rowTitles()).toEqual(['shop/a-0/a', 'shop/c-0/c', 'shop/b-0/b']);
    expect(sortOf(/Working set/)).toBe('descending');
    expect(sortOf(/Growth/)).toBe('none');

    // Headroom: tightest first (c: 400 − 238 MiB), unlimited last.
    await userEvent.click(screen.getByRole('button', { name: 'Headroom to limit' }));
    expect(rowTitles()).toEqual(['shop/c-0/c', 'shop/b-0/b', 'shop/a-0/a']);
    await userEvent.click(screen.getByRole('button', { name: /Headroom to limit/ }));
    expect(rowTitles()).toEqual(['shop/b-0/b', 'shop/c-0/c', 'shop/a-0/a']);

    await userEvent.click(screen.getByRole('button', { name: 'Workload' }));
    expect(rowTitles()).toEqual(['shop/a-0/a', 'shop/b-0/b', 'shop/c-0/c']);
    await userEvent.click(screen.getByRole('button', { name: /Workload/ }));
    expect(rowTitles()).toEqual(['shop/c-0/c', 'shop/b-0/b', 'shop/a-0/a']);
  });

  it('filters by verdict, offering only the verdicts present with their counts', async () => {
    await setup([
      fileCacheAnalysis(),
      workload('q1', 10, 0),
      leakAnalysis(),
      workload('q2', 10, 0),
      workload('grow', 10, 30),
    ]);
    const options = screen.getAllByRole('radio').map((r) => r.closest('div')?.textContent?.trim());
    expect(options).toEqual(['All (5)', 'anonymous (2)', 'file cache (1)', 'stable (2)']);
    await userEvent.click(screen.getByLabelText('anonymous (2)'));
    // Still by growth within the filter: the leaker's +40 MiB before +30 MiB.
    expect(rowTitles()).toEqual(['shop/leaker-0/leaker', 'shop/grow-0/grow']);
    await userEvent.click(screen.getByLabelText('stable (2)'));
    expect(rowTitles()).toEqual(['shop/q1-0/q1', 'shop/q2-0/q2']);
    await userEvent.click(screen.getByLabelText('All (5)'));
    expect(rowTitles()).toHaveLength(5);
  });

  it('drills into a workload’s full chart on click, links to its dashboard, and comes back', async () => {
    await setup([fileCacheAnalysis(), leakAnalysis()]);
    await userEvent.click(screen.getAllByTestId('memlens-overview-row')[1]);
    expect(screen.queryByTestId('memlens-overview')).toBeNull();
    const detail = screen.getByTestId('memlens-overview-detail');
    const chart = within(detail).getByTestId('memlens-workload');
    expect(within(chart).getByText('shop/leaker-0/leaker')).toBeInTheDocument();
    expect(within(chart).getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'anon');
    expect(within(chart).getByRole('button', { name: 'working set' })).toBeInTheDocument();
    expect(chart.querySelector('canvas')).not.toBeNull();
    expect(within(detail).getByRole('link', { name: /Container dashboard/ })).toHaveAttribute(
      'href',
      '/d/memlens-container-memory?from=now-2h&to=now&var-namespace=shop&var-pod=leaker-0&var-container=leaker'
    );

    await userEvent.click(within(detail).getByRole('button', { name: /All workloads/ }));
    expect(screen.getByTestId('memlens-overview')).toBeInTheDocument();
    expect(rowTitles()).toEqual(['shop/logwriter-0/logwriter', 'shop/leaker-0/leaker']);
  });

  it('explains the hovered row with its verdict banner in a tooltip, one row at a time', async () => {
    await setup([fileCacheAnalysis(), leakAnalysis()]);
    const [logwriter, leaker] = screen.getAllByTestId('memlens-overview-row');
    expect(screen.queryByRole('tooltip')).toBeNull();
    await userEvent.hover(logwriter);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /^Working set \+100 MiB over .*93 % of it active file cache/
    );
    await userEvent.hover(leaker);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /^Working set \+40 MiB over .*97 % of it anonymous memory \(rss\)/
    );
    expect(screen.getAllByRole('tooltip')).toHaveLength(1);
  });

  it('drills in from the keyboard too', async () => {
    await setup([fileCacheAnalysis(), leakAnalysis()]);
    const row = screen.getAllByTestId('memlens-overview-row')[0];
    row.focus();
    await userEvent.keyboard('{Enter}');
    expect(
      within(screen.getByTestId('memlens-overview-detail')).getByText('shop/logwriter-0/logwriter')
    ).toBeInTheDocument();
  });

  it('mounts only the rows in view for 500 workloads, and others as it scrolls; back returns to the same place', async () => {
    const analyses = Array.from({ length: 500 }, (_, i) =>
      workload(`w${String(i).padStart(3, '0')}`, 100, 500 - i, 2048)
    );
    const height = 400;
    await setup(analyses, { height });
    const viewport = height - 36 - HEADER_HEIGHT;
    const mounted = screen.getAllByTestId('memlens-overview-row');
    expect(mounted.length).toBeGreaterThanOrEqual(Math.ceil(viewport / ROW_HEIGHT));
    expect(mounted.length).toBeLessThanOrEqual(Math.ceil(viewport / ROW_HEIGHT) + 8);
    expect(screen.getAllByTestId('memlens-sparkline')).toHaveLength(mounted.length);
    expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', '501');
    expect(mounted[0]).toHaveAttribute('data-workload', 'w000');

    const scroller = screen.getByRole('table').parentElement!;
    scroller.scrollTop = 300 * ROW_HEIGHT;
    fireEvent.scroll(scroller);
    const after = screen.getAllByTestId('memlens-overview-row');
    expect(after.length).toBeLessThanOrEqual(Math.ceil(viewport / ROW_HEIGHT) + 8);
    const keys = after.map((r) => r.getAttribute('data-workload'));
    expect(keys).toContain('w300');
    expect(keys).not.toContain('w000');
    expect(after.find((r) => r.getAttribute('data-workload') === 'w300')).toHaveStyle({ top: `${300 * ROW_HEIGHT}px` });

    await userEvent.click(after.find((r) => r.getAttribute('data-workload') === 'w302')!);
    await userEvent.click(screen.getByRole('button', { name: /All workloads/ }));
    expect(screen.getByRole('table').parentElement!.scrollTop).toBe(300 * ROW_HEIGHT);
  });

  it('puts label values into the page as text, never as markup', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const a = leakAnalysis();
    a.decomposition.workload.title = evil;
    const { container } = await setup([a]);
    expect(screen.getByText(evil)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });
});

describe('when the overview is shown', () => {
  it(`replaces the grid above ${OVERVIEW_ABOVE} workloads in auto, always when chosen, never in grid`, () => {
    expect(showsOverview('auto', OVERVIEW_ABOVE)).toBe(false);
    expect(showsOverview('auto', OVERVIEW_ABOVE + 1)).toBe(true);
    expect(showsOverview('overview', 1)).toBe(true);
    expect(showsOverview('grid', 500)).toBe(false);
    expect(showsOverview(undefined, 500)).toBe(true);
  });
});
