/**
 * The browser host: plays the part of Grafana's dashboard for one panel. It registers the shared
 * modules, initialises i18next and the standard field options as Grafana does at boot, loads the
 * built plugin (`/dist/module.js`) through SystemJS, and renders `plugin.panel` with PanelProps built
 * the way Grafana's panel chrome builds them. Tests drive it through `window.renderPanel`.
 */
import {
  applyFieldOverrides,
  createTheme,
  dataFrameFromJSON,
  dateTime,
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
import i18next from 'i18next';
import mergeWith from 'lodash/mergeWith';
import React, { type ComponentType } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';

import * as runtime from './runtimeStub';
import { registerSharedModules, system } from './shared';
import { registerStandardFieldOptions, registerStandardOptionEditors } from './standardOptions';
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
  timeRangeChanges: Array<{ from: number; to: number }>;
  renders: number;
}

const state: HarnessState = {
  ready: Promise.resolve(undefined as unknown as PanelPlugin),
  timeRangeChanges: [],
  renders: 0,
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

async function loadPlugin(): Promise<PanelPlugin> {
  registerStandardFieldOptions();
  registerStandardOptionEditors();
  registerSharedModules();
  // Grafana initialises i18next before any plugin loads; plugins add their own namespace to it.
  await i18next.init({
    lng: 'en-US',
    fallbackLng: 'en-US',
    resources: {},
    returnEmptyString: false,
    partialBundledLanguages: true,
    showSupportNotice: false,
  } as never);
  const meta = await (await fetch('/dist/plugin.json')).json();
  let mod = await system.import('/dist/module.js');
  // As Grafana's loader does: a module with top-level await (webpack async module) exports a promise
  // as its default, which resolves to the real exports.
  while (!mod.plugin && typeof (mod.default as Promise<unknown> | undefined)?.then === 'function') {
    mod = (await mod.default) as Record<string, unknown>;
  }
  const plugin = mod.plugin as PanelPlugin | undefined;
  if (!plugin || typeof plugin !== 'object' || !('panel' in plugin)) {
    throw new Error(
      `/dist/module.js does not export a PanelPlugin named "plugin" (exports: ${Object.keys(mod).join(', ')})`
    );
  }
  plugin.meta = { ...meta, module: '/dist/module.js', baseUrl: '/dist' };
  return plugin;
}

let root: Root | undefined;

function mountPoint(): HTMLElement {
  let el = document.getElementById('harness-root');
  if (!el) {
    el = document.createElement('div');
    el.id = 'harness-root';
    document.body.appendChild(el);
  }
  return el;
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

export async function renderPanel(request: RenderRequest): Promise<RenderResult> {
  const plugin = await state.ready;
  const theme: GrafanaTheme2 = createTheme({ colors: { mode: request.theme ?? 'dark' } });
  runtime.config.theme2 = theme;
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
  const series = applyFieldOverrides({
    data: wire.map((frame) => dataFrameFromJSON(frame)),
    fieldConfig,
    fieldConfigRegistry: plugin.fieldConfigRegistry,
    replaceVariables,
    theme,
    timeZone,
  });
  const data: PanelData = {
    state: LoadingState.Done,
    series,
    annotations: (request.annotations ?? []).map((frame) => dataFrameFromJSON(frame)),
    timeRange,
  };
  const eventBus = new EventBusSrv();
  state.renders += 1;

  const Panel = plugin.panel as ComponentType<PanelProps>;
  const props: PanelProps = {
    id: 1,
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
    onChangeTimeRange: (range) => {
      state.timeRangeChanges.push({ from: range.from, to: range.to });
    },
  };

  document.body.style.background = theme.colors.background.canvas;
  document.body.style.color = theme.colors.text.primary;
  root?.unmount();
  root = createRoot(mountPoint());
  const currentRoot = root;
  flushSync(() =>
    currentRoot.render(
      <ThemeContext.Provider value={theme}>
        <GlobalStyles />
        <PanelContextProvider value={{ eventsScope: 'global', eventBus }}>
          <div
            data-testid="harness-panel"
            data-theme={theme.colors.mode}
            style={{ width, height, background: theme.colors.background.primary, position: 'relative' }}
          >
            <Panel {...props} />
          </div>
        </PanelContextProvider>
      </ThemeContext.Provider>
    )
  );
  // uPlot and layout effects draw in the frames after the commit.
  await nextFrame();
  await nextFrame();
  return { options, seriesCount: series.length };
}

declare global {
  interface Window {
    renderPanel: typeof renderPanel;
    harness: HarnessState;
  }
}

state.ready = loadPlugin();
state.ready.catch((err) => {
  console.error('MemLens harness: the plugin failed to load:', err);
});
window.harness = state;
window.renderPanel = renderPanel;
