/**
 * `kill -9` of the real bot process while it watches pipelines, then a restart on the same database. The bot is a
 * child process (`node --import tsx src/cli/bot.ts`) configured only through its environment: Slack is a fake in this
 * process, SWR the simulator in this process, the watches are made with signed `/pipeline watch` commands. It is
 * killed while a milestone post is in flight (the fake Slack holds that request unanswered), restarted, and must
 * then keep every watch, keep editing the same cards, and post every milestone once — the one in flight at most
 * twice, since Slack may have taken it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/backends/containerops/simulator/server.js';
import { createStore } from '../../src/store/index.js';
import type { WatchStore } from '../../src/store/types.js';
import { type FakeSlack, type SlackCall, startFakeSlack } from '../helpers/fake-slack.js';
import { TEST_DATABASE_URL } from '../store/store-backends.js';
import { rawPipeline } from '../watch/raw-pipeline.js';
import { type ChildBot, spawnBotOn } from './child-bot.js';
import { collectProcessErrors, type ProcessErrors } from './process-errors.js';

const TEAM = 'T00000001';
const A = 'C0KILLA01';
const B = 'C0KILLB01';
const C = 'C0KILLC01';
/** The watches: channel × pipeline (one channel each: a channel takes about one post a second). */
const WATCHES: [string, number][] = [
  [A, 1003],
  [B, 1003],
  [C, 1004],
];

/** A pipeline of three plain stages at `step` (0: Build running … 3: all done). */
function linear(id: number, runStart: Date, step: 0 | 1 | 2 | 3) {
  const names = ['Build', 'Test', 'Deploy'];
  return rawPipeline({
    id,
    name: `svc-${id}`,
    runStart,
    status: step === 3 ? 'success' : 'running',
    end: step === 3 ? 290 : null,
    stages: names.map((name, i) =>
      i < step
        ? { name, status: 'success', start: i * 100, end: i * 100 + 90 }
        : i === step
          ? { name, status: 'running', start: i * 100 }
          : { name, status: 'waiting' },
    ),
  });
}

let fake: FakeSlack;
let sim: Simulator;
let dir: string;
let bots: ChildBot[] = [];
let collector: ProcessErrors;

beforeAll(() => {
  collector = collectProcessErrors();
});
afterAll(() => collector.stop());
beforeEach(async () => {
  fake = await startFakeSlack();
  sim = await startSimulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'kill9-'));
  bots = [];
});
afterEach(async () => {
  for (const bot of bots) await bot.stop('SIGKILL');
  await fake.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
  expect(collector.errors).toEqual([]);
});

async function start(databaseUrl: string): Promise<ChildBot> {
  const bot = await spawnBotOn(fake, sim, {
    SWR_CACHE_MS: '0',
    SWR_RETRIES: '0',
    DATABASE_URL: databaseUrl,
    WATCH_INTERVAL_SECONDS: '1',
    LOG_LEVEL: 'info',
  });
  bots.push(bot);
  return bot;
}

/** Sends `/pipeline <text>` in `channel` and returns the private answer. */
async function command(bot: ChildBot, channel: string, text: string): Promise<string> {
  const responseUrl = fake.responseUrl();
  const path = new URL(responseUrl).pathname;
  const reply = await bot.slack.command({ text, channel_id: channel, response_url: responseUrl });
  expect(reply.status).toBe(200);
  await fake.waitFor((calls) => calls.some((c) => c.path === path), 10_000);
  return String(fake.calls.find((c) => c.path === path)?.body.text);
}

const threadPosts = () => fake.callsOf('chat.postMessage').filter((c) => c.body.thread_ts !== undefined);
const cardPosts = () => fake.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === undefined);
const inThread = (ts: string) => threadPosts().filter((c) => c.body.thread_ts === ts);
const hasText = (calls: SlackCall[], text: string) => calls.some((c) => String(c.body.text).includes(text));

/** The lines of the child's log that say something went wrong beyond a Slack or SWR answer. */
const troubles = (bot: ChildBot) =>
  bot.lines.filter((l) => /watch tick failed|watch cycle failed|Unhandled|uncaught|unhandled error/i.test(l));

