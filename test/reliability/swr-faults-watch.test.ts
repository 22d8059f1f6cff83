/**
 * SWR failing while a channel watches a pipeline, fault by fault: the poller backs off (doubling from the
 * interval, at least `Retry-After`, at most 5 min), says so once in the card's thread, never throws, and when the
 * fault clears the card and the thread catch up at the next poll. The 503 case is in test/watch/watch-flow.test.ts
 * ("backs off while SWR fails, …"); this table runs every other fault the simulator can inject, plus SWR not
 * running at all (a refused connection), through the same real client and poller.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pid } from '../helpers/pipeline-id.js';
import { at, RUN_START, TEAM, texts } from '../watch/harness.js';
import { threeStage } from '../watch/raw-pipeline.js';
import { collectProcessErrors, type ProcessErrors } from './process-errors.js';
import { CHANNEL, ID, nextPollSeconds, type Rig, startRig } from './watch-rig.js';

/** What the thread note says has gone wrong, per error kind (src/render/watch-messages.ts). */
const TROUBLE: Record<string, string> = {
  network: 'SWR has not answered',
  timeout: 'SWR has not answered',
  unauthorized: 'SWR has been rejecting the bot’s credentials',
  rate_limited: 'SWR has been rate-limiting the bot',
  upstream: 'SWR has been failing with internal errors',
  invalid_response: 'SWR’s answers have been unreadable',
};
const note = (kind: string, every = '4 min', since = '10:00'): string =>
  `⚠️ ${TROUBLE[kind]} since 2026-03-01 ${since} UTC; the card may be out of date. Still trying every ${every}.`;
const DOUBLING = [30, 60, 120, 240, 300, 300, 300];

interface Row {
  name: string;
  /** A short SWR client timeout for this row (300 ms; 2 s otherwise). */
  shortTimeout?: boolean;
  /** The `kind` the client reports (what the logs and `/pipeline` say). */
  kind: string;
  install(rig: Rig): void | Promise<void>;
  clear(rig: Rig): void | Promise<void>;
  /** Seconds between polls while it lasts (interval 15 s). */
  delays?: number[];
  /** How often the note says SWR is tried (default 4 min). */
  every?: string;
}

const simFault =
  (fault: Parameters<Rig['h']['sim']['control']['setFault']>[1]) =>
  (rig: Rig): void =>
    rig.h.sim.control.setFault(ID, fault);
const clearSimFault = (rig: Rig): void => rig.h.sim.control.setFault(ID, null);

const ROWS: Row[] = [
  {
    name: 'SWR down: nothing listening (connection refused)',
    kind: 'network',
    install: (rig) => rig.swrProxy.down(),
    clear: (rig) => rig.swrProxy.up(),
  },
  {
    name: 'SWR hangs: never answers (client timeout)',
    kind: 'timeout',
    shortTimeout: true,
    install: simFault({ hang: true }),
    clear: clearSimFault,
  },
  {
    name: '401 mid-run: the bot’s token revoked',
    kind: 'unauthorized',
    install: (rig) => rig.h.sim.control.revokeTokens({ includeStatic: true }),
    // Whoever runs the bot fixes the token (here: the simulator forgets the revocation).
    clear: (rig) => rig.h.sim.control.reset(),
  },
  {
    name: '429 with Retry-After 100 s',
    kind: 'rate_limited',
    install: simFault({ status: 429, retryAfterSeconds: 100 }),
    clear: clearSimFault,
    delays: [100, 100, 120, 240, 300, 300, 300],
    every: '2 min',
  },
  {
    name: '500, SWR’s error shape',
    kind: 'upstream',
    install: simFault({ status: 500, errorShape: 'swr' }),
    clear: clearSimFault,
  },
  {
    name: '500, the API gateway’s error shape',
    kind: 'upstream',
    install: simFault({ status: 500, errorShape: 'apigw' }),
    clear: clearSimFault,
  },
  {
    name: '500, IAM’s error shape',
    kind: 'upstream',
    install: simFault({ status: 500, errorShape: 'iam' }),
    clear: clearSimFault,
  },
  { name: '502, an HTML error page', kind: 'upstream', install: simFault({ html: true }), clear: clearSimFault },
  {
    name: '200 with a truncated body',
    kind: 'invalid_response',
    install: simFault({ truncated: true }),
    clear: clearSimFault,
  },
];

let rig: Rig;
let collector: ProcessErrors;
beforeAll(() => {
  collector = collectProcessErrors();
});
afterAll(() => collector.stop());
beforeEach(async () => {
  rig = await startRig();
  rig.setPoint('building');
});
afterEach(async () => {
  await rig.close();
  expect(collector.errors).toEqual([]);
});

