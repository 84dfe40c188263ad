/**
 * The verdict a user reads, and the regions drawn on the chart, for growth whose cause is known:
 * generated week-long scenarios (src/scenarios/generator.ts) and traces recorded on a real cgroup.
 */
import { expect, test, THEMES } from '../fixtures';
import { TRACE_VERDICTS, traceFrames, traceNames } from '../traces';

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
    await expect(banner).toContainText(/file cache/i);
    await expect(banner).toContainText(/not a (heap )?leak/i);
    await expect(banner).not.toContainText(/anonymous/i);
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
  expect(traceNames(), 'files under tests/fixtures/wire/traces').toEqual(
    expect.arrayContaining(Object.keys(TRACE_VERDICTS))
  );
});

for (const name of traceNames()) {
  test(`real trace ${name}: drawn with its verdict, light and dark`, async ({ harness, page }) => {
    const frames = traceFrames(name);
    for (const theme of THEMES) {
      await harness.render({ frames, theme });
      const banner = page.getByTestId('memlens-banner');
      await expect(banner).toBeVisible();
      const verdict = await banner.getAttribute('data-verdict');
      if (TRACE_VERDICTS[name]) {
        expect(TRACE_VERDICTS[name], `${name} verdict`).toContain(verdict);
      }
      if (verdict === 'anon') {
        await expect(banner).toContainText(/anonymous|leak/i);
        await expect(page.getByTestId('memlens-region-marker').first()).toBeVisible();
      }
      await expect(page.locator('[data-testid="harness-panel"] canvas').first()).toBeVisible();
      await harness.screenshot(`trace-${name}-${theme}`);
    }
  });
}
