/**
 * `npm run demo` as a user runs it: the command starts, prints its URL, and the page it serves is a
 * Grafana dashboard (the Scenes host) showing MemLens on a generated scenario and on a recorded trace,
 * picked in the dashboard's "scenario" variable, the time range fitted to each recording, the theme
 * switched from the header, and the whole view kept in the URL.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startDemo, type DemoProcess } from '../demo-process';
import { expect, repoRoot, test } from '../fixtures';

let demo: DemoProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  demo = await startDemo();
});

test.afterAll(async () => {
  await demo?.stop();
});

/** The first and last timestamp in a recorded trace's frames. */
function traceSpan(file: string): { from: number; to: number } {
  const { frames } = JSON.parse(readFileSync(join(repoRoot, 'tests/fixtures/wire/traces', file), 'utf8')) as {
    frames: Array<{ schema: { fields: Array<{ type: string }> }; data: { values: number[][] } }>;
  };
  const times = frames.flatMap((f) =>
    f.schema.fields.flatMap((field, i) => (field.type === 'time' ? f.data.values[i] : []))
  );
  return { from: Math.min(...times), to: Math.max(...times) };
}

const timeRange = (page: Page) => page.evaluate(() => window.sceneHost.state().timeRange);
const hashParams = (page: Page) => new URLSearchParams(new URL(page.url()).hash.slice(1));

/** Picks an option in a variable's picker as a user does: open it, click the option. */
async function pick(page: Page, variable: string, option: string) {
  await page.getByLabel(variable, { exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('npm run demo serves the recorded-memory dashboard with its scenario variable and theme toggle', async ({
  page,
}) => {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));

  await page.goto(`${demo!.url}/#scenario=scenario:leak&theme=dark`);
  await expect(page.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'anon');
  await expect(page.locator('body')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('#demo-title')).toHaveText('MemLens / Recorded memory');
  // The generated week, from its default start: the time picker shows it.
  expect(await timeRange(page)).toMatchObject({
    from: Date.parse('2025-01-06T00:00:00Z'),
    raw: { from: '2025-01-06T00:00:00.000Z' },
  });
  expect((await timeRange(page)).to - (await timeRange(page)).from).toBeGreaterThanOrEqual(7 * 86_400_000 - 60_000);
  await expect(page.getByText('2025-01-06 00:00:00 to 2025-01-13')).toBeVisible();

  // The variable's picker lists the recorded traces and the generated scenarios.
  await page.getByLabel('Scenario', { exact: true }).click();
  const options = page.getByRole('option');
  await expect(options.filter({ hasText: '(recorded)' }).first()).toBeVisible();
  await expect(options.filter({ hasText: '(generated)' }).first()).toBeVisible();
  await page.keyboard.press('Escape');

  await pick(page, 'Scenario', 'seed-file-cache (generated)');
  await expect(page.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'file-cache');
  await expect.poll(() => hashParams(page).get('scenario')).toBe('scenario:seed-file-cache');

  await page.getByRole('radio', { name: 'Light' }).click();
  await expect(page.locator('body')).toHaveAttribute('data-theme', 'light');
  await expect.poll(() => hashParams(page).get('theme')).toBe('light');

  // A recorded trace has its own timestamps: picking it moves the time range onto them.
  await pick(page, 'Scenario', 'mixed (recorded)');
  await expect(page.locator('#demo-status')).toContainText('Recorded on a Linux cgroup');
  await expect(page.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'anon');
  const span = traceSpan('mixed.json');
  await expect.poll(async () => (await timeRange(page)).from).toBe(span.from);
  const recorded = await timeRange(page);
  expect(recorded.to).toBe(span.to);
  await expect(page.getByTestId('memlens-workload').locator('canvas').first()).toBeVisible();

  // Refresh keeps the recording's absolute range.
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(page.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'anon');
  expect(await timeRange(page)).toEqual(recorded);

  // The link reproduces the view: scenario, range and theme.
  await expect.poll(() => hashParams(page).get('from')).toBe(recorded.raw.from);
  const link = page.url();
  const again = await page.context().newPage();
  await again.goto(link);
  await expect(again.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'anon');
  await expect(again.locator('body')).toHaveAttribute('data-theme', 'light');
  expect(await timeRange(again)).toEqual(recorded);
  await again.close();
  expect(problems).toEqual([]);
});
