/**
 * When the built-in simulator serves the bot (no SWR_ENDPOINT), nobody may take its cards for production: every
 * card — private, shared, the watched live card, a refreshed one — carries "🧪 Simulated data — set SWR_ENDPOINT to
 * use SWR", and SLACK_USER_MAP makes no real mentions of simulated reviewers. The same bot against an endpoint (the
 * simulator behind SWR_ENDPOINT, as production would be) shows neither. Real bot, signed requests, fake Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_REFRESH } from '../../src/render/action-ids.js';
import type { SlackCall } from '../helpers/fake-slack.js';
import { blockActionsPayload } from '../helpers/slack-request.js';
import { type Harness, startHarness, waitForLog } from './bot-harness.js';

const LINE = '🧪 Simulated data — set SWR_ENDPOINT to use SWR';
const REVIEW = '29501';
const USER_MAP = { SLACK_USER_MAP: 'alice=U0ALICE001,bob=U0BOB0001' };
/** No SWR_ENDPOINT: the bot starts its own simulator (on any free port). */
const SIMULATED = { SWR_ENDPOINT: '', SWR_AUTH_TOKEN: '', SIMULATOR_PORT: '0', ...USER_MAP };

let simulated: Harness;
let real: Harness;
let chinese: Harness;

beforeAll(async () => {
  simulated = await startHarness(SIMULATED);
  real = await startHarness(USER_MAP);
  chinese = await startHarness({ ...SIMULATED, BOT_LOCALE: 'zh-CN' });
});
afterAll(async () => {
  await simulated.close();
  await real.close();
  await chinese.close();
});

/** Sends `/pipeline <text>`; resolves with the first call that `pick` selects. */
async function ask(h: Harness, text: string, pick: (c: SlackCall, path: string) => boolean): Promise<SlackCall> {
  const responseUrl = h.fake.responseUrl();
  const path = new URL(responseUrl).pathname;
  expect((await h.slack.command({ text, response_url: responseUrl })).status).toBe(200);
  await h.fake.waitFor((calls) => calls.some((c) => pick(c, path)), 15_000);
  const call = h.fake.calls.find((c) => pick(c, path));
  if (!call) throw new Error('no answer');
  return call;
}
const atResponseUrl = (c: SlackCall, path: string) => c.path === path;
const posted = (c: SlackCall) => c.method === 'chat.postMessage';
const blocksOf = (call: SlackCall) => JSON.stringify(call.body.blocks ?? []);

describe('the built-in simulator serves the bot', () => {
  it('the private card says the data is simulated and how to use SWR', async () => {
    const card = await ask(simulated, '29476', atResponseUrl);
    expect(blocksOf(card)).toContain(LINE);
  });

  it('the shared card says so too', async () => {
    simulated.fake.reset();
    const card = await ask(simulated, '29476 share', posted);
    expect(card.body.channel).toBe('C00000001');
    expect(blocksOf(card)).toContain(LINE);
  });

  it('the watched live card says so too', async () => {
    simulated.fake.reset();
    const card = await ask(simulated, 'watch 29503', posted);
    expect(blocksOf(card)).toContain(LINE);
  });

  it('a refreshed card says so too', async () => {
    simulated.fake.reset();
    const responseUrl = simulated.fake.responseUrl();
    const path = new URL(responseUrl).pathname;
    await simulated.slack.interaction(
      blockActionsPayload({ actionId: ACTION_REFRESH, value: '29476', responseUrl, ephemeral: true }),
    );
    await simulated.fake.waitFor((calls) => calls.some((c) => c.path === path), 15_000);
    expect(blocksOf(simulated.fake.calls.find((c) => c.path === path) as SlackCall)).toContain(LINE);
  });

  it('simulated reviewers are never mentioned, whatever SLACK_USER_MAP says, and the log says why', async () => {
    const card = await ask(simulated, REVIEW, atResponseUrl);
    const raw = blocksOf(card);
    expect(raw).toContain('alice');
    expect(raw).not.toContain('<@U0ALICE001>');
    expect(raw).not.toContain('<@U0BOB0001>');
    await waitForLog(simulated, (l) => String(l.msg).startsWith('SLACK_USER_MAP is not used'));
  });

  it('the start-up log says how to point the bot at SWR', async () => {
    const line = await waitForLog(
      simulated,
      (l) => l.msg === 'SWR_ENDPOINT is not set: using the built-in SWR simulator',
    );
    expect(String(line.toUseSwr)).toContain('set SWR_ENDPOINT');
  });

  it('in Chinese too', async () => {
    const card = await ask(chinese, '29476', atResponseUrl);
    expect(blocksOf(card)).toContain('🧪 模拟数据 — 设置 SWR_ENDPOINT 以使用 SWR');
  });
});

describe('a bot with SWR_ENDPOINT (here: the simulator behind it, as production would be)', () => {
  it('shows no simulated line, and mentions mapped reviewers', async () => {
    const card = await ask(real, REVIEW, atResponseUrl);
    const raw = blocksOf(card);
    expect(raw).not.toContain('Simulated data');
    expect(raw).toContain('<@U0ALICE001>');
  });
});
