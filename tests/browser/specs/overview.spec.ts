/**
 * The overview in a real browser with a namespace-sized input: 500 containers × 2,000 samples, as
 * wire frames (usage, working set, rss, cache and limit per container). Asserts what a user does with
 * it (rows in view only, sorting, filtering, drill-down and back), and measures the first render and a
 * scroll against bare uPlot drawing the same data in the same page. Figures are printed, never asserted.
 */
import { createRequire } from 'node:module';

import type { Page } from '@playwright/test';

import { expect, test } from '../fixtures';

const WORKLOADS = 500;
const POINTS = 2000;
const RUNS = 3;
const WIDTH = 1200;
const HEIGHT = 700;

/**
 * Builds the frames inside the page (4 M numbers would be slow to send over the protocol) with the
 * product's own wire builder, and keeps them on window for the runs. Every fourth container leaks
 * (rss), every fourth re-reads a growing file (active cache), the rest are steady or grow cold cache;
 * growth rises with the index so the expected order is known.
 */
async function buildInput(page: Page): Promise<void> {
  await page.evaluate(
    ({ workloads, points }) => {
      const MiB = 2 ** 20;
      const step = 30_000;
      const start = Date.UTC(2025, 0, 6);
      const times = Array.from({ length: points }, (_, i) => start + i * step);
      const frames: unknown[] = [];
      const layers: Array<{ rss: Float64Array; kernel: Float64Array; active: Float64Array; inactive: Float64Array }> =
        [];
      for (let w = 0; w < workloads; w++) {
        const kind = w % 4;
        // Spaced by 3 MiB per index, file cache by half as much again: the order survives the wobble.
        const growth = (20 + 3 * w) * (kind === 1 ? 1.5 : 1) * MiB;
        const rss = new Float64Array(points);
        const kernel = new Float64Array(points);
        const active = new Float64Array(points);
        const inactive = new Float64Array(points);
        for (let i = 0; i < points; i++) {
          const f = i / (points - 1);
          const wobble = Math.sin(i / 7 + w) * 2 * MiB;
          rss[i] = 100 * MiB + (kind === 0 ? growth * f : 0) + wobble;
          kernel[i] = 8 * MiB;
          active[i] = 30 * MiB + (kind === 1 ? growth * f : 0);
          inactive[i] = 50 * MiB + (kind === 3 ? growth * f : 0);
        }
        layers.push({ rss, kernel, active, inactive });
        const labels = {
          namespace: 'shop',
          pod: `app-${String(w).padStart(3, '0')}`,
          container: 'app',
          image: 'shop/app:1',
          job: 'kubelet',
        };
        const usage = rss.map((v, i) => v + kernel[i] + active[i] + inactive[i]);
        const metric = (refId: string, name: string, values: ArrayLike<number>) =>
          frames.push(
            window.memlensWire.toWireFrame({
              refId,
              labels: { __name__: name, ...labels },
              times,
              values: Array.from(values),
              stepMs: step,
            })
          );
        metric('A', 'container_memory_usage_bytes', usage);
        metric(
          'B',
          'container_memory_working_set_bytes',
          usage.map((u, i) => u - inactive[i])
        );
        metric('C', 'container_memory_rss', rss);
        metric(
          'D',
          'container_memory_cache',
          active.map((a, i) => a + inactive[i])
        );
        metric('E', 'container_spec_memory_limit_bytes', new Float64Array(points).fill((kind === 2 ? 0 : 4096) * MiB));
      }
      (window as unknown as { overviewInput: unknown }).overviewInput = { frames, layers, times };
    },
    { workloads: WORKLOADS, points: POINTS }
  );
}

async function renderOverview(page: Page): Promise<number> {
  return page.evaluate(
    async ({ width, height }) => {
      const input = (window as unknown as { overviewInput: { frames: never } }).overviewInput;
      const t0 = performance.now();
      await window.renderPanel({ frames: input.frames, width, height, theme: 'dark' } as never);
      return performance.now() - t0;
    },
    { width: WIDTH, height: HEIGHT }
  );
}

/** A re-sort: the table redrawn from the analyses already made (no analysis), until two frames are drawn. */
async function resort(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const button = Array.from(document.querySelectorAll('[role="columnheader"] button')).find(
      (b) => b.textContent === 'Growth'
    ) as HTMLElement;
    const t0 = performance.now();
    button.click();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  });
}

