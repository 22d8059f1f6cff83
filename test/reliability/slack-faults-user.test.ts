/**
 * Slack failing while the bot answers a person: `chat.update` for Refresh on a posted card, `chat.postMessage` for
 * the message shortcut's thread card, and the `response_url` that carries `/pipeline <id>`'s private card. The real
 * bot (Bolt's HTTP receiver and WebClient, signed requests) against the fake Slack. Each case ends with the update
 * delivered, or the person told, and no unhandled rejection.

 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_REFRESH, SHORTCUT_FIND_PIPELINES } from '../../src/render/action-ids.js';
import type { ScriptedReply, SlackCall } from '../helpers/fake-slack.js';
import { blockActionsPayload, messageShortcutPayload } from '../helpers/slack-request.js';
import { type Harness, startHarness, textOf } from '../slack/bot-harness.js';
import { collectProcessErrors, type ProcessErrors } from './process-errors.js';

const ID = '29503';
const SLACK_REFUSED =
  '⚠️ Slack refused the message. Try again in a moment; if it keeps failing, tell whoever runs the bot.';

let h: Harness;
let collector: ProcessErrors;
beforeAll(async () => {
  collector = collectProcessErrors();
  h = await startHarness({ SWR_CACHE_MS: '0' }, { shutdownGraceMs: 1_000 });
});
afterAll(async () => {
  await h.close();
  collector.stop();
});
afterEach(() => {
  h.fake.reset();
  h.sim.control.reset();
  expect(collector.errors).toEqual([]);
});

const RATE_LIMITED: ScriptedReply = {
  status: 429,
  headers: { 'retry-after': '1' },
  body: { ok: false, error: 'ratelimited' },
};
const HTTP_500: ScriptedReply = { status: 500, body: { ok: false } };
const INVALID_BLOCKS: ScriptedReply = { body: { ok: false, error: 'invalid_blocks' } };

/** Fails the first call of `method` with `reply`; later ones get Slack's normal answer. */
function failFirst(method: string, reply: ScriptedReply): void {
  h.fake.on(method, (_call, n) => (n === 1 ? reply : undefined));
}

const pathOf = (url: string) => new URL(url).pathname;

/** Waits for a log line matching `predicate` written after `mark` (an index into `h.logs`). */
async function logAfter(mark: number, predicate: (line: Record<string, unknown>) => boolean) {
  for (let i = 0; i < 500; i += 1) {
    const line = h.logs.slice(mark).find(predicate);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no matching log line');
}

/** The request log's line for the request sent after `mark`: written when its listener has finished. */
const requestDone = (mark: number, kind: string) => logAfter(mark, (l) => l.msg === 'slack request' && l.kind === kind);

async function refreshPostedCard(): Promise<string> {
  // The card the click is on, as Slack holds it.
  h.fake.seedMessage({ channel: 'C0CARDS01', ts: '1700000300.000300', text: 'card' });
  const responseUrl = h.fake.responseUrl();
  const reply = await h.slack.interaction(
    blockActionsPayload({
      actionId: ACTION_REFRESH,
      value: ID,
      responseUrl,
      ephemeral: false,
      channelId: 'C0CARDS01',
      messageTs: '1700000300.000300',
    }),
  );
  expect(reply.status).toBe(200);
  return pathOf(responseUrl);
}

async function shortcut(): Promise<string> {
  const responseUrl = h.fake.responseUrl();
  const reply = await h.slack.interaction(
    messageShortcutPayload({
      callbackId: SHORTCUT_FIND_PIPELINES,
      responseUrl,
      message: { ts: '1700000400.000400', text: `see pipeline ${ID}` },
    }),
  );
  expect(reply.status).toBe(200);
  return pathOf(responseUrl);
}

const privately = (path: string) => h.fake.calls.filter((c: SlackCall) => c.path === path);

describe('Refresh on a posted card: chat.update fails', () => {
  it.each([
    ['429 with Retry-After 1', RATE_LIMITED],
    ['HTTP 500', HTTP_500],
  ] as const)('%s once: the card is updated on the retry, the clicker is not bothered', async (_name, reply) => {
    failFirst('chat.update', reply);
    const mark = h.logs.length;
    const path = await refreshPostedCard();
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'chat.update').length >= 2);
    const [refused, accepted] = h.fake.callsOf('chat.update');
    expect(accepted?.body).toMatchObject({ channel: 'C0CARDS01', ts: '1700000300.000300' });
    expect(textOf(accepted)).toBe(textOf(refused));
    expect(textOf(accepted)).toContain('demo-2048');
    expect((await requestDone(mark, 'action')).outcome).toBe('ok');
    expect(h.fake.callsOf('chat.update')).toHaveLength(2);
    expect(privately(path)).toHaveLength(0);
  });

  it('invalid_blocks: the card stays, the clicker is told privately, in one sentence', async () => {
    h.fake.on('chat.update', () => INVALID_BLOCKS);
    const mark = h.logs.length;
    const path = await refreshPostedCard();
    await h.fake.waitFor(() => privately(path).length >= 1);
    const [told] = privately(path);
    expect(told?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(told)).toBe(SLACK_REFUSED);
    expect(await requestDone(mark, 'action')).toMatchObject({ id: ACTION_REFRESH, outcome: 'slack_invalid_blocks' });
    expect(h.fake.callsOf('chat.update')).toHaveLength(1);
  });
});

