/**
 * What Grafana gets: dist/plugin.json must satisfy the plugin.json schema, dist/module.js must be an
 * AMD module that takes Grafana's shared modules from Grafana instead of bundling them (two copies of
 * React break hooks; Grafana 13 ships React 19), and the bundle must stay small.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Ajv from 'ajv';

const root = join(__dirname, '..', '..');
const dist = join(root, 'dist');
const read = (file: string) => readFileSync(join(dist, file), 'utf8');

/** Grafana provides these to plugins at run time (its SystemJS shared-module registry). */
const SHARED = [
  'react',
  'react-dom',
  'react/jsx-runtime',
  '@grafana/data',
  '@grafana/ui',
  '@grafana/runtime',
  'rxjs',
  'lodash',
  'i18next',
  '@emotion/css',
  '@emotion/react',
];
/** The shared modules MemLens's own code imports: each must be a dependency of the AMD define. */
const IMPORTED = ['react', 'react-dom', '@grafana/data', '@grafana/ui', 'i18next', '@emotion/css'];
const MAX_GZIP_BYTES = 60 * 1024;

beforeAll(() => {
  if (!existsSync(join(dist, 'module.js'))) {
    throw new Error('dist/module.js is missing: run `npm run build` before these tests');
  }
});

describe('dist/plugin.json', () => {
  const pluginJson = JSON.parse(read('plugin.json'));

  it('validates against the panel plugin.json schema', () => {
    const schema = JSON.parse(readFileSync(join(root, 'tests/fixtures/plugin-json/plugin.schema.panel.json'), 'utf8'));
    // Grafana's schema writes its id pattern with `\-`, which is valid only without the `u` flag.
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    const valid = validate(pluginJson);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('names the panel, requires Grafana 12.4 and has its version and date filled in', () => {
    expect(pluginJson).toMatchObject({ type: 'panel', id: 'memlens-memory-panel', name: 'MemLens memory' });
    expect(pluginJson.dependencies.grafanaDependency).toBe('>=12.4.0');
    expect(pluginJson.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(pluginJson.info.updated).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(pluginJson.info.description.length).toBeGreaterThan(40);
  });

  it('ships the files it points to: logos and the catalogues of its languages', () => {
    for (const logo of Object.values<string>(pluginJson.info.logos)) {
      expect(existsSync(join(dist, logo))).toBe(true);
    }
    for (const lang of pluginJson.languages as string[]) {
      const catalogue = JSON.parse(read(`locales/${lang}/${pluginJson.id}.json`));
      expect(typeof catalogue.banner.fileCache).toBe('string');
    }
  });
});

describe('dist/module.js', () => {
  const code = read('module.js');
  const define = /\bdefine\(\s*(\[[^\]]*\])/.exec(code);
  const deps: string[] = define ? JSON.parse(define[1]) : [];
  // Every module webpack put in the bundle, from the source maps of the entry and its chunks.
  const bundled = readdirSync(dist)
    .filter((f) => f.endsWith('.js.map'))
    .flatMap((f) => JSON.parse(read(f)).sources as string[]);

  it('is an AMD module', () => {
    expect(define).not.toBeNull();
    expect(deps.length).toBeGreaterThan(0);
  });

  it('takes the shared modules it uses from Grafana (AMD dependencies)', () => {
    for (const name of IMPORTED) {
      expect(deps).toContain(name);
      expect(bundled).toContain(`webpack://memlens-memory-panel/external amd "${name}"`);
    }
  });

  it.each(SHARED)('does not bundle %s', (name) => {
    const inBundle = bundled.filter((s) => s.includes(`/node_modules/${name}/`));
    expect(inBundle).toEqual([]);
    // Anything the bundle does reference by that name comes through the define's list.
    if (bundled.some((s) => s.endsWith(`external amd "${name}"`))) {
      expect(deps).toContain(name);
    }
  });

  it('carries none of React’s own code', () => {
    for (const fingerprint of ['__SECRET_INTERNALS_DO_NOT_USE', 'react.transitional.element', 'Minified React error']) {
      expect(code).not.toContain(fingerprint);
    }
  });

  it(`stays within ${MAX_GZIP_BYTES / 1024} KiB gzipped`, () => {
    const gzipped = gzipSync(code, { level: 9 }).length;
    const chunks = readdirSync(dist).filter((f) => f.endsWith('.js') && f !== 'module.js');
    const chunkBytes = chunks.reduce((n, f) => n + gzipSync(read(f), { level: 9 }).length, 0);
    // Printed for the release notes and the size budget's history.
    console.log(
      `module.js: ${code.length} bytes, ${gzipped} gzipped; lazy chunks: ${chunks.length}, ${chunkBytes} gzipped`
    );
    expect(gzipped).toBeLessThanOrEqual(MAX_GZIP_BYTES);
  });
});
