/**
 * A real single-node VictoriaMetrics for tests: start it (127.0.0.1, free port, temp dir), import
 * Prometheus text exposition with millisecond timestamps, flush, and query with the same
 * `queryRange` as Prometheus (VictoriaMetrics speaks the same HTTP API).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { http } from './http';
import { freePort, startServer, type RunningServer } from './process';

export const VICTORIA_METRICS_BIN = process.env.VICTORIA_METRICS_BIN ?? 'victoria-metrics';

export interface StartVictoriaMetricsOptions {
  /** Prometheus text exposition (timestamps in ms) to import: the text itself, or `{ file }`. */
  importFrom?: string | { file: string };
  args?: string[];
}

export interface VictoriaMetricsServer extends RunningServer {
  dataDir: string;
  /** Imports more Prometheus text (ms timestamps) and makes it searchable. */
  importPrometheus(body: string | { file: string }): Promise<void>;
}

export async function startVictoriaMetrics(options: StartVictoriaMetricsOptions = {}): Promise<VictoriaMetricsServer> {
  const work = mkdtempSync(join(tmpdir(), 'memlens-victoria-'));
  const dataDir = join(work, 'data');
  const port = await freePort();
  let server: RunningServer;
  try {
    server = await startServer({
      name: 'victoria-metrics',
      command: VICTORIA_METRICS_BIN,
      port,
      readyPath: '/health',
      args: [
        `-httpListenAddr=127.0.0.1:${port}`,
        `-storageDataPath=${dataDir}`,
        // Imported samples older than the retention would be dropped silently.
        '-retentionPeriod=100y',
        ...(options.args ?? []),
      ],
    });
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  const vm: VictoriaMetricsServer = {
    ...server,
    dataDir,
    stop: async () => {
      await server.stop();
      rmSync(work, { recursive: true, force: true });
    },
    importPrometheus: async (body) => {
      const res = await http(`${server.url}/api/v1/import/prometheus`, { method: 'POST', body, timeoutMs: 300_000 });
      if (res.status !== 204 && res.status !== 200) {
        throw new Error(`VictoriaMetrics import failed: HTTP ${res.status}: ${res.text.slice(0, 500)}`);
      }
      // Imported rows sit in in-memory buffers for up to a second; flush so queries see all of them,
      // and drop cached rollups computed before the import.
      await http(`${server.url}/internal/force_flush`);
      await http(`${server.url}/internal/resetRollupResultCache`);
    },
  };
  try {
    if (options.importFrom !== undefined) {
      await vm.importPrometheus(options.importFrom);
    }
  } catch (e) {
    await vm.stop();
    throw e;
  }
  return vm;
}
