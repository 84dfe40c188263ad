/**
 * First render in Chromium: the built panel (dist/module.js, loaded by the browser harness's host page
 * as Grafana would) against bare uPlot drawing the same series in the same page.
 *
 * What is timed, for both, in a fresh page each sample (cold, as a dashboard's first paint is; rounds
 * alternate which goes first):
 * - the panel: from its PanelProps being ready (the harness has decoded the wire frames and applied
 *   the field config, as Grafana does before any panel runs) to every chart drawn and painted;
 * - bare uPlot: from the chart model's own series (unstacked, as the panel's decomposition holds them)
 *   to every chart drawn and painted: it stacks the layers in JS and draws the same number of series,
 *   layers as filled bands and lines on top, at the panel's own canvas sizes.
 * The page state is the same for both: the harness renders the panel's request behind a closed gate
 * first (Grafana's global styles and providers mounted, the frames decoded), then only one of the two
 * draws.
 *
 * The target (≤ 1.3×, issue 7: "20 workloads") is for the grid of 20 full charts. The default view
 * with 20 workloads is the overview table (a sparkline per workload, the charts only on drill-down):
 * it is timed too, for information, against bare uPlot at the sparklines' sizes.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { bundleHost } from '../../tests/browser/harness/bundle.mjs';
import { CHROMIUM_ARGS } from '../../tests/browser/harness/chromium.mjs';
import { ensurePluginBuilt } from '../../tests/browser/harness/plugin.mjs';
import { sendFile, startHarnessServer } from '../../tests/browser/harness/server.mjs';
import { bundleForNode, cacheDir, repoRoot } from '../bundle.mjs';
import { benchMemory, benchRefresh } from './measures.mjs';

const CHROMIUM = '/usr/bin/chromium';
// A desktop page, above Grafana's lg breakpoint (992 px), where VizLayout honours the legend's placement.
const WIDTH = 1200;
const HEIGHT = 900;

const page = () => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>MemLens bench</title>
<style>html, body { margin: 0; padding: 0; }</style>
<script src="/vendor/systemjs/system.js"></script>
<script src="/vendor/systemjs/extras/amd.js"></script>
<link rel="stylesheet" href="/bench-assets/uplot-page.css">
${existsSync(join(repoRoot, '.cache', 'browser', 'host12', 'main.css')) ? '<link rel="stylesheet" href="/bundles/host12/main.css">' : ''}
</head><body><div id="harness-root"></div>
<script src="/bundles/host12/main.js"></script>
<script src="/bench-assets/uplot-page.js"></script>
</body></html>`;

/** The memory measure's overview: many workloads, fewer points each (the page holds them all). */
export const MANY = { workloads: (quick) => (quick ? 100 : 500), points: 500 };

export const summarise = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { min: s[0], median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, max: s[s.length - 1], runs: s.length };
};

/**
 * Builds what the page needs (the plugin if stale, the host, this page's script, the data), serves it
 * and launches Chromium. Also used by profile.mjs.
 */
export async function startBenchPage({ quick = false, withMemoryData = false } = {}) {
  ensurePluginBuilt();
  const assets = join(cacheDir, 'browser');
  mkdirSync(assets, { recursive: true });
  await bundleHost('host12', 'main');
  await build({
    entryPoints: [join(repoRoot, 'bench', 'browser', 'uplot-page.ts')],
    outfile: join(assets, 'uplot-page.js'),
    bundle: true,
    // For profile.mjs, which names bare uPlot's frames through it.
    sourcemap: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'error',
  });
  const points = quick ? 500 : 2000;
  const writer = await bundleForNode('bench/browser/data.ts');
  const { spawnSync } = await import('node:child_process');
  const write = (file, ...args) => {
    const made = spawnSync(process.execPath, [writer, join(assets, file), ...args], { encoding: 'utf8' });
    if (made.status !== 0) {
      throw new Error(`browser data: ${made.stderr}`);
    }
  };
  write('data.json', '--workloads', '20', '--points', String(points));
  if (withMemoryData) {
    write(
      'data-many.json',
      '--workloads',
      String(MANY.workloads(quick)),
      '--points',
      String(MANY.points),
      '--no-refresh'
    );
  }

  const { server, url } = await startHarnessServer({
    routes: [
      async (_req, res, u) => {
        if (u.pathname === '/bench/') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          res.end(page());
          return true;
        }
        return (
          u.pathname.startsWith('/bench-assets/') && sendFile(res, assets, u.pathname.slice('/bench-assets/'.length))
        );
      },
    ],
  });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return { server, url, browser, points };
}

