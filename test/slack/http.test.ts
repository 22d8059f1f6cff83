/** The HTTP side: Slack's signature rules, /healthz, the request log, graceful shutdown and start-up failures. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBot, StartupError } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { ACTION_REFRESH } from '../../src/render/action-ids.js';
import { startFakeSlack } from '../helpers/fake-slack.js';
import { blockActionsPayload, slackSignature } from '../helpers/slack-request.js';
import { BOT_TOKEN, type Harness, SIGNING_SECRET, startHarness, textOf, waitForLog } from './bot-harness.js';
import { CODEARTS_ENV } from './codearts-harness.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The log lines written from `mark` (an index into `h.logs`) on that match `predicate`. */
const linesSince = (h: Harness, mark: number, predicate: (line: Record<string, unknown>) => boolean) =>
  h.logs.slice(mark).filter(predicate);
/** Bolt's own refusal (bad signature, stale timestamp), logged before it answers 401. */
const boltRefusal = (l: Record<string, unknown>): boolean =>
  l.component === 'bolt' && String(l.msg).startsWith('Failed to parse and verify the request data');
/** The request guard's refusal (future timestamp, replay), logged before it answers 401. */
const guardRefusal =
  (reason: string) =>
  (l: Record<string, unknown>): boolean =>
    l.msg === 'rejected a Slack request' && l.reason === reason;

