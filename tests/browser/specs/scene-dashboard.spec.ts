/**
 * MemLens inside a @grafana/scenes dashboard, as Grafana 12.4 and 13 run dashboards: the provisioned
 * container dashboard loaded from its JSON, its variables filled by label-values queries and its
 * panel's queries run by SceneQueryRunner against a real Prometheus (generated containers backfilled
 * by promtool). Variables, refresh, zoom, migration on load and query errors go through Scenes' code.
 */
import type { LivePrometheus } from '../live-prometheus';
import { expect, provisionedDashboard, startPrometheus, test, type SceneHarness } from '../scene-fixtures';

const CONTAINERS = ['leak', 'seed-file-cache'] as const;
const RANGE = { from: 'now-3d', to: 'now' };

let prometheus: LivePrometheus | undefined;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  prometheus = await startPrometheus({ containers: [...CONTAINERS], days: 3, stepMs: 60_000 });
});

test.afterAll(async () => {
  await prometheus?.stop();
});

const containerDashboard = () => provisionedDashboard('container-memory');
const memlensTargets = () => containerDashboard().panels!.find((p) => p.type === 'memlens-memory-panel')!.targets!;

/** Loads the container dashboard over the last 3 days and waits for a verdict per container. */
async function loadContainers(scene: SceneHarness, dashboard = containerDashboard()) {
  await scene.addPrometheus(prometheus!.url);
  await scene.load({ dashboard, time: RANGE, panelHeight: 900 });
  const workloads = scene.page.getByTestId('memlens-workload');
  await expect(workloads).toHaveCount(CONTAINERS.length, { timeout: 30_000 });
  return workloads;
}

test('the container dashboard: variables from label values, each container with its verdict', async ({ scene }) => {
  const workloads = await loadContainers(scene);
  for (const pod of prometheus!.pods) {
    const workload = workloads.filter({ hasText: pod.pod });
    await expect(workload.getByTestId('memlens-banner'), pod.scenario).toHaveAttribute('data-verdict', pod.verdict);
  }
  const state = await scene.state();
  // Scenes ran the label_values queries: every pod is an option, and "All" is picked.
  expect(state.variables.pod.options).toBe(CONTAINERS.length);
  expect(state.variables.namespace.value).toBe('$__all');
  expect(state.variables.datasource.value).toBe('prometheus');
  // The panel's title interpolated by Scenes, in Grafana's panel chrome.
  await expect(scene.page.getByTestId('data-testid Panel header Memory of All / All / All')).toBeVisible();
  // Each query of the MemLens panel ran once as a range query, its variables interpolated.
  expect(scene.rangeQueries).toHaveLength(memlensTargets().length);
  for (const url of scene.rangeQueries) {
    expect(url.searchParams.get('query')).not.toMatch(/\$\w/);
  }
  // And each of the dashboard's annotation queries (the growth rules), as a Scenes data layer.
  const annotationQueries = containerDashboard().annotations!.list!.filter((a) => a.expr);
  expect(scene.allRangeQueries.length - scene.rangeQueries.length).toBe(annotationQueries.length);
  // The dashboard's time series panels are Grafana core plugins, which the host does not load: said, not hidden.
  expect(state.skipped.map((s) => s.type)).toContain('timeseries');
});

test('a variable change re-runs the queries and redraws with one container', async ({ scene }) => {
  const workloads = await loadContainers(scene);
  const leak = prometheus!.pods.find((p) => p.scenario === 'leak')!;
  const before = scene.rangeQueries.length;
  // As the pod picker does: a user's change of the variable's value.
  await scene.page.evaluate((pod) => window.sceneHost.setVariable('pod', [pod]), leak.pod);
  await expect(workloads).toHaveCount(1);
  await expect(workloads.first()).toContainText(leak.pod);
  await expect(workloads.first().getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'anon');
  await expect(scene.page.getByTestId(`data-testid Panel header Memory of All / ${leak.pod} / All`)).toBeVisible();
  const rerun = scene.rangeQueries.slice(before);
  expect(rerun).toHaveLength(memlensTargets().length);
  for (const url of rerun) {
    expect(url.searchParams.get('query')).toContain(`pod=~"${leak.pod}"`);
  }
});

test('a refresh re-runs the queries and redraws without re-mounting the panel', async ({ scene }) => {
  const workloads = await loadContainers(scene);
  const chart = await workloads.first().locator('canvas').first().elementHandle();
  const banner = await workloads.first().getByTestId('memlens-banner').elementHandle();
  const before = scene.rangeQueries.length;
  await scene.page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect.poll(() => scene.rangeQueries.length).toBe(before + memlensTargets().length);
  await expect(workloads).toHaveCount(CONTAINERS.length);
  await expect(workloads.first().getByTestId('memlens-banner')).toBeVisible();
  // The same chart canvas and banner element: new data, same mounted panel.
  expect(await chart!.evaluate((el) => el.isConnected)).toBe(true);
  expect(await banner!.evaluate((el) => el.isConnected)).toBe(true);
});

