/**
 * The harness's HTTP server (127.0.0.1 only): the host pages, their bundles, SystemJS, the built
 * plugin under /dist, and whatever extra routes the caller adds (the demo's traces and Prometheus proxy).
 */
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

import { HOSTS, bundlesDir, isSceneEntry, repoRoot } from './bundle.mjs';

const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
};

/** Serves `rel` from inside `dir` only; returns false when there is no such file. */
export function sendFile(res, dir, rel) {
  const file = normalize(join(dir, rel));
  if (!file.startsWith(normalize(dir) + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return false;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  createReadStream(file).pipe(res);
  return true;
}

/**
 * Grafana serves its Inter web fonts from public/fonts, which no npm package ships. The harness answers
 * those requests with a system sans-serif (DejaVu, which Chromium on Debian pulls in), else no content:
 * text is then laid out in the fallback font, which changes nothing the specs look at.
 */
const STAND_IN_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

function sendFont(res) {
  if (existsSync(STAND_IN_FONT)) {
    res.writeHead(200, { 'content-type': 'font/ttf', 'cache-control': 'max-age=3600' });
    createReadStream(STAND_IN_FONT).pipe(res);
  } else {
    res.writeHead(204);
    res.end();
  }
  return true;
}

const iconsDir = (hostName) => join(HOSTS[hostName].modules, '@grafana', 'ui', 'dist', 'public', 'img');
const iconInPackage = (hostName, path) => existsSync(join(iconsDir(hostName), path.slice('/public/build/img/'.length)));

/**
 * A few icons Grafana's app ships and @grafana/ui's package does not. A `…-left` icon is its `…-right`
 * twin mirrored (the time picker's "move back" arrows); any other is blank.
 */
function sendMissingIcon(res, hostName, path) {
  const twin = path.replace(/-left\.svg$/, '-right.svg');
  const file = join(iconsDir(hostName), twin.slice('/public/build/img/'.length));
  let svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"/>';
  if (twin !== path && existsSync(file)) {
    const right = readFileSync(file, 'utf8');
    const inner = right.replace(/^[\s\S]*?<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
    svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><g transform="matrix(-1 0 0 1 24 0)">${inner}</g></svg>`;
  }
  res.writeHead(200, { 'content-type': 'image/svg+xml' });
  res.end(svg);
  return true;
}

export function hostPage(hostName, entry = 'main', title = 'MemLens harness') {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>${title} (${HOSTS[hostName].label})</title>
<style>html, body { margin: 0; padding: 0; } body { padding: 16px; font-family: Inter, Helvetica, Arial, sans-serif; }</style>
<script>window.__grafana_public_path__ = '/public/';${
    isSceneEntry(entry)
      ? // What Grafana's index.html sets before its app boots; @grafana/runtime's config reads it.
        `window.grafanaBootData = ${JSON.stringify({
          settings: { buildInfo: { version: HOSTS[hostName].label, edition: 'OSS', env: 'test' }, featureToggles: {} },
          user: { timezone: 'utc', weekStart: 'monday', language: 'en-US', theme: 'dark' },
          navTree: [],
        })};`
      : ''
  }</script>
<script src="/vendor/systemjs/system.js"></script>
<script src="/vendor/systemjs/extras/amd.js"></script>
${existsSync(join(bundlesDir, hostName, `${entry}.css`)) ? `<link rel="stylesheet" href="/bundles/${hostName}/${entry}.css">` : ''}
</head>
<body data-host="${hostName}">
<div id="harness-root"></div>
<script src="/bundles/${hostName}/${entry}.js"></script>
</body>
</html>
`;
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * A Prometheus to proxy to: its URL without credentials and, when the URL carries user:password, the
 * basic-auth header to send (fetch refuses URLs with credentials).
 */
export function prometheusTarget(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`a Prometheus URL must be http(s): ${url.protocol}`);
  }
  let authorization;
  if (url.username || url.password) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  return { url: url.toString().replace(/\/$/, ''), authorization };
}

/**
 * Grafana's data source proxy (/api/datasources/proxy/uid/<uid>/<path>) for Prometheus data sources,
 * read-only: only the query API is forwarded.
 */
async function proxyDataSource(res, datasources, url) {
  const m = /^\/api\/datasources\/proxy\/uid\/([^/]+)(\/.*)$/.exec(url.pathname);
  const target = m && datasources.get(decodeURIComponent(m[1]));
  if (!target) {
    json(res, 404, { status: 'error', error: `no data source with uid ${m?.[1] ?? '?'}` });
    return;
  }
  const path = m[2];
  if (!/^\/api\/v1\/(query_range|query|series|labels|label\/[^/]+\/values)$/.test(path)) {
    json(res, 403, { status: 'error', error: `the proxy forwards only Prometheus's query API, not ${path}` });
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

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

/** The recorded traces the Scenes host's recorded data source offers, titled from their file names. */
export const tracesDir = join(repoRoot, 'tests', 'fixtures', 'wire', 'traces');

export function listTraces() {
  if (!existsSync(tracesDir)) {
    return [];
  }
  return readdirSync(tracesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, title: file.replace(/\.json$/, '').replace(/[-_.]+/g, ' ') }));
}

/**
 * routes: optional async (req, res, url) => boolean handlers tried first.
 * datasources: Map uid → { name, url, authorization } of Prometheus data sources to proxy to; specs
 * add theirs with POST /harness/datasources { uid, name, url } (loopback URLs only).
 * Pages: /host12/, /host13/ (bare panel harness), /scene/host12/, /scene/host13/ (Scenes host) and
 * whatever the routes add.
 */
export function startHarnessServer({ port = 0, routes = [], host = 'host12', datasources = new Map() } = {}) {
  const systemjsDir = join(repoRoot, 'node_modules', 'systemjs', 'dist');
  // MEMLENS_PLUGIN_DIR: test another build of the plugin (an unpacked release, say) instead of dist/.
  const distDir = process.env.MEMLENS_PLUGIN_DIR ? resolve(process.env.MEMLENS_PLUGIN_DIR) : join(repoRoot, 'dist');
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      for (const route of routes) {
        if (await route(req, res, url)) {
          return;
        }
      }
      const path = decodeURIComponent(url.pathname);
      const hostMatch = /^\/(scene\/)?(host1[23])\/?$/.exec(path);
      if (hostMatch) {
        res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
        res.end(hostMatch[1] ? hostPage(hostMatch[2], 'scene', 'MemLens Scenes host') : hostPage(hostMatch[2]));
        return;
      }
      if (path.startsWith('/api/datasources/proxy/')) {
        await proxyDataSource(res, datasources, url);
        return;
      }
      if (path === '/harness/datasources') {
        if (req.method === 'POST') {
          const { uid, name, url: target } = await readBody(req);
          if (!uid || !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(target ?? '')) {
            json(res, 400, { error: 'register a uid and a loopback Prometheus URL (http://127.0.0.1:port)' });
            return;
          }
          datasources.set(uid, { name: name ?? uid, ...prometheusTarget(target) });
        }
        json(
          res,
          200,
          [...datasources].map(([uid, ds]) => ({ uid, name: ds.name }))
        );
        return;
      }
      if (path === '/demo/traces') {
        json(res, 200, listTraces());
        return;
      }
      if (path.startsWith('/demo/traces/') && sendFile(res, tracesDir, path.slice('/demo/traces/'.length))) {
        return;
      }
      // Grafana serves @grafana/ui's icon SVGs under public/build/img/icons; each host serves its own version's.
      const iconHost =
        /^\/(?:scene\/)?(host1[23])\//.exec(req.headers.referer ? new URL(req.headers.referer).pathname : '')?.[1] ??
        host;
      const served =
        (path.startsWith('/public/fonts/') && sendFont(res)) ||
        (path.startsWith('/public/build/img/icons/') &&
          !iconInPackage(iconHost, path) &&
          sendMissingIcon(res, iconHost, path)) ||
        (path.startsWith('/public/build/img/') &&
          sendFile(res, iconsDir(iconHost), path.slice('/public/build/img/'.length))) ||
        (path.startsWith('/vendor/systemjs/') && sendFile(res, systemjsDir, path.slice('/vendor/systemjs/'.length))) ||
        (path.startsWith('/bundles/') && sendFile(res, bundlesDir, path.slice('/bundles/'.length))) ||
        (path.startsWith('/dist/') && sendFile(res, distDir, path.slice('/dist/'.length)));
      if (!served) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end(`not found: ${path}\n`);
      }
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`harness server error: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolvePromise({ server, url: `http://127.0.0.1:${address.port}` });
    });
  });
}
