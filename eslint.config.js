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

/** A module's inside is private to it: from outside, only its index.ts (and tables.ts, for the schema). */
const moduleInside = {
  regex: 'modules/[^/]+/(?!index\\.js$|tables\\.js$).+',
  message: 'Import a module only through its index.ts.',
};

/** Outside the modules (server, workflows, jobs, tests) the same holds: a module's inside is private. */
const outsideBoundaries = {
  files: ['src/*.ts', 'src/workflows/**/*.ts', 'src/jobs/**/*.ts', 'src/demo/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', { patterns: [moduleInside] }],
  },
};

// ---- Walls between layers (test/lint-walls.test.ts shows each one fires) ----
// ESLint does not merge one rule's options across config blocks (the last block that
// matches a file wins), so each wall lists every pattern its files obey, and no other
// block above names src/http/ or src/db/.

/**
 * Wall http ↛ db: src/http/ holds Fastify hooks only; they reach storage through a
 * module's service (src/modules/idempotency/ for the Idempotency-Key), never through
 * src/db/ or the composed schema (src/database.ts). A module's inside is private here too.
 */
const httpWalls = {
  files: ['src/http/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { regex: '^\\.\\.?/(.*/)?db/', message: 'src/http/ holds hooks only: reach storage through a module (its index.ts), not src/db/.' },
          { regex: '^\\.\\.?/(.*/)?database\\.js$', message: 'src/http/ holds hooks only: reach storage through a module (its index.ts), not src/database.ts.' },
          moduleInside,
        ],
      },
    ],
  },
};

/**
 * Wall db ↛ modules: src/db/ is the database machinery (dialects, migrations, search
 * SQL), generic over the schema; the schema is composed above it in src/database.ts.
 * So nothing under src/db/ (migrations included) imports a module, a workflow, the
 * demo data, the HTTP layer, or the files that compose them (database.ts, context.ts).
 */
const dbWalls = {
  files: ['src/db/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '^\\.\\.?/(.*/)?(modules|workflows|demo|http)(/|$)',
            message: 'src/db/ imports no module, workflow, demo data or HTTP code: it sits below them.',
          },
          {
            regex: '^\\.\\.?/(.*/)?(database|context)\\.js$',
            message: 'src/db/ sits below the composed schema (src/database.ts) and the app context: take the schema as a type parameter.',
          },
        ],
      },
    ],
  },
};
// ---- end of walls between layers ----

// ---- Web walls (web/src): pages are leaves, shared UI knows no feature. ----
// A page is a route's whole screen; what two pages share belongs in the feature's components/
// or in ui/, so no page imports another page and no component reaches up into one.
const WEB_PAGES = { regex: '(^|/)pages(/|$)', message: 'A page is a leaf: move what pages share into components/ or ui/.' };

// web/src/**/pages/: no import of another page (a sibling './X' is a page too).
const webPagesWall = {
  name: 'web-walls/pages',
  files: ['web/src/**/pages/**/*.{ts,tsx}'],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [WEB_PAGES, { regex: '^\\./', message: 'A page may not import another page: move the shared piece into components/ or ui/.' }] },
    ],
  },
};

// web/src/**/components/: no import of a page.
const webComponentsWall = {
  name: 'web-walls/components',
  files: ['web/src/**/components/**/*.{ts,tsx}'],
  rules: { 'no-restricted-imports': ['error', { patterns: [WEB_PAGES] }] },
};

// web/src/ui/: shared and domain-free, so no page and no feature.
const webUiWall = {
  name: 'web-walls/ui',
  files: ['web/src/ui/**/*.{ts,tsx}'],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [WEB_PAGES, { regex: '(^|/)features(/|$)', message: 'ui/ is shared and domain-free: it may not import a feature.' }] },
    ],
  },
};
// web/src outside web/src/api/: no direct fetch. Every request goes through the typed
// openapi-fetch client (web/src/api/client.ts), so a path or field the server's OpenAPI
// document does not have fails the typecheck, and every failure arrives as an ApiError.
const FETCH_MESSAGE = 'Call the API through the typed client in web/src/api/ (client, call), not fetch directly.';
const webFetchWall = {
  name: 'web-walls/fetch',
  files: ['web/src/**/*.{ts,tsx}'],
  ignores: ['web/src/api/**'],
  rules: {
    'no-restricted-globals': ['error', { name: 'fetch', message: FETCH_MESSAGE }],
    'no-restricted-properties': [
      'error',
      ...['window', 'globalThis', 'self'].map((object) => ({ object, property: 'fetch', message: FETCH_MESSAGE })),
    ],
  },
};
// ---- end of web walls ----

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
  httpWalls,
  dbWalls,
  webPagesWall,
  webComponentsWall,
  webUiWall,
  webFetchWall,
  { files: ['src/main.ts', 'src/ledger-check.ts', 'src/keys-rotate.ts', 'src/cli.ts', 'bench/**/*.ts', 'scripts/**/*.ts'], rules: { 'no-console': 'off' } },
  // Tests read JSON responses whose shape the assertions check.
  { files: ['test/**/*.ts', 'src/**/*.test.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
