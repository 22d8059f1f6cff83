/** `watch` / `unwatch` / `list` and the Watch buttons, through Bolt's real HTTP receiver to the watch service. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_REFRESH, ACTION_UNWATCH, ACTION_WATCH } from '../../src/render/action-ids.js';
import { blockActionsPayload } from '../helpers/slack-request.js';
import { type Harness, startHarness, textOf } from './bot-harness.js';

const pathOf = (url: string): string => new URL(url).pathname;

async function command(h: Harness, text: string) {
  const responseUrl = h.fake.responseUrl();
  const reply = await h.slack.command({ text, response_url: responseUrl });
  await h.fake.waitFor((calls) => calls.some((c) => c.path === pathOf(responseUrl)));
  return { reply, answer: h.fake.calls.find((c) => c.path === pathOf(responseUrl)) };
}

describe('with the watch service', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.fake.reset();
  });

  it('watch posts the live card in the channel and confirms privately; list shows it; unwatch stops it', async () => {
    const watched = await command(h, 'watch 29476 failures');
    expect(watched.reply.status).toBe(200);
    expect(watched.answer?.body.response_type).toBe('ephemeral');
    expect(textOf(watched.answer)).toMatch(/test4|29476/);
    expect(h.fake.callsOf('chat.postMessage').some((c) => c.body.channel === 'C00000001')).toBe(true);

    const listed = await command(h, 'list');
    expect(JSON.stringify(listed.answer?.body)).toContain('29476');

    const stopped = await command(h, 'unwatch 29476');
    expect(stopped.answer?.body.response_type).toBe('ephemeral');
    expect(textOf(stopped.answer)).toMatch(/29476|test4/);
  });

  it('the Watch button watches the card’s pipeline in its channel; Stop watching stops it', async () => {
    const responseUrl = h.fake.responseUrl();
    await h.slack.interaction(
      blockActionsPayload({
        actionId: ACTION_WATCH,
        value: '29503',
        responseUrl,
        ephemeral: true,
        channelId: 'C0WATCH01',
      }),
    );
    await h.fake.waitFor((calls) => calls.some((c) => c.path === pathOf(responseUrl)));
    expect(h.fake.callsOf('chat.postMessage').some((c) => c.body.channel === 'C0WATCH01')).toBe(true);

    const stopUrl = h.fake.responseUrl();
    await h.slack.interaction(
      blockActionsPayload({
        actionId: ACTION_UNWATCH,
        value: '29503',
        responseUrl: stopUrl,
        ephemeral: false,
        channelId: 'C0WATCH01',
      }),
    );
    await h.fake.waitFor((calls) => calls.some((c) => c.path === pathOf(stopUrl)));
    expect(h.fake.calls.find((c) => c.path === pathOf(stopUrl))?.body.response_type).toBe('ephemeral');
  });

  it('a watch that fails on SWR offers no Try again button (it would show a card, not retry the watch)', async () => {
    h.sim.control.setFault(29502, { status: 500 });
    try {
      const { answer } = await command(h, 'watch 29502 failures');
      expect(textOf(answer)).toMatch(/internal error while reading pipeline 29502\. Try again/);
      expect(JSON.stringify(answer?.body.blocks)).not.toContain(ACTION_REFRESH);
    } finally {
      h.sim.control.reset();
    }
  });

  it('watching an unknown pipeline names the id and what to do', async () => {
    const { answer } = await command(h, 'watch 99999');
    expect(textOf(answer)).toMatch(/99999.? was not found/);
  });
});

describe('without the watch service (the seam left open)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { openWatchFeature: async () => null });
  });
  afterAll(async () => {
    await h.close();
  });

  it('watch says watching is not available, instead of failing', async () => {
    const { answer } = await command(h, 'watch 29476');
    expect(textOf(answer)).toMatch(/not available/);
  });
});

describe('when SWR is slow', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { waitingAfterMs: 200 });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.fake.reset();
    h.sim.control.reset();
  });

  it('`watch <id>` first says SWR is slow (a note that stays true), then the confirmation follows it', async () => {
    h.sim.control.setFault(29503, { latencyMs: 1_000 });
    const responseUrl = h.fake.responseUrl();
    const answers = () => h.fake.calls.filter((c) => c.path === pathOf(responseUrl));
    await h.slack.command({ text: 'watch 29503', response_url: responseUrl, channel_id: 'C0SLOW001' });
    await h.fake.waitFor(() => answers().length >= 1, 900);
    expect(textOf(answers()[0])).toBe('⏳ SWR is slow to answer about pipeline 29503; the answer follows here.');
    await h.fake.waitFor(() => answers().length >= 2, 5_000);
    const confirmation = answers()[1];
    expect(confirmation?.body.response_type).toBe('ephemeral');
    expect(confirmation?.body.replace_original).toBeUndefined();
    expect(textOf(confirmation)).toMatch(/demo-2048/);
  });

  it('the Watch button sends no notice: its response_url would replace the clicked card', async () => {
    h.sim.control.setFault(29502, { latencyMs: 600 });
    const responseUrl = h.fake.responseUrl();
    await h.slack.interaction(
      blockActionsPayload({
        actionId: ACTION_WATCH,
        value: '29502',
        responseUrl,
        ephemeral: true,
        channelId: 'C0SLOW002',
      }),
    );
    await h.fake.waitFor((calls) => calls.some((c) => c.path === pathOf(responseUrl)), 5_000);
    const answers = h.fake.calls.filter((c) => c.path === pathOf(responseUrl));
    expect(answers).toHaveLength(1);
    expect(answers[0]?.body.replace_original).toBe(false);
    expect(textOf(answers[0])).toMatch(/nightly-build/);
  });
});
