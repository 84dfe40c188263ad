/**
 * A provisioned dashboard's JSON as a Scenes dashboard, the parts Grafana's dashboard scene builds from
 * it: the time range and picker, the refresh picker, the variables with their pickers, the "Graph
 * tooltip" setting as cursor sync, and each MemLens panel as a VizPanel with its own SceneQueryRunner.
 * Panels of Grafana's core plugins (timeseries, rows) are not rendered: the host loads only MemLens;
 * they are listed in `skipped` with the reason.
 */
import { DashboardCursorSync } from '@grafana/data';
import {
  behaviors,
  ConstantVariable,
  dataLayers,
  SceneDataLayerSet,
  CustomVariable,
  DataSourceVariable,
  EmbeddedScene,
  QueryVariable,
  SceneControlsSpacer,
  SceneDataLayerControls,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
  VizPanel,
  type SceneVariable,
} from '@grafana/scenes';
import { VariableRefresh } from '@grafana/schema';

import type { DashboardJson, VariableJson } from './dashboardJson';
import type { HostState } from './hostState';

export const MEMLENS_PANEL = 'memlens-memory-panel';

export interface SceneRequest {
  dashboard: DashboardJson;
  /** Each MemLens panel's size in px; default the whole width at 560 px high. */
  panelWidth?: number;
  panelHeight?: number;
  /** Overrides the dashboard's time range (`now-7d`, or ISO / epoch-ms strings). */
  time?: { from: string; to: string };
}

export interface BuiltScene {
  scene: EmbeddedScene;
  panels: VizPanel[];
  skipped: HostState['skipped'];
}

const SYNC = [DashboardCursorSync.Off, DashboardCursorSync.Crosshair, DashboardCursorSync.Tooltip];

function variable(v: VariableJson): SceneVariable | undefined {
  const common = {
    name: v.name,
    label: v.label,
    hide: v.hide,
    value: v.current?.value ?? '',
    text: v.current?.text ?? '',
  };
  const query = typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
  switch (v.type) {
    case 'datasource':
      return new DataSourceVariable({ ...common, pluginId: query, regex: '' });
    case 'query':
      return new QueryVariable({
        ...common,
        query,
        datasource: v.datasource,
        isMulti: v.multi,
        includeAll: v.includeAll,
        allValue: v.allValue,
        refresh: v.refresh ?? VariableRefresh.onDashboardLoad,
      });
    case 'custom':
      return new CustomVariable({ ...common, query, isMulti: v.multi, includeAll: v.includeAll, allValue: v.allValue });
    case 'constant':
      return new ConstantVariable({ ...common, value: query });
    default:
      return undefined;
  }
}

export function buildScene(request: SceneRequest): BuiltScene {
  const { dashboard } = request;
  const skipped: BuiltScene['skipped'] = [];
  const variables: SceneVariable[] = [];
  for (const v of dashboard.templating?.list ?? []) {
    const built = variable(v);
    if (built) {
      variables.push(built);
    } else {
      skipped.push({ title: `$${v.name}`, type: v.type, reason: 'variable type not supported by the Scenes host' });
    }
  }
  const panels: VizPanel[] = [];
  for (const p of dashboard.panels ?? []) {
    if (p.type !== MEMLENS_PANEL) {
      if (p.type !== 'row') {
        skipped.push({
          title: p.title ?? '',
          type: p.type,
          reason: 'core panel plugin, not loaded by the Scenes host',
        });
      }
      continue;
    }
    panels.push(
      new VizPanel({
        key: `panel-${p.id ?? panels.length + 1}`,
        pluginId: MEMLENS_PANEL,
        title: p.title ?? '',
        pluginVersion: p.pluginVersion,
        options: p.options ?? {},
        fieldConfig: { defaults: p.fieldConfig?.defaults ?? {}, overrides: (p.fieldConfig?.overrides ?? []) as never },
        $data: new SceneQueryRunner({
          datasource: p.datasource,
          queries: p.targets ?? [],
          maxDataPoints: p.maxDataPoints,
          minInterval: p.interval,
          // As Grafana's dashboard scene sets it: the annotation queries' panel filter reads the panel's id.
          dataLayerFilter: p.id === undefined ? undefined : { panelId: p.id },
        }),
      })
    );
  }
  // Grafana's built-in "Annotations & Alerts" reads Grafana's own database, which the host has not.
  const layers = (dashboard.annotations?.list ?? []).flatMap((a) => {
    if (a.builtIn || a.datasource?.type === 'grafana') {
      skipped.push({
        title: a.name,
        type: 'annotation',
        reason: "Grafana's built-in annotations need Grafana's database",
      });
      return [];
    }
    return [
      new dataLayers.AnnotationsDataLayer({
        name: a.name,
        query: a as never,
        isEnabled: a.enable ?? true,
        isHidden: a.hide,
      }),
    ];
  });
  const time = request.time ?? dashboard.time ?? { from: 'now-6h', to: 'now' };
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: time.from, to: time.to, timeZone: 'utc' }),
    $variables: new SceneVariableSet({ variables }),
    $data: new SceneDataLayerSet({ name: 'Annotations', layers }),
    $behaviors: [
      new behaviors.CursorSync({ key: dashboard.uid ?? 'dashboard', sync: SYNC[dashboard.graphTooltip ?? 0] }),
    ],
    controls: [
      new VariableValueSelectors({}),
      // The annotation toggles, where the dashboard has annotation queries (Grafana shows none otherwise).
      ...(layers.length ? [new SceneDataLayerControls()] : []),
      new SceneControlsSpacer(),
      new SceneTimePicker({ isOnCanvas: true }),
      new SceneRefreshPicker({ refresh: '', isOnCanvas: true, withText: true }),
    ],
    body: new SceneFlexLayout({
      direction: 'row',
      wrap: 'wrap',
      children: panels.map(
        (body) =>
          new SceneFlexItem({
            body,
            width: request.panelWidth ?? '100%',
            height: request.panelHeight ?? 560,
            minWidth: request.panelWidth,
          })
      ),
    }),
  });
  return { scene, panels, skipped };
}
