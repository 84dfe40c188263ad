/**
 * Bundles the browser host page with esbuild, once per Grafana version:
 *   host12: @grafana/* 12.4 and React 18 from the root node_modules (what `npm run demo` serves);
 *   host13: @grafana/* 13 and React 19 from tests/browser/host13/node_modules.
 * The same host source serves both; for host13 every bare import made by the host's own files is
 * resolved from host13's folder, and packages then resolve their own dependencies from there.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const browserDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(browserDir, '..', '..');
export const bundlesDir = join(repoRoot, '.cache', 'browser');

export const HOSTS = {
  host12: { label: 'Grafana 12.4 · React 18', modules: join(repoRoot, 'node_modules') },
  host13: { label: 'Grafana 13 · React 19', modules: join(browserDir, 'host13', 'node_modules') },
};

function resolveFrom(packagesDir) {
  const hostDir = dirname(packagesDir);
  return {
    name: 'resolve-shared-from-host',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.redirected || args.importer.startsWith(packagesDir) || !args.importer) {
          return undefined;
        }
        const result = await b.resolve(args.path, {
          kind: args.kind,
          resolveDir: hostDir,
          pluginData: { redirected: true },
        });
        return result.errors.length ? { errors: result.errors } : result;
      });
    },
  };
}

/** Bundles `entry` (main or demo) for one host into .cache/browser/<host>/<entry>.js. */
export async function bundleHost(hostName, entry = 'main') {
  const host = HOSTS[hostName];
  if (!host) {
    throw new Error(`unknown host "${hostName}" (known: ${Object.keys(HOSTS).join(', ')})`);
  }
  if (!existsSync(join(host.modules, '@grafana', 'ui'))) {
    const install = hostName === 'host13' ? 'npm ci --prefix tests/browser/host13' : 'npm ci';
    throw new Error(`${hostName}: ${host.modules} has no @grafana/ui; install it with \`${install}\``);
  }
  const outfile = join(bundlesDir, hostName, `${entry}.js`);
  await build({
    entryPoints: [join(browserDir, 'host', `${entry}.tsx`)],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    sourcemap: true,
    logLevel: 'error',
    // The page defines AMD's global `define` for plugins; UMD packages (lodash) would register with it
    // instead of exporting, so the bundle must not see it.
    define: { define: 'undefined', 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'dataurl' },
    plugins: hostName === 'host12' ? [] : [resolveFrom(host.modules)],
  });
  return outfile;
}
