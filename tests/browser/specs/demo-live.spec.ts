/**
 * `PROMETHEUS_URL=… npm run demo` against a real Prometheus: two generated containers (a leak and the
 * seed's file cache, 3 days at one scrape a minute, ending now) dressed as kube-prometheus scrapes
 * them, backfilled with promtool, served behind basic auth; the demo started on that Prometheus with
 * the credentials in PROMETHEUS_URL; the live dashboard picked in the page's header: the provisioned
 * container dashboard, its variables filled by label_values queries and its PromQL run through the
 * harness server's data source proxy, as Grafana's.
 *
 * Three days, not fewer: the generator starts the leak's growth 1.5 to 2 days in, and the verdict
 * needs a day of it. The dashboard's default range, the last 7 days, covers them.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { startDemo, type DemoProcess } from '../demo-process';
import { expect, repoRoot, test } from '../fixtures';
import type { LivePrometheus, startLivePrometheus } from '../live-prometheus';

/** Node's own import (not Playwright's transform): the bench's esbuild helper and the bundle it writes. */
const importNative = new Function('url', 'return import(url)') as (url: string) => Promise<any>;

const CONTAINERS = ['leak', 'seed-file-cache'] as const;
const USER = 'memlens';
const PASSWORD = 'demo p@ss:word';
/** bcrypt of PASSWORD at the lowest cost (4), so that checking it on every request stays cheap. */
const PASSWORD_BCRYPT = '$2b$04$y46n4mJqaxdLHoMWtnbNOu2p7jMc/7uKtyIIbAc5J3QNibvHfxFke';

/** Grafana's data source proxy for the demo's one Prometheus data source (uid `prometheus`). */
const PROXY = '/api/datasources/proxy/uid/prometheus/api/v1';

const hashParams = (page: Page) => new URLSearchParams(new URL(page.url()).hash.slice(1));

let prometheus: LivePrometheus | undefined;

test.use({ viewport: { width: 1400, height: 900 } });
let demo: DemoProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  const { bundleForNode } = await importNative(pathToFileURL(join(repoRoot, 'bench', 'bundle.mjs')).href);
  const bundle: string = await bundleForNode('tests/browser/live-prometheus.ts');
  const live = (await importNative(pathToFileURL(bundle).href)).default as {
    startLivePrometheus: typeof startLivePrometheus;
  };
  prometheus = await live.startLivePrometheus({
    containers: [...CONTAINERS],
    days: 3,
    stepMs: 60_000,
    basicAuth: { user: USER, bcryptHash: PASSWORD_BCRYPT },
  });
  const withCredentials = new URL(prometheus.url);
  withCredentials.username = encodeURIComponent(USER);
  withCredentials.password = encodeURIComponent(PASSWORD);
  demo = await startDemo(withCredentials.toString());
});

test.afterAll(async () => {
  // Both, whatever happened to the other.
  await Promise.allSettled([demo?.stop(), prometheus?.stop()]);
});

