/**
 * The dashboard's annotations on MemLens's chart, next to its own growth region: Grafana hands the
 * panel `data.annotations` (frames with time, timeEnd, isRegion, color, text, title, as the dashboard
 * builds them from annotation events) because the plugin declares annotation support. Each must be
 * painted on the canvas in its colour at its time, and its text must be reachable from its marker
 * under the axis and from the chart's tooltip.
 */
import type { Locator } from '@playwright/test';

import { columnColours, pixelsNear, type Rgb } from '../canvas';
import { annotationWireFrame, expect, test, THEMES, type WireFrame } from '../fixtures';
import { cacheGrowthPod } from '../pods';

const series = cacheGrowthPod();
const times = series[0].times;
const FROM = times[0];
const TO = times[times.length - 1];
const MINUTE = 60_000;

const DEPLOY = { from: FROM + 8 * MINUTE, to: FROM + 12 * MINUTE, color: '#FADE2A', title: 'Deploy', text: 'v1.4.3' };
const RESTART = { at: FROM + 21 * MINUTE, color: 'rgba(255, 0, 255, 1)', text: 'node drained' };

/** One annotation frame as the dashboard passes it: a region row and a point row (timeEnd = time). */
function annotationFrame(): WireFrame {
  return annotationWireFrame([
    {
      type: 'Deploys',
      time: DEPLOY.from,
      timeEnd: DEPLOY.to,
      isRegion: true,
      color: DEPLOY.color,
      title: DEPLOY.title,
      text: DEPLOY.text,
      tags: ['deploy'],
    },
    {
      type: 'Node events',
      time: RESTART.at,
      timeEnd: RESTART.at,
      isRegion: false,
      color: RESTART.color,
      title: '',
      text: RESTART.text,
      tags: ['node'],
    },
  ]);
}

async function plotHeight(panel: Locator): Promise<number> {
  return panel.locator('.u-over').evaluate((over) => over.getBoundingClientRect().height);
}

for (const theme of THEMES) {
  test(`dashboard annotations are painted in their colour at their time, next to the growth region (${theme})`, async ({
    harness,
  }) => {
    await harness.render({ series, theme, annotations: [annotationFrame()], timeRange: { from: FROM, to: TO } });
    const panel = harness.panel();
    await expect(panel.getByTestId('memlens-region-marker').first()).toBeVisible();
    await expect(panel.getByTestId('memlens-annotation-marker')).toHaveCount(2);

    const height = await plotHeight(panel);
    const deployColour: Rgb = [0xfa, 0xde, 0x2a];
    const restartColour: Rgb = [255, 0, 255];
    // The edges are dashed (5 on, 5 off): about half the plot's height is painted in the colour.
    for (const [label, at, colour] of [
      ['deploy start', DEPLOY.from, deployColour],
      ['deploy end', DEPLOY.to, deployColour],
      ['restart', RESTART.at, restartColour],
    ] as const) {
      const painted = pixelsNear(await columnColours(panel, at, FROM, TO), colour, 40);
      expect(painted, `${label}: pixels near ${colour.join(',')} at its time`).toBeGreaterThan(height * 0.3);
    }
    // And not elsewhere: a column between the two annotations has none of either colour.
    const between = await columnColours(panel, (DEPLOY.to + RESTART.at) / 2, FROM, TO);
    expect(pixelsNear(between, deployColour, 40) + pixelsNear(between, restartColour, 40)).toBe(0);
    await harness.screenshot(`annotations-${theme}`);
  });
}

test('an annotation’s text is reachable from its marker and from the chart tooltip', async ({ harness, page }) => {
  await harness.render({ series, theme: 'dark', annotations: [annotationFrame()], timeRange: { from: FROM, to: TO } });
  const panel = harness.panel();
  const markers = panel.getByTestId('memlens-annotation-marker');
  await expect(markers).toHaveCount(2);
  await expect(markers.nth(0)).toHaveAttribute('aria-label', 'Deploy: v1.4.3');
  await expect(markers.nth(1)).toHaveAttribute('aria-label', RESTART.text);

  await markers.nth(1).hover();
  await expect(page.getByRole('tooltip').filter({ hasText: RESTART.text })).toBeVisible();

  // Inside the deploy region the chart's tooltip names it, below the values.
  const box = (await panel.locator('.u-over').boundingBox())!;
  const middle = (DEPLOY.from + DEPLOY.to) / 2;
  await page.mouse.move(box.x + ((middle - FROM) / (TO - FROM)) * box.width, box.y + box.height / 2);
  const tooltip = page.getByTestId('memlens-tooltip');
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText('Deploy: v1.4.3');
  await expect(tooltip).not.toContainText(RESTART.text);
});
