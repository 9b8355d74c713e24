import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The house rules of STYLE.md, enforced: imports flow domain ← db ← sync ← features ← app, the
// server imports only src/domain, and each side effect (IndexedDB, fetch, the clock, Zustand
// stores) has one owner. Each message says why, so a newcomer learns the boundary from the error.
const layer = (name, banned) =>
  banned.map((target) => ({
    group: [`**/${target}/**`, `**/${target}`, `../${target}/*`],
    message: `${name} must not import from ${target}: imports flow domain ← db ← sync ← features ← app (STYLE.md 5).`,
  }));

// Test helpers live in tests/support (unit/ for the screens' fakes and routes); shipped code never
// reaches into them, so nothing test-only can end up in the app or the server.
const testSupport = {
  group: ['**/tests/**'],
  message: 'Production code must not import test support (tests/support is for tests only).',
};

const clockRule = {
  selector:
    "MemberExpression[object.name='Date'][property.name='now'], NewExpression[callee.name='Date'][arguments.length=0]",
  message:
    'Read time through the injected Clock (src/domain/clock.ts) so tests can drive it (STYLE.md 4).',
};
const fetchRule = {
  selector: "CallExpression[callee.name='fetch']",
  message: 'Only src/sync/transport.ts talks to the server (STYLE.md 4).',
};
const dexiePath = {
  name: 'dexie',
  message: 'Only src/db/ touches IndexedDB; use its repositories (STYLE.md 4, 6).',
};
const zustandPath = {
  name: 'zustand',
  message: 'Zustand stores are created only in src/app/ and hold UI state only (STYLE.md 4).',
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage', 'data', 'dev-dist', 'tests/.artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node }, ecmaVersion: 2023 },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'react', message: 'src/domain is pure: the server imports it (STYLE.md 3).' },
            dexiePath,
            zustandPath,
          ],
          patterns: [...layer('src/domain', ['db', 'sync', 'features', 'app']), testSupport],
        },
      ],
      'no-restricted-syntax': ['error', clockRule, fetchRule],
    },
  },
  {
    files: ['src/db/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/db/clock.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'react', message: 'src/db has no UI: features wrap it in hooks.' },
            zustandPath,
          ],
          patterns: [...layer('src/db', ['sync', 'features', 'app']), testSupport],
        },
      ],
      'no-restricted-syntax': ['error', clockRule, fetchRule],
    },
  },
  {
    files: ['src/sync/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/sync/transport.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [dexiePath, zustandPath],
          patterns: [...layer('src/sync', ['features', 'app']), testSupport],
        },
      ],
      'no-restricted-syntax': ['error', clockRule, fetchRule],
    },
  },
  {
    files: ['src/features/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [dexiePath, zustandPath],
          patterns: [...layer('src/features', ['app']), testSupport],
        },
      ],
      'no-restricted-syntax': ['error', clockRule, fetchRule],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: [dexiePath], patterns: [testSupport] }],
      'no-restricted-syntax': ['error', clockRule, fetchRule],
    },
  },
  {
    files: ['sync-server/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...['db', 'sync', 'features', 'app'].map((target) => ({
              group: [`**/src/${target}/**`, `**/src/${target}`],
              message: 'sync-server imports only src/domain: the shared contract (STYLE.md 5).',
            })),
            testSupport,
          ],
        },
      ],
    },
  },
);
