/**
 * Real payloads, as Slack and its SDKs publish them (test/fixtures/slack-payloads, sources in SOURCES.md), sent
 * through the bot's real receiver: commands from channels and Enterprise Grid (org installs among them), message
 * shortcuts, block actions on ephemeral and posted messages, in threads and with legacy attachments. Each keeps its
 * published shape — empty fields, `null`s, enterprise objects — and only what makes it ours is replaced: the ids
 * (anonymised in the sources: `T_expected` is no Slack id) are the workspace's, the command is `/pipeline`, the
 * callback and action ids are the bot's. The bot must take every shape Slack sends: 200, and a real answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_REFRESH, SHORTCUT_FIND_PIPELINES } from '../../src/render/action-ids.js';
import {
  commandForm,
  interactionPayload,
  SLACK_PAYLOAD_NAMES,
  type SlackPayload,
  type SlackPayloadName,
  slackPayloadKind,
} from '../fixtures/slack-payloads/index.js';
import { slackUser } from '../helpers/fake-slack.js';
import { type Harness, startHarness, textOf, waitForLog } from './bot-harness.js';

const TEAM = 'T111';
const ENTERPRISE = 'E111';
const USER = 'W111';
const CHANNEL = 'C111';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({}, {}, { teamId: TEAM, enterpriseId: ENTERPRISE });
  h.fake.addUser(slackUser('member', USER, { team_id: TEAM }));
});
afterAll(async () => {
  await h.close();
});

const pathOf = (url: string): string => new URL(url).pathname;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The workspace's ids where the payload has ids; every other field as published. */
function ours(payload: SlackPayload): SlackPayload {
  if (isObject(payload.team)) payload.team = { ...payload.team, id: TEAM };
  if (isObject(payload.user))
    payload.user = { ...payload.user, id: USER, ...('team_id' in payload.user ? { team_id: TEAM } : {}) };
  if (isObject(payload.channel)) payload.channel = { ...payload.channel, id: CHANNEL };
  if (isObject(payload.container) && 'channel_id' in payload.container)
    payload.container = { ...payload.container, channel_id: CHANNEL };
  if (isObject(payload.enterprise)) payload.enterprise = { ...payload.enterprise, id: ENTERPRISE };
  return payload;
}

const INTERACTIONS = SLACK_PAYLOAD_NAMES.filter(
  (name) => slackPayloadKind(name) === 'interaction' && !name.startsWith('view-'),
);
const COMMANDS = SLACK_PAYLOAD_NAMES.filter((name) => slackPayloadKind(name) === 'command');

/** Sends `body`; resolves with the reply and the request's log line once the listener is done. */
async function send(body: () => Promise<{ status: number }>) {
  const mark = h.logs.length;
  const reply = await body();
  const line = reply.status === 200 ? await waitForLog(h, (l) => l.msg === 'slack request', undefined, mark) : null;
  return { reply, line };
}

describe.each(COMMANDS)('%s', (name: SlackPayloadName) => {
  it('/pipeline 29476 → 200 and the card at its response_url', async () => {
    const responseUrl = h.fake.responseUrl();
    const overrides = {
      responseUrl,
      command: '/pipeline',
      text: '29476',
      team_id: TEAM,
      user_id: USER,
      channel_id: CHANNEL,
    };
    const { reply, line } = await send(() => h.slack.send(commandForm(name, overrides)));
    expect(reply.status).toBe(200);
    expect(line?.outcome).toBe('ok');
    expect(textOf(h.fake.calls.find((c) => c.path === pathOf(responseUrl)))).toContain('test4');
  });
});

describe('a command from outside Enterprise Grid (its enterprise fields sent empty)', () => {
  it('is read as having none: 200 and the card', async () => {
    const responseUrl = h.fake.responseUrl();
    const form = commandForm('command-channel', {
      responseUrl,
      command: '/pipeline',
      text: '29476',
      team_id: TEAM,
      user_id: USER,
      channel_id: CHANNEL,
      enterprise_id: '',
      enterprise_name: '',
      team_domain: '',
    });
    const { reply, line } = await send(() => h.slack.send(form));
    expect(reply.status).toBe(200);
    expect(line?.outcome).toBe('ok');
  });
});

describe.each(INTERACTIONS)('%s', (name: SlackPayloadName) => {
  it('→ 200 and an answer', async () => {
    const responseUrl = h.fake.responseUrl();
    const payload = ours(interactionPayload(name, { responseUrl }));
    if (payload.type === 'message_action') {
      payload.callback_id = SHORTCUT_FIND_PIPELINES;
      payload.message = { ...(isObject(payload.message) ? payload.message : {}), text: 'see pipeline 29476' };
    } else {
      const [first] = Array.isArray(payload.actions) ? payload.actions : [];
      payload.actions = [
        { ...(isObject(first) ? first : {}), type: 'button', action_id: ACTION_REFRESH, value: '29476' },
      ];
      // A click on a posted card edits it: the fake Slack must hold the message clicked.
      const ts = isObject(payload.container) ? payload.container.message_ts : undefined;
      if (payload.container?.is_ephemeral !== true && typeof ts === 'string')
        h.fake.seedMessage({ channel: CHANNEL, ts });
    }
    const { reply, line } = await send(() => h.slack.interaction(payload));
    expect(reply.status).toBe(200);
    expect(line?.outcome).toBe('ok');
    const answered = h.fake.calls.filter(
      (c) => c.path === pathOf(responseUrl) || c.method === 'chat.postMessage' || c.method === 'chat.update',
    );
    expect(answered.map((c) => textOf(c)).join('\n')).toContain('test4');
  });
});
