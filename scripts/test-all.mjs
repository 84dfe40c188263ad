#!/usr/bin/env node
// Runs every test suite in order and prints one closing line: "tests: N passed, N failed".
// Each suite runs even when an earlier one failed, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { ensureHostPackages } from '../tests/browser/harness/bundle.mjs';
import { markPluginBuilt } from '../tests/browser/harness/plugin.mjs';

const reports = join(process.cwd(), 'artifacts', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const jestReport = (name) => join(reports, `${name}.jest.json`);
const playwrightReport = (name) => join(reports, `${name}.playwright.json`);

/** kind: 'check' counts as one test; 'jest' and 'playwright' read their JSON reports. */
const suites = [
  { name: 'typecheck', kind: 'check', cmd: ['npm', 'run', '-s', 'typecheck'] },
  { name: 'lint', kind: 'check', cmd: ['npm', 'run', '-s', 'lint'] },
  // After a good build, the browser suite's setup must not build again (webpack keeps an unchanged module.js's date).
  { name: 'build', kind: 'check', cmd: ['npm', 'run', '-s', 'build'], after: markPluginBuilt },
  {
    name: 'unit',
    kind: 'jest',
    cmd: ['npx', 'jest', '--ci', '--json', `--outputFile=${jestReport('unit')}`],
  },
  {
    name: 'dist',
    kind: 'jest',
    cmd: ['npx', 'jest', '-c', 'tests/build/jest.config.js', '--ci', '--json', `--outputFile=${jestReport('dist')}`],
  },
  {
    name: 'backend',
    kind: 'jest',
    cmd: [
      'npx',
      'jest',
      '-c',
      'tests/backend/jest.config.js',
      '--ci',
      '--runInBand',
      '--json',
      `--outputFile=${jestReport('backend')}`,
    ],
  },
  {
    name: 'browser',
    kind: 'playwright',
    cmd: ['npx', 'playwright', 'test', '-c', 'tests/browser/playwright.config.ts', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport('browser') },
  },
];

function countJest(file) {
  if (!existsSync(file)) {
    return null;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0),
    skipped: r.numPendingTests,
  };
}

function countPlaywright(file) {
  if (!existsSync(file)) {
    return null;
  }
  const s = JSON.parse(readFileSync(file, 'utf8')).stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
}

// The browser hosts keep their own packages: Grafana 13 / React 19 (React peer ranges differ from the
// root's), and Grafana 12.4's Scenes host (Scenes wants react-router-dom 6 where @grafana/ui pins 5).
for (const host of ['host12', 'host13']) {
  ensureHostPackages(host);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
for (const suite of suites) {
  const started = Date.now();
  console.log(`\n=== ${suite.name}: ${suite.cmd.join(' ')}`);
  const run = spawnSync(suite.cmd[0], suite.cmd.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ...(suite.env ?? {}) },
  });
  if (run.status === 0) {
    suite.after?.();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let counts;
  if (suite.kind === 'jest') {
    counts = countJest(jestReport(suite.name));
  } else if (suite.kind === 'playwright') {
    counts = countPlaywright(playwrightReport(suite.name));
  } else {
    counts = run.status === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
  }
  if (!counts) {
    counts = { passed: 0, failed: 1, skipped: 0 };
  }
  if (run.status !== 0 && counts.failed === 0) {
    // The runner failed without a failed test (a crash, a suite that did not compile): count it.
    counts.failed = 1;
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  lines.push(
    `${suite.name.padEnd(10)} ${String(counts.passed).padStart(5)} passed ${String(counts.failed).padStart(3)} failed ${String(counts.skipped).padStart(3)} skipped  ${seconds}s`
  );
}

console.log('\n=== summary');
for (const line of lines) {
  console.log(line);
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
