/**
 * Reads what the chart actually painted: the uPlot canvas's pixels as a colour histogram, and the
 * legend's swatch colours, so a spec can check that every layer in the legend is on the chart in the
 * legend's colour. uPlot's canvas is transparent, so a band filled at low alpha keeps its own RGB.
 */
import type { Locator, Page } from '@playwright/test';

export type Rgb = [number, number, number];

/** RGB (alpha > 0) → pixel count, over every canvas inside the panel. Keys are `r,g,b`. */
export async function canvasColours(page: Page): Promise<Map<string, number>> {
  const entries = await page.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const canvas of Array.from(
      document.querySelectorAll<HTMLCanvasElement>('[data-testid="harness-panel"] canvas')
    )) {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) {
        continue;
      }
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 0) {
          continue;
        }
        const key = `${data[i]},${data[i + 1]},${data[i + 2]}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }
    return Object.entries(counts);
  });
  return new Map(entries);
}

export function pixelsNear(colours: Map<string, number>, target: Rgb, tolerance = 10): number {
  let total = 0;
  for (const [key, count] of colours) {
    const [r, g, b] = key.split(',').map(Number);
    if (
      Math.abs(r - target[0]) <= tolerance &&
      Math.abs(g - target[1]) <= tolerance &&
      Math.abs(b - target[2]) <= tolerance
    ) {
      total += count;
    }
  }
  return total;
}

export function parseCssColour(css: string): Rgb {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css);
  if (!m) {
    throw new Error(`not an rgb() colour: ${css}`);
  }
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The legend entry for `label` (Grafana's VizLegend test id) and its swatch colour. */
export function legendEntry(page: Page, label: string): Locator {
  return page.getByTestId(`data-testid VizLegend series ${label}`);
}

export async function legendSwatch(page: Page, label: string): Promise<Rgb> {
  const item = legendEntry(page, label).locator('xpath=..');
  const icon = item.getByTestId('series-icon').first();
  const css = await icon.evaluate((el) => {
    const style = getComputedStyle(el);
    // Solid swatches set background-color; dashed ones draw the colour in a gradient image.
    return style.backgroundColor !== 'rgba(0, 0, 0, 0)' ? style.backgroundColor : style.backgroundImage;
  });
  return parseCssColour(css);
}
