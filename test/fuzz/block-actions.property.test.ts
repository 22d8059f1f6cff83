/**
 * Issue 6, bad input — button clicks with forged or broken payloads: values that are no pipeline id (empty, huge,
 * JSON, markup), ids of pipelines the bot's SWR account cannot see (the simulator answers 403 / 404), unknown or
 * malformed action ids, a team, channel or user other than the card's, Stop watching from another channel, and
 * missing `response_url`, `container`, `message`, `actions`. Signed `block_actions` through Bolt's HTTP receiver.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerOpsIds } from '../../src/backends/containerops/ids.js';
import {
  ACTION_OPEN_CONSOLE,
  ACTION_PICK,
  ACTION_REFRESH,
  ACTION_SHARE,
  ACTION_UNWATCH,
  ACTION_WATCH,
} from '../../src/render/action-ids.js';
import { buttonPipelineId, clickedMessage } from '../../src/slack/actions/button-context.js';
import type { SlackCall } from '../helpers/fake-slack.js';
import { nextTriggerId } from '../helpers/slack-request.js';
import { exchange, expectCleanMessages, type FuzzBot, privateAnswers, startFuzzBot } from './fuzz-bot.js';
import { hostileText, ID_LIKE, KNOWN_IDS, oddValue } from './hostile.js';

const BUTTONS = [ACTION_REFRESH, ACTION_SHARE, ACTION_PICK, ACTION_WATCH, ACTION_UNWATCH];
const TEAM = 'T00000001';
/** The channel whose watch no click from elsewhere may stop. */
const WATCHED_CHANNEL = 'C0WATCHED1';
const WATCHED_ID = '29476';

/** A value that may be missing: `undefined` leaves the key out of the payload. */
const missing = fc.constant(undefined);

const actionId = fc.oneof(
  { arbitrary: fc.constantFrom(...BUTTONS), weight: 10 },
  { arbitrary: fc.constant(ACTION_OPEN_CONSOLE), weight: 1 },
  { arbitrary: fc.constantFrom('pipeline_delete', 'pipeline_refresh_v0', 'PIPELINE_REFRESH', ''), weight: 1 },
  { arbitrary: hostileText(300), weight: 2 },
  { arbitrary: oddValue, weight: 1 },
  { arbitrary: missing, weight: 1 },
);

const buttonValue = fc.oneof(
  { arbitrary: fc.constantFrom(...KNOWN_IDS), weight: 8 },
  { arbitrary: fc.constantFrom('', ' ', '029476', '00000000000000000000000029503'), weight: 1 },
  { arbitrary: fc.constantFrom(...ID_LIKE), weight: 2 },
  { arbitrary: fc.nat({ max: 3_000 }).map((n) => '9'.repeat(n + 19)), weight: 1 },
  { arbitrary: fc.json({ maxDepth: 2 }), weight: 1 },
  { arbitrary: hostileText(2_000), weight: 3 },
  { arbitrary: oddValue, weight: 1 },
  { arbitrary: missing, weight: 1 },
);

// The watched channel only from another team (see `click`): a click there in its own team may rightly stop it.
const channelId = fc.oneof(
  { arbitrary: fc.constantFrom('C00000001', 'C0OTHER001', 'G0PRIVATE1', 'D0DIRECT01', WATCHED_CHANNEL), weight: 8 },
  { arbitrary: hostileText(40), weight: 1 },
);
// Hostile team ids (a lone surrogate, `constructor`, markup) are refused with 400 before Bolt sees them.
const SLACK_TEAM = /^[A-Z0-9]{2,40}$/;
const teamId = fc.oneof(
  { arbitrary: fc.constant(TEAM), weight: 6 },
  { arbitrary: fc.constantFrom('T0OTHER001', 'E0GRID0001'), weight: 2 },
  { arbitrary: fc.oneof(hostileText(30), fc.constantFrom('constructor', '\ud800', '__proto__')), weight: 1 },
);
// Always there: Bolt itself reads `user.id` before any listener (see the last test for what a payload without it gets).
const userId = fc.oneof(
  { arbitrary: fc.constantFrom('U00000001', 'U0OTHER001', 'W0ENTERPR1'), weight: 8 },
  { arbitrary: hostileText(30), weight: 1 },
);
const messageTs = fc.oneof(fc.constant('1700000000.000001'), hostileText(30), missing);

