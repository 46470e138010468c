// ESLint over the product, the web application, the tests, the benchmarks and the scripts (npm run lint).
// Besides the recommended rules, two rules of the house are checked here: route files run no SQL (they parse,
// check the policy, call a command or a query, and present), and only src/requests/write/ writes requests and
// their events. The folder boundaries are dependency-cruiser's (.dependency-cruiser.cjs, scripts/check-boundaries.mjs).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

const ROUTE_FILES = ['src/**/routes.ts', 'src/**/*-routes.ts', 'src/**/routes/*.ts'];

const writesRequests = [
  {
    selector:
      'CallExpression[callee.property.name=/^(insertInto|updateTable|deleteFrom|mergeInto|replaceInto)$/][arguments.0.value=/^request(s|_events|_co_handlers|_supporters)(\\s|$)/]',
    message:
      'Only src/requests/write/ writes requests, request_events, request_co_handlers and request_supporters: go through the write path.',
  },
  {
    selector:
      'TemplateElement[value.raw=/\\b(update|insert\\s+into|delete\\s+from)\\s+request(s|_events|_co_handlers|_supporters)\\b/i]',
    message:
      'Only src/requests/write/ writes requests, request_events, request_co_handlers and request_supporters: go through the write path.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'lib/', 'data/', 'web/src/api/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', ...writesRequests],
      // TypeScript checks names; control characters are matched on purpose (stripping what XML or a database cannot hold).
      'no-undef': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['web/**/*.{ts,vue}'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] },
    },
    rules: {
      // Prettier formats the templates; these would fight it.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/no-v-html': 'error',
    },
  },
  {
    files: ROUTE_FILES,
    rules: {
      'no-restricted-syntax': [
        'error',
        ...writesRequests,
        {
          selector: 'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom)$/]',
          message: 'No SQL in a route file: call a command or a query.',
        },
        {
          selector: "TaggedTemplateExpression[tag.name='sql']",
          message: 'No SQL in a route file: call a command or a query.',
        },
      ],
    },
  },
  {
    files: ['src/requests/write/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Tests and benchmarks set up data directly and read loosely typed answers.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/**/*.test.ts', 'scripts/**/*.{ts,mjs}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-restricted-syntax': 'off' },
  },
);
