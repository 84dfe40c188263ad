/**
 * Regenerates tests/fixtures/wire/traces/*.json from the recorded cgroup traces
 * (tests/fixtures/cgroup-traces/*.csv): each column becomes the cAdvisor metric it maps to, one
 * frame per metric, rows re-stamped 15 s apart as a range query would return them. Leading rows of
 * zero usage (before the process started) are dropped: a scrape never sees them.
 * The consequence traces (scripts/record-trace.sh) carry more columns: refaults, major faults, limit
 * hits, OOM kills, restarts and the limit. Each becomes its cAdvisor or kube-state-metrics series,
 * only for the traces that have the column, so the older traces' output stays as it was.
 * Run: npm run -s fixtures:traces
 */
import '../src/cli/nodeGlobals';

import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { toWireFrame } from '../src/scenarios/wire';

const SOURCE = 'tests/fixtures/cgroup-traces';
const TARGET = 'tests/fixtures/wire/traces';
const STEP_MS = 15_000;
/** These traces are written as /api/ds/query responses (one refId per metric), the rest as {status, frames}. */
const AS_DS_QUERY = new Set(['leak', 'rereader']);

const METRICS: Array<[string, string]> = [
  ['usage', 'container_memory_usage_bytes'],
  ['working_set', 'container_memory_working_set_bytes'],
  ['rss', 'container_memory_rss'],
  ['cache', 'container_memory_cache'],
  ['kmem', 'container_memory_kernel_usage'],
  ['active_file', 'container_memory_total_active_file_bytes'],
  ['inactive_file', 'container_memory_total_inactive_file_bytes'],
];

/** Optional columns: [column, metric, extra labels]. Counters stay raw, as a range query returns them. */
const CONSEQUENCES: Array<[string, string, Record<string, string>]> = [
  ['refault_file', 'container_memory_workingset_refault_file_total', {}],
  ['pgmajfault', 'container_memory_failures_total', { failure_type: 'pgmajfault', scope: 'container' }],
  ['failcnt', 'container_memory_failcnt', {}],
  ['oom_kill', 'container_oom_events_total', {}],
  ['limit', 'container_spec_memory_limit_bytes', {}],
];

mkdirSync(TARGET, { recursive: true });
for (const file of readdirSync(SOURCE)
  .filter((f) => f.endsWith('.csv'))
  .sort()) {
  const name = file.replace(/\.csv$/, '');
  const [head, ...lines] = readFileSync(join(SOURCE, file), 'utf8').trim().split('\n');
  const columns = head.split(',');
  const rows = lines.map((l) => l.split(',').map(Number));
  const col = (c: string) => columns.indexOf(c);
  const first = rows.findIndex((r) => r[col('usage')] > 0);
  const live = rows.slice(first);
  const startMs = Math.round((live[0][col('t')] * 1000) / STEP_MS) * STEP_MS;
  const times = live.map((_, i) => startMs + i * STEP_MS);
  const labels = {
    namespace: 'traces',
    pod: `${name}-0`,
    container: name,
    image: `memlens/trace-${name}:1`,
    id: `/kubepods/besteffort/pod-${name}/${name}`,
    job: 'kubelet',
    metrics_path: '/metrics/cadvisor',
  };
  const frames = METRICS.map(([column, metric], i) =>
    toWireFrame({
      refId: AS_DS_QUERY.has(name) ? String.fromCharCode(65 + i) : 'A',
      labels: { __name__: metric, ...labels },
      times,
      values: live.map((r) => r[col(column)]),
      stepMs: STEP_MS,
      expr: `${metric}{namespace="traces", container="${name}"}`,
    })
  );
  const series = (metric: string, extra: Record<string, string>, at: number[], values: number[]) =>
    toWireFrame({
      refId: 'A',
      labels: { __name__: metric, ...extra },
      times: at,
      values,
      stepMs: STEP_MS,
      expr: `${metric}{namespace="traces", container="${name}"}`,
    });
  for (const [column, metric, extra] of CONSEQUENCES) {
    if (col(column) >= 0) {
      frames.push(
        series(
          metric,
          { ...labels, ...extra },
          times,
          live.map((r) => r[col(column)])
        )
      );
    }
  }
  if (col('restarts') >= 0) {
    // kube-state-metrics' series carry the pod's names, not cAdvisor's id/image.
    const ksm = { namespace: labels.namespace, pod: labels.pod, container: name, job: 'kube-state-metrics' };
    frames.push(
      series(
        'kube_pod_container_status_restarts_total',
        ksm,
        times,
        live.map((r) => r[col('restarts')])
      )
    );
    // The last terminated reason exists from the first termination on: the first OOM kill.
    const killed = live.findIndex((r) => r[col('oom_kill')] > 0);
    if (killed >= 0) {
      const at = times.slice(killed);
      const reason = { ...ksm, reason: 'OOMKilled' };
      frames.push(
        series(
          'kube_pod_container_status_last_terminated_reason',
          reason,
          at,
          at.map(() => 1)
        )
      );
    }
  }
  const doc = AS_DS_QUERY.has(name)
    ? {
        results: Object.fromEntries(
          frames.map((f) => [
            f.schema!.refId!,
            { status: 200, frames: [{ ...f, schema: { ...f.schema, refId: undefined } }] },
          ])
        ),
      }
    : { status: 200, frames };
  writeFileSync(join(TARGET, `${name}.json`), JSON.stringify(doc) + '\n');
  process.stdout.write(
    `${TARGET}/${name}.json: ${frames.length} frames × ${times.length} samples (dropped ${first} leading zero rows)\n`
  );
}
