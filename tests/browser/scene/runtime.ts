/**
 * The @grafana/runtime services that Grafana sets at boot and that Scenes calls: the plugin import
 * utilities (VizPanel loads the panel plugin through them), the data source service, the template
 * service, runRequest and the backend service. Grafana's own implementations live in its app, not in
 * any npm package, so each one here is a small stand-in that does the same job; everything else
 * (options and field config defaults, migrations, field overrides, interpolation, the query runner,
 * the panel chrome) is Scenes' and @grafana/runtime's own code.
 */
import {
  DataTopic,
  EventBusSrv,
  LoadingState,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type DataSourceRef,
  type PanelData,
  type PanelPlugin,
  type ScopedVars,
} from '@grafana/data';
import * as runtime from '@grafana/runtime';
import { sceneGraph, type SceneObject } from '@grafana/scenes';
import { catchError, concat, defer, from, lastValueFrom, map, of, type Observable } from 'rxjs';

import { loadPlugin } from '../host/loadPlugin';
import { answerBackend } from './backend';
import { createDataSource } from './datasources';

const PLUGIN_ID = 'memlens-memory-panel';

/** The data sources this Grafana has, as its boot data would list them. */
let instances: DataSourceInstanceSettings[] = [];
const created = new Map<string, DataSourceApi>();

/** The scene that `$variable` references without a scene object resolve against (Grafana's dashboard scene). */
let activeScene: SceneObject | undefined;
export const setActiveScene = (scene: SceneObject | undefined) => {
  activeScene = scene;
};

export function setDataSources(list: DataSourceInstanceSettings[]): void {
  instances = list;
  created.clear();
}

