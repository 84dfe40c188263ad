/**
 * The harness's HTTP server (127.0.0.1 only): the host pages, their bundles, SystemJS, the built
 * plugin under /dist, and whatever extra routes the caller adds (the demo's traces and Prometheus proxy).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

import { HOSTS, bundlesDir, repoRoot } from './bundle.mjs';

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

export function hostPage(hostName, entry = 'main', title = 'MemLens harness') {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>${title} (${HOSTS[hostName].label})</title>
<style>html, body { margin: 0; padding: 0; } body { padding: 16px; font-family: Inter, Helvetica, Arial, sans-serif; }</style>
<script>window.__grafana_public_path__ = '/public/';</script>
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

/**
 * routes: optional async (req, res, url) => boolean handlers tried first.
 * Pages: /host12/, /host13/ (bare host) and whatever the routes add.
 */
export function startHarnessServer({ port = 0, routes = [], host = 'host12' } = {}) {
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
      const hostMatch = /^\/(host1[23])\/?$/.exec(path);
      if (hostMatch) {
        res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
        res.end(hostPage(hostMatch[1]));
        return;
      }
      // Grafana serves @grafana/ui's icon SVGs under public/build/img/icons; each host serves its own version's.
      const iconHost =
        /^\/(host1[23])\//.exec(req.headers.referer ? new URL(req.headers.referer).pathname : '')?.[1] ?? host;
      const served =
        (path.startsWith('/public/fonts/') && sendFont(res)) ||
        (path.startsWith('/public/build/img/') &&
          sendFile(
            res,
            join(HOSTS[iconHost].modules, '@grafana', 'ui', 'dist', 'public', 'img'),
            path.slice('/public/build/img/'.length)
          )) ||
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
