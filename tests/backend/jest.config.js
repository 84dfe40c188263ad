// Real-stack tests: real Prometheus, promtool and VictoriaMetrics binaries on 127.0.0.1.
// Run with `npx jest -c tests/backend/jest.config.js --ci --runInBand` (the servers are heavy; one file at a time).
process.env.TZ = 'UTC';

const path = require('path');
const root = require('../../jest.config');

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  transform: root.transform,
  transformIgnorePatterns: root.transformIgnorePatterns,
  moduleFileExtensions: root.moduleFileExtensions,
  modulePaths: ['<rootDir>/src'],
  testMatch: ['<rootDir>/tests/backend/**/*.test.ts'],
  // jsdom, not node: @grafana/data's CJS build touches window, document (react-use's css helper) and
  // localStorage at import time. jsdom hides Node's fetch, so lib/http.ts speaks node:http itself.
  testEnvironment: 'jsdom',
  setupFiles: ['<rootDir>/tests/backend/lib/setup.js'],
  testTimeout: 120000,
};
