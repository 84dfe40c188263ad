/**
 * What Grafana does between a provisioned dashboard and Prometheus's HTTP API, for one panel:
 * - the step: the frontend's `rangeUtil.calculateInterval(range, maxDataPoints, minInterval)` (min
 *   interval = the datasource's scrape interval), then the backend's (pkg/promlib) floor at
 *   range / 11000 points, then start and end rounded down to a multiple of the step;
 * - template variables: a chosen value, several as `(a|b)` regex-escaped, "All" as the variable's
 *   `allValue` (or every value, as `label_values` finds them), and the built-in `$__interval`,
 *   `$__rate_interval`, `$__range`;
 * - the response: each query's matrix becomes wire frames with `promMatrixToFrames` (src/scenarios/wire.ts).
 */
import { readFileSync } from 'node:fs';

import { type DataFrameJSON, dateTime, rangeUtil } from '@grafana/data';

import { promMatrixToFrames } from '../../../src/scenarios/wire';
import { httpJson } from './http';
import { queryRange } from './prometheus';

export interface PanelTarget {
  refId: string;
  expr: string;
  /** The query's "Min step"; Grafana treats `$__interval`-like values as unset. */
  interval?: string;
  legendFormat?: string;
  hide?: boolean;
}

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  targets: PanelTarget[];
  options?: { roles?: Record<string, string> } & Record<string, unknown>;
  interval?: string;
  maxDataPoints?: number;
  gridPos?: { w: number; h: number; x: number; y: number };
}

export interface DashboardVariable {
  name: string;
  type: string;
  query?: string | { query?: string };
  includeAll?: boolean;
  multi?: boolean;
  allValue?: string | null;
}

export interface Dashboard {
  title: string;
  uid: string;
  panels: DashboardPanel[];
  variables: DashboardVariable[];
}

export function loadDashboard(file: string): Dashboard {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const panels: DashboardPanel[] = [];
  const walk = (list: Array<DashboardPanel & { panels?: DashboardPanel[] }> = []) => {
    for (const p of list) {
      if (p.panels) {
        walk(p.panels);
      }
      if (p.targets) {
        panels.push(p);
      }
    }
  };
  walk(json.panels);
  return { title: json.title, uid: json.uid, panels, variables: json.templating?.list ?? [] };
}

export interface QueryPlan {
  /** The frontend's interval ($__interval), ms. */
  intervalMs: number;
  /** The step sent to Prometheus, ms. */
  stepMs: number;
  /** start and end after alignment to the step, ms. */
  startMs: number;
  endMs: number;
  rateIntervalMs: number;
  maxDataPoints: number;
}

/** pkg/promlib's floor: never more than 11000 points per series. */
const SAFE_RESOLUTION = 11_000;

export function planQuery(fromMs: number, toMs: number, maxDataPoints: number, scrapeIntervalMs: number): QueryPlan {
  const range = { from: dateTime(fromMs), to: dateTime(toMs), raw: { from: dateTime(fromMs), to: dateTime(toMs) } };
  const { intervalMs } = rangeUtil.calculateInterval(range, maxDataPoints, `${scrapeIntervalMs}ms`);
  // Backend: min interval = the frontend's intervalMs; calculated = max(min, round(range / maxDataPoints)).
  const calculated = Math.max(intervalMs, rangeUtil.roundInterval((toMs - fromMs) / maxDataPoints));
  const safe = rangeUtil.roundInterval((toMs - fromMs) / SAFE_RESOLUTION);
  const stepMs = Math.max(calculated, safe);
  return {
    intervalMs,
    stepMs,
    startMs: Math.floor(fromMs / stepMs) * stepMs,
    endMs: Math.floor(toMs / stepMs) * stepMs,
    rateIntervalMs: Math.max(intervalMs + scrapeIntervalMs, 4 * scrapeIntervalMs),
    maxDataPoints,
  };
}

/** Go's time.Duration.String() for whole milliseconds (`4m0s`, `1h5m0s`, `500ms`), as the backend writes it. */
export function goDuration(ms: number): string {
  if (ms < 1000) {
    return `${ms}ms`;
  }
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

/** Grafana's interval text ($__interval): `5m`, `30s`, `2h`, `1d`. */
function intervalText(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms % size === 0) {
      return `${ms / size}${unit}`;
    }
  }
  return `${ms}ms`;
}

/** The Prometheus datasource's regex escaping for multi-value and "All"-capable variables. */
export function regexEscape(value: string): string {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
}

export const ALL = '$__all';
/** A variable's selection: one value, several, or `ALL`. */
export type VariableSelection = string | string[];

/**
 * The variable's text in a query. `allValues` is what `label_values` returns, used for "All"
 * when the variable has no custom all value.
 */
