/**
 * A stage retried within one run, watched end to end (poller, store, fake Slack): the retry's milestones have keys
 * of their own, so the store does not take them for milestones already sent and the thread tells the retry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pid } from '../helpers/pipeline-id.js';
import { at, type Harness, RUN_START, type SqliteHarness, startSqliteHarness, TEAM, texts } from './harness.js';
import { RETRY_POINTS, threeStageRetried } from './raw-pipeline.js';

const ID = 1003;
const CHANNEL = 'C0RETRY01';

let rig: SqliteHarness;
let h: Harness;

beforeEach(async () => {
  rig = await startSqliteHarness();
  h = rig.h;
});
afterEach(() => rig.close());

describe('a stage retried within one run', () => {
  it('is told again in the card’s thread: the retried build and the review asked again', async () => {
    h.setPipeline(ID, threeStageRetried(ID, RUN_START, 'building'));
    await h.service().watch({ teamId: TEAM, channelId: CHANNEL, pipelineId: pid(ID), userId: 'U0USER001' });
    const poller = h.poller();
    // Far apart: every tick finds the watch due, whatever the pipeline's state.
    for (const [i, point] of RETRY_POINTS.slice(1).entries()) {
      h.setPipeline(ID, threeStageRetried(ID, RUN_START, point));
      await poller.tick(at(600 * (i + 1)));
    }
    expect(h.cardPosts()).toHaveLength(1);
    expect(texts(h.threadPosts())).toEqual([
      '❌ *Build* stage error in 1 min',
      '🔄 *Build* started',
      '✅ *Build* succeeded in 1 min 30 s',
      '✋ *Approve &lt;prod&gt;* is waiting for review by *alice*, *bob*',
      '❌ Review *Approve &lt;prod&gt;* of *build-api-1003* (#1003) was refused by bob',
      '✋ *Approve &lt;prod&gt;* is waiting for review by *alice*, *bob*',
      '👍 *alice* approved *Approve &lt;prod&gt;* · still waiting on *bob*',
      '✅ Review *Approve &lt;prod&gt;* passed (approved by alice, bob)',
      '🔄 *Deploy &amp; verify* started',
    ]);
    // Seen again (a restart, a replica): nothing more to tell.
    await poller.tick(at(600 * RETRY_POINTS.length));
    expect(h.threadPosts()).toHaveLength(9);
  });
});