test("zooming on the chart narrows the scene's time range and re-runs the queries", async ({ scene }) => {
  const workloads = await loadContainers(scene);
  const { timeRange: before } = await scene.state();
  const queriesBefore = scene.rangeQueries.length;
  const plot = workloads.first().locator('.u-over');
  const box = (await plot.boundingBox())!;
  const y = box.y + box.height * 0.5;
  await scene.page.mouse.move(box.x + box.width * 0.25, y);
  await scene.page.mouse.down();
  await scene.page.mouse.move(box.x + box.width * 0.5, y, { steps: 8 });
  await scene.page.mouse.move(box.x + box.width * 0.75, y, { steps: 8 });
  await scene.page.mouse.up();
  await expect.poll(async () => (await scene.state()).timeRange.raw.from).not.toBe(RANGE.from);
  const { timeRange: after } = await scene.state();
  const span = before.to - before.from;
  // Half of the plot's width, give or take the plot's own padding.
  expect(after.to - after.from).toBeGreaterThan(span * 0.4);
  expect(after.to - after.from).toBeLessThan(span * 0.6);
  expect(after.from).toBeGreaterThan(before.from);
  expect(after.to).toBeLessThan(before.to);
  // The time picker shows the absolute range, and the queries ran again over it.
  await expect(scene.page.getByText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d to \d{4}-\d\d-\d\d/)).toBeVisible();
  await expect.poll(() => scene.rangeQueries.length).toBe(queriesBefore + memlensTargets().length);
  const start = Number(scene.rangeQueries.at(-1)!.searchParams.get('start')) * 1000;
  expect(Math.abs(start - after.from)).toBeLessThan(span * 0.01);
  await expect(workloads.first().getByTestId('memlens-banner')).toBeVisible();
});

test('a dashboard saved by an older MemLens is migrated by Scenes on load', async ({ scene }) => {
  const dashboard = containerDashboard();
  const panel = dashboard.panels!.find((p) => p.type === 'memlens-memory-panel')!;
  // Before 1.0.0 the query roles were text, and the growth threshold a number of bytes.
  const roles = Object.entries((panel.options as { roles: Record<string, string> }).roles);
  panel.pluginVersion = '0.9.0';
  panel.options = {
    ...panel.options,
    roles: roles.map(([refId, role]) => `${refId}=${role}`).join(', '),
    text: 'scaffold',
  };
  const workloads = await loadContainers(scene, dashboard);
  const [state] = (await scene.state()).panels;
  expect(state.pluginVersion, 'Scenes stamps the loaded plugin version').toBe('1.0.0');
  expect(state.options.roles).toEqual(Object.fromEntries(roles));
  expect(state.options, "the scaffold's text option is dropped").not.toHaveProperty('text');
  // The migrated roles make the aggregated queries usable: each container gets its verdict.
  for (const pod of prometheus!.pods) {
    await expect(workloads.filter({ hasText: pod.pod }).getByTestId('memlens-banner')).toHaveAttribute(
      'data-verdict',
      pod.verdict
    );
  }
  // The same options saved as the current version are not migrated: Scenes decides by the version.
  panel.pluginVersion = '1.0.0';
  await scene.load({ dashboard, time: RANGE });
  await expect.poll(async () => (await scene.state()).panels[0].loaded).toBe(true);
  expect((await scene.state()).panels[0].options.roles).toBe(panel.options!.roles);
});

test('a query error from Prometheus shows in the panel chrome, and the panel says why it has no chart', async ({
  scene,
}) => {
  const dashboard = containerDashboard();
  const panel = dashboard.panels!.find((p) => p.type === 'memlens-memory-panel')!;
  panel.targets = [{ refId: 'A', datasource: { type: 'prometheus', uid: '${datasource}' }, expr: 'sum(rate(' }];
  await scene.addPrometheus(prometheus!.url);
  await scene.load({ dashboard, time: RANGE, panelHeight: 500 });
  // Grafana's panel chrome: the error status with Prometheus's own message.
  const status = scene.page.getByTestId('data-testid Panel status error');
  await expect(status).toBeVisible({ timeout: 30_000 });
  await status.hover();
  await expect(scene.page.getByRole('tooltip')).toContainText('parse error');
  // Inside, a readable state: no chart, no blank panel.
  await expect(scene.panel().getByTestId('memlens-empty')).toBeVisible();
  // Prometheus answered 400 (the browser logs that request); nothing else failed.
  const expected = /HTTP 400 for .*query_range|status of 400/;
  expect(scene.problems.some((p) => expected.test(p))).toBe(true);
  scene.problems.splice(0, scene.problems.length, ...scene.problems.filter((p) => !expected.test(p)));
});
