/**
 * The browser host: plays the part of Grafana's dashboard for its panels. It registers the shared
 * modules, initialises i18next and the standard field options as Grafana does at boot, loads the
 * built plugin (`/dist/module.js`) through SystemJS, and renders `plugin.panel` with PanelProps built
 * the way Grafana's panel chrome builds them. Tests drive it through `window.renderPanel` (one panel)
 * and `window.renderPanels` (panels side by side on a dashboard with a shared crosshair or tooltip).
 */
import {
  applyFieldOverrides,
  createTheme,
  DashboardCursorSync,
  DataHoverClearEvent,
  DataHoverEvent,
  dataFrameFromJSON,
  dateTime,
  type EventBus,
  EventBusSrv,
  LoadingState,
  ThemeContext,
  type DataFrameJSON,
  type FieldConfigSource,
  type GrafanaTheme2,
  type PanelData,
  type PanelPlugin,
  type PanelProps,
  type TimeRange,
} from '@grafana/data';
import { GlobalStyles, PanelContextProvider } from '@grafana/ui';
import mergeWith from 'lodash/mergeWith';
import React, { type ComponentType } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import type { Unsubscribable } from 'rxjs';

import { loadPlugin, mountPoint } from './loadPlugin';
import * as runtime from './runtimeStub';
import './wire';

export interface RenderRequest {
  /** Wire frames (what /api/ds/query returns per query), or a whole `{results: {A: {frames}}}` response. */
  frames?: DataFrameJSON[];
  /** Panel options, merged over the plugin's defaults (arrays replace, objects merge). */
  options?: Record<string, unknown>;
  /** Field config, merged over the plugin's field config defaults. */
  fieldConfig?: Partial<FieldConfigSource>;
  theme?: 'light' | 'dark';
  width?: number;
  height?: number;
  /** ms; defaults to the span of the frames' time fields. */
  timeRange?: { from: number; to: number };
  timeZone?: string;
  annotations?: DataFrameJSON[];
  title?: string;
}

export interface RenderResult {
  options: Record<string, unknown>;
  seriesCount: number;
}

export interface HarnessState {
  ready: Promise<PanelPlugin>;
  renders: number;
  hoverEvents: HoverRecord[];
  /**
   * Publishes a hover at `time` (or a clear, for null) on the dashboard's bus as a panel that is not
   * uPlot-based does (no "uplot" tag, so uPlot panels take it from the bus, not from uPlot's sync).
   */
  publishHover: (time: number | null) => void;
}

const state: HarnessState = {
  ready: Promise.resolve(undefined as unknown as PanelPlugin),
  renders: 0,
  hoverEvents: [],
  publishHover: () => {
    throw new Error('render a dashboard with window.renderPanels first');
  },
};

const replaceArrays = (_target: unknown, source: unknown) => (Array.isArray(source) ? source : undefined);

