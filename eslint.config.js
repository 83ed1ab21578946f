// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Modules talk to each other only through their `index.ts` (CONVENTIONS.md §4):
 * from inside src/modules/<a>/, importing ../<b>/anything-but-index is an error.
 */
const moduleBoundaries = {
  files: ['src/modules/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '^\\.\\./(?!\\.)[^/]+/(?!index\\.js$).+',
            message: "Import another module only through its index.ts ('../<module>/index.js').",
          },
        ],
      },
    ],
  },
};

/** Outside the modules (server, workflows, jobs, tests) the same holds: a module's inside is private. */
const outsideBoundaries = {
  files: ['src/*.ts', 'src/workflows/**/*.ts', 'src/jobs/**/*.ts', 'src/db/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: 'modules/[^/]+/(?!index\\.js$|tables\\.js$).+',
            message: 'Import a module only through its index.ts.',
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  moduleBoundaries,
  outsideBoundaries,
  { files: ['src/main.ts', 'src/ledger-check.ts', 'src/keys-rotate.ts', 'src/cli.ts', 'bench/**/*.ts', 'scripts/**/*.ts'], rules: { 'no-console': 'off' } },
  // Tests read JSON responses whose shape the assertions check.
  { files: ['test/**/*.ts', 'src/**/*.test.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
