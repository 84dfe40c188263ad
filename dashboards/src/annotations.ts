/**
 * The growth-region annotations: one Prometheus annotation query per kind on the recording rules'
 * `…:memlens_working_set_growth:bytes_per_day` series (provisioning/prometheus/rules). Grafana turns
 * the samples of each series into regions, joining samples no more than the step apart, so a region
 * spans exactly the evaluations where the rule held. "Series value as timestamp" stays off: the value
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

export const CONTAINER_GROWTH_RECORD = 'namespace_pod_container:memlens_working_set_growth:bytes_per_day';
export const NODE_GROWTH_RECORD = 'instance:memlens_working_set_growth:bytes_per_day';
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

export interface GrowthAnnotationSpec {
  record: typeof CONTAINER_GROWTH_RECORD | typeof NODE_GROWTH_RECORD;
  /** Matchers from the dashboard's variables. */
  matchers: string[];
  /** The MemLens panels' ids, which draw the regions themselves. */
  memlensPanelIds: number[];
}

export function growthAnnotationExpr(record: string, kind: string, matchers: string[]): string {
  return selector(record, [`kind="${kind}"`, ...matchers]);
}

export function growthAnnotations(spec: GrowthAnnotationSpec): dashboard.AnnotationQueryBuilder[] {
  const who = spec.record === NODE_GROWTH_RECORD ? '{{instance}}' : '{{namespace}}/{{pod}}/{{container}}';
  return GROWTH_KINDS.map((k) => {
    const q = new dashboard.AnnotationQueryBuilder()
      .name(k.name)
      .datasource(DATASOURCE)
      .enable(true)
      .hide(false)
      .iconColor(k.color)
      .expr(growthAnnotationExpr(spec.record, k.kind, spec.matchers))
      .step(ANNOTATION_STEP)
      .useValueForTime(false)
      .titleFormat(`Working set of ${who} grows, ${k.words}`)
      .textFormat('Recorded by the MemLens rule memlens.growth-regions; the value is the growth in bytes per day.')
      .tagKeys('kind');
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
