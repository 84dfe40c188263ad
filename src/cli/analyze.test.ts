/**
 * The analyzer as users run it: the esbuild bundle in a real Node subprocess, on real files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateScenario, scenarioFrames } from '../scenarios/generator';
import { matrixFrames, matrixTrace } from '../scenarios/matrix';

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

  it('says uncertain, in text and JSON and both languages, where the data cannot separate the kinds', () => {
    // A 40 MB GC sawtooth against 34 MB of mixed growth in one hour: the layers' errors overlap.
    const trace = matrixTrace({
      kind: 'mixed',
      timing: 'start',
      noise: 'saw40',
      factor: 2,
      rangeMs: 3_600_000,
      seed: 1,
    });
    const path = file('uncertain.json', JSON.stringify(matrixFrames(trace, 30_000)));
    const json = analyze(path, '--json');
    expect(json.code).toBe(0);
    const w = JSON.parse(json.stdout).workloads[0];
    expect(w.verdict).toBe('uncertain');
    expect(w.uncertainty.rivals).toHaveLength(2);
    expect(w.uncertainty.hints).toContain('longerRange');
    expect(w.banner).toMatch(
      /cannot tell whether it is mostly .+ or .+: .*uncertain, not a finding\. A longer range would settle it/
    );
    const text = analyze(path);
    expect(text.stdout).toMatch(/: uncertain\n/);
    expect(text.stdout).toMatch(/would settle it/);
    const zh = analyze(path, '--lang', 'zh-Hans');
    expect(zh.stdout).toMatch(/不确定/);
    expect(zh.stdout).toMatch(/可以得出结论/);
    // A certain verdict carries a null uncertainty, so the key is always there.
    const leak = JSON.parse(analyze(join(TRACES, 'leak.json'), '--json').stdout).workloads[0];
    expect(leak.uncertainty).toBeNull();
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

  it('gives a node growing in tmpfs the node text, with node advice and no container limit, in both languages', () => {
    const path = file('node-tmpfs.json', JSON.stringify(scenarioFrames(generateScenario('tmpfs', { target: 'node' }))));
    const doc = JSON.parse(analyze(path, '--json').stdout);
    expect(doc.workloads[0].verdict).toBe('shmem');
    const banner: string = doc.workloads[0].banner;
    expect(banner).toMatch(/^Node working set \+\d+(\.\d+)? MiB over 7 days?, \d+ % of it shared memory/);
    expect(banner).toContain('df -t tmpfs');
    expect(banner).not.toMatch(/raise the limit/);
    const zh = JSON.parse(analyze(path, '--json', '--lang', 'zh-Hans').stdout).workloads[0].banner;
    expect(zh).toContain('节点工作集增长');
    expect(zh).toContain('df -t tmpfs');
    expect(zh).not.toContain('调高内存限制');
  });

  it('reads a node whose kernel growth is reclaimable slab as reclaimable, not a kernel leak, in both languages', () => {
    const path = file(
      'node-slab.json',
      JSON.stringify(scenarioFrames(generateScenario('kernel-slab', { target: 'node' })))
    );
    const doc = JSON.parse(analyze(path, '--json').stdout);
    const w = doc.workloads[0];
    expect(w.verdict).toBe('kernel');
    // The generator grows the kernel layer in fixed parts, slab 70 % of it, and all that slab reclaimable.
    expect(w.assessment.kernelSlab.reclaimableShare).toBeCloseTo(0.7, 1);
    expect(w.assessment.kernelSlab.kernelGrowthBytes).toBeGreaterThan(0);
    expect(w.banner).toMatch(/of that reclaimable slab \(SReclaimable.*not a kernel leak\.$/);
    expect(w.banner).not.toContain('slabtop');
    const zh = JSON.parse(analyze(path, '--json', '--lang', 'zh-Hans').stdout).workloads[0].banner;
    expect(zh).toContain('可回收 slab');
    expect(zh).toContain('不是内核泄漏');
    // A container has no slab split: the key is null, not absent.
    const container = file('container-slab.json', JSON.stringify(scenarioFrames(generateScenario('kernel-slab'))));
    expect(JSON.parse(analyze(container, '--json').stdout).workloads[0].assessment.kernelSlab).toBeNull();
  });

  it('says usage is unknown, not +0 B, when there is no usage series', () => {
    const frames = scenarioFrames(generateScenario('leak', { seed: 2 }));
    const metric = (f: (typeof frames)[number]) => f.schema?.fields[1].labels?.__name__;
    const withUsage = analyze(file('with-usage.json', JSON.stringify(frames)));
    expect(withUsage.code).toBe(0);
    expect(withUsage.stdout).toMatch(/working set \+\S+ \w+, usage \+\S+ \w+\n/);
    const without = frames.filter((f) => metric(f) !== 'container_memory_usage_bytes');
    expect(without.length).toBe(frames.length - 1);
    const r = analyze(file('no-usage.json', JSON.stringify(without)));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/working set \+\S+ \w+, usage unknown \(no usage series\)\n/);
    expect(r.stdout).not.toContain('usage +');
    expect(analyze(file('no-usage.json', JSON.stringify(without)), '--lang', 'zh-Hans').stdout).toContain(
      '内存用量未知'
    );
  });

  it('names each ignored series once', () => {
    const frames = scenarioFrames(generateScenario('steady', { seed: 4 }));
    const cpu = JSON.parse(JSON.stringify(frames[0]));
    cpu.schema.fields[1].labels.__name__ = 'container_cpu_usage_seconds_total';
    delete cpu.schema.fields[1].config.displayNameFromDS;
    const pause = JSON.parse(JSON.stringify(frames[0]));
    pause.schema.fields[1].labels.container = 'POD';
    delete pause.schema.fields[1].config.displayNameFromDS;
    const text = JSON.parse(JSON.stringify(frames[0]));
    text.schema.fields.push({ name: 'note', type: 'string' });
    text.data.values.push(text.data.values[0].map(() => 'x'));
    const r = analyze(
      file(
        'ignored.json',
        JSON.stringify({ results: { A: { frames: [...frames, cpu, pause] }, T: { frames: [text] } } })
      )
    );
    expect(r.code).toBe(0);
    const ignoredLines = r.stdout.split('\n').filter((l) => l.startsWith('ignored'));
    expect(ignoredLines).toHaveLength(3);
    const pod = cpu.schema.fields[1].labels.pod;
    const cpuLine = ignoredLines.find((l) => l.includes('container_cpu_usage_seconds_total'))!;
    expect(cpuLine).toMatch(/^ignored: container_cpu_usage_seconds_total\{.*\} is not a memory metric/);
    expect(cpuLine).toContain(`pod="${pod}"`);
    expect(cpuLine.split('container_cpu_usage_seconds_total')).toHaveLength(2);
    const pauseLine = ignoredLines.find((l) => l.includes('container="POD"'))!;
    expect(pauseLine).toMatch(/^ignored: \S+\{.*\} is the pod's pause/);
    expect(pauseLine.split('container="POD"')).toHaveLength(2);
    expect(ignoredLines).toContainEqual('ignored: Query T: field "note" holds text, not numbers');
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
