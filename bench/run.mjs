#!/usr/bin/env node
/**
 * `npm run bench`: every MemLens benchmark in one run, each against its baseline, with warm-up and
 * min/median/max, then one table of ratios against their targets. It never fails on time (the
 * machine's load is not the product's fault); it exits non-zero only when a benchmark crashes.
 *
 *   node bench/run.mjs [--quick] [--only pipeline,analyzer,browser,size]
 *
 * --quick shrinks every input (for trying the harness, not for figures).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { benchBrowser } from './browser/run.mjs';
import { bundleForNode, cacheDir, repoRoot } from './bundle.mjs';

const quick = process.argv.includes('--quick');
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg >= 0 ? new Set(process.argv[onlyArg + 1].split(',')) : undefined;
const wanted = (name) => !only || only.has(name);

mkdirSync(cacheDir, { recursive: true });
/** Rows of the closing table. */
const rows = [];
let crashed = false;

const fmt = (x, digits = 1) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
const fmtSummary = (s, unit = 'ms', digits = 1) =>
  `${fmt(s.min, digits)} / ${fmt(s.median, digits)} / ${fmt(s.max, digits)} ${unit}`;
const summarise = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { min: s[0], median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, max: s[s.length - 1], runs: s.length };
};

function section(title) {
  console.log(`\n=== ${title}`);
}

/** Runs a bundled bench entry in its own Node and returns its last JSON line. */
function runNode(bundle, args, nodeArgs = []) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=12000', ...nodeArgs, bundle, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new Error(`${bundle} exited ${r.status ?? r.signal}: ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

async function benchPipeline() {
  section('ingest + decompose + detect vs reading every value once');
  const workloads = quick ? 50 : 1000;
  const bundle = await bundleForNode('bench/pipeline.bench.ts');
  const r = runNode(bundle, ['--workloads', String(workloads), '--points', '5760', '--rounds', quick ? '3' : '5']);
  const { baseline, pipeline } = r.timing;
  console.log(
    `input: ${r.workloads} workloads (${r.workloadsFound} found by ingest), ${r.frames} frames, ${r.points.toLocaleString('en')} values read by the baseline (time and number fields), ${r.samples.toLocaleString('en')} samples`
  );
  console.log(`baseline (sum of field.values[i]): ${fmtSummary(baseline)}`);
  console.log(`pipeline:                          ${fmtSummary(pipeline)}`);
  const pps = (ms) => r.samples / (ms / 1000) / 1e6;
  console.log(
    `throughput: pipeline ${fmt(pps(pipeline.median))} M samples/s, plain pass ${fmt(pps(baseline.median))} M samples/s`
  );
  rows.push({
    what: `pipeline ${r.workloads}×5760 / plain pass`,
    min: pipeline.min / baseline.median,
    median: pipeline.median / baseline.median,
    max: pipeline.max / baseline.median,
    target: 4,
  });
  rows.push({
    what: 'pipeline throughput, M samples/s (plain pass: ' + fmt(pps(baseline.median), 0) + ')',
    min: pps(pipeline.max),
    median: pps(pipeline.median),
    max: pps(pipeline.min),
    target: undefined,
  });
}

