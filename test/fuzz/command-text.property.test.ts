/**
 * Issue 6, bad input — the text after `/pipeline`. Pure properties (tens of thousands of cases) on the parser and
 * on every message that echoes the text back; then the real thing: signed commands through Bolt's HTTP receiver,
 * SWR served by the simulator, each answer checked as Slack would see it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { containerOpsIds } from '../../src/backends/containerops/ids.js';
import { BACKEND_ERROR_KINDS, BackendError, type BackendErrorKind } from '../../src/domain/backend-error.js';
import type { Locale } from '../../src/domain/locale.js';
import { ACTION_UNWATCH } from '../../src/render/action-ids.js';
import { renderErrorMessage } from '../../src/render/error-message.js';
import { escapeMrkdwn, fitBuilt, fitEscaped, oneLine } from '../../src/render/escape.js';
import { renderNotice } from '../../src/render/notice-message.js';
import { renderNoMatchMessage, renderPickList } from '../../src/render/pick-list.js';
import type { SlackMessage } from '../../src/render/types.js';
import { renderUsageMessage } from '../../src/render/usage-message.js';
import { renderWaitingMessage } from '../../src/render/waiting-message.js';
import { renderUnwatchConfirmation, renderWatchConfirmation } from '../../src/render/watch-command-messages.js';
import { MAX_COMMAND_TEXT, MAX_NAME_LENGTH, parsePipelineCommand } from '../../src/slack/command-parser.js';
import { escapingProblems } from '../render/block-kit-check.js';
import { loadFixture } from '../render/fixtures.js';
import { answerProblems } from './answer-check.js';
import {
  CONFIGURED_MENTIONS,
  exchange,
  expectCleanMessages,
  type FuzzBot,
  privateAnswers,
  startFuzzBot,
} from './fuzz-bot.js';
import { hostileText } from './hostile.js';

/** ContainerOps' id syntax, without a console link template. */
const IDS = containerOpsIds();

const locale = fc.constantFrom<Locale>('en', 'zh-CN');
const CANONICAL_ID = /^(?:0|[1-9]\d{0,17})$/;
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u;
const USAGE_PROBLEMS = new Set([
  'too_long',
  'list_takes_nothing',
  'watch_needs_id',
  'watch_filter',
  'unwatch_needs_id',
  'only_share_after_id',
  'link_without_one_id',
  'unreadable',
]);
const CONSOLE = 'https://console.example.com/swr/#/pipeline/{id}/detail';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The messages the bot can answer a request about `subject` with, before or without SWR (pure). */
const pipeline = loadFixture('running-review');
function echoingMessages(subject: string, loc: Locale, kind: BackendErrorKind): SlackMessage[] {
  const messages: SlackMessage[] = [
    renderWaitingMessage({ subject, kind: 'id', locale: loc }),
    renderWaitingMessage({ subject, kind: 'name', locale: loc }),
    renderNoMatchMessage({ query: subject, locale: loc }),
    renderPickList([pipeline, pipeline], { query: subject, total: 12, locale: loc }),
    renderNotice({ kind: 'shared', id: subject }, loc),
    renderUnwatchConfirmation({ locale: loc, removed: false, pipelineName: null, pipelineId: subject }),
    renderUnwatchConfirmation({ locale: loc, removed: true, pipelineName: subject, pipelineId: subject }),
    renderWatchConfirmation(
      { kind: 'watching', filter: 'all', cardPosted: false },
      {
        locale: loc,
        pipelineName: null,
        pipelineId: subject,
      },
    ),
    renderWatchConfirmation(
      { kind: 'cannot_post', reason: subject },
      { locale: loc, pipelineName: subject, pipelineId: subject },
    ),
  ];
  const error = new BackendError(kind, { code: subject, requestId: subject, retryAfterSeconds: 3 });
  messages.push(renderErrorMessage(error, { id: subject, locale: loc }));
  messages.push(renderErrorMessage(new TypeError(subject), { id: subject, locale: loc }));
  return messages;
}

