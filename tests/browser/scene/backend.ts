/**
 * What Grafana's backend answers to /api/ds/query, in the page: each query goes to its data source and
 * comes back as wire frames under `results[refId]`, or as that query's error. @grafana/runtime's
 * DataSourceWithBackend posts the request and decodes the answer (toDataQueryResponse) with its own code.
 *
 * - Prometheus: a range query through the harness server's data source proxy
 *   (/api/datasources/proxy/uid/<uid>/…, as Grafana's), converted to frames by the project's
 *   converter (src/scenarios/wire.ts), which follows Grafana's Go backend: that conversion runs in
 *   Grafana's server, and no npm package ships it.
 * - MemLens recorded data: a recorded trace from the harness server, or a generated scenario.
 */
import { rangeUtil, type DataFrameJSON } from '@grafana/data';
import type { BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { from, type Observable } from 'rxjs';

import { generateScenario, scenarioFrames, type ScenarioName } from '../../../src/scenarios/generator';
import { promMatrixToFrames } from '../../../src/scenarios/wire';

interface BackendQuery {
  refId: string;
  datasource?: { uid?: string; type?: string };
  expr?: string;
  scenario?: string;
  intervalMs?: number;
  /** The query's own minimum step ("1m"), e.g. an annotation query's step. */
  interval?: string;
  maxDataPoints?: number;
  hide?: boolean;
}

interface QueryResult {
  frames?: DataFrameJSON[];
  error?: string;
  status?: number;
}

/** Grafana's Prometheus backend asks for at most 11,000 points a series. */
const MAX_POINTS = 11_000;
/** The scrape interval Grafana assumes when the data source sets none (its "Scrape interval" setting). */
const DEFAULT_SCRAPE_MS = 15_000;

/**
 * The step Grafana's Prometheus backend picks: the query interval, at least the query's own minimum
 * step and the scrape interval, and no more than 11k points.
 */
export function prometheusStepMs(fromMs: number, toMs: number, intervalMs = 0, minStep?: string): number {
  const safe = Math.ceil((toMs - fromMs) / MAX_POINTS);
  const min = minStep ? rangeUtil.intervalToMs(minStep) : 0;
  return Math.max(intervalMs, min, DEFAULT_SCRAPE_MS, safe);
}

async function queryPrometheus(q: BackendQuery, fromMs: number, toMs: number): Promise<QueryResult> {
  const stepMs = prometheusStepMs(fromMs, toMs, q.intervalMs, q.interval);
  // Aligned to the step, as Grafana's backend aligns the range.
  const start = Math.floor(fromMs / stepMs) * stepMs;
  const end = Math.floor(toMs / stepMs) * stepMs;
  const params = new URLSearchParams({
    query: q.expr ?? '',
    start: String(start / 1000),
    end: String(end / 1000),
    step: String(stepMs / 1000),
  });
  const res = await fetch(`/api/datasources/proxy/uid/${q.datasource?.uid}/api/v1/query_range?${params}`);
  const body = (await res.json().catch(() => ({}))) as {
    status?: string;
    error?: string;
    data?: { result: Parameters<typeof promMatrixToFrames>[0] };
  };
  if (!res.ok || body.status !== 'success' || !body.data) {
    return { error: body.error ?? `${res.status} ${res.statusText}`, status: res.ok ? 500 : res.status };
  }
  return { frames: promMatrixToFrames(body.data.result, q.refId, stepMs, q.expr) };
}

/** Frames from any of the shapes a recorded response is kept in: frames, {frames}, or /api/ds/query's {results}. */
export function framesOf(json: unknown): DataFrameJSON[] {
  if (Array.isArray(json)) {
    return json as DataFrameJSON[];
  }
  const body = json as { frames?: DataFrameJSON[]; results?: Record<string, { frames?: DataFrameJSON[] }> };
  if (body?.frames) {
    return body.frames;
  }
  if (body?.results) {
    return Object.values(body.results).flatMap((r) => r.frames ?? []);
  }
  throw new Error('the recording holds no frames (expected frames, {frames}, or {results: {A: {frames}}})');
}

const recordings = new Map<string, Promise<DataFrameJSON[]>>();

/** A recorded trace (`trace:<file>`) or a generated week (`scenario:<name>`), loaded once. */
export function recordedFrames(scenario: string): Promise<DataFrameJSON[]> {
  let frames = recordings.get(scenario);
  if (!frames) {
    const [kind, name] = [scenario.slice(0, scenario.indexOf(':')), scenario.slice(scenario.indexOf(':') + 1)];
    if (kind === 'trace') {
      frames = fetch(`/demo/traces/${encodeURIComponent(name)}`).then(async (res) => {
        if (!res.ok) {
          throw new Error(`no recorded trace "${name}" (${res.status})`);
        }
        return framesOf(await res.json());
      });
    } else if (kind === 'scenario') {
      frames = Promise.resolve(scenarioFrames(generateScenario(name as ScenarioName)));
    } else {
      frames = Promise.reject(new Error(`unknown recording "${scenario}" (expected trace:<file> or scenario:<name>)`));
    }
    recordings.set(scenario, frames);
  }
  return frames;
}

async function queryRecorded(q: BackendQuery): Promise<QueryResult> {
  try {
    // The recorded series carry their own refIds; the panel's roles read metric names, so keep them.
    return { frames: await recordedFrames(q.scenario ?? '') };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err), status: 400 };
  }
}

async function dsQuery(body: { queries: BackendQuery[]; from: string; to: string }) {
  const fromMs = Number(body.from);
  const toMs = Number(body.to);
  const results: Record<string, QueryResult> = {};
  await Promise.all(
    body.queries
      .filter((q) => !q.hide)
      .map(async (q) => {
        results[q.refId] =
          q.datasource?.type === 'prometheus' ? await queryPrometheus(q, fromMs, toMs) : await queryRecorded(q);
      })
  );
  const failed = Object.values(results).filter((r) => r.error);
  // Grafana answers 200 when any query succeeded (errors stay per query), else the first query's status.
  const status = failed.length && failed.length === Object.keys(results).length ? (failed[0].status ?? 500) : 200;
  return { status, data: { results } };
}

function response<T>(options: BackendSrvRequest, status: number, data: unknown): FetchResponse<T> {
  return {
    data: data as T,
    status,
    statusText: status === 200 ? 'OK' : 'Error',
    ok: status < 300,
    headers: new Headers(),
    redirected: false,
    type: 'basic',
    url: options.url,
    config: options,
  };
}

/** backendSrv.fetch: a FetchResponse, or a FetchError thrown as Grafana's backendSrv throws it. */
export function answerBackend<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
  return from(
    (async () => {
      let status: number;
      let data: unknown;
      if (options.url.startsWith('/api/ds/query')) {
        ({ status, data } = await dsQuery(options.data));
      } else {
        const json = options.data !== undefined;
        const res = await fetch(options.url, {
          method: options.method ?? 'GET',
          body: json ? JSON.stringify(options.data) : undefined,
          headers: json ? { 'content-type': 'application/json' } : undefined,
        });
        status = res.status;
        data = await res.json().catch(() => undefined);
      }
      if (status >= 400) {
        const message = Object.values((data as { results?: Record<string, QueryResult> })?.results ?? {}).find(
          (r) => r.error
        )?.error;
        throw { status, statusText: 'Error', data: { ...(data as object), message }, config: options };
      }
      return response<T>(options, status, data);
    })()
  );
}
