import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '.cache/',
      '**/.eslintcache',
    ],
  },
  ...baseConfig,
  // The scaffold lints TypeScript under src/ only; the tests, their host pages and the dashboard sources are product code too.
  {
    files: ['tests/**/*.{ts,tsx}', 'dashboards/**/*.ts'],
    ignores: ['tests/browser/host/**', 'tests/browser/host12/**', 'tests/browser/host13/**', 'tests/browser/scene/**'],
    languageOptions: { parserOptions: { project: './tests/tsconfig.json' } },
  },
  {
    files: ['tests/browser/host/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { project: './tests/browser/host/tsconfig.json' } },
  },
  {
    files: ['tests/browser/scene/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { project: './tests/browser/scene/tsconfig.json' } },
  },
]);
