/**
 * Bundles the browser host page with esbuild, once per Grafana version:
 *   host12: @grafana/* 12.4 and React 18 from the root node_modules (what `npm run demo` serves);
 *   host13: @grafana/* 13 and React 19 from tests/browser/host13/node_modules.
 * The same host source serves both; for host13 every bare import made by the host's own files is
 * resolved from host13's folder, and packages then resolve their own dependencies from there.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const browserDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(browserDir, '..', '..');
export const bundlesDir = join(repoRoot, '.cache', 'browser');

/**
 * `modules`: the panel harness's packages; `sceneModules`: the Scenes host's (@grafana/scenes wants
 * react-router-dom 6 where @grafana/ui pins 5, so the 12.4 Scenes host has its own folder).
 */
export const HOSTS = {
  host12: {
    label: 'Grafana 12.4 · React 18',
    modules: join(repoRoot, 'node_modules'),
    sceneModules: join(browserDir, 'host12', 'node_modules'),
  },
  host13: {
    label: 'Grafana 13 · React 19',
    modules: join(browserDir, 'host13', 'node_modules'),
    sceneModules: join(browserDir, 'host13', 'node_modules'),
  },
};

/** Installs a host's package folder when it has none yet (`npm ci` there), as `npm test` and `npm run demo` need. */
export function ensureHostPackages(hostName) {
  const folder = join(browserDir, hostName);
  if (existsSync(join(folder, 'package.json')) && !existsSync(join(folder, 'node_modules', '@grafana', 'scenes'))) {
    console.log(`=== installing the ${HOSTS[hostName].label} browser host packages (tests/browser/${hostName})`);
    const run = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', folder], { stdio: 'inherit' });
    if (run.status !== 0) {
      throw new Error(`npm ci in tests/browser/${hostName} failed (exit ${run.status})`);
    }
  }
}

function resolveFrom(packagesDir) {
  const hostDir = dirname(packagesDir);
  // esbuild names importers by their real path: a symlinked node_modules (a git worktree sharing
  // another checkout's packages) must still count as the host's own.
  const realPackagesDir = existsSync(packagesDir) ? realpathSync(packagesDir) : packagesDir;
  return {
    name: 'resolve-shared-from-host',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (
          args.pluginData?.redirected ||
          args.importer.startsWith(packagesDir) ||
          args.importer.startsWith(realPackagesDir) ||
          !args.importer
        ) {
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

/**
 * @grafana/plugin-compat feature-detects @grafana/runtime by importing names that older versions lack
 * and checking `typeof … === 'function'`. Webpack (Grafana's build) leaves such an import undefined;
 * esbuild refuses it. This rewrites plugin-compat's named imports from @grafana/runtime into reads
 * from the module namespace, which mean the same and which esbuild accepts.
 */
const tolerateMissingRuntimeExports = {
  name: 'tolerate-missing-runtime-exports',
  setup(b) {
    b.onLoad({ filter: /@grafana[\\/]plugin-compat[\\/].*\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      let n = 0;
      const contents = source.replace(
        /import \{([^}]*)\} from '(@grafana\/runtime(?:\/unstable)?)';/g,
        (_all, names, from) => {
          const ns = `__runtime${n++}`;
          const reads = names
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean)
            .map((part) => {
              const [name, alias] = part.split(/\s+as\s+/);
              return `const ${alias ?? name} = ${ns}[${JSON.stringify(name)}];`;
            });
          return `import * as ${ns} from '${from}';\n${reads.join('\n')}`;
        }
      );
      return { contents, loader: 'js' };
    });
  },
};

/**
 * npm hoists @grafana/ui's react-router-dom-v5-compat beside Scenes' react-router-dom 6 and nests
 * @grafana/ui's react-router-dom 5 under @grafana/ui; the compat layer belongs with 5, as in Grafana.
 */
const pairRouterCompatWithV5 = (packagesDir) => ({
  name: 'pair-router-compat-with-v5',
  setup(b) {
    b.onResolve({ filter: /^react-router-dom$/ }, async (args) => {
      if (!/[\\/]react-router-dom-v5-compat[\\/]/.test(args.importer) || args.pluginData?.paired) {
        return undefined;
      }
      return b.resolve(args.path, {
        kind: args.kind,
        resolveDir: join(packagesDir, '@grafana', 'ui'),
        pluginData: { paired: true },
      });
    });
  },
});

/** Whether `entry` is a page on the Scenes host (`scene` or `scene-<name>`), not the panel harness. */
export const isSceneEntry = (entry) => entry === 'scene' || entry.startsWith('scene-');

/**
 * Bundles `entry` for one host into .cache/browser/<host>/<entry>.js: `main` (the panel harness,
 * tests/browser/host), `scene` (the Scenes host, tests/browser/scene/main.tsx) or `scene-<name>`
 * (another page on the Scenes host: tests/browser/scene/<name>.tsx, e.g. `scene-demo`).
 */
export async function bundleHost(hostName, entry = 'main') {
  const host = HOSTS[hostName];
  if (!host) {
    throw new Error(`unknown host "${hostName}" (known: ${Object.keys(HOSTS).join(', ')})`);
  }
  const scene = isSceneEntry(entry);
  const modules = scene ? host.sceneModules : host.modules;
  if (!existsSync(join(modules, '@grafana', scene ? 'scenes' : 'ui'))) {
    const install = modules === HOSTS.host12.modules ? 'npm ci' : `npm ci --prefix ${dirname(modules)}`;
    throw new Error(`${hostName}: ${modules} lacks its packages; install them with \`${install}\``);
  }
  const outfile = join(bundlesDir, hostName, `${entry}.js`);
  await build({
    entryPoints: [
      scene
        ? join(browserDir, 'scene', entry === 'scene' ? 'main.tsx' : `${entry.slice('scene-'.length)}.tsx`)
        : join(browserDir, 'host', `${entry}.tsx`),
    ],
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
    plugins: [
      ...(modules === HOSTS.host12.modules ? [] : [resolveFrom(modules)]),
      pairRouterCompatWithV5(modules),
      ...(scene ? [tolerateMissingRuntimeExports] : []),
    ],
  });
  return outfile;
}
