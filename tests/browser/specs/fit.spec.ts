/**
 * The panel at every size a dashboard gives it, from a quarter-width tile to a full-width row, in the
 * four views (grid, overview, node, single workload): nothing sticks out of the panel or scrolls
 * sideways, no text is cut, names that differ only at the end still differ, and a 200 px high panel
 * still shows a verdict and a chart. Then keyboard and screen-reader access to the overview, its
 * filter and the drill-down, with axe-core. One page per host for the whole matrix, to keep it quick.
 */
import { createRequire } from 'node:module';

import type { Page } from '@playwright/test';

import { expect, type RenderInput, type SeriesInput, test, THEMES } from '../fixtures';
import { cacheGrowthPod, podSeries } from '../pods';

const WIDTHS = [320, 480, 640, 900, 1200, 1900];
const HEIGHTS = [200, 300, 800];

/** Pods of one deployment: the names share everything up to the replica set hash and the pod suffix. */
function deploymentPods(count: number): SeriesInput[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = i % 3;
    return podSeries({
      namespace: 'shop-production',
      pod: `checkout-service-api-5d8f7b9c4-${(0x1a2b3 + i * 7919).toString(36).slice(-5)}`,
      container: i % 2 ? 'checkout-service-api' : 'istio-proxy',
      rss: (t) => 180 + (kind === 0 ? t * (1 + i / 10) : 0),
      activeFile: (t) => 20 + (kind === 1 ? t * (2 + i / 10) : 0),
      inactiveFile: (t) => 60 + t * 0.2,
      limitMiB: kind === 2 ? undefined : 1024,
    });
  }).flat();
}

const VIEWS: Record<string, () => RenderInput> = {
  single: () => ({ series: cacheGrowthPod('checkout-service-api-5d8f7b9c4-x2kqz') }),
  grid: () => ({ series: deploymentPods(4) }),
  overview: () => ({ series: deploymentPods(24) }),
  node: () => ({ frames: [] }),
};

interface Fit {
  /** Elements that stick out of the panel, scroll sideways, or cut their text. */
  problems: string[];
  /** Whether a verdict (banner or overview verdict cell) lies wholly inside the panel. */
  verdictShown: boolean;
  /** The tallest part of a chart (canvas or sparkline) inside the panel, px. */
  chartPx: number;
  /** The workload names as shown in the overview's rows in view, with their full names. */
  names: Array<{ shown: string; full: string | null; label: string | null }>;
}