/** One click, with every part the payload may have or lack. */
const click = fc
  .record({
    actionId,
    value: buttonValue,
    channel: channelId,
    team: teamId,
    user: userId,
    /** Where the channel is named: container and channel, one of them, or neither. */
    channelIn: fc.constantFrom('both', 'container', 'channel', 'neither'),
    container: fc.oneof(
      { arbitrary: fc.constant('full'), weight: 6 },
      { arbitrary: fc.constantFrom('missing', 'empty', 'odd'), weight: 1 },
    ),
    ephemeral: fc.oneof({ arbitrary: fc.boolean(), weight: 6 }, { arbitrary: oddValue, weight: 1 }),
    messageTs,
    /** The clicked message: absent (ephemeral cards), a watch card, any card, or broken. */
    message: fc.constantFrom('none', 'watch_card', 'card', 'odd'),
    responseUrl: fc.constantFrom('fresh', 'fresh', 'fresh', 'fresh', 'missing', 'empty'),
    // `actions` is how Bolt recognises a click at all: never missing here (see the last test).
    actions: fc.constantFrom('one', 'one', 'one', 'one', 'one', 'two', 'empty'),
  })
  .map((c) => (c.channel === WATCHED_CHANNEL && c.team === TEAM ? { ...c, team: 'T0OTHER001' } : c));
type Click = typeof click extends fc.Arbitrary<infer T> ? T : never;

const without = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The `block_actions` payload of `c`, answering at `responseUrl`. */
function payloadOf(c: Click, responseUrl: string): Record<string, unknown> {
  const inContainer = c.channelIn === 'both' || c.channelIn === 'container';
  const inChannel = c.channelIn === 'both' || c.channelIn === 'channel';
  const container =
    c.container === 'full'
      ? without({
          type: 'message',
          message_ts: c.messageTs,
          channel_id: inContainer ? c.channel : undefined,
          is_ephemeral: c.ephemeral,
        })
      : c.container === 'empty'
        ? {}
        : c.container === 'odd'
          ? 'container'
          : undefined;
  const action = without({
    type: 'button',
    action_id: c.actionId,
    block_id: 'b1',
    text: { type: 'plain_text', text: 'button' },
    value: c.value,
    action_ts: nextTriggerId(),
  });
  const actions =
    c.actions === 'one' ? [action] : c.actions === 'two' ? [action, { ...action, action_id: ACTION_REFRESH }] : [];
  const blocks =
    c.message === 'watch_card'
      ? [{ type: 'actions', elements: [{ type: 'button', action_id: ACTION_UNWATCH, value: c.value }] }]
      : [{ type: 'section', text: { type: 'mrkdwn', text: 'card <!channel>' } }];
  const message =
    c.message === 'none'
      ? undefined
      : c.message === 'odd'
        ? { ts: 42, blocks: 'not blocks' }
        : { type: 'message', ts: c.messageTs, text: 'card', blocks };
  return without({
    type: 'block_actions',
    team: without({ id: c.team, domain: 'acme' }),
    user: { id: c.user, username: 'alice', name: 'alice', team_id: c.team },
    api_app_id: 'A00000001',
    token: 'legacy-verification-token',
    container,
    trigger_id: nextTriggerId(),
    channel: inChannel ? { id: c.channel, name: 'deploys' } : undefined,
    message,
    response_url: c.responseUrl === 'fresh' ? responseUrl : c.responseUrl === 'empty' ? '' : undefined,
    actions,
  });
}

/** Whether the bot has any way to answer the clicker: a response_url, or a conversation and a user. */
function answerable(payload: Record<string, unknown>): boolean {
  if (typeof payload.response_url === 'string' && payload.response_url !== '') return true;
  const where = clickedMessage(payload as never);
  return where.channelId !== null && where.userId !== null;
}