function timeRangeOf(frames: DataFrameJSON[], given?: { from: number; to: number }): TimeRange {
  let from = given?.from ?? Infinity;
  let to = given?.to ?? -Infinity;
  if (!given) {
    for (const frame of frames) {
      const timeIndex = frame.schema?.fields.findIndex((f) => f.type === 'time') ?? -1;
      const times = (timeIndex >= 0 ? frame.data?.values[timeIndex] : []) as number[];
      for (const t of times ?? []) {
        from = Math.min(from, t);
        to = Math.max(to, t);
      }
    }
    if (!Number.isFinite(from)) {
      to = Date.now();
      from = to - 3600_000;
    }
  }
  return { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
}

let root: Root | undefined;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** The dashboard around the panels: its cursor sync setting ("Graph tooltip" in the dashboard settings). */
export interface DashboardRequest {
  sync?: 'off' | 'crosshair' | 'tooltip';
}

/** A DataHoverEvent or DataHoverClearEvent seen on the dashboard's bus, as another panel receives it. */
export interface HoverRecord {
  type: 'hover' | 'clear';
  /** The id of the panel that published it. */
  panelId?: number;
  time?: number;
  rowIndex?: number;
}

const SYNC_MODES = {
  off: DashboardCursorSync.Off,
  crosshair: DashboardCursorSync.Crosshair,
  tooltip: DashboardCursorSync.Tooltip,
};

/** One panel, alone on a dashboard with cursor sync off. */
export async function renderPanel(request: RenderRequest): Promise<RenderResult> {
  const [result] = await renderPanels([request]);
  return result;
}

/**
 * Panels side by side on one dashboard. As Grafana's dashboard does, every panel gets a PanelContext
 * with the dashboard's sync mode, the dashboard's events scope (the uPlot cursor sync key) and its own
 * bus onto the dashboard's bus, whose events carry that bus as their origin.
 */
export async function renderPanels(
  requests: RenderRequest[],
  dashboard: DashboardRequest = {}
): Promise<RenderResult[]> {
  const plugin = await state.ready;
  const mode = dashboard.sync ?? 'off';
  const sync = SYNC_MODES[mode];
  if (sync === undefined) {
    throw new Error(`unknown sync mode "${mode}" (known: ${Object.keys(SYNC_MODES).join(', ')})`);
  }
  const theme: GrafanaTheme2 = createTheme({ colors: { mode: requests[0]?.theme ?? 'dark' } });
  runtime.config.theme2 = theme;
  const dashboardBus = new EventBusSrv();
  const eventsScope = 'memlens-harness-dashboard';
  const panels = requests.map((request, i) => {
    const eventBus = dashboardBus.newScopedBus(`panel-${i + 1}`, { onlyLocal: false });
    return { ...panelProps(plugin, request, theme, i + 1, eventBus), eventBus };
  });
  recordHovers(dashboardBus, panels);
  const otherPanel = dashboardBus.newScopedBus('another-panel', { onlyLocal: false });
  state.publishHover = (time) =>
    otherPanel.publish(time === null ? new DataHoverClearEvent() : new DataHoverEvent({ point: { time } }));

  document.body.style.background = theme.colors.background.canvas;
  document.body.style.color = theme.colors.text.primary;
  root?.unmount();
  root = createRoot(mountPoint());
  const currentRoot = root;
  const Panel = plugin.panel as ComponentType<PanelProps>;
  flushSync(() =>
    currentRoot.render(
      <ThemeContext.Provider value={theme}>
        <GlobalStyles />
        <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
          {panels.map(({ props, eventBus }) => (
            <PanelContextProvider key={props.id} value={{ eventsScope, eventBus, sync: () => sync }}>
              <div
                data-testid="harness-panel"
                data-panel-id={props.id}
                data-theme={theme.colors.mode}
                style={{
                  width: props.width,
                  height: props.height,
                  flex: 'none',
                  background: theme.colors.background.primary,
                  position: 'relative',
                }}
              >
                <Panel {...props} />
              </div>
            </PanelContextProvider>
          ))}
        </div>
      </ThemeContext.Provider>
    )
  );
  // uPlot and layout effects draw in the frames after the commit.
  await nextFrame();
  await nextFrame();
  return panels.map(({ options, seriesCount }) => ({ options, seriesCount }));
}

/** PanelProps built the way Grafana's panel chrome builds them. */
function panelProps(plugin: PanelPlugin, request: RenderRequest, theme: GrafanaTheme2, id: number, eventBus: EventBus) {
  const width = request.width ?? 900;
  const height = request.height ?? 420;
  const wire = request.frames ?? [];
  const timeRange = timeRangeOf(wire, request.timeRange);
  const timeZone = request.timeZone ?? 'utc';
  const replaceVariables = (value: string) => value;

  const options = mergeWith({}, plugin.defaults, request.options ?? {}, replaceArrays) as Record<string, unknown>;
  const fieldConfig = mergeWith(
    {},
    plugin.fieldConfigDefaults,
    request.fieldConfig ?? {},
    replaceArrays
  ) as FieldConfigSource;
  const withOverrides = (frames: DataFrameJSON[]) =>
    applyFieldOverrides({
      data: frames.map((frame) => dataFrameFromJSON(frame)),
      fieldConfig,
      fieldConfigRegistry: plugin.fieldConfigRegistry,
      replaceVariables,
      theme,
      timeZone,
    });
  const series = withOverrides(wire);
  const data: PanelData = {
    state: LoadingState.Done,
    series,
    // Grafana hands a panel the dashboard's annotations only when its plugin declares it can draw them.
    annotations: plugin.dataSupport?.annotations ? withOverrides(request.annotations ?? []) : undefined,
    timeRange,
  };
  state.renders += 1;

  const props: PanelProps = {
    id,
    data,
    timeRange,
    timeZone,
    options,
    transparent: false,
    width,
    height,
    fieldConfig,
    renderCounter: state.renders,
    title: request.title ?? 'Container memory',
    eventBus,
    onOptionsChange: () => undefined,
    onFieldConfigChange: () => undefined,
    replaceVariables,
    // Zooming changes the dashboard's time range: the Scenes host does that for real (scene-dashboard.spec.ts).
    onChangeTimeRange: () => undefined,
  };
  return { props, options, seriesCount: series.length };
}

let hoverSubscription: Unsubscribable | undefined;

/** Keeps every hover event on the dashboard's bus (copied: a publisher reuses one event object). */
function recordHovers(dashboardBus: EventBus, panels: Array<{ props: PanelProps; eventBus: EventBus }>): void {
  hoverSubscription?.unsubscribe();
  state.hoverEvents = [];
  const panelIdOf = (origin: unknown) => panels.find((p) => p.eventBus === origin)?.props.id;
  const hovers = dashboardBus.subscribe(DataHoverEvent, (event) =>
    state.hoverEvents.push({
      type: 'hover',
      panelId: panelIdOf(event.origin),
      // A legend item's hover is a DataHoverEvent too, with no point (Grafana's VizLegend publishes it).
      time: event.payload.point?.time ?? undefined,
      rowIndex: event.payload.rowIndex,
    })
  );
  const clears = dashboardBus.subscribe(DataHoverClearEvent, (event) =>
    state.hoverEvents.push({ type: 'clear', panelId: panelIdOf(event.origin) })
  );
  hoverSubscription = { unsubscribe: () => [hovers, clears].forEach((s) => s.unsubscribe()) };
}

declare global {
  interface Window {
    renderPanel: typeof renderPanel;
    renderPanels: typeof renderPanels;
    harness: HarnessState;
  }
}

state.ready = loadPlugin();
state.ready.catch((err) => {
  console.error('MemLens harness: the plugin failed to load:', err);
});
window.harness = state;
window.renderPanel = renderPanel;
window.renderPanels = renderPanels;
