/**
 * The container dashboard's growth-region annotations, as a real Prometheus answers them
 * (tests/backend/lib/growthRegions.ts: backfilled cAdvisor data and MemLens rules), on the MemLens
 * panel: handed to it as dashboard annotations it paints each region in its query's colour at its
 * time; on the container dashboard itself the annotation queries exclude the MemLens panel (Grafana's
 * panel filter, applied here as Grafana applies it), so the panel shows the finding once, as its own
 * region, not twice.
 *
 * The library imports @grafana/data, which plain Node cannot load, so it runs bundled by esbuild.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import type * as GrowthRegions from '../../backend/lib/growthRegions';
import { columnColours, pixelsNear, type Rgb } from '../canvas';
import { annotationWireFrame, expect, repoRoot, type SeriesInput, test, THEMES, type WireFrame } from '../fixtures';

const importNative = new Function('url', 'return import(url)') as (url: string) => Promise<any>;

interface AnnotationQuery {
  name: string;
  iconColor: string;
  titleFormat: string;
  filter?: { exclude: boolean; ids: number[] };
}
interface Painted extends GrowthRegions.Region {
  color: string;
  title: string;
}

const dashboard = JSON.parse(readFileSync(join(repoRoot, 'provisioning/dashboards/container-memory.json'), 'utf8'));
const MEMLENS_PANEL_ID: number = dashboard.panels.find((p: { type: string }) => p.type === 'memlens-memory-panel').id;
const POD = 'logwriter-0';

let stack: GrowthRegions.GrowthStack | undefined;
let regions: Painted[] = [];
let queries: AnnotationQuery[] = [];
let series: SeriesInput[] = [];

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const { bundleForNode } = await importNative(pathToFileURL(join(repoRoot, 'bench', 'bundle.mjs')).href);
  const lib = (await importNative(pathToFileURL(await bundleForNode('tests/backend/lib/growthRegions.ts')).href))
    .default as typeof GrowthRegions;
  stack = await lib.startGrowthStack({ rulesFile: join(repoRoot, 'provisioning/prometheus/rules/memlens.rules.yml') });
  queries = dashboard.annotations.list.filter((a: { expr?: string }) => a.expr);
  for (const q of lib.annotationQueries(dashboard)) {
    const def = queries.find((a) => a.name === q.name)!;
    for (const r of await lib.queryRegions(stack.prometheus.url, q.expr, stack.startMs, stack.endMs, q.stepMs)) {
      const title = def.titleFormat.replace(
        /\{\{(\w+)\}\}/g,
        (_, l: string) => ({ namespace: 'shop', pod: r.pod, container: 'app' })[l] ?? ''
      );
      regions.push({ ...r, color: q.color, title });
    }
  }
  series = stack.series
    .filter((s) => s.labels.pod === POD)
    .map((s) => ({
      labels: s.labels,
      times: Array.from(s.times),
      values: Array.from(s.values),
      stepMs: stack!.stepMs,
    }));
});

test.afterAll(async () => {
  await stack?.stop();
});

/** What Grafana hands one panel: every annotation whose query's panel filter lets that panel see it. */
function annotationFrame(panelId: number | undefined): WireFrame {
  const visible = regions.filter((r) => {
    const filter = queries.find((q) => q.iconColor === r.color)?.filter;
    return panelId === undefined || !filter || filter.exclude !== filter.ids.includes(panelId);
  });
  return annotationWireFrame(
    visible.map((r) => ({
      type: r.kind,
      time: r.fromMs,
      timeEnd: r.toMs,
      isRegion: true,
      color: r.color,
      title: r.title,
      text: 'Recorded by the MemLens rule memlens.growth-regions',
      tags: [r.kind],
    }))
  );
}

const rgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;

test('the real Prometheus answers one file-cache region for the log writer and one anon region for the leak', () => {
  // In the dashboard's order of annotation queries: file-cache growth, then anonymous memory.
  expect(regions.map((r) => [r.pod, r.kind])).toEqual([
    ['logwriter-0', 'file-cache'],
    ['leaker-0', 'anon'],
  ]);
});

for (const theme of THEMES) {
  test(`the MemLens panel paints the growth regions as dashboard annotations, in their colours (${theme})`, async ({
    harness,
  }) => {
    const { startMs: from, endMs: to } = stack!;
    await harness.render({
      series,
      theme,
      annotations: [annotationFrame(undefined)],
      timeRange: { from, to },
      width: 1000,
      height: 520,
    });
    const panel = harness.panel();
    await expect(panel.getByTestId('memlens-annotation-marker')).toHaveCount(regions.length);
    const height = await panel.locator('.u-over').evaluate((over) => over.getBoundingClientRect().height);
    for (const r of regions) {
      for (const [edge, at] of [
        ['start', r.fromMs],
        ['end', r.toMs],
      ] as const) {
        const painted = pixelsNear(await columnColours(panel, at, from, to), rgb(r.color), 40);
        expect(painted, `${r.pod} ${r.kind} ${edge}: pixels near ${r.color}`).toBeGreaterThan(height * 0.3);
      }
    }
    await expect(panel.getByTestId('memlens-annotation-marker').first()).toHaveAttribute(
      'aria-label',
      /Working set of shop\/.+ grows/
    );
    await harness.screenshot(`growth-annotations-${theme}`);
  });
}

test('on the container dashboard the MemLens panel shows its own region once: the annotation queries exclude it', async ({
  harness,
}) => {
  const { startMs: from, endMs: to } = stack!;
  await harness.render({
    series,
    theme: 'dark',
    annotations: [annotationFrame(MEMLENS_PANEL_ID)],
    timeRange: { from, to },
    width: 1000,
    height: 520,
  });
  const panel = harness.panel();
  await expect(panel.getByTestId('memlens-region-marker')).toHaveCount(1);
  await expect(panel.getByTestId('memlens-annotation-marker')).toHaveCount(0);
  // Every other panel of the dashboard (PSI, refaults, OOM kills, CPU…) gets them.
  for (const other of dashboard.panels.filter((p: { type: string }) => p.type === 'timeseries')) {
    const frame = annotationFrame(other.id);
    expect([other.title, (frame.data!.values[1] as number[]).length]).toEqual([other.title, regions.length]);
  }
  await harness.screenshot('growth-annotations-once-dark');
});