test('the live dashboard fills its variables from Prometheus and shows one chart per container', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console error: ${msg.text()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} for ${r.url()}`));
  const queries: string[] = [];
  page.on('request', (r) => r.url().includes(PROXY) && queries.push(r.url()));

  // Start on a generated scenario, then pick the live dashboard in the header as a user would.
  await page.goto(`${demo!.url}/#scenario=scenario:steady`);
  await expect(page.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'stable');
  await page.getByRole('radio', { name: 'Container memory (live)' }).click();

  await expect(page.locator('#demo-title')).toHaveText('MemLens / Container memory');
  await expect(page.locator('#demo-status')).toHaveText(`Live: ${prometheus!.url}`);
  await expect.poll(() => hashParams(page).get('dashboard')).toBe('live');
  const workloads = page.getByTestId('memlens-workload');
  await expect(workloads).toHaveCount(CONTAINERS.length, { timeout: 30_000 });
  for (const pod of prometheus!.pods) {
    const workload = workloads.filter({ hasText: pod.pod });
    await expect(workload, `${pod.scenario}: one chart`).toHaveCount(1);
    await expect(workload.getByTestId('memlens-banner'), pod.scenario).toHaveAttribute('data-verdict', pod.verdict);
    await expect(workload.locator('canvas').first(), `${pod.scenario}: its chart is drawn`).toBeVisible();
  }

  // The variables hold Prometheus's label values: its namespace, both pods, their container.
  const variables = (await page.evaluate(() => window.sceneHost.state())).variables;
  for (const name of ['namespace', 'pod', 'container']) {
    expect(variables[name], name).toMatchObject({ loading: false, error: undefined });
  }
  expect(variables.pod.options, 'pods offered').toBeGreaterThanOrEqual(CONTAINERS.length);
  await page.getByLabel('Pod', { exact: true }).click();
  for (const pod of prometheus!.pods) {
    await expect(page.getByRole('option', { name: pod.pod, exact: true })).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await page.getByLabel('Namespace', { exact: true }).click();
  await expect(page.getByRole('option', { name: prometheus!.pods[0].namespace, exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  expect(
    queries.some((u) => u.includes('/api/v1/label/pod/values?')),
    'label_values(…, pod) asked'
  ).toBe(true);

  // Every query of the dashboard's MemLens panel (layers, lines and signals) and of its Prometheus
  // annotations, each a range query, once on a refresh.
  const dashboard = JSON.parse(readFileSync(join(repoRoot, 'provisioning/dashboards/container-memory.json'), 'utf8'));
  const panel = dashboard.panels.find((p: { type: string }) => p.type === 'memlens-memory-panel');
  const targets = panel.targets.filter((t: { hide?: boolean }) => !t.hide);
  expect(targets.length, 'the MemLens panel has queries').toBeGreaterThan(9);
  const annotations = dashboard.annotations.list.filter(
    (a: { enable?: boolean; expr?: string; datasource?: { type?: string } }) =>
      a.enable && a.expr && a.datasource?.type === 'prometheus'
  );
  const ranged = () => queries.filter((u) => u.includes('/api/v1/query_range?'));
  queries.length = 0;
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect.poll(() => ranged().length).toBe(targets.length + annotations.length);
  await expect(workloads).toHaveCount(CONTAINERS.length);

  // The dashboard's $pod variable, picked alone, narrows the queries to one container.
  const leak = prometheus!.pods.find((p) => p.scenario === 'leak')!;
  await page.getByLabel('Pod', { exact: true }).click();
  await page.getByRole('option', { name: leak.pod, exact: true }).click();
  await page.getByLabel('Pod', { exact: true }).blur(); // the multi-value picker applies its choice on leaving
  await expect.poll(() => page.evaluate(() => window.sceneHost.state().variables.pod.value)).toEqual([leak.pod]);
  await expect(workloads).toHaveCount(1);
  await expect(workloads.first()).toContainText(leak.pod);
  await expect(workloads.first().getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'anon');
  expect(new URL(ranged().at(-1)!).searchParams.get('query')).toContain(`pod=~"${leak.pod}"`);
  await expect.poll(() => hashParams(page).getAll('var-pod')).toEqual([leak.pod]);

  // The link reproduces the narrowed live view.
  const again = await page.context().newPage();
  await again.goto(page.url());
  await expect(again.getByTestId('memlens-workload')).toHaveCount(1, { timeout: 30_000 });
  await expect(again.getByTestId('memlens-workload').first()).toContainText(leak.pod);
  await again.close();

  for (const theme of ['Light', 'Dark']) {
    await page.getByRole('radio', { name: theme }).click();
    await page.screenshot({ path: join(repoRoot, 'artifacts', 'screenshots', `demo-live-${theme.toLowerCase()}.png`) });
  }

  // The credentials stay on the server: neither the page nor the console shows the password.
  expect(await page.content()).not.toContain(PASSWORD);
  expect(await page.content()).not.toContain(encodeURIComponent(PASSWORD));
  expect(demo!.output()).not.toContain(encodeURIComponent(PASSWORD));
  expect(demo!.output()).toContain(`live queries against ${prometheus!.url} (basic auth)`);
  expect(problems).toEqual([]);
});

test("the demo's data source proxy forwards Prometheus's query API only", async ({ request }) => {
  const base = `${demo!.url}${PROXY}`;
  for (const [method, path] of [
    ['POST', '/admin/tsdb/delete_series?match[]=container_memory_rss'],
    ['GET', '/admin/tsdb/snapshot'],
    ['GET', '/status/config'],
  ] as const) {
    const res = await request.fetch(`${base}${path}`, { method });
    expect(res.status(), `${method} ${path}`).toBe(403);
    expect((await res.json()).error).toContain("only Prometheus's query API");
  }
  // Prometheus wants the password, and the proxy sends it: the data is still there and a query goes through.
  const query = `/query?query=${encodeURIComponent('count(container_memory_rss)')}`;
  expect((await request.get(`${prometheus!.url}/api/v1${query}`)).status(), 'Prometheus without credentials').toBe(401);
  const res = await request.get(`${base}${query}`);
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe('success');
  expect(Number(body.data.result[0].value[1])).toBeGreaterThan(0);
});
