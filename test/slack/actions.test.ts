/** Card buttons through Bolt's real HTTP receiver: Refresh (private and posted), bursts, Share, errors. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_REFRESH, ACTION_SHARE, ACTION_UNWATCH, ACTION_WATCH } from '../../src/render/action-ids.js';
import { blockActionsPayload } from '../helpers/slack-request.js';
import { actionIdsOf, type Harness, startHarness, textOf, waitForLog } from './bot-harness.js';

let h: Harness;

beforeAll(async () => {
  // No reuse between tests: each click sees what the simulator serves now (the burst below has its own bot).
  h = await startHarness({ SWR_CACHE_MS: '0' });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.fake.reset();
  h.sim.control.reset();
});

const pathOf = (url: string): string => new URL(url).pathname;

/** Serves pipeline `id` under a new name, so a refreshed card visibly differs. */
function rename(id: number, name: string): void {
  const raw = h.sim.control.pipeline(id) as Record<string, unknown>;
  h.sim.control.setPipeline(id, { ...raw, name });
}

/** Waits until the request sent after `mark` (`h.logs.length` before sending) has finished: its listener is done. */
const finished = (mark: number) => waitForLog(h, (l) => l.msg === 'slack request', undefined, mark);

describe('Refresh', () => {
  it('on a private card: fetches again and replaces the card through the response_url, showing when', async () => {
    rename(29502, 'nightly-before');
    const first = h.fake.responseUrl();
    const firstMark = h.logs.length;
    await h.slack.interaction(
      blockActionsPayload({ actionId: ACTION_REFRESH, value: '29502', responseUrl: first, ephemeral: true }),
    );
    // Its line is written when its listener is done, after the answer: the next request's mark comes after it.
    await finished(firstMark);
    expect(textOf(h.fake.calls.find((c) => c.path === pathOf(first)))).toContain('nightly-before');
    expect(h.sim.control.getCount(29502)).toBe(1);

    rename(29502, 'nightly-after');
    const second = h.fake.responseUrl();
    const mark = h.logs.length;
    const reply = await h.slack.interaction(
      blockActionsPayload({ actionId: ACTION_REFRESH, value: '29502', responseUrl: second, ephemeral: true }),
    );
    expect(reply.status).toBe(200);
    await finished(mark);
    // Fetched again (SWR saw a second request), and the card replaced with what it says now.
    expect(h.sim.control.getCount(29502)).toBe(2);
    const replaced = h.fake.calls.filter((c) => c.path === pathOf(second));
    expect(replaced).toHaveLength(1);
    expect(replaced[0]?.body.replace_original).toBe(true);
    expect(textOf(replaced[0])).toContain('nightly-after');
    expect(JSON.stringify(replaced[0]?.body.blocks)).toMatch(/[Rr]efreshed/);
    expect(h.fake.callsOf('chat.update')).toHaveLength(0);
  });

  it('on a posted card: chat.update on the clicked message, keeping a watch card a watch card', async () => {
    rename(29504, 'orders-v2');
    const responseUrl = h.fake.responseUrl();
    const watchCardBlocks = [
      { type: 'actions', elements: [{ type: 'button', action_id: ACTION_UNWATCH, value: '29504' }] },
    ];
    // The watch card the bot posted earlier, which the click is on.
    h.fake.seedMessage({ channel: 'C0CHANNEL2', ts: '1700000000.123456', text: 'card', blocks: watchCardBlocks });
    const mark = h.logs.length;
    await h.slack.interaction(
      blockActionsPayload({
        actionId: ACTION_REFRESH,
        value: '29504',
        responseUrl,
        ephemeral: false,
        channelId: 'C0CHANNEL2',
        messageTs: '1700000000.123456',
        blocks: watchCardBlocks,
      }),
    );
    await finished(mark);
    const [update, ...more] = h.fake.callsOf('chat.update');
    expect(more).toEqual([]);
    expect(update?.body).toMatchObject({ channel: 'C0CHANNEL2', ts: '1700000000.123456' });
    expect(textOf(update)).toContain('orders-v2');
    expect(actionIdsOf(update)).toContain(ACTION_UNWATCH);
    expect(actionIdsOf(update)).not.toContain(ACTION_SHARE);
    expect(h.fake.messages('C0CHANNEL2').map((m) => m.text)).toEqual([textOf(update)]);
    // Nothing to tell the clicker: the card they look at changed.
    expect(h.fake.calls.filter((c) => c.path === pathOf(responseUrl))).toHaveLength(0);
  });

  it('a failed refresh keeps the card and tells the clicker privately', async () => {
    h.sim.control.setFault(29503, { status: 500 });
    const responseUrl = h.fake.responseUrl();
    const mark = h.logs.length;
    await h.slack.interaction(
      blockActionsPayload({ actionId: ACTION_REFRESH, value: '29503', responseUrl, ephemeral: false, blocks: [] }),
    );
    const line = await finished(mark);
    expect(line).toMatchObject({ kind: 'action', id: ACTION_REFRESH, pipelineId: '29503', outcome: 'api_upstream' });
    const told = h.fake.calls.filter((c) => c.path === pathOf(responseUrl));
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(told[0])).toMatch(/internal error.*29503.*Try again/);
    expect(h.fake.callsOf('chat.update')).toHaveLength(0);
  });

  it('chat.update refused → the clicker is told privately', async () => {
    h.fake.on('chat.update', () => ({ body: { ok: false, error: 'message_not_found' } }));
    const responseUrl = h.fake.responseUrl();
    const mark = h.logs.length;
    await h.slack.interaction(
      blockActionsPayload({ actionId: ACTION_REFRESH, value: '29476', responseUrl, ephemeral: false, blocks: [] }),
    );
    await finished(mark);
    expect(textOf(h.fake.calls.find((c) => c.path === pathOf(responseUrl)))).toMatch(/Slack refused the message/);
  });
});

