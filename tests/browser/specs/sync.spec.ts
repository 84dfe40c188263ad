/**
 * The dashboard's shared crosshair and shared tooltip ("Graph tooltip" in the dashboard settings): two
 * MemLens panels side by side on one dashboard, each with the PanelContext Grafana gives its panels
 * (sync mode, events scope, its own bus onto the dashboard's bus). Hovering panel 1 must move panel
 * 2's cursor to the same instant, show panel 2's tooltip only with the shared tooltip, do nothing with
 * sync off, and publish hover events that carry the hovered time for the dashboard's other panels; a
 * hover another kind of panel publishes on the dashboard must move MemLens's cursors.
 */
import type { Locator, Page } from '@playwright/test';

import { cursorOf } from '../canvas';
import { expect, type Harness, type HoverRecord, test } from '../fixtures';
import { podSeries } from '../pods';

const PANEL = { width: 480, height: 360, theme: 'dark' as const };
/** The limits tell the panels' tooltips apart (tooltips are portalled to the page, not inside panels). */
const LIMIT_TEXT = { 1: '1 GiB', 2: '2 GiB' } as const;
/** Where the mouse goes in panel 1, as a fraction of the plotting area's width. */
const AT = 0.6;

async function renderTwo(harness: Harness, sync: 'off' | 'crosshair' | 'tooltip') {
  // Same sampling, so the same dashboard time range: file cache growth next to anonymous growth.
  const first = podSeries({
    pod: 'api-0',
    rss: () => 180,
    activeFile: (i) => 20 + i * 2.5,
    inactiveFile: () => 60,
    limitMiB: 1024,
  });
  const second = podSeries({
    pod: 'worker-0',
    rss: (i) => 150 + i * 3,
    activeFile: () => 40,
    inactiveFile: () => 80,
    limitMiB: 2048,
  });
  await harness.renderDashboard(
    [
      { ...PANEL, series: first },
      { ...PANEL, series: second },
    ],
    sync
  );
  const times = first[0].times;
  return { times, stepMs: first[0].stepMs };
}

/**
 * The instant a panel's cursor marks, as the panel's own tooltip prints it: the mouse goes to the
 * cursor's position on that panel and reads its tooltip. Panels' time axes can differ (a projection
 * toward the limit widens one past the range's end), so the same instant is not the same fraction of
 * every plot's width; the printed time is what must match.
 */
async function instantUnderCursor(page: Page, panel: Locator, id: 1 | 2, at?: number): Promise<string> {
  await hoverAt(page, panel, at ?? (await cursorOf(panel)).at);
  const stamp = tooltipOf(page, id).getByLabel('Timestamp');
  await expect(stamp).toHaveText(/\d\d:\d\d:\d\d/);
  return (await stamp.textContent())!;
}

/** The mouse onto a panel's plot, `at` a fraction of its width, halfway down. */
async function hoverAt(page: Page, panel: Locator, at: number): Promise<void> {
  const box = (await panel.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * at, box.y + box.height * 0.5, { steps: 4 });
}

async function hoverPanelOne(page: Page, harness: Harness): Promise<void> {
  await hoverAt(page, harness.panelById(1), AT);
}

/** Panel `id`'s tooltip, known by its limit row (the row's text runs on from its label: `limit1 GiB`). */
function tooltipOf(page: Page, id: 1 | 2): Locator {
  return page.getByTestId('memlens-tooltip').filter({ hasText: new RegExp(`limit${LIMIT_TEXT[id]}`) });
}

const hoversFrom = (events: HoverRecord[], panelId: number, type: HoverRecord['type']) =>
  events.filter((e) => e.panelId === panelId && e.type === type);