/** Grafana's TemplateSrv hands scene-aware interpolation to Scenes: the same here, and nothing else. */
const templateSrv = {
  replace(target?: string, scopedVars?: ScopedVars, format?: string | Function): string {
    const scene =
      (scopedVars?.__sceneObject?.value as { valueOf(): SceneObject } | undefined)?.valueOf() ?? activeScene;
    return scene ? sceneGraph.interpolate(scene, target, scopedVars, format as never) : (target ?? '');
  },
  getVariables: () => [],
  containsTemplate: (target?: string) => Boolean(target && /\$\w+|\$\{\w+/.test(target)),
  updateTimeRange: () => undefined,
};

function findInstance(ref: DataSourceRef | string | null | undefined, scopedVars?: ScopedVars) {
  const raw = typeof ref === 'string' ? ref : ref?.uid;
  const key = raw && raw.includes('$') ? templateSrv.replace(raw, scopedVars) : raw;
  if (!key || key === 'default') {
    const type = typeof ref === 'object' ? ref?.type : undefined;
    return instances.find((ds) => (type ? ds.type === type : ds.isDefault)) ?? instances[0];
  }
  return instances.find((ds) => ds.uid === key || ds.name === key);
}

const dataSourceSrv = {
  async get(ref?: DataSourceRef | string | null, scopedVars?: ScopedVars): Promise<DataSourceApi> {
    const settings = findInstance(ref, scopedVars);
    if (!settings) {
      throw new Error(`Data source ${JSON.stringify(ref)} was not found`);
    }
    let ds = created.get(settings.uid);
    if (!ds) {
      ds = createDataSource(settings);
      created.set(settings.uid, ds);
    }
    return ds;
  },
  getInstanceSettings: (ref?: DataSourceRef | string | null, scopedVars?: ScopedVars) => findInstance(ref, scopedVars),
  getList: (filters: { pluginId?: string; type?: string } = {}) =>
    instances.filter(
      (ds) => (!filters.pluginId || ds.type === filters.pluginId) && (!filters.type || ds.type === filters.type)
    ),
  reload: async () => undefined,
  registerRuntimeDataSource: () => undefined,
};

/**
 * Grafana's runRequest (public/app/features/query/state/runRequest.ts) in its essentials: Loading at
 * once, then the response as PanelData, annotation frames apart from the series, errors as the
 * panel's error state.
 */
function runRequest(
  ds: DataSourceApi,
  request: DataQueryRequest,
  queryFunction?: typeof ds.query
): Observable<PanelData> {
  const base = { timeRange: request.range, request };
  const loading: PanelData = { ...base, state: LoadingState.Loading, series: [] };
  const query = () => from((queryFunction ?? ds.query.bind(ds))(request) as Observable<DataQueryResponse>);
  return concat(
    of(loading),
    defer(query).pipe(
      map((response: DataQueryResponse): PanelData => {
        const frames = (response.data ?? []) as DataFrame[];
        const isAnnotation = (f: DataFrame) => f.meta?.dataTopic === DataTopic.Annotations;
        const errors = response.errors ?? (response.error ? [response.error] : undefined);
        return {
          ...base,
          state: errors?.length ? LoadingState.Error : (response.state ?? LoadingState.Done),
          series: frames.filter((f) => !isAnnotation(f)),
          annotations: frames.filter(isAnnotation),
          errors,
          error: errors?.[0],
        };
      }),
      catchError((err) => {
        const error = runtime.toDataQueryError(err);
        return of<PanelData>({ ...base, state: LoadingState.Error, series: [], error, errors: [error] });
      })
    )
  );
}

/**
 * The backend service: /api/ds/query goes to the in-page backend, anything else to the harness
 * server. Every method is `fetch` underneath, as in Grafana's backendSrv, so they answer and fail alike.
 */
const fetchResponse = <T>(options: runtime.BackendSrvRequest) => lastValueFrom(answerBackend<T>(options));
const backendSrv = {
  fetch: <T>(options: runtime.BackendSrvRequest) => answerBackend<T>(options),
  datasourceRequest: fetchResponse,
  request: async <T>(options: runtime.BackendSrvRequest) => (await fetchResponse<T>(options)).data,
  get: <T>(url: string) => backendSrv.request<T>({ url }),
  post: <T>(url: string, data?: unknown) => backendSrv.request<T>({ url, method: 'POST', data }),
};

let plugin: Promise<PanelPlugin> | undefined;

/**
 * Sets the services Scenes needs and starts loading the plugin; resolves with it. Grafana sets them once
 * at start (@grafana/runtime refuses a second runRequest or pluginImportUtils), so a later load only
 * changes the theme.
 */
export function bootRuntime(theme: runtime.GrafanaBootConfig['theme2']): Promise<PanelPlugin> {
  runtime.config.theme2 = theme;
  if (plugin) {
    return plugin;
  }
  runtime.config.bootData.user = { ...runtime.config.bootData.user, timezone: 'utc', language: 'en-US' };
  runtime.setTemplateSrv(templateSrv as unknown as runtime.TemplateSrv);
  runtime.setDataSourceSrv(dataSourceSrv as unknown as runtime.DataSourceSrv);
  runtime.setRunRequest(runRequest as never);
  runtime.setBackendSrv(backendSrv as unknown as runtime.BackendSrv);
  runtime.setAppEvents(new EventBusSrv() as never);
  runtime.setEchoSrv({ addEvent: () => undefined, logDebug: () => undefined, isEnabled: () => false } as never);
  plugin = loadPlugin({ '@grafana/runtime': runtime });
  const ready = plugin;
  // VizPanel asks for the plugin by id: from the cache once loaded, else through importPanelPlugin.
  let loaded: PanelPlugin | undefined;
  void ready.then((p) => (loaded = p));
  runtime.setPluginImportUtils({
    importPanelPlugin: async (id: string) => {
      if (id !== PLUGIN_ID) {
        throw new Error(`the Scenes host has only the ${PLUGIN_ID} panel plugin, not "${id}"`);
      }
      return ready;
    },
    getPanelPluginFromCache: (id: string) => (id === PLUGIN_ID ? loaded : undefined),
  });
  return ready;
}
