/**
 * Watching a CodeArts pipeline, wired as in production on loopback: the CodeArts client against its simulator (a
 * clock the test moves), the poller and the watch service, a SQLite store, the fake Slack. A run has an id and a
 * number: the card follows its run to the end, and the next run gets a card of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeArtsSimulator, startCodeArtsSimulator } from '../../src/backends/codearts/simulator/server.js';
import { asPipelineId } from '../../src/domain/pipeline-id.js';
import { createSlackWebApi } from '../../src/slack-api/web-api.js';
import { createStore } from '../../src/store/index.js';
import type { WatchStore } from '../../src/store/types.js';
import { createPoller, type Poller } from '../../src/watch/poller.js';
import { createWatchService } from '../../src/watch/watch-service.js';
import { simulatorClient } from '../backends/codearts/helpers.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { registerSecret } from '../helpers/secret-audit.js';

const T0 = Date.UTC(2024, 2, 1, 8, 0, 0);
const WEB_PORTAL = asPipelineId('c87ae95a4b96141590b1cc0707da4e77');
const BOT_TOKEN = 'xoxb-test-codearts-watch';
registerSecret('SLACK_BOT_TOKEN (codearts watch)', BOT_TOKEN);

let now = T0;
let sim: CodeArtsSimulator;
let fake: FakeSlack;
let store: WatchStore;
let poller: Poller;

beforeAll(async () => {
  sim = await startCodeArtsSimulator({ port: 0, now: () => now });
  registerSecret('CodeArts token (codearts watch)', sim.token);
  fake = await startFakeSlack();
  store = await createStore('sqlite::memory:');
  const backend = simulatorClient(sim, () => now);
  const slack = createSlackWebApi(BOT_TOKEN, { slackApiUrl: fake.apiUrl });
  poller = createPoller({
    store,
    backend,
    slack,
    intervalSeconds: 15,
    reviewReminderMinutes: 60,
    clock: { now: () => 0 },
  });
  const service = createWatchService({ store, backend, poller, now: () => new Date(now) });
  await service.watch({
    teamId: 'T00000001',
    channelId: 'C0CODEART1',
    pipelineId: WEB_PORTAL,
    filter: 'all',
    userId: 'U00000001',
  });
});
afterAll(async () => {
  await fake.close();
  await store.close();
  await sim.close();
});

const cards = () => fake.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === undefined);
const thread = () => fake.callsOf('chat.postMessage').filter((c) => c.body.thread_ts !== undefined);

describe('a watched CodeArts pipeline', () => {
  it('gets one card for its run, edited to the end, then a new card for the next run', async () => {
    expect(cards()).toHaveLength(1);
    expect(String(cards()[0]?.body.text)).toContain('web-portal-ci');
    const firstCard = String(JSON.stringify(cards()[0]?.body.blocks));
    expect(firstCard).toContain('#1');
    expect(firstCard).toContain('Open in CodeArts');

    // The run ends (≈ 172 s after the simulator's start) and the card says so; the thread gets the result.
    now = T0 + 200_000;
    await poller.tick(new Date(now));
    const edits = fake.callsOf('chat.update');
    expect(String(edits.at(-1)?.body.text)).toMatch(/web-portal-ci.*succeeded/);
    expect(thread().some((c) => /succeeded/.test(String(c.body.text)))).toBe(true);

    // The next run starts after the idle time: a card of its own, run #2, while the first card stays as it ended.
    now = T0 + 320_000;
    await poller.tick(new Date(now + 120_000));
    expect(cards()).toHaveLength(2);
    expect(JSON.stringify(cards()[1]?.body.blocks)).toContain('#2');
  });
});
