/**
 * One person flooding the backend: each person's lookups go through a token bucket (a burst, then a steady rate).
 * Past it, the person is told privately when to try again, the request log and the audit trail say `rate_limited`,
 * and the backend is not asked — through the real bot with commands and clicks, and the bucket itself on an
 * injected clock (refill, the wait it names, idle people forgotten, a hard cap on how many it keeps).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_REFRESH, SHORTCUT_FIND_PIPELINES } from '../../src/render/action-ids.js';
import { renderNotice } from '../../src/render/notice-message.js';
import { createLookupLimiter } from '../../src/slack/lookup-limit.js';
import { slackUser } from '../helpers/fake-slack.js';
import { blockActionsPayload, messageShortcutPayload } from '../helpers/slack-request.js';
import { type Harness, startHarness, textOf, waitForLog } from './bot-harness.js';

describe('the lookup bucket (injected clock)', () => {
  it('a burst of 10, then 3 a second: the 11th waits ⅓ s, and the wait it names is the refill time', () => {
    const clock = { ms: 0 };
    const limiter = createLookupLimiter({ perSecond: 3, burst: 10, clock: () => clock.ms });
    for (let i = 0; i < 10; i += 1) expect(limiter.take('U1'), `lookup ${i + 1}`).toBe(0);
    expect(limiter.take('U1')).toBe(334);
    // Someone else has their own bucket.
    expect(limiter.take('U2')).toBe(0);
    clock.ms = 334;
    expect(limiter.take('U1')).toBe(0);
    expect(limiter.take('U1')).toBeGreaterThan(0);
    // A steady 3 a second goes through.
    let refused = 0;
    for (let i = 1; i <= 30; i += 1) {
      clock.ms = 1_000 + i * 334;
      if (limiter.take('U1') > 0) refused += 1;
    }
    expect(refused).toBe(0);
  });

  it('a lookup given back can be taken again, never beyond the burst', () => {
    const clock = { ms: 0 };
    const limiter = createLookupLimiter({ perSecond: 0.1, burst: 2, clock: () => clock.ms });
    expect(limiter.take('U1')).toBe(0);
    expect(limiter.take('U1')).toBe(0);
    expect(limiter.take('U1')).toBeGreaterThan(0);
    limiter.giveBack('U1');
    expect(limiter.take('U1')).toBe(0);
    expect(limiter.take('U1')).toBeGreaterThan(0);
    for (let i = 0; i < 5; i += 1) limiter.giveBack('U1');
    expect(limiter.take('U1')).toBe(0);
    expect(limiter.take('U1')).toBe(0);
    expect(limiter.take('U1')).toBeGreaterThan(0);
  });

  it('forgets people whose bucket has refilled, and never keeps more than maxUsers', () => {
    const clock = { ms: 0 };
    const limiter = createLookupLimiter({ perSecond: 1, burst: 2, maxUsers: 100, clock: () => clock.ms });
    for (let i = 0; i < 1_000; i += 1) limiter.take(`U${i}`);
    expect(limiter.size()).toBe(100);
    // The most recent are the ones kept; a flood of new ids cannot push a limited person's debt out for long.
    clock.ms = 20_000;
    limiter.take('U_new');
    expect(limiter.size()).toBe(1);
  });

  it('says when to try again, in English and in Chinese', () => {
    expect(renderNotice({ kind: 'rate_limited', retryAfterSeconds: 2 }, 'en').text).toBe(
      '⏳ You’re going fast — try again in 2 s.',
    );
    expect(renderNotice({ kind: 'rate_limited', retryAfterSeconds: 2 }, 'zh-CN').text).toBe(
      '⏳ 操作太快了——请 2 秒后再试。',
    );
  });
});

describe('a person past their lookups, through the real bot (burst 2, one every 2 s)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ USER_LOOKUPS_PER_SECOND: '0.5', USER_LOOKUP_BURST: '2', SWR_CACHE_MS: '0' });
    for (const id of ['U0FLOOD01', 'U0CLICK01', 'U0OTHER01', 'U0SHORT01']) h.fake.addUser(slackUser('member', id));
  });
  afterAll(async () => {
    await h.close();
  });
  /** The request log lines written since `mark`. */
  const requests = (mark: number) => h.logs.slice(mark).filter((l) => l.msg === 'slack request');

  it('the third /pipeline 29476 is answered “try again in 2 s”, logged rate_limited, and SWR is asked twice', async () => {
    const before = h.sim.control.getCount(29476);
    const mark = h.logs.length;
    const urls = [h.fake.responseUrl(), h.fake.responseUrl(), h.fake.responseUrl()];
    // One after another (each answered first): concurrent reads of one pipeline share one SWR request.
    for (const [i, url] of urls.entries()) {
      expect((await h.slack.command({ text: '29476', user_id: 'U0FLOOD01', response_url: url })).status).toBe(200);
      await waitForLog(h, () => requests(mark).length === i + 1, 10_000, mark);
    }
    const answers = urls.map((url) => textOf(h.fake.calls.find((c) => c.path === new URL(url).pathname)));
    expect(answers.filter((t) => t === '⏳ You’re going fast — try again in 2 s.')).toHaveLength(1);
    expect(h.sim.control.getCount(29476) - before).toBe(2);
    const outcomes = requests(mark).map((l) => l.outcome);
    expect(outcomes.filter((o) => o === 'rate_limited')).toHaveLength(1);
    const audit = h.logs.slice(mark).filter((l) => l.msg === 'audit' && l.outcome === 'rate_limited');
    expect(audit).toEqual([expect.objectContaining({ action: 'refused', user: 'U0FLOOD01', asked: 'lookup' })]);
  });

  it('clicks count too: Refresh past the limit fetches nothing; another person is not slowed; help costs nothing', async () => {
    const before = h.sim.control.getCount(29502);
    const mark = h.logs.length;
    const click = (userId: string) =>
      h.slack.interaction(
        blockActionsPayload({
          actionId: ACTION_REFRESH,
          value: '29502',
          responseUrl: h.fake.responseUrl(),
          ephemeral: true,
          userId,
        }),
      );
    const help = () => h.slack.command({ text: 'help', user_id: 'U0CLICK01' });
    const sent = [
      () => click('U0CLICK01'),
      () => click('U0CLICK01'),
      () => click('U0CLICK01'),
      () => click('U0OTHER01'),
    ];
    for (const [i, send] of [...sent, help, help, help].entries()) {
      expect((await send()).status).toBe(200);
      await waitForLog(h, () => requests(mark).length === i + 1, 10_000, mark);
    }
    const lines = requests(mark);
    expect(lines.filter((l) => l.outcome === 'rate_limited')).toHaveLength(1);
    expect(lines.filter((l) => l.outcome === 'help')).toHaveLength(3);
    expect(h.sim.control.getCount(29502) - before).toBe(3);
  });

  it('the shortcut counts once it found ids: a message without one costs nothing', async () => {
    const before = h.sim.control.getCount(29503);
    const mark = h.logs.length;
    const find = (text: string) =>
      h.slack.interaction(
        messageShortcutPayload({
          callbackId: SHORTCUT_FIND_PIPELINES,
          responseUrl: h.fake.responseUrl(),
          message: { ts: '1700000000.000100', text },
          userId: 'U0SHORT01',
        }),
      );
    const texts = [
      'nothing here',
      'nothing here',
      'nothing here',
      'pipeline 29503',
      'pipeline 29503',
      'pipeline 29503',
    ];
    for (const [i, text] of texts.entries()) {
      expect((await find(text)).status).toBe(200);
      await waitForLog(h, () => requests(mark).length === i + 1, 10_000, mark);
    }
    expect(requests(mark).map((l) => l.outcome)).toEqual([
      'nothing_found',
      'nothing_found',
      'nothing_found',
      'ok',
      'ok',
      'rate_limited',
    ]);
    expect(h.sim.control.getCount(29503) - before).toBe(2);
  });
});
