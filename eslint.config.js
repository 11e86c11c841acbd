// Lint rules that keep the architecture honest: shared/ is isomorphic and imports neither
// client/ nor server/; client/ never imports server/. See docs/ARCHITECTURE.md.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const importsOf = (folders, message) => ({
  'no-restricted-imports': ['error', { patterns: folders.map((folder) => ({ group: [`**/${folder}/**`, `${folder}/**`], message })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'artifacts/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Type-aware promise rules: a promise nobody awaits or catches loses its error (an
    // unhandled rejection stops the server), and a promise where a callback's result is
    // ignored (an async event handler) runs unordered. `void promise` states the intent.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['shared/**'],
    rules: importsOf(['client', 'server', 'tests'], 'shared/ is isomorphic: it must not import client/, server/ or tests/ code.'),
  },
  {
    files: ['client/**'],
    rules: importsOf(['server', 'tests'], 'client/ talks to the server over HTTP and websockets only; share code through shared/.'),
  },
  {
    files: ['server/**'],
    rules: importsOf(['client', 'tests'], 'server/ must not import client/ or tests/ code; share code through shared/.'),
  },
);
