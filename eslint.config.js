// Layers are enforced here, as VS Code does per folder:
//   shared/   common code: no Node, no DOM-only APIs, no Electron
//   electron/core/  plain Node: never Electron, never the renderer
//   renderer/ browser code: never Node built-ins, never electron/, never native modules
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './renderer/svelte.config.js';

const nodeBuiltins = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'net',
  'http',
  'https',
  'crypto',
  'stream',
  'zlib',
  'url',
  'util',
  'events',
  'readline',
  'dns',
  'tls',
  'process',
  'buffer',
];
const noNode = [
  { group: ['node:*'], message: 'Node built-ins belong to electron/, not here.' },
  ...nodeBuiltins.map((name) => ({ group: [name], message: 'Node built-ins belong to electron/, not here.' })),
];
const noElectron = {
  group: ['electron', 'electron/*'],
  message: 'Only electron/main.ts and electron/preload.ts import electron.',
};
const nativeModules = ['better-sqlite3', '@duckdb/*', 'ssh2', 'hive-driver', 'thrift'].map((group) => ({
  group: [group],
  message: 'Native and network modules are main-process only.',
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'out/**',
      'test-results/**',
      'renderer/dist/**',
      '.data/**',
      'resources/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: tseslint.parser, svelteConfig },
    },
  },
  {
    files: ['renderer/**'],
    ignores: ['renderer/vite.config.ts', 'renderer/svelte.config.js'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noNode,
            noElectron,
            ...nativeModules,
            { group: ['**/electron/**'], message: 'The renderer reaches the core only through invoke().' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noNode,
            noElectron,
            ...nativeModules,
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ depends on nothing of ours.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [noElectron, { group: ['**/renderer/**'], message: 'The core never imports the renderer.' }] },
      ],
    },
  },
  {
    files: ['electron/server.ts', 'electron/cli.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron] }] },
  },
);
