/**
 * `npm run demo` as a user runs it: the command starts, prints its URL, and the page it serves shows
 * MemLens on a generated scenario and on a recorded trace, switching theme from the picker.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { expect, repoRoot, test } from '../fixtures';

let demo: ChildProcess | undefined;
let demoUrl = '';

test.beforeAll(async () => {
  // PORT=0: any free port, so a developer's own demo on 3001 does not get in the way.
  demo = spawn(process.execPath, [join(repoRoot, 'scripts', 'demo.mjs')], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', PROMETHEUS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  demoUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo printed no URL within 120 s:\n${output}`)), 120_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /MemLens demo: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    demo!.stdout!.on('data', read);
    demo!.stderr!.on('data', read);
    demo!.once('exit', (code) => reject(new Error(`the demo exited with ${code}:\n${output}`)));
  });
});

test.afterAll(() => {
  demo?.kill('SIGTERM');
});

test('npm run demo serves MemLens with a scenario and theme picker', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));

  await page.goto(`${demoUrl}/#scenario=scenario:leak&theme=dark`);
  await expect(page.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'anon');
  await expect(page.getByTestId('harness-panel')).toHaveAttribute('data-theme', 'dark');

  const scenario = page.locator('#demo-scenario');
  const options = await scenario
    .locator('option')
    .evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
  expect(options).toContain('scenario:seed-file-cache');
  const traces = options.filter((v) => v.startsWith('trace:'));
  expect(traces.length, 'recorded traces offered by the picker').toBeGreaterThan(0);

  await scenario.selectOption('scenario:seed-file-cache');
  await expect(page.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'file-cache');
  await page.locator('#demo-theme').selectOption('light');
  await expect(page.getByTestId('harness-panel')).toHaveAttribute('data-theme', 'light');

  await scenario.selectOption(traces[0]);
  await expect(page.locator('#demo-status')).toContainText('Recorded');
  await expect(page.getByTestId('memlens-banner')).toBeVisible();
  expect(problems).toEqual([]);
});