const list = async () => (await rig.service().list({ teamId: TEAM, channelId: CHANNEL })).text;

describe('SWR faults while watching: back off, one note, recover', () => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    if (row.shortTimeout) {
      await rig.close();
      rig = await startRig({ swr: () => ({ timeoutMs: 300 }) });
      rig.setPoint('building');
    }
    await rig.watch();
    const cardTs = (await rig.store.findWatch(TEAM, CHANNEL, String(ID)))?.cardTs;
    const poller = rig.poller();
    await row.install(rig);

    const delays: number[] = [];
    let t = 15;
    for (let i = 0; i < 7; i += 1) {
      const stats = await poller.tick(at(t));
      // Each cycle: one request, one SWR error, handled (the poller never throws, no watch cycle fails).
      expect(stats).toMatchObject({ claimed: 1, backendReads: 1, backendErrors: 1, errors: 0 });
      const next = await nextPollSeconds(rig.store);
      delays.push(next - t);
      t = next;
    }
    expect(delays).toEqual(row.delays ?? DOUBLING);
    expect(rig.h.slack.callsOf('chat.update')).toHaveLength(0);
    expect(texts(rig.h.threadPosts())).toEqual([note(row.kind, row.every)]);
    expect(rig.h.threadPosts()[0]?.body.thread_ts).toBe(cardTs);
    expect(await list()).toContain('⚠️ SWR errors since 2026-03-01 10:00 UTC (7 in a row)');
    expect(rig.pipelines.lastOutcome()).toMatchObject({ ok: false, kind: row.kind });

    // The fault clears and the pipeline has moved on: the next poll edits the same card and tells the thread.
    await row.clear(rig);
    rig.h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    const stats = await poller.tick(at(t));
    expect(stats).toMatchObject({ backendErrors: 0, updates: 1, posts: 2, errors: 0 });
    expect(rig.h.slack.callsOf('chat.update').map((c) => c.body.ts)).toEqual([cardTs]);
    expect(texts(rig.h.threadPosts()).slice(1)).toEqual([
      '✅ *Build* succeeded in 2 min',
      '✋ *Approve &lt;prod&gt;* is waiting for review by *alice*, *bob*',
    ]);
    expect(await rig.store.findWatch(TEAM, CHANNEL, String(ID))).toMatchObject({
      errorStreak: 0,
      errorSince: null,
      errorNoted: false,
    });
    expect(await list()).toContain('✅ ok');
    // Back to the normal schedule (in review: every 4 × 15 s).
    expect((await nextPollSeconds(rig.store)) - t).toBe(60);
  });
});