test('shared crosshair: hovering one panel moves the other panel’s cursor to the same instant', async ({
  harness,
  page,
}) => {
  const { times, stepMs } = await renderTwo(harness, 'crosshair');
  const [one, two] = [harness.panelById(1), harness.panelById(2)];
  expect(await cursorOf(two)).toMatchObject({ shown: false });

  await hoverPanelOne(page, harness);
  await expect(page.getByTestId('memlens-tooltip')).toHaveCount(1);
  const cursorOne = await cursorOf(one);
  expect(cursorOne.shown).toBe(true);
  await expect.poll(async () => (await cursorOf(two)).shown, 'panel 2 shows the cursor').toBe(true);
  // Crosshair only: the tooltip is panel 1's own.
  await expect(tooltipOf(page, 1)).toBeVisible();
  await expect(tooltipOf(page, 2)).toHaveCount(0);
  const instantOne = (await tooltipOf(page, 1).getByLabel('Timestamp').textContent())!;
  // Panel 2's rss grows toward its limit, so its axis reaches past the range's end for the
  // projection: its cursor sits further left, at the same instant.
  expect((await cursorOf(two)).at).toBeLessThan(cursorOne.at - 0.01);

  // The hover event other panels receive carries the hovered instant: a sample time at the mouse.
  // Hover events are throttled (the last one trails by up to 100 ms), so wait for the latest to land.
  const atMouse = times[0] + AT * (times[times.length - 1] - times[0]);
  const latest = async () => hoversFrom(await harness.hoverEvents(), 1, 'hover').at(-1);
  await expect.poll(async () => Math.abs(((await latest())?.time ?? -Infinity) - atMouse)).toBeLessThanOrEqual(stepMs);
  const { time, rowIndex } = (await latest())!;
  expect(times).toContain(time);
  expect(times[rowIndex!]).toBe(time);
  // Panel 2 follows through uPlot's sync and does not echo the hover back onto the bus.
  expect(hoversFrom(await harness.hoverEvents(), 2, 'hover')).toEqual([]);

  // Leaving panel 1 clears both cursors and tells the dashboard.
  await page.mouse.move(5, 630);
  await expect.poll(async () => (await cursorOf(two)).shown, 'panel 2 hides the cursor').toBe(false);
  await expect.poll(async () => hoversFrom(await harness.hoverEvents(), 1, 'clear').length).toBeGreaterThan(0);

  // Back to panel 1's instant, then onto panel 2 where its cursor stands: panel 2's tooltip prints
  // the instant panel 1's did.
  await hoverPanelOne(page, harness);
  await expect.poll(async () => (await cursorOf(two)).shown).toBe(true);
  expect(await instantUnderCursor(page, two, 2)).toBe(instantOne);
});

test('shared crosshair: a hover published on the dashboard by another kind of panel moves both cursors', async ({
  harness,
}) => {
  const { times } = await renderTwo(harness, 'crosshair');
  const panels = [harness.panelById(1), harness.panelById(2)];
  const instant = times[30];
  const fraction = (instant - times[0]) / (times[times.length - 1] - times[0]);

  await harness.publishHover(instant);
  for (const [i, panel] of panels.entries()) {
    await expect.poll(async () => (await cursorOf(panel)).shown, `panel ${i + 1} shows the cursor`).toBe(true);
  }
  // Panel 1's axis is the dashboard range; panel 2's reaches past it for its projection.
  const positions = await Promise.all(panels.map(async (panel) => (await cursorOf(panel)).at));
  expect(Math.abs(positions[0] - fraction), 'panel 1 cursor position').toBeLessThan(0.01);
  expect(positions[1], 'panel 2 cursor position').toBeLessThan(fraction - 0.01);
  await harness.publishHover(null);
  for (const [i, panel] of panels.entries()) {
    await expect.poll(async () => (await cursorOf(panel)).shown, `panel ${i + 1} hides the cursor`).toBe(false);
  }
  // Where each cursor stood, each panel's own tooltip prints the same instant.
  const printed: string[] = [];
  for (const [i, panel] of panels.entries()) {
    printed.push(await instantUnderCursor(harness.page, panel, (i + 1) as 1 | 2, positions[i]));
    await harness.page.mouse.move(5, 630);
  }
  expect(printed[1]).toBe(printed[0]);
});

test('shared tooltip: hovering one panel shows both tooltips at the same instant', async ({ harness, page }) => {
  await renderTwo(harness, 'tooltip');

  await hoverPanelOne(page, harness);
  await expect(page.getByTestId('memlens-tooltip')).toHaveCount(2);
  const [tooltipOne, tooltipTwo] = [tooltipOf(page, 1), tooltipOf(page, 2)];
  await expect(tooltipOne).toBeVisible();
  await expect(tooltipTwo).toBeVisible();
  expect((await cursorOf(harness.panelById(2))).shown).toBe(true);
  const stamp = await tooltipOne.getByLabel('Timestamp').textContent();
  expect(stamp).toMatch(/\d\d:\d\d/);
  await expect(tooltipTwo.getByLabel('Timestamp')).toHaveText(stamp!);
  // Panel 2's tooltip is its own workload's full table: every layer, not just the hovered series.
  for (const label of ['rss', 'active file cache', 'working set']) {
    await expect(tooltipTwo, `panel 2 tooltip row "${label}"`).toContainText(label);
  }
  await expect.poll(async () => hoversFrom(await harness.hoverEvents(), 1, 'hover').length).toBeGreaterThan(0);
});

test('sync off: hovering one panel leaves the other untouched and publishes nothing', async ({ harness, page }) => {
  await renderTwo(harness, 'off');
  const [one, two] = [harness.panelById(1), harness.panelById(2)];

  await hoverPanelOne(page, harness);
  await expect(page.getByTestId('memlens-tooltip')).toHaveCount(1);
  expect((await cursorOf(one)).shown).toBe(true);
  // Hover events are throttled to one per 100 ms; give a stray one time to arrive before looking.
  await page.waitForTimeout(300);
  expect((await cursorOf(two)).shown).toBe(false);
  await expect(tooltipOf(page, 1)).toBeVisible();
  await expect(tooltipOf(page, 2)).toHaveCount(0);
  expect(await harness.hoverEvents()).toEqual([]);
});