/** GNU time's -v report: wall seconds and peak RSS in MB. */
function timed(command, args) {
  const r = spawnSync('/usr/bin/time', ['-v', command, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (!wall || !rss) {
    throw new Error(`/usr/bin/time gave no report for ${command}: ${r.stderr.slice(-300)}`);
  }
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, seconds, rssMB: Number(rss[1]) / 1024 };
}

async function benchAnalyzer() {
  section('the analyzer on a /api/ds/query file vs JSON.parse of it');
  const script = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts?.analyze;
  if (!script) {
    console.log('skipped: package.json has no "analyze" script yet');
    rows.push({ what: 'analyzer (skipped: no analyze script)', target: undefined });
    return;
  }
  if (!existsSync('/usr/bin/time')) {
    console.log('skipped: /usr/bin/time is not installed (apt-get install time)');
    rows.push({ what: 'analyzer (skipped: no /usr/bin/time)', target: undefined });
    return;
  }
  const bytes = quick ? 5_000_000 : 100_000_000;
  const file = join(cacheDir, `dsquery-${bytes / 1e6}mb.json`);
  let info;
  const infoFile = `${file}.info.json`;
  if (existsSync(file) && existsSync(infoFile)) {
    info = JSON.parse(readFileSync(infoFile, 'utf8'));
  } else {
    const writer = await bundleForNode('bench/dsquery-file.ts');
    info = runNode(writer, [file, '--bytes', String(bytes)]);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(infoFile, JSON.stringify(info));
  }
  console.log(
    `file: ${file} (${fmt(statSync(file).size / 1e6)} MB, ${info.frames} frames, ${info.points.toLocaleString('en')} points)`
  );
  // What `npm run -s analyze -- FILE --json` runs, without npm's start-up, and with the script's build
  // steps (`esbuild … && node …`) run once beforehand rather than timed.
  const steps = script.split(' && ');
  for (const step of steps.slice(0, -1)) {
    // npm puts node_modules/.bin on PATH for scripts; so must we.
    const PATH = `${join(repoRoot, 'node_modules', '.bin')}:${process.env.PATH}`;
    const built = spawnSync('sh', ['-c', step], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, PATH } });
    if (built.status !== 0) {
      throw new Error(`${step}: ${built.stderr}`);
    }
  }
  const analyzer = ['sh', ['-c', `exec ${steps[steps.length - 1]} "$0" --json`, file]];
  const parse = [process.execPath, ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`]];
  const rounds = quick ? 2 : 3;
  const samples = { analyzer: [], parse: [] };
  for (let r = 0; r < rounds + 1; r++) {
    for (const [name, [cmd, args]] of Object.entries({ analyzer, parse })) {
      const t = timed(cmd, args);
      if (t.status !== 0) {
        throw new Error(
          `${name} exited ${t.status}: ${t.stderr.split('\n').find((l) => l.trim() && !/^\s+\w.*: /.test(l)) ?? ''}`
        );
      }
      if (name === 'analyzer' && r === 0) {
        const out = JSON.parse(t.stdout);
        console.log(`analyzer output: ${out.workloads?.length} workloads, ${out.ignored?.length} ignored`);
      }
      if (r > 0) {
        samples[name].push(t); // round 0 warms the page cache
      }
    }
  }
  const wall = (name) => summarise(samples[name].map((t) => t.seconds));
  const rss = (name) => summarise(samples[name].map((t) => t.rssMB));
  console.log(
    `analyzer:   wall ${fmtSummary(wall('analyzer'), 's', 2)}, peak RSS ${fmtSummary(rss('analyzer'), 'MB', 0)}`
  );
  console.log(`JSON.parse: wall ${fmtSummary(wall('parse'), 's', 2)}, peak RSS ${fmtSummary(rss('parse'), 'MB', 0)}`);
  const pw = wall('parse').median;
  const pr = rss('parse').median;
  rows.push({
    what: `analyzer ${bytes / 1e6} MB wall / JSON.parse wall`,
    min: wall('analyzer').min / pw,
    median: wall('analyzer').median / pw,
    max: wall('analyzer').max / pw,
  });
  rows.push({
    what: `analyzer ${bytes / 1e6} MB peak RSS / JSON.parse RSS`,
    min: rss('analyzer').min / pr,
    median: rss('analyzer').median / pr,
    max: rss('analyzer').max / pr,
  });
  const mpps = (s) => info.points / s / 1e6;
  rows.push({
    what: 'analyzer end to end, M points/s',
    min: mpps(wall('analyzer').max),
    median: mpps(wall('analyzer').median),
    max: mpps(wall('analyzer').min),
  });
}

function benchSize() {
  section('dist/module.js gzipped');
  const file = join(repoRoot, 'dist', 'module.js');
  if (!existsSync(file)) {
    console.log('skipped: dist/module.js does not exist (npm run build)');
    rows.push({ what: 'dist/module.js gzip KB (skipped: not built)', target: 60 });
    return;
  }
  const raw = readFileSync(file);
  const kb = gzipSync(raw, { level: 9 }).length / 1024;
  console.log(
    `${file}: ${fmt(raw.length / 1024)} KB raw, ${fmt(kb)} KB gzipped (built ${statSync(file).mtime.toISOString()})`
  );
  rows.push({ what: 'dist/module.js gzipped, KB', min: kb, median: kb, max: kb, target: 60 });
}

const benches = {
  pipeline: benchPipeline,
  analyzer: benchAnalyzer,
  browser: async () => {
    section('first render in Chromium: the panel vs bare uPlot, 20 workloads × 2,000 points');
    rows.push(...(await benchBrowser({ quick })));
  },
  size: benchSize,
};

for (const [name, fn] of Object.entries(benches)) {
  if (!wanted(name)) {
    continue;
  }
  try {
    await fn();
  } catch (err) {
    crashed = true;
    console.log(`CRASHED: ${err instanceof Error ? err.message : String(err)}`);
    rows.push({ what: `${name} (crashed)`, target: undefined });
  }
}

section('summary (min / median / max; ratios are against the median of the baseline)');
const width = Math.max(...rows.map((r) => r.what.length));
console.log(
  `${'measure'.padEnd(width)}  ${'min'.padStart(8)} ${'median'.padStart(8)} ${'max'.padStart(8)}  target   status`
);
for (const r of rows) {
  const status = r.target === undefined || r.median === undefined ? '' : r.median <= r.target ? 'ok' : 'OVER';
  console.log(
    `${r.what.padEnd(width)}  ${fmt(r.min, 2).padStart(8)} ${fmt(r.median, 2).padStart(8)} ${fmt(r.max, 2).padStart(8)}  ${(r.target === undefined ? '' : `≤ ${r.target}`).padEnd(7)}  ${status}`
  );
}
process.exit(crashed ? 1 : 0);
