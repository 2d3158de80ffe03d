// Layers are enforced here, as VS Code does per folder (docs/CONVENTIONS.md "Layout and layers"). Every message
// names the rule it enforces, so a failing lint says which line of the map was crossed:
//   shared/          common code: no Node, no DOM-only APIs, no Electron
//   electron/core/   plain Node: never Electron, never the renderer, never a door (cli, http-door, server, main);
//                    no comparison with a pipeline name outside profiles/ (as renderer/ and shared/)
//   electron/core/cache/   the only owner of SQLite (better-sqlite3)
//   electron/core/parse/   reads files: never the scorer (ml/) or the detectors (detect/) at run time
//   electron/core/pipeline/  runs the OA steps on the DaySource it is given: never a source's implementation
//   renderer/        browser code: never Node built-ins (static or `await import()`), Node globals, electron/, native modules
//   renderer/models/ pure view models: framework-free (no svelte, no runes)
//   renderer/components/, views' .svelte files: receive data and callbacks; state classes (*.svelte.ts) call invoke()
// scripts/lint-layers.test.ts plants a violation of each rule and checks it fails.
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
const noNode = (rule) => [
  { group: ['node:*'], message: `${rule}: Node built-ins belong to electron/.` },
  ...nodeBuiltins.map((name) => ({ group: [name], message: `${rule}: Node built-ins belong to electron/.` })),
];
const noElectron = {
  group: ['electron', 'electron/*'],
  message: 'Layer rule (Electron): only electron/main.ts and electron/preload.ts import electron.',
};
const nativeModules = (rule) =>
  ['better-sqlite3', '@duckdb/*', 'ssh2', 'hive-driver', 'thrift'].map((group) => ({
    group: [group],
    message: `${rule}: native and network modules are main-process only.`,
  }));
const noRendererFromCore = {
  group: ['**/renderer/**'],
  message: 'Layer rule (core): the core never imports the renderer.',
};
const noDoors = {
  group: ['**/cli', '**/http-door', '**/server', '**/main', '**/preload'],
  message:
    'Layer rule (core): the core never imports a door (cli, http-door, server, main, preload); doors call the core.',
};
const noSqlite = {
  group: ['better-sqlite3'],
  message: 'One owner of SQLite: only electron/core/cache/ imports better-sqlite3; go through the Cache.',
};
const parseStaysDown = {
  group: ['**/ml/**', '**/detect/**'],
  allowTypeImports: true,
  message: 'Dependencies point down: parse/ reads files and never runs the scorer (ml/) or the detectors (detect/).',
};
const pipelineStaysSourceFree = {
  group: ['**/sources/*', '!**/sources/types', '!**/sources/transfer'],
  allowTypeImports: true,
  message:
    'Dependencies point down: pipeline/ reads a day through the DaySource it is given (sources/types) and never picks or builds a source (local, ssh, hive); days.ts does.',
};
const coreImports = (...extra) => ['error', { patterns: [noElectron, noRendererFromCore, noDoors, ...extra] }];

/** `await import('node:fs')` in the renderer: dynamic imports of Node built-ins are imports too. */
const nodeBuiltinPattern = `^(node:.*|${nodeBuiltins.map((n) => n.replace('/', '\\/')).join('|')})$`;
const rendererNoDynamicNode = {
  selector: `ImportExpression[source.value=/${nodeBuiltinPattern}/]`,
  message: 'Layer rule (renderer): no Node built-ins, dynamic import() included; reach the core through invoke().',
};
const rendererNodeGlobals = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'setImmediate'].map(
  (name) => ({ name, message: `Layer rule (renderer): ${name} is a Node global; the renderer runs in the browser.` }),
);
/** What no renderer file imports: Node, Electron, native modules, the main process's code. */
const rendererImports = [
  ...noNode('Layer rule (renderer)'),
  noElectron,
  ...nativeModules('Layer rule (renderer)'),
  { group: ['**/electron/**'], message: 'Layer rule (renderer): it reaches the core only through invoke().' },
];
/** One renderer pattern (issue #18): a component or a view's template is given data and callbacks; the view's state
 * class (`*-state.svelte.ts`, or AppState for the shell) is what calls the core. Types from invoke.ts are fine. */