export async function benchBrowser({ quick = false } = {}) {
  if (!existsSync(CHROMIUM)) {
    console.log(`skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
    return [{ what: 'first render (skipped: no chromium)', target: 1.3 }];
  }
  const { server, url, browser, points } = await startBenchPage({ quick, withMemoryData: true });
  const rounds = quick ? 2 : 7;
  const problems = [];
  const rows = [];
  const f = (s) => `${s.min.toFixed(1)} / ${s.median.toFixed(1)} / ${s.max.toFixed(1)} ms`;
  const variants = [
    { name: 'grid view, 20 full charts', options: { view: 'grid' }, target: 1.3, timeSeries: true },
    { name: 'default view, overview table of 20 sparklines (info)', options: {}, target: undefined },
  ];
  try {
    for (const variant of variants) {
      const kinds = variant.timeSeries ? ['panel', 'uplot', 'timeseries'] : ['panel', 'uplot'];
      const samples = Object.fromEntries(kinds.map((k) => [k, []]));
      const cpu = Object.fromEntries(kinds.map((k) => [k, []]));
      let shape;
      for (let r = 0; r <= rounds; r++) {
        // Round 0 (the panel first) measures the panel's shape; then the order rotates.
        const order = kinds.map((_, i) => kinds[(i + r) % kinds.length]);
        for (const kind of order) {
          const result = await firstRender(browser, url, kind, variant.options, shape, problems);
          if (kind === 'panel' && r === 0) {
            // Round 0 is a warm-up: it counts the panel's canvases (bare uPlot draws at their sizes).
            shape = { canvases: result.canvases, sizes: result.sizes, cells: result.cells };
            const area = result.sizes.reduce((a, [w, h]) => a + w * h, 0);
            console.log(
              `${variant.name}: the panel draws ${result.canvases} canvases (the charts in view), ` +
                `${Math.round(area / 1000)}k px² (bare uPlot: ${result.charts} charts, ${result.seriesPerChart} ` +
                `series each${variant.timeSeries ? `; Grafana's TimeSeries: the ${result.canvases} charts in view, as a dashboard draws only the panels in view` : ''}); ` +
                `text starts ${JSON.stringify(result.text.slice(0, 60))}`
            );
          }
          if (r > 0) {
            samples[kind].push(result.ms);
            cpu[kind].push(result.cpuMs);
          }
        }
      }
      const panel = summarise(samples.panel);
      const uplot = summarise(samples.uplot);
      const panelCpu = summarise(cpu.panel);
      const uplotCpu = summarise(cpu.uplot);
      console.log(`  panel, PanelProps → drawn (20 × ${points}): wall ${f(panel)}, main-thread CPU ${f(panelCpu)}`);
      console.log(`  bare uPlot, stack + draw the same series:  wall ${f(uplot)}, main-thread CPU ${f(uplotCpu)}`);
      if (variant.timeSeries) {
        const ts = summarise(samples.timeseries);
        const tsCpu = summarise(cpu.timeseries);
        console.log(`  Grafana's TimeSeries, frames → drawn:      wall ${f(ts)}, main-thread CPU ${f(tsCpu)}`);
        for (const [what, p, b] of [
          ['wall', panel, ts],
          ['main-thread CPU', panelCpu, tsCpu],
        ]) {
          rows.push({
            what: `first render, ${variant.name}: panel / Grafana's TimeSeries (no slower), ${what}`,
            min: p.min / b.median,
            median: p.median / b.median,
            max: p.max / b.median,
            target: 1,
          });
        }
      }
      rows.push({
        what: `first render 20×${points}, ${variant.name}: panel / bare uPlot, wall`,
        min: panel.min / uplot.median,
        median: panel.median / uplot.median,
        max: panel.max / uplot.median,
        target: variant.target,
      });
      rows.push({
        what: `first render 20×${points}, ${variant.name}: panel / bare uPlot, main-thread CPU`,
        min: panelCpu.min / uplotCpu.median,
        median: panelCpu.median / uplotCpu.median,
        max: panelCpu.max / uplotCpu.median,
        target: variant.target,
      });
    }
    rows.push(...(await benchRefresh(browser, url, { quick })));
    rows.push(...(await benchMemory(browser, url, { quick })));
  } finally {
    await browser.close();
    server.close();
  }
  if (problems.length) {
    throw new Error(`page errors: ${problems.slice(0, 3).join(' | ')}`);
  }
  return rows;
}

