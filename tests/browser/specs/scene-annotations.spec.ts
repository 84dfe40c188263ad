/**
 * The container dashboard's growth-region annotations on the Scenes host: a real Prometheus with
 * backfilled cAdvisor data and the MemLens recording rules (tests/backend/lib/growthRegions.ts), the
 * dashboard's annotation queries run by Scenes' AnnotationsDataLayer through the data source, and
 * Scenes' own panel filter deciding which panel gets them. The provisioned MemLens panel (id 1) is
 * excluded, so it shows each finding once, as its own region; another MemLens panel on the same
 * dashboard receives the regions, each on its own workload's chart (the queries' tag keys).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type * as GrowthRegions from '../../backend/lib/growthRegions';
import { repoRoot } from '../fixtures';
import { expect, provisionedDashboard, test } from '../scene-fixtures';

const importNative = new Function('url', 'return import(url)') as (url: string) => Promise<any>;

let lib: typeof GrowthRegions | undefined;
let stack: GrowthRegions.GrowthStack | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const { bundleForNode } = await importNative(pathToFileURL(join(repoRoot, 'bench', 'bundle.mjs')).href);
  lib = (await importNative(pathToFileURL(await bundleForNode('tests/backend/lib/growthRegions.ts')).href))
    .default as typeof GrowthRegions;
  stack = await lib.startGrowthStack({ rulesFile: join(repoRoot, 'provisioning/prometheus/rules/memlens.rules.yml') });
});

test.afterAll(async () => {
  await stack?.stop();
});

test("the dashboard's growth regions reach the panels its annotation filter allows, as Scenes applies it", async ({
  scene,
}) => {
  const dashboard = provisionedDashboard('container-memory');
  const memlens = dashboard.panels!.find((p) => p.type === 'memlens-memory-panel')!;
  // A second MemLens panel, which the annotation queries' filter (exclude panel 1) does not exclude.
  dashboard.panels!.push({ ...memlens, id: 2, title: 'Second MemLens panel' });
  await scene.addPrometheus(stack!.prometheus.url);
  const time = { from: new Date(stack!.startMs).toISOString(), to: new Date(stack!.endMs).toISOString() };
  await scene.load({ dashboard, time, panelWidth: 900, panelHeight: 700 });
  await expect(scene.panel()).toHaveCount(2);
  await expect(scene.panel().nth(1).getByTestId('memlens-workload')).toHaveCount(stack!.cases.length, {
    timeout: 30_000,
  });

  // What the same annotation queries give straight from Prometheus, turned into regions as Grafana does.
  const expected: string[] = [];
  const definitions = dashboard.annotations!.list!;
  for (const q of lib!.annotationQueries(dashboard as never)) {
    const format = definitions.find((a) => a.name === q.name)!.titleFormat as string;
    for (const r of await lib!.queryRegions(stack!.prometheus.url, q.expr, stack!.startMs, stack!.endMs, q.stepMs)) {
      expected.push(format.replace(/\{\{(\w+)\}\}/g, (_, label: string) => r.labels[label] ?? ''));
    }
  }
  expect(expected.length, 'the growth stack has growth regions').toBeGreaterThan(1);

  await expect
    .poll(async () => (await scene.state()).panels[1].annotations.length, { timeout: 30_000 })
    .toBe(expected.length);
  const [first, second] = (await scene.state()).panels;
  expect([...second.annotations].sort()).toEqual([...expected].sort());
  expect(second.annotations.join('\n')).toContain('logwriter-0/app grows, mostly active file cache');
  expect(second.annotations.join('\n')).toContain('leaker-0/app grows, mostly anonymous memory');
  // The queries' tag keys carry each region's namespace, pod and container, so the second panel paints
  // each region on its own pod's chart only: the leak is not drawn on the log writer's chart.
  const cells = scene.panel().nth(1).getByTestId('memlens-workload');
  for (const c of stack!.cases) {
    const own = expected.filter((title) => title.includes(`/${c.pod}/`));
    const markers = cells.filter({ hasText: `/${c.pod}/` }).getByTestId('memlens-annotation-marker');
    await expect(markers, c.pod).toHaveCount(own.length);
    const labels = await markers.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(
      labels.every((label) => label.includes(`/${c.pod}/`)),
      `${c.pod}: ${labels.join(' | ')}`
    ).toBe(true);
  }
  expect(
    expected.filter((title) => title.includes('/gc-0/')),
    'the GC sawtooth has no region'
  ).toEqual([]);
  // The provisioned MemLens panel is excluded: it shows the same findings as its own regions, once.
  expect(first.annotations).toEqual([]);
  // The annotation toggles Scenes shows above the dashboard.
  await expect(scene.page.getByText('Annotations', { exact: true })).toBeVisible();
  await scene.screenshot('scene-annotations');
});
