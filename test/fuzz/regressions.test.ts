/**
 * The inputs the bad-input fuzz tests (issue 6) found breaking the bot, each kept as a plain example: what it did
 * before, what it does now.
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { containerOpsIds } from '../../src/backends/containerops/ids.js';
import { CONTAINEROPS_STATUSES } from '../../src/backends/containerops/map.js';
import { BackendError } from '../../src/domain/backend-error.js';
import { mapStatus } from '../../src/domain/status.js';
import {
  ACTION_PICK,
  ACTION_REFRESH,
  ACTION_SHARE,
  ACTION_UNWATCH,
  ACTION_WATCH,
  SHORTCUT_FIND_PIPELINES,
} from '../../src/render/action-ids.js';
import { renderErrorMessage } from '../../src/render/error-message.js';
import { renderPipelineMessage } from '../../src/render/pipeline-card.js';
import {
  renderUnwatchConfirmation,
  renderWatchConfirmation,
  renderWatchList,
} from '../../src/render/watch-command-messages.js';
import { parsePipelineCommand } from '../../src/slack/command-parser.js';
import { runFromRaw } from '../helpers/containerops-run.js';
import { nextTriggerId } from '../helpers/slack-request.js';
import { checkMessage } from '../render/block-kit-check.js';
import { answerProblems } from './answer-check.js';
import { exchange, type FuzzBot, startFuzzBot } from './fuzz-bot.js';

/** ContainerOps' id syntax, without a console link template. */
const IDS = containerOpsIds();

describe('pure', () => {
  it('an id with leading zeros is the id without them (was "029476": unwatch missed the watch of 29476)', () => {
    expect(parsePipelineCommand('unwatch 029476', IDS)).toEqual({ kind: 'unwatch', id: '29476' });
    expect(parsePipelineCommand('watch #0029476 all', IDS)).toEqual({ kind: 'watch', id: '29476', filter: 'all' });
    expect(parsePipelineCommand('00', IDS)).toEqual({ kind: 'show', id: '0' });
    // 19 characters, 16 digits after the zeros: was a name search.
    expect(parsePipelineCommand('0001000000000000000', IDS)).toEqual({ kind: 'show', id: '1000000000000000' });
  });

  it('an unwatch answer escapes the id it echoes (was "#<!channel> watch" — a channel ping)', () => {
    const m = renderUnwatchConfirmation({
      locale: 'en',
      removed: false,
      pipelineName: null,
      pipelineId: '<!channel> watch ',
    });
    expect(checkMessage(m)).toEqual([]);
    expect(m.text).toContain('&lt;!channel&gt;');
  });

  it('a Slack error code or status named like an Object.prototype property is data (was "[object Object]")', () => {
    const cannot = renderWatchConfirmation(
      { kind: 'cannot_post', reason: '__proto__' },
      { locale: 'en', pipelineName: 'p', pipelineId: '1' },
    );
    expect(cannot.text).not.toContain('[object Object]');
    expect(cannot.text).toContain('__proto__');
    const list = renderWatchList(
      [
        {
          pipelineId: '1',
          pipelineName: 'p',
          filter: 'all',
          health: { kind: 'paused', reason: 'constructor', since: null },
        },
      ],
      { locale: 'en' },
    );
    expect(list.text).not.toMatch(/function|native code/);
    for (const status of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(mapStatus(status, CONTAINEROPS_STATUSES).state).toBe('unknown');
      const card = renderPipelineMessage(runFromRaw({ id: 1, name: 'p', status: { status } }), {
        now: new Date('2024-05-01T12:00:00Z'),
        locale: 'en',
      });
      expect(answerProblems(card as never, status)).toEqual([]);
    }
  });

  it('a list with holes is read as a list of empty entries (was a TypeError in the card)', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    const pipeline = runFromRaw({ id: 0, stages: [, { name: 'b' }], status: { stages: [,] } });
    expect(pipeline.stages.map((s) => s.name)).toEqual(['', 'b']);
    expect(pipeline.stages.map((s) => s.status?.raw ?? null)).toEqual(['unknown', null]);
    const card = renderPipelineMessage(pipeline, { now: new Date('2024-05-01T12:00:00Z'), locale: 'en' });
    expect(checkMessage(card)).toEqual([]);
  });

  it('a lone surrogate in a name becomes U+FFFD (was sent as is: the Web API client cannot encode it)', () => {
    const card = renderPipelineMessage(runFromRaw({ id: 1, name: 'build \ud800', stages: [{ name: '\udfff' }] }), {
      now: new Date('2024-05-01T12:00:00Z'),
      locale: 'en',
    });
    expect(answerProblems(card as never, '')).toEqual([]);
    expect(card.text).toContain('build \ufffd');
  });

  it('"not a pipeline id" with nothing to name says "That" (was "the pipeline is not a pipeline id")', () => {
    const m = renderErrorMessage(new BackendError('invalid_id'), { id: '  ', locale: 'en' });
    expect(m.text).toMatch(/^⚠️ That is not a pipeline id/);
  });
});

