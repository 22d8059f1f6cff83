/**
 * Issue 6, bad input — the message a "Find pipelines" shortcut is used on: any text, any blocks and attachments
 * (Slack's shapes, broken shapes, deep nesting, non-strings), missing fields. Pure properties on the id finder,
 * then signed `message_action` payloads through Bolt's HTTP receiver with SWR from the simulator.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerOpsIds } from '../../src/backends/containerops/ids.js';
import { SHORTCUT_FIND_PIPELINES } from '../../src/render/action-ids.js';
import { findPipelineIdsInMessage as findInMessage, type MessageLike } from '../../src/slack/message-texts.js';
import { SHORTCUT_MAX } from '../../src/slack/shortcuts/find-pipelines.js';
import { nextTriggerId } from '../helpers/slack-request.js';
import { exchange, expectCleanMessages, type FuzzBot, privateAnswers, startFuzzBot } from './fuzz-bot.js';
import { hostileText, KNOWN_IDS, oddValue } from './hostile.js';

/** The ids ContainerOps' syntax finds in one text (`ids` with a console template, if given). */
const extractPipelineIds = (text: string, ids = containerOpsIds()): string[] => ids.find(text);
/** The ids a message mentions, by ContainerOps' syntax unless another is given. */
const findPipelineIdsInMessage = (message: MessageLike, ids = containerOpsIds()): string[] =>
  findInMessage(message, ids);

const CONSOLE = 'https://console.example.com/swr/#/pipeline/{id}/detail';
const CANONICAL_ID = /^(?:0|[1-9]\d{0,17})$/;

/** Text that mentions pipelines the ways people do, mixed with hostile text. */
const mention = fc.oneof(
  fc.constantFrom(...KNOWN_IDS).map((id) => `pipeline ${id}`),
  fc.constantFrom(...KNOWN_IDS).map((id) => `#${id}`),
  fc.constantFrom(...KNOWN_IDS).map((id) => `id: ${id}`),
  fc.constantFrom(...KNOWN_IDS).map((id) => `<${CONSOLE.replace('{id}', id)}|open>`),
  fc.constantFrom(...KNOWN_IDS).map((id) => `https://x.example/pipelines/${id}`),
  fc.constantFrom(...KNOWN_IDS).map((id) => `?pipelineId=${id}&amp;x=<!channel>`),
  fc.constantFrom('pipeline 0029476', 'pipeline 999999999999999999', 'pipeline -1', 'pipeline 1e9', '#12', '2024'),
);
const messageText = fc.oneof(
  { arbitrary: hostileText(), weight: 3 },
  {
    arbitrary: fc.array(fc.oneof(mention, hostileText(60)), { maxLength: 8 }).map((parts) => parts.join(' ')),
    weight: 4,
  },
);

/** A rich-text element, well-formed or not. */
const richElement = fc.oneof(
  fc.record({ type: fc.constant('text'), text: messageText }),
  fc.record({ type: fc.constant('link'), url: fc.oneof(mention, hostileText(100)), text: fc.option(messageText) }),
  fc.record({ type: fc.constantFrom('user', 'channel', 'usergroup', 'broadcast'), user_id: fc.string() }),
  fc.record({ type: fc.constant('emoji'), name: fc.string() }),
  fc.record({ type: oddValue, text: oddValue }),
  oddValue,
);

/** Slack's block shapes, the same shapes broken, and anything at all. */
const block: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    type: fc.constant('rich_text'),
    elements: fc.array(
      fc.record({
        type: fc.constantFrom('rich_text_section', 'rich_text_quote', 'rich_text_preformatted', 'rich_text_list'),
        elements: fc.array(richElement, { maxLength: 6 }),
      }),
      { maxLength: 4 },
    ),
  }),
  fc.record({
    type: fc.constant('section'),
    text: fc.record({ type: fc.constantFrom('mrkdwn', 'plain_text'), text: messageText }),
    fields: fc.option(fc.array(fc.record({ type: fc.constant('mrkdwn'), text: messageText }), { maxLength: 3 })),
  }),
  fc.record({ type: fc.constant('context'), elements: fc.array(fc.record({ text: messageText }), { maxLength: 3 }) }),
  fc.anything({ maxDepth: 4, withNullPrototype: true }),
  fc.letrec((tie) => ({
    deep: fc.oneof(
      { depthSize: 'small' },
      fc.record({ text: messageText }),
      fc.record({ elements: fc.array(tie('deep'), { maxLength: 2 }) }),
    ),
  })).deep,
);

