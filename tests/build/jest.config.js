// Tests on the built plugin in dist/ (run `npm run build` first): plugin.json, externals, size.
// Plain Node: they read files, they never import the bundle.
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/build/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' } } }] },
};
