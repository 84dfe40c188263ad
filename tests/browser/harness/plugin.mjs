/**
 * Builds the plugin only when dist/module.js is missing or older than anything under src/, so a runner
 * that has just run `npm run build` is not slowed down, and a fresh clone still gets a build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from './bundle.mjs';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensurePluginBuilt(log = console.log) {
  const moduleJs = join(repoRoot, 'dist', 'module.js');
  if (existsSync(moduleJs) && statSync(moduleJs).mtimeMs >= newestMtime(join(repoRoot, 'src'))) {
    return false;
  }
  log('dist/module.js is missing or older than src/: running `npm run build`');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  return true;
}
