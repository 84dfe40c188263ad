/**
 * The analyzer as users run it: the esbuild bundle in a real Node subprocess, on real files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateScenario, scenarioFrames } from '../scenarios/generator';

const ROOT = join(__dirname, '../..');
const BUNDLE = join(ROOT, '.cache/analyze.test.cjs');
const TRACES = join(ROOT, 'tests/fixtures/wire/traces');
let tmp: string;

beforeAll(() => {
  execFileSync(
    join(ROOT, 'node_modules/.bin/esbuild'),
    ['src/cli/analyze.ts', '--bundle', '--platform=node', '--format=cjs', '--log-level=warning', `--outfile=${BUNDLE}`],
    { cwd: ROOT }
  );
  tmp = mkdtempSync(join(tmpdir(), 'memlens-analyze-'));
}, 60_000);

function analyze(...args: string[]) {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function file(name: string, content: string): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

describe('analyze (subprocess)', () => {
  it.each([
    ['filecache.json', [], 'stable'],
    ['smallappend.json', [], 'stable'],
    ['sentinel.json', ['--min-growth', '8MiB'], 'stable'],
    ['leak.json', [], 'anon'],
    ['mixed.json', [], 'anon'],
  ])('%s → %s, with exactly one JSON document on stdout', (name, flags, verdict) => {
    const r = analyze(join(TRACES, name), '--json', ...flags);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.workloads).toHaveLength(1);
    expect(doc.workloads[0].verdict).toBe(verdict);
    expect(doc.workloads[0].labels).toEqual(expect.objectContaining({ namespace: 'traces' }));
    expect(Object.keys(doc.workloads[0].shares).sort()).toEqual(['activeFile', 'kernel', 'rss', 'shmem']);
    expect(doc.ignored).toEqual([]);
  });

  it('reads a /api/ds/query response, with refIds from the results keys, and says mixed or anon for the rereader', () => {
    const r = analyze(join(TRACES, 'rereader.json'), '--json');
    expect(r.code).toBe(0);
    const w = JSON.parse(r.stdout).workloads[0];
    expect(['mixed', 'anon']).toContain(w.verdict);
    expect(w.regions[0].text).toMatch(/^\+\d+(\.\d)? MiB working set in /);
  });

  it('prints the verdict for people, in English and in Chinese', () => {
    const human = analyze(join(TRACES, 'smallappend.json'));
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('traces/smallappend-0/smallappend: stable');
    expect(human.stdout).toContain('inactive file cache');
    const zh = analyze(join(TRACES, 'leak.json'), '--lang', 'zh-Hans');
    expect(zh.stdout).toContain('匿名内存（rss）');
    expect(zh.stdout).not.toContain('i18next');
  });

  it('analyses a generated week (bare array of frames) and honours --window and --role', () => {
    const s = generateScenario('seed-file-cache', { seed: 3 });
    const path = file('week.json', JSON.stringify(scenarioFrames(s)));
    const doc = JSON.parse(analyze(path, '--json', '--window', '6h').stdout);
    expect(doc.workloads[0].verdict).toBe('file-cache');
    expect(doc.workloads[0].shares.activeFile).toBeGreaterThan(0.8);

    // An expression has no __name__: --role says what it is.
    const ws = scenarioFrames(s).find(
      (f) => f.schema?.fields[1].labels?.__name__ === 'container_memory_working_set_bytes'
    )!;
    const expr = JSON.parse(JSON.stringify(ws));
    delete expr.schema.fields[1].labels.__name__;
    expr.schema.fields[1].name = 'Value';
    delete expr.schema.fields[1].config.displayNameFromDS;
    const exprFile = file('expr.json', JSON.stringify({ results: { W: { frames: [expr] } } }));
    expect(analyze(exprFile, '--json').code).toBe(2);
    const withRole = JSON.parse(analyze(exprFile, '--json', '--role', 'W=workingSet').stdout);
    expect(withRole.workloads[0].verdict).toBe('unattributed');
    expect(withRole.workloads[0].notes.join(' ')).toContain('container_memory_rss');
  });

  it.each([
    ['a missing file', ['/nonexistent/memlens.json'], /cannot read/],
    ['malformed JSON', ['@bad'], /not JSON/],
    ['no frames', ['@empty'], /no frames/],
    [
      'no memory series',
      [join(ROOT, 'tests/fixtures/grafana-wire/range_simple.result.json')],
      /no usable memory series/,
    ],
    ['an unknown flag', ['x.json', '--frobnicate'], /unknown flag --frobnicate/],
    ['a bad duration', ['x.json', '--window', 'soon'], /invalid duration/],
    ['a bad size', ['x.json', '--min-growth', '16 parsecs'], /invalid size/],
    ['a bad role', ['x.json', '--role', 'A=heap'], /invalid --role/],
    ['a bad share', ['x.json', '--share', '2'], /invalid --share/],
    ['a bad language', ['x.json', '--lang', 'tlh'], /invalid --lang/],
    ['no file', ['--json'], /^analyze: usage:/],
  ])('exits 2 with one line on stderr and nothing on stdout on %s', (_what, args, message) => {
    const resolved = args.map((a) =>
      a === '@bad'
        ? file('bad.json', '{"frames": [')
        : a === '@empty'
          ? file('empty.json', '{"status": 200, "frames": []}')
          : a
    );
    const r = analyze(...resolved);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('never evaluates its input', () => {
    const marker = join(tmp, 'pwned');
    const path = file('evil.json', `{"frames": [], "x": "\${require('fs').writeFileSync('${marker}', '')}"}`);
    expect(analyze(path).code).toBe(2);
    expect(() => readFileSync(marker)).toThrow();
  });
});
