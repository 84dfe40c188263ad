/**
 * The specs' view of the harness: open a host page, render the panel from wire frames, and watch for
 * what must never happen (page errors, console errors, dialogs). Every test ends by asserting none did.
 */
import { expect, test as base, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type HostName = 'host12' | 'host13';

export interface HostOptions {
  host: HostName;
}

/** One series in plain numbers; the page turns it into a wire frame with src/scenarios/wire.ts. */
export interface SeriesInput {
  refId?: string;
  labels: Record<string, string>;
  times: number[];
  values: number[];
  stepMs: number;
}

/** A wire frame as Grafana sends it (`DataFrameJSON`). */
export type WireFrame = {
  schema?: { refId?: string; meta?: Record<string, unknown>; fields: unknown[] };
  data?: { values: unknown[][] };
};

export interface RenderInput {
  series?: SeriesInput[];
  /** A generated scenario (src/scenarios/generator.ts), by name. */
  scenario?: string;
  frames?: WireFrame[];
  options?: Record<string, unknown>;
  fieldConfig?: Record<string, unknown>;
  theme?: 'light' | 'dark';
  width?: number;
  height?: number;
  timeRange?: { from: number; to: number };
  /** The dashboard's annotation frames (`data.annotations`), as wire frames. */
  annotations?: WireFrame[];
}

/** One dashboard annotation event, as Grafana passes it to a panel (a point when timeEnd = time). */
export interface AnnotationRow {
  type: string;
  time: number;
  timeEnd: number;
  isRegion: boolean;
  color: string;
  title: string;
  text: string;
  tags: string[];
}

/** The `data.annotations` frame Grafana builds from annotation events. */
export function annotationWireFrame(rows: AnnotationRow[]): WireFrame {
  const keys = ['type', 'time', 'timeEnd', 'isRegion', 'color', 'title', 'text', 'tags'] as const;
  const types = {
    type: 'string',
    time: 'time',
    timeEnd: 'time',
    isRegion: 'boolean',
    color: 'string',
    title: 'string',
    text: 'string',
    tags: 'other',
  };
  return {
    schema: {
      refId: 'Anno',
      meta: { dataTopic: 'annotations' },
      fields: keys.map((name) => ({ name, type: types[name] })),
    },
    data: { values: keys.map((k) => rows.map((r) => r[k])) },
  };
}

/** The dashboard's "Graph tooltip" setting: panels share nothing, the crosshair, or crosshair and tooltip. */
export type DashboardSync = 'off' | 'crosshair' | 'tooltip';

/** A hover event another panel on the dashboard received (the host records them). */
export interface HoverRecord {
  type: 'hover' | 'clear';
  panelId?: number;
  time?: number;
  rowIndex?: number;
}

export const THEMES = ['light', 'dark'] as const;

export const repoRoot = join(__dirname, '..', '..');
export const screenshotsDir = join(repoRoot, 'artifacts', 'screenshots');

export class Harness {
  readonly problems: string[] = [];
  readonly dialogs: string[] = [];

  constructor(
    readonly page: Page,
    readonly host: HostName,
    private readonly testInfo: TestInfo
  ) {
    page.on('pageerror', (err) => this.problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        this.problems.push(`console error: ${msg.text()}`);
      }
    });
    page.on('response', (response) => {
      if (response.status() >= 400) {
        this.problems.push(`HTTP ${response.status()} for ${response.url()}`);
      }
    });
    page.on('dialog', (dialog) => {
      this.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
  }

  async open(): Promise<void> {
    const base = process.env.MEMLENS_HARNESS_URL;
    if (!base) {
      throw new Error('MEMLENS_HARNESS_URL is not set: run the specs with -c tests/browser/playwright.config.ts');
    }
    await this.page.goto(`${base}/${this.host}/`);
    // The host bundle is large (all of @grafana/ui); on a busy two-core machine parsing it takes a while.
    await this.page.waitForFunction(() => Boolean(window.harness), undefined, { timeout: 45_000 });
    await this.page.evaluate(() => window.harness.ready.then(() => undefined));
  }

  /** Renders the panel and resolves once React has committed and two frames were drawn. */
  async render(input: RenderInput): Promise<RenderOutput> {
    const [output] = await this.renderDashboard([input], 'off');
    return output;
  }

  /**
   * Renders panels side by side on one dashboard with the given cursor sync; panel ids are 1, 2, ...
   * in order. Resolves once React has committed and two frames were drawn.
   */
  async renderDashboard(inputs: RenderInput[], sync: DashboardSync): Promise<RenderOutput[]> {
    return this.page.evaluate(
      async ({ inputs, sync }: { inputs: RenderInput[]; sync: DashboardSync }) => {
        const requests = inputs.map((req) => ({
          ...req,
          frames: [
            ...(req.frames ?? []),
            ...(req.series ?? []).map((s) => window.memlensWire.toWireFrame(s)),
            ...(req.scenario ? window.memlensWire.scenarioFrames(req.scenario) : []),
          ],
        }));
        return window.renderPanels(requests, { sync });
      },
      { inputs, sync } as never
    );
  }

  panel() {
    return this.page.getByTestId('harness-panel');
  }

  /** Panel `id` of a dashboard rendered by renderDashboard. */
  panelById(id: number) {
    return this.page.locator(`[data-testid="harness-panel"][data-panel-id="${id}"]`);
  }

  /** Publishes a hover at `time` (a clear for null) on the dashboard's bus, as a non-uPlot panel does. */
  publishHover(time: number | null): Promise<void> {
    return this.page.evaluate((t) => window.harness.publishHover(t), time);
  }

  /** The hover events published on the dashboard's bus since the last render. */
  hoverEvents(): Promise<HoverRecord[]> {
    return this.page.evaluate(() => window.harness.hoverEvents);
  }

  /** What `screenshot` takes: the panel. */
  protected screenshotTarget() {
    return this.panel();
  }

  /** Saves a screenshot of the panel under artifacts/screenshots and attaches it to the report. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(screenshotsDir, { recursive: true });
    const path = join(screenshotsDir, `${this.host}-${name}.png`);
    await this.screenshotTarget().screenshot({ path });
    await this.testInfo.attach(name, { path, contentType: 'image/png' });
    return path;
  }
}

type RenderOutput = { options: Record<string, unknown>; seriesCount: number };

export const test = base.extend<HostOptions & { harness: Harness }>({
  host: ['host12', { option: true }],
  harness: async ({ page, host }, use, testInfo) => {
    const harness = new Harness(page, host, testInfo);
    await harness.open();
    await use(harness);
    expect(harness.problems, 'page errors and console errors').toEqual([]);
    expect(harness.dialogs, 'dialogs opened by the page').toEqual([]);
  },
});

export { expect };

declare global {
  interface Window {
    harness: {
      ready: Promise<unknown>;
      renders: number;
      hoverEvents: HoverRecord[];
      publishHover: (time: number | null) => void;
    };
    renderPanel: (req: unknown) => Promise<RenderOutput>;
    renderPanels: (reqs: unknown[], dashboard: { sync: DashboardSync }) => Promise<RenderOutput[]>;
    memlensWire: {
      toWireFrame: (s: SeriesInput) => WireFrame;
      scenarioFrames: (name: string, options?: { days?: number; target?: 'container' | 'node' }) => WireFrame[];
    };
  }
}
