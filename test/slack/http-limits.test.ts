/**
 * Slow and huge unauthenticated requests against the real bot (Bolt's HTTP receiver behind the guard), on raw
 * sockets: headers that never end and a body that stalls are cut at the server's limits (shortened here through
 * `httpLimits`); a body over the limit gets 413 before it is read, whether its length is declared or chunked.
 * The bot keeps answering Slack meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket, replyWhenClosed, sendHalfway } from '../helpers/raw-http.js';
import { commandForm } from '../helpers/slack-request.js';
import { type Harness, startHarness } from './bot-harness.js';

const TEN_MB = 10 * 1024 * 1024;

describe('slow or huge requests from anyone', () => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    h = await startHarness({}, { httpLimits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } });
    port = Number(new URL(h.baseUrl).port);
  });
  afterAll(async () => {
    await h.close();
  });

  it('headers never finished (slowloris): the connection is cut with 408, and Slack is still answered', async () => {
    const socket = await openSocket(port);
    const reply = replyWhenClosed(socket);
    socket.write('POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slack-Signature: v0=');
    // One more header byte now and then, never the blank line that ends them.
    const drip = setInterval(() => socket.writable && socket.write('0'), 100);
    try {
      expect((await reply).status).toBe(408);
    } finally {
      clearInterval(drip);
    }
    expect((await h.slack.command({ text: 'help' })).status).toBe(200);
  });

  it('a body that stops halfway: cut with 408 at the request limit', async () => {
    const { reply } = await sendHalfway(port, 100, 50);
    expect((await reply).status).toBe(408);
  });

  it('a declared 10 MB body: 413 before a byte of it is sent, and the connection closed', async () => {
    const socket = await openSocket(port);
    const reply = replyWhenClosed(socket);
    const mark = h.logs.length;
    socket.write(
      `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${TEN_MB}\r\n\r\n`,
    );
    expect((await reply).status).toBe(413);
    const refusal = h.logs.slice(mark).find((l) => l.msg === 'refused a Slack request');
    expect(refusal).toMatchObject({ reason: `body over ${1024 * 1024} bytes`, contentLength: TEN_MB });
  });

  it('a chunked 10 MB body (no length): 413 once the limit is passed; the rest is never sent', async () => {
    const socket = await openSocket(port);
    const reply = replyWhenClosed(socket);
    let answered = false;
    void reply.then(() => {
      answered = true;
    });
    socket.on('error', () => undefined);
    socket.write(
      'POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = 'x'.repeat(64 * 1024);
    let sent = 0;
    while (sent < TEN_MB && !answered && !socket.destroyed) {
      if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      sent += chunk.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await reply).status).toBe(413);
    expect(sent).toBeLessThan(TEN_MB);
  });

  it('a signed command with a 200 KB field, under the limit, is answered as usual', async () => {
    const body = `${commandForm({ text: 'help', response_url: h.fake.responseUrl() })}&padding=${'p'.repeat(200_000)}`;
    expect((await h.slack.send(body)).status).toBe(200);
  });
});
