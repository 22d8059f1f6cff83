/**
 * Hostile SWR answers through the real bot (Bolt's HTTP receiver, signed requests, the fake Slack), with SWR played
 * by a local HTTP server: a garbled 200 whose first lines are a secret-looking param, and (see below) answers far
 * too large to read. What is checked is what leaves the bot: its log lines and every body Slack receives.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Handler, type LocalServer, startServer } from '../backends/containerops/local-server.js';
import { registerSecret } from '../helpers/secret-audit.js';
import { type Harness, startHarness, textOf } from '../slack/bot-harness.js';
import { collectProcessErrors, type ProcessErrors } from './process-errors.js';

const ID = '29503';
const PARAM_SECRET = 'Sup3r-s3cret-DB-passw0rd-4711';
registerSecret('a pipeline param', PARAM_SECRET);

let handler: Handler = () => ({ body: {} });
let swr: LocalServer;
let h: Harness;
let collector: ProcessErrors;

beforeAll(async () => {
  collector = collectProcessErrors();
  swr = await startServer((request, n) => handler(request, n));
  h = await startHarness({ SWR_ENDPOINT: swr.url, SWR_AUTH_TOKEN: 'hostile-test-token-0123', SWR_CACHE_MS: '0' });
});
afterAll(async () => {
  await h.close();
  await swr.close();
  collector.stop();
});
afterEach(() => {
  h.fake.reset();
  expect(collector.errors).toEqual([]);
});

/** Everything that left the bot so far: log lines and Slack request bodies. */
function everythingSent(): string {
  return [...h.rawLogs, ...h.fake.calls.map((call) => JSON.stringify(call.body))].join('\n');
}

async function ask(text: string) {
  const responseUrl = h.fake.responseUrl();
  const path = new URL(responseUrl).pathname;
  const response = await h.slack.command({ text, response_url: responseUrl });
  expect(response.status).toBe(200);
  await h.fake.waitFor((calls) => calls.some((c) => c.path === path));
  return h.fake.calls.find((c) => c.path === path);
}

describe('a garbled 200 that starts with params (as SWR writes a pipeline)', () => {
  it('the error keeps the body’s length and type, never its text: the param is in no log line and no Slack body', async () => {
    // SWR's YAML puts `params` first; a body cut short after them is unreadable.
    const garbled = `params:\n  - name: DB_PASSWORD\n    value: ${PARAM_SECRET}\n    description: [unclosed\nid: 29503\n`;
    handler = () => ({ headers: { 'content-type': 'application/x-yaml' }, body: garbled });
    const answers = [await ask(ID), await ask(`watch ${ID}`)];
    for (const answer of answers) expect(textOf(answer)).toMatch(/could not read/);
    const failed = h.logs.filter((line) => JSON.stringify(line).includes('unreadable body'));
    expect(failed.length).toBeGreaterThan(0);
    expect(JSON.stringify(failed)).toContain(`${Buffer.byteLength(garbled)} bytes of application/x-yaml`);
    expect(everythingSent()).not.toContain(PARAM_SECRET);
    expect(everythingSent()).not.toContain('DB_PASSWORD');
  });
});

describe('a 20 MB answer', () => {
  it('is not read past SWR_MAX_BODY_BYTES (2 MB): the person is told, privately, once', async () => {
    const huge = `{"id": 29503, "description": "${'x'.repeat(20 * 1024 * 1024)}"}`;
    handler = () => ({ body: huge });
    const answer = await ask(ID);
    expect(textOf(answer)).toBe(
      '⚠️ SWR sent an answer about pipeline 29503 too large for the bot to read, so it stopped reading. Tell whoever runs the bot.',
    );
    expect(answer?.body.response_type).toBe('ephemeral');
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
    const failed = h.logs.findLast((line) => line.msg === 'swr call failed');
    expect(failed).toMatchObject({ kind: 'too_large', attempts: 1 });
  });
});
