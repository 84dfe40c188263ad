/**
 * Builds the plugin only when dist/module.js is missing or older than anything under src/, so a runner
 * that has just run `npm run build` is not slowed down, and a fresh clone still gets a build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { repoRoot } from './bundle.mjs';

/** Tests and their fixtures do not go into dist/, so editing them does not call for a build. */
const NOT_BUILT = /(\.test\.tsx?$|^__\w+__$)/;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_BUILT.test(entry.name)) {
      continue;
    }
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// webpack leaves an unchanged module.js untouched, so its mtime alone can stay older than src/ forever.
const stamp = join(repoRoot, '.cache', 'plugin-build.stamp');

export function ensurePluginBuilt(log = console.log) {
  const moduleJs = join(repoRoot, 'dist', 'module.js');
  if (existsSync(moduleJs)) {
    const built = Math.max(statSync(moduleJs).mtimeMs, existsSync(stamp) ? statSync(stamp).mtimeMs : 0);
    if (built >= newestMtime(join(repoRoot, 'src'))) {
      return false;
    }
  }
  log('dist/module.js is missing or older than src/: running `npm run build`');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  markPluginBuilt();
  return true;
}

/** Records that dist/ was just built from src/ (the test runner calls it after its own build step). */
export function markPluginBuilt() {
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
