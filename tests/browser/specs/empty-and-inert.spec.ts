/**
 * The panel with nothing usable, and with hostile label values: it must explain itself in words, and
 * never turn data into markup.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect, repoRoot, test, THEMES, type WireFrame } from '../fixtures';
import { cacheGrowthPod } from '../pods';

const HOSTILE = '<img src=x onerror=alert(1)>';

/** Real frames from Grafana's Prometheus backend, for a metric MemLens has no role for. */
function unrelatedFrames(): WireFrame[] {
  const file = join(repoRoot, 'tests', 'fixtures', 'grafana-wire', 'range_simple.result.json');
  return JSON.parse(readFileSync(file, 'utf8')).frames;
}

for (const theme of THEMES) {
  test(`with no data it says so (${theme})`, async ({ harness, page }) => {
    await harness.render({ frames: [], theme });
    await expect(harness.panel()).toContainText(/no data|no memory series/i);
    await expect(page.locator('[data-testid="harness-panel"] canvas')).toHaveCount(0);
    await harness.screenshot(`empty-no-data-${theme}`);
  });
}

test('with unrelated metrics it lists each series it left out, and why', async ({ harness, page }) => {
  await harness.render({ frames: unrelatedFrames(), theme: 'dark' });
  const empty = page.getByTestId('memlens-empty');
  await expect(empty).toBeVisible();
  await expect(empty).toContainText('No memory series MemLens can use');
  await expect(empty.getByRole('list', { name: 'Left out' })).toContainText('prometheus_http_requests_total');
  await expect(page.locator('[data-testid="harness-panel"] canvas')).toHaveCount(0);
  await harness.screenshot('empty-unrelated-dark');
});

test('a pod named like markup is shown as text: no dialog, no injected element', async ({ harness, page }) => {
  const series = cacheGrowthPod(HOSTILE);
  await harness.render({ series, theme: 'dark' });
  await expect(page.getByTestId('memlens-workload')).toHaveCount(1);
  await expect(harness.panel()).toContainText(HOSTILE);
  // Hover too: the tooltip is another place labels are written into the page.
  const box = (await page.locator('[data-testid="harness-panel"] .u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('memlens-tooltip')).toBeVisible();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('img[onerror]').length)).toBe(0);
});

test('a left-out series named like markup is listed as text', async ({ harness, page }) => {
  const hostile = unrelatedFrames().slice(0, 1) as Array<{
    schema: { fields: Array<{ labels?: Record<string, string> }> };
  }>;
  hostile[0].schema.fields[1].labels = { ...hostile[0].schema.fields[1].labels, pod: HOSTILE };
  await harness.render({ frames: hostile as WireFrame[], theme: 'light' });
  await expect(page.getByTestId('memlens-empty')).toBeVisible();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('img[onerror]').length)).toBe(0);
});
