import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackCallError, type SlackFailure } from '../../src/slack-api/errors.js';
import { createSlackWebApi } from '../../src/slack-api/web-api.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const message = { channel: 'C1', text: 'hello' };

async function failureOf(call: Promise<unknown>): Promise<SlackFailure> {
  try {
    await call;
  } catch (error) {
    if (error instanceof SlackCallError) return error.failure;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('the Web API client', () => {
  it('posts JSON with the bot token and returns the message ts', async () => {
    const slack = createSlackWebApi('xoxb-watch-token', { slackApiUrl: fake.apiUrl });
    const posted = await slack.postMessage({ ...message, thread_ts: '1.1', reply_broadcast: true });
    const [call] = fake.callsOf('chat.postMessage');
    expect(posted).toEqual({ ts: '1700000000.000001', channel: 'C1' });
    expect(call?.headers.authorization).toBe('Bearer xoxb-watch-token');
    expect(call?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(call?.body).toMatchObject({ channel: 'C1', text: 'hello', thread_ts: '1.1', reply_broadcast: true });
    await slack.update({ channel: 'C1', ts: posted.ts, text: 'edited', blocks: [] });
    expect(fake.callsOf('chat.update')[0]?.body).toMatchObject({ ts: posted.ts, text: 'edited' });
  });

  it('classifies every failure once, with no retry', async () => {
    const slack = createSlackWebApi('xoxb-t', { slackApiUrl: fake.apiUrl, timeoutMs: 300 });
    fake.on('chat.postMessage', () => ({ status: 429, headers: { 'retry-after': '7' }, body: { ok: false } }));
    expect(await failureOf(slack.postMessage(message))).toEqual({ kind: 'rate_limited', retryAfterMs: 7000 });
    fake.on('chat.postMessage', () => ({ body: { ok: false, error: 'channel_not_found' } }));
    expect(await failureOf(slack.postMessage(message))).toEqual({ kind: 'channel_gone', reason: 'channel_not_found' });
    fake.on('chat.postMessage', () => ({ body: { ok: false, error: 'invalid_blocks' } }));
    expect(await failureOf(slack.postMessage(message))).toEqual({ kind: 'blocks_refused', reason: 'invalid_blocks' });
    fake.on('chat.postMessage', () => ({ status: 503, body: '<html>down</html>' }));
    expect(await failureOf(slack.postMessage(message))).toEqual({ kind: 'ambiguous', reason: 'http_503' });
    fake.on('chat.postMessage', () => ({ hang: true }));
    expect(await failureOf(slack.postMessage(message))).toEqual({ kind: 'ambiguous', reason: 'timeout' });
    fake.on('chat.update', () => ({ body: { ok: false, error: 'message_not_found' } }));
    expect(await failureOf(slack.update({ ...message, ts: '1.2', blocks: [] }))).toEqual({
      kind: 'message_gone',
      reason: 'message_not_found',
    });
    expect(fake.callsOf('chat.postMessage')).toHaveLength(5);
  });

  it('says a refused connection certainly posted nothing', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const slack = createSlackWebApi('xoxb-t', { slackApiUrl: `http://127.0.0.1:${port}/api/` });
    expect(await failureOf(slack.postMessage(message))).toEqual({ kind: 'unreachable', reason: 'ECONNREFUSED' });
  });

  it('tells an answer cut off or stalled halfway as ambiguous, never as an answer or a hang', async () => {
    // Headers and half a body, then the connection drops (`cut`) or nothing more comes (`stall`).
    const server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"ok":true,"ts":"1.');
      if (request.url?.endsWith('cut')) setTimeout(() => response.socket?.destroy(), 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const slack = createSlackWebApi('xoxb-t', { slackApiUrl: `http://127.0.0.1:${port}/api/`, timeoutMs: 300 });
      // Told at once, not after the timeout.
      expect(await failureOf(slack.call('chat.cut', {}))).toEqual({ kind: 'ambiguous', reason: 'Error' });
      expect(await failureOf(slack.call('chat.stall', {}))).toEqual({ kind: 'ambiguous', reason: 'timeout' });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
