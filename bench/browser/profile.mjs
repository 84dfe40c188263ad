#!/usr/bin/env node
/**
 * Where the panel's first render goes: the same page and timed section as the benchmark (grid view,
 * 20 workloads × 2,000 points), under Chromium's sampling profiler (CDP `Profiler`), plus the
 * browser's own rendering work from a trace (style, layout, paint). Prints the functions with the most
 * self time, named through dist/module.js.map where they are the plugin's.
 *
 *   node bench/browser/profile.mjs [--view grid|auto] [--runs 3] [--top 40]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

import { repoRoot } from '../bundle.mjs';
import { startBenchPage } from './run.mjs';

const argOf = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const view = argOf('view', 'grid');
const runs = Number(argOf('runs', 3));
const top = Number(argOf('top', 40));

const require = createRequire(import.meta.url);
const { SourceMapConsumer } = require('source-map');
const mapFile = join(repoRoot, 'dist', 'module.js.map');
const consumer = new SourceMapConsumer(JSON.parse(readFileSync(mapFile, 'utf8')));

/** `name (file:line)`, through the source map for the plugin's own (minified) frames. */
function nameOf(frame) {
  const file = frame.url.split('/').pop() || '(native)';
  if (file.startsWith('module.js')) {
    const pos = consumer.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
    const src = (pos.source ?? '?').replace(/^webpack:\/\/[^/]*\//, '');
    return `${pos.name ?? frame.functionName ?? '(anonymous)'} [plugin ${src}:${pos.line}]`;
  }
  return `${frame.functionName || '(anonymous)'} [${file}:${frame.lineNumber + 1}]`;
}

const { server, url, browser } = await startBenchPage();
const self = new Map();
let total = 0;
const times = [];
// Run 0 is not profiled: it counts the canvases the panel draws, which the timed runs wait for.
let canvases = 0;
try {
  for (let r = 0; r <= runs; r++) {
    const context = await browser.newContext({ viewport: { width: 1240, height: 940 } });
    const tab = await context.newPage();
    await tab.goto(`${url}/bench/`);
    await tab.waitForFunction(() => window.harness && window.bench);
    await tab.evaluate(
      async ({ options }) => {
        await window.harness.ready;
        const data = await (await fetch('/bench-assets/data.json')).json();
        window.benchStart = (
          await window.bench.preparePanel({ frames: data.frames, width: 1200, height: 900, options })
        ).start;
      },
      { options: view === 'grid' ? { view: 'grid' } : {} }
    );
    if (r === 0) {
      canvases = await tab.evaluate(async () => (await window.benchStart(0)).canvases);
      await context.close();
      continue;
    }
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const ms = await tab.evaluate(async (count) => (await window.benchStart(count)).ms, canvases);
    const { profile } = await cdp.send('Profiler.stop');
    times.push(ms);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = new Map();
    profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
    for (const [id, t] of dt) {
      const key = nameOf(byId.get(id).callFrame);
      self.set(key, (self.get(key) ?? 0) + t);
      total += t;
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`${view} view, ${runs} runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms (PanelProps → drawn)`);
console.log(`self time per run, ms (of ${(total / runs).toFixed(0)} sampled):`);
for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${(t / runs).toFixed(1).padStart(8)}  ${key}`);
}