describe('the command parser (pure)', () => {
  it('reads any text into a known command whose parts are safe to use (20,000 cases)', () => {
    fc.assert(
      fc.property(hostileText(), fc.boolean(), (text, withTemplate) => {
        const parsed = parsePipelineCommand(text, containerOpsIds(withTemplate ? CONSOLE : null));
        switch (parsed.kind) {
          case 'show':
          case 'share':
          case 'unwatch':
            expect(parsed.id).toMatch(CANONICAL_ID);
            break;
          case 'watch':
            expect(parsed.id).toMatch(CANONICAL_ID);
            expect(['changes', 'failures', 'all']).toContain(parsed.filter);
            break;
          case 'search':
            expect(parsed.name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
            expect(parsed.name).toMatch(NAME);
            break;
          case 'usage':
            expect(USAGE_PROBLEMS.has(parsed.problem)).toBe(true);
            break;
          case 'help':
          case 'list':
            break;
          default:
            expect.unreachable(`unknown kind ${JSON.stringify(parsed)}`);
        }
        if (text.trim().length > MAX_COMMAND_TEXT) expect(parsed).toEqual({ kind: 'usage', problem: 'too_long' });
      }),
      { numRuns: 20_000 },
    );
  });

  it('an id written with leading zeros is the same id (10,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.nat({ max: 3 }),
        fc.constantFrom('', '#'),
        fc.constantFrom('', 'watch ', 'unwatch '),
        (n, zeros, hash, verb) => {
          const written = `${verb}${hash}${'0'.repeat(zeros)}${n}`;
          const parsed = parsePipelineCommand(written, IDS);
          expect(parsed).toHaveProperty('id', String(n));
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe('messages that echo the text (pure)', () => {
  it('every message built from any text is valid Block Kit and pings nobody (10,000 cases × 12 messages)', () => {
    fc.assert(
      fc.property(hostileText(), locale, fc.constantFrom(...BACKEND_ERROR_KINDS), (text, loc, kind) => {
        const parsed = parsePipelineCommand(text, IDS);
        const subjects = new Set([text]);
        if ('id' in parsed) subjects.add(parsed.id);
        if ('name' in parsed) subjects.add(parsed.name);
        for (const subject of subjects) {
          for (const message of echoingMessages(subject, loc, kind)) {
            expect(answerProblems(message as unknown as Record<string, unknown>, text, CONFIGURED_MENTIONS)).toEqual(
              [],
            );
          }
        }
        const usage = renderUsageMessage({
          locale: loc,
          problem: parsed.kind === 'usage' ? parsed.problem : undefined,
        });
        expect(answerProblems(usage as unknown as Record<string, unknown>, '')).toEqual([]);
      }),
      { numRuns: 10_000 },
    );
  }, 60_000);

  it('escaping: fits its length, one line, no markup left, no lone surrogate or half entity (30,000 cases)', () => {
    fc.assert(
      fc.property(hostileText(4_000), fc.integer({ min: 0, max: 3_100 }), (text, max) => {
        const fitted = fitEscaped(text, max);
        expect(fitted.length).toBeLessThanOrEqual(max);
        expect(escapingProblems(fitted)).toEqual([]);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is checked
        expect(fitted).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/);
        expect(fitted).not.toMatch(LONE_SURROGATE);
        const unescaped = escapeMrkdwn(text).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
        expect(unescaped).toBe(text);
        const built = fitBuilt(escapeMrkdwn(oneLine(text)), max);
        expect(built.length).toBeLessThanOrEqual(max);
        expect(escapingProblems(built)).toEqual([]);
      }),
      { numRuns: 30_000 },
    );
  });
});

describe('/pipeline <anything> through the real HTTP receiver', () => {
  let bot: FuzzBot;
  beforeAll(async () => {
    bot = await startFuzzBot({ SWR_CONSOLE_URL_TEMPLATE: CONSOLE });
  });
  afterAll(async () => {
    await bot.close();
  });
  beforeEach(() => {
    bot.h.fake.reset();
  });

  it('acks with 200 and gives exactly one clear, valid, ping-free answer (1,000 cases)', async () => {
    const { h } = bot;
    await fc.assert(
      fc.asyncProperty(
        hostileText(),
        fc.oneof(
          { arbitrary: fc.constantFrom('C00000001', 'C0FUZZ0001', 'D0DIRECT01'), weight: 8 },
          { arbitrary: hostileText(30), weight: 1 },
        ),
        async (text, channel) => {
          h.fake.reset();
          const responseUrl = h.fake.responseUrl();
          const path = new URL(responseUrl).pathname;
          const { reply, calls, log } = await exchange(h, () =>
            h.slack.command({ text, response_url: responseUrl, channel_id: channel }),
          );
          // 200: acknowledged within Slack's 3 s (Bolt answers 404 to a request not acknowledged by then).
          expect(reply.status).toBe(200);
          expect(log.msg, 'the request finished').toBe('slack request');
          expect(log.outcome).not.toBe('error');
          // One answer to the person who typed it: a private message, or the card shared in the channel. A watch
          // also posts its live card (the one with Stop watching), which is not an answer to the person.
          const shared = calls.filter(
            (c) => c.method === 'chat.postMessage' && !JSON.stringify(c.body.blocks ?? []).includes(ACTION_UNWATCH),
          );
          const answers = [...privateAnswers(calls, path), ...shared];
          expect(answers, `answers to ${JSON.stringify(text.slice(0, 200))}`).toHaveLength(1);
          expectCleanMessages(calls, text);
          expect(bot.crashes).toEqual([]);
        },
      ),
      { numRuns: 1_000 },
    );
    expect(bot.crashes).toEqual([]);
  }, 60_000);
});
