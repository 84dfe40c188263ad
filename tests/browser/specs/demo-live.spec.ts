/**
 * `PROMETHEUS_URL=… npm run demo` against a real Prometheus: two generated containers (a leak and the
 * seed's file cache, 3 days at one scrape a minute, ending now) dressed as kube-prometheus scrapes
 * them, backfilled with promtool, served behind basic auth; the demo started on that Prometheus with
 * the credentials in PROMETHEUS_URL; the live source picked in the page, which runs the provisioned
 * container dashboard's PromQL through the demo's proxy.
 *
 * Three days, not fewer: the generator starts the leak's growth 1.5 to 2 days in, and the verdict
 * needs a day of it. The page offers "last 7d" as its widest live range, which covers them.
 */
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

let prometheus: LivePrometheus | undefined;
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

test('the live source shows one chart per container from Prometheus, with its verdict', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(`console error: ${msg.text()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} for ${r.url()}`));
  const queries: string[] = [];
  page.on('request', (r) => r.url().includes('/demo/prometheus/') && queries.push(r.url()));

  // Start on a generated scenario, then pick the live source as a user would.
  await page.goto(`${demo!.url}/#scenario=scenario:steady`);
  await expect(page.getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'stable');
  const picker = page.locator('#demo-scenario');
  const liveGroup = picker.locator(`optgroup[label="Live: ${prometheus!.url}"] option`);
  await expect(liveGroup).toHaveCount(5);
  await picker.selectOption('live:7d');
  // Readable: a select as tall as its text (Grafana's global form styles once made it 4 px high).
  const box = await picker.boundingBox();
  expect(box?.height, "the picker's height in px").toBeGreaterThanOrEqual(16);

  await expect(page.locator('#demo-status')).toHaveText(
    `Live: ${prometheus!.url}: MemLens / Container memory, last 7d`,
    { timeout: 30_000 }
  );
  const workloads = page.getByTestId('memlens-workload');
  await expect(workloads).toHaveCount(CONTAINERS.length);
  for (const pod of prometheus!.pods) {
    const workload = workloads.filter({ hasText: pod.pod });
    await expect(workload, `${pod.scenario}: one chart`).toHaveCount(1);
    await expect(workload.getByTestId('memlens-banner'), pod.scenario).toHaveAttribute('data-verdict', pod.verdict);
    await expect(workload.locator('canvas').first(), `${pod.scenario}: its chart is drawn`).toBeVisible();
  }
  // Every query of the dashboard's MemLens panel (layers, lines and signals), each a range query.
  const dashboard = JSON.parse(readFileSync(join(repoRoot, 'provisioning/dashboards/container-memory.json'), 'utf8'));
  const panel = dashboard.panels.find((p: { type: string }) => p.type === 'memlens-memory-panel');
  expect(panel.targets.length, 'the MemLens panel has queries').toBeGreaterThan(9);
  expect(queries.filter((u) => u.includes('/api/v1/query_range?'))).toHaveLength(panel.targets.length);

  // The dashboard's $pod variable narrows the queries to one container.
  const leak = prometheus!.pods.find((p) => p.scenario === 'leak')!;
  await page.locator('#var-pod').fill(leak.pod);
  await page.locator('#var-pod').press('Enter');
  await expect(workloads).toHaveCount(1);
  await expect(workloads.first()).toContainText(leak.pod);
  await expect(workloads.first().getByTestId('memlens-banner')).toHaveAttribute('data-verdict', 'anon');
  expect(new URL(queries.at(-1)!).searchParams.get('query')).toContain(`pod=~"${leak.pod}"`);

  // The credentials stay on the server: neither the page nor the console shows the password.
  expect(await page.content()).not.toContain(PASSWORD);
  expect(await page.content()).not.toContain(encodeURIComponent(PASSWORD));
  expect(demo!.output()).not.toContain(encodeURIComponent(PASSWORD));
  expect(demo!.output()).toContain(`live queries against ${prometheus!.url} (basic auth)`);
  expect(problems).toEqual([]);
});

test("the demo's proxy forwards Prometheus's query API only", async ({ request }) => {
  const base = `${demo!.url}/demo/prometheus/api/v1`;
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
