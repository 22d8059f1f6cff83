/**
 * CodeArts watches poll through the latest-status batch call: the real poller, the CodeArts client against its
 * simulator over HTTP (requests counted by path), SQLite stores and the fake Slack. A pipeline whose digest has not
 * moved is handed its last full read while that read is younger than `WATCH_FULL_READ_SECONDS`; one that moved is
 * read in full in the same tick, and what the channel sees is what a poller reading every run in full shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type CodeArtsSimulator, startCodeArtsSimulator } from '../../src/backends/codearts/simulator/server.js';
import type { PipelineBackend } from '../../src/domain/backend.js';
import { asPipelineId, type PipelineId } from '../../src/domain/pipeline-id.js';
import { createLogger } from '../../src/log.js';
import { createSlackWebApi } from '../../src/slack-api/web-api.js';
import { createStore } from '../../src/store/index.js';
import type { WatchStore } from '../../src/store/types.js';
import { createPoller, type Poller, type PollerDeps, type TickStats } from '../../src/watch/poller.js';
import { createWatchService } from '../../src/watch/watch-service.js';
import { simulatorClient } from '../backends/codearts/helpers.js';
import { type FakeSlack, type SlackCall, startFakeSlack } from '../helpers/fake-slack.js';
import { pid } from '../helpers/pipeline-id.js';
import { registerSecret } from '../helpers/secret-audit.js';
import { RUN_START, startHarness, at as swrAt, TEAM } from './harness.js';
import { threeStage } from './raw-pipeline.js';

const T0 = Date.UTC(2024, 2, 1, 8, 0, 0);
const WEB_PORTAL = asPipelineId('c87ae95a4b96141590b1cc0707da4e77');
const NIGHTLY = asPipelineId('10f7175266748c49a59c5852517ee2e3');
const MONOREPO = asPipelineId('3d6eb91e00a90eeb81ae20e6a05bd2c6');
const BOT_TOKEN = 'xoxb-test-codearts-digest';
registerSecret('SLACK_BOT_TOKEN (codearts digest)', BOT_TOKEN);

/** One CodeArts watch setup; its clock is the test's `now`, shared by the simulator and the ticks. */
interface Rig {
  sim: CodeArtsSimulator;
  fake: FakeSlack;
  store: WatchStore;
  backend: PipelineBackend;
  poller: Poller;
  logLines: string[];
  watch(pipelineId: PipelineId, channelId: string): Promise<void>;
  /** Detail and batch-status requests the simulator has received. */
  detailReads(pipelineId: PipelineId): number;
  statusCalls(): number;
  tick(seconds: number): Promise<TickStats>;
  close(): Promise<void>;
}

let now = T0;
const rigs: Rig[] = [];

async function startRig(over: Partial<PollerDeps> = {}): Promise<Rig> {
  const sim = await startCodeArtsSimulator({ port: 0, now: () => now });
  registerSecret('CodeArts token (codearts digest)', sim.token);
  const fake = await startFakeSlack();
  const store = await createStore('sqlite::memory:');
  const backend = simulatorClient(sim, () => now);
  const logLines: string[] = [];
  const poller = createPoller({
    store,
    backend,
    slack: createSlackWebApi(BOT_TOKEN, { slackApiUrl: fake.apiUrl }),
    intervalSeconds: 15,
    reviewReminderMinutes: 60,
    clock: { now: () => 0 },
    logger: createLogger({ level: 'warn', write: (line) => logLines.push(line) }),
    ...over,
  });
  const service = createWatchService({ store, backend, poller, now: () => new Date(now) });
  const base = `/v5/${sim.projectId}/api/pipelines`;
  const rig: Rig = {
    sim,
    fake,
    store,
    backend,
    poller,
    logLines,
    watch: async (pipelineId, channelId) => {
      await service.watch({ teamId: 'T00000001', channelId, pipelineId, filter: 'all', userId: 'U00000001' });
    },
    detailReads: (pipelineId) => sim.control.requestCount(`${base}/${pipelineId}/pipeline-runs/detail`),
    statusCalls: () => sim.control.requestCount(`${base}/status`),
    tick: (seconds) => {
      now = T0 + seconds * 1000;
      return poller.tick(new Date(now));
    },
    close: async () => {
      await fake.close();
      await store.close();
      await sim.close();
    },
  };
  rigs.push(rig);
  return rig;
}