describe('requests from Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('a forged signature → 401, and nothing runs', async () => {
    const mark = h.logs.length;
    const reply = await h.slack.command(
      { text: '29476', response_url: h.fake.responseUrl() },
      { secret: 'not-the-secret' },
    );
    expect(reply.status).toBe(401);
    // Bolt logged its refusal before answering, and a refused request is never dispatched: nothing can follow.
    expect(linesSince(h, mark, boltRefusal)).toHaveLength(1);
    expect(h.fake.callsOf('response_url')).toHaveLength(0);
  });

  it('a timestamp older than 5 minutes → 401 even when correctly signed', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const reply = await h.slack.command({ text: '29476' }, { timestamp: stale });
    expect(reply.status).toBe(401);
  });

  it('a timestamp more than 5 minutes ahead → 401 (Bolt accepts it; our request guard does not)', async () => {
    const ahead = Math.floor(Date.now() / 1000) + 6 * 60;
    const responseUrl = h.fake.responseUrl();
    const mark = h.logs.length;
    const reply = await h.slack.command({ text: '29476', response_url: responseUrl }, { timestamp: ahead });
    expect(reply.status).toBe(401);
    // The guard logged why before answering, and never handed the request to Bolt.
    expect(linesSince(h, mark, guardRefusal('timestamp in the future'))).toHaveLength(1);
    expect(h.fake.calls.filter((c) => c.path === new URL(responseUrl).pathname)).toHaveLength(0);
  });

  it('a clock a minute ahead of ours is within Slack’s tolerance: answered', async () => {
    const ahead = Math.floor(Date.now() / 1000) + 60;
    const responseUrl = h.fake.responseUrl();
    const mark = h.logs.length;
    const reply = await h.slack.command({ text: '29476', response_url: responseUrl }, { timestamp: ahead });
    expect(reply.status).toBe(200);
    await h.fake.waitFor((calls) => calls.some((c) => c.path === new URL(responseUrl).pathname));
    // Ends with the request (its line is written when its listener finished), not in the next test.
    await waitForLog(h, (l) => l.msg === 'slack request', undefined, mark);
  });

  it('the same signed request sent again → 401 and it runs once', async () => {
    const responseUrl = h.fake.responseUrl();
    const body = new URLSearchParams({
      command: '/pipeline',
      text: '29476',
      team_id: 'T00000001',
      channel_id: 'C00000001',
      user_id: 'U00000001',
      response_url: responseUrl,
      trigger_id: 'captured.1',
    }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const mark = h.logs.length;
    const first = await h.slack.send(body, { timestamp });
    const replay = await h.slack.send(body, { timestamp });
    expect([first.status, replay.status]).toEqual([200, 401]);
    expect(linesSince(h, mark, guardRefusal('replayed request'))).toHaveLength(1);
    // The first one ran to its end (its request line is written when its listener finished)…
    await waitForLog(h, (l) => l.msg === 'slack request' && l.pipelineId === '29476', undefined, mark);
    // …and it is the only one that ran.
    expect(linesSince(h, mark, (l) => l.msg === 'slack request')).toHaveLength(1);
    expect(h.fake.calls.filter((c) => c.path === new URL(responseUrl).pathname)).toHaveLength(1);
  });

  it('a forged request does not use up the signature a real one carries', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const body = 'command=%2Fpipeline&text=29476&trigger_id=forged.1';
    const forged = await h.slack.send(`${body}&extra=1`, {
      signature: slackSignature(SIGNING_SECRET, timestamp, body),
    });
    const real = await h.slack.send(body, { timestamp });
    expect([forged.status, real.status]).toEqual([401, 200]);
  });

  it('a signed command from a team id Slack never writes → 400, and nothing runs (Bolt would keep a client for it)', async () => {
    const responseUrl = h.fake.responseUrl();
    const mark = h.logs.length;
    const reply = await h.slack.command({ text: '29476', response_url: responseUrl, team_id: 'constructor' });
    expect(reply.status).toBe(400);
    // Logged before the 400; the guard answered it itself, so Bolt never saw the request.
    expect(linesSince(h, mark, (l) => l.msg === 'refused a Slack request')).toHaveLength(1);
    expect(h.fake.calls.filter((c) => c.path === new URL(responseUrl).pathname)).toHaveLength(0);
  });

  it('a signature over a different body → 401', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const reply = await h.slack.send('command=%2Fpipeline&text=29476', {
      signature: slackSignature(SIGNING_SECRET, ts, 'other'),
    });
    expect(reply.status).toBe(401);
  });

  it('GET /healthz → 200 JSON with uptime, database and the state of SWR', async () => {
    await h.slack.command({ text: '29476', response_url: h.fake.responseUrl() });
    await h.fake.waitFor((calls) => calls.some((c) => c.method === 'response_url'));
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ok: true, database: 'ok', swr: { state: 'ok', detail: null } });
    expect(typeof body.uptimeSeconds).toBe('number');
  });

  it('logs one JSON line per request with kind, id, outcome and timing, and never a secret', async () => {
    const responseUrl = h.fake.responseUrl();
    await h.slack.interaction(
      blockActionsPayload({ actionId: ACTION_REFRESH, value: '424242', responseUrl, ephemeral: true }),
    );
    const line = await waitForLog(h, (l) => l.msg === 'slack request' && l.pipelineId === '424242');
    expect(line).toMatchObject({ level: 'info', kind: 'action', id: ACTION_REFRESH, outcome: 'api_not_found' });
    expect(typeof line.ms).toBe('number');
    expect(typeof line.ackMs).toBe('number');
    const all = h.rawLogs.join('\n');
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, h.sim.token]) expect(all).not.toContain(secret);
    expect(h.logs.filter((l) => l.msg === 'slack request').length).toBeGreaterThanOrEqual(2);
  });
});

