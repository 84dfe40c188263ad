/**
 * Writes the importable copies of the Kubernetes dashboards: `npm run dashboards:import`.
 * With `--check`, writes nothing and exits 1 when a copy is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { IMPORTABLE, IMPORT_DIR, PROVISIONED_DIR, serialize, toImportable } from './importable';

const root = join(__dirname, '..', '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const file of IMPORTABLE) {
  const source = JSON.parse(readFileSync(join(root, PROVISIONED_DIR, file), 'utf8'));
  const text = serialize(toImportable(source));
  const target = join(root, IMPORT_DIR, file);
  if (check) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      console.error(`${join(IMPORT_DIR, file)} is stale: run npm run dashboards:import`);
      stale++;
    }
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${join(IMPORT_DIR, file)}`);
  }
}
process.exit(stale ? 1 : 0);
