import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineBackend } from '../../src/domain/backend.js';
import { BackendError } from '../../src/domain/backend-error.js';
import type { WatchRecord, WatchStore } from '../../src/store/types.js';
import type { MonotonicClock } from '../../src/watch/monotonic-clock.js';
import type { TickStats } from '../../src/watch/poller.js';
import type { WatchSlack } from '../../src/watch/slack-delivery.js';
import { pid } from '../helpers/pipeline-id.js';
import type { StoreBackend } from '../store/store-backends.js';
import {
  at,
  type Harness,
  RUN_START,
  type SqliteHarness,
  startHarness,
  startSqliteHarness,
  T0,
  TEAM,
  texts,
} from './harness.js';
import { threeStage } from './raw-pipeline.js';

/** A promise and the function that resolves it: holds one step of a race until the test lets it go. */
function signal(): { wait: Promise<void>; fire: () => void } {
  let fire = (): void => {};
  const wait = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { wait, fire };
}

const ID = 1003;
const CHANNEL = 'C0WATCH01';

let rig: SqliteHarness;
let backend: StoreBackend;
let store: WatchStore;
let h: Harness;

beforeEach(async () => {
  rig = await startSqliteHarness();
  ({ h, store, backend } = rig);
  h.setPipeline(ID, threeStage(ID, RUN_START, 'building'));
});
afterEach(() => rig.close());

const watch = (filter?: 'changes' | 'failures' | 'all', channelId = CHANNEL) =>
  h
    .service()
    .watch({ teamId: TEAM, channelId, pipelineId: pid(ID), userId: 'U0USER001', ...(filter ? { filter } : {}) });

