// Unit and component tests (src/**). Extends the scaffold's config (.config/ is managed by create-plugin).
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');

const swc = base.transform['^.+\\.(t|j)sx?$'];

module.exports = {
  ...base,
  // d3-color and friends ship only .mjs: transform those too.
  transform: { ...base.transform, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [nodeModulesToTransform([...grafanaESModules, 'ol', '@grafana/i18n'])],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/'],
};
