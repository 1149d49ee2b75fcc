// Lint for the whole repository: typescript-eslint's recommended rules, React hooks rules for the client,
// Node globals for the server, scripts and tests. Formatting is Prettier's job (.prettierrc), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', '.data/', '.temp/', '.swc/', 'coverage/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter or binding kept on purpose (a handler's unused event, a skipped tuple slot)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // full-width spaces (U+3000) are Chinese typography in UI text; still an error in code and comments
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipJSXText: true }],
    },
  },
  {
    // tests and benchmarks read untyped JSON off the wire (gateway replies, fake platform APIs) field by field
    files: ['tests/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // TODO(issue 12, after the area restructure merges): drop this block and delete the unused names it hides
    // (aid/actions.ts mustRef and a handler's union, booking/actions.ts assertManager, dispatch.ts type Db).
    // These files were being rewritten on other branches when lint arrived, so they were left untouched.
    files: ['cloudfunctions/core/aid/actions.ts', 'cloudfunctions/core/booking/actions.ts', 'cloudfunctions/core/dispatch.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser, wx: 'readonly' } },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // CommonJS configuration files read by Babel, Jest and Taro
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
