#!/usr/bin/env node
/**
 * Where the panel's first render (or a refresh) goes: the same page and timed section as the benchmark
 * (grid view, 20 workloads × 2,000 points), under Chromium's sampling profiler (CDP `Profiler`).
 * Prints main-thread time by category (the analysis, our components and draw hooks, @grafana/ui's,
 * uPlot, React, i18n, GC, and `(program)`: native work such as style, layout and canvas finalising,
 * which also absorbs the profiler's own overhead), the functions with the most self time, and the
 * most inclusive ones; frames are named through dist/module.js.map and the host bundle's source map.
 * `--subject uplot` profiles bare uPlot instead, drawing the same series at the panel's canvas sizes
 * (the benchmark's baseline), so the two breakdowns compare category by category.
 * `--callers PREFIX` lists, for the samples of a category starting with PREFIX, the first frame of
 * another category above them (who calls it).
 *
 *   node bench/browser/profile.mjs [--mode first|refresh] [--view grid|auto] [--runs 3] [--top 40]
 *                                  [--inclusive 40] [--callers i18n] [--interval 100]
 *                                  [--subject panel|uplot]
 *
 * The sampled total is inflated by the profiler (100 µs sampling by default): read the shares, and take the
 * absolute figures from `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

import { bundlesDir } from '../../tests/browser/harness/bundle.mjs';
import { cacheDir, repoRoot } from '../bundle.mjs';
import { startBenchPage } from './run.mjs';

const argOf = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const mode = argOf('mode', 'first');
const view = argOf('view', 'grid');
const runs = Number(argOf('runs', 3));
const top = Number(argOf('top', 40));
const inclusiveTop = Number(argOf('inclusive', 40));
const watch = argOf('callers', '');
/** µs between samples: finer shows more, coarser inflates the figures less. */
const interval = Number(argOf('interval', 100));
const subject = argOf('subject', 'panel');
if (!['panel', 'uplot'].includes(subject)) {
  throw new Error(`--subject: panel or uplot, not ${subject}`);
}

const require = createRequire(import.meta.url);
const { SourceMapConsumer } = require('source-map');
const mapOf = (file) => new SourceMapConsumer(JSON.parse(readFileSync(file, 'utf8')));
// The bundles are built (when stale) by startBenchPage, so their maps are read after it.
let plugin;
let host;
let benchPage;

const resolved = new Map();
/**
 * `{ name, src }`: src is `P:path:line` for the plugin, `H:path:line` for the host bundle and
 * `B:path:line` for the bench page's own script (bare uPlot and its stacking).
 */