describe('watch, unwatch, list', () => {
  it('posts one card, confirms exactly what the channel gets, and changes the filter of an existing watch', async () => {
    const confirmation = await watch();
    expect(confirmation.text).toBe(
      'This channel now gets one live card for pipeline *build-api-1003* (#1003), edited as it moves; stage starts and finishes, reviews and the final result go in its thread. Failures are also posted to the channel.',
    );
    expect(h.cardPosts()).toHaveLength(1);
    const card = h.cardPosts()[0];
    expect(card?.body).toMatchObject({ channel: CHANNEL });
    expect(Array.isArray(card?.body.blocks)).toBe(true);
    const stored = await store.findWatch(TEAM, CHANNEL, String(ID));
    expect(stored).toMatchObject({ filter: 'changes', cardChannel: CHANNEL, cardTs: '1700000000.000001' });

    const changed = await watch('failures');
    expect(changed.text).toContain('changed from _changes_ to _failures_');
    expect(changed.text).toContain('only failures and the final result');
    expect(h.cardPosts()).toHaveLength(1);
    expect((await watch('failures')).text).toContain('already watches');

    const list = await h.service().list({ teamId: TEAM, channelId: CHANNEL });
    expect(list.text).toContain('*build-api-1003* (#1003) — _failures_ — ✅ ok');
    expect((await h.service().list({ teamId: TEAM, channelId: 'C0OTHER01' })).text).toContain('watches no pipeline');

    const gone = await h.service().unwatch({ teamId: TEAM, channelId: CHANNEL, pipelineId: pid(ID), userId: 'U1' });
    expect(gone.text).toContain('no longer watches *build-api-1003* (#1003)');
    expect(await store.countWatches()).toBe(0);
    expect(
      (await h.service().unwatch({ teamId: TEAM, channelId: CHANNEL, pipelineId: pid(ID), userId: 'U1' })).text,
    ).toContain('does not watch');
  });

  it('throws SWR failures as BackendError and stores nothing', async () => {
    await expect(
      h.service().watch({ teamId: TEAM, channelId: CHANNEL, pipelineId: pid('424242'), userId: 'U1' }),
    ).rejects.toBeInstanceOf(BackendError);
    await expect(
      h.service().watch({ teamId: TEAM, channelId: CHANNEL, pipelineId: pid('abc'), userId: 'U1' }),
    ).rejects.toMatchObject({
      kind: 'invalid_id',
    });
    expect(await store.countWatches()).toBe(0);
    expect(h.slack.calls).toHaveLength(0);
  });

  it('refuses a channel the bot cannot post in, and keeps no watch', async () => {
    h.slack.on('chat.postMessage', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    const answer = await watch();
    expect(answer.text).toContain('I can’t watch *build-api-1003* (#1003) here: the bot is not in this channel');
    expect(await store.countWatches()).toBe(0);
  });
});

describe('the poller', () => {
  it('edits the card on every change, threads the milestones, stops polling the finished run', async () => {
    await watch();
    const poller = h.poller({ mentions: { alice: 'U0ALICE01' } });
    const cardTs = h.cardPosts()[0]?.body.ts ?? '1700000000.000001';

    // Nothing changed: no Slack call at all.
    let stats = await poller.tick(at(15));
    expect(stats).toMatchObject({ claimed: 1, backendReads: 1, slackCalls: 0 });
    expect(h.slack.calls).toHaveLength(1);

    h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    stats = await poller.tick(at(30));
    expect(stats).toMatchObject({ updates: 1, posts: 2 });
    const updates = h.slack.callsOf('chat.update');
    expect(updates.map((u) => u.body.ts)).toEqual([cardTs]);
    expect(texts(h.threadPosts())).toEqual([
      '✅ *Build* succeeded in 2 min',
      '✋ *Approve &lt;prod&gt;* is waiting for review by <@U0ALICE01>, *bob*',
    ]);
    expect(h.threadPosts().every((c) => c.body.thread_ts === cardTs && c.body.reply_broadcast === false)).toBe(true);

    // In review: polled four times less often.
    expect((await poller.tick(at(45))).claimed).toBe(0);
    h.setPipeline(ID, threeStage(ID, RUN_START, 'approved_by_alice'));
    expect((await poller.tick(at(90))).claimed).toBe(1);
    h.setPipeline(ID, threeStage(ID, RUN_START, 'deploying'));
    await poller.tick(at(150));
    h.setPipeline(ID, threeStage(ID, RUN_START, 'succeeded'));
    await poller.tick(at(165));
    expect(texts(h.threadPosts()).slice(2)).toEqual([
      '👍 *alice* approved *Approve &lt;prod&gt;* · still waiting on *bob*',
      '✅ Review *Approve &lt;prod&gt;* passed (approved by alice, bob)',
      '🔄 *Deploy &amp; verify* started',
      '✅ *Deploy &amp; verify* succeeded in 5 min',
      '✅ *build-api-1003* (#1003) succeeded · total 11 min 40 s',
    ]);
    // The final edit: the same card, with every stage's duration.
    const final = h.slack.callsOf('chat.update').at(-1);
    expect(final?.body.ts).toBe(cardTs);
    const finalBlocks = JSON.stringify(final?.body.blocks);
    expect(finalBlocks).toContain('2 min');
    expect(finalBlocks).toContain('5 min');
    expect(h.cardPosts()).toHaveLength(1);

    // The finished run is not polled again; only a check for a new run, much later.
    const calls = h.slack.calls.length;
    const gets = h.sim.control.getCount(ID);
    expect((await poller.tick(at(200))).claimed).toBe(0);
    expect((await poller.tick(at(300))).claimed).toBe(1);
    expect(h.slack.calls.length).toBe(calls);
    expect(h.sim.control.getCount(ID)).toBe(gets + 1);
  });

  it('gives a new run (new start_time) a new card, and tells that run from its start', async () => {
    h.setPipeline(ID, threeStage(ID, RUN_START, 'succeeded'));
    await watch();
    const poller = h.poller();
    const nextRun = at(100);
    h.setPipeline(ID, threeStage(ID, nextRun, 'building'));
    await poller.tick(at(120));
    expect(h.cardPosts()).toHaveLength(2);
    const second = (await store.findWatch(TEAM, CHANNEL, String(ID)))?.cardTs;
    expect(second).toBe('1700000000.000002');
    expect(h.threadPosts().map((c) => [c.body.thread_ts, c.body.text])).toEqual([[second, '🔄 *Build* started']]);
    expect(h.slack.callsOf('chat.update')).toHaveLength(0);
  });

  it('failures filter: only the failure (broadcast) and the result', async () => {
    await watch('failures');
    const poller = h.poller();
    h.setPipeline(ID, threeStage(ID, RUN_START, 'build_failed'));
    await poller.tick(at(15));
    expect(h.threadPosts().map((c) => [c.body.text, c.body.reply_broadcast])).toEqual([
      ['❌ *Build* stage error in 1 min 30 s', true],
      ['❌ *build-api-1003* (#1003) stage error at *Build* · total 1 min 30 s', false],
    ]);
  });

  it('all filter: the final result is broadcast too; a refused review is a broadcast failure', async () => {
    h.setPipeline(ID, threeStage(ID, RUN_START, 'approved_by_alice'));
    await watch('all');
    const poller = h.poller();
    h.setPipeline(ID, threeStage(ID, RUN_START, 'refused'));
    await poller.tick(at(60));
    expect(h.threadPosts().map((c) => [c.body.text, c.body.reply_broadcast])).toEqual([
      ['❌ Review *Approve &lt;prod&gt;* of *build-api-1003* (#1003) was refused by bob', true],
      ['❌ *build-api-1003* (#1003) stage error at *Approve &lt;prod&gt;* · total 5 min', true],
    ]);
  });

  it('fetches each pipeline once per cycle however many channels watch it', async () => {
    for (let i = 0; i < 6; i += 1) await watch('changes', `C0CHAN00${i}`);
    const before = h.sim.control.getCount(ID);
    const stats = await h.poller().tick(at(15));
    expect(stats).toMatchObject({ claimed: 6, pipelines: 1, backendReads: 1, slackCalls: 0 });
    expect(h.sim.control.getCount(ID)).toBe(before + 1);
  });

  it('after a 429 waits for Retry-After and posts each milestone exactly once', async () => {
    await watch();
    const poller = h.poller();
    let limited = 0;
    h.slack.on('chat.postMessage', (call) => {
      if (!call.body.thread_ts || limited > 0) return undefined;
      limited += 1;
      return { status: 429, headers: { 'retry-after': '7' } };
    });
    h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    const first = await poller.tick(at(15));
    expect(first).toMatchObject({ updates: 1, posts: 0, deferred: 1 });
    // Blocked until Retry-After has passed: no call at all for this channel before it.
    expect((await poller.tick(at(18))).slackCalls).toBe(0);
    for (const t of [23, 24, 60, 120]) await poller.tick(at(t));
    const [rejected, ...accepted] = texts(h.threadPosts());
    expect(rejected).toBe('✅ *Build* succeeded in 2 min');
    expect(accepted).toEqual([
      '✅ *Build* succeeded in 2 min',
      '✋ *Approve &lt;prod&gt;* is waiting for review by *alice*, *bob*',
    ]);
    expect(h.slack.callsOf('chat.update')).toHaveLength(1);
  });

  it('never resends a milestone whose post timed out (it may have been posted)', async () => {
    await h.close();
    rig.h = h = await startHarness(store, { slackTimeoutMs: 300 });
    h.setPipeline(ID, threeStage(ID, RUN_START, 'building'));
    await watch();
    const poller = h.poller();
    h.slack.on('chat.postMessage', (call) => (String(call.body.text).includes('Build') ? { hang: true } : undefined));
    h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    const stats = await poller.tick(at(15));
    expect(stats.errors).toBe(1);
    h.slack.on('chat.postMessage', () => undefined);
    await poller.tick(at(75));
    await poller.tick(at(135));
    const buildPosts = texts(h.threadPosts()).filter((t) => t.includes('Build'));
    expect(buildPosts).toHaveLength(1);
    expect(texts(h.threadPosts()).filter((t) => t.includes('waiting for review'))).toHaveLength(1);
  });

  it('a crash between "sending" and "sent" repeats at most that one milestone', async () => {
    await watch();
    // The process dies right after Slack accepted the first thread post: "sent" is never recorded.
    let crashed = false;
    const crashing: WatchStore = {
      ...store,
      markMilestone: async (key, outcome, now) => {
        if (!crashed && key.key !== 'card') {
          crashed = true;
          throw new Error('killed');
        }
        return store.markMilestone(key, outcome, now);
      },
    };
    h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    await h.poller({ store: crashing }).tick(at(15));
    expect(texts(h.threadPosts())).toEqual(['✅ *Build* succeeded in 2 min']);

    // A new process on the same database.
    const restarted = await backend.open();
    try {
      await h.poller({ store: restarted }).tick(at(30));
      await h.poller({ store: restarted }).tick(at(120));
    } finally {
      await restarted.close();
    }
    expect(texts(h.threadPosts())).toEqual([
      '✅ *Build* succeeded in 2 min',
      '✅ *Build* succeeded in 2 min',
      '✋ *Approve &lt;prod&gt;* is waiting for review by *alice*, *bob*',
    ]);
  });

  it('pauses the watch when the channel is gone, and list says why', async () => {
    await watch();
    const poller = h.poller();
    h.slack.on('chat.update', () => ({ body: { ok: false, error: 'channel_not_found' } }));
    h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    expect(await poller.tick(at(15))).toMatchObject({ paused: 1 });
    expect(h.threadPosts()).toHaveLength(0);
    expect((await h.service().list({ teamId: TEAM, channelId: CHANNEL })).text).toContain(
      '⏸️ paused: channel not found (since 2026-03-01 10:00 UTC)',
    );
    // Paused watches are not polled.
    expect((await poller.tick(at(1000))).claimed).toBe(0);

    // Watching again lifts the pause.
    h.slack.on('chat.update', () => undefined);
    await watch();
    expect((await poller.tick(at(1001))).claimed).toBe(1);
    expect((await h.service().list({ teamId: TEAM, channelId: CHANNEL })).text).toContain('✅ ok');
  });

  it('posts a new card when the old one was deleted, and threads under it from then on', async () => {
    await watch();
    const poller = h.poller();
    h.slack.on('chat.update', () => ({ body: { ok: false, error: 'message_not_found' } }));
    h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    await poller.tick(at(15));
    expect(h.cardPosts()).toHaveLength(2);
    const newTs = h.cardPosts()[1]?.body;
    const stored = await store.findWatch(TEAM, CHANNEL, String(ID));
    expect(stored?.cardTs).toBe('1700000000.000002');
    expect(newTs?.channel).toBe(CHANNEL);
    expect(h.threadPosts().every((c) => c.body.thread_ts === '1700000000.000002')).toBe(true);
    expect(h.threadPosts()).toHaveLength(2);
  });

  it('reminds pending reviewers once per review', async () => {
    h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    await watch();
    const poller = h.poller({ reviewReminderMinutes: 10, mentions: { bob: 'U0BOB0001' } });
    // The review started at RUN_START + 120 s = T0 + 60 s; due at T0 + 660 s.
    for (let t = 60; t <= 600; t += 60) await poller.tick(at(t));
    expect(h.threadPosts()).toHaveLength(0);
    for (let t = 720; t <= 1500; t += 60) await poller.tick(at(t));
    expect(texts(h.threadPosts())).toEqual([
      '⏰ Reminder: *Approve &lt;prod&gt;* has been waiting for review for 11 min: *alice*, <@U0BOB0001>',
    ]);
  });

  it('backs off while SWR fails, notes it once in the thread, and recovers', async () => {
    await watch();
    const poller = h.poller();
    h.sim.control.setFault(ID, { status: 503 });
    const delays: number[] = [];
    let t = 15;
    for (let i = 0; i < 7; i += 1) {
      await poller.tick(at(t));
      const w = await store.findWatch(TEAM, CHANNEL, String(ID));
      const next = ((w?.nextPollAt.getTime() ?? 0) - T0.getTime()) / 1000;
      delays.push(next - t);
      t = next;
    }
    expect(delays).toEqual([30, 60, 120, 240, 300, 300, 300]);
    expect(texts(h.threadPosts())).toEqual([
      '⚠️ SWR has been failing with internal errors since 2026-03-01 10:00 UTC; the card may be out of date. Still trying every 4 min.',
    ]);
    expect((await h.service().list({ teamId: TEAM, channelId: CHANNEL })).text).toContain(
      '⚠️ SWR errors since 2026-03-01 10:00 UTC (7 in a row)',
    );

    h.sim.control.setFault(ID, null);
    h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    await poller.tick(at(t));
    expect(await store.findWatch(TEAM, CHANNEL, String(ID))).toMatchObject({ errorStreak: 0, errorNoted: false });
    expect(h.slack.callsOf('chat.update')).toHaveLength(1);
  });

  it('resumes after a restart on the same SQLite file and keeps editing the same card', async () => {
    await watch();
    await h.poller().tick(at(15));
    // kill -9: the old poller and connection are simply abandoned.
    const restarted = await backend.open();
    try {
      const poller = h.poller({ store: restarted });
      h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
      const stats = await poller.tick(at(30));
      expect(stats).toMatchObject({ claimed: 1, updates: 1, posts: 2 });
      expect(h.slack.callsOf('chat.update').map((c) => c.body.ts)).toEqual(['1700000000.000001']);
      expect(h.cardPosts()).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  });

  it('a watch started while a tick reads its pipeline gets its card from the wake, exactly once', async () => {
    await watch('changes', 'C0CHAN001');
    // One poller, as in production: the service wakes the poller whose tick is running.
    let armed = false;
    const { wait: reading, fire: reachedRead } = signal();
    const { wait: gate, fire: openGate } = signal();
    const slowSource: PipelineBackend = {
      ...h.backend,
      getRun: async (id) => {
        if (armed) {
          reachedRead();
          await gate;
        }
        return h.backend.getRun(id);
      },
    };
    const poller = h.poller({ backend: slowSource });
    armed = true;
    // The tick holds the first channel's watch and waits in its read while the second channel starts watching.
    const ticking = poller.tick(at(15));
    await reading;
    const answer = await h
      .service({ poller, now: () => at(16) })
      .watch({ teamId: TEAM, channelId: 'C0CHAN002', pipelineId: pid(ID), userId: 'U0USER001' });
    expect(answer.text).toContain('This channel now gets one live card');
    expect(JSON.stringify(answer.blocks)).not.toContain('within a minute');
    openGate();
    expect(await ticking).toMatchObject({ claimed: 1, slackCalls: 0 });

    h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    for (const t of [31, 46, 106]) await poller.tick(at(t));
    const second = await store.findWatch(TEAM, 'C0CHAN002', String(ID));
    expect(h.cardPosts().filter((c) => c.body.channel === 'C0CHAN002')).toHaveLength(1);
    expect(
      h
        .threadPosts()
        .filter((c) => c.body.thread_ts === second?.cardTs)
        .map((c) => c.body.text),
    ).toEqual(['✅ *Build* succeeded in 2 min', '✋ *Approve &lt;prod&gt;* is waiting for review by *alice*, *bob*']);
  });

  it('a new watch a tick claims before the wake gets its card from that tick, and the person is told it is coming', async () => {
    await watch('changes', 'C0CHAN001');
    let armed = false;
    const { wait: reading, fire: reachedRead } = signal();
    const { wait: gate, fire: openGate } = signal();
    const slowSource: PipelineBackend = {
      ...h.backend,
      getRun: async (id) => {
        if (armed) {
          reachedRead();
          await gate;
        }
        return h.backend.getRun(id);
      },
    };
    // Between the service adding the watch (due at once) and the wake claiming it, a tick of the same poller claims
    // it along with the first channel's watch, and holds both while it reads the pipeline.
    let ticking: Promise<TickStats> | null = null;
    const racing: WatchStore = {
      ...store,
      claimWatch: async (options) => {
        armed = true;
        ticking = poller.tick(at(15));
        await reading;
        return store.claimWatch(options);
      },
    };
    const poller = h.poller({ store: racing, backend: slowSource });
    const answer = await h
      .service({ poller, now: () => at(12) })
      .watch({ teamId: TEAM, channelId: 'C0CHAN002', pipelineId: pid(ID), userId: 'U0USER001' });
    expect(answer.text).toContain('This channel now gets one live card');
    expect(JSON.stringify(answer.blocks)).toContain('The card will appear here within a minute.');
    expect(h.cardPosts().filter((c) => c.body.channel === 'C0CHAN002')).toHaveLength(0);
    openGate();
    expect(await (ticking as Promise<TickStats> | null)).toMatchObject({ claimed: 2, posts: 1 });
    for (const t of [30, 45, 105]) await poller.tick(at(t));
    expect(h.cardPosts().filter((c) => c.body.channel === 'C0CHAN002')).toHaveLength(1);
    expect(await store.findWatch(TEAM, 'C0CHAN002', String(ID))).toMatchObject({ cardTs: '1700000000.000002' });
  });

  it('Slack slower than the wait: the person is told the card is coming; the woken cycle posts it once', async () => {
    const { wait: gate, fire: openGate } = signal();
    const slowSlack: WatchSlack = {
      postMessage: async (args) => {
        await gate;
        return h.client.postMessage(args);
      },
      update: (args) => h.client.update(args),
    };
    const poller = h.poller({ slack: slowSlack });
    const answer = await h.service({ poller, firstCardWaitMs: 50 }).watch({
      teamId: TEAM,
      channelId: CHANNEL,
      pipelineId: pid(ID),
      userId: 'U0USER001',
    });
    expect(JSON.stringify(answer.blocks)).toContain('The card will appear here within a minute.');
    // The woken cycle still holds the watch: a tick of the same poller leaves it alone.
    expect((await poller.tick(at(1))).claimed).toBe(0);
    openGate();
    await poller.stop();
    expect(await store.findWatch(TEAM, CHANNEL, String(ID))).toMatchObject({
      cardTs: '1700000000.000001',
      leaseOwner: null,
    });
    for (const t of [15, 30]) await poller.tick(at(t));
    expect(h.cardPosts()).toHaveLength(1);
  });

  it('a 429 on the first card: the watch stands, the person is told it is coming, a tick after Retry-After posts it', async () => {
    h.slack.on('chat.postMessage', (_call, n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '5' } } : undefined,
    );
    const poller = h.poller();
    const answer = await h.service({ poller }).watch({
      teamId: TEAM,
      channelId: CHANNEL,
      pipelineId: pid(ID),
      userId: 'U0USER001',
    });
    expect(JSON.stringify(answer.blocks)).toContain('The card will appear here within a minute.');
    expect(await store.findWatch(TEAM, CHANNEL, String(ID))).toMatchObject({ cardTs: null, pausedReason: null });
    // Not before Retry-After: the channel is blocked.
    expect((await poller.tick(at(2))).slackCalls).toBe(0);
    await poller.tick(at(5));
    // The call refused with a 429, then the card; no third.
    expect(h.cardPosts()).toHaveLength(2);
    expect(await store.findWatch(TEAM, CHANNEL, String(ID))).toMatchObject({ cardTs: '1700000000.000001' });
    for (const t of [20, 35]) await poller.tick(at(t));
    expect(h.cardPosts()).toHaveLength(2);
  });

  it('posts the old run’s deferred final result and final edit under the old card before the new run’s card', async () => {
    await watch();
    const poller = h.poller();
    h.setPipeline(ID, threeStage(ID, RUN_START, 'deploying'));
    await poller.tick(at(15));
    const before = h.slack.calls.length;

    // The run ends: both its final edit and its final result hit a 429 …
    let limitedPost = false;
    let limitedUpdate = false;
    h.slack.on('chat.postMessage', (call) => {
      if (limitedPost || !String(call.body.text).includes('· total')) return undefined;
      limitedPost = true;
      return { status: 429, headers: { 'retry-after': '20' } };
    });
    h.slack.on('chat.update', () => {
      if (limitedUpdate) return undefined;
      limitedUpdate = true;
      return { status: 429, headers: { 'retry-after': '20' } };
    });
    h.setPipeline(ID, threeStage(ID, RUN_START, 'succeeded'));
    await poller.tick(at(30));
    expect(limitedPost && limitedUpdate).toBe(true);

    // … and the pipeline runs again before they are retried.
    h.setPipeline(ID, threeStage(ID, at(40), 'building'));
    for (const t of [45, 50, 51, 65, 80, 200]) await poller.tick(at(t));

    const oldCard = '1700000000.000001';
    const newCard = (await store.findWatch(TEAM, CHANNEL, String(ID)))?.cardTs;
    expect(newCard).not.toBe(oldCard);
    const finalEdit = '✅ build-api-1003 succeeded in 11 min 40 s';
    const finalResult = '✅ *build-api-1003* (#1003) succeeded · total 11 min 40 s';
    expect(
      h.slack.calls.slice(before).map((c) => [c.method, c.body.ts ?? c.body.thread_ts ?? null, String(c.body.text)]),
    ).toEqual([
      // 30 s: both refused with a 429; the stage's result goes through.
      ['chat.update', oldCard, finalEdit],
      ['chat.postMessage', oldCard, '✅ *Deploy &amp; verify* succeeded in 5 min'],
      ['chat.postMessage', oldCard, finalResult],
      // 50 s (Retry-After): the old run is settled under its own card, once, then the new run gets its card.
      ['chat.update', oldCard, finalEdit],
      ['chat.postMessage', oldCard, finalResult],
      ['chat.postMessage', null, "🔄 build-api-1003 is running · stage 1 of 3 'Build'"],
      ['chat.postMessage', newCard, '🔄 *Build* started'],
    ]);
    expect(JSON.stringify(h.slack.callsOf('chat.update').at(-1)?.body.blocks)).toContain('5 min');
    expect(await store.findWatch(TEAM, CHANNEL, String(ID))).toMatchObject({ pendingJson: null });
  });

  it('closes the card of a run last seen running when a newer run starts, with one note, before the new card', async () => {
    await watch();
    const poller = h.poller();
    h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    await poller.tick(at(15));
    const before = h.slack.calls.length;

    // The run ends between two polls (in review: polled every minute) and a newer one starts: SWR shows only it.
    h.setPipeline(ID, threeStage(ID, at(40), 'building'));
    expect((await poller.tick(at(75))).claimed).toBe(1);

    const oldCard = '1700000000.000001';
    const newCard = (await store.findWatch(TEAM, CHANNEL, String(ID)))?.cardTs;
    expect(newCard).not.toBe(oldCard);
    const closing =
      '⏹️ A newer run of *build-api-1003* (#1003) started at 2026-03-01 10:00 UTC. This run’s final result was not seen by the bot.';
    expect(
      h.slack.calls.slice(before).map((c) => [c.method, c.body.ts ?? c.body.thread_ts ?? null, String(c.body.text)]),
    ).toEqual([
      ['chat.update', oldCard, closing],
      ['chat.postMessage', oldCard, closing],
      ['chat.postMessage', null, "🔄 build-api-1003 is running · stage 1 of 3 'Build'"],
      ['chat.postMessage', newCard, '🔄 *Build* started'],
    ]);
    const edit = JSON.stringify(h.slack.callsOf('chat.update').at(-1)?.body.blocks);
    expect(edit).toContain('Stages as last seen by the bot:');
    expect(edit).toContain('*Approve &lt;prod&gt;*');
    // The closed card has no buttons (no console URL is configured here).
    expect(edit).not.toContain('"actions"');

    const calls = h.slack.calls.length;
    for (const t of [90, 105, 300]) await poller.tick(at(t));
    expect(h.slack.calls.slice(calls).filter((c) => c.body.ts === oldCard || c.body.thread_ts === oldCard)).toEqual([]);
    expect(h.cardPosts()).toHaveLength(2);
    expect(await store.findWatch(TEAM, CHANNEL, String(ID))).toMatchObject({ pendingJson: null });
  });

  it('a superseded run’s note deferred by a 429 is posted once on the next try, without a second edit', async () => {
    await watch();
    const poller = h.poller();
    h.setPipeline(ID, threeStage(ID, RUN_START, 'building'));
    await poller.tick(at(15));
    let limited = false;
    h.slack.on('chat.postMessage', (call) => {
      if (limited || !String(call.body.text).startsWith('⏹️')) return undefined;
      limited = true;
      return { status: 429, headers: { 'retry-after': '20' } };
    });
    h.setPipeline(ID, threeStage(ID, at(40), 'building'));
    await poller.tick(at(45));
    expect(limited).toBe(true);
    // The switch waits: no new card yet.
    expect(h.cardPosts()).toHaveLength(1);
    for (const t of [50, 66, 80, 200]) await poller.tick(at(t));

    const oldCard = '1700000000.000001';
    expect(h.slack.callsOf('chat.update').map((c) => c.body.ts)).toEqual([oldCard]);
    const notes = h.threadPosts().filter((c) => c.body.thread_ts === oldCard);
    // The 429 reached Slack once; the note went out once after Retry-After.
    expect(notes.map((c) => String(c.body.text).slice(0, 2))).toEqual(['⏹️', '⏹️']);
    expect(h.cardPosts()).toHaveLength(2);
    const newCard = (await store.findWatch(TEAM, CHANNEL, String(ID)))?.cardTs;
    expect(texts(h.threadPosts().filter((c) => c.body.thread_ts === newCard))).toEqual(['🔄 *Build* started']);
  });

  it('carries out the cycles of one pipeline’s watches at once, not one after another', async () => {
    const channels = ['C0WATCH01', 'C0WATCH02', 'C0WATCH03'];
    for (const channel of channels) await watch(undefined, channel);
    let inFlight = 0;
    let most = 0;
    const allThree = signal();
    const slack: WatchSlack = {
      postMessage: (args) => h.client.postMessage(args),
      update: async (args) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        if (inFlight === channels.length) allThree.fire();
        // One after another, the first edit would wait here for nothing: it goes on after 1 s.
        await Promise.race([allThree.wait, new Promise((resolve) => setTimeout(resolve, 1_000))]);
        try {
          return await h.client.update(args);
        } finally {
          inFlight -= 1;
        }
      },
    };
    h.setPipeline(ID, threeStage(ID, RUN_START, 'deploying'));
    const stats = await h.poller({ slack, concurrency: 1 }).tick(at(15));
    expect(stats.updates).toBe(3);
    expect(most).toBe(3);
  });

  it('claims no key for a post the channel’s pace puts off (no write, then no release)', async () => {
    await watch();
    const claimedKeys: string[] = [];
    const counting: WatchStore = {
      ...store,
      claimMilestone: (key, now, staleBefore) => {
        claimedKeys.push(key.key);
        return store.claimMilestone(key, now, staleBefore);
      },
    };
    // Four milestones at once (build, review, deploy, result): the pace lets three through.
    h.setPipeline(ID, threeStage(ID, RUN_START, 'succeeded'));
    const stats = await h.poller({ store: counting }).tick(at(15));
    expect(texts(h.threadPosts())).toHaveLength(3);
    expect(stats.deferred).toBe(1);
    expect(claimedKeys).toHaveLength(3);
  });

  it('settles a run whose result the channel’s pace deferred, after a restart, before the new run’s card', async () => {
    await watch();
    // Four milestones at once (build, review, deploy, result): the channel's pace leaves the result for later.
    h.setPipeline(ID, threeStage(ID, RUN_START, 'succeeded'));
    await h.poller().tick(at(15));
    expect(texts(h.threadPosts())).toHaveLength(3);
    // kill -9, and the pipeline runs again before the new process looks.
    h.setPipeline(ID, threeStage(ID, at(20), 'building'));
    const restarted = await backend.open();
    try {
      const poller = h.poller({ store: restarted });
      for (const t of [30, 45, 60, 200]) await poller.tick(at(t));
    } finally {
      await restarted.close();
    }
    const oldCard = '1700000000.000001';
    const newCard = (await store.findWatch(TEAM, CHANNEL, String(ID)))?.cardTs;
    expect(h.threadPosts().map((c) => [c.body.thread_ts, c.body.text])).toEqual([
      [oldCard, '✅ *Build* succeeded in 2 min'],
      [oldCard, '✅ Review *Approve &lt;prod&gt;* passed (approved by alice, bob)'],
      [oldCard, '✅ *Deploy &amp; verify* succeeded in 5 min'],
      [oldCard, '✅ *build-api-1003* (#1003) succeeded · total 11 min 40 s'],
      [newCard, '🔄 *Build* started'],
    ]);
    expect(h.cardPosts()).toHaveLength(2);
    // The final edit was made when the run ended; the old card is not edited again.
    expect(h.slack.callsOf('chat.update').map((c) => c.body.ts)).toEqual([oldCard]);
  });

  it('resends a card edit Slack refused once, as plain text, then neither resends it nor keeps polling the finished run', async () => {
    await watch();
    const poller = h.poller();
    h.slack.on('chat.update', () => ({ body: { ok: false, error: 'invalid_blocks' } }));
    h.setPipeline(ID, threeStage(ID, RUN_START, 'succeeded'));
    // 15 s: the refused edit and the first milestones; 30 s: the rest of them (the channel's pace).
    await poller.tick(at(15));
    await poller.tick(at(30));
    expect(texts(h.threadPosts()).at(-1)).toContain('succeeded · total');
    let claimed = 0;
    for (let t = 45; t <= 600; t += 15) claimed += (await poller.tick(at(t))).claimed;
    // The refused edit, then the same state once more as plain text (no blocks), never again.
    expect(h.slack.callsOf('chat.update')).toHaveLength(2);
    expect(h.slack.callsOf('chat.update')[1]?.body.blocks).toEqual([]);
    // Only the new-run checks every 2 min (150, 270, 390, 510 s).
    expect(claimed).toBe(4);
    // A change is edited again.
    h.slack.on('chat.update', () => undefined);
    h.setPipeline(ID, threeStage(ID, RUN_START, 'deploying'));
    await poller.tick(at(630));
    expect(h.slack.callsOf('chat.update')).toHaveLength(3);
  });

  it('leases each batch of a long tick for a whole lease from when it was claimed', async () => {
    h.setPipeline(1004, threeStage(1004, RUN_START, 'building'));
    await watch();
    await h.service().watch({ teamId: TEAM, channelId: CHANNEL, pipelineId: pid('1004'), userId: 'U0USER001' });
    let elapsed = 0;
    const clock: MonotonicClock = { now: () => elapsed };
    const slowSource: PipelineBackend = {
      ...h.backend,
      getRun: async (id) => {
        elapsed += 50_000;
        return h.backend.getRun(id);
      },
    };
    const batches: WatchRecord[][] = [];
    const watching: WatchStore = {
      ...store,
      claimDue: async (options) => {
        const rows = await store.claimDue(options);
        if (rows.length > 0) batches.push(rows);
        return rows;
      },
    };
    await h.poller({ store: watching, backend: slowSource, clock, batchSize: 1, leaseSeconds: 60 }).tick(at(15));
    expect(batches.map((b) => b.map((w) => w.leaseUntil?.getTime()))).toEqual([
      [at(15 + 60).getTime()],
      [at(15 + 50 + 60).getTime()],
    ]);
  });

  it('start() ticks on its own and stop() waits for the tick in flight', async () => {
    await watch();
    const poller = h.poller({ tickSeconds: 3600 });
    poller.start();
    await poller.stop();
    const w = await store.findWatch(TEAM, CHANNEL, String(ID));
    expect(w?.leaseOwner).toBeNull();
  });
});
