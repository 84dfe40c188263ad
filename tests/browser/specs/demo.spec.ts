/**
 * `npm run demo` as a user runs it: the command starts, prints its URL, and the page it serves shows
 * MemLens on a generated scenario and on a recorded trace, switching theme from the picker.
 */
import { startDemo, type DemoProcess } from '../demo-process';
import { expect, test } from '../fixtures';

let demo: DemoProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  demo = await startDemo();
});

test.afterAll(async () => {
  await demo?.stop();
});

test('npm run demo serves MemLens with a scenario and theme picker', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));

  await page.goto(`${demo!.url}/#scenario=scenario:leak&theme=dark`);
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
