/**
 * The pieces every MemLens dashboard is built from, on the foundation SDK's builders: the datasource
 * variable and its reference, query variables, Prometheus targets with refIds, stock time series
 * panels, rows and links.
 */
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** Every query reads the datasource the `datasource` variable picks (the import copies turn it into an input). */
export const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

export interface Query {
  expr: string;
  legend: string;
}

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Prometheus range queries with refIds A, B, … in order. */
export function targets(queries: Query[]): Array<{ refId: string; builder: prometheus.DataqueryBuilder }> {
  return queries.map((q, i) => {
    const refId = REF_IDS[i];
    const builder = new prometheus.DataqueryBuilder()
      .refId(refId)
      .datasource(DATASOURCE)
      .editorMode(prometheus.QueryEditorMode.Code)
      .expr(q.expr)
      .legendFormat(q.legend)
      .range();
    return { refId, builder };
  });
}

export function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder('datasource').label('Data source').type('prometheus');
}

export interface VariableSpec {
  name: string;
  label: string;
  /** The selector whose label values the variable lists. */
  from: string;
  /** Default: the variable's own name. */
  labelName?: string;
  multi?: boolean;
  /** What "All" sends; default `.+`. */
  allValue?: string;
  hide?: dashboard.VariableHide;
}

export function queryVariable(spec: VariableSpec): dashboard.QueryVariableBuilder {
  const query = `label_values(${spec.from}, ${spec.labelName ?? spec.name})`;
  return new dashboard.QueryVariableBuilder(spec.name)
    .label(spec.label)
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(spec.multi ?? true)
    .includeAll(true)
    .allValue(spec.allValue ?? '.+')
    .current({ text: 'All', value: '$__all' })
    .hide(spec.hide ?? dashboard.VariableHide.DontHide);
}

/**
 * The cluster variable: kubernetes-mixin's multi-cluster convention. Its "All" is `.*`, which also
 * matches series without a cluster label, so a single Prometheus without one works unchanged.
 */
export function clusterVariable(from: string): dashboard.QueryVariableBuilder {
  return queryVariable({ name: 'cluster', label: 'Cluster', from, multi: false, allValue: '.*' });
}

export interface TimeseriesSpec {
  id: number;
  title: string;
  description: string;
  unit: string;
  queries: Query[];
  width?: number;
}

/** A stock time series panel, legend as a table on the right so long container names fit. */
export function timeseriesPanel(spec: TimeseriesSpec): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder()
    .id(spec.id)
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .unit(spec.unit)
    .min(0)
    .height(8)
    .span(spec.width ?? 12)
    .lineWidth(1)
    .fillOpacity(10)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom)
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending)
    )
    .targets(targets(spec.queries).map((t) => t.builder));
}

export function row(id: number, title: string): dashboard.RowBuilder {
  return new dashboard.RowBuilder(title).id(id);
}

/** A link to another MemLens dashboard that carries the time range and the named variables. */
export function dashboardLink(
  title: string,
  uid: string,
  params: string[],
  tooltip: string
): dashboard.DashboardLinkBuilder {
  const query = ['${__url_time_range}', ...params].join('&');
  return new dashboard.DashboardLinkBuilder(title)
    .type(dashboard.DashboardLinkType.Link)
    .url(`/d/${uid}?${query}`)
    .tooltip(tooltip)
    .icon('dashboard');
}

/** `var-x=${x:queryparam}`-style parameters for links: each variable with its current value(s). */
export const carry = (...names: string[]) => names.map((n) => `\${${n}:queryparam}`);
