/**
 * Writes the generated dashboards and manifests (dashboards/src/generate.ts): `npm run dashboards`.
 * With `--check`, writes nothing and exits 1 when a file on disk is stale.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { generatedFiles, ROOT } from './src/generate';

const check = process.argv.includes('--check');
let stale = 0;
for (const { path, text } of generatedFiles()) {
  const target = join(ROOT, path);
  if (check) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      console.error(`${path} is stale: run npm run dashboards`);
      stale++;
    }
  } else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    console.log(`wrote ${path}`);
  }
}
process.exit(stale ? 1 : 0);