/** Measures the panel as laid out: every element with a box, against the panel's box and its own. */
function measureFit(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const panel = document.querySelector('[data-testid="harness-panel"]')!;
    const box = panel.getBoundingClientRect();
    const problems: string[] = [];
    const describe = (el: Element) => {
      const id = el.getAttribute('data-testid') ?? el.getAttribute('role') ?? el.tagName.toLowerCase();
      return `${id} "${(el.textContent ?? '').trim().slice(0, 50)}"`;
    };
    const inside = (r: DOMRect) => r.left >= box.left - 1 && r.right <= box.right + 1;
    for (const el of [panel, ...Array.from(panel.querySelectorAll('*'))]) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || style.opacity === '0') {
        continue;
      }
      if (!inside(r)) {
        problems.push(
          `${describe(el)} sticks out: x ${Math.round(r.left - box.left)}–${Math.round(r.right - box.left)} of ${Math.round(box.width)}`
        );
      }
      // Inline boxes have no client width; everything else must hold its content.
      if (style.display !== 'inline' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${describe(el)} is cut: ${el.scrollWidth} px of content in ${el.clientWidth} px`);
      }
    }
    const visibleHeight = (r: DOMRect) => Math.max(0, Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top));
    const verdicts = Array.from(
      panel.querySelectorAll('[data-testid="memlens-banner"], [data-testid="memlens-overview-verdict"]')
    ).map((el) => el.getBoundingClientRect());
    const verdictShown = verdicts.some((r) => r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1);
    const charts = Array.from(panel.querySelectorAll('canvas, [data-testid="memlens-sparkline"]'));
    const chartPx = Math.max(0, ...charts.map((el) => visibleHeight(el.getBoundingClientRect())));
    const names = Array.from(panel.querySelectorAll('[data-testid="memlens-overview-row"]')).map((row) => {
      const cell = row.querySelector('[data-testid="memlens-overview-name"]');
      return {
        shown: cell?.textContent ?? '',
        full: cell?.getAttribute('title') ?? null,
        label: row.getAttribute('aria-label'),
      };
    });
    return { problems, verdictShown, chartPx, names };
  });
}

test.describe('fit', () => {
  test.setTimeout(240_000);

  test('every view fits every panel size, and the overview is reachable by keyboard and named', async ({
    harness,
    page,
  }, testInfo) => {
    const started = Date.now();
    const nodeFrames = await page.evaluate(() => window.memlensWire.scenarioFrames('leak', { target: 'node' }));
    const matrix: string[] = [];
    const failures: string[] = [];
    for (const [view, input] of Object.entries(VIEWS)) {
      const base = view === 'node' ? { frames: nodeFrames } : input();
      for (const [hi, height] of HEIGHTS.entries()) {
        for (const [wi, width] of WIDTHS.entries()) {
          // Both themes at every width and every height, alternating.
          const theme = THEMES[(hi + wi) % 2];
          await harness.render({ ...base, width, height, theme });
          const fit = await measureFit(page);
          const where = `${view} ${width}×${height} ${theme}`;
          const problems = [...fit.problems];
          if (!fit.verdictShown) {
            problems.push('no verdict wholly in view');
          }
          // The overview's rows carry a sparkline only where the width allows; its charts are a click away.
          if (view !== 'overview' && fit.chartPx < 40) {
            problems.push(`chart ${Math.round(fit.chartPx)} px high in view`);
          }
          if (view === 'overview') {
            const shown = fit.names.map((n) => n.shown);
            if (fit.names.length === 0) {
              problems.push('no rows in view');
            }
            if (new Set(shown).size !== shown.length) {
              problems.push(`names that cannot be told apart: ${shown.join(' | ')}`);
            }
            for (const n of fit.names) {
              if (!n.full || n.label !== n.full || (n.shown !== n.full && !n.shown.includes('…'))) {
                problems.push(`name "${n.shown}" without its full name (title "${n.full}", label "${n.label}")`);
              }
            }
          }
          const shot = await harness.screenshot(`fit-${view}-${width}x${height}-${theme}`);
          matrix.push(
            `${where}: ${problems.length ? `${problems.length} problems` : 'fits'} (${shot.split('/').pop()})`
          );
          failures.push(...problems.slice(0, 5).map((p) => `${where}: ${p}`));

          if (view === 'overview') {
            // The drill-down is where hidden columns are seen: it must fit the same panel.
            // By keyboard (the pointer clicks rows in overview.spec.ts): a row opens on Enter.
            await page.getByTestId('memlens-overview-row').first().focus();
            await page.keyboard.press('Enter');
            await expect(page.getByTestId('memlens-overview-detail').locator('canvas').first()).toBeVisible();
            const detail = await measureFit(page);
            const detailProblems = [...detail.problems];
            if (!detail.verdictShown) {
              detailProblems.push('no verdict wholly in view');
            }
            if (detail.chartPx < 40) {
              detailProblems.push(`chart ${Math.round(detail.chartPx)} px high in view`);
            }
            const detailShot = await harness.screenshot(`fit-drilldown-${width}x${height}-${theme}`);
            const label = `drill-down ${width}×${height} ${theme}`;
            matrix.push(
              `${label}: ${detailProblems.length ? `${detailProblems.length} problems` : 'fits'} (${detailShot.split('/').pop()})`
            );
            failures.push(...detailProblems.slice(0, 5).map((p) => `${label}: ${p}`));
          }
        }
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`[${harness.host}] size matrix, ${matrix.length} renders in ${seconds} s:\n  ${matrix.join('\n  ')}`);
    await testInfo.attach('fit-matrix', { body: matrix.join('\n'), contentType: 'text/plain' });
    expect(failures, 'views that do not fit their panel').toEqual([]);

    await keyboardAndNames(page, harness.render.bind(harness));
  });
});

/** The overview, its filter, its sort buttons, a row and the drill-down: reachable by Tab and named. */
async function keyboardAndNames(page: Page, render: (input: RenderInput) => Promise<unknown>) {
  await page.addScriptTag({ path: createRequire(__filename).resolve('axe-core/axe.min.js') });
  const axe = async (selector: string) => {
    const found = await page.evaluate(async (selector) => {
      type Result = { id: string; impact: string; nodes: Array<{ target: string[] }> };
      const axe = (window as unknown as { axe: { run: (el: Element, o: object) => Promise<{ violations: Result[] }> } })
        .axe;
      const { violations } = await axe.run(document.querySelector(selector)!, { resultTypes: ['violations'] });
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({
          text: `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          // @grafana/ui 13's VizLegend names every series button "All series selected" (or "Only X
          // selected"), not after the series it shows: Grafana's own legend, in every panel using it.
          grafanaLegend:
            v.id === 'label-content-name-mismatch' &&
            v.nodes.every((n) =>
              document.querySelector(n.target.join(' '))?.closest('[data-testid^="data-testid VizLegend series"]')
            ),
        }));
    }, selector);
    for (const known of found.filter((f) => f.grafanaLegend)) {
      console.log(`axe, left to @grafana/ui (its VizLegend's button names): ${known.text.slice(0, 160)}…`);
    }
    return found.filter((f) => !f.grafanaLegend).map((f) => f.text);
  };

  for (const theme of THEMES) {
    await render({ series: deploymentPods(24), width: 640, height: 300, theme });
    expect(await axe('[data-testid="harness-panel"]'), `axe on the overview (${theme})`).toEqual([]);
  }
  const table = page.getByRole('table', { name: 'Workloads' });
  await expect(table).toBeVisible();
  await expect(page.getByRole('radiogroup').or(page.getByRole('combobox', { name: /verdict/i }))).toBeVisible();

  // From the page's start, Tab reaches the filter, a sort button and the first row, in that order.
  await page.locator('body').focus();
  const reached: string[] = [];
  for (let i = 0; i < 40 && !reached.includes('row'); i++) {
    await page.keyboard.press('Tab');
    reached.push(
      await page.evaluate(() => {
        const el = document.activeElement;
        return el?.getAttribute('role') ?? el?.getAttribute('type') ?? el?.tagName.toLowerCase() ?? '';
      })
    );
  }
  expect(reached.indexOf('row'), `focus order ${reached.join(' → ')}`).toBeGreaterThan(0);
  const firstFilter = reached.findIndex((r) => r === 'radio' || r === 'combobox');
  expect(firstFilter, 'the verdict filter is reached by Tab').toBeGreaterThanOrEqual(0);
  expect(firstFilter).toBeLessThan(reached.indexOf('row'));
  const focusedRow = page.locator('[data-testid="memlens-overview-row"]:focus');
  const name = await focusedRow.getAttribute('aria-label');
  expect(name, 'the focused row is named after its workload').toMatch(/^shop-production\/checkout-service-api-/);

  await page.keyboard.press('Enter');
  const detail = page.getByTestId('memlens-overview-detail');
  await expect(detail.getByTestId('memlens-banner')).toBeVisible();
  expect(await axe('[data-testid="harness-panel"]'), 'axe on the drill-down').toEqual([]);
  const back = detail.getByRole('button', { name: /All workloads/ });
  await back.focus();
  await page.keyboard.press('Enter');
  await expect(table).toBeVisible();
}