const noInvokeInComponents = {
  group: ['**/lib/invoke', '**/lib/invoke.*'],
  allowTypeImports: true,
  message:
    "One renderer pattern: components and views' .svelte files receive data and callbacks; the state class (*-state.svelte.ts, AppState) calls invoke().",
};
const runes = ['$state', '$derived', '$effect', '$props', '$bindable', '$inspect'];
const modelsNoRunes = {
  selector: `CallExpression[callee.type='Identifier'][callee.name=/^\\$(${runes.map((r) => r.slice(1)).join('|')})$/], CallExpression[callee.object.type='Identifier'][callee.object.name=/^\\$(${runes.map((r) => r.slice(1)).join('|')})$/]`,
  message: 'Models stay framework-free: no Svelte runes in renderer/models/ (state classes live beside the views).',
};

/** One home per pipeline fact: renderer/, shared/ and electron/core/ never compare with a pipeline name; what differs
 * per pipeline is read from a profile (shared/pipeline-profile.ts, electron/core/profiles/) or a `Record<Pipeline, …>`
 * beside the code, so a fourth type is one entry. */
const pipelineNames = '/^(flow|dns|proxy)$/';
const pipelineBranchSelector = `BinaryExpression[operator=/^[!=]==?$/]:matches([left.value=${pipelineNames}], [right.value=${pipelineNames}]), SwitchCase[test.value=${pipelineNames}]`;
const noPipelineBranch = {
  selector: pipelineBranchSelector,
  message:
    'One home per pipeline fact: no comparison with a pipeline name in renderer/ or shared/; put what differs in shared/pipeline-profile.ts or a Record<Pipeline, …>.',
};
const coreNoPipelineBranch = {
  selector: pipelineBranchSelector,
  message:
    'One home per pipeline fact: no comparison with a pipeline name in electron/core/; put what differs in the profile (electron/core/profiles/) or a Record<Pipeline, …> beside the code.',
};

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
      'no-restricted-imports': ['error', { patterns: rendererImports }],
      'no-restricted-syntax': ['error', rendererNoDynamicNode, noPipelineBranch],
      'no-restricted-globals': ['error', ...rendererNodeGlobals],
    },
  },
  {
    files: ['renderer/components/**', 'renderer/views/**/*.svelte', 'renderer/App.svelte'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...rendererImports, noInvokeInComponents] }] },
  },
  {
    files: ['renderer/models/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...rendererImports,
            {
              group: ['svelte', 'svelte/*', '*.svelte', '**/*.svelte', '*.svelte.ts', '**/*.svelte.js'],
              message: 'Models stay framework-free: no svelte imports in renderer/models/ (pure functions and types).',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', rendererNoDynamicNode, modelsNoRunes, noPipelineBranch],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noNode('Layer rule (shared)'),
            noElectron,
            ...nativeModules('Layer rule (shared)'),
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'Layer rule (shared): it depends on nothing of ours.',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', noPipelineBranch],
    },
  },
  {
    files: ['electron/core/**'],
    rules: { 'no-restricted-imports': coreImports(noSqlite) },
  },
  {
    // Tests name the type they drive; the profiles are where the types differ.
    files: ['electron/core/**'],
    ignores: ['electron/core/**/*.test.ts', 'electron/core/profiles/**'],
    rules: { 'no-restricted-syntax': ['error', coreNoPipelineBranch] },
  },
  {
    files: ['electron/core/cache/**'],
    rules: { 'no-restricted-imports': coreImports() },
  },
  {
    files: ['electron/core/parse/**'],
    ignores: ['electron/core/parse/**/*.test.ts'],
    rules: { 'no-restricted-imports': coreImports(noSqlite, parseStaysDown) },
  },
  {
    files: ['electron/core/pipeline/**'],
    ignores: ['electron/core/pipeline/**/*.test.ts'],
    rules: { 'no-restricted-imports': coreImports(noSqlite, pipelineStaysSourceFree) },
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noSqlite] }] },
  },
  {
    files: ['electron/server.ts', 'electron/cli.ts', 'electron/http-door.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noSqlite] }] },
  },
);
