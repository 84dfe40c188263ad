/**
 * The growth-region annotations: one Prometheus annotation query per kind on the recording rules'
 * `…:memlens_<kind>_growth:bytes_per_day` series (provisioning/prometheus/rules). Grafana turns
 * the samples of each series into regions, joining samples no more than the step apart; the query
 * holds each sample for an hour (max_over_time), so a region spans the evaluations where the rule
 * held plus at most an hour, and a short dip of the slope under the threshold does not split it. "Series value as timestamp" stays off: the value
 * is the growth rate, shown in the text.
 *
 * Why the rules' series and not `ALERTS{…}`: an alert's series starts only after its `for` hold (the
 * region would start late by that much), ALERTS is not written by `promtool tsdb create-blocks-from
 * rules` (so history cannot be backfilled), and an alert's state restarts with Prometheus. A recorded
 * series is history like any other.
 *
 * A MemLens panel draws these regions itself, so each query excludes the dashboard's MemLens panels
 * (Grafana's annotation panel filter): the finding shows once there, and on every other panel.
 */
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

import { DATASOURCE } from './common';
import { selector } from './promql';

/** The recording rules' level: `<level>:memlens_<kind>_growth:bytes_per_day`. */
export const CONTAINER_LEVEL = 'namespace_pod_container';
export const NODE_LEVEL = 'instance';
export const growthRecord = (level: string, kind: GrowthKind) =>
  `${level}:memlens_${kind.replace('-', '_')}_growth:bytes_per_day`;
/** The rules' evaluation interval: samples a step apart belong to one region. */
export const ANNOTATION_STEP = '1m';

export const GROWTH_KINDS = [
  {
    kind: 'file-cache',
    name: 'MemLens: file-cache growth',
    color: '#5794F2',
    words: 'mostly active file cache (not a leak)',
  },
  {
    kind: 'anon',
    name: 'MemLens: anonymous memory growth',
    color: '#F2495C',
    words: 'mostly anonymous memory (a possible leak)',
  },
] as const;
export type GrowthKind = (typeof GROWTH_KINDS)[number]['kind'];

export interface GrowthAnnotationSpec {
  level: typeof CONTAINER_LEVEL | typeof NODE_LEVEL;
  /** Matchers from the dashboard's variables. */
  matchers: string[];
  /** The MemLens panels' ids, which draw the regions themselves. */
  memlensPanelIds: number[];
}

/** Gaps shorter than this, where the slope dips under the threshold for a while, do not split a region. */
export const ANNOTATION_HOLD = '1h';

export function growthAnnotationExpr(level: string, kind: GrowthKind, matchers: string[]): string {
  return `max_over_time(${selector(growthRecord(level, kind), matchers)}[${ANNOTATION_HOLD}])`;
}

export function growthAnnotations(spec: GrowthAnnotationSpec): dashboard.AnnotationQueryBuilder[] {
  const who = spec.level === NODE_LEVEL ? '{{instance}}' : '{{namespace}}/{{pod}}/{{container}}';
  return GROWTH_KINDS.map((k) => {
    const q = new dashboard.AnnotationQueryBuilder()
      .name(k.name)
      .datasource(DATASOURCE)
      .enable(true)
      .hide(false)
      .iconColor(k.color)
      .expr(growthAnnotationExpr(spec.level, k.kind, spec.matchers))
      .step(ANNOTATION_STEP)
      .useValueForTime(false)
      .titleFormat(`Working set of ${who} grows, ${k.words}`)
      .textFormat('Recorded by the MemLens rule memlens.growth-regions; the value is the growth in bytes per day.')
      // The identity labels as tags: a MemLens panel of several workloads paints each region on its
      // own workload's chart only.
      .tagKeys(spec.level === NODE_LEVEL ? 'kind,instance' : 'kind,namespace,pod,container');
    if (spec.memlensPanelIds.length) {
      q.filter(new dashboard.AnnotationPanelFilterBuilder().exclude(true).ids(spec.memlensPanelIds));
    }
    return q;
  });
}

/** Grafana's own "Annotations & Alerts", as every new dashboard has it. */
export function builtInAnnotations(): dashboard.AnnotationQueryBuilder {
  return new dashboard.AnnotationQueryBuilder()
    .name('Annotations & Alerts')
    .builtIn(1)
    .datasource({ type: 'grafana', uid: '-- Grafana --' })
    .enable(true)
    .hide(true)
    .iconColor('rgba(0, 211, 255, 1)')
    .type('dashboard');
}

/** Adds a dashboard's growth-region annotations (one query per kind). */
export function addGrowthAnnotations(d: dashboard.DashboardBuilder, spec: GrowthAnnotationSpec): void {
  for (const a of growthAnnotations(spec)) {
    d.annotation(a);
  }
}
