/**
 * What each folder of `src/` may import — the layout's arrows, checked on every import (beside the renderer's
 * purity test, test/render/boundary.test.ts). Dependencies point inward: the domain core imports nothing; the
 * renderer and the backends see only the domain; the Slack layer and the watcher meet the backends through the
 * domain's `PipelineBackend` interface, never a backend's folder; only the entry points (`app.ts`, `cli/`,
 * `config.ts`) wire concrete parts together. A second backend is one new folder under `backends/` that may use the
 * shared Huawei HTTP layer but no other backend.
 *
 * Improves on STYLE.md's single boundary test: every folder gets its rule, relative and package imports alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * The area a source path belongs to: a top-level folder, a backend's folder (`backends/codearts`), or a top-level
 * file (`app`). `config/env` (the schema helpers every part's `config.ts` uses) is its own area, apart from
 * `config` (src/config.ts, which composes every part's configuration for the entry points).
 */
function areaOf(pathInSrc: string): string {
  const parts = pathInSrc.split('/');
  if (parts.length === 1) return (parts[0] ?? '').replace(/\.ts$/, '');
  if (parts[0] === 'backends' && parts.length > 2) return `backends/${parts[1]}`;
  if (parts[0] === 'config') return 'config/env';
  return parts[0] ?? '';
}

const ANYTHING = '*';
const BACKEND_FOLDERS = ['backends/huawei', 'backends/containerops', 'backends/codearts'];
const BASICS = ['domain', 'log', 'config/env'];