interface ScrollFigures {
  frames: number;
  medianFrameMs: number;
  maxFrameMs: number;
  longTasks: number;
}

/** Scrolls the list by `rowsPerFrame` rows each animation frame and records frame intervals and long tasks. */
async function scrollRun(page: Page, selector: string, frames: number, pxPerFrame: number): Promise<ScrollFigures> {
  return page.evaluate(
    async ({ selector, frames, pxPerFrame }) => {
      const el = document.querySelector(selector)!;
      const scroller = (el.matches('[role="table"]') ? el.parentElement : el) as HTMLElement;
      scroller.scrollTop = 0;
      let longTasks = 0;
      const observer = new PerformanceObserver((list) => (longTasks += list.getEntries().length));
      observer.observe({ type: 'longtask', buffered: false });
      const intervals: number[] = [];
      let last = await new Promise<number>((r) => requestAnimationFrame(r));
      for (let f = 0; f < frames; f++) {
        scroller.scrollTop += pxPerFrame;
        const now = await new Promise<number>((r) => requestAnimationFrame(r));
        intervals.push(now - last);
        last = now;
      }
      observer.disconnect();
      intervals.sort((a, b) => a - b);
      return { frames, medianFrameMs: intervals[Math.floor(frames / 2)], maxFrameMs: intervals[frames - 1], longTasks };
    },
    { selector, frames, pxPerFrame }
  );
}

/**
 * Bare uPlot in the same page, on the same numbers: (a) one small stacked chart per workload, the
 * sparkline equivalent, all 500 drawn; (b) one chart holding every workload's working set.
 */
async function bareUplot(page: Page, mode: 'sparklines' | 'one-chart'): Promise<number> {
  return page.evaluate(
    async ({ mode, width, height }) => {
      type UPlotCtor = new (opts: object, data: unknown[], target: HTMLElement) => { destroy(): void };
      const uPlot = (window as unknown as { uPlot: UPlotCtor }).uPlot;
      const input = (
        window as unknown as {
          overviewInput: {
            layers: Array<Record<'rss' | 'kernel' | 'active' | 'inactive', Float64Array>>;
            times: number[];
          };
        }
      ).overviewInput;
      const xs = input.times.map((t) => t / 1000);
      // Cumulative layers and series lists are prepared outside the timing: only drawing is measured.
      const stacks = input.layers.map((l) => {
        const a = l.rss;
        const b = a.map((v, i) => v + l.kernel[i]);
        const c = b.map((v, i) => v + l.active[i]);
        const d = c.map((v, i) => v + l.inactive[i]);
        return [xs, d, c, b, a];
      });
      const host = document.createElement('div');
      host.style.cssText = `position:absolute;left:0;top:0;width:${width}px;height:${height}px;overflow:auto;background:#111`;
      document.body.appendChild(host);
      const plots: Array<{ destroy(): void }> = [];
      const colours = ['#8ab8ff', '#ff9830', '#a352cc', '#f2495c'];
      const t0 = performance.now();
      if (mode === 'sparklines') {
        for (const data of stacks) {
          const cell = document.createElement('div');
          host.appendChild(cell);
          const series = [{}, ...colours.map((c) => ({ stroke: c, fill: c, points: { show: false } }))];
          plots.push(
            new uPlot(
              {
                width: 232,
                height: 26,
                legend: { show: false },
                cursor: { show: false },
                axes: [{ show: false }, { show: false }],
                scales: { x: { time: false } },
                series,
              },
              data,
              cell
            )
          );
        }
      } else {
        const data = [xs, ...stacks.map((s) => s[3])];
        const series = [{}, ...stacks.map((_, i) => ({ stroke: colours[i % 4], points: { show: false } }))];
        plots.push(new uPlot({ width, height, legend: { show: false }, series }, data, host));
      }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const elapsed = performance.now() - t0;
      plots.forEach((p) => p.destroy());
      host.remove();
      return elapsed;
    },
    { mode, width: WIDTH, height: HEIGHT }
  );
}

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
};
const fmt = (s: { median: number; min: number; max: number }) =>
  `median ${s.median.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`;