/** Card ts per watch, as the store has them (read from this process; the bot's own connection is not touched). */
async function cardsOf(store: WatchStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [channel, id] of WATCHES) {
    const w = await store.findWatch(TEAM, channel, String(id));
    if (w?.cardTs) out.set(`${channel}/${id}`, w.cardTs);
  }
  return out;
}

/**
 * What each thread must hold, in order: step 0 → 1 (Build succeeded, Test started), then 1 → 3 (Test succeeded;
 * Deploy started and ended between two polls: only its end; the run's result).
 */
const MILESTONES = [
  '✅ *Build* succeeded',
  '🔄 *Test* started',
  '✅ *Test* succeeded',
  '✅ *Deploy* succeeded',
  '✅ *svc-',
];
const milestoneOf = (text: string): string => MILESTONES.find((m) => text.startsWith(m)) ?? text;

/** `(thread, text)` posted more than once, with the count. */
function duplicates(): [string, number][] {
  const counts = new Map<string, number>();
  for (const c of threadPosts()) {
    const key = `${c.body.thread_ts} ${c.body.text}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1);
}

/** Makes the three watches with `/pipeline watch`; returns their cards. */
async function watchAll(bot: ChildBot, store: WatchStore): Promise<Map<string, string>> {
  for (const [channel, id] of WATCHES) {
    expect(await command(bot, channel, `watch ${id}`)).toContain('This channel now gets one live card');
  }
  const cards = await cardsOf(store);
  expect(cards.size).toBe(3);
  return cards;
}

const setStep = (runStart: Date, step: 0 | 1 | 2 | 3) => {
  for (const id of [1003, 1004]) sim.control.setPipeline(id, linear(id, runStart, step));
};

describe('kill -9 during a watch, then a restart on the same database', () => {
  it('SQLite: killed while a milestone post is in flight — no lost watch, same cards, at most one duplicate', async () => {
    const databaseUrl = `sqlite:${join(dir, 'bot.db')}`;
    const runStart = new Date(Date.now() - 300_000);
    for (const id of [1003, 1004]) sim.control.setPipeline(id, linear(id, runStart, 0));
    const first = await start(databaseUrl);
    const store = await createStore(databaseUrl);
    try {
      const cards = await watchAll(first, store);
      const a1003 = cards.get(`${A}/1003`) ?? '';

      // The pipelines move; Slack holds A/1003's first post unanswered, and the process dies meanwhile.
      let held: SlackCall | null = null;
      fake.on('chat.postMessage', (call) => {
        if (held === null && call.body.thread_ts === a1003) {
          held = call;
          return { hang: true };
        }
        return undefined;
      });
      setStep(runStart, 1);
      await fake.waitFor(() => held !== null, 15_000);
      // Pipelines are handled concurrently: let C's posts of this cycle land, so that the held post is the only one
      // in flight when the process dies (any other post in flight then could be repeated too, once per watch).
      const sqlite = new Database(join(dir, 'bot.db'), { readonly: true, fileMustExist: true });
      try {
        const sending = () =>
          (sqlite.prepare("SELECT count(*) AS n FROM milestones WHERE status = 'sending'").get() as { n: number }).n;
        await fake.waitFor(() => inThread(cards.get(`${C}/1004`) ?? '').length === 2 && sending() === 1, 10_000);
      } finally {
        sqlite.close();
      }
      const killed = await first.stop('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      fake.on('chat.postMessage', () => undefined);
      const updatesBefore = fake.callsOf('chat.update').length;

      const second = await start(databaseUrl);
      // The start-up line says which Slack mode runs and what it needs.
      expect(second.lines.find((l) => l.includes('"listening for Slack over HTTP"'))).toContain(
        'HTTP mode (SLACK_APP_TOKEN unset)',
      );
      // The restarted process tells step 1 in every thread (the held post included), then sees the end.
      await fake.waitFor(() => [...cards.values()].every((ts) => hasText(inThread(ts), '*Test* started')), 15_000);
      setStep(runStart, 3);
      const done = (ts: string, id: number) => hasText(inThread(ts), `*svc-${id}* (#${id}) succeeded`);
      await fake.waitFor(() => WATCHES.every(([c, id]) => done(cards.get(`${c}/${id}`) ?? '', id)), 20_000);

      // Every watch still there, listed in its channel, healthy.
      expect(await command(second, A, 'list')).toContain('*svc-1003* (#1003) — _changes_ — ✅ ok');
      expect(await command(second, B, 'list')).toContain('*svc-1003* (#1003) — _changes_ — ✅ ok');
      expect(await command(second, C, 'list')).toContain('*svc-1004* (#1004) — _changes_ — ✅ ok');
      // The same three cards, edited after the restart up to the final state; no new card.
      expect(cardPosts()).toHaveLength(3);
      expect(await cardsOf(store)).toEqual(cards);
      const edited = new Set(
        fake
          .callsOf('chat.update')
          .slice(updatesBefore)
          .map((c) => c.body.ts),
      );
      expect([...edited].sort()).toEqual([...cards.values()].sort());
      for (const [key, ts] of cards) {
        const last = fake.callsOf('chat.update').findLast((c) => c.body.ts === ts);
        expect(String(last?.body.text), key).toMatch(/^✅ svc-100\d succeeded in/);
      }
      // Every milestone of every thread, once; the one held in flight when the process died, twice.
      for (const ts of cards.values()) {
        const texts = inThread(ts).map((c) => String(c.body.text));
        expect(texts.map(milestoneOf), ts).toEqual(ts === a1003 ? [MILESTONES[0], ...MILESTONES] : MILESTONES);
      }
      expect(duplicates()).toEqual([[`${a1003} ${(held as SlackCall | null)?.body.text}`, 2]]);
      expect(troubles(second)).toEqual([]);
      expect(troubles(first)).toEqual([]);
      // Still running; a SIGTERM ends it cleanly.
      expect(second.process.exitCode).toBeNull();
      expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    } finally {
      await store.close();
    }
  }, 60_000);

  it('PostgreSQL: killed between two cycles — the restart resumes every watch on the same cards, no duplicate', async () => {
    const database = `kill9_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const databaseUrl = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${database}`);
    const store = await createStore(databaseUrl);
    try {
      const runStart = new Date(Date.now() - 300_000);
      for (const id of [1003, 1004]) sim.control.setPipeline(id, linear(id, runStart, 0));
      const first = await start(databaseUrl);
      const cards = await watchAll(first, store);
      setStep(runStart, 1);
      await fake.waitFor(() => [...cards.values()].every((ts) => hasText(inThread(ts), '*Test* started')), 15_000);

      // Freeze it, make sure no cycle holds a lease (a dead replica's lease is waited out: 60 s), then kill it.
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        for (;;) {
          first.process.kill('SIGSTOP');
          const held = await db.query('SELECT count(*)::int AS n FROM watches WHERE lease_owner IS NOT NULL');
          if (held.rows[0]?.n === 0) break;
          first.process.kill('SIGCONT');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await db.end();
      }
      expect((await first.stop('SIGKILL')).signal).toBe('SIGKILL');

      const second = await start(databaseUrl);
      // The start-up line says which Slack mode runs and what it needs.
      expect(second.lines.find((l) => l.includes('"listening for Slack over HTTP"'))).toContain(
        'HTTP mode (SLACK_APP_TOKEN unset)',
      );
      setStep(runStart, 3);
      const done = (ts: string, id: number) => hasText(inThread(ts), `*svc-${id}* (#${id}) succeeded`);
      await fake.waitFor(() => WATCHES.every(([c, id]) => done(cards.get(`${c}/${id}`) ?? '', id)), 20_000);
      expect(cardPosts()).toHaveLength(3);
      expect(await cardsOf(store)).toEqual(cards);
      expect(duplicates()).toEqual([]);
      for (const ts of cards.values())
        expect(
          inThread(ts).map((c) => milestoneOf(String(c.body.text))),
          ts,
        ).toEqual(MILESTONES);
      expect(troubles(second)).toEqual([]);
      expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    } finally {
      await store.close();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);
});