describe('the replay window through the real receiver (Bolt and the guard read one moved clock)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Moves the one clock Bolt's stale check and the guard read (`Date`; timers keep running) to `ms`. */
  const setClock = (ms: number): void => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(ms);
  };

  /** A `/pipeline help` captured once, byte for byte, to be replayed. */
  const captured = (responseUrl: string, trigger: string): string =>
    new URLSearchParams({
      command: '/pipeline',
      text: 'help',
      team_id: 'T00000001',
      channel_id: 'C00000001',
      user_id: 'U00000001',
      response_url: responseUrl,
      trigger_id: trigger,
    }).toString();

  it('a request seen at T is refused at T+1, T+299 and T+300 (by the guard) and at T+301 (by Bolt, as stale)', async () => {
    const T = Math.floor(Date.now() / 1000);
    const responseUrl = h.fake.responseUrl();
    const path = new URL(responseUrl).pathname;
    const body = captured(responseUrl, 'captured.window');
    setClock(T * 1000);
    const mark = h.logs.length;
    expect((await h.slack.send(body, { timestamp: T })).status).toBe(200);
    await waitForLog(h, (l) => l.msg === 'slack request' && l.outcome === 'help', undefined, mark);
    for (const [i, later] of [1, 299, 300].entries()) {
      setClock((T + later) * 1000 + 999);
      expect((await h.slack.send(body, { timestamp: T })).status, `replayed at T+${later}`).toBe(401);
      expect(linesSince(h, mark, guardRefusal('replayed request')), `replayed at T+${later}`).toHaveLength(i + 1);
    }
    setClock((T + 301) * 1000);
    expect((await h.slack.send(body, { timestamp: T })).status).toBe(401);
    // Past the window the guard's memory lets go and Bolt's stale check refuses it: one place for each rule.
    expect(linesSince(h, mark, boltRefusal)).toHaveLength(1);
    expect(String(linesSince(h, mark, boltRefusal)[0]?.msg)).toMatch(/stale/);
    expect(linesSince(h, mark, guardRefusal('replayed request'))).toHaveLength(3);
    // A later request runs to its end; the captured one still ran exactly once.
    const laterUrl = h.fake.responseUrl();
    expect((await h.slack.send(captured(laterUrl, 'captured.later'), { timestamp: T + 301 })).status).toBe(200);
    await h.fake.waitFor((calls) => calls.some((c) => c.path === new URL(laterUrl).pathname));
    // Its log line follows its answer (the request ends when the answer was delivered).
    await h.fake.waitFor(() => linesSince(h, mark, (l) => l.msg === 'slack request').length >= 2);
    expect(linesSince(h, mark, (l) => l.msg === 'slack request')).toHaveLength(2);
    expect(h.fake.calls.filter((c) => c.path === path)).toHaveLength(1);
  });

  it('a request dated 299 s ahead of the bot’s clock, replayed at now+599, is still refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const responseUrl = h.fake.responseUrl();
    const body = captured(responseUrl, 'captured.ahead');
    setClock(now * 1000);
    const mark = h.logs.length;
    expect((await h.slack.send(body, { timestamp: now + 299 })).status).toBe(200);
    await waitForLog(h, (l) => l.msg === 'slack request' && l.outcome === 'help', undefined, mark);
    setClock((now + 599) * 1000);
    expect((await h.slack.send(body, { timestamp: now + 299 })).status).toBe(401);
    expect(linesSince(h, mark, guardRefusal('replayed request'))).toHaveLength(1);
    expect(linesSince(h, mark, boltRefusal)).toEqual([]);
    expect(h.fake.calls.filter((c) => c.path === new URL(responseUrl).pathname)).toHaveLength(1);
  });
});

