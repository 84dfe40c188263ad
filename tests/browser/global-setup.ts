/**
 * Before the browser specs: make sure dist/ holds a build of the current source, bundle both host
 * pages and both Scenes hosts, and start the harness server. The server's URL reaches the specs through MEMLENS_HARNESS_URL.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The harness modules are plain ES modules shared with `npm run demo`; they are loaded by Node itself
 * (through a real dynamic import) rather than through Playwright's TypeScript-to-CommonJS transform.
 */
const importNative = new Function('url', 'return import(url)') as (url: string) => Promise<any>;
const harness = (name: string) => importNative(pathToFileURL(join(__dirname, 'harness', name)).href);

export default async function globalSetup() {
  const [{ bundleHost, HOSTS }, { ensurePluginBuilt }, { startHarnessServer }] = await Promise.all([
    harness('bundle.mjs'),
    harness('plugin.mjs'),
    harness('server.mjs'),
  ]);
  if (!process.env.MEMLENS_PLUGIN_DIR) {
    ensurePluginBuilt();
  }
  // The panel harness and the Scenes host of each Grafana version.
  await Promise.all(Object.keys(HOSTS).flatMap((host) => [bundleHost(host), bundleHost(host, 'scene')]));
  const { server, url } = await startHarnessServer();
  process.env.MEMLENS_HARNESS_URL = url;
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
