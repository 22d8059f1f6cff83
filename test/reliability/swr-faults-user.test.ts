/**
 * Every SWR fault, through every way a user asks for a pipeline — `/pipeline <id>`, the message shortcut, Refresh
 * on a posted card and on a private one, `/pipeline watch <id>` — on the real bot (Bolt's HTTP receiver, signed
 * requests, the fake Slack), with SWR behind a proxy that can also be taken down. Each answer is the one sentence
 * the fault deserves, naming the pipeline: no stack trace, no "undefined", no "[object Object]", and the process
 * sees no unhandled rejection.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../src/backends/containerops/simulator/faults.js';
import { ACTION_REFRESH, SHORTCUT_FIND_PIPELINES } from '../../src/render/action-ids.js';
import type { SlackCall } from '../helpers/fake-slack.js';
import { blockActionsPayload, messageShortcutPayload } from '../helpers/slack-request.js';
import { actionIdsOf, type Harness, startHarness, textOf, waitForLog } from '../slack/bot-harness.js';
import { collectProcessErrors, type ProcessErrors } from './process-errors.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const ID = '29503';

/** The sentence per outcome, for pipeline 29503. */
const SAID = {
  network:
    '⚠️ The bot could not reach SWR to read pipeline 29503. Try again in a moment; if it keeps failing, tell whoever runs the bot.',
  timeout: '⚠️ SWR did not answer in time for pipeline 29503. Try again in a moment.',
  unauthorized:
    "⚠️ SWR rejected the bot's credentials while reading pipeline 29503 — ask whoever runs the bot to check its SWR token, password or access keys.",
  rate_limited: '⚠️ SWR is rate-limiting the bot, so pipeline 29503 could not be read. Wait 30 s and try again.',
  upstream: '⚠️ SWR had an internal error while reading pipeline 29503. Try again in a moment.',
  invalid_response:
    '⚠️ SWR sent an answer about pipeline 29503 that the bot could not read. Try again; if it keeps happening, tell whoever runs the bot.',
  not_found:
    "⚠️ Pipeline 29503 was not found, or the bot's account cannot see it. Check the id with /pipeline &lt;name&gt;.",
} as const;

interface Row {
  name: string;
  /** `null`: no failure, the card is shown. */
  kind: keyof typeof SAID | null;
  fault?: Fault;
  install?(h: Harness, proxy: TcpProxy): void | Promise<void>;
  clear?(h: Harness, proxy: TcpProxy): void | Promise<void>;
  /** Huawei's code shown small under the sentence. */
  code?: string;
  /** Asked of the bot whose SWR client times out after 700 ms (the other one waits 8 s: a slow answer is no hang). */
  shortTimeout?: boolean;
}

const ROWS: Row[] = [
  {
    name: 'SWR down: nothing listening (connection refused)',
    kind: 'network',
    install: (_h, proxy) => proxy.down(),
    clear: (_h, proxy) => proxy.up(),
  },
  { name: 'SWR hangs: never answers (client timeout)', kind: 'timeout', fault: { hang: true }, shortTimeout: true },
  {
    name: '401: the bot’s token revoked',
    kind: 'unauthorized',
    code: 'APIGW.0301',
    install: (h) => h.sim.control.revokeTokens({ includeStatic: true }),
    clear: (h) => h.sim.control.reset(),
  },
  {
    name: '429 with Retry-After 30',
    kind: 'rate_limited',
    code: 'APIGW.0308',
    fault: { status: 429, retryAfterSeconds: 30 },
  },
  {
    name: '500, SWR’s error shape',
    kind: 'upstream',
    code: 'SVCSTG.SWR.5003008',
    fault: { status: 500, errorShape: 'swr' },
  },
  {
    name: '500, the API gateway’s shape',
    kind: 'upstream',
    code: 'APIGW.0103',
    fault: { status: 500, errorShape: 'apigw' },
  },
  { name: '500, IAM’s shape', kind: 'upstream', code: '500', fault: { status: 500, errorShape: 'iam' } },
  { name: '503, SWR busy', kind: 'upstream', code: 'SVCSTG.SWR.5003008', fault: { status: 503 } },
  {
    name: '500 "Fail to get pipeline detail!" (how SWR may answer an unknown id)',
    kind: 'not_found',
    code: 'SVCSTG.SWR.5001123',
    fault: { status: 500, errorCode: 'SVCSTG.SWR.5001123', errorMessage: 'Fail to get pipeline detail!' },
  },
  { name: '502, an HTML error page', kind: 'upstream', fault: { html: true } },
  { name: '200 with a truncated JSON body', kind: 'invalid_response', fault: { truncated: true } },
  { name: '200 in YAML although JSON was asked for', kind: null, fault: { yaml: true } },
];