describe('reading a click (pure)', () => {
  it('any payload gives a conversation, user and id, or null — never a throw (10,000 cases)', () => {
    fc.assert(
      fc.property(click, fc.anything({ maxDepth: 2 }), (c, junk) => {
        const payload = payloadOf(c, 'http://127.0.0.1:9/response/1');
        for (const body of [payload, { ...payload, ...(typeof junk === 'object' && junk !== null ? junk : {}) }]) {
          const where = clickedMessage(body as never);
          for (const v of [where.channelId, where.ts, where.teamId, where.userId]) {
            expect(v === null || (typeof v === 'string' && v !== '')).toBe(true);
          }
        }
        const id = buttonPipelineId(c.value, containerOpsIds());
        if (id !== null) expect(id).toMatch(/^(?:0|[1-9]\d{0,17})$/);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('forged and broken clicks through the real HTTP receiver', () => {
  let bot: FuzzBot;
  beforeAll(async () => {
    bot = await startFuzzBot({ SWR_CONSOLE_URL_TEMPLATE: 'https://console.example.com/#/pipeline/{id}' });
    // "Another team's pipeline": the bot's account may not read 29505, and cannot see 29504.
    bot.h.sim.control.setFault(29505, { status: 403 });
    bot.h.sim.control.setFault(29504, { status: 404 });
    const responseUrl = bot.h.fake.responseUrl();
    await exchange(bot.h, () =>
      bot.h.slack.command({ text: `watch ${WATCHED_ID}`, channel_id: WATCHED_CHANNEL, response_url: responseUrl }),
    );
    expect(await bot.store.findWatch(TEAM, WATCHED_CHANNEL, WATCHED_ID)).not.toBeNull();
  });
  afterAll(async () => {
    await bot.close();
  });

  it('acks with 200; exactly one clear, valid, ping-free answer to whoever can be answered (1,000 cases)', async () => {
    const { h } = bot;
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(click, async (c) => {
        h.fake.reset();
        const responseUrl = h.fake.responseUrl();
        const path = new URL(responseUrl).pathname;
        const payload = payloadOf(c, responseUrl);
        // A click on a posted message (any click but one whose container says `is_ephemeral: true`, as the bot reads
        // it): Slack holds that message (a ts or channel not shaped like Slack's is none).
        const posted = !(c.container === 'full' && c.ephemeral === true);
        if (posted && /^[A-Z0-9]{2,40}$/.test(c.channel) && /^\d{1,12}\.\d{1,8}$/.test(c.messageTs ?? '')) {
          h.fake.seedMessage({ channel: c.channel, ts: c.messageTs as string, text: 'card' });
        }
        const input = JSON.stringify(payload);
        if (c.team !== '' && !SLACK_TEAM.test(c.team)) {
          // A team id Slack never sends: refused before Bolt sees it (src/slack/request-guard.ts), nothing runs.
          const mark = h.logs.length;
          const refused = await h.slack.interaction(payload);
          expect(refused.status).toBe(400);
          // The guard logged the refusal before answering and never handed the request on: nothing can follow.
          expect(h.logs.slice(mark).filter((l) => l.msg === 'refused a Slack request')).toHaveLength(1);
          expect(h.fake.calls).toEqual([]);
          outcomes.add('refused');
          return;
        }
        const { reply, calls, log } = await exchange(h, () => h.slack.interaction(payload));
        // 200: acknowledged within Slack's 3 s (Bolt answers 404 to a request not acknowledged by then).
        expect(reply.status).toBe(200);
        expect(log.msg, 'the request finished').toBe('slack request');
        expect(log.outcome, `outcome of ${input.slice(0, 300)}`).not.toBe('error');
        outcomes.add(String(log.outcome));

        const isWatchCard = (call: SlackCall) => JSON.stringify(call.body.blocks ?? []).includes(ACTION_UNWATCH);
        const answers = [
          ...privateAnswers(calls, path),
          ...calls.filter((call) => call.method === 'chat.postMessage' && !isWatchCard(call)),
          ...calls.filter((call) => call.method === 'chat.update'),
        ];
        const actions = payload.actions;
        const first = Array.isArray(actions) ? (actions[0] as Record<string, unknown> | undefined) : undefined;
        const linkClick = first?.action_id === ACTION_OPEN_CONSOLE;
        // A console link opens in the browser: nothing to say. Otherwise exactly one answer when the clicker can be
        // answered privately; when not (no response_url, and no Slack-shaped conversation or user), at most one — a
        // Share or a Refresh may still post or update in the conversation.
        const answerList = answers.map((a) => a.method);
        if (linkClick) expect(answerList).toEqual([]);
        else if (answerable(payload)) expect(answerList, `answers to ${input.slice(0, 400)}`).toHaveLength(1);
        else expect(answerList.length, `answers to ${input.slice(0, 400)}`).toBeLessThanOrEqual(1);
        // A click on something that names no pipeline says the button is out of date.
        const known = typeof first?.action_id === 'string' && BUTTONS.includes(first.action_id);
        // (Unless the gate refused the clicker first: someone the workspace does not know is told that instead.)
        const refused = String(log.outcome).startsWith('refused_');
        if (
          answers.length === 1 &&
          !refused &&
          (!known || buttonPipelineId(first?.value, containerOpsIds()) === null)
        ) {
          expect(String(answers[0]?.body.text)).toMatch(/out of date/);
        }
        expectCleanMessages(calls, input);
        expect(bot.crashes).toEqual([]);
      }),
      { numRuns: 1_000 },
    );
    expect(bot.crashes).toEqual([]);
    // Stop watching clicked anywhere else never stopped the watched channel's watch.
    expect(await bot.store.findWatch(TEAM, WATCHED_CHANNEL, WATCHED_ID)).not.toBeNull();
    // The generator reached the branches that matter.
    for (const outcome of ['ok', 'bad_payload', 'unknown_action', 'api_forbidden', 'api_not_found']) {
      expect(outcomes).toContain(outcome);
    }
  }, 90_000);

  // Bolt 5.1 reads these before any listener or middleware of the bot runs, and would answer HTTP 500 (or never
  // acknowledge). Slack never sends them; only a holder of the signing secret could. The request guard
  // (src/slack/request-guard.ts) refuses them with 400 before Bolt sees them: no Slack call, the bot keeps serving.
  it.each([
    ['no user', (p: Record<string, unknown>) => ({ ...p, user: undefined })],
    [
      'a team id named like an Object.prototype property',
      (p: Record<string, unknown>) => ({ ...p, team: { id: 'constructor' } }),
    ],
    ['actions that are not a list', (p: Record<string, unknown>) => ({ ...p, actions: { action_id: ACTION_REFRESH } })],
  ])('a click with %s is refused with 400 before Bolt sees it, and nothing else happens', async (_label, breakIt) => {
    const { h } = bot;
    h.fake.reset();
    const c: Click = {
      actionId: ACTION_REFRESH,
      value: '29476',
      channel: 'C00000001',
      team: TEAM,
      user: 'U00000001',
      channelIn: 'both',
      container: 'full',
      ephemeral: true,
      messageTs: '1700000000.000001',
      message: 'none',
      responseUrl: 'fresh',
      actions: 'one',
    };
    const broken = JSON.parse(JSON.stringify(breakIt(payloadOf(c, h.fake.responseUrl())))) as object;
    const reply = await h.slack.interaction(broken);
    expect(reply.status).toBe(400);
    const ok = await exchange(h, () => h.slack.interaction(payloadOf(c, h.fake.responseUrl())));
    expect(ok.reply.status).toBe(200);
    expect(ok.calls.filter((call) => call.method === 'response_url')).toHaveLength(1);
    expect(h.fake.calls.filter((call) => call.method === 'response_url')).toHaveLength(1);
    expect(bot.crashes).toEqual([]);
  });
});
