/**
 * Before the browser specs: make sure dist/ holds a build of the current source (the CI runner builds
 * first, so this only builds when dist is missing or older than src), bundle both host pages, and start
 * the harness server. The server's URL reaches the specs through MEMLENS_HARNESS_URL.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { bundleHost, HOSTS, repoRoot } from './harness/bundle.mjs';
import { startHarnessServer } from './harness/server.mjs';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensurePluginBuilt(): void {
  const moduleJs = join(repoRoot, 'dist', 'module.js');
  if (existsSync(moduleJs) && statSync(moduleJs).mtimeMs >= newestMtime(join(repoRoot, 'src'))) {
    return;
  }
  console.log('browser harness: dist/module.js is missing or older than src/, running `npm run build`');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, stdio: 'inherit' });
}

export default async function globalSetup() {
  ensurePluginBuilt();
  await Promise.all(Object.keys(HOSTS).map((host) => bundleHost(host)));
  const { server, url } = await startHarnessServer();
  process.env.MEMLENS_HARNESS_URL = url;
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
