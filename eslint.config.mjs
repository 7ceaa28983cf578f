// Lint with the TypeScript rules and the Office add-in rules. `no-context-sync-in-loop` is an error:
// a context.sync() per loop turn is the round trip per row that STYLE.md's "two syncs per action" forbids.
import tseslint from 'typescript-eslint';
import officeAddins from 'eslint-plugin-office-addins';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'bin/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'office-addins': officeAddins },
    rules: {
      'office-addins/no-context-sync-in-loop': 'error',
      // Unused names are the compiler's job (noUnusedLocals/Parameters); `_`-prefixed parameters are kept on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The rules that read Office.js proxies: only where Office.js is spoken (ExcelJS's getCell in the xlsx host is not a proxy).
    files: ['src/hosts/excel/**/*.ts', 'src/functions/**/*.ts', 'src/taskpane/**/*.ts'],
    rules: {
      'office-addins/call-sync-before-read': 'error',
      'office-addins/load-object-before-read': 'error',
      'office-addins/no-empty-load': 'error',
      'office-addins/no-office-initialize': 'error',
    },
  },
  {
    // Tests assert on loosely typed JSON bodies (test/support/server.ts says why) and use chai-style expressions.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
