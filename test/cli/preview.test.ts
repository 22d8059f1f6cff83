/** The preview CLI as external checks use it: a real process, stdout parsed, exit codes and stderr checked. */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
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
    expect(bad.stderr).toContain('is neither YAML nor JSON');
    // It says how to save a good one.
    expect(bad.stderr).toContain(
      "curl -s -H 'X-Auth-Token: simulator-demo-token' http://127.0.0.1:8099/v3/manage/pipelines/",
    );

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
    // A command-line tool's words: nothing about Slack's /pipeline, and where to find real ids.
    for (const r of [unknown, notAnId]) {
      expect(r.stderr).not.toContain('/pipeline');
      expect(r.stderr).toContain('npm run preview -- --help');
    }
  });

  it('--file reads a pipeline saved as SWR sends it: YAML', () => {
    const yamlFile = join(tmpdir(), `preview-${process.pid}.yaml`);
    writeFileSync(yamlFile, stringify(JSON.parse(readFileSync(file('failed'), 'utf8'))));
    const r = preview('--file', yamlFile, '--now', NOW.toISOString());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Failed at stage 2 of 4 · compile');
  });

  it('--now with the built-in simulator: the simulator runs at that time too, so the same --now draws the same card', () => {
    const at = '2026-01-01T00:00:00Z';
    const first = preview('29503', '--now', at, '--json');
    const second = preview('29503', '--now', at, '--json');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    const text = preview('29503', '--now', at).stdout;
    // Never "Not started" beside a running stage (the simulator's clock and the card's were apart).
    expect(text).not.toContain('Not started');
    expect(text).toContain('⏱ Started 30 s ago');
  });

  it('--help says what every option does, lists the simulator’s pipelines and how to save one', () => {
    const r = preview('--help');
    expect(r.code).toBe(0);
    for (const option of ['--file <path>', '--now <ISO time>', '--locale en|zh-CN', '--json']) {
      expect(r.stdout).toContain(option);
    }
    for (const id of ['29476', '29501', '29502', '29503', '29504', '29505']) expect(r.stdout).toContain(`  ${id}  `);
    expect(r.stdout).toContain('/v3/manage/pipelines/29501 > pipeline.yaml');
  });
});

describe('npm run simulator -- --help, npm run simulator:codearts -- --help', { timeout: 60_000 }, () => {
  const run = (script: string, ...args: string[]) =>
    spawnSync('npx', ['tsx', script, ...args], { cwd: ROOT, env: ENV, encoding: 'utf8', timeout: 60_000 });

  it('print their settings and pipelines, then exit (they start nothing)', () => {
    const swr = run('src/cli/simulator.ts', '--help');
    expect(swr.status).toBe(0);
    expect(swr.stdout).toContain('SIMULATOR_PORT=8099');
    expect(swr.stdout).toContain('SIMULATOR_SPEED');
    expect(swr.stdout).toContain('29501  payment-release');
    const codearts = run('src/cli/codearts-simulator.ts', '--help');
    expect(codearts.status).toBe(0);
    expect(codearts.stdout).toContain('CODEARTS_SIMULATOR_PORT=8098');
    expect(codearts.stdout).toContain('web-portal-ci');
  });

  it('a reader that stops early (| head) ends them quietly: no EPIPE stack trace', async () => {
    const child = spawn('npx', ['tsx', 'src/cli/simulator.ts', '--help'], { cwd: ROOT, env: ENV });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('an unknown argument exits 2 pointing at --help', () => {
    const r = run('src/cli/simulator.ts', '--port', '1234');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('npm run simulator -- --help');
  });
});