type Entry = 'command' | 'shortcut' | 'refresh (posted card)' | 'refresh (private card)' | 'watch';
const ENTRIES: Entry[] = ['command', 'shortcut', 'refresh (posted card)', 'refresh (private card)', 'watch'];

/** The bot under test in the current case. */
let h: Harness;
/** SWR behind a proxy (which can be taken down), client timeout 8 s. */
let main: Harness;
/** SWR direct, client timeout 700 ms. */
let quick: Harness;
let proxy: TcpProxy;
let collector: ProcessErrors;

beforeAll(async () => {
  collector = collectProcessErrors();
  proxy = await startTcpProxy();
  main = await startHarness({ SWR_ENDPOINT: proxy.url, SWR_CACHE_MS: '0' });
  proxy.setTarget(Number(new URL(main.sim.url).port));
  quick = await startHarness({ SWR_CACHE_MS: '0', SWR_TIMEOUT_MS: '700' });
});
afterAll(async () => {
  await main.close();
  await quick.close();
  await proxy.close();
  collector.stop();
});
afterEach(async () => {
  for (const bot of [main, quick]) {
    bot.fake.reset();
    bot.sim.control.reset();
  }
  if (!proxy.isUp) await proxy.up();
  expect(collector.errors).toEqual([]);
});

/** Sends the request of `entry` and returns the private answer it ends with (at its response_url). */
async function ask(entry: Entry): Promise<SlackCall> {
  const responseUrl = h.fake.responseUrl();
  const path = new URL(responseUrl).pathname;
  let status: number;
  switch (entry) {
    case 'command':
      status = (await h.slack.command({ text: ID, response_url: responseUrl })).status;
      break;
    case 'watch':
      status = (await h.slack.command({ text: `watch ${ID}`, response_url: responseUrl })).status;
      break;
    case 'shortcut':
      status = (
        await h.slack.interaction(
          messageShortcutPayload({
            callbackId: SHORTCUT_FIND_PIPELINES,
            responseUrl,
            message: { ts: '1700000100.000100', text: `the deploy is stuck, see pipeline ${ID}` },
          }),
        )
      ).status;
      break;
    case 'refresh (posted card)':
    case 'refresh (private card)':
      if (entry === 'refresh (posted card)')
        h.fake.seedMessage({ channel: 'C0CARDS01', ts: '1700000200.000200', text: 'card' });
      status = (
        await h.slack.interaction(
          blockActionsPayload({
            actionId: ACTION_REFRESH,
            value: ID,
            responseUrl,
            ephemeral: entry === 'refresh (private card)',
            channelId: 'C0CARDS01',
            messageTs: '1700000200.000200',
          }),
        )
      ).status;
      break;
  }
  expect(status).toBe(200);
  // A private answer at the response_url, or the card itself (Refresh of a posted card, the shortcut's thread).
  const isAnswer = (c: SlackCall) => c.path === path || c.method === 'chat.update' || c.method === 'chat.postMessage';
  await h.fake.waitFor((calls) => calls.some(isAnswer));
  const answer = h.fake.calls.find(isAnswer);
  if (!answer) throw new Error('no answer');
  return answer;
}

describe.each(ROWS.map((row) => [row.name, row] as const))('SWR: %s', (_name, row) => {
  it.each(ENTRIES)('%s', async (entry) => {
    h = row.shortTimeout ? quick : main;
    if (row.fault) h.sim.control.setFault(Number(ID), row.fault);
    await row.install?.(h, proxy);
    const answer = await ask(entry);
    const raw = JSON.stringify(answer.body);
    expect(raw).not.toMatch(/undefined|\[object Object\]|\bat \S+ \(|\.ts:\d|Error:|stack/);
    if (row.kind === null) {
      // Not a failure: the card (privately, in the shortcut's thread, in place, or as the watch's live card).
      expect(textOf(answer)).toContain('demo-2048');
      return;
    }
    // Never a card in the channel when the pipeline could not be read.
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(0);
    expect(h.fake.callsOf('chat.update')).toHaveLength(0);
    expect(answer.method).toBe('response_url');
    expect(answer.body.response_type).toBe('ephemeral');
    // A click's answer says it is a new message; a command's URL ignores replace_original, so it is not sent.
    expect(answer.body.replace_original).toBe(entry.startsWith('refresh') ? false : undefined);
    expect(textOf(answer)).toBe(SAID[row.kind]);
    if (row.code) expect(raw).toContain(`Error code \`${row.code}\``);
    const retryable = row.kind !== 'unauthorized' && row.kind !== 'not_found';
    // Try again only where it can help, and never on a watch (it would show a card, not watch).
    expect(actionIdsOf(answer)).toEqual(retryable && entry !== 'watch' ? [ACTION_REFRESH] : []);
    const line = await waitForLog(h, (l) => l.msg === 'slack request' && l.outcome === `api_${row.kind}`);
    expect(line.pipelineId).toBe(ID);
  });
});
