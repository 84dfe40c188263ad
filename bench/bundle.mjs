/** Bundles a bench entry (TypeScript, importing the product's modules) for plain Node with esbuild. */
import { build } from 'esbuild';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const cacheDir = join(repoRoot, '.cache', 'bench');

/** Returns the path of the bundle in .cache/bench/. */
export async function bundleForNode(entry) {
  const outfile = join(cacheDir, basename(entry).replace(/\.tsx?$/, '.cjs'));
  await build({
    entryPoints: [join(repoRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    // @grafana/data's formatters read navigator at import time in places: give Node one first.
    banner: { js: "globalThis.navigator ??= { language: 'en-US', languages: ['en-US'] };" },
  });
  return outfile;
}
