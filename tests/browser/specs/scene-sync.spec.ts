/**
 * The dashboard's "Graph tooltip" setting on the Scenes host: behaviors.CursorSync gives each VizPanel
 * the dashboard's sync mode and events scope, as Grafana's dashboard does. Two MemLens panels on
 * generated weeks (the recorded-data source) over the same range: with the shared crosshair, hovering
 * one moves the other's cursor; with the default (off), it does not.
 */
import { cursorOf } from '../canvas';
import { expect, test, type DashboardJson, type SceneHarness } from '../scene-fixtures';

/** Generated scenarios start on 2025-01-06 and last a week. */
const WEEK = { from: '2025-01-06T00:00:00Z', to: '2025-01-13T00:00:00Z' };

function twoPanels(graphTooltip: number): DashboardJson {
  const panel = (id: number, scenario: string) => ({
    id,
    type: 'memlens-memory-panel',
    title: scenario,
    datasource: { type: 'memlens-recorded', uid: 'memlens-recorded' },
    targets: [{ refId: 'A', scenario: `scenario:${scenario}` }],
    options: {},
  });
  return {
    title: 'Two panels',
    uid: `sync-${graphTooltip}`,
    graphTooltip,
    panels: [panel(1, 'leak'), panel(2, 'seed-file-cache')],
  };
}

async function loadTwo(scene: SceneHarness, graphTooltip: number) {
  await scene.load({ dashboard: twoPanels(graphTooltip), time: WEEK, panelWidth: 560, panelHeight: 520 });
  const panels = scene.panel();
  await expect(panels).toHaveCount(2);
  for (const panel of [panels.nth(0), panels.nth(1)]) {
    await expect(panel.getByTestId('memlens-banner')).toBeVisible({ timeout: 30_000 });
  }
  const plot = panels.nth(0).locator('.u-over');
  const box = (await plot.boundingBox())!;
  await scene.page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5, { steps: 4 });
  return panels;
}

test('shared crosshair: hovering one panel moves the other panel’s cursor', async ({ scene }) => {
  const panels = await loadTwo(scene, 1);
  await expect.poll(async () => (await cursorOf(panels.nth(1))).shown).toBe(true);
  const other = await cursorOf(panels.nth(1));
  // Both cover the same week, but the leak's projection toward its limit widens panel 1's axis past the
  // range's end: the instant at 40 % of panel 1 lies further right on panel 2.
  expect(other.at).toBeGreaterThan(0.39);
  expect(other.at).toBeLessThan(0.7);
  await scene.screenshot('scene-sync-crosshair');
});

test('cursor sync off: hovering one panel leaves the other panel’s cursor hidden', async ({ scene }) => {
  const panels = await loadTwo(scene, 0);
  await expect.poll(async () => (await cursorOf(panels.nth(0))).shown).toBe(true);
  expect((await cursorOf(panels.nth(1))).shown).toBe(false);
});