describe('through the real HTTP receiver', () => {
  let bot: FuzzBot;
  beforeAll(async () => {
    bot = await startFuzzBot();
  });
  afterAll(async () => {
    await bot.close();
  });
  beforeEach(() => {
    bot.h.fake.reset();
  });

  const click = (actionId: string, value: unknown, extra: Record<string, unknown> = {}, responseUrl?: string) => ({
    type: 'block_actions',
    team: { id: 'T00000001', domain: 'acme' },
    user: { id: 'U00000001', name: 'alice', team_id: 'T00000001' },
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: 'C00000001', is_ephemeral: true },
    channel: { id: 'C00000001', name: 'deploys' },
    trigger_id: nextTriggerId(),
    response_url: responseUrl ?? bot.h.fake.responseUrl(),
    actions: [{ type: 'button', action_id: actionId, block_id: 'b1', value, action_ts: nextTriggerId() }],
    ...extra,
  });

  it.each([
    [ACTION_REFRESH, '', 'was "⚠️ the pipeline is not a pipeline id"'],
    [ACTION_SHARE, 'abc', 'was "Slack refused the message"'],
    [ACTION_PICK, '{"id":29476}', 'was an echo of the value as "not a pipeline id"'],
    [ACTION_WATCH, '-1', 'was an echo of the value as "not a pipeline id"'],
    [ACTION_UNWATCH, '<!channel>', 'was "You were not watching #<!channel>": a channel ping'],
  ])('%s with the value %j says the button is out of date (%s)', async (actionId, value) => {
    const { h } = bot;
    const { reply, calls } = await exchange(h, () => h.slack.interaction(click(actionId, value)));
    expect(reply.status).toBe(200);
    const answers = calls.filter((c) => c.method === 'response_url');
    expect(answers).toHaveLength(1);
    expect(String(answers[0]?.body.text)).toMatch(/out of date/);
    expect(answerProblems(answers[0]?.body ?? {}, '')).toEqual([]);
  });

  it('an unknown action id is acknowledged at once and answered (was no ack: Slack showed an error after 3 s)', async () => {
    const { h } = bot;
    const { reply, calls, log } = await exchange(h, () => h.slack.interaction(click('pipeline_retry_v1', '29476')));
    // 200, not Bolt's 404 for a request nobody acknowledged within 3 s; and acknowledged before it was answered.
    expect(reply.status).toBe(200);
    expect(log.outcome).toBe('unknown_action');
    expect(typeof log.ackMs).toBe('number');
    expect(Number(log.ackMs)).toBeLessThanOrEqual(Number(log.ms));
    expect(String(calls.find((c) => c.method === 'response_url')?.body.text)).toMatch(/out of date/);
  });

  it('a click without response_url is answered with chat.postEphemeral (was "respond is not a function")', async () => {
    const { h } = bot;
    const payload = click(ACTION_REFRESH, '29476');
    delete (payload as Record<string, unknown>).response_url;
    const { reply, calls, log } = await exchange(h, () => h.slack.interaction(payload));
    expect(reply.status).toBe(200);
    expect(log.outcome).toBe('ok');
    const ephemeral = calls.filter((c) => c.method === 'chat.postEphemeral');
    expect(ephemeral).toHaveLength(1);
    expect(ephemeral[0]?.body).toMatchObject({ channel: 'C00000001', user: 'U00000001' });
    expect(String(ephemeral[0]?.body.text)).toContain('test4');
  });

  it('a click without container is answered (was a TypeError reading container.channel_id)', async () => {
    const { h } = bot;
    const payload = click(ACTION_SHARE, '29476');
    delete (payload as Record<string, unknown>).container;
    const { reply, calls, log } = await exchange(h, () => h.slack.interaction(payload));
    expect(reply.status).toBe(200);
    expect(log.outcome).toBe('ok');
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
  });

  it('Share of a pipeline whose name holds a lone surrogate posts the card (was a 30-minute retry loop: hung)', async () => {
    const { h } = bot;
    const raw = h.sim.control.pipeline(29503) as Record<string, unknown>;
    h.sim.control.setPipeline(29503, { ...raw, name: 'demo \ud83d' });
    try {
      const { reply, calls, log } = await exchange(h, () => h.slack.interaction(click(ACTION_SHARE, '29503')));
      expect(reply.status).toBe(200);
      // The request finished (its line is written when the listener ended) with the card posted once.
      expect(log).toMatchObject({ msg: 'slack request', outcome: 'ok' });
      const posts = calls.filter((c) => c.method === 'chat.postMessage');
      expect(posts).toHaveLength(1);
      expect(String(posts[0]?.body.text)).toContain('demo \ufffd');
    } finally {
      h.sim.control.reset();
    }
  });

  it('a click from a conversation id that is not Slack’s gets no Web API call (was a 30-minute retry loop)', async () => {
    const { h } = bot;
    const payload = click(ACTION_REFRESH, 'x', { channel: { id: '\udfff' } });
    (payload.container as Record<string, unknown>).channel_id = '\udfff';
    delete (payload as Record<string, unknown>).response_url;
    const { reply, calls, log } = await exchange(h, () => h.slack.interaction(payload));
    expect(reply.status).toBe(200);
    // The request finished (no retry loop holds it): its line says how.
    expect(log).toMatchObject({ msg: 'slack request', outcome: 'bad_payload' });
    // Nobody to answer: no response_url, and no conversation to post an ephemeral message in.
    expect(calls).toHaveLength(0);
  });

  it('a shortcut on a message without a timestamp answers privately (was a card posted at the channel’s top)', async () => {
    const { h } = bot;
    const responseUrl = h.fake.responseUrl();
    const { calls } = await exchange(h, () =>
      h.slack.interaction({
        type: 'message_action',
        callback_id: SHORTCUT_FIND_PIPELINES,
        trigger_id: nextTriggerId(),
        team: { id: 'T00000001' },
        user: { id: 'U00000001', team_id: 'T00000001' },
        channel: { id: 'C00000001' },
        message: { type: 'message', text: 'see pipeline 29476' },
        response_url: responseUrl,
      }),
    );
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
    const answers = calls.filter((c) => c.method === 'response_url');
    expect(answers).toHaveLength(1);
    expect(String(answers[0]?.body.text)).toContain('test4');
  });

  it('a shortcut whose payload has no message says it found nothing (was a TypeError: silence)', async () => {
    const { h } = bot;
    const { reply, calls, log } = await exchange(h, () =>
      h.slack.interaction({
        type: 'message_action',
        callback_id: SHORTCUT_FIND_PIPELINES,
        trigger_id: nextTriggerId(),
        team: { id: 'T00000001' },
        user: { id: 'U00000001', team_id: 'T00000001' },
        channel: { id: 'C00000001' },
        response_url: h.fake.responseUrl(),
      }),
    );
    expect(reply.status).toBe(200);
    expect(log.outcome).toBe('nothing_found');
    expect(String(calls.find((c) => c.method === 'response_url')?.body.text)).toMatch(/found no pipeline id/);
  });
});
