/** The preview CLI as external checks use it: a real process, stdout parsed, exit codes and stderr checked. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderPipelineMessage } from '../../src/render/pipeline-card.js';
import { checkMessage } from '../render/block-kit-check.js';
import { FIXTURE_DIR, loadFixture, NOW } from '../render/fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Set but empty = unset for the config, and dotenv leaves variables that exist alone: a developer's `.env`
// cannot change what these tests see.
const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  SWR_ENDPOINT: '',
  SWR_CONSOLE_URL_TEMPLATE: '',
  BOT_LOCALE: '',
  SLACK_USER_MAP: '',
  SWR_AUTH_TOKEN: '',
};

function preview(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'src/cli/preview.ts', ...args], {
    cwd: ROOT,
    env: ENV,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const file = (name: string) => `${FIXTURE_DIR}${name}.json`;

describe('npm run preview', { timeout: 60_000 }, () => {
  it('--file --json prints exactly the payload, nothing else', () => {
    const r = preview('--file', file('running-review'), '--json', '--now', NOW.toISOString());
    expect(r.code).toBe(0);
    const payload = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual(['text', 'blocks']);
    expect(checkMessage(payload)).toEqual([]);
    const expected = renderPipelineMessage(loadFixture('running-review'), { now: NOW, locale: 'en', refreshedAt: NOW });
    expect(payload).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('without --json prints the readable card; --locale zh-CN speaks Chinese', () => {
    const en = preview('--file', file('failed'), '--now', NOW.toISOString());
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('❌ build-api');
    expect(en.stdout).toContain('Failed at stage 2 of 4 · compile');
    expect(en.stdout).toContain('[Refresh]');
    const zh = preview('--file', file('failed'), '--now', NOW.toISOString(), '--locale', 'zh-CN');
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('第 2 步，共 4 步');
  });

  it('a bad file exits non-zero with a clear message on stderr', () => {
    const missing = preview('--file', join(tmpdir(), 'no-such-pipeline.json'), '--json');
    expect(missing.code).not.toBe(0);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/cannot read .*no-such-pipeline\.json: no such file/);

    const notJson = join(tmpdir(), `preview-not-json-${process.pid}.json`);
    writeFileSync(notJson, 'status: running\n{');
    const bad = preview('--file', notJson, '--json');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('is not JSON');

    const notPipeline = join(tmpdir(), `preview-not-pipeline-${process.pid}.json`);
    writeFileSync(notPipeline, '{"name":"no id"}');
    const wrong = preview('--file', notPipeline);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('is not a pipeline');
  });

  it('bad arguments exit non-zero with the usage', () => {
    const badNow = preview('--file', file('failed'), '--now', 'yesterday');
    expect(badNow.code).not.toBe(0);
    expect(badNow.stderr).toContain('--now must be an ISO time');
    const nothing = preview();
    expect(nothing.code).not.toBe(0);
    expect(nothing.stderr).toContain('usage: npm run preview');
  });

  it('<id> fetches through the configured client (the built-in simulator here)', () => {
    const ok = preview('29476', '--json', '--now', NOW.toISOString());
    expect(ok.code).toBe(0);
    const payload = JSON.parse(ok.stdout) as { text: string };
    expect(payload.text).toBe('⏳ test4 has not started');
    const unknown = preview('99999');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('Pipeline 99999 was not found');
    const notAnId = preview('abc');
    expect(notAnId.code).not.toBe(0);
    expect(notAnId.stderr).toContain('abc is not a pipeline id');
  });
});
