/**
 * The database lost while the bot runs: the real bot (Bolt's receiver, signed requests, fake Slack, the SWR
 * simulator) on a real PostgreSQL reached through a TCP proxy that the test takes down and brings back. Lookups
 * keep answering (they need no database), watch commands answer privately that the database is unavailable, the
 * poller backs off and resumes, `/healthz` says `database: error` from a cached probe, and the process still stops.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.js';
import type { WatchStore } from '../../src/store/types.js';
import { MAX_STORE_BACKOFF_MS, storeBackoffMs } from '../../src/watch/schedule.js';
import type { SlackCall } from '../helpers/fake-slack.js';
import { type Harness, startHarness, textOf, waitForLog } from '../slack/bot-harness.js';
import { TEST_DATABASE_URL } from '../store/store-backends.js';
import { spawnBotOn } from './child-bot.js';
import { collectProcessErrors, type ProcessErrors } from './process-errors.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const UNAVAILABLE =
  '⚠️ The database is unavailable, so no watch was changed: try again shortly. `/pipeline &lt;id&gt;` lookups still work.';

/** The test database's URL with the host and port of `proxy`. */
function throughProxy(proxy: TcpProxy): string {
  const url = new URL(TEST_DATABASE_URL);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return url.toString();
}

let proxy: TcpProxy;
let h: Harness;
let store: WatchStore;
let collector: ProcessErrors;
const schema = `outage_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
/** `ping`s the bot's store made (the health probe's query). */
let pings = 0;

beforeAll(async () => {
  collector = collectProcessErrors();
  proxy = await startTcpProxy(Number(new URL(TEST_DATABASE_URL).port || 5432));
  store = await createStore(throughProxy(proxy), { schema });
  // The store as the bot gets it, its health probe counted: the interface, not a module mock.
  const counted: WatchStore = {
    ...store,
    ping: () => {
      pings += 1;
      return store.ping();
    },
  };
  h = await startHarness({}, { store: counted });
});
afterAll(async () => {
  await h.close();
  await proxy.close();
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  collector.stop();
});
afterEach(async () => {
  if (!proxy.isUp) await proxy.up();
  expect(collector.errors).toEqual([]);
});

async function health(): Promise<Record<string, unknown>> {
  const res = await fetch(`${h.baseUrl}/healthz`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** Polls `/healthz` until its `database` is `want` (the probe is cached for a few seconds). */
async function healthUntil(want: 'ok' | 'error'): Promise<Record<string, unknown>> {
  for (;;) {
    const body = await health();
    if (body.database === want) return body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Sends `/pipeline <text>` and returns its private answer at the response_url. */
async function command(text: string): Promise<SlackCall> {
  const responseUrl = h.fake.responseUrl();
  const path = new URL(responseUrl).pathname;
  expect((await h.slack.command({ text, response_url: responseUrl })).status).toBe(200);
  await h.fake.waitFor((calls) => calls.some((c) => c.path === path), 20_000);
  const answer = h.fake.calls.find((c) => c.path === path);
  if (!answer) throw new Error('no answer');
  return answer;
}

describe('health checks answer from a cached database probe', () => {
  it('200 concurrent /healthz make at most a couple of probe queries', async () => {
    const before = pings;
    const bodies = await Promise.all(Array.from({ length: 200 }, () => health()));
    expect(bodies.every((b) => b.database === 'ok' && b.ok === true)).toBe(true);
    const made = pings - before;
    console.info(`200 concurrent /healthz → ${made} probe quer${made === 1 ? 'y' : 'ies'}`);
    expect(made).toBeGreaterThanOrEqual(1);
    expect(made).toBeLessThanOrEqual(2);
  });
});

describe('the database goes away while the bot runs', () => {
  it('lookups answer, watch commands say the database is unavailable, health says error, all recover', async () => {
    const watched = await command('watch 29476');
    expect(textOf(watched)).toContain('now gets one live card');
    const mark = h.logs.length;

    await proxy.down();
    // A lookup needs no database: the card, as usual.
    expect(textOf(await command('29476'))).toContain('test4');
    // Watch commands: one private sentence, nothing changed, no stack, no error code soup.
    for (const text of ['watch 29503', 'unwatch 29476', 'list']) {
      const answer = await command(text);
      expect(answer.body.response_type).toBe('ephemeral');
      expect(textOf(answer)).toBe(UNAVAILABLE);
      expect(JSON.stringify(answer.body)).not.toMatch(/Error:|ECONNREFUSED|\bat \S+ \(|undefined/);
    }
    expect(await healthUntil('error')).toMatchObject({ ok: false, database: 'error' });
    // The poller notices, warns once, and backs off instead of logging an error every tick.
    await waitForLog(
      h,
      (l) => l.msg === 'the database is unavailable: watches wait, ticks back off until it is back',
      20_000,
      mark,
    );
    expect(h.logs.slice(mark).filter((l) => l.msg === 'watch tick failed')).toEqual([]);

    await proxy.up();
    expect(await healthUntil('ok')).toMatchObject({ ok: true, database: 'ok' });
    await waitForLog(h, (l) => l.msg === 'the database is back: watching again', 60_000, mark);
    expect(textOf(await command('list'))).toContain('29476');
    const warned = h.logs.slice(mark).filter((l) => String(l.msg).startsWith('the database is unavailable: watches'));
    expect(warned).toHaveLength(1);
    expect(h.rawLogs.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('the poller backs off from the tick interval, doubling, to at most 30 s', () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => storeBackoffMs(n, 2_000))).toEqual([
      4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(MAX_STORE_BACKOFF_MS).toBe(30_000);
  });
});

describe('SIGTERM while the database is away', () => {
  it('the bot process still exits 0', async () => {
    const childSchema = `${schema}_child`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS "${childSchema}"`);
    const url = new URL(throughProxy(proxy));
    url.searchParams.set('options', `-c search_path=${childSchema}`);
    try {
      const bot = await spawnBotOn(h.fake, h.sim, { DATABASE_URL: url.toString() });
      await proxy.down();
      // Let a tick or two meet the missing database first.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const exit = await bot.stop('SIGTERM');
      expect(exit).toEqual({ code: 0, signal: null });
      expect(bot.lines.join('\n')).not.toMatch(/\n\s+at /);
    } finally {
      await proxy.up();
      await admin.query(`DROP SCHEMA IF EXISTS "${childSchema}" CASCADE`);
      await admin.end();
    }
  });
});
