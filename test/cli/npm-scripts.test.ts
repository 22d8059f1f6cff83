/**
 * npm as a newcomer meets it (the project's .npmrc applies): a mistyped script name says so instead of exiting 1
 * in silence, and `npm run -s preview -- … --json` (as README says) still prints the payload and nothing else.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DIR, NOW } from '../render/fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function npm(...args: string[]) {
  // No npm_config_* from the runner (vitest under `npm test` would pass its own loglevel down).
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return spawnSync('npm', args, { cwd: ROOT, env: { ...env, SWR_ENDPOINT: '' }, encoding: 'utf8', timeout: 60_000 });
}

describe('npm scripts', { timeout: 60_000 }, () => {
  it('a mistyped script name is said, not swallowed', () => {
    const r = npm('run', 'previw');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('Missing script: "previw"');
    expect(r.stderr).toContain('npm run preview');
  });

  it('npm run -s preview -- --file … --json prints only the payload', () => {
    const r = npm(
      'run',
      '-s',
      'preview',
      '--',
      '--file',
      `${FIXTURE_DIR}failed.json`,
      '--json',
      '--now',
      NOW.toISOString(),
    );
    expect(r.status).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout) as object)).toEqual(['text', 'blocks']);
  });
});