function resolve(frame) {
  const key = `${frame.url}:${frame.lineNumber}:${frame.columnNumber}:${frame.functionName}`;
  let r = resolved.get(key);
  if (!r) {
    const file = frame.url.split('/').pop() || '';
    const consumers = { 'module.js': [plugin, 'P'], 'main.js': [host, 'H'], 'uplot-page.js': [benchPage, 'B'] };
    const [consumer, prefix] = consumers[file] ?? [];
    let src = file ? `${file}:${frame.lineNumber + 1}` : '';
    if (consumer) {
      const pos = consumer.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
      const path = (pos.source ?? '?').replace(/^webpack:\/\/[^/]*\//, '').replace(/^(\.\.\/)+/, '');
      src = `${prefix}:${path}:${pos.line}`;
    }
    r = { name: frame.functionName || '(anonymous)', src };
    resolved.set(key, r);
  }
  return r;
}

/** The category of a frame; undefined for native frames, which take their caller's. */
function category({ src }) {
  if (!src) {
    return undefined;
  }
  const rules = [
    [/^P:analysis\//, 'analysis (ingest/decompose/detect/assess/explain)'],
    [/^P:chart\/(PressureStrip|pressure)/, 'ours: pressure strip'],
    [/^P:chart\/(overlays|OverlayMarkers)/, 'ours: regions/annotations (draw hook, markers)'],
    [/^P:chart\/projection/, 'ours: projection (draw hook)'],
    [/^P:chart\/model/, 'ours: chart model (stacking)'],
    [/^P:chart\/config/, 'ours: uPlot config'],
    [/^P:chart\//, 'ours: MemoryChart, tooltip'],
    [/^P:components\/FittedText/, 'ours: FittedText (title fitting)'],
    [/^P:components\/VerdictBanner/, 'ours: VerdictBanner'],
    [/^P:i18n|@grafana\/i18n|i18next/, 'i18n (message text)'],
    [/^P:/, 'ours: other components'],
    [/^B:bench\//, 'bench page: stacking and setup (bare uPlot)'],
    [/uplot\/dist/, 'uPlot (paths, draw, axes)'],
    [/@grafana\/ui\/.*uPlot\/config/, 'grafana-ui: uPlot config and path builders'],
    [/@grafana\/ui\/.*uPlot\//, 'grafana-ui: UPlotChart and plugins'],
    [/@grafana\/ui\/.*VizLegend/, 'grafana-ui: VizLegend'],
    [/@grafana\/ui\/.*VizLayout/, 'grafana-ui: VizLayout'],
    [/@grafana\/ui\/.*Tooltip/, 'grafana-ui: Tooltip'],
    [/@grafana\/ui\//, 'grafana-ui: other'],
    [/@grafana\/data\//, 'grafana-data'],
    [/@emotion|stylis/, 'emotion (CSS-in-JS)'],
    [/react-dom|scheduler|\/react\//, 'React (render, commit)'],
    [/moment/, 'moment (time axis)'],
    [/^H:/, 'host: other'],
  ];
  return rules.find(([re]) => re.test(src))?.[1] ?? `other: ${src.split(':')[0]}`;
}

const { server, url, browser } = await startBenchPage();
plugin = mapOf(join(repoRoot, 'dist', 'module.js.map'));
host = mapOf(join(bundlesDir, 'host12', 'main.js.map'));
benchPage = mapOf(join(cacheDir, 'browser', 'uplot-page.js.map'));
const byCategory = new Map();
const self = new Map();
const inclusive = new Map();
const callers = new Map();
const add = (map, key, t) => map.set(key, (map.get(key) ?? 0) + t);
let total = 0;
const times = [];
// Run 0 is not profiled: it measures the panel's canvases, which the timed runs wait for (and bare
// uPlot draws at their sizes).
let canvases = 0;
let sizes = [];
try {
  for (let r = 0; r <= runs; r++) {
    const context = await browser.newContext({ viewport: { width: 1240, height: 940 } });
    const tab = await context.newPage();
    await tab.goto(`${url}/bench/`);
    await tab.waitForFunction(() => window.harness && window.bench);
    const kind = r === 0 ? 'panel' : subject;
    await tab.evaluate(
      async ({ options, mode, kind, sizes }) => {
        await window.harness.ready;
        const data = await (await fetch('/bench-assets/data.json')).json();
        if (kind === 'uplot') {
          const charts = window.bench.toCharts(data.charts);
          window.benchStart = () => window.bench.renderBareUPlot(charts, sizes);
          if (mode === 'refresh') {
            await window.benchStart();
            const next = window.bench.toCharts(data.next.charts);
            window.benchRefresh = () => window.bench.refreshBareUPlot(next);
          }
          return;
        }
        const panel = await window.bench.preparePanel({ frames: data.frames, width: 1200, height: 900, options });
        window.benchStart = panel.start;
        if (mode === 'refresh') {
          window.benchCanvases = (await panel.start(0)).canvases;
          window.benchNext = await panel.nextProps(data.next.frames, data.next.timeRange);
          window.benchRefresh = panel.refresh;
        }
      },
      { options: view === 'grid' ? { view: 'grid' } : {}, mode, kind, sizes }
    );
    if (r === 0) {
      if (mode === 'first') {
        canvases = await tab.evaluate(async () => (await window.benchStart(0)).canvases);
      } else {
        canvases = await tab.evaluate(() => window.benchCanvases);
      }
      sizes = await tab.evaluate(() =>
        [...document.querySelectorAll('#harness-root canvas')].map((c) => [c.clientWidth, c.clientHeight])
      );
      await context.close();
      continue;
    }
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval });
    await cdp.send('Profiler.start');
    const ms = await tab.evaluate(
      async ({ mode, count }) => {
        const t0 = performance.now();
        if (mode === 'refresh') {
          await window.benchRefresh(window.benchNext, window.benchCanvases);
        } else {
          await window.benchStart(count);
        }
        return performance.now() - t0;
      },
      { mode, count: canvases }
    );
    const { profile } = await cdp.send('Profiler.stop');
    times.push(ms);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) {
      for (const c of n.children ?? []) {
        parent.set(c, n.id);
      }
    }
    const up = (node) => byId.get(parent.get(node.id));
    profile.samples.forEach((id, i) => {
      const t = (profile.timeDeltas[i] ?? 0) / 1000;
      const leaf = byId.get(id);
      const special = { '(garbage collector)': 'GC', '(idle)': '(idle)', '(program)': '(program): native' };
      let cat = special[leaf.callFrame.functionName];
      const leafR = resolve(leaf.callFrame);
      add(self, `${leafR.name} [${leafR.src}]`, t);
      const seen = new Set();
      for (let n = leaf; n; n = up(n)) {
        const r = resolve(n.callFrame);
        cat ??= category(r);
        const key = `${r.name} [${r.src.replace(/:\d+$/, '')}]`;
        if (!seen.has(key)) {
          seen.add(key);
          add(inclusive, key, t);
        }
      }
      cat ??= `native (${leaf.callFrame.functionName})`;
      add(byCategory, cat, t);
      if (watch && cat.startsWith(watch)) {
        let who = '(none)';
        for (let n = leaf; n; n = up(n)) {
          const r = resolve(n.callFrame);
          const c = category(r);
          if (c && !c.startsWith(watch)) {
            who = `${r.name} [${r.src}] (${c})`;
            break;
          }
        }
        add(callers, who, t);
      }
      total += t;
    });
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
const busy = total - (byCategory.get('(idle)') ?? 0);
const row = (t, share) =>
  `${(t / runs).toFixed(1).padStart(8)}${share ? `${((100 * t) / busy).toFixed(1).padStart(6)}%` : ''}`;
const list = (title, map, n, share = false) => {
  console.log(title);
  for (const [key, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${row(t, share)}  ${key}`);
  }
};
console.log(
  `${subject === 'uplot' ? "bare uPlot at the panel's canvas sizes" : 'panel'}, ` +
    `${mode === 'refresh' ? 'refresh' : 'first render'}, ${view} view, ${runs} runs: ` +
    `${times.map((t) => t.toFixed(0)).join(', ')} ms wall; sampled ${(total / runs).toFixed(0)} ms per run, ` +
    `${(busy / runs).toFixed(0)} not idle`
);
list('by category, ms per run and share of the time not idle:', byCategory, Infinity, true);
list('self time per run, ms:', self, top);
list('inclusive time per run, ms:', inclusive, inclusiveTop);
if (watch) {
  list(`who calls ${watch}, ms per run:`, callers, 25);
}
