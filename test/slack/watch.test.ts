/** `watch` / `unwatch` / `list` and the Watch buttons, through Bolt's real HTTP receiver to the watch service. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_UNWATCH, ACTION_WATCH } from '../../src/slack-ids.js';
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
