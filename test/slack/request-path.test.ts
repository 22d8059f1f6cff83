/**
 * A captured request replayed under another spelling of the events path. Bolt routes by the WHATWG URL parser's
 * pathname, so `/slack/./events`, `/slack/events/../events`, `//host/slack/events`, `/slack\events`, a query string
 * or an absolute-form target all reach its endpoint: each replay must meet the guard (401) and run nothing. Sent on
 * raw sockets, since `fetch` normalises the target before sending it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boltRoutedPath } from '../../src/slack/request-path.js';
import { rawRequest, sendRaw } from '../helpers/raw-http.js';
import { commandForm, slackSignature } from '../helpers/slack-request.js';
import { type Harness, SIGNING_SECRET, startHarness, waitForLog } from './bot-harness.js';

/** The request targets a replay was tried with (each one reached Bolt's endpoint unguarded before the fix). */
const ROUTED_SPELLINGS = [
  '/slack/./events',
  '/slack/events/../events',
  '/./slack/events',
  '/slack/%2e/events',
  '/slack\\events',
  '//evil.example/slack/events',
  '/slack/events?x=1',
  '/slack/events#x',
  'http://127.0.0.1/slack/events',
  'HTTP://evil.example/slack/events',
];

describe('the request guard sees every spelling of the events path Bolt routes', () => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    h = await startHarness();
    port = Number(new URL(h.baseUrl).port);
  });
  afterAll(async () => {
    await h.close();
  });

  /** A `/pipeline help` signed now, its answer going to its own response_url. */
  function capture() {
    const responseUrl = h.fake.responseUrl();
    const body = commandForm({ text: 'help', response_url: responseUrl });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': slackSignature(SIGNING_SECRET, timestamp, body),
    };
    const answers = () => h.fake.calls.filter((c) => c.path === new URL(responseUrl).pathname);
    return { body, timestamp, headers, answers };
  }

  it.each(ROUTED_SPELLINGS)('a replay sent to %s → 401 from the guard, and it ran once', async (target) => {
    expect(boltRoutedPath(target), 'Bolt routes this spelling to its endpoint').toBe('/slack/events');
    const captured = capture();
    const mark = h.logs.length;
    expect((await h.slack.send(captured.body, { timestamp: captured.timestamp })).status).toBe(200);
    await waitForLog(h, (l) => l.msg === 'slack request', undefined, mark);
    const replay = await sendRaw(port, rawRequest('POST', target, captured.headers, captured.body));
    expect(replay.status).toBe(401);
    expect(h.logs.slice(mark).filter((l) => l.reason === 'replayed request')).toHaveLength(1);
    expect(h.logs.slice(mark).filter((l) => l.msg === 'slack request')).toHaveLength(1);
    expect(captured.answers()).toHaveLength(1);
  });

  it('a request first sent to an odd spelling runs, and is then a replay at /slack/events', async () => {
    const captured = capture();
    const mark = h.logs.length;
    const first = await sendRaw(port, rawRequest('POST', '/slack/./events', captured.headers, captured.body));
    expect(first.status).toBe(200);
    await waitForLog(h, (l) => l.msg === 'slack request', undefined, mark);
    expect((await h.slack.send(captured.body, { timestamp: captured.timestamp })).status).toBe(401);
    expect(h.logs.slice(mark).filter((l) => l.msg === 'slack request')).toHaveLength(1);
    expect(captured.answers()).toHaveLength(1);
  });

  it('`//slack/events` is host `slack` + path `/events` to Bolt: not routed, so not run (404)', async () => {
    expect(boltRoutedPath('//slack/events')).toBe('/events');
    const captured = capture();
    const mark = h.logs.length;
    expect((await h.slack.send(captured.body, { timestamp: captured.timestamp })).status).toBe(200);
    await waitForLog(h, (l) => l.msg === 'slack request', undefined, mark);
    const replay = await sendRaw(port, rawRequest('POST', '//slack/events', captured.headers, captured.body));
    expect(replay.status).toBe(404);
    expect(h.logs.slice(mark).filter((l) => l.msg === 'slack request')).toHaveLength(1);
    expect(captured.answers()).toHaveLength(1);
  });
});
