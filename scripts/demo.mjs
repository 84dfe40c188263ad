#!/usr/bin/env node
/**
 * `npm run demo`: MemLens in a browser without Grafana or Docker. Builds the plugin if dist/ is older
 * than src/, bundles the Grafana 12.4 host page (the browser tests' harness), and serves it on
 * 127.0.0.1 with a picker of recorded traces and generated scenarios.
 *
 *   PORT=3001                      the port (default 3001; a free one if that is taken)
 *   PROMETHEUS_URL=http://host:9090  also run the provisioned dashboard's queries against this Prometheus;
 *                                    http://user:password@host:9090 for one behind basic auth
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { bundleHost, repoRoot } from '../tests/browser/harness/bundle.mjs';
import { ensurePluginBuilt } from '../tests/browser/harness/plugin.mjs';
import { hostPage, sendFile, startHarnessServer } from '../tests/browser/harness/server.mjs';

const tracesDir = join(repoRoot, 'tests', 'fixtures', 'wire', 'traces');
const dashboardFile = join(repoRoot, 'provisioning', 'dashboards', 'container-memory.json');

/**
 * The Prometheus to query: its URL without credentials (what the page and the console show) and, when
 * the URL carries user:password, the basic-auth header the proxy sends (fetch refuses such URLs).
 */
function prometheusTarget() {
  const raw = process.env.PROMETHEUS_URL;
  if (!raw) {
    return undefined;
  }
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PROMETHEUS_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`PROMETHEUS_URL must be http(s): ${url.protocol}`);
  }
  let authorization;
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  return { url: url.toString().replace(/\/$/, ''), authorization };
}

/** The recorded traces, titled from their file names (`leak.json` → "leak"). */
function listTraces() {
  if (!existsSync(tracesDir)) {
    return [];
  }
  return readdirSync(tracesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, title: file.replace(/\.json$/, '').replace(/[-_.]+/g, ' ') }));
}

/** The MemLens panel of the provisioned container dashboard: its queries, options and variables. */
function liveConfig(url) {
  const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8'));
  const panel = (dashboard.panels ?? []).find((p) => p.type === 'memlens-memory-panel');
  if (!panel) {
    throw new Error(`${dashboardFile} has no memlens-memory-panel panel`);
  }
  const variables = (dashboard.templating?.list ?? []).filter((v) => v.type === 'query').map((v) => v.name);
  return {
    url,
    dashboard: dashboard.title ?? 'dashboard',
    options: panel.options ?? {},
    fieldConfig: panel.fieldConfig ?? {},
    targets: (panel.targets ?? []).filter((t) => t.expr && !t.hide).map((t) => ({ refId: t.refId, expr: t.expr })),
    variables,
  };
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Forwards read-only query API calls to Prometheus; anything else is refused. */
async function proxyPrometheus(res, target, url) {
  const path = url.pathname.slice('/demo/prometheus'.length);
  if (!/^\/api\/v1\/(query_range|query|series|labels|label\/[^/]+\/values)$/.test(path)) {
    json(res, 403, { status: 'error', error: `the demo proxies only Prometheus's query API, not ${path}` });
    return;
  }
  try {
    const upstream = await fetch(`${target.url}${path}${url.search}`, {
      headers: target.authorization ? { authorization: target.authorization } : {},
      signal: AbortSignal.timeout(30_000),
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  } catch (err) {
    json(res, 502, { status: 'error', error: `Prometheus at ${target.url} did not answer: ${err.message}` });
  }
}

function demoRoutes(prometheus) {
  const live = prometheus ? liveConfig(prometheus.url) : null;
  return [
    async (req, res, url) => {
      const path = url.pathname;
      if (path === '/' || path === '/index.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(hostPage('host12', 'demo', 'MemLens demo'));
        return true;
      }
      if (path === '/demo/traces') {
        json(res, 200, listTraces());
        return true;
      }
      if (path.startsWith('/demo/traces/')) {
        return sendFile(res, tracesDir, decodeURIComponent(path.slice('/demo/traces/'.length)));
      }
      if (path === '/demo/live') {
        json(res, 200, live);
        return true;
      }
      if (path.startsWith('/demo/prometheus/')) {
        if (!prometheus) {
          json(res, 404, {
            status: 'error',
            error: 'start the demo with PROMETHEUS_URL=http://… to query a Prometheus',
          });
        } else {
          await proxyPrometheus(res, prometheus, url);
        }
        return true;
      }
      return false;
    },
  ];
}

async function listen(routes) {
  const wanted = process.env.PORT ? Number(process.env.PORT) : 3001;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
    throw new Error(`PORT must be a port number, not ${process.env.PORT}`);
  }
  try {
    return await startHarnessServer({ port: wanted, routes });
  } catch (err) {
    if (err.code !== 'EADDRINUSE') {
      throw err;
    }
    console.log(`port ${wanted} is taken; using a free one`);
    return startHarnessServer({ port: 0, routes });
  }
}

async function main() {
  const prometheus = prometheusTarget();
  ensurePluginBuilt();
  await bundleHost('host12', 'demo');
  const { server, url } = await listen(demoRoutes(prometheus));
  const traces = listTraces();
  console.log(`MemLens demo: ${url}/`);
  console.log(
    `  ${traces.length} recorded traces, generated scenarios${prometheus ? `, live queries against ${prometheus.url}${prometheus.authorization ? ' (basic auth)' : ''}` : ''}`
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
