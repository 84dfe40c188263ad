/**
 * Reads what the chart actually painted: the uPlot canvas's pixels as a colour histogram, and the
 * legend's swatch colours, so a spec can check that every layer in the legend is on the chart in the
 * legend's colour. uPlot's canvas is transparent, so a band filled at low alpha keeps its own RGB.
 */
import type { Locator, Page } from '@playwright/test';

export type Rgb = [number, number, number];

/**
 * RGB (alpha > 0) → pixel count, over every canvas inside the panel. Keys are `r,g,b`. `fromX`, a
 * share of the canvas's width, counts only the pixels right of it.
 */
export async function canvasColours(page: Page, fromX = 0): Promise<Map<string, number>> {
  const entries = await page.evaluate((fromShare) => {
    const counts: Record<string, number> = {};
    for (const canvas of Array.from(
      document.querySelectorAll<HTMLCanvasElement>('[data-testid="harness-panel"] canvas')
    )) {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) {
        continue;
      }
      const x0 = Math.floor(canvas.width * fromShare);
      const { data } = ctx.getImageData(x0, 0, canvas.width - x0, canvas.height);
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 0) {
          continue;
        }
        const key = `${data[i]},${data[i + 1]},${data[i + 2]}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }
    return Object.entries(counts);
  }, fromX);
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

/**
 * The canvas pixels in a band of columns around the instant `at` (a few device pixels either side,
 * where a 1 px line lands after anti-aliasing), over the plotting area's height.
 */
export async function columnColours(
  panel: Locator,
  at: number,
  from: number,
  to: number,
  halfWidth = 2
): Promise<Map<string, number>> {
  const entries = await panel.locator('.u-over').evaluate(
    (over, { at, from, to, halfWidth }) => {
      const canvas = over.parentElement!.querySelector('canvas')!;
      const ratio = canvas.width / canvas.getBoundingClientRect().width;
      const overBox = over.getBoundingClientRect();
      const canvasBox = canvas.getBoundingClientRect();
      const x = (overBox.left - canvasBox.left + ((at - from) / (to - from)) * overBox.width) * ratio;
      const top = Math.round((overBox.top - canvasBox.top) * ratio);
      const height = Math.round(overBox.height * ratio);
      const left = Math.max(0, Math.round(x - halfWidth * ratio));
      const { data } = canvas.getContext('2d')!.getImageData(left, top, Math.round(2 * halfWidth * ratio) + 1, height);
      const counts: Record<string, number> = {};
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0) {
          const key = `${data[i]},${data[i + 1]},${data[i + 2]}`;
          counts[key] = (counts[key] ?? 0) + 1;
        }
      }
      return Object.entries(counts);
    },
    { at, from, to, halfWidth }
  );
  return new Map(entries);
}

/** The vertical cursor line of a panel: whether uPlot shows it, and where, as a fraction of the plot width. */
export async function cursorOf(panel: Locator): Promise<{ shown: boolean; at: number }> {
  return panel.locator('.u-over').evaluate((over) => {
    const line = over.querySelector<HTMLElement>('.u-cursor-x');
    if (!line) {
      throw new Error('the plot has no .u-cursor-x: uPlot drew no cursor');
    }
    const x = Number(/translate\((-?[\d.]+)px/.exec(line.style.transform)?.[1] ?? NaN);
    return { shown: !line.classList.contains('u-off'), at: x / over.clientWidth };
  });
}
