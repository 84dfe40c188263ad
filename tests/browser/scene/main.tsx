/**
 * The Scenes host page: MemLens inside a dashboard run by @grafana/scenes, as Grafana 12+ runs it.
 * The plugin loads through SystemJS with the shared modules (the real @grafana/runtime among them)
 * and reaches Scenes through `setPluginImportUtils`; VizPanel applies its migration, option and
 * field config defaults and overrides; SceneQueryRunner runs its queries through DataSourceWithBackend.
 *
 * Specs drive it through `window.sceneHost`; `npm run demo` adds its header to it (demo.tsx).
 */
import { createTheme, type GrafanaTheme2 } from '@grafana/data';
import { sceneGraph, type SceneTimeRange, type SceneVariable } from '@grafana/scenes';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import React from 'react';
import { createRoot, type Root } from 'react-dom/client';

import { mountPoint } from '../host/loadPlugin';
import { buildScene, type BuiltScene, type SceneRequest } from './dashboard';
import { instanceSettings } from './datasources';
import type { HostState } from './hostState';
import { bootRuntime, setActiveScene, setDataSources } from './runtime';

export interface HostRequest extends SceneRequest {
  theme?: 'light' | 'dark';
  /** Prometheus data sources registered with the harness server (uid → name); the first is the default. */
  prometheus?: Array<{ uid: string; name: string }>;
}

const RECORDED = instanceSettings('memlens-recorded', 'MemLens recorded data', 'memlens-recorded');

let root: Root | undefined;
let current: BuiltScene | undefined;
let title = '';

function themed(theme: GrafanaTheme2, built: BuiltScene) {
  document.body.style.background = theme.colors.background.canvas;
  document.body.style.color = theme.colors.text.primary;
  document.body.dataset.theme = theme.colors.mode;
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <built.scene.Component model={built.scene} />
    </ThemeContext.Provider>
  );
}

/** Builds the dashboard's scene and renders it in place of the last one. */
export async function load(request: HostRequest): Promise<HostState> {
  const theme = createTheme({ colors: { mode: request.theme ?? 'dark' } });
  await bootRuntime(theme);
  setDataSources([
    ...(request.prometheus ?? []).map((ds, i) => instanceSettings(ds.uid, ds.name, 'prometheus', i === 0)),
    RECORDED,
  ]);
  root?.unmount();
  current = buildScene(request);
  title = request.dashboard.title ?? '';
  setActiveScene(current.scene);
  root = createRoot(mountPoint());
  root.render(themed(theme, current));
  return state();
}

/** Re-renders the current scene in another theme, as Grafana's theme change does (no new scene). */
export function setTheme(mode: 'light' | 'dark') {
  if (!current || !root) {
    throw new Error('load a dashboard first');
  }
  const theme = createTheme({ colors: { mode } });
  root.render(themed(theme, current));
}

function scene() {
  if (!current) {
    throw new Error('load a dashboard first');
  }
  return current.scene;
}

export function state(): HostState {
  const range = sceneGraph.getTimeRange(scene()).state.value;
  const variables: HostState['variables'] = {};
  for (const v of sceneGraph.getVariables(scene()).state.variables) {
    const s = v.state as SceneVariable['state'] & { value?: unknown; text?: unknown; options?: unknown[] };
    variables[s.name] = {
      value: s.value,
      text: s.text,
      options: s.options?.length ?? 0,
      loading: Boolean(s.loading),
      error: s.error ? String(s.error) : undefined,
    };
  }
  return {
    title,
    timeRange: {
      from: range.from.valueOf(),
      to: range.to.valueOf(),
      raw: { from: String(range.raw.from), to: String(range.raw.to) },
    },
    variables,
    skipped: current?.skipped ?? [],
    panels: (current?.panels ?? []).map((p) => ({
      key: p.state.key ?? '',
      pluginVersion: p.state.pluginVersion,
      options: p.state.options as Record<string, unknown>,
      loaded: Boolean(p.getPlugin()),
      annotations: (sceneGraph.getData(p).state.data?.annotations ?? []).flatMap(
        (frame) => (frame.fields.find((f) => f.name === 'title')?.values ?? []) as string[]
      ),
    })),
  };
}

/** Sets a variable's value as its picker does (Scenes then re-runs the queries that use it). */
export function setVariable(name: string, value: string | string[]) {
  const v = sceneGraph.lookupVariable(name, scene()) as
    | (SceneVariable & {
        changeValueTo(value: string | string[], text?: string | string[], isUserAction?: boolean): void;
      })
    | null;
  if (!v || typeof v.changeValueTo !== 'function') {
    throw new Error(`the dashboard has no variable "${name}" with values`);
  }
  v.changeValueTo(value, undefined, true);
}

/** Sets the scene's time range (ms or Grafana's relative strings). */
export function setTimeRange(from: string, to: string) {
  const range = sceneGraph.getTimeRange(scene()) as SceneTimeRange;
  range.setState({ from, to });
  range.onRefresh();
}

declare global {
  interface Window {
    sceneHost: {
      load: typeof load;
      state: typeof state;
      setTheme: typeof setTheme;
      setVariable: typeof setVariable;
      setTimeRange: typeof setTimeRange;
    };
  }
}

window.sceneHost = { load, state, setTheme, setVariable, setTimeRange };
