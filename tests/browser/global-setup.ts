/**
 * Before the browser specs: make sure dist/ holds a build of the current source, bundle both host
 * pages, and start the harness server. The server's URL reaches the specs through MEMLENS_HARNESS_URL.
 */
import { bundleHost, HOSTS } from './harness/bundle.mjs';
import { ensurePluginBuilt } from './harness/plugin.mjs';
import { startHarnessServer } from './harness/server.mjs';

export default async function globalSetup() {
  ensurePluginBuilt();
  await Promise.all(Object.keys(HOSTS).map((host) => bundleHost(host)));
  const { server, url } = await startHarnessServer();
  process.env.MEMLENS_HARNESS_URL = url;
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