/**
 * A Chromium trace of the timed section: the renderer main thread's CPU time between the page's
 * `bench:start` and `bench:end` marks (the tasks' thread time, cut to the marks). On a shared machine
 * wall time also counts the time other processes hold the CPU; thread time does not.
 */
export async function startTrace(context, tab) {
  const cdp = await context.newCDPSession(tab);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'toplevel,blink.user_timing', transferMode: 'ReportEvents' });
  return {
    async mainThreadCpuMs() {
      await cdp.send('Tracing.end');
      await complete;
      const mark = (name) => events.find((e) => e.name === name && e.cat.includes('blink.user_timing'));
      const start = mark('bench:start');
      const end = mark('bench:end');
      if (!start || !end) {
        return NaN;
      }
      // Top-level tasks nest (a task runner's task holds the task): count the outermost only.
      const tasks = events
        .filter((e) => e.ph === 'X' && e.cat === 'toplevel' && e.pid === start.pid && e.tid === start.tid && e.dur)
        .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
      let us = 0;
      let outerEnd = -Infinity;
      for (const e of tasks) {
        if (e.ts < outerEnd) {
          continue;
        }
        outerEnd = e.ts + e.dur;
        const overlap = Math.min(e.ts + e.dur, end.ts) - Math.max(e.ts, start.ts);
        if (overlap > 0) {
          us += ((e.tdur ?? e.dur) * overlap) / e.dur;
        }
      }
      return us / 1000;
    },
  };
}

/**
 * One cold first render in a fresh browser context: the panel (shape undefined: count its canvases),
 * or bare uPlot at the panel's canvas sizes.
 */
async function firstRender(browser, url, kind, options, shape, problems) {
  const context = await browser.newContext({ viewport: { width: WIDTH + 40, height: HEIGHT + 40 } });
  try {
    const tab = await context.newPage();
    tab.on('pageerror', (err) => problems.push(`${kind}: ${err.message}`));
    await tab.goto(`${url}/bench/`);
    await tab.waitForFunction(() => window.harness && window.bench, undefined, { timeout: 120_000 });
    // Everything before the clock: data, the harness's PanelProps behind the closed gate.
    await tab.evaluate(
      async ({ width, height, options }) => {
        await window.harness.ready;
        const data = await (await fetch('/bench-assets/data.json')).json();
        window.benchCharts = window.bench.toCharts(data.charts);
        window.benchTimeSeries = await window.bench.prepareTimeSeries(window.benchCharts);
        window.benchStart = (await window.bench.preparePanel({ frames: data.frames, width, height, options })).start;
      },
      { width: WIDTH, height: HEIGHT, options }
    );
    const trace = await startTrace(context, tab);
    const result = await tab.evaluate(
      async ({ kind, shape }) => {
        const charts = window.benchCharts;
        let ms;
        let scope;
        performance.mark('bench:start');
        if (kind === 'panel') {
          ms = (await window.benchStart(shape ? shape.canvases : 0)).ms;
          scope = document.getElementById('harness-root');
        } else if (kind === 'timeseries') {
          const t0 = performance.now();
          await window.bench.renderTimeSeries(window.benchTimeSeries, shape.cells, shape.canvases);
          ms = performance.now() - t0;
          scope = document.getElementById('grafana-timeseries');
        } else {
          const t0 = performance.now();
          await window.bench.renderBareUPlot(charts, shape.sizes);
          ms = performance.now() - t0;
          scope = document.getElementById('bare-uplot');
        }
        performance.mark('bench:end');
        const canvases = [...scope.querySelectorAll('canvas')];
        return {
          ms,
          canvases: canvases.length,
          sizes: canvases.map((c) => [c.clientWidth, c.clientHeight]),
          // A chart's whole cell less the title line: what a stock panel of that tile gives its chart.
          cells: [...scope.querySelectorAll('[data-testid="memlens-workload"]')]
            .filter((cell) => cell.querySelector('canvas'))
            .map((cell) => [cell.clientWidth, cell.clientHeight - 24]),
          charts: charts.length,
          seriesPerChart: [...new Set(charts.map((c) => c.series.length))].join('/'),
          text: scope.innerText.slice(0, 200),
        };
      },
      { kind, shape }
    );
    return { ...result, cpuMs: await trace.mainThreadCpuMs() };
  } finally {
    await context.close();
  }
}