describe('beyond one fault', () => {
  it('a YAML answer (whatever Accept said) is no failure: the card and the thread follow as usual', async () => {
    await rig.watch();
    rig.h.sim.control.setFault(ID, { yaml: true });
    rig.setPoint('review');
    const stats = await rig.poller().tick(at(15));
    expect(stats).toMatchObject({ backendErrors: 0, updates: 1, posts: 2 });
    expect(rig.h.sim.control.faults()).toHaveProperty(String(ID));
  });

  it('a second outage gets its own note; a recovered one never gets a late note', async () => {
    await rig.watch();
    const poller = rig.poller();
    rig.h.sim.control.setFault(ID, { status: 503 });
    for (const t of [15, 45]) await poller.tick(at(t));
    // Recovered before the note was due (2 min): no note at all.
    rig.h.sim.control.setFault(ID, null);
    await poller.tick(at(105));
    expect(rig.h.threadPosts()).toHaveLength(0);
    // A second, longer outage: one note, naming when it began.
    rig.h.sim.control.setFault(ID, { status: 503 });
    let t = 120;
    for (let i = 0; i < 6; i += 1) {
      await poller.tick(at(t));
      t = await nextPollSeconds(rig.store);
    }
    expect(texts(rig.h.threadPosts())).toEqual([note('upstream', '4 min', '10:02')]);
    rig.h.sim.control.setFault(ID, null);
    await poller.tick(at(t));
    rig.h.sim.control.setFault(ID, { status: 503 });
    for (let i = 0; i < 6; i += 1) {
      t = await nextPollSeconds(rig.store);
      await poller.tick(at(t));
    }
    expect(rig.h.threadPosts().map((c) => String(c.body.text).slice(0, 61))).toEqual([
      '⚠️ SWR has been failing with internal errors since 2026-03-01',
      '⚠️ SWR has been failing with internal errors since 2026-03-01',
    ]);
    expect(new Set(texts(rig.h.threadPosts())).size).toBe(2);
  });

  it('401 mid-run with IAM password login: the client logs in again once and the watch never notices', async () => {
    await rig.close();
    rig = await startRig({
      swr: (simulatorUrl) => ({
        auth: {
          kind: 'iam',
          endpoint: simulatorUrl,
          username: 'alice',
          password: 'simulator-demo-password',
          domain: 'simulator-demo',
          project: 'cn-north-4',
        },
      }),
    });
    rig.setPoint('building');
    await rig.watch();
    const poller = rig.poller();
    expect(await poller.tick(at(15))).toMatchObject({ backendErrors: 0 });
    const logins = rig.h.sim.control.requestCount('/v3/auth/tokens');
    // Every token IAM issued is revoked while the channel watches.
    rig.h.sim.control.revokeTokens();
    rig.setPoint('review');
    expect(await poller.tick(at(30))).toMatchObject({ backendErrors: 0, updates: 1, posts: 2 });
    expect(rig.h.sim.control.requestCount('/v3/auth/tokens')).toBe(logins + 1);
    expect(await rig.store.findWatch(TEAM, CHANNEL, String(ID))).toMatchObject({ errorStreak: 0 });
  });

  it('a 429 storm on every pipeline: one request per pipeline per cycle, every watch waits out Retry-After', async () => {
    // The production client: 2 retries, but none after a Retry-After longer than 5 s.
    await rig.close();
    rig = await startRig({ swr: () => ({ retries: 2 }) });
    const ids = Array.from({ length: 8 }, (_, i) => 2000 + i);
    // A second between two watches: each first card goes at its channel's pace (about one post a second).
    let created = -20;
    const service = rig.service({ now: () => at(created++) });
    for (const id of ids) {
      rig.h.setPipeline(id, threeStage(id, RUN_START, 'building'));
      for (const channelId of ['C0STORM01', 'C0STORM02']) {
        await service.watch({ teamId: TEAM, channelId, pipelineId: pid(id), userId: 'U0USER001' });
      }
    }
    rig.h.sim.control.setFault('all', { status: 429, retryAfterSeconds: 100 });
    const requestsBefore = rig.h.sim.control.requestCount();
    const poller = rig.poller();
    const first = await poller.tick(at(15));
    expect(first).toMatchObject({ claimed: 16, pipelines: 8, backendReads: 8, backendErrors: 8, errors: 0 });
    // No retry piled on the storm: the client gives up at once on a Retry-After longer than it may wait.
    expect(rig.h.sim.control.requestCount() - requestsBefore).toBe(8);
    for (const t of [16, 60, 114]) expect((await poller.tick(at(t))).claimed).toBe(0);
    expect((await poller.tick(at(115))).claimed).toBe(16);
    // The notes are due at 215 s; the channels' pace (about one post a second) spreads them over a few seconds.
    for (let t = 215; t <= 225; t += 1) await poller.tick(at(t));
    // One note per watch, in its own card's thread.
    const notes = rig.h.threadPosts();
    expect(notes).toHaveLength(16);
    expect(new Set(notes.map((c) => c.body.thread_ts)).size).toBe(16);
    rig.h.sim.control.setFault('all', null);
    for (const id of ids) rig.h.setPipeline(id, threeStage(id, RUN_START, 'review'));
    const after = await poller.tick(at(575));
    expect(after).toMatchObject({ claimed: 16, backendErrors: 0, updates: 16, errors: 0 });
  });

  it('a 429 storm with a short Retry-After: waited out in the client, at most 3 requests per pipeline per cycle', async () => {
    await rig.close();
    rig = await startRig({ swr: () => ({ retries: 2 }) });
    const ids = [2100, 2101, 2102, 2103];
    for (const id of ids) {
      rig.h.setPipeline(id, threeStage(id, RUN_START, 'building'));
      await rig.watch('changes', CHANNEL, id);
    }
    rig.h.sim.control.setFault('all', { status: 429, retryAfterSeconds: 1 });
    const before = rig.h.sim.control.requestCount();
    const stats = await rig.poller().tick(at(15));
    expect(stats).toMatchObject({ claimed: 4, backendReads: 4, backendErrors: 4, errors: 0 });
    // The first try and the client's 2 retries, each after the 1 s asked for; never more.
    expect(rig.h.sim.control.requestCount() - before).toBe(12);
    // Then every watch backs off on its own schedule (doubling from the interval: 30 s).
    for (const id of ids) expect(await nextPollSeconds(rig.store, CHANNEL, id)).toBe(45);
  });
});
