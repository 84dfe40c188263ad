/**
 * Two more measures in Chromium, each against a baseline in the same page:
 *
 * - Refresh: a dashboard refreshes (every 30 s) with new frames of the same shape, one step later.
 *   Timed: the panel, already drawn, re-rendering with the next PanelProps (the harness has decoded
 *   them and applied the field config, as Grafana does) until every drawn chart has drawn again;
 *   against bare uPlot, already drawn, stacking the next series and handing them to `setData`.
 * - Memory: the JS heap (objects and array buffers, after a full collection) once the panel has
 *   drawn the default view (the overview table) of many workloads, as a ratio of the heap the raw
 *   frames alone take (decoded, field config applied, nothing rendered), both above the empty page.
 */
import { MANY, startTrace, summarise } from './run.mjs';

const WIDTH = 1200;
const HEIGHT = 900;

async function openPage(browser, url, problems, label) {
  const context = await browser.newContext({ viewport: { width: WIDTH + 40, height: HEIGHT + 40 } });
  const tab = await context.newPage();
  tab.on('pageerror', (err) => problems.push(`${label}: ${err.message}`));
  await tab.goto(`${url}/bench/`);
  await tab.waitForFunction(() => window.harness && window.bench, undefined, { timeout: 120_000 });
  await tab.evaluate(() => window.harness.ready);
  return { context, tab };
}

/** One refresh of the grid of 20: the panel's (`kind` 'panel') or bare uPlot's. */
async function oneRefresh(browser, url, kind, shape, problems) {
  const { context, tab } = await openPage(browser, url, problems, `refresh ${kind}`);
  try {
    // Untimed: the first render and the next data.
    const drawnShape = await tab.evaluate(
      async ({ kind, width, height, sizes }) => {
        const data = await (await fetch('/bench-assets/data.json')).json();
        if (kind === 'panel') {
          const panel = await window.bench.preparePanel({
            frames: data.frames,
            width,
            height,
            options: { view: 'grid' },
          });
          await panel.start(0);
          window.benchNext = await panel.nextProps(data.next.frames, data.next.timeRange);
          window.benchRefresh = panel.refresh;
          const canvases = [...document.querySelectorAll('#harness-root canvas')];
          return { charts: canvases.length, sizes: canvases.map((c) => [c.clientWidth, c.clientHeight]) };
        }
        const first = window.bench.toCharts(data.charts);
        await window.bench.renderBareUPlot(first, sizes);
        window.benchNext = window.bench.toCharts(data.next.charts);
        return { charts: first.length, sizes };
      },
      { kind, width: WIDTH, height: HEIGHT, sizes: shape?.sizes }
    );
    const trace = await startTrace(context, tab);
    const ms = await tab.evaluate(
      async ({ kind, count }) => {
        performance.mark('bench:start');
        const t0 = performance.now();
        if (kind === 'panel') {
          await window.benchRefresh(window.benchNext, count);
        } else {
          await window.bench.refreshBareUPlot(window.benchNext);
        }
        const elapsed = performance.now() - t0;
        performance.mark('bench:end');
        return elapsed;
      },
      { kind, count: drawnShape.charts }
    );
    return { ms, cpuMs: await trace.mainThreadCpuMs(), ...drawnShape };
  } finally {
    await context.close();
  }
}

export async function benchRefresh(browser, url, { quick }) {
  const rounds = quick ? 2 : 7;
  const problems = [];
  const samples = { panel: [], uplot: [] };
  const cpu = { panel: [], uplot: [] };
  // Bare uPlot draws at the panel's canvas sizes, which round 0 (the panel first) measures.
  let shape;
  const charts = {};
  for (let r = 0; r <= rounds; r++) {
    for (const kind of r % 2 ? ['uplot', 'panel'] : ['panel', 'uplot']) {
      const result = await oneRefresh(browser, url, kind, shape, problems);
      if (kind === 'panel') {
        shape ??= { sizes: result.sizes };
      }
      charts[kind] = result.charts;
      if (r > 0) {
        samples[kind].push(result.ms);
        cpu[kind].push(result.cpuMs);
      }
    }
  }
  if (problems.length) {
    throw new Error(`page errors: ${problems.slice(0, 3).join(' | ')}`);
  }
  const f = (s) => `${s.min.toFixed(1)} / ${s.median.toFixed(1)} / ${s.max.toFixed(1)} ms`;
  const s = Object.fromEntries(Object.keys(samples).map((k) => [k, summarise(samples[k])]));
  const c = Object.fromEntries(Object.keys(cpu).map((k) => [k, summarise(cpu[k])]));
  console.log(
    `refresh, grid of 20 (the panel redraws its ${charts.panel} drawn charts; bare uPlot setData on ${charts.uplot})`
  );
  console.log(`  panel, next PanelProps → drawn again: wall ${f(s.panel)}, main-thread CPU ${f(c.panel)}`);
  console.log(`  bare uPlot, stack + setData:         wall ${f(s.uplot)}, main-thread CPU ${f(c.uplot)}`);
  return ['wall', 'main-thread CPU'].map((what) => {
    const [p, b] = what === 'wall' ? [s.panel, s.uplot] : [c.panel, c.uplot];
    return {
      what: `refresh, grid of 20 with new frames: panel / bare uPlot setData, ${what}`,
      min: p.min / b.median,
      median: p.median / b.median,
      max: p.max / b.median,
      target: 1.3,
    };
  });
}

/** The JS heap in use after a full collection: V8's objects plus the array buffers' backing stores. */
async function heapBytes(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize + (usage.backingStorageSize ?? 0);
}

export async function benchMemory(browser, url, { quick }) {
  const rounds = quick ? 1 : 3;
  const problems = [];
  const ratios = [];
  let last;
  for (let r = 0; r < rounds; r++) {
    const { context, tab } = await openPage(browser, url, problems, 'memory');
    try {
      const cdp = await context.newCDPSession(tab);
      await cdp.send('HeapProfiler.enable');
      const empty = await heapBytes(cdp);
      const wireBytes = await tab.evaluate(
        async ({ width, height }) => {
          const text = await (await fetch('/bench-assets/data-many.json')).text();
          const { frames } = JSON.parse(text);
          window.benchPanel = await window.bench.preparePanel({ frames, width, height, options: {} });
          return text.length;
        },
        { width: WIDTH, height: HEIGHT }
      );
      const withFrames = await heapBytes(cdp);
      const canvases = await tab.evaluate(async () => (await window.benchPanel.start(0)).canvases);
      const rendered = await heapBytes(cdp);
      const frames = withFrames - empty;
      ratios.push((rendered - empty) / frames);
      last = { frames, rendered: rendered - empty, wireBytes, canvases };
    } finally {
      await context.close();
    }
  }
  if (problems.length) {
    throw new Error(`page errors: ${problems.slice(0, 3).join(' | ')}`);
  }
  const mb = (x) => `${(x / 1e6).toFixed(1)} MB`;
  const workloads = MANY.workloads(quick);
  console.log(
    `memory, overview of ${workloads} workloads × ${MANY.points} points (${mb(last.wireBytes)} of wire JSON): ` +
      `raw frames ${mb(last.frames)} of heap; after the panel drew (${last.canvases} sparklines in view) ${mb(last.rendered)}`
  );
  const s = summarise(ratios);
  return [
    {
      what: `memory, overview of ${workloads}: JS heap after render / raw frames`,
      min: s.min,
      median: s.median,
      max: s.max,
      target: 2,
    },
  ];
}
