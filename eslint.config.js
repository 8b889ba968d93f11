// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

const NLP_STANDALONE =
  'infra/nlp/ is a standalone NLP engine: it imports nothing of ours outside its folder (the local provider adapts it to the domain).';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'clients/playground/dist/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      'no-console': 'error',
    },
  },
  layer(
    ['domain/**/*.ts'],
    [
      {
        group: ['../infra/**', '../routers/**', '../server/**', '../clients/**'],
        message: 'domain/ is the core: it imports only zod and itself (infra implements its ports).',
      },
      {
        regex: '^(?!zod$|\\.)',
        message: 'domain/ imports only zod and itself; frameworks and I/O belong in infra/.',
      },
    ],
  ),
  layer(
    ['infra/**/*.ts'],
    [
      {
        group: ['../../routers/**', '../routers/**', '../../server/**', '../server/**', '../../clients/**'],
        message: 'infra/ implements domain ports; it must not depend on routers, server or clients.',
      },
      {
        group: ['**/nlp/*/**'],
        message: 'infra/nlp/ has one entry point: import nlp/index.js, not the files of its task folders.',
      },
    ],
  ),
  // These replace the infra layer inside infra/nlp/, where leaving the folder at all is the mistake.
  layer(['infra/nlp/*.ts'], [{ regex: '^\\.\\./', message: NLP_STANDALONE }]),
  layer(['infra/nlp/*/**/*.ts'], [{ regex: '^\\.\\./\\.\\./', message: NLP_STANDALONE }]),
  {
    files: ['routers/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../infra/**', '../../infra/**'],
              allowTypeImports: true,
              message:
                'routers/ reach services through the tRPC context: import infra types only, never implementations.',
            },
            {
              group: ['../server/**', '../../server/**', 'express', 'ioredis', 'openai', '@google/genai'],
              message: 'routers/ stay thin: no server, framework or I/O imports.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'clients/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['server/main.ts', 'tests/eval/**', 'tests/bench/**', 'tests/fakes/run-*.ts', 'clients/cli/**'],
    rules: { 'no-console': 'off' },
  },
);
