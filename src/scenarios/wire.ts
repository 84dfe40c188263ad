/**
 * Builds Grafana wire-format frames (what /api/ds/query returns) the way Grafana's Prometheus backend
 * does: one frame per series, a `Time` field with the step in `config.interval`, one number field named
 * after the metric (or `Value` for an expression), NaN/±Inf sent as null plus `data.entities`.
 * Used by the scenario generator, the real-stack tests and the demo's live mode; never by the panel.
 * (The series' display name is shared with ingest, which names series the same way in its messages.)
 */
import {
  type DataFrameJSON,
  type FieldSchema,
  type FieldValueEntityLookup,
  FieldType,
  DataFrameType,
} from '@grafana/data';

import { seriesDisplayName } from '../analysis/seriesName';
import type { Labels } from '../analysis/types';

export interface WireSeries {
  refId?: string;
  labels: Labels;
  /** ms */
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  /** The query step, ms. */
  stepMs: number;
  /** The PromQL, for meta.executedQueryString. */
  expr?: string;
}

export function toWireFrame(series: WireSeries): DataFrameJSON {
  const n = series.times.length;
  const times: number[] = new Array(n);
  const values: Array<number | null> = new Array(n);
  const entities: FieldValueEntityLookup = {};
  for (let i = 0; i < n; i++) {
    times[i] = series.times[i];
    const v = series.values[i];
    if (Number.isFinite(v)) {
      values[i] = v;
      continue;
    }
    values[i] = null;
    const key = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : 'NegInf';
    (entities[key] ??= []).push(i);
  }
  const hasEntities = Object.keys(entities).length > 0;
  // typeInfo is part of the wire format but not of @grafana/data's FieldSchema type.
  const fields = [
    { name: 'Time', type: FieldType.time, typeInfo: { frame: 'time.Time' }, config: { interval: series.stepMs } },
    {
      name: series.labels.__name__ ?? 'Value',
      type: FieldType.number,
      typeInfo: { frame: 'float64' },
      labels: { ...series.labels },
      config: { displayNameFromDS: seriesDisplayName(series.labels) },
    },
  ] as unknown as FieldSchema[];
  return {
    schema: {
      ...(series.refId ? { refId: series.refId } : {}),
      meta: {
        type: DataFrameType.TimeSeriesMulti,
        typeVersion: [0, 1],
        custom: { resultType: 'matrix' },
        ...(series.expr !== undefined
          ? { executedQueryString: `Expr: ${series.expr}\nStep: ${series.stepMs / 1000}s` }
          : {}),
      },
      fields,
    },
    data: { values: [times, values], ...(hasEntities ? { entities: [null, entities] } : {}) },
  };
}

/** One series of a Prometheus `matrix` result (`/api/v1/query_range`). */
export interface PromMatrixSeries {
  metric: Labels;
  values: Array<[number, string]>;
}

/** Converts a Prometheus range-query result to wire frames, as Grafana's backend does. */
export function promMatrixToFrames(
  matrix: PromMatrixSeries[],
  refId: string,
  stepMs: number,
  expr?: string
): DataFrameJSON[] {
  return matrix.map((s) =>
    toWireFrame({
      refId,
      labels: s.metric,
      stepMs,
      expr,
      times: s.values.map(([t]) => Math.round(t * 1000)),
      // Prometheus sends "NaN", "+Inf", "-Inf" as strings; Number() reads all three.
      values: s.values.map(([, v]) => Number(v)),
    })
  );
}
