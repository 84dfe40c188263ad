/**
 * What a user sees of the chart: every layer painted in its legend colour, the legend entries and the
 * tooltip listing every layer. Light and dark. Drag-to-zoom is proven inside a real dashboard, where it
 * changes the scene's time range (scene-dashboard.spec.ts).
 */
import { canvasColours, legendEntry, legendSwatch, pixelsNear } from '../canvas';
import { expect, test, THEMES } from '../fixtures';
import { cacheGrowthPod } from '../pods';

const LAYERS = ['rss', 'kernel', 'active file cache', 'inactive file cache'];
const LINES = ['working set', 'usage', 'limit'];

for (const theme of THEMES) {
  test(`draws the four layers in their legend colours with the lines listed (${theme})`, async ({ harness, page }) => {
    // Taller than the default: the banner's four lines (verdict and consequences) leave the
    // default panel's chart too short for the thin kernel band to be counted reliably.
    await harness.render({ series: cacheGrowthPod(), theme, height: 600 });
    await expect(page.getByTestId('memlens-workload')).toHaveCount(1);

    for (const label of [...LAYERS, ...LINES]) {
      await expect(legendEntry(page, label), `legend entry "${label}"`).toBeVisible();
    }

    const colours = await canvasColours(page);
    const swatches = await Promise.all(LAYERS.map((label) => legendSwatch(page, label)));
    // Distinct colours, or the pixel check below could count one layer's band for another.
    expect(new Set(swatches.map((c) => c.join(','))).size).toBe(LAYERS.length);
    for (const [i, label] of LAYERS.entries()) {
      // kernel is the thinnest band (40 MiB of a 1 GiB axis); a few hundred pixels is a drawn band.
      expect(pixelsNear(colours, swatches[i]), `${label} pixels in ${swatches[i].join(',')}`).toBeGreaterThan(200);
    }
    await harness.screenshot(`synthetic-cache-growth-${theme}`);
  });
}

test('hovering the chart shows a tooltip with every layer and line', async ({ harness, page }) => {
  await harness.render({ series: cacheGrowthPod(), theme: 'dark' });
  const plot = page.locator('[data-testid="harness-panel"] .u-over');
  const box = await plot.boundingBox();
  expect(box).not.toBeNull();
  await page.mouse.move(box!.x + box!.width * 0.6, box!.y + box!.height * 0.5);
  const tooltip = page.getByTestId('memlens-tooltip');
  await expect(tooltip).toBeVisible();
  for (const label of [...LAYERS, ...LINES]) {
    await expect(tooltip, `tooltip row "${label}"`).toContainText(label);
  }
  // Values are formatted as bytes, not raw numbers.
  await expect(tooltip).toContainText(/MiB|MB/);
});
