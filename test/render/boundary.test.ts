/**
 * Keeps `src/render/` pure (STYLE.md, after vercel/chat's boundary test): no Slack SDK, no HTTP, no store, no
 * listeners or poller, no clock. Types from `@slack/types` are allowed as type-only imports.
 * `preview-cli.ts` is the one exception: it is the terminal entry point that fetches and prints.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { boundaryViolations } from './boundary-check.js';

const RENDER_DIR = fileURLToPath(new URL('../../src/render/', import.meta.url));
const ENTRY_POINTS = new Set(['preview-cli.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the render boundary', () => {
  const files = sourceFiles(RENDER_DIR).filter((f) => !ENTRY_POINTS.has(relative(RENDER_DIR, f)));

  it('finds the renderer', () => {
    expect(files.map((f) => relative(RENDER_DIR, f))).toContain('pipeline-card.ts');
  });

  for (const file of files) {
    it(`${relative(RENDER_DIR, file)} imports no Slack SDK, HTTP, store, slack or watch module and reads no clock`, () => {
      expect(boundaryViolations(readFileSync(file, 'utf8'))).toEqual([]);
    });
  }

  it('catches what it is meant to catch', () => {
    const cases = [
      "import { App } from '@slack/bolt';",
      "import { WebClient } from '@slack/web-api';",
      "import axios from 'axios';",
      "import { request } from 'node:http';",
      "import type { WatchStore } from '../store/types.js';",
      "import { register } from '../slack/commands/pipeline.js';",
      "import { createPoller } from '../watch/poller.js';",
      "import { KnownBlock } from '@slack/types';",
      "const m = await import('axios');",
      'const t = Date.now();',
      'const t = new Date();',
      'const t = new Date;',
    ];
    for (const c of cases) expect(boundaryViolations(c), c).not.toEqual([]);
    const fine = [
      "import type { KnownBlock } from '@slack/types';",
      "import { ACTION_REFRESH } from '../slack-ids.js';",
      "import type { Pipeline } from '../swr/types.js';",
      "import { isBackendError } from '../swr/errors.js';",
      'const d = new Date(ms);',
      '// Date.now() is not called here',
    ];
    for (const c of fine) expect(boundaryViolations(c), c).toEqual([]);
  });
});
