/** The early acknowledgement (src/slack/early-ack.ts) on a real `node:http` server, with a stand-in for Bolt. */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { acknowledgeEarly, isAcknowledgedEarly } from '../../src/slack/early-ack.js';
import { createWorkTracker } from '../../src/slack/work-tracker.js';

type Seen = { body: string; res: ServerResponse };

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

/** A server that buffers the body as the request guard does, then hands it to `acknowledgeEarly(bolt)`. */
async function serve(bolt: (req: IncomingMessage, res: ServerResponse) => void) {
  const tracker = createWorkTracker();
  const logs: string[] = [];
  const early = acknowledgeEarly(bolt, tracker, createLogger({ write: (line) => logs.push(line) }));
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    early(Object.assign(req, { rawBody: Buffer.concat(chunks) }), res);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const post = (body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ port, method: 'POST', path: '/slack/events' }, (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  return { tracker, post, logs };
}

describe('acknowledging before Bolt runs', () => {
  it('answers a slash command and a click with an empty 200 while Bolt has not answered yet', async () => {
    const seen: Seen[] = [];
    const { tracker, post } = await serve((req, res) => {
      seen.push({ body: String((req as IncomingMessage & { rawBody: Buffer }).rawBody), res });
    });
    const command = await post('token=x&team_id=T1&command=%2Fpipeline&text=29503');
    const click = await post(`payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions' }))}`);
    expect(command).toEqual({ status: 200, text: '' });
    expect(click).toEqual({ status: 200, text: '' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Bolt got both, later, each with a response of its own that Slack never sees; shutdown waits for them.
    expect(seen.map((s) => s.body.slice(0, 8))).toEqual(['token=x&', 'payload=']);
    expect(tracker.pending()).toBe(2);
    for (const s of seen) {
      s.res.writeHead(200);
      s.res.end();
    }
    expect(await tracker.drain(1_000)).toBe(true);
  });

  it('moves on to the next request when a listener throws, and logs the failure', async () => {
    const seen: string[] = [];
    const { tracker, post, logs } = await serve((req, res) => {
      const body = String((req as IncomingMessage & { rawBody: Buffer }).rawBody);
      if (body.includes('text=boom')) throw new Error('listener broke');
      seen.push(body);
      res.writeHead(200);
      res.end();
    });
    expect(await post('token=x&command=%2Fpipeline&text=boom')).toEqual({ status: 200, text: '' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await post('token=x&command=%2Fpipeline&text=29503')).toEqual({ status: 200, text: '' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual(['token=x&command=%2Fpipeline&text=29503']);
    expect(logs.map((l) => JSON.parse(l))).toMatchObject([
      { level: 'error', msg: 'a Slack request failed before its listener ran', error: { message: 'listener broke' } },
    ]);
    // The failed request no longer holds a shutdown for the stand-in's 5 s.
    expect(tracker.pending()).toBe(0);
  });

  it('leaves ssl_check and JSON bodies (url_verification) to Bolt’s own answer', async () => {
    const { post } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('from bolt');
    });
    expect(await post('ssl_check=1&token=x')).toEqual({ status: 200, text: 'from bolt' });
    expect(await post('{"type":"url_verification","challenge":"c"}')).toEqual({ status: 200, text: 'from bolt' });
  });

  it('reads field names, never values: an encoded `&command=` inside a value is not a command', () => {
    expect(isAcknowledgedEarly('text=a%26command%3Dx&ssl_check=1')).toBe(false);
    expect(isAcknowledgedEarly('token=x&command=%2Fpipeline')).toBe(true);
    expect(isAcknowledgedEarly('payload=%7B%7D')).toBe(true);
    // A modal's submission is answered by its listener (response_action), not here; a click naming it is not one.
    const submission = new URLSearchParams({ payload: JSON.stringify({ type: 'view_submission', view: {} }) });
    expect(isAcknowledgedEarly(submission.toString())).toBe(false);
    const click = new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', value: 'view_submission' }) });
    expect(isAcknowledgedEarly(click.toString())).toBe(true);
    expect(isAcknowledgedEarly('{"command":"/pipeline"}')).toBe(false);
  });

  it('leaves a modal submission and a menu’s options to Bolt: their ack carries the answer', () => {
    const form = (payload: object) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    expect(isAcknowledgedEarly(form({ type: 'view_submission', view: { id: 'V1' } }))).toBe(false);
    expect(isAcknowledgedEarly(form({ type: 'block_suggestion', value: 'a' }))).toBe(false);
    expect(isAcknowledgedEarly(form({ type: 'block_actions', actions: [] }))).toBe(true);
    // Text that only looks like the field (its quotes escaped inside a string) changes nothing.
    expect(isAcknowledgedEarly(form({ type: 'message_action', message: { text: '"type":"view_submission"' } }))).toBe(
      true,
    );
  });
});
