/**
 * The real-browser suite: the built plugin in Debian's Chromium, loaded through SystemJS by a host page
 * that plays Grafana (tests/browser/host). One project per host: Grafana 12.4 with React 18, and
 * Grafana 13 with React 19. The scaffold's @grafana/plugin-e2e specs (tests/e2e) have their own config.
 */
import { defineConfig } from '@playwright/test';
import { join } from 'node:path';

import type { HostOptions } from './fixtures';
import { CHROMIUM_ARGS } from './harness/chromium.mjs';

const repoRoot = join(__dirname, '..', '..');

export default defineConfig<HostOptions>({
  testDir: join(__dirname, 'specs'),
  testMatch: /.*\.spec\.ts$/,
  globalSetup: join(__dirname, 'global-setup.ts'),
  outputDir: join(repoRoot, 'artifacts', 'browser-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1000, height: 640 },
    launchOptions: {
      // Debian's Chromium; a browser is never downloaded.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
  },
  projects: [
    { name: 'grafana-12.4-react-18', use: { host: 'host12' }, testIgnore: /demo(-live)?\.spec\.ts$/ },
    { name: 'grafana-13-react-19', use: { host: 'host13' }, testIgnore: /demo(-live)?\.spec\.ts$/ },
    // `npm run demo` serves the 12.4 host only.
    { name: 'demo', testMatch: /demo(-live)?\.spec\.ts$/ },
  ],
});
