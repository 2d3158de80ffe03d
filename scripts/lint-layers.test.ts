/**
 * The lint rules that hold the layer map (eslint.config.js) fail on a planted violation, each with a message that
 * names its rule; the same code where the map allows it passes. The planted files exist only in memory (lintText).
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

/** The messages of the layer rules for `code` placed at `filePath`. */
async function layerMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => /^no-restricted-(imports|syntax|globals)$/.test(m.ruleId ?? ''))
    .map((m) => m.message);
}

/** Comparisons with a pipeline name (===, !==, !=, case), each of which the pipeline rule flags where it holds. */
const PIPELINE_BRANCHES = [
  "export const f = (p: string) => (p === 'dns' ? 'DNS' : p);\n",
  "export const f = (p: string) => 'proxy' !== p;\n",
  "export const f = (p: string) => 'dns' != p;\n",
  "export const f = (p: string) => {\n  switch (p) {\n    case 'flow':\n      return 1;\n  }\n  return 0;\n};\n",
];

/** Each planted pipeline branch in each of `files` fails with exactly the rule's message. */
async function expectBranchesFlagged(files: readonly string[], rule: string): Promise<void> {
  for (const file of files)
    for (const code of PIPELINE_BRANCHES)
      expect(await layerMessages(file, code), `${file}: ${code}`).toEqual([expect.stringContaining(rule)]);
}