const attachment: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      text: messageText,
      fallback: messageText,
      pretext: messageText,
      title: messageText,
      title_link: fc.oneof(mention, hostileText(200)),
      fields: fc.array(fc.record({ title: messageText, value: messageText }), { maxLength: 3 }),
      blocks: fc.array(block, { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
  fc.anything({ maxDepth: 3 }),
);

/** The `message` of a shortcut payload: any of its fields may be missing or of the wrong type. */
const shortcutMessage = fc.record(
  {
    text: fc.oneof({ arbitrary: messageText, weight: 8 }, { arbitrary: oddValue, weight: 1 }),
    blocks: fc.oneof({ arbitrary: fc.array(block, { maxLength: 4 }), weight: 4 }, { arbitrary: oddValue, weight: 1 }),
    attachments: fc.oneof(
      { arbitrary: fc.array(attachment, { maxLength: 3 }), weight: 4 },
      { arbitrary: oddValue, weight: 1 },
    ),
    thread_ts: fc.oneof(fc.constant('1700000000.000100'), hostileText(40), oddValue),
    ts: fc.oneof({ arbitrary: fc.constant('1700000000.000200'), weight: 3 }, { arbitrary: hostileText(40), weight: 1 }),
  },
  { requiredKeys: [] },
);

/** The payload's own `message_ts`: usually there, sometimes missing or not a timestamp. */
const messageTs = fc.oneof(
  { arbitrary: fc.constant('1700000000.000300'), weight: 3 },
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: hostileText(20), weight: 1 },
);

/** Where the shortcut was used, and which parts of the payload are there. */
const where = fc.record({
  responseUrl: fc.boolean(),
  channel: fc.oneof({ arbitrary: fc.constant('C0SHORT001'), weight: 8 }, { arbitrary: hostileText(30), weight: 1 }),
  user: fc.oneof({ arbitrary: fc.constant('U00000001'), weight: 8 }, { arbitrary: hostileText(30), weight: 1 }),
  message: fc.constantFrom('present', 'present', 'present', 'present', 'present', 'present', 'missing', 'odd'),
});

