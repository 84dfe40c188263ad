/**
 * The real-stack fixture: a cluster built from generator scenarios, backfilled into a real Prometheus
 * (promtool) and imported into a real VictoriaMetrics, both on 127.0.0.1. Writing the text, running
 * promtool and importing overlap, since the test machines have two cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Cluster, type ClusterOptions, buildCluster } from './cluster';
import { writeExposition } from './openmetrics';
import { createBlocks, type PrometheusServer, startPrometheus } from './prometheus';
import { type VictoriaMetricsServer, startVictoriaMetrics } from './victoriametrics';

export interface RealStack {
  cluster: Cluster;
  prometheus: PrometheusServer;
  victoriaMetrics: VictoriaMetricsServer;
  /** Samples written, and how long each setup stage took (ms), for the report. */
  samples: number;
  setupMs: Record<string, number>;
  stop(): Promise<void>;
}

export async function startRealStack(options: ClusterOptions): Promise<RealStack> {
  const setupMs: Record<string, number> = {};
  const timed = async <T>(stage: string, f: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await f();
    setupMs[stage] = Math.round(performance.now() - t0);
    return out;
  };
  const work = mkdtempSync(join(tmpdir(), 'memlens-realstack-'));
  let prometheus: PrometheusServer | undefined;
  let victoriaMetrics: VictoriaMetricsServer | undefined;
  let importing: Promise<VictoriaMetricsServer> | undefined;
  try {
    const cluster = await timed('generate', () => buildCluster(options));
    const openMetrics = join(work, 'cluster.om');
    const promText = join(work, 'cluster.prom');
    const blocks = join(work, 'blocks');
    const samples = await timed('write OpenMetrics', () => writeExposition(cluster.series, 'openmetrics', openMetrics));
    // promtool runs in its own process while this one writes the millisecond text for VictoriaMetrics.
    const backfill = timed('promtool create-blocks', () => createBlocks(openMetrics, blocks));
    await timed('write Prometheus text', () => writeExposition(cluster.series, 'prometheus', promText));
    importing = timed('VictoriaMetrics start+import', () => startVictoriaMetrics({ importFrom: { file: promText } }));
    await backfill;
    rmSync(openMetrics);
    const started = timed('Prometheus start', () => startPrometheus({ blocksFrom: { dir: blocks } }));
    [victoriaMetrics, prometheus] = await Promise.all([importing, started]);
    rmSync(promText);
    rmSync(blocks, { recursive: true });
    const stack: RealStack = {
      cluster,
      prometheus,
      victoriaMetrics,
      samples,
      setupMs,
      stop: async () => {
        await Promise.all([prometheus?.stop(), victoriaMetrics?.stop()]);
        rmSync(work, { recursive: true, force: true });
      },
    };
    return stack;
  } catch (e) {
    victoriaMetrics ??= await importing?.catch(() => undefined);
    await Promise.allSettled([prometheus?.stop(), victoriaMetrics?.stop()]);
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}