export function formatVariable(
  variable: DashboardVariable,
  selection: VariableSelection,
  allValues?: string[]
): string {
  const values = Array.isArray(selection) ? selection : [selection];
  if (values.includes(ALL)) {
    if (variable.allValue) {
      return variable.allValue;
    }
    if (!allValues) {
      throw new Error(`variable $${variable.name}: "All" needs the variable's values (it has no allValue)`);
    }
    return formatVariable(variable, allValues);
  }
  if (!variable.multi && !variable.includeAll) {
    return values[0].replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
  }
  const escaped = values.map(regexEscape);
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}

/** Replaces `$name`, `${name}` and `[[name]]`, longest names first so `$pod` never eats `$podName`. */
export function replaceVariables(text: string, values: Record<string, string>): string {
  let out = text;
  for (const name of Object.keys(values).sort((a, b) => b.length - a.length)) {
    const v = values[name];
    out = out
      .split('${' + name + '}')
      .join(v)
      .split('[[' + name + ']]')
      .join(v);
    out = out.replace(new RegExp(`\\$${name.replace(/[$]/g, '\\$')}(?![A-Za-z0-9_])`, 'g'), () => v);
  }
  return out;
}

export function builtinVariables(plan: QueryPlan, fromMs: number, toMs: number): Record<string, string> {
  const rangeS = Math.round((toMs - fromMs) / 1000);
  return {
    __interval_ms: String(plan.stepMs),
    __interval: intervalText(plan.stepMs),
    __rate_interval_ms: String(plan.rateIntervalMs),
    __rate_interval: goDuration(plan.rateIntervalMs),
    __range_ms: String(toMs - fromMs),
    __range_s: String(rangeS),
    __range: `${rangeS}s`,
  };
}

/** `label_values(metric{…}, label)` or `label_values(label)`, resolved over the HTTP API as Grafana does. */
export async function labelValues(url: string, query: string, fromMs: number, toMs: number): Promise<string[]> {
  const m = /^\s*label_values\(\s*(?:(.*),\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/s.exec(query);
  if (!m) {
    throw new Error(`unsupported variable query: ${query}`);
  }
  const params = new URLSearchParams({ start: String(fromMs / 1000), end: String(toMs / 1000) });
  if (m[1]) {
    params.set('match[]', m[1]);
  }
  const res = await httpJson<{ data: string[] }>(`${url}/api/v1/label/${m[2]}/values?${params}`);
  return res.data.slice().sort();
}

export interface PanelRun {
  plan: QueryPlan;
  /** Wire frames of every visible target, as /api/ds/query returns them. */
  frames: DataFrameJSON[];
  /** The interpolated PromQL by refId. */
  exprs: Record<string, string>;
  /** query_range wall time by refId, ms. */
  latencyMs: Record<string, number>;
}

export interface RunPanelOptions {
  fromMs: number;
  toMs: number;
  /** Grafana sends the panel's width in pixels as maxDataPoints unless the panel sets one. */
  widthPx: number;
  scrapeIntervalMs: number;
  /** Selection per dashboard variable (not the datasource variable); missing → "All". */
  selections?: Record<string, VariableSelection>;
}

/** Runs one panel's queries the way Grafana would and returns the wire frames. */
export async function runPanel(
  url: string,
  dashboard: Dashboard,
  panel: DashboardPanel,
  options: RunPanelOptions
): Promise<PanelRun> {
  const { fromMs, toMs, scrapeIntervalMs } = options;
  const minIntervalMs = panel.interval ? rangeUtil.intervalToMs(panel.interval) : scrapeIntervalMs;
  const plan = planQuery(fromMs, toMs, panel.maxDataPoints ?? options.widthPx, minIntervalMs);

  // Variables in dashboard order: later ones may refer to earlier ones (pod depends on namespace).
  const values: Record<string, string> = { ...builtinVariables(plan, fromMs, toMs) };
  for (const variable of dashboard.variables) {
    if (variable.type === 'datasource') {
      continue;
    }
    const selection = options.selections?.[variable.name] ?? ALL;
    const needsAll = (Array.isArray(selection) ? selection : [selection]).includes(ALL) && !variable.allValue;
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    const all = needsAll && query ? await labelValues(url, replaceVariables(query, values), fromMs, toMs) : undefined;
    values[variable.name] = formatVariable(variable, selection, all);
  }

  const frames: DataFrameJSON[] = [];
  const exprs: Record<string, string> = {};
  const latencyMs: Record<string, number> = {};
  for (const target of panel.targets.filter((t) => !t.hide)) {
    const expr = replaceVariables(target.expr, values);
    if (/\$\{?[A-Za-z_]/.test(expr)) {
      throw new Error(`panel "${panel.title}" ${target.refId}: variable left in ${expr}`);
    }
    exprs[target.refId] = expr;
    const t0 = performance.now();
    const matrix = await queryRange(url, expr, plan.startMs, plan.endMs, plan.stepMs);
    latencyMs[target.refId] = performance.now() - t0;
    frames.push(...promMatrixToFrames(matrix, target.refId, plan.stepMs, expr));
  }
  return { plan, frames, exprs, latencyMs };
}
