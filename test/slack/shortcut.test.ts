/** The "Find pipelines" message shortcut through Bolt's real HTTP receiver. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SHORTCUT_FIND_PIPELINES } from '../../src/render/action-ids.js';
import { messageShortcutPayload, type ShortcutOptions } from '../helpers/slack-request.js';
import { type Harness, startHarness, textOf, waitForLog } from './bot-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ SWR_CONSOLE_URL_TEMPLATE: 'https://console.example.com/swr/#/pipeline/{id}/detail' });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.fake.reset();
  h.sim.control.reset();
});

async function shortcut(message: ShortcutOptions['message']) {
  const responseUrl = h.fake.responseUrl();
  const mark = h.logs.length;
  const reply = await h.slack.interaction(
    messageShortcutPayload({ callbackId: SHORTCUT_FIND_PIPELINES, responseUrl, message }),
  );
  /** Waits for the request's line, written when its listener finished: every answer it gives was given by then. */
  const finished = () => waitForLog(h, (l) => l.msg === 'slack request' && l.kind === 'shortcut', undefined, mark);
  return { reply, path: new URL(responseUrl).pathname, finished };
}

describe('Find pipelines', () => {
  it('answers in the message’s thread with the card', async () => {
    const { reply } = await shortcut({ ts: '1700000100.000100', text: 'deploy broke again, see pipeline 29476' });
    expect(reply.status).toBe(200);
    await h.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    const post = h.fake.callsOf('chat.postMessage')[0];
    expect(post?.body).toMatchObject({ channel: 'C00000001', thread_ts: '1700000100.000100' });
    expect(textOf(post)).toContain('test4');
  });

  it('replies in the existing thread, reads blocks and attachments, and shows at most 3 cards', async () => {
    await shortcut({
      ts: '1700000200.000200',
      thread_ts: '1700000199.000199',
      blocks: [
        {
          type: 'rich_text',
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                { type: 'text', text: 'ids: #29501 and ' },
                { type: 'link', url: 'https://console.example.com/swr/#/pipeline/29502/detail' },
              ],
            },
          ],
        },
      ],
      attachments: [{ text: 'pipelineId=29503', fallback: 'see id 29504' }],
    });
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length >= 3);
    await h.fake.waitFor((calls) => calls.some((c) => c.method === 'response_url'));
    const posts = h.fake.callsOf('chat.postMessage');
    expect(posts).toHaveLength(3);
    expect(posts.every((p) => p.body.thread_ts === '1700000199.000199')).toBe(true);
    expect(posts.map(textOf).join(' ')).toMatch(/payment-release.*nightly-build.*demo-2048/s);
    expect(textOf(h.fake.callsOf('response_url')[0])).toMatch(/mentions 4 pipelines; I showed the first 3/);
  });

  it('nothing found → a private note saying what it looked for (a bare year is not an id)', async () => {
    const { path, finished } = await shortcut({
      ts: '1700000300.000300',
      text: 'happy 2024 everyone, build 42 is green',
    });
    await finished();
    const told = h.fake.calls.filter((c) => c.path === path);
    expect(told).toHaveLength(1);
    expect(told[0]?.body.response_type).toBe('ephemeral');
    expect(textOf(told[0])).toMatch(/found no pipeline id.*pipeline 29476.*#29476/);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('cannot post in the channel → says so with the card under it, privately, in one message', async () => {
    h.fake.on('chat.postMessage', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    const { path, finished } = await shortcut({ ts: '1700000400.000400', text: 'pipeline 29476' });
    await finished();
    const answers = h.fake.calls.filter((c) => c.path === path);
    expect(answers).toHaveLength(1);
    expect(textOf(answers[0])).toMatch(/can’t post in this conversation/);
    expect(textOf(answers[0])).toContain('test4');
    expect(answers[0]?.body.response_type).toBe('ephemeral');
  });

  it('an unknown id → a private, worded error; no thread post', async () => {
    const { path, finished } = await shortcut({ ts: '1700000500.000500', text: 'what about pipeline 99999?' });
    await finished();
    const told = h.fake.calls.filter((c) => c.path === path);
    expect(told).toHaveLength(1);
    expect(textOf(told[0])).toMatch(/99999.? was not found/);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
  });
});