describe('lint holds the layer map', () => {
  it('only electron/core/cache/ imports better-sqlite3', async () => {
    const code = "import Database from 'better-sqlite3';\nexport const open = (f: string) => new Database(f);\n";
    expect(await layerMessages('electron/core/feedback/planted.ts', code)).toEqual([
      expect.stringContaining('One owner of SQLite: only electron/core/cache/ imports better-sqlite3'),
    ]);
    expect(await layerMessages('electron/cli.ts', code)).toEqual([expect.stringContaining('One owner of SQLite')]);
    expect(await layerMessages('electron/core/cache/planted.ts', code)).toEqual([]);
  });

  it('the renderer imports no Node built-in, not even through await import()', async () => {
    expect(
      await layerMessages('renderer/lib/planted.ts', "export const read = async () => await import('node:fs');\n"),
    ).toEqual([expect.stringContaining('Layer rule (renderer): no Node built-ins, dynamic import() included')]);
    expect(await layerMessages('renderer/lib/planted.ts', "export const load = () => import('path');\n")).toHaveLength(
      1,
    );
    expect(await layerMessages('renderer/lib/planted.ts', "import fs from 'fs';\nexport const f = fs;\n")).toEqual([
      expect.stringContaining('Layer rule (renderer): Node built-ins belong to electron/'),
    ]);
    expect(await layerMessages('renderer/lib/planted.ts', 'export const home = process.env.HOME;\n')).toEqual([
      expect.stringContaining('Layer rule (renderer): process is a Node global'),
    ]);
    // A browser module loaded lazily is fine.
    expect(await layerMessages('renderer/lib/planted.ts', "export const load = () => import('three');\n")).toEqual([]);
  });

  it('the core never imports a door', async () => {
    for (const door of ['../../cli', '../../http-door', '../../server', '../../main']) {
      expect(
        await layerMessages('electron/core/handlers/planted.ts', `import { x } from '${door}';\nexport const y = x;\n`),
      ).toEqual([expect.stringContaining('Layer rule (core): the core never imports a door')]);
    }
    // A core module whose name merely ends like a door word is not a door.
    expect(
      await layerMessages('electron/core/handlers/planted.ts', "import { x } from '../domain';\nexport const y = x;\n"),
    ).toEqual([]);
  });

  it('renderer/models stays framework-free', async () => {
    expect(
      await layerMessages(
        'renderer/models/planted.ts',
        "import { writable } from 'svelte/store';\nexport const s = writable(0);\n",
      ),
    ).toEqual([expect.stringContaining('Models stay framework-free: no svelte imports')]);
    expect(await layerMessages('renderer/models/planted.ts', 'export const count = $state(0);\n')).toEqual([
      expect.stringContaining('Models stay framework-free: no Svelte runes'),
    ]);
    expect(await layerMessages('renderer/models/planted.ts', 'export const double = (n: number) => n * 2;\n')).toEqual(
      [],
    );
  });

  it('parse/ never runs the scorer or the detectors', async () => {
    expect(
      await layerMessages(
        'electron/core/parse/planted.ts',
        "import { scoreDay } from '../ml/score-day';\nexport const s = scoreDay;\n",
      ),
    ).toEqual([expect.stringContaining('Dependencies point down: parse/')]);
    // The detections file's key type is a contract, not a run-time dependency.
    expect(
      await layerMessages(
        'electron/core/parse/planted.ts',
        "import type { FindingKeys } from '../detect/types';\nexport type K = FindingKeys;\n",
      ),
    ).toEqual([]);
  });

  it('pipeline/ never picks or builds a source: it reads the DaySource it is given', async () => {
    for (const source of ['local', 'ssh', 'hive', 'remote'])
      expect(
        await layerMessages(
          'electron/core/pipeline/planted.ts',
          `import { open } from '../sources/${source}';\nexport const o = open;\n`,
        ),
        source,
      ).toEqual([expect.stringContaining('Dependencies point down: pipeline/')]);
    for (const contract of [
      "import type { DaySource } from '../sources/types';\nexport type D = DaySource;\n",
      "import { transferFraction } from '../sources/transfer';\nexport const f = transferFraction;\n",
      "import type { Local } from '../sources/local';\nexport type L = Local;\n",
    ])
      expect(await layerMessages('electron/core/pipeline/planted.ts', contract)).toEqual([]);
  });

  it('renderer/ and shared/ never branch on a pipeline name (the profile or a Record<Pipeline, …> says it)', async () => {
    const rule = 'One home per pipeline fact: no comparison with a pipeline name';
    await expectBranchesFlagged(
      ['renderer/models/suspicious/planted.ts', 'renderer/lib/planted.ts', 'shared/planted.ts'],
      `${rule} in renderer/ or shared/`,
    );
    // In a component's template too.
    const [svelte] = await eslint.lintText(
      '<script lang="ts">\n  let { pipeline }: { pipeline: string } = $props();\n</script>\n\n{#if pipeline === \'flow\'}<p>flow</p>{/if}\n',
      { filePath: 'renderer/views/suspicious/SuspiciousView.svelte' },
    );
    expect(svelte?.messages.map((m) => m.message)).toContainEqual(expect.stringContaining(rule));
    // Reading the profile, comparing two pipelines, or another word is fine.
    const fine = [
      "import { PIPELINE_PROFILES } from '../../../shared/pipeline-profile';\nexport const f = (p: 'flow') => PIPELINE_PROFILES[p].name;\n",
      'export const same = (a: string, b: string) => a === b;\n',
      "export const f = (kind: string) => kind === 'tree';\n",
    ];
    for (const code of fine) expect(await layerMessages('renderer/models/suspicious/planted.ts', code)).toEqual([]);
  });

  // Type-aware lint of a .svelte file starts the TypeScript project service: slow on a busy machine, hence the timeout.
  it('components and views receive data: only state classes import invoke()', { timeout: 240_000 }, async () => {
    const rule = "One renderer pattern: components and views' .svelte files receive data and callbacks";
    // Planted in place of real components (the type-aware Svelte parser needs a file of the project).
    const component = (from: string) =>
      `<script lang="ts">\n  import { invoke } from '${from}';\n  const load = () => invoke('days.list', {});\n</script>\n\n<button onclick={load}>Load</button>\n`;
    for (const [file, from] of [
      ['renderer/components/ProgressBar.svelte', '../lib/invoke'],
      ['renderer/views/settings/AllowListEditor.svelte', '../../lib/invoke'],
    ] as const) {
      const [result] = await eslint.lintText(component(from), { filePath: file });
      expect(
        result?.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message),
        file,
      ).toEqual([expect.stringContaining(rule)]);
    }
    const calls = (from: string) =>
      `import { invoke } from '${from}';\nexport const f = () => invoke('days.list', {});\n`;
    // A component's plain helper module is a component too.
    expect(await layerMessages('renderer/components/storyboard/planted.ts', calls('../../lib/invoke'))).toEqual([
      expect.stringContaining(rule),
    ]);
    // A view's state module and the shell's state call the core; a type from invoke.ts is no call.
    expect(await layerMessages('renderer/views/settings/planted-state.ts', calls('../../lib/invoke'))).toEqual([]);
    expect(await layerMessages('renderer/lib/planted-state.ts', calls('./invoke'))).toEqual([]);
    expect(
      await layerMessages(
        'renderer/components/planted.ts',
        "import type { takeTokenFromLocation } from '../lib/invoke';\nexport type F = typeof takeTokenFromLocation;\n",
      ),
    ).toEqual([]);
  });

  it('electron/core never branches on a pipeline name outside its profiles (tests may name the type they drive)', async () => {
    await expectBranchesFlagged(
      ['electron/core/detect/planted.ts', 'electron/core/ml/planted.ts', 'electron/core/planted.ts'],
      'One home per pipeline fact: no comparison with a pipeline name in electron/core/',
    );
    // The profiles say what differs, and a test names the type it drives.
    for (const file of ['electron/core/profiles/planted.ts', 'electron/core/detect/planted.test.ts'])
      expect(await layerMessages(file, PIPELINE_BRANCHES[0]!), file).toEqual([]);
    // Comparing two pipelines, or with another word, is fine.
    expect(
      await layerMessages('electron/core/ml/planted.ts', 'export const same = (a: string, b: string) => a === b;\n'),
    ).toEqual([]);
    expect(
      await layerMessages('electron/core/ml/planted.ts', "export const f = (c: string) => c !== 'score';\n"),
    ).toEqual([]);
  });
});
