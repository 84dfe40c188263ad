/**
 * A real Prometheus holding a generated kube-prometheus node, for the demo's live-mode spec: the
 * backend suite's cluster (tests/backend/lib/cluster.ts) written as OpenMetrics, backfilled with
 * promtool and served on 127.0.0.1. The data ends now, because the demo's live choices query "the
 * last N" like the dashboard's default time range.
 *
 * The generator imports @grafana/data, which plain Node cannot load, so the spec runs this file
 * bundled by esbuild (bench/bundle.mjs) rather than through Playwright's transform.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ScenarioName } from '../../src/scenarios/generator';
import { buildCluster } from '../backend/lib/cluster';
import { writeExposition } from '../backend/lib/openmetrics';
import { startPrometheus } from '../backend/lib/prometheus';

export interface LivePrometheusOptions {
  /** One pod per scenario, as the generator labels them (namespace shop, container api). */
  containers: ScenarioName[];
  days: number;
  stepMs: number;
  /**
   * Basic auth once the server is ready (Prometheus's --web.config.file, which it reads on every
   * request; the readiness poll has no credentials). `bcryptHash` is the password's bcrypt hash.
   */
  basicAuth?: { user: string; bcryptHash: string };
}

export interface LivePrometheus {
  url: string;
  /** Each container's pod name and the verdict its scenario is generated to have. */
  pods: Array<{ scenario: string; namespace: string; pod: string; container: string; verdict: string }>;
  startMs: number;
  endMs: number;
  samples: number;
  /** The server's last output lines, for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

export async function startLivePrometheus(options: LivePrometheusOptions): Promise<LivePrometheus> {
  const { containers, days, stepMs, basicAuth } = options;
  // The last sample on a step boundary at or before now, so that "last 7d" covers all of it.
  const endMs = Math.floor(Date.now() / stepMs) * stepMs;
  const steps = Math.floor((days * 86_400_000) / stepMs);
  const cluster = buildCluster({ containers, node: 'steady', days, stepMs, startMs: endMs - steps * stepMs });
  const work = mkdtempSync(join(tmpdir(), 'memlens-demo-live-'));
  try {
    const file = join(work, 'cluster.om');
    const samples = writeExposition(cluster.series, 'openmetrics', file);
    const webConfig = join(work, 'web.yml');
    writeFileSync(webConfig, '');
    const prometheus = await startPrometheus({ blocksFrom: { file }, args: [`--web.config.file=${webConfig}`] });
    rmSync(file);
    if (basicAuth) {
      writeFileSync(webConfig, `basic_auth_users:\n  ${basicAuth.user}: ${JSON.stringify(basicAuth.bcryptHash)}\n`);
    }
    return {
      url: prometheus.url,
      pods: cluster.pods.map((p) => ({
        scenario: p.scenario.name,
        namespace: p.namespace,
        pod: p.pod,
        container: p.container,
        verdict: p.scenario.truth.verdict,
      })),
      startMs: cluster.startMs,
      endMs: cluster.endMs,
      samples,
      log: prometheus.log,
      stop: async () => {
        await prometheus.stop();
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}
