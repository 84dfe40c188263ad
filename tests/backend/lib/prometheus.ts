/**
 * A real Prometheus for tests: backfill blocks with `promtool tsdb create-blocks-from openmetrics`,
 * start `prometheus` on that data dir (127.0.0.1, free port, temp dir), query it, stop it.
 *
 *   const prom = await startPrometheus({ blocksFrom: openMetricsText });
 *   const matrix = await queryRange(prom.url, 'container_memory_rss', startMs, endMs, 60_000);
 *   await prom.stop();
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { PromMatrixSeries } from '../../../src/scenarios/wire';
import { httpJson } from './http';
import { freePort, runTool, startServer, type RunningServer } from './process';

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? 'prometheus';
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? 'promtool';

export interface StartPrometheusOptions {
  /**
   * Data to serve: OpenMetrics text (must end with `# EOF`), `{ file }` holding such text, or `{ dir }`,
   * a TSDB dir with blocks already created (copied, so one backfill can serve several servers).
   */
  blocksFrom?: string | { file: string } | { dir: string };
  /** prometheus.yml text. Default: scrape/evaluation interval 15s, no scrape jobs. */
  config?: string;
  /** Rule files (absolute paths) to load; appended to the config as `rule_files`. */
  ruleFiles?: string[];
  /** `--query.lookback-delta`; Prometheus's default is 5m. */
  lookbackDelta?: string;
  /** More command-line flags. */
  args?: string[];
}

export interface PrometheusServer extends RunningServer {
  dataDir: string;
}

const DEFAULT_CONFIG = 'global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n';

/**
 * Backfills OpenMetrics into TSDB blocks under `dataDir`. promtool reads the whole file once per block
 * window, so blocks up to 31 days (744h, the largest Prometheus compacts to) keep it fast.
 */
export async function createBlocks(openMetricsFile: string, dataDir: string, maxBlockDuration = '744h'): Promise<void> {
  await runTool(PROMTOOL_BIN, [
    'tsdb',
    'create-blocks-from',
    'openmetrics',
    `--max-block-duration=${maxBlockDuration}`,
    openMetricsFile,
    dataDir,
  ]);
  if (!existsSync(dataDir) || readdirSync(dataDir).length === 0) {
    throw new Error(`promtool created no blocks from ${openMetricsFile}`);
  }
}

export async function startPrometheus(options: StartPrometheusOptions = {}): Promise<PrometheusServer> {
  const work = mkdtempSync(join(tmpdir(), 'memlens-prometheus-'));
  const dataDir = join(work, 'data');
  try {
    const { blocksFrom } = options;
    if (typeof blocksFrom === 'string') {
      if (!/# EOF\s*$/.test(blocksFrom.slice(-64))) {
        throw new Error('startPrometheus: OpenMetrics text must end with "# EOF"');
      }
      const file = join(work, 'backfill.om');
      writeFileSync(file, blocksFrom);
      await createBlocks(file, dataDir);
      rmSync(file);
    } else if (blocksFrom && 'file' in blocksFrom) {
      await createBlocks(blocksFrom.file, dataDir);
    } else if (blocksFrom && 'dir' in blocksFrom) {
      cpSync(blocksFrom.dir, dataDir, { recursive: true });
    }

    let config = options.config ?? DEFAULT_CONFIG;
    if (options.ruleFiles?.length) {
      config += `\nrule_files:\n${options.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`).join('\n')}\n`;
    }
    const configFile = join(work, 'prometheus.yml');
    writeFileSync(configFile, config);

    const port = await freePort();
    const server = await startServer({
      name: 'prometheus',
      command: PROMETHEUS_BIN,
      port,
      readyPath: '/-/ready',
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${dataDir}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // Backfilled data is days old: never let retention delete it.
        '--storage.tsdb.retention.time=100y',
        ...(options.lookbackDelta ? [`--query.lookback-delta=${options.lookbackDelta}`] : []),
        ...(options.args ?? []),
      ],
    });
    return {
      ...server,
      dataDir,
      stop: async () => {
        await server.stop();
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}

interface PromResponse<T> {
  status: 'success' | 'error';
  data: T;
  error?: string;
  errorType?: string;
  warnings?: string[];
}

/**
 * `/api/v1/query_range`, POSTed form-encoded as Grafana does. Times in ms (sent as seconds).
 * Works against Prometheus and VictoriaMetrics alike. Throws with the server's error and the expression.
 */
export async function queryRange(
  url: string,
  expr: string,
  startMs: number,
  endMs: number,
  stepMs: number
): Promise<PromMatrixSeries[]> {
  const body = new URLSearchParams({
    query: expr,
    start: String(startMs / 1000),
    end: String(endMs / 1000),
    step: String(stepMs / 1000),
  }).toString();
  let res: PromResponse<{ resultType: string; result: PromMatrixSeries[] }>;
  try {
    res = await httpJson(`${url}/api/v1/query_range`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
  } catch (e) {
    throw new Error(`query_range failed for ${expr}: ${(e as Error).message}`);
  }
  if (res.status !== 'success' || res.data.resultType !== 'matrix') {
    throw new Error(`query_range for ${expr}: ${res.error ?? `resultType ${res.data?.resultType}`}`);
  }
  return res.data.result;
}

/** Number of series matching `match[]` (both engines support /api/v1/series). */
export async function seriesCount(url: string, match: string, startMs: number, endMs: number): Promise<number> {
  const q = new URLSearchParams({ 'match[]': match, start: String(startMs / 1000), end: String(endMs / 1000) });
  const res = await httpJson<{ data: unknown[] }>(`${url}/api/v1/series?${q}`);
  return res.data.length;
}
