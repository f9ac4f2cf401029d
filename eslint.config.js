// One lint setup for every process: typescript-eslint's recommended rules, React hooks rules for
// the renderer, and the import boundary that keeps the renderer off the server's internals.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'e2e/artifacts/**',
      'server/agents/fixtures/**',
      'e2e/model-stub/captures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.test.ts', '**/test-support/**', 'e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The domain knows nothing of HTTP: it throws GroveError (server/errors.ts) and only http/
    // turns codes into statuses. chat/ joins this list once it stops importing http/errors.ts.
    files: ['server/{services,store,git,agents}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'express', message: 'Only server/http/ and server/routes/ speak HTTP.' }],
          patterns: [
            {
              regex: '(^|/)http/',
              message: 'Throw GroveError from server/errors.ts; only server/http/ knows HTTP.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+server/(?!contract/)',
              message: 'The renderer may import only the API contract types from server/contract.',
            },
          ],
        },
      ],
    },
  },
);
