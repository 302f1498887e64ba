// ESLint 9 flat config. Type-aware rules from typescript-eslint (TypeScript 5.9, see
// docs/adr/001-toolchain.md) and module boundaries from eslint-plugin-boundaries.
// Run as `npx eslint . --max-warnings 0`.
import path from 'node:path';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';

const root = import.meta.dirname;

const TS_FILES = [
  'apps/**/*.ts',
  'libs/**/*.ts',
  'plugins/**/*.ts',
  'migrations/**/*.ts',
  'tests/**/*.ts',
  'examples/**/*.ts',
  'scripts/**/*.ts',
];

/** Code that may import anything: the cross-cutting suites and every test file. */
const TEST_FILES = [
  'tests/**',
  // The plugin test kit shipped with the SDK (@tongxin/plugin-sdk/testing) boots the whole app.
  'libs/plugin-testing/**',
  '**/*.spec.ts',
  '**/*.e2e-spec.ts',
  'plugins/*/test/**',
  'examples/*/test/**',
];

// A lib or the SDK is entered through its index only (`@tongxin/<lib>` maps to it).
const LIB_ENTRY = 'src/index.ts';
const PLUGIN_ENTRY = ['index.ts', 'src/index.ts'];

export default defineConfig([
  globalIgnores(['dist/', 'node_modules/', '.data/', 'coverage/', '.bench/']),

  {
    name: 'tongxin/typescript',
    files: TS_FILES,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The promise and exhaustiveness rules this project relies on.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/await-thenable': 'error',

      // NestJS / TypeORM idioms: untyped framework surfaces (req, metadata, query results),
      // empty decorated module classes, methods passed by reference to decorators, async
      // methods that satisfy an async interface without awaiting, `Function` in TypeORM's API.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      '@typescript-eslint/no-unsafe-declaration-merging': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unsafe-unary-minus': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'require-await': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],

      // A lib is imported through its public entry point only.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tongxin/*/**'],
              message: 'Import a lib through its entry point `@tongxin/<lib>`, never its files.',
            },
          ],
        },
      ],
    },
  },

  {
    // A plugin's code sees the platform through the SDK only: its own copy of Nest, TypeORM or
    // class-validator would register metadata the host never reads (see libs/plugin-sdk/src/web.ts).
    name: 'tongxin/plugins-use-the-sdk',
    files: ['plugins/*/src/**/*.ts', 'examples/*/src/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tongxin/*/**'],
              message: 'Import a lib through its entry point `@tongxin/<lib>`, never its files.',
            },
            {
              group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'class-validator', 'class-transformer', 'bullmq', 'pg'],
              message: 'Plugins import these through `@tongxin/plugin-sdk`, which re-exports what they need.',
            },
          ],
        },
      ],
    },
  },

  {
    name: 'tongxin/boundaries',
    files: TS_FILES,
    plugins: { boundaries },
    settings: {
      'boundaries/root-path': root,
      // Resolve imports exactly as tsc does (path aliases included); see the resolver's header.
      'import/resolver': {
        [path.join(root, 'scripts/eslint-import-resolver.cjs')]: { project: path.join(root, 'tsconfig.json') },
      },
      'boundaries/elements-single-match': true,
      // Patterns match from the project root. First match wins, so plugin-sdk precedes lib.
      'boundaries/elements': [
        { type: 'app', pattern: 'apps/*', capture: ['app'], partialMatch: false },
        { type: 'plugin-sdk', pattern: 'libs/plugin-sdk', partialMatch: false },
        { type: 'lib', pattern: 'libs/*', capture: ['lib'], partialMatch: false },
        { type: 'plugin', pattern: 'plugins/*', capture: ['plugin'], partialMatch: false },
        { type: 'plugin', pattern: 'examples/*', capture: ['plugin'], partialMatch: false },
        { type: 'migration', pattern: 'migrations', partialMatch: false },
        { type: 'test', pattern: 'tests', partialMatch: false },
      ],
      'boundaries/files': [{ category: 'test', pattern: TEST_FILES }],
    },
    rules: {
      // Imports inside one element (a lib's own files, a plugin's own files) are not checked;
      // imports between elements are refused unless a policy below allows them.
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            {
              from: { element: { type: 'app' } },
              allow: [
                { to: { element: { types: { anyOf: ['lib', 'plugin-sdk'] }, fileInternalPath: LIB_ENTRY } } },
                { to: { element: { type: 'plugin', fileInternalPath: PLUGIN_ENTRY } } },
                // The schema CLI runs the core migrations.
                { to: { element: { type: 'migration', fileInternalPath: 'index.ts' } } },
              ],
            },
            // The benchmark builds the API app itself to seed through the product's services.
            {
              from: { element: { type: 'app', captured: { app: 'bench' } } },
              allow: { to: { element: { type: 'app', captured: { app: 'api' } } } },
            },
            {
              from: { element: { types: { anyOf: ['lib', 'plugin-sdk'] } } },
              allow: {
                to: { element: { types: { anyOf: ['lib', 'plugin-sdk'] }, fileInternalPath: LIB_ENTRY } },
              },
            },
            {
              from: { element: { type: 'plugin' } },
              allow: { to: { element: { type: 'plugin-sdk', fileInternalPath: LIB_ENTRY } } },
            },
            {
              from: { element: { type: 'migration' } },
              allow: [
                { to: { element: { types: { anyOf: ['lib', 'plugin-sdk'] }, fileInternalPath: LIB_ENTRY } } },
                // The RLS helpers, by path: Jest's global setup loads the migrations without aliases.
                {
                  to: {
                    element: {
                      type: 'lib',
                      captured: { lib: 'database' },
                      fileInternalPath: ['src/tenant-isolation.ts', 'src/database-config.ts'],
                    },
                  },
                },
              ],
            },
            // Tests (tests/, *.spec.ts, plugins/<id>/test) may import anything.
            { from: { file: { categories: 'test' } }, allow: { to: { module: { origin: 'local' } } } },
          ],
        },
      ],
    },
  },
]);
