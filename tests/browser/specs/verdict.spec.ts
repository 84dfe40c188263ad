/**
 * The verdict a user reads, and the regions drawn on the chart, for growth whose cause is known:
 * generated week-long scenarios (src/scenarios/generator.ts) and traces recorded on a real cgroup.
 */
import { expect, test, THEMES } from '../fixtures';
import { traceFiles, traceFrames } from '../traces';

for (const theme of THEMES) {
  test(`a leak is called anonymous memory, with a region on the chart (${theme})`, async ({ harness, page }) => {
    await harness.render({ scenario: 'leak', theme });
    const banner = page.getByTestId('memlens-banner');
    await expect(banner).toHaveAttribute('data-verdict', 'anon');
    await expect(banner).toContainText(/anonymous|leak/i);
    await expect(page.getByTestId('memlens-region-marker').first()).toBeVisible();
    await harness.screenshot(`generated-leak-${theme}`);
  });

  test(`the seed's log-file cache is called file cache, not a leak (${theme})`, async ({ harness, page }) => {
    await harness.render({ scenario: 'seed-file-cache', theme });
    const banner = page.getByTestId('memlens-banner');
    await expect(banner).toHaveAttribute('data-verdict', 'file-cache');
    await expect(banner).toContainText(/cache/i);
    await expect(banner).not.toContainText(/leak/i);
    await expect(page.getByTestId('memlens-region-marker').first()).toBeVisible();
    await harness.screenshot(`generated-seed-file-cache-${theme}`);
  });
}

test('a steady service gets no growth region', async ({ harness, page }) => {
  await harness.render({ scenario: 'steady', theme: 'dark' });
  await expect(page.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'stable');
  await expect(page.getByTestId('memlens-region-marker')).toHaveCount(0);
});

test('recorded cgroup traces are in place for the real-trace checks', () => {
  expect(traceFiles().length, 'files under tests/fixtures/wire/traces').toBeGreaterThan(0);
});

for (const file of traceFiles()) {
  test(`real trace ${file}: drawn with its verdict, light and dark`, async ({ harness, page }) => {
    const { frames, expected } = traceFrames(file);
    for (const theme of THEMES) {
      await harness.render({ frames, theme });
      const banner = page.getByTestId('memlens-banner');
      await expect(banner).toBeVisible();
      if (expected) {
        await expect(banner).toHaveAttribute('data-verdict', expected);
      }
      await expect(page.locator('[data-testid="harness-panel"] canvas').first()).toBeVisible();
      await harness.screenshot(`trace-${file.replace(/\.json$/, '')}-${theme}`);
    }
  });
}
