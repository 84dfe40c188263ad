/**
 * The parts of a dashboard JSON (Grafana's dashboard schema) the Scenes host reads. Types only, from
 * @grafana/data alone, so the specs' TypeScript program (which has no @grafana/scenes) shares them.
 */
import type { DataQuery, DataSourceRef } from '@grafana/data';

export interface DashboardJson {
  title?: string;
  uid?: string;
  graphTooltip?: number;
  time?: { from: string; to: string };
  refresh?: string;
  templating?: { list?: VariableJson[] };
  panels?: PanelJson[];
  annotations?: { list?: AnnotationJson[] };
}

export interface AnnotationJson {
  name: string;
  enable?: boolean;
  hide?: boolean;
  builtIn?: number;
  datasource?: DataSourceRef;
  [key: string]: unknown;
}

export interface VariableJson {
  name: string;
  type: string;
  label?: string;
  query?: string | { query?: string };
  datasource?: DataSourceRef;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  refresh?: number;
  current?: { text?: string | string[]; value?: string | string[] };
  options?: Array<{ text: string; value: string }>;
  hide?: number;
}

export interface PanelJson {
  id?: number;
  type: string;
  title?: string;
  pluginVersion?: string;
  datasource?: DataSourceRef;
  /** Each with its data source's own fields (`expr` for Prometheus). */
  targets?: Array<DataQuery & Record<string, unknown>>;
  options?: Record<string, unknown>;
  fieldConfig?: { defaults?: Record<string, unknown>; overrides?: unknown[] };
  maxDataPoints?: number;
  interval?: string;
}
