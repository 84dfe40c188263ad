#!/usr/bin/env node
/**
 * `npm run demo`: MemLens in a Grafana dashboard page without Grafana or Docker. Builds the plugin if
 * dist/ is older than src/, bundles the Scenes host (the browser tests' Grafana 12.4 dashboard, with
 * its time, refresh and variable pickers) with the demo's header (tests/browser/scene/demo.tsx), and
 * serves it on 127.0.0.1: the "MemLens / Recorded memory" dashboard over the recorded traces and the
 * generated scenarios and, with PROMETHEUS_URL, the provisioned "MemLens / Container memory" one.
 *
 *   PORT=3001                      the port (default 3001; a free one if that is taken)
 *   PROMETHEUS_URL=http://host:9090  also serve the provisioned dashboard, its queries against this Prometheus;
 *                                    http://user:password@host:9090 for one behind basic auth
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { bundleHost, ensureHostPackages, repoRoot } from '../tests/browser/harness/bundle.mjs';
import { ensurePluginBuilt } from '../tests/browser/harness/plugin.mjs';
import { hostPage, listTraces, prometheusTarget, startHarnessServer } from '../tests/browser/harness/server.mjs';

const HOST = 'host12';
const ENTRY = 'scene-demo';
const dashboardFile = join(repoRoot, 'provisioning', 'dashboards', 'container-memory.json');
/** The data source the provisioned dashboard's `datasource` variable picks (the only Prometheus). */
const DATASOURCE = { uid: 'prometheus', name: 'Prometheus' };

function livePrometheus() {
  const raw = process.env.PROMETHEUS_URL;
  if (!raw) {
    return undefined;
  }
  try {
    return prometheusTarget(raw);
  } catch (err) {
    throw new Error(`PROMETHEUS_URL: ${err.message}`);
  }
}

/** What the page needs for the live dashboard: the Prometheus (no credentials), its data source, the dashboard's JSON. */
function liveConfig(prometheus) {
  const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8'));
  if (!(dashboard.panels ?? []).some((p) => p.type === 'memlens-memory-panel')) {
    throw new Error(`${dashboardFile} has no memlens-memory-panel panel`);
  }
  return { url: prometheus.url, datasource: DATASOURCE, dashboard };
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function demoRoutes(live) {
  return [
    async (req, res, url) => {
      const path = url.pathname;
      if (path === '/' || path === '/index.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(hostPage(HOST, ENTRY, 'MemLens demo'));
        return true;
      }
      if (path === '/demo/live') {
        json(res, 200, live);
        return true;
      }
      return false;
    },
  ];
}

async function listen(options) {
  const wanted = process.env.PORT ? Number(process.env.PORT) : 3001;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
    throw new Error(`PORT must be a port number, not ${process.env.PORT}`);
  }
  try {
    return await startHarnessServer({ ...options, port: wanted });
  } catch (err) {
    if (err.code !== 'EADDRINUSE') {
      throw err;
    }
    console.log(`port ${wanted} is taken; using a free one`);
    return startHarnessServer({ ...options, port: 0 });
  }
}

async function main() {
  const prometheus = livePrometheus();
  ensurePluginBuilt();
  // The Scenes host's packages (tests/browser/host12), installed on the first run.
  ensureHostPackages(HOST);
  await bundleHost(HOST, ENTRY);
  const live = prometheus ? liveConfig(prometheus) : null;
  // The harness server proxies /api/datasources/proxy/uid/prometheus/api/v1/… (the query API only) to it.
  const datasources = new Map(prometheus ? [[DATASOURCE.uid, { name: DATASOURCE.name, ...prometheus }]] : []);
  const { server, url } = await listen({ host: HOST, routes: demoRoutes(live), datasources });
  console.log(`MemLens demo: ${url}/`);
  console.log(
    `  ${listTraces().length} recorded traces, generated scenarios${prometheus ? `, live queries against ${prometheus.url}${prometheus.authorization ? ' (basic auth)' : ''}` : ''}`
  );
  console.log('  Ctrl-C to stop');
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