afterEach(async () => {
  await Promise.all(rigs.splice(0).map((rig) => rig.close()));
  now = T0;
});

const cardsOf = (fake: FakeSlack) => fake.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === undefined);
const threadOf = (fake: FakeSlack) => fake.callsOf('chat.postMessage').filter((c) => c.body.thread_ts !== undefined);
/** What a person sees of a call: its text and blocks (not the ts or channel ids the two fakes hand out). */
const seen = (calls: readonly SlackCall[]) =>
  calls.map((c) => JSON.stringify([c.body.text, c.body.blocks]).replace(/127\.0\.0\.1:\d+/g, 'simulator'));

describe('CodeArts watches poll through the latest-status batch call', () => {
  it('an idle pipeline costs one status call per tick and no detail read until the full-read bound passes', async () => {
    // nightly-build failed at launch and reruns at t+542 s: idle until then. Checked for a new run every 10 s; a
    // finished run's read stands 10 × WATCH_FULL_READ_SECONDS = 60 s here.
    const rig = await startRig({ newRunCheckSeconds: 10, fullReadSeconds: 6 });
    await rig.watch(NIGHTLY, 'C0NIGHTLY1');
    expect(rig.detailReads(NIGHTLY)).toBe(1); // the first card, read when the watch was made

    const perTick: { status: number; detail: number; stats: TickStats }[] = [];
    for (let s = 10; s <= 130; s += 10) {
      const status = rig.statusCalls();
      const detail = rig.detailReads(NIGHTLY);
      const stats = await rig.tick(s);
      perTick.push({ status: rig.statusCalls() - status, detail: rig.detailReads(NIGHTLY) - detail, stats });
    }
    expect(perTick.map((t) => t.status)).toEqual(Array(13).fill(1));
    // Read in full at 10 s (nothing remembered yet), handed that read at 20–60 s, read again at 70 s (60 s old), …
    expect(perTick.map((t) => t.detail)).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(perTick.map((t) => [t.stats.statusCalls, t.stats.digestHits, t.stats.backendReads])).toEqual(
      perTick.map((t) => [1, 1 - t.detail, t.detail]),
    );
    // Nothing moved: the one card stands, never edited, nothing in its thread.
    expect(cardsOf(rig.fake)).toHaveLength(1);
    expect(rig.fake.callsOf('chat.update')).toHaveLength(0);
    expect(threadOf(rig.fake)).toHaveLength(0);
  });

  it('with the defaults, a finished run is read in full once in 10 min, not at each look for a new run', async () => {
    const rig = await startRig();
    await rig.watch(NIGHTLY, 'C0NIGHTLY1'); // finished: looked at every 2 min for a new run
    const detail = rig.detailReads(NIGHTLY);
    for (const s of [120, 240, 360, 480]) await rig.tick(s);
    expect(rig.detailReads(NIGHTLY) - detail).toBe(1);
    expect(rig.statusCalls()).toBe(4);
  });

  it('remembers the reads of at most `rememberedReads` pipelines', async () => {
    // nightly-build has failed, hotfix-release waits on a review: neither moves in these 4 min.
    const hotfix = asPipelineId('73c39587f870f9076598ebde29cde278');
    const hitsWith = async (rememberedReads: number): Promise<number[]> => {
      now = T0;
      const rig = await startRig({ newRunCheckSeconds: 60, fullReadSeconds: 600, rememberedReads });
      await rig.watch(NIGHTLY, 'C0NIGHTLY1');
      await rig.watch(hotfix, 'C0HOTFIX01');
      const hits = [];
      for (const s of [60, 120, 180, 240]) hits.push((await rig.tick(s)).digestHits);
      return hits;
    };
    // Room for both: from the second look on, both are handed their reads.
    expect(await hitsWith(2)).toEqual([0, 2, 2, 2]);
    // Room for one: the one remembered is handed its read while the other is read in full and pushes it out.
    expect(await hitsWith(1)).toEqual([0, 1, 1, 1]);
  });

  it('a run that moves is read in full in the same tick: cards and milestones are those of a poller reading every run', async () => {
    const digest = await startRig();
    const everyRun = await startRig({ fullReadSeconds: 0 });
    for (const rig of [digest, everyRun]) {
      await rig.watch(WEB_PORTAL, 'C0WEBPORT1');
      await rig.watch(MONOREPO, 'C0MONOREP1');
    }
    let moved = 0;
    let hits = 0;
    // Run #1 of web-portal-ci ends, #2 runs to its end, #3 starts; monorepo-ci goes through its 36 stages.
    for (let s = 15; s <= 1_000; s += 5) {
      const updates = [digest, everyRun].map((rig) => rig.fake.callsOf('chat.update').length);
      const posts = [digest, everyRun].map((rig) => rig.fake.callsOf('chat.postMessage').length);
      const stats = await digest.tick(s);
      await everyRun.tick(s);
      hits += stats.digestHits;
      if (stats.digestHits === 0 && stats.backendReads > 0) {
        // Every pipeline of this tick was read in full: the same edits and posts, word for word.
        moved += 1;
        const sinceUpdate = (i: 0 | 1) => [digest, everyRun][i]?.fake.callsOf('chat.update').slice(updates[i]) ?? [];
        const sincePost = (i: 0 | 1) => [digest, everyRun][i]?.fake.callsOf('chat.postMessage').slice(posts[i]) ?? [];
        expect(seen(sinceUpdate(0))).toEqual(seen(sinceUpdate(1)));
        expect(seen(sincePost(0))).toEqual(seen(sincePost(1)));
      }
    }
    expect(moved).toBeGreaterThan(10);
    expect(hits).toBeGreaterThan(50);
    // Over the whole time: the same cards (a new one for each new run) and the same milestones, in the same order.
    expect(seen(cardsOf(digest.fake))).toEqual(seen(cardsOf(everyRun.fake)));
    expect(cardsOf(digest.fake).filter((c) => c.body.channel === 'C0WEBPORT1')).toHaveLength(3);
    expect(seen(threadOf(digest.fake))).toEqual(seen(threadOf(everyRun.fake)));
    expect(threadOf(digest.fake).length).toBeGreaterThan(40);
    // Each card's last edit is the same: every run ends as it does today.
    const lastEdits = (fake: FakeSlack) => {
      const last = new Map<string, SlackCall>();
      for (const call of fake.callsOf('chat.update')) last.set(`${call.body.channel}/${call.body.ts}`, call);
      return seen([...last.values()]);
    };
    expect(lastEdits(digest.fake)).toEqual(lastEdits(everyRun.fake));
    // Fewer detail reads, for one status call per tick (with two pipelines, both busy, that is about even: the
    // call pays where a batch holds many pipelines, most of them not moving — see docs/BENCHMARKS.md).
    const reads = (rig: Rig) => rig.detailReads(WEB_PORTAL) + rig.detailReads(MONOREPO);
    expect(reads(digest)).toBeLessThan(reads(everyRun));
    expect(everyRun.statusCalls()).toBe(0);
  });

  it('a card updated since the last full read (a person’s look, another replica) is read in full again', async () => {
    const rig = await startRig({ fullReadSeconds: 60 });
    await rig.watch(WEB_PORTAL, 'C0WEBPORT1');
    // Read in full at 15 s, handed that read at 30–60 s, read again at 75 s (60 s old): Test still runs.
    const reads = [];
    for (const s of [15, 30, 45, 60, 75]) reads.push((await rig.tick(s)).backendReads);
    expect(reads).toEqual([1, 0, 0, 0, 1]);
    // At 85 s a person's look at the pipeline, just renamed in CodeArts, wakes the watch with the run they read: a
    // change the status call does not show, so the digest stays the one of the 75 s read.
    now = T0 + 85_000;
    const fresh = await rig.backend.getRun(WEB_PORTAL);
    const watch = await rig.store.findWatch('T00000001', 'C0WEBPORT1', WEB_PORTAL);
    const edits = rig.fake.callsOf('chat.update').length;
    const renamed = { ...fresh, name: 'web-portal-ci-renamed' };
    expect(await rig.poller.runNow(watch?.id ?? 0, { now: new Date(now), pipeline: renamed })).toMatchObject({
      kind: 'ran',
    });
    expect(String(rig.fake.callsOf('chat.update')[edits]?.body.text)).toContain('web-portal-ci-renamed');
    // At 100 s the remembered read is 25 s old and its digest unmoved, but the card shows another read: read again.
    const detail = rig.detailReads(WEB_PORTAL);
    expect(await rig.tick(100)).toMatchObject({ claimed: 1, statusCalls: 1, digestHits: 0, backendReads: 1 });
    expect(rig.detailReads(WEB_PORTAL)).toBe(detail + 1);
    // Then the remembered read is the card's again, and handed out while the digest holds.
    expect(await rig.tick(115)).toMatchObject({ backendReads: 1 }); // Test ended at 111 s: the digest moved
    expect(await rig.tick(130)).toMatchObject({ digestHits: 1, backendReads: 0 });
  });

  it('when the batch call fails, every pipeline is read with getRun, cards still move, and one warning per tick', async () => {
    // One pipeline per claim: two claims, two failing batch calls per tick.
    const rig = await startRig({ batchSize: 1 });
    await rig.watch(WEB_PORTAL, 'C0WEBPORT1');
    await rig.watch(MONOREPO, 'C0MONOREP1');
    rig.sim.control.setFault('status', { status: 503 });
    const edits = rig.fake.callsOf('chat.update').length;
    const posts = threadOf(rig.fake).length;
    const first = await rig.tick(15);
    expect(first).toMatchObject({ claimed: 2, statusCalls: 2, statusErrors: 2, digestHits: 0, backendReads: 2 });
    expect(first.backendErrors).toBe(0);
    const warnings = () => rig.logLines.filter((line) => line.includes('latest-status batch call failed'));
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).not.toMatch(/\.[jt]s:\d+/); // no stack trace
    // Test ends at 111 s, Deploy starts: read through getRun, the card is edited and the thread told.
    for (const s of [30, 45, 60, 75, 90, 105, 120]) await rig.tick(s);
    expect(warnings()).toHaveLength(8);
    expect(rig.fake.callsOf('chat.update').length).toBeGreaterThan(edits);
    expect(
      threadOf(rig.fake)
        .slice(posts)
        .map((c) => String(c.body.text)),
    ).toContainEqual(expect.stringMatching(/Deploy/));
    // Once the call answers again, the reads are saved again.
    rig.sim.control.setFault('status', null);
    await rig.tick(135);
    expect(await rig.tick(150)).toMatchObject({ statusCalls: 2, statusErrors: 0 });
    expect(rig.logLines.filter((line) => line.includes('latest-status batch call failed'))).toHaveLength(8);
  });

  it('a pipeline absent from the batch answer is read with getRun', async () => {
    const rig = await startRig({ newRunCheckSeconds: 10 });
    await rig.watch(NIGHTLY, 'C0NIGHTLY1');
    // An id the simulator does not know (gone since it was watched): absent from the batch answer.
    const gone = asPipelineId('0123456789abcdef0123456789abcdef');
    await rig.store.addWatch({
      teamId: 'T00000001',
      channelId: 'C0GONEPIP1',
      pipelineId: gone,
      filter: 'all',
      createdBy: null,
      now: new Date(T0),
      nextPollAt: new Date(T0),
    });
    expect(await rig.tick(10)).toMatchObject({ statusCalls: 1, digestHits: 0, backendReads: 2, backendErrors: 1 });
    expect(rig.detailReads(gone)).toBe(1);
    // 30 s later (its back-off) both are due: nightly-build is handed its read, the gone one is asked again.
    expect(await rig.tick(40)).toMatchObject({ claimed: 2, statusCalls: 1, digestHits: 1, backendReads: 1 });
    expect(rig.detailReads(gone)).toBe(2);
  });
});

describe('ContainerOps watches (no batch status call)', () => {
  it('read every due pipeline with getRun, as before', async () => {
    const store = await createStore('sqlite::memory:');
    const h = await startHarness(store);
    try {
      h.setPipeline(1003, threeStage(1003, RUN_START, 'building'));
      await h.service().watch({ teamId: TEAM, channelId: 'C0SWRWATC1', pipelineId: pid(1003), userId: 'U0USER001' });
      const poller = h.servicePoller();
      for (const s of [15, 30, 45]) {
        expect(await poller.tick(swrAt(s))).toMatchObject({
          claimed: 1,
          backendReads: 1,
          statusCalls: 0,
          statusErrors: 0,
          digestHits: 0,
        });
      }
    } finally {
      await h.close();
      await store.close();
    }
  });
});