describe('finding pipeline ids (pure)', () => {
  it('any text gives canonical, distinct ids in order, each written in the text (20,000 cases)', () => {
    fc.assert(
      fc.property(messageText, fc.boolean(), (text, withTemplate) => {
        const ids = extractPipelineIds(text, containerOpsIds(withTemplate ? CONSOLE : null));
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) {
          expect(id).toMatch(CANONICAL_ID);
          expect(text).toContain(id);
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('finds the same ids however much near-miss text surrounds them, up to what it reads (1,000 cases)', () => {
    // Digit-free near misses of every form the scan looks for: none is an id, none can end in one.
    const nearMiss = fc
      .array(
        fc.constantFrom('pipeline ', 'pipeline id: ', 'pipeline no. ', '#', 'id ', '/pipelines/', '?pipelineId=', ' '),
        { maxLength: 4_000 },
      )
      .map((parts) => parts.join(''));
    // A line with a lone dot between them: no form spans it.
    const SEP = '\n.\n';
    const READ = 40_000;
    fc.assert(
      fc.property(messageText, nearMiss, nearMiss, fc.boolean(), (text, before, after, withTemplate) => {
        const ids = containerOpsIds(withTemplate ? CONSOLE : null);
        const room = Math.max(0, Math.floor((READ - text.length - 2 * SEP.length) / 2));
        const padded = `${before.slice(0, room)}${SEP}${text}${SEP}${after.slice(0, room)}`;
        expect(extractPipelineIds(padded, ids)).toEqual(extractPipelineIds(text.slice(0, READ), ids));
      }),
      { numRuns: 1_000 },
    );
  });

  // How long a scan takes is a benchmark's question (bench/), not a test's.
  it('any message shape is read without throwing (10,000 cases)', () => {
    fc.assert(
      fc.property(shortcutMessage, (message) => {
        const ids = findPipelineIdsInMessage(message as MessageLike, containerOpsIds(CONSOLE));
        expect(Array.isArray(ids)).toBe(true);
        for (const id of ids) expect(id).toMatch(CANONICAL_ID);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('"Find pipelines" on any message, through the real HTTP receiver', () => {
  let bot: FuzzBot;
  beforeAll(async () => {
    bot = await startFuzzBot({ SWR_CONSOLE_URL_TEMPLATE: CONSOLE });
    // "Another team's pipeline": SWR says the bot's account may not read it.
    bot.h.sim.control.setFault(29505, { status: 403 });
  });
  afterAll(async () => {
    await bot.close();
  });

  it('acks with 200; one card or one clear private note per id shown, or one note; valid and ping-free (1,000 cases)', async () => {
    const { h } = bot;
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(shortcutMessage, where, messageTs, async (message, w, tsOfMessage) => {
        const withResponseUrl = w.responseUrl;
        h.fake.reset();
        const responseUrl = h.fake.responseUrl();
        const path = new URL(responseUrl).pathname;
        const payload = {
          type: 'message_action',
          token: 'legacy-verification-token',
          action_ts: nextTriggerId(),
          team: { id: 'T00000001', domain: 'acme' },
          user: { id: w.user, name: 'alice', team_id: 'T00000001' },
          channel: { id: w.channel, name: 'deploys' },
          callback_id: SHORTCUT_FIND_PIPELINES,
          trigger_id: nextTriggerId(),
          ...(tsOfMessage === undefined ? {} : { message_ts: tsOfMessage }),
          ...(w.message === 'present'
            ? { message: { type: 'message', user: 'U00000002', ...message } }
            : w.message === 'odd'
              ? { message: 'not a message' }
              : {}),
          ...(withResponseUrl ? { response_url: responseUrl } : {}),
        };
        const input = JSON.stringify(payload);
        const mark = h.logs.length;
        const { reply, calls, log } = await exchange(h, () => h.slack.interaction(payload));
        // 200: acknowledged within Slack's 3 s (Bolt answers 404 to a request not acknowledged by then).
        expect(reply.status).toBe(200);
        expect(log.msg, 'the request finished').toBe('slack request');
        outcomes.add(String(log.outcome));

        const read = w.message === 'present' ? message : {};
        const ids = findPipelineIdsInMessage(read as MessageLike, containerOpsIds(CONSOLE));
        const posts = calls.filter((c) => c.method === 'chat.postMessage');
        const notes = privateAnswers(calls, withResponseUrl ? path : undefined);
        const shown = ids.slice(0, SHORTCUT_MAX);
        // A channel id that is not Slack's is no channel: nothing is posted or sent there.
        const channel = /^[A-Z0-9]{2,40}$/.test(w.channel) ? w.channel : null;
        const user = /^[A-Z0-9]{2,40}$/.test(w.user) ? w.user : null;
        if (String(log.outcome).startsWith('refused_')) {
          // Someone the workspace does not know (the gate asked Slack): one refusal, privately, and nothing posted.
          expect(posts).toHaveLength(0);
          expect(notes.length).toBeLessThanOrEqual(1);
        } else if (!withResponseUrl && (channel === null || user === null)) {
          // Nobody can be answered privately: nothing is sent privately, and a private answer owed is logged.
          expect(notes).toHaveLength(0);
          const unanswered = h.logs
            .slice(mark)
            .some((l) => l.msg === 'could not answer the person who asked: nothing reaches them');
          if (ids.length === 0) expect(unanswered).toBe(true);
        } else if (ids.length === 0) {
          expect(posts).toHaveLength(0);
          expect(notes).toHaveLength(1);
        } else {
          // Every id shown is answered, in the thread or privately; beyond three, "more found" is said once.
          const said = [...posts, ...notes].map((c) => JSON.stringify(c.body)).join('\n');
          for (const id of shown) expect(said, `id ${id}`).toContain(id);
          expect(said.includes('I showed the first'), 'more found').toBe(ids.length > shown.length);
          // A response_url takes five posts: the private side never needs more.
          expect(notes.length).toBeLessThanOrEqual(5);
          expect(posts.length).toBeLessThanOrEqual(shown.length);
        }
        // In the message's thread, or privately when the payload names no message timestamp to thread on.
        const thread = [read.thread_ts, read.ts, tsOfMessage].find(
          (ts) => typeof ts === 'string' && /^\d{1,12}\.\d{1,8}$/.test(ts),
        );
        if (thread === undefined || channel === null) expect(posts).toHaveLength(0);
        for (const post of posts) expect(post.body).toMatchObject({ channel, thread_ts: thread });
        expectCleanMessages(calls, input);
        expect(bot.crashes).toEqual([]);
      }),
      { numRuns: 1_000 },
    );
    expect(bot.crashes).toEqual([]);
    // The generator reaches every branch: nothing found, cards, and SWR failures (403, 404).
    for (const outcome of ['nothing_found', 'ok', 'api_forbidden', 'api_not_found'])
      expect(outcomes).toContain(outcome);
  }, 60_000);
});