describe('Share', () => {
  it('posts the channel card in the clicked card’s channel', async () => {
    const responseUrl = h.fake.responseUrl();
    await h.slack.interaction(
      blockActionsPayload({
        actionId: ACTION_SHARE,
        value: '29476',
        responseUrl,
        ephemeral: true,
        channelId: 'C0SHARE01',
      }),
    );
    await h.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    const post = h.fake.callsOf('chat.postMessage')[0];
    expect(post?.body.channel).toBe('C0SHARE01');
    expect(textOf(post)).toContain('test4');
    expect(actionIdsOf(post)).toEqual(expect.arrayContaining([ACTION_REFRESH, ACTION_WATCH]));
    expect(actionIdsOf(post)).not.toContain(ACTION_SHARE);
  });

  it('channel_not_found → says so privately', async () => {
    h.fake.on('chat.postMessage', () => ({ body: { ok: false, error: 'channel_not_found' } }));
    const responseUrl = h.fake.responseUrl();
    await h.slack.interaction(
      blockActionsPayload({ actionId: ACTION_SHARE, value: '29476', responseUrl, ephemeral: true }),
    );
    await h.fake.waitFor((calls) => calls.some((c) => c.path === pathOf(responseUrl)));
    const told = h.fake.calls.find((c) => c.path === pathOf(responseUrl));
    expect(told?.body.response_type).toBe('ephemeral');
    expect(textOf(told)).toMatch(/can’t post in this conversation/);
  });
});

describe('a burst of Refresh clicks', () => {
  // Its own bot with the 2 s cache of production: one SWR request in flight is shared, and a late click reuses it.
  let burst: Harness;
  beforeAll(async () => {
    burst = await startHarness({ SWR_CACHE_MS: '2000' });
  });
  afterAll(async () => {
    await burst.close();
  });

  it('on one pipeline makes one SWR request', async () => {
    burst.sim.control.setFault(29501, { latencyMs: 300 });
    const urls = Array.from({ length: 8 }, () => burst.fake.responseUrl());
    const replies = await Promise.all(
      urls.map((responseUrl) =>
        burst.slack.interaction(
          blockActionsPayload({ actionId: ACTION_REFRESH, value: '29501', responseUrl, ephemeral: true }),
        ),
      ),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    await burst.fake.waitFor((calls) => urls.every((u) => calls.some((c) => c.path === pathOf(u))));
    expect(burst.sim.control.getCount(29501)).toBe(1);
  });
});
