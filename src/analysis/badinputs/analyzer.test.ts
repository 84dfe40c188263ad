/**
 * The named bad inputs (docs/bad-inputs.md) given to the real analyzer, as a subprocess: exit 2 with
 * one stderr line and an empty stdout only when nothing can be analysed; otherwise exit 0 and the
 * problem named in `notes` or `ignored`. Also: the analyzer never evaluates its input.
 * The CLI is bundled once into a private directory (the same entry and esbuild options as
 * `npm run analyze`), so parallel test runs never race on .cache/analyze.cjs; one test goes through
 * `npm run -s analyze` itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { BAD_INPUTS, badInput, dsQuery, frames, MB, plainRestart } from './cases';
import { toWireFrame } from '../../scenarios/wire';

const repoRoot = resolve(__dirname, '..', '..', '..');
let dir: string;
let cli: string;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  json?: AnalyzerJson;
}
interface AnalyzerJson {
  workloads: Array<{
    labels: Record<string, string>;
    title: string;
    verdict: string;
    workingSetGrowthBytes: number;
    usageGrowthBytes: number;
    regions: Array<{ from: number; to: number; kind: string }>;
    notes: string[];
  }>;
  ignored: Array<{ labels: Record<string, string>; reason: string }>;
  notes: string[];
}

function analyze(text: string, name: string, extra: string[] = [], nodeArgs: string[] = []): Run {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, [...nodeArgs, cli, file, '--json', ...extra], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const run: Run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  if (r.status === 0) {
    run.json = JSON.parse(r.stdout);
  }
  return run;
}

const results = new Map<string, Run>();
const result = (id: string) => {
  if (!results.has(id)) {
    results.set(id, analyze(badInput(id).file(), id));
  }
  return results.get(id)!;
};
const allNotes = (r: Run) => [...r.json!.notes, ...r.json!.workloads.flatMap((w) => w.notes)];

jest.setTimeout(120_000);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'memlens-badinputs-'));
  cli = join(dir, 'analyze.cjs');
  // esbuild's JS API refuses jsdom's TextEncoder: use its binary, as the analyze script does.
  const esbuild = join(repoRoot, 'node_modules', '.bin', 'esbuild');
  const built = spawnSync(
    esbuild,
    ['src/cli/analyze.ts', '--bundle', '--platform=node', '--format=cjs', '--log-level=warning', `--outfile=${cli}`],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    }
  );
  if (built.status !== 0) {
    throw new Error(`bundling the analyzer failed: ${built.stderr}`);
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Exit 2: one line on stderr, nothing on stdout. */
function expectRefused(r: Run, message: RegExp) {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

describe('the analyzer on the named bad inputs', () => {
  it('covers every named input', () => {
    expect(BAD_INPUTS.map((b) => b.id).sort()).toEqual(
      [
        'cache-above-usage',
        'duplicates',
        'limit-below-usage',
        'limit-zero',
        'malformed-frames',
        'malformed-not-json',
        'malformed-shape',
        'million-points',
        'no-data',
        'only-working-set',
        'pod-level-and-pause',
        'string-fields',
        'unrelated-metrics',
        'usage-below-working-set',
      ].sort()
    );
  });

  it('no data: exit 2, "no frames"', () => {
    expectRefused(result('no-data'), /^analyze: no frames in the file$/);
  });

  it('only unrelated metrics: exit 2, names the first ignored series and why', () => {
    expectRefused(
      result('unrelated-metrics'),
      /no usable memory series.*container_cpu_usage_seconds_total.*not a memory metric/
    );
  });

  it('malformed files: exit 2 with what is wrong', () => {
    expectRefused(result('malformed-not-json'), /^analyze: not JSON: /);
    expectRefused(result('malformed-shape'), /expected a \/api\/ds\/query response/);
    expectRefused(result('malformed-frames'), /no frame in the file could be decoded/);
  });

  it('only working set: verdict "unattributed", and the note names the queries to add', () => {
    const r = result('only-working-set');
    expect(r.status).toBe(0);
    expect(r.json!.workloads).toHaveLength(1);
    const [w] = r.json!.workloads;
    expect(w.verdict).toBe('unattributed');
    expect(w.workingSetGrowthBytes).toBeGreaterThan(50 * MB);
    const note = w.notes.find((n) => /add/.test(n) && /working set grew/i.test(n));
    expect(note).toBeDefined();
    for (const metric of ['container_memory_usage_bytes', 'container_memory_rss', 'container_memory_cache']) {
      expect(note).toContain(metric);
    }
  });

  it('string fields: the text series is ignored with its reason, the rest analysed', () => {
    const r = result('string-fields');
    expect(r.status).toBe(0);
    expect(r.json!.workloads).toHaveLength(1);
    const text = r.json!.ignored.filter((i) => i.labels.pod === 'text-0');
    expect(text).toHaveLength(1);
    expect(text[0].reason).toMatch(/holds text, not numbers/);
  });

  it('a limit of 0: analysed, with a note that it means unlimited', () => {
    const r = result('limit-zero');
    expect(r.status).toBe(0);
    expect(r.json!.workloads[0].notes.some((n) => /limit of 0 means unlimited/.test(n))).toBe(true);
  });

  it('pod-level and pause series: ignored, each with its reason; the container analysed once', () => {
    const r = result('pod-level-and-pause');
    expect(r.status).toBe(0);
    expect(r.json!.workloads).toHaveLength(1);
    const reasons = r.json!.ignored.map((i) => i.reason);
    expect(reasons.some((x) => /pod-level cgroup \(container=""\).*count them twice/.test(x))).toBe(true);
    expect(reasons.some((x) => /pause \(sandbox\) container/.test(x))).toBe(true);
    expect(r.json!.ignored).toHaveLength(2);
  });

  it('duplicates (a restart that lingers, a /metrics/resource twin): no double count, no growth step', () => {
    const r = result('duplicates');
    // The same container without the lingering samples and without the twin.
    const clean = analyze(dsQuery({ A: frames(plainRestart()) }), 'restart-plain');
    expect(r.status).toBe(0);
    expect(r.json!.workloads).toHaveLength(1);
    expect(clean.json!.workloads).toHaveLength(1);
    const [w] = r.json!.workloads;
    // Truth: 30 MB/day of rss for 3 days before the restart and 3.5 days after it (growth summed over lifetimes).
    expect(w.verdict).toBe('anon');
    expect(w.workingSetGrowthBytes).toBeGreaterThan(0.8 * 6.5 * 30 * MB);
    expect(w.workingSetGrowthBytes).toBeLessThan(1.2 * 6.5 * 30 * MB);
    // Neither the lingering old series nor the twin changes the figures.
    const c = clean.json!.workloads[0];
    expect(Math.abs(w.workingSetGrowthBytes - c.workingSetGrowthBytes)).toBeLessThan(1 * MB);
    expect(w.regions.map((g) => g.kind)).toEqual(c.regions.map((g) => g.kind));
    // No region begins at the restart's step up from the dropped level (the restart is at 3.5 days).
    const restartMs = Date.UTC(2025, 0, 6) + 3.5 * 86_400_000;
    expect(w.regions.filter((g) => Math.abs(g.from - restartMs) < 10 * 60_000 && g.kind !== 'anon')).toEqual([]);
  });

  it('a frame with 10⁶ points: analysed (exit 0), the growth found', () => {
    const r = result('million-points');
    expect(r.status).toBe(0);
    const [w] = r.json!.workloads;
    expect(w.verdict).toBe('file-cache');
    // 15 MB/day over 11.57 days.
    expect(w.workingSetGrowthBytes).toBeGreaterThan(0.9 * 15 * MB * 11.57);
    expect(w.workingSetGrowthBytes).toBeLessThan(1.1 * 15 * MB * 11.57);
  });

  // Each of these inputs contradicts an identity or the limit: a specific note names it.
  it('a limit smaller than usage: a note says usage is above the limit', () => {
    const r = result('limit-below-usage');
    expect(r.status).toBe(0);
    expect(r.json!.workloads[0].notes.some((n) => /limit/i.test(n) && /(above|exceed|over)/i.test(n))).toBe(true);
  });

  it('usage below working set: a note says so', () => {
    const r = result('usage-below-working-set');
    expect(r.status).toBe(0);
    expect(allNotes(r).some((n) => /usage/i.test(n) && /working set/i.test(n) && /(below|less|smaller)/i.test(n))).toBe(
      true
    );
  });

  it('cache above usage: a note says so', () => {
    const r = result('cache-above-usage');
    expect(r.status).toBe(0);
    expect(
      allNotes(r).some((n) => /cache/i.test(n) && /usage/i.test(n) && /(above|exceeds|more|larger)/i.test(n))
    ).toBe(true);
  });

  it('the three disagreeing inputs are still analysed, with a note that the inputs disagree', () => {
    for (const id of ['limit-below-usage', 'usage-below-working-set', 'cache-above-usage']) {
      const r = result(id);
      expect(r.status).toBe(0);
      expect(r.json!.workloads).toHaveLength(1);
    }
    expect(allNotes(result('cache-above-usage')).some((n) => /do not agree/.test(n))).toBe(true);
    expect(allNotes(result('usage-below-working-set')).some((n) => /do not agree/.test(n))).toBe(true);
  });
});

describe('the analyzer never evaluates its input', () => {
  const hostile = {
    namespace: '<script>alert(1)</script>',
    pod: '${process.exit(7)}',
    container: '"); process.exit(7); ("',
    constructor: 'prototype',
    polluted: 'no',
  };

  function pollutingFile(): string {
    const labels = (name: string) => ({ __name__: name, ...hostile });
    const wire = ['container_memory_usage_bytes', 'container_memory_working_set_bytes'].map((name, k) =>
      toWireFrame({
        refId: 'A',
        labels: labels(name),
        times: [0, 60_000, 120_000],
        values: [3e8 - k * 1e8, 3e8 - k * 1e8, 3e8 - k * 1e8],
        stepMs: 60_000,
      })
    );
    // __proto__ as an own key at every level a merge could walk: document, results, query, frame, schema, field, labels.
    const text = JSON.stringify({ results: { A: { status: 200, frames: wire } } });
    return text
      .replace('{"results":', '{"__proto__":{"polluted":"document"},"results":')
      .replace('"results":{', '"results":{"__proto__":{"polluted":"results"},')
      .replace('"A":{', '"A":{"__proto__":{"polluted":"query"},')
      .replace('{"schema":', '{"__proto__":{"polluted":"frame"},"schema":')
      .replace('"schema":{', '"schema":{"__proto__":{"polluted":"schema"},')
      .replace('"labels":{', '"labels":{"__proto__":"label-value","constructor":"c",');
  }

  it('labels that look like code stay text; __proto__ keys pollute nothing', () => {
    const file = join(dir, 'polluting.json');
    writeFileSync(file, pollutingFile());
    // Run the bundled CLI in a Node that checks Object.prototype once the analyzer has finished.
    const probe = [
      `process.argv = [process.argv[0], ${JSON.stringify(cli)}, ${JSON.stringify(file)}, '--json'];`,
      `process.on('exit', () => {`,
      `  const leaked = ({}).polluted !== undefined || Object.keys(Object.prototype).length > 0 || Object.getPrototypeOf({}) !== Object.prototype;`,
      `  if (leaked) { process.stderr.write('Object.prototype was modified\\n'); process.exitCode = 3; }`,
      `});`,
      `require(${JSON.stringify(cli)});`,
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as AnalyzerJson;
    expect(out.workloads).toHaveLength(1);
    const labels = out.workloads[0].labels;
    expect(labels.namespace).toBe(hostile.namespace);
    expect(labels.pod).toBe(hostile.pod);
    expect(labels.container).toBe(hostile.container);
    expect(out.workloads[0].title).toContain('${process.exit(7)}');
  });

  it('npm run -s analyze: the same contract through npm (stdout is exactly one JSON document)', () => {
    const file = join(dir, 'npm-path.json');
    writeFileSync(file, badInput('pod-level-and-pause').file());
    const ok = spawnSync('npm', ['run', '-s', 'analyze', '--', file, '--json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).workloads).toHaveLength(1);
    writeFileSync(file, badInput('no-data').file());
    const refused = spawnSync('npm', ['run', '-s', 'analyze', '--', file, '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  });
});
