/**
 * The data source plugins the Scenes host has. Both are @grafana/runtime's DataSourceWithBackend, so a
 * panel query takes Grafana's own path: POST /api/ds/query, decoded by toDataQueryResponse.
 *
 * - `prometheus`: interpolates `expr` through the template service (Scenes' interpolation), as the
 *   Prometheus data source does, answers `label_values(…)` variable queries from Prometheus's
 *   series API, and turns annotation queries into events as its annotation support does (samples
 *   above 0 joined into regions while at most a step apart; title, text and tags from the labels). Grafana's Prometheus plugin (@grafana/prometheus) is not loaded: it needs Grafana's
 *   plugin loader, its query editor bundle and its backend; these two methods are what a dashboard
 *   without an editor uses of it.
 * - `memlens-recorded`: the demo's recorded traces and generated scenarios, picked by `scenario`.
 */
import {
  FieldType,
  rangeUtil,
  renderLegendFormat,
  type AnnotationEvent,
  type AnnotationQuery,
  type AnnotationSupport,
  type DataFrame,
  type DataQuery,
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type ScopedVars,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { of } from 'rxjs';

import { annotationRegions } from '../../backend/lib/annotationRegions';

export interface PromQuery extends DataQuery {
  expr: string;
}

/** Multi-value variables become a regex alternation, as the Prometheus data source formats them. */
function formatForRegex(value: string | string[]): string {
  const escape = (v: string) => v.replace(/[\\^$*+?.()|[\]{}]/g, '\\$&');
  if (!Array.isArray(value)) {
    return escape(value);
  }
  return value.length === 1 ? escape(value[0]) : `(${value.map(escape).join('|')})`;
}

/** A dashboard's Prometheus annotation query, as saved in its JSON. */
interface PromAnnotation extends AnnotationQuery<PromQuery> {
  expr?: string;
  step?: string;
  titleFormat?: string;
  textFormat?: string;
  tagKeys?: string;
}

/** A range query's frames back in Prometheus's matrix shape: one series per number field. */
function matrixOf(frames: DataFrame[]) {
  return frames.flatMap((frame) => {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    return frame.fields
      .filter((f) => f.type === FieldType.number)
      .map((f) => ({
        metric: { ...(f.labels ?? {}) },
        values: (time?.values ?? []).map((t: number, i: number): [number, string] => [t / 1000, String(f.values[i])]),
      }));
  });
}

class PrometheusStandIn extends DataSourceWithBackend<PromQuery> {
  constructor(private readonly settings: DataSourceInstanceSettings) {
    super(settings);
  }

  annotations: AnnotationSupport<PromQuery, PromAnnotation> = {
    prepareAnnotation: (json) => ({
      ...json,
      target: { refId: 'Anno', expr: json.expr ?? '', interval: json.step, datasource: json.datasource } as PromQuery,
    }),
    prepareQuery: (anno) => anno.target,
    processEvents: (anno, frames) => {
      // Regions join samples at most the executed query's step apart (the backend reports it in meta).
      const step = /Step:\s*(\S+)/.exec(frames[0]?.meta?.executedQueryString ?? '')?.[1];
      const stepMs = rangeUtil.intervalToMs(step || '60s');
      const tagKeys = (anno.tagKeys ?? '').split(',');
      const events: AnnotationEvent[] = annotationRegions(matrixOf(frames), stepMs).map((r) => ({
        time: r.fromMs,
        timeEnd: r.toMs,
        title: renderLegendFormat(anno.titleFormat ?? '', r.labels),
        text: renderLegendFormat(anno.textFormat ?? '', r.labels),
        tags: Object.keys(r.labels)
          .filter((label) => tagKeys.includes(label))
          .map((label) => r.labels[label]),
      }));
      return of(events);
    },
  };

  applyTemplateVariables(query: PromQuery, scopedVars: ScopedVars): PromQuery {
    return { ...query, expr: getTemplateSrv().replace(query.expr, scopedVars, formatForRegex) };
  }

  /** `label_values(label)` or `label_values(selector, label)`, over the dashboard's time range. */
  async metricFindQuery(
    query: string,
    options?: { range?: { from: { valueOf(): number }; to: { valueOf(): number } }; scopedVars?: ScopedVars }
  ): Promise<MetricFindValue[]> {
    const interpolated = getTemplateSrv().replace(query, options?.scopedVars, formatForRegex);
    const m = /^\s*label_values\(\s*(?:(.*),\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/s.exec(interpolated);
    if (!m) {
      throw new Error(`the Scenes host answers only label_values(…) variable queries, not: ${query}`);
    }
    const [, selector, label] = m;
    const params = new URLSearchParams();
    if (selector) {
      params.set('match[]', selector);
    }
    if (options?.range) {
      params.set('start', String(Math.floor(options.range.from.valueOf() / 1000)));
      params.set('end', String(Math.ceil(options.range.to.valueOf() / 1000)));
    }
    const res = await fetch(`/api/datasources/proxy/uid/${this.settings.uid}/api/v1/label/${label}/values?${params}`);
    const body = (await res.json().catch(() => ({}))) as { status?: string; data?: string[]; error?: string };
    if (!res.ok || body.status !== 'success') {
      throw new Error(`label_values(${label}) failed: ${body.error ?? res.status}`);
    }
    return (body.data ?? []).map((text) => ({ text, value: text }));
  }
}

export interface RecordedQuery extends DataQuery {
  /** `trace:<file>` or `scenario:<name>`, usually `$scenario`. */
  scenario: string;
}

class RecordedData extends DataSourceWithBackend<RecordedQuery> {
  applyTemplateVariables(query: RecordedQuery, scopedVars: ScopedVars): RecordedQuery {
    return { ...query, scenario: getTemplateSrv().replace(query.scenario, scopedVars) };
  }
}

export function createDataSource(settings: DataSourceInstanceSettings): DataSourceApi {
  switch (settings.type) {
    case 'prometheus':
      return new PrometheusStandIn(settings) as unknown as DataSourceApi;
    case 'memlens-recorded':
      return new RecordedData(settings) as unknown as DataSourceApi;
    default:
      throw new Error(`the Scenes host has no "${settings.type}" data source plugin`);
  }
}

/** Instance settings as Grafana's boot data carries them. */
export function instanceSettings(
  uid: string,
  name: string,
  type: string,
  isDefault = false
): DataSourceInstanceSettings {
  return {
    id: 0,
    uid,
    name,
    type,
    isDefault,
    access: 'proxy',
    readOnly: true,
    jsonData: {},
    meta: {
      id: type,
      name: type,
      type: 'datasource',
      module: '',
      baseUrl: '',
      metrics: true,
      backend: true,
      info: {
        author: { name: '' },
        description: '',
        links: [],
        logos: { small: '', large: '' },
        screenshots: [],
        updated: '',
        version: '',
      },
    },
  } as unknown as DataSourceInstanceSettings;
}