test.describe('overview of 500 workloads', () => {
  test.setTimeout(300_000);

  test('shows only the rows in view, sorts, filters, drills down and back', async ({ harness, page }) => {
    await buildInput(page);
    await renderOverview(page);
    const overview = page.getByTestId('memlens-overview');
    await expect(overview).toBeVisible();
    await expect(page.getByTestId('memlens-workload')).toHaveCount(0);
    const rows = page.getByTestId('memlens-overview-row');
    const mounted = await rows.count();
    expect(mounted, 'rows mounted for a 700 px panel').toBeGreaterThan(10);
    expect(mounted).toBeLessThan(40);
    await expect(page.getByRole('table')).toHaveAttribute('aria-rowcount', String(WORKLOADS + 1));
    // Largest growth first: the last container of the leaking or re-reading kinds.
    await expect(rows.first()).toHaveAttribute('data-workload', 'namespace=shop,pod=app-497,container=app');
    await expect(rows.first()).toHaveAttribute('data-verdict', 'file-cache');
    await expect(page.getByTestId('memlens-sparkline')).toHaveCount(mounted);

    await page.getByRole('button', { name: 'Workload', exact: true }).click();
    await expect(rows.first()).toHaveAttribute('data-workload', 'namespace=shop,pod=app-000,container=app');

    // Grafana's radio buttons lay the input over the label: the input takes the click.
    await page.getByRole('radio', { name: /^anonymous \(\d+\)$/ }).click();
    await expect(rows.first()).toHaveAttribute('data-verdict', 'anon');
    const verdicts = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
    expect(new Set(verdicts)).toEqual(new Set(['anon']));

    await rows.nth(2).click();
    const detail = page.getByTestId('memlens-overview-detail');
    await expect(detail.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'anon');
    await expect(detail.locator('canvas').first()).toBeVisible();
    await expect(detail.getByRole('link', { name: /Container dashboard/ })).toHaveAttribute(
      'href',
      /^\/d\/memlens-container-memory\?from=\d+&to=\d+&var-namespace=shop&var-pod=app-008&var-container=app$/
    );
    await harness.screenshot('overview-drilldown');
    await detail.getByRole('button', { name: /All workloads/ }).click();
    await expect(overview).toBeVisible();
    await harness.screenshot('overview-500');
  });

  test('figures: first render and scroll, against bare uPlot on the same data', async ({ harness, page }, testInfo) => {
    await page.addScriptTag({ path: createRequire(__filename).resolve('uplot/dist/uPlot.iife.min.js') });
    await buildInput(page);
    const panel: number[] = [];
    const scrolls: ScrollFigures[] = [];
    const sparklines: number[] = [];
    const oneChart: number[] = [];
    const resorts: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      panel.push(await renderOverview(page));
      await expect(page.getByTestId('memlens-overview-row').first()).toBeVisible();
      resorts.push(await resort(page));
      // 120 frames at 3 rows a frame: 360 of the 500 rows pass by.
      scrolls.push(await scrollRun(page, '[data-testid="memlens-overview"] [role="table"]', 120, 108));
      sparklines.push(await bareUplot(page, 'sparklines'));
      oneChart.push(await bareUplot(page, 'one-chart'));
    }
    const p = stats(panel);
    const s = stats(sparklines);
    const c = stats(oneChart);
    const r = stats(resorts);
    const frame = stats(scrolls.map((x) => x.medianFrameMs));
    const worst = stats(scrolls.map((x) => x.maxFrameMs));
    const lines = [
      `[${harness.host}] overview of ${WORKLOADS} workloads × ${POINTS} points, ${RUNS} runs:`,
      `  first render (frames → analysis → table, 2 frames drawn): ${fmt(p)}`,
      `  bare uPlot, ${WORKLOADS} stacked sparklines: ${fmt(s)}; ratio overview/uPlot ${(p.median / s.median).toFixed(2)}`,
      `  re-sort (table redrawn, no analysis): ${fmt(r)}; ratio re-sort/uPlot sparklines ${(r.median / s.median).toFixed(3)}`,
      `  bare uPlot, one chart of ${WORKLOADS} series: ${fmt(c)}; ratio overview/uPlot ${(p.median / c.median).toFixed(2)}`,
      `  scroll, 120 frames × 3 rows: median frame ${fmt(frame)}; worst frame ${fmt(worst)}; long tasks ${scrolls.map((x) => x.longTasks).join(', ')}`,
    ];
    console.log(lines.join('\n'));
    await testInfo.attach('overview-figures', { body: lines.join('\n'), contentType: 'text/plain' });
    // Every run drew the table (the figures are printed, never asserted).
    expect(panel).toHaveLength(RUNS);
    await expect(page.getByTestId('memlens-overview-row').first()).toBeVisible();
  });
});