describe('Find pipelines: chat.postMessage of the thread card fails', () => {
  it.each([
    ['429 with Retry-After 1', RATE_LIMITED],
    ['HTTP 500', HTTP_500],
  ] as const)('%s once: the card is posted in the thread on the retry', async (_name, reply) => {
    failFirst('chat.postMessage', reply);
    const mark = h.logs.length;
    const path = await shortcut();
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length >= 2);
    const posts = h.fake.callsOf('chat.postMessage');
    expect(posts.map((c) => c.body.thread_ts)).toEqual(['1700000400.000400', '1700000400.000400']);
    expect(textOf(posts[1])).toContain('demo-2048');
    expect((await requestDone(mark, 'shortcut')).outcome).toBe('ok');
    expect(privately(path)).toHaveLength(0);
  });

  it('invalid_blocks: the person is told privately, with the card under it in the same message', async () => {
    h.fake.on('chat.postMessage', () => INVALID_BLOCKS);
    const mark = h.logs.length;
    const path = await shortcut();
    await requestDone(mark, 'shortcut');
    const [told] = privately(path);
    expect(privately(path)).toHaveLength(1);
    expect(textOf(told).split('\n')[0]).toBe(SLACK_REFUSED);
    expect(textOf(told)).toContain('demo-2048');
    expect(told?.body.response_type).toBe('ephemeral');
  });
});

describe('Share and the shortcut: Slack refuses the card’s blocks once', () => {
  it('the card goes to the thread as its text alone, and nothing is said privately', async () => {
    failFirst('chat.postMessage', INVALID_BLOCKS);
    const mark = h.logs.length;
    const path = await shortcut();
    expect((await requestDone(mark, 'shortcut')).outcome).toBe('ok');
    const [refused, accepted] = h.fake.callsOf('chat.postMessage');
    expect(refused?.body.blocks).toBeDefined();
    // The same card, its text alone: no `blocks` key (`blocks: []` is documented for chat.update only).
    expect(accepted?.body).toMatchObject({ thread_ts: '1700000400.000400', text: textOf(refused) });
    expect(accepted?.body.blocks).toBeUndefined();
    expect(privately(path)).toHaveLength(0);
  });
});

describe('the response_url fails: /pipeline <id>, Refresh of a private card (tried once more: src/slack/private-answer.ts)', () => {
  /** Sends `/pipeline 29503`; resolves with what its response_url received once the listener has finished. */
  async function command(): Promise<SlackCall[]> {
    const responseUrl = h.fake.responseUrl();
    const mark = h.logs.length;
    const reply = await h.slack.command({ text: ID, response_url: responseUrl });
    expect(reply.status).toBe(200);
    await requestDone(mark, 'command');
    return privately(pathOf(responseUrl));
  }

  // Bolt's respond() makes one fetch and throws on any non-2xx: the listener ends in app.error, the card is lost.
  it('429 with Retry-After 1 once: the card still arrives after the wait', async () => {
    h.fake.on('response_url', (_call, n) => (n === 1 ? RATE_LIMITED : undefined));
    const answers = await command();
    expect(textOf(answers[1])).toContain('demo-2048');
  });

  it('HTTP 500 once: the card still arrives on a retry', async () => {
    h.fake.on('response_url', (_call, n) => (n === 1 ? HTTP_500 : undefined));
    const answers = await command();
    expect(textOf(answers[1])).toContain('demo-2048');
  });

  // Slack answers a response_url whose blocks it refuses with HTTP 400 and the body "invalid_blocks".
  it('invalid_blocks: the card still arrives, as text without the refused blocks', async () => {
    h.fake.on('response_url', (call) =>
      Array.isArray(call.body.blocks) && call.body.blocks.length > 0
        ? { status: 400, body: 'invalid_blocks' }
        : undefined,
    );
    const answers = await command();
    expect(textOf(answers[1])).toContain('demo-2048');
    expect(answers[1]?.body.blocks ?? []).toEqual([]);
  });

  it('Refresh on a private card, HTTP 500 once: the refreshed card still arrives on a retry', async () => {
    h.fake.on('response_url', (_call, n) => (n === 1 ? HTTP_500 : undefined));
    const responseUrl = h.fake.responseUrl();
    const mark = h.logs.length;
    await h.slack.interaction(
      blockActionsPayload({ actionId: ACTION_REFRESH, value: ID, responseUrl, ephemeral: true }),
    );
    await requestDone(mark, 'action');
    expect(textOf(privately(pathOf(responseUrl))[1])).toContain('demo-2048');
  });

  it('a response_url that keeps failing costs that one answer only: the bot keeps serving', async () => {
    const broken = h.fake.responseUrl();
    h.fake.on('response_url', (call) => (call.path === pathOf(broken) ? HTTP_500 : undefined));
    const mark = h.logs.length;
    await h.slack.command({ text: ID, response_url: broken });
    await requestDone(mark, 'command');
    const answers = await command();
    expect(textOf(answers.at(-1))).toContain('demo-2048');
  });
});
