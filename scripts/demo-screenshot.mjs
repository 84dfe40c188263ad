#!/usr/bin/env node
/**
 * The README's screenshot (src/img/screenshot-mixed-trace.png) from `npm run demo`: the demo started
 * on a free port, its recorded-memory dashboard opened on the `mixed` trace in the dark theme at
 * 1400×900 in Debian's Chromium (CHROMIUM_PATH to use another), the page saved once the verdict and
 * the chart are drawn.
 *
 *   node scripts/demo-screenshot.mjs [out.png]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { repoRoot } from '../tests/browser/harness/bundle.mjs';
import { CHROMIUM_ARGS } from '../tests/browser/harness/chromium.mjs';

const out = process.argv[2] ?? join(repoRoot, 'src', 'img', 'screenshot-mixed-trace.png');
const VIEW = '#dashboard=recorded&scenario=trace:mixed.json&theme=dark';

/** Starts `npm run demo` on a free port; resolves with its URL and a stop function. */
function startDemo() {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'demo.mjs')], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', PROMETHEUS_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => child.kill('SIGTERM');
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const m = /MemLens demo: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m) {
        resolve({ url: m[1], stop });
      }
    });
    child.once('exit', (code) => reject(new Error(`the demo exited with ${code}:\n${output}`)));
  });
}

const demo = await startDemo();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${demo.url}/${VIEW}`);
  await page.getByTestId('memlens-banner').waitFor();
  await page.getByTestId('memlens-workload').locator('canvas').first().waitFor();
  // The fonts and the chart's last frame.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(1000);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  demo.stop();
}
