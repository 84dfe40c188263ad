/**
 * Does it matter, as a user sees it: the pressure strip under the chart on the real OOM-loop and
 * hot-reader traces (markers with their reason on hover), and the dashed projection past the range's
 * end on a slow leak toward its limit. Light and dark, at a small and a large panel size.
 */
import { canvasColours, legendSwatch, pixelsNear } from '../canvas';
import { expect, test, THEMES } from '../fixtures';
import { podSeries } from '../pods';
import { traceFrames } from '../traces';

/** 16 days at a 10-minute step: rss from 300 MiB at +15 MiB/day under a 1 GiB limit (true ETA 48.3 d from the start). */
const slowLeak = () =>
  podSeries({
    pod: 'ledger-0',
    points: 16 * 144 + 1,
    stepMs: 600_000,
    rss: (i) => 300 + (15 * i) / 144,
    kernel: () => 8,
    activeFile: () => 50,
    inactiveFile: () => 150,
    limitMiB: 1024,
  });

const SIZES = [
  { width: 480, height: 300 },
  { width: 1200, height: 600 },
];

for (const theme of THEMES) {
  test(`the pressure strip marks each OOM kill and restart with its reason (${theme})`, async ({ harness, page }) => {
    for (const size of SIZES) {
      await harness.render({ frames: traceFrames('oomloop'), theme, ...size });
      const strip = page.getByTestId('memlens-pressure-strip');
      await expect(strip).toBeVisible();
      await expect(strip.getByTestId('memlens-strip-oomKill')).toHaveCount(3);
      const restart = strip.getByTestId('memlens-strip-restart').first();
      // The strip shares the chart's time axis: its plot starts where the chart's does.
      const plot = await page.locator('[data-testid="harness-panel"] .u-over').boundingBox();
      const svg = await strip.locator('svg').boundingBox();
      expect(Math.abs(svg!.x - plot!.x), 'strip and chart start at the same x').toBeLessThanOrEqual(1);
      expect(Math.abs(svg!.width - plot!.width), 'strip and chart are as wide').toBeLessThanOrEqual(1);
      await restart.hover();
      await expect(page.getByRole('tooltip')).toContainText('OOMKilled');
      await harness.screenshot(`consequences-oomloop-${size.width}x${size.height}-${theme}`);
    }
  });

  test(`the pressure strip draws the hot reader's refault rate (${theme})`, async ({ harness, page }) => {
    await harness.render({ frames: traceFrames('hotreader'), theme, width: 900, height: 420 });
    const strip = page.getByTestId('memlens-pressure-strip');
    await expect(strip).toBeVisible();
    await expect(strip.getByTestId('memlens-strip-readout')).toContainText(/refaults [\d.]+ [KM]iB\/s/);
    const line = await strip.getByTestId('memlens-strip-refaults').boundingBox();
    // A line across the strip, not a dot: the reader refaults all through the trace.
    expect(line!.width).toBeGreaterThan(600);
    await expect(page.getByTestId('memlens-banner')).toContainText('The cache is hot');
    await harness.screenshot(`consequences-hotreader-${theme}`);
  });

  test(`a slow leak's projection runs dashed past the range's end toward the limit (${theme})`, async ({
    harness,
    page,
  }) => {
    for (const size of SIZES) {
      await harness.render({ series: slowLeak(), theme, ...size });
      if (size.height >= 320) {
        // A lower panel holds the consequences behind "More".
        await expect(page.getByTestId('memlens-banner')).toContainText(
          /rss \+ kernel reach the 1 GiB limit in about 3\d days[^(]*\(OOM kill\)/
        );
      }
      const legend = page.getByText('projection', { exact: true });
      await expect(legend).toBeVisible();
      // The projection is drawn in the limit's colour in the shaded future: count those pixels in
      // the rightmost sixth of the plot, past the data's end, where no other series is drawn.
      const colours = await canvasColours(page, 5 / 6);
      const swatch = await legendSwatch(page, 'projection');
      expect(pixelsNear(colours, swatch, 30), 'projection pixels past the data').toBeGreaterThan(20);
      await harness.screenshot(`consequences-projection-${size.width}x${size.height}-${theme}`);
    }
  });
}