/** The areas each area may import (besides itself). An area missing here fails the test until it is placed. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  domain: [],
  render: ['domain'],
  'backends/huawei': BASICS,
  // A backend uses the shared Huawei HTTP layer, never another backend; `backends` for its opener's type only.
  'backends/containerops': [...BASICS, 'backends/huawei', 'backends'],
  'backends/codearts': [...BASICS, 'backends/huawei', 'backends'],
  // The backends' own root: choosing and opening one of them.
  // A start-up failure is a StartupError sentence (open-for-bot.ts).
  backends: [...BASICS, ...BACKEND_FOLDERS, 'startup-error'],
  store: BASICS,
  'slack-api': ['log'],
  access: [...BASICS, 'slack-api'],
  watch: [...BASICS, 'store', 'render', 'slack-api'],
  slack: [...BASICS, 'render', 'slack-api', 'access', 'accounts', 'startup-error'],
  'config/env': [],
  log: [],
  'log-config': ['log', 'config/env'],
  'startup-error': [],
  'health-route': ['domain', 'store'],
  // Linked Huawei accounts: sealing, their store, proving a credential.
  accounts: [...BASICS, 'store'],
  // Entry points: they wire concrete parts together.
  config: [ANYTHING],
  app: [ANYTHING],
  cli: [ANYTHING],
};

/** npm packages (and Node built-ins) an area must not import: it reaches them through another layer. */
const MAY_NOT_USE: Record<string, readonly RegExp[]> = {
  domain: [/^(?!\.)/],
  render: [/^@slack\/(?!types$)/, /^axios/, /^node:/, /^pg$/, /^better-sqlite3$/],
  'backends/huawei': [/^@slack\//, /^pg$/, /^better-sqlite3$/],
  'backends/containerops': [/^@slack\//, /^pg$/, /^better-sqlite3$/],
  'backends/codearts': [/^@slack\//, /^pg$/, /^better-sqlite3$/],
  store: [/^@slack\//, /^axios/],
  watch: [/^@slack\/(?!types$)/, /^axios/, /^pg$/, /^better-sqlite3$/],
  slack: [/^axios/, /^pg$/, /^better-sqlite3$/],
  'slack-api': [/^axios/, /^pg$/, /^better-sqlite3$/],
  access: [/^axios/, /^pg$/, /^better-sqlite3$/],
};

/** Every module specifier a file imports or re-exports (static, dynamic and type-only alike). */
function specifiersOf(source: string): string[] {
  const found = source.matchAll(
    /(?:^|[\s;])(?:import|export)\b[^'"`]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm,
  );
  return [...found].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** Why `specifier`, imported by the file at `pathInSrc`, breaks the layout; `null` when it is allowed. */
function violation(pathInSrc: string, specifier: string): string | null {
  const from = areaOf(pathInSrc);
  const allowed = MAY_IMPORT[from];
  if (allowed === undefined) return `${from} has no rule in MAY_IMPORT: place it in the layout`;
  if (!specifier.startsWith('.')) {
    const banned = MAY_NOT_USE[from]?.find((rule) => rule.test(specifier));
    return banned ? `${from} must not use ${specifier}` : null;
  }
  const target = relative(SRC, resolve(SRC, dirname(pathInSrc), specifier)).replace(/\.js$/, '.ts');
  if (target.startsWith('..')) return `${specifier} leaves src/`;
  const to = areaOf(target);
  if (to === from || allowed.includes(ANYTHING) || allowed.includes(to)) return null;
  return `${from} must not import ${to} (${target})`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('what each folder may import', () => {
  const files = sourceFiles(SRC).map((f) => relative(SRC, f));

  it('finds the tree', () => {
    expect(files).toContain('domain/pipeline.ts');
    expect(files).toContain('backends/codearts/client.ts');
  });

  for (const file of files) {
    it(`${file} keeps to its layer`, () => {
      const problems = specifiersOf(readFileSync(join(SRC, file), 'utf8'))
        .map((specifier) => violation(file, specifier))
        .filter((p) => p !== null);
      expect(problems).toEqual([]);
    });
  }

  it('catches what it is meant to catch', () => {
    const wrong: [string, string][] = [
      ['domain/pipeline.ts', '../render/pipeline-card.js'],
      ['domain/pipeline.ts', 'date-fns'],
      ['render/pipeline-card.ts', '../backends/containerops/parse.js'],
      ['render/pipeline-card.ts', '../store/types.js'],
      ['backends/codearts/client.ts', '../containerops/parse.js'],
      ['backends/huawei/http.ts', '../codearts/ids.js'],
      ['backends/containerops/client.ts', '../../slack/listener.js'],
      ['slack/show-pipeline.ts', '../backends/containerops/client.js'],
      ['slack/show-pipeline.ts', '../config.js'],
      ['slack/show-pipeline.ts', '../watch/poller.js'],
      ['watch/poller.ts', '../slack/listener.js'],
      ['watch/poller.ts', '@slack/bolt'],
      ['store/sqlite-store.ts', '../render/summary.js'],
      ['slack-api/web-api.ts', '../store/types.js'],
      ['slack/listener.ts', '../../../outside.js'],
      ['newfolder/x.ts', '../domain/pipeline.js'],
    ];
    for (const [file, specifier] of wrong) expect(violation(file, specifier), `${file} → ${specifier}`).not.toBeNull();
    const fine: [string, string][] = [
      ['render/pipeline-card.ts', '../domain/pipeline.js'],
      ['render/pipeline-card.ts', '@slack/types'],
      ['backends/codearts/client.ts', '../huawei/http.js'],
      ['backends/open-backend.ts', './codearts/open.js'],
      ['slack/actions/refresh.ts', '../../domain/pipeline-id.js'],
      ['slack/actions/refresh.ts', '../deps.js'],
      ['watch/poller.ts', '../store/types.js'],
      ['app.ts', './backends/open-backend.js'],
      ['cli/bot.ts', '../app.js'],
      ['backends/huawei/config.ts', '../../config/env.js'],
    ];
    for (const [file, specifier] of fine) expect(violation(file, specifier), `${file} → ${specifier}`).toBeNull();
    expect(specifiersOf("import type { A } from './a.js';\nexport { b } from '../b.js';\nawait import('c');")).toEqual([
      './a.js',
      '../b.js',
      'c',
    ]);
  });
});

describe('small modules', () => {
  // ~300 lines (issue 14): a file past it is two ideas waiting to be named.
  const MAX_LINES = 320;
  for (const file of sourceFiles(SRC)) {
    it(`${relative(SRC, file)} stays under ${MAX_LINES} lines`, () => {
      expect(readFileSync(file, 'utf8').split('\n').length).toBeLessThanOrEqual(MAX_LINES);
    });
  }
});
