// Lint: typescript-eslint's recommended rules, plus the boundary that keeps the rule engine pure.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'bench/out/**', 'web/dist/**', 'web/src/api/schema.d.ts', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // the web pages run in the browser
    files: ['web/**/*.{ts,tsx,mts}'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', setTimeout: 'readonly', URL: 'readonly', Blob: 'readonly', FormData: 'readonly', XMLHttpRequest: 'readonly', Headers: 'readonly', fetch: 'readonly' } },
  },
  {
    files: ['src/rules/**/*.ts', 'src/x12/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg'] }],
    },
  },
);
