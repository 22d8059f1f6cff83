/**
 * The secret audit itself (test/setup/secret-audit.ts runs it over every file): it must see what the bot sends and
 * logs, and it must catch a secret in any of it — or it could never fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeaks, type Output, recorded } from '../helpers/secret-audit.js';
import { BOT_TOKEN, type Harness, SIGNING_SECRET, startHarness, waitForLog } from '../slack/bot-harness.js';

const secrets = new Map([
  [BOT_TOKEN, 'SLACK_BOT_TOKEN'],
  [SIGNING_SECRET, 'SLACK_SIGNING_SECRET'],
]);

describe('findLeaks', () => {
  it('names each secret found (never its value) and where, once', () => {
    const outputs: Output[] = [
      { where: 'log', text: `{"msg":"oops","token":"${BOT_TOKEN}"}` },
      { where: 'log', text: `again ${BOT_TOKEN}` },
      { where: 'slack:response_url', text: `text=${encodeURIComponent(`key ${SIGNING_SECRET}!`)}` },
      { where: 'stdout', text: 'nothing to see' },
    ];
    expect(findLeaks(outputs, secrets)).toEqual([
      { secret: 'SLACK_BOT_TOKEN', where: 'log' },
      { secret: 'SLACK_SIGNING_SECRET', where: 'slack:response_url' },
    ]);
  });

  it('finds nothing in clean text', () => {
    expect(findLeaks([{ where: 'log', text: 'xoxb-[redacted]' }], secrets)).toEqual([]);
  });
});

describe('what the audit sees of a running bot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('records its log lines and every body Slack receives, and the bot’s own traffic holds no secret', async () => {
    const responseUrl = h.fake.responseUrl();
    const mark = h.logs.length;
    await h.slack.command({ text: '29501 share', response_url: responseUrl });
    // Its last line, written when the listener finished: everything the request sent and logged is recorded.
    await waitForLog(h, (l) => l.msg === 'slack request', undefined, mark);
    const seen = recorded();
    const places = new Set(seen.map((o) => o.where));
    expect(places).toContain('log');
    expect(places).toContain('slack:chat.postMessage');
    expect(seen.some((o) => o.where === 'slack:chat.postMessage' && o.text.includes('payment-release'))).toBe(true);
    // The token did travel — in the Authorization header, which is where it belongs and which the audit skips.
    expect(h.fake.callsOf('chat.postMessage')[0]?.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(findLeaks(seen, secrets)).toEqual([]);
    expect(findLeaks([...seen, { where: 'log', text: `planted ${SIGNING_SECRET}` }], secrets)).toHaveLength(1);
  });
});
