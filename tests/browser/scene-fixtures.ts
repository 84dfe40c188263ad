/**
 * The specs' view of the Scenes host (tests/browser/scene): a dashboard JSON loaded into a real
 * @grafana/scenes dashboard, its queries against a real Prometheus registered with the harness server.
 * Page errors, console errors, failed requests and dialogs are watched as in the panel harness.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { expect, Harness, repoRoot, test as base, type HostOptions } from './fixtures';
import type { DashboardJson } from './scene/dashboardJson';
import type { HostState } from './scene/hostState';

export type { DashboardJson };
import type { LivePrometheus, LivePrometheusOptions, startLivePrometheus } from './live-prometheus';

/** Node's own import (not Playwright's transform): the bench's esbuild helper and the bundle it writes. */
const importNative = new Function('url', 'return import(url)') as (url: string) => Promise<any>;

/** Starts a real Prometheus with generated containers (the generator needs esbuild's bundle, see live-prometheus.ts). */
export async function startPrometheus(options: LivePrometheusOptions): Promise<LivePrometheus> {
  const { bundleForNode } = await importNative(pathToFileURL(join(repoRoot, 'bench', 'bundle.mjs')).href);
  const bundle: string = await bundleForNode('tests/browser/live-prometheus.ts');
  const live = (await importNative(pathToFileURL(bundle).href)).default as {
    startLivePrometheus: typeof startLivePrometheus;
  };
  return live.startLivePrometheus(options);
}

export function provisionedDashboard(name: string): DashboardJson {
  return JSON.parse(readFileSync(join(repoRoot, 'provisioning', 'dashboards', `${name}.json`), 'utf8'));
}

export interface SceneLoad {
  dashboard: DashboardJson;
  theme?: 'light' | 'dark';
  time?: { from: string; to: string };
  panelWidth?: number;
  panelHeight?: number;
}

export type SceneState = HostState;

export const PROMETHEUS_UID = 'prometheus';

export class SceneHarness extends Harness {
  /** Range queries the page sent through the data source proxy, in order: panels' and annotations'. */
  readonly allRangeQueries: URL[] = [];

  /**
   * The panels' range queries: without the dashboard's annotation queries, which read the MemLens
   * growth recording rules (`…:memlens_…`), as no panel query of the provisioned dashboards does.
   */
  get rangeQueries(): URL[] {
    return this.allRangeQueries.filter((url) => !url.searchParams.get('query')?.includes(':memlens_'));
  }

  async open(): Promise<void> {
    const base = process.env.MEMLENS_HARNESS_URL;
    if (!base) {
      throw new Error('MEMLENS_HARNESS_URL is not set: run the specs with -c tests/browser/playwright.config.ts');
    }
    this.page.on('request', (r) => {
      if (r.url().includes('/api/datasources/proxy/') && r.url().includes('/api/v1/query_range?')) {
        this.allRangeQueries.push(new URL(r.url()));
      }
    });
    await this.page.goto(`${base}/scene/${this.host}/`);
    await this.page.waitForFunction(() => Boolean(window.sceneHost), undefined, { timeout: 45_000 });
  }

  /** Registers a loopback Prometheus with the harness server as the data source `prometheus`. */
  async addPrometheus(url: string): Promise<void> {
    const res = await this.page.request.post(`${process.env.MEMLENS_HARNESS_URL}/harness/datasources`, {
      data: { uid: PROMETHEUS_UID, name: 'Prometheus', url },
    });
    expect(res.ok(), await res.text()).toBe(true);
  }

  load(request: SceneLoad): Promise<SceneState> {
    return this.page.evaluate(
      (r: SceneLoad) => window.sceneHost.load({ ...r, prometheus: [{ uid: 'prometheus', name: 'Prometheus' }] }),
      request
    );
  }

  state(): Promise<SceneState> {
    return this.page.evaluate(() => window.sceneHost.state());
  }

  /** The MemLens VizPanels: Grafana's panel chrome with the panel inside. */
  panel() {
    return this.page.locator('[data-viz-panel-key]');
  }

  /** The whole dashboard: controls and panels. */
  protected screenshotTarget() {
    return this.page.locator('#harness-root');
  }
}

export const test = base.extend<HostOptions & { scene: SceneHarness }>({
  scene: async ({ page, host }, use, testInfo) => {
    const scene = new SceneHarness(page, host, testInfo);
    await scene.open();
    await use(scene);
    expect(scene.problems, 'page errors and console errors').toEqual([]);
    expect(scene.dialogs, 'dialogs opened by the page').toEqual([]);
  },
});

export { expect };

declare global {
  interface Window {
    sceneHost: {
      load(request: unknown): Promise<SceneState>;
      state(): SceneState;
      setTheme(mode: 'light' | 'dark'): void;
      setVariable(name: string, value: string | string[]): void;
      setTimeRange(from: string, to: string): void;
    };
  }
}
