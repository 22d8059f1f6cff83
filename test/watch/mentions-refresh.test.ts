/** How often the poller reads the reviewer mentions (linked accounts, a database query): not on idle ticks. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/store-error.js';
import { createLogger } from '../../src/log.js';
import type { WatchStore } from '../../src/store/types.js';
import { at, type Harness, RUN_START, type SqliteHarness, startSqliteHarness, T0, TEAM } from './harness.js';
import { threeStage } from './raw-pipeline.js';

const ID = 1003;

let rig: SqliteHarness;
let store: WatchStore;
let h: Harness;

beforeEach(async () => {
  rig = await startSqliteHarness();
  ({ h, store } = rig);
  h.setPipeline(ID, threeStage(ID, RUN_START, 'building'));
});
afterEach(() => rig.close());

/** A `currentMentions` that counts its reads and fails with `failure` when one is set. */
function countedMentions() {
  const state = { reads: 0, failure: null as Error | null };
  const read = async (): Promise<Record<string, string>> => {
    state.reads += 1;
    if (state.failure) throw state.failure;
    return { bob: 'U0BOB0001' };
  };
  return { state, read };
}

/** A watch on ID, due at T0. */
const addDueWatch = () =>
  store.addWatch({
    teamId: TEAM,
    channelId: 'C0WATCH01',
    pipelineId: String(ID),
    filter: 'changes',
    createdBy: 'U0USER001',
    now: T0,
    nextPollAt: T0,
  });

describe('reviewer mentions', () => {
  it('an idle poller reads no mentions, however many ticks', async () => {
    const mentions = countedMentions();
    const poller = h.poller({ currentMentions: mentions.read });
    for (let i = 0; i < 10; i += 1) await poller.tick(at(i * 2));
    expect(mentions.state.reads).toBe(0);
  });

  it('reads them for due watches at most every 30 s, and always for a person’s runNow', async () => {
    const mentions = countedMentions();
    const poller = h.poller({ currentMentions: mentions.read });
    const { watch } = await addDueWatch();
    expect((await poller.tick(at(0))).claimed).toBe(1);
    expect(mentions.state.reads).toBe(1);
    expect((await poller.tick(at(15))).claimed).toBe(1);
    expect(mentions.state.reads).toBe(1);
    expect((await poller.tick(at(30))).claimed).toBe(1);
    expect(mentions.state.reads).toBe(2);
    await poller.runNow(watch.id, { now: at(31) });
    expect(mentions.state.reads).toBe(3);
  });

  it('stays quiet while the database is unavailable, and warns about any other failure', async () => {
    const mentions = countedMentions();
    const logs: { level: string; msg: string }[] = [];
    const logger = createLogger({ write: (line) => logs.push(JSON.parse(line)) });
    const poller = h.poller({ currentMentions: mentions.read, logger });
    const { watch } = await addDueWatch();
    mentions.state.failure = new StoreUnavailableError('PostgreSQL at db:5432 is unavailable');
    await poller.tick(at(0));
    await poller.runNow(watch.id, { now: at(1) });
    expect(mentions.state.reads).toBe(2);
    expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
    mentions.state.failure = new TypeError('broken');
    await poller.runNow(watch.id, { now: at(2) });
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual(['reviewer mentions not refreshed']);
  });
});