describe('when Slack refuses the answer', () => {
  it('a dead response_url: the answer goes to chat.postEphemeral instead, and the log says so', async () => {
    const h = await startHarness();
    try {
      h.fake.on('response_url', () => ({ status: 404, body: 'Expired url' }));
      const reply = await h.slack.command({
        text: 'help',
        response_url: h.fake.responseUrl(),
        channel_id: 'C0HELP001',
      });
      expect(reply.status).toBe(200);
      const line = await waitForLog(h, (l) => l.msg === 'slack request');
      expect(line).toMatchObject({ kind: 'command', outcome: 'help' });
      const [ephemeral] = h.fake.callsOf('chat.postEphemeral');
      expect(ephemeral?.body).toMatchObject({ channel: 'C0HELP001', user: expect.any(String) });
      expect(textOf(ephemeral)).toMatch(/pipeline/);
      expect(h.logs.some((l) => l.msg === 'the response_url refused an answer' && l.status === 404)).toBe(true);
      expect(h.logs.some((l) => l.msg === 'answered with chat.postEphemeral instead')).toBe(true);
      expect(h.rawLogs.join('\n')).not.toContain(BOT_TOKEN);
    } finally {
      await h.close();
    }
  });

  it('when nothing reaches the person, one error line names the request, without a stack or a token', async () => {
    const h = await startHarness();
    try {
      h.fake.on('response_url', () => ({ status: 404, body: 'Used url' }));
      h.fake.on('chat.postEphemeral', () => ({ body: { ok: false, error: 'channel_not_found' } }));
      const reply = await h.slack.command({
        text: 'help',
        response_url: h.fake.responseUrl(),
        channel_id: 'C0GONE001',
      });
      expect(reply.status).toBe(200);
      const line = await waitForLog(h, (l) => l.msg === 'could not answer the person who asked: nothing reaches them');
      expect(line).toMatchObject({ level: 'error', origin: 'command', channel: 'C0GONE001', hasResponseUrl: true });
      expect(JSON.stringify(line)).not.toMatch(/\n\s+at /);
      expect(h.rawLogs.join('\n')).not.toContain(BOT_TOKEN);
    } finally {
      await h.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('stops taking requests but finishes work it already acknowledged', async () => {
    const h = await startHarness({ SWR_CACHE_MS: '0' });
    try {
      h.sim.control.setFault(29503, { latencyMs: 1_000 });
      const responseUrl = h.fake.responseUrl();
      const reply = await h.slack.command({ text: '29503', response_url: responseUrl });
      expect(reply.status).toBe(200);
      await h.bot.stop();
      // The answer went out before stop() resolved.
      const answer = h.fake.calls.find((c) => c.path === new URL(responseUrl).pathname);
      expect(textOf(answer)).toContain('demo-2048');
      await expect(fetch(`${h.baseUrl}/healthz`)).rejects.toThrow();
    } finally {
      await h.close();
    }
  });
});

describe('start-up', () => {
  it('a revoked Slack token is one clear start-up error, not a stream of 401s', async () => {
    const fake = await startFakeSlack();
    try {
      fake.on('auth.test', () => ({ body: { ok: false, error: 'token_revoked' } }));
      const config = loadConfig({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        DATABASE_URL: 'sqlite::memory:',
      });
      const attempt = createBot(config, { logger: silentLogger });
      await expect(attempt).rejects.toBeInstanceOf(StartupError);
      await expect(attempt).rejects.toThrow(/Slack rejected SLACK_BOT_TOKEN \(token_revoked\)/);
    } finally {
      await fake.close();
    }
  });

  it('SLACK_APP_TOKEN set → Socket Mode (no HTTP server is built)', async () => {
    const fake = await startFakeSlack();
    try {
      const config = loadConfig({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_APP_TOKEN: 'xapp-1-A000-000-test',
        SLACK_API_URL: fake.apiUrl,
        DATABASE_URL: 'sqlite::memory:',
        SIMULATOR_PORT: '0',
      });
      const bot = await createBot(config, { logger: silentLogger, openWatchFeature: async () => null });
      expect(bot.mode).toBe('socket');
      expect(bot.simulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await bot.stop();
      expect(fake.callsOf('auth.test')).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });

  it('PIPELINE_BACKEND=codearts: the bot serves CodeArts pipelines from its built-in simulator', async () => {
    const h = await startHarness(CODEARTS_ENV);
    try {
      const responseUrl = h.fake.responseUrl();
      const reply = await h.slack.command({ text: 'c87ae95a4b96141590b1cc0707da4e77', response_url: responseUrl });
      expect(reply.status).toBe(200);
      await h.fake.waitFor((calls) => calls.some((c) => c.path === new URL(responseUrl).pathname));
      const card = h.fake.calls.find((c) => c.path === new URL(responseUrl).pathname);
      expect(String(card?.body.text)).toContain('web-portal-ci');
      expect(JSON.stringify(card?.body.blocks)).toContain('Open in CodeArts');
    } finally {
      await h.close();
    }
  });

  it('a missing variable exits non-zero naming it, without printing secrets', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/bot.ts'], {
      cwd: repoRoot,
      // A clean environment: nothing but PATH, a secret that must not be echoed, and no .env to read.
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_SIGNING_SECRET: 'very-secret-value-123',
        DOTENV_PATH: '/nonexistent/.env',
        DOTENV_CONFIG_PATH: '/nonexistent/.env',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/SLACK_BOT_TOKEN is missing/);
    expect(stderr + stdout).not.toContain('very-secret-value-123');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 20_000);
});
