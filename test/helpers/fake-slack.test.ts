/** The fake Slack itself, over real HTTP: each rule it models (FAKE-SLACK.md), one test each. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FAKE_BOT_USER_ID,
  FAKE_USER_ID,
  type FakeSlack,
  RESPONSE_URL_TTL_MS,
  slackUser,
  startFakeSlack,
} from './fake-slack.js';

const TOKEN = 'xoxb-fake-slack-test';
let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack({ teamId: 'T0TEAM0001', enterpriseId: 'E0GRID0001' });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

type Body = Record<string, unknown>;

/** Calls a Web API method with a JSON body (or a form, as Bolt's WebClient sends), with the bot token by default. */
async function api(method: string, body: Body = {}, options: { token?: string | null; form?: boolean } = {}) {
  const token = options.token === undefined ? TOKEN : options.token;
  const headers: Record<string, string> = {
    'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json; charset=utf-8',
  };
  if (token) headers.authorization = `Bearer ${token}`;
  const encoded = options.form
    ? new URLSearchParams(
        Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
      ).toString()
    : JSON.stringify(body);
  const res = await fetch(`${fake.apiUrl}${method}`, { method: 'POST', headers, body: encoded });
  expect(res.status).toBe(200);
  return (await res.json()) as Body;
}

/** Posts to a response URL as Bolt's `respond` does; returns status, content type and text. */
async function post(url: string, body: Body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, value = 'v') => ({
  type: 'button',
  action_id: `a${text.length}`,
  text: { type: 'plain_text', text },
  value,
});

describe('tokens and methods', () => {
  it('no token → not_authed, an unknown one → invalid_auth, an app token on a bot method → not_allowed_token_type', async () => {
    expect(await api('auth.test', {}, { token: null })).toEqual({ ok: false, error: 'not_authed' });
    expect(await api('auth.test', {}, { token: 'not-a-slack-token' })).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await api('chat.postMessage', { channel: 'C1', text: 'x' }, { token: 'xapp-1-A1-1-x' })).toMatchObject({
      error: 'not_allowed_token_type',
    });
  });

  it('a token in the form body works like the Authorization header', async () => {
    expect(await api('auth.test', { token: TOKEN }, { token: null, form: true })).toMatchObject({ ok: true });
  });

  it('a method Slack does not have answers unknown_method', async () => {
    expect(await api('chat.postMessagee', { channel: 'C1', text: 'x' })).toMatchObject({
      ok: false,
      error: 'unknown_method',
      req_method: 'chat.postMessagee',
    });
  });

  it('auth.test names the configured workspace and organisation', async () => {
    expect(await api('auth.test')).toMatchObject({
      ok: true,
      team_id: 'T0TEAM0001',
      enterprise_id: 'E0GRID0001',
      user_id: FAKE_BOT_USER_ID,
    });
  });
});

describe('chat.postMessage: what Slack accepts', () => {
  it('keeps a posted message in the channel’s history, from a form body as from JSON', async () => {
    const a = await api('chat.postMessage', { channel: 'C0DEPLOYS1', text: 'one', blocks: [section('one')] });
    const b = await api(
      'chat.postMessage',
      { channel: 'C0DEPLOYS1', text: 'two', blocks: [section('two')] },
      { form: true },
    );
    expect(a).toMatchObject({ ok: true, channel: 'C0DEPLOYS1', message: { text: 'one', user: FAKE_BOT_USER_ID } });
    expect(fake.messages('C0DEPLOYS1').map((m) => [m.ts, m.text])).toEqual([
      [a.ts, 'one'],
      [b.ts, 'two'],
    ]);
    expect(fake.messages('C0DEPLOYS1')[1]?.blocks).toEqual([section('two')]);
  });

  it('neither text nor blocks → no_text; text over 40,000 → msg_too_long; no usable channel → channel_not_found', async () => {
    expect(await api('chat.postMessage', { channel: 'C1' })).toEqual({ ok: false, error: 'no_text' });
    expect(await api('chat.postMessage', { channel: 'C1', text: '   ' })).toEqual({ ok: false, error: 'no_text' });
    expect(await api('chat.postMessage', { channel: 'C1', text: 'x'.repeat(40_001) })).toEqual({
      ok: false,
      error: 'msg_too_long',
    });
    expect(await api('chat.postMessage', { channel: '', text: 'x' })).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    expect(await api('chat.postMessage', { channel: '<!channel>', text: 'x' })).toMatchObject({
      error: 'channel_not_found',
    });
    expect(fake.messages()).toEqual([]);
  });

  it('blocks: [] on a new message → invalid_blocks, in Slack’s error shape', async () => {
    expect(await api('chat.postMessage', { channel: 'C1', text: 'x', blocks: [] })).toEqual({
      ok: false,
      error: 'invalid_blocks',
      errors: ['must provide at least 1 item [json-pointer:/blocks]'],
      response_metadata: { messages: ['[ERROR] must provide at least 1 item [json-pointer:/blocks]'] },
    });
  });

  it('blocks that are not JSON (form body) → invalid_blocks_format', async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ channel: 'C1', text: 'x', blocks: '[{"type":' }).toString(),
    });
    expect(await res.json()).toEqual({ ok: false, error: 'invalid_blocks_format' });
  });

  const refused: [string, unknown[], string][] = [
    [
      'an unknown block type',
      [{ type: 'sections', text: { type: 'mrkdwn', text: 'x' } }],
      'unsupported type: sections [json-pointer:/blocks/0/type]',
    ],
    [
      'an unknown element',
      [{ type: 'actions', elements: [{ type: 'buton', text: { type: 'plain_text', text: 'x' } }] }],
      'unsupported type: buton [json-pointer:/blocks/0/elements/0/type]',
    ],
    [
      '51 blocks',
      Array.from({ length: 51 }, () => ({ type: 'divider' })),
      'no more than 50 items allowed [json-pointer:/blocks]',
    ],
    [
      'section text of 3,001',
      [section('x'.repeat(3001))],
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ],
    ['an empty section text', [section('')], 'must be more than 0 characters [json-pointer:/blocks/0/text/text]'],
    [
      'a section with neither text nor fields',
      [{ type: 'section' }],
      'must define either `text` or `fields` [json-pointer:/blocks/0]',
    ],
    [
      '11 fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
      'no more than 10 items allowed [json-pointer:/blocks/0/fields]',
    ],
    [
      'a header of 151',
      [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      'must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    ],
    [
      'a mrkdwn header',
      [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }],
      'must be one of plain_text [json-pointer:/blocks/0/text/type]',
    ],
    [
      'a context of 11 elements',
      [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }],
      'no more than 10 items allowed [json-pointer:/blocks/0/elements]',
    ],
    [
      'actions of 26 elements',
      [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => ({ ...button('b'), action_id: `a${i}` })) }],
      'no more than 25 items allowed [json-pointer:/blocks/0/elements]',
    ],
    [
      'button text of 76',
      [{ type: 'actions', elements: [button('b'.repeat(76))] }],
      'must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
    ],
    [
      'a button value of 2,001',
      [{ type: 'actions', elements: [button('b', 'v'.repeat(2001))] }],
      'must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
    ],
    [
      'an action_id of 256',
      [{ type: 'actions', elements: [{ ...button('b'), action_id: 'a'.repeat(256) }] }],
      'must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]',
    ],
  ];
  it.each(refused)('%s → invalid_blocks naming the place', async (_name, blocks, message) => {
    const answer = await api('chat.postMessage', { channel: 'C1', text: 'fallback', blocks });
    expect(answer).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(answer.errors).toContain(message);
    expect((answer.response_metadata as Body).messages).toContain(`[ERROR] ${message}`);
  });

  it('limits are inclusive: 50 blocks, 3,000 / 150 / 75 / 2,000 characters, 10 context and 25 actions elements pass', async () => {
    const blocks = [
      section('x'.repeat(3000)),
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
      { type: 'context', elements: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'c' })) },
      {
        type: 'actions',
        elements: Array.from({ length: 25 }, (_, i) => ({
          ...button('b'.repeat(75), 'v'.repeat(2000)),
          action_id: `a${i}`,
        })),
      },
      ...Array.from({ length: 46 }, () => ({ type: 'divider' })),
    ];
    expect(blocks).toHaveLength(50);
    expect(await api('chat.postMessage', { channel: 'C1', text: 'x', blocks })).toMatchObject({ ok: true });
  });

  it('text across the blocks over 12,000 characters → msg_blocks_too_long (every block valid on its own)', async () => {
    const blocks = (n: number) => Array.from({ length: n }, () => section('x'.repeat(3000)));
    expect(await api('chat.postMessage', { channel: 'C1', text: 'x', blocks: blocks(4) })).toMatchObject({ ok: true });
    expect(await api('chat.postMessage', { channel: 'C1', text: 'x', blocks: [...blocks(4), section('y')] })).toEqual({
      ok: false,
      error: 'msg_blocks_too_long',
    });
  });

  it('a rich_text block with a date element passes; an unknown rich text element does not', async () => {
    const rich = (element: Body) => [
      { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [element] }] },
    ];
    const date = { type: 'date', timestamp: 1_700_000_000, format: '{ago}', fallback: '12 min ago' };
    expect(await api('chat.postMessage', { channel: 'C1', text: 'x', blocks: rich(date) })).toMatchObject({ ok: true });
    expect(await api('chat.postMessage', { channel: 'C1', text: 'x', blocks: rich({ type: 'clock' }) })).toMatchObject({
      error: 'invalid_blocks',
      errors: ['unsupported type: clock [json-pointer:/blocks/0/elements/0/elements/0/type]'],
    });
  });
});

describe('chat.update and chat.delete: only messages Slack has', () => {
  it('updates a posted message in place; an unknown ts → message_not_found', async () => {
    const posted = await api('chat.postMessage', { channel: 'C1', text: 'before', blocks: [section('before')] });
    expect(
      await api('chat.update', { channel: 'C1', ts: posted.ts, text: 'after', blocks: [section('after')] }),
    ).toMatchObject({
      ok: true,
      ts: posted.ts,
    });
    expect(fake.messages('C1')).toMatchObject([{ ts: posted.ts, text: 'after', blocks: [section('after')], edits: 1 }]);
    expect(await api('chat.update', { channel: 'C1', ts: '1600000000.000001', text: 'x' })).toEqual({
      ok: false,
      error: 'message_not_found',
    });
    expect(await api('chat.update', { channel: 'C2', ts: posted.ts, text: 'x' })).toMatchObject({
      error: 'message_not_found',
    });
  });

  it('an ephemeral message cannot be updated or deleted through the Web API: message_not_found', async () => {
    const eph = await api('chat.postEphemeral', { channel: 'C1', user: FAKE_USER_ID, text: 'only you' });
    expect(await api('chat.update', { channel: 'C1', ts: eph.message_ts, text: 'x' })).toMatchObject({
      error: 'message_not_found',
    });
    expect(await api('chat.delete', { channel: 'C1', ts: eph.message_ts })).toMatchObject({
      error: 'message_not_found',
    });
    expect(fake.ephemeralMessages(FAKE_USER_ID).map((m) => m.text)).toEqual(['only you']);
  });

  it('a deleted message is gone: updating it → message_not_found; someone else’s → cant_update_message', async () => {
    const posted = await api('chat.postMessage', { channel: 'C1', text: 'x' });
    expect(await api('chat.delete', { channel: 'C1', ts: posted.ts })).toMatchObject({ ok: true });
    expect(fake.messages('C1')).toEqual([]);
    expect(await api('chat.update', { channel: 'C1', ts: posted.ts, text: 'y' })).toMatchObject({
      error: 'message_not_found',
    });
    const theirs = fake.seedMessage({ channel: 'C1', text: 'a person wrote this', user: 'U0PERSON01' });
    expect(await api('chat.update', { channel: 'C1', ts: theirs.ts, text: 'y' })).toMatchObject({
      error: 'cant_update_message',
    });
    expect(await api('chat.delete', { channel: 'C1', ts: theirs.ts })).toMatchObject({ error: 'cant_delete_message' });
  });

  it('blocks: [] on chat.update clears the blocks (documented), with text', async () => {
    const posted = await api('chat.postMessage', { channel: 'C1', text: 'x', blocks: [section('x')] });
    expect(await api('chat.update', { channel: 'C1', ts: posted.ts, text: 'plain', blocks: [] })).toMatchObject({
      ok: true,
    });
    expect(fake.messages('C1')[0]).toMatchObject({ text: 'plain', blocks: undefined });
  });
});

describe('chat.postEphemeral', () => {
  it('needs a channel and a user; only that user sees the message', async () => {
    expect(await api('chat.postEphemeral', { user: FAKE_USER_ID, text: 'x' })).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    expect(await api('chat.postEphemeral', { channel: 'C1', text: 'x' })).toMatchObject({ error: 'invalid_arguments' });
    const answer = await api('chat.postEphemeral', { channel: 'C1', user: 'U0BOB00001', text: 'for bob' });
    expect(answer).toMatchObject({ ok: true, message_ts: expect.any(String) });
    expect(fake.ephemeralMessages('U0BOB00001').map((m) => m.text)).toEqual(['for bob']);
    expect(fake.visibleTo(FAKE_USER_ID)).toEqual([]);
    expect(fake.messages('C1')).toEqual([]);
  });

  it('to someone not in a known conversation → user_not_in_channel', async () => {
    fake.addConversation({ id: 'C0PRIVATE1', is_private: true, members: [FAKE_USER_ID] });
    expect(await api('chat.postEphemeral', { channel: 'C0PRIVATE1', user: 'U0BOB00001', text: 'x' })).toEqual({
      ok: false,
      error: 'user_not_in_channel',
    });
  });
});

describe("a command's response_url", () => {
  it('answers 200 "ok" as text; every post is a new ephemeral message, replace_original is ignored', async () => {
    const url = fake.responseUrl();
    expect(await post(url, { response_type: 'ephemeral', text: '⏳ Still waiting…' })).toEqual({
      status: 200,
      type: 'text/html',
      text: 'ok',
    });
    await post(url, { response_type: 'ephemeral', replace_original: true, text: 'the card' });
    expect(fake.ephemeralMessages(FAKE_USER_ID).map((m) => m.text)).toEqual(['⏳ Still waiting…', 'the card']);
    expect(fake.responseUrlState(url)).toMatchObject({ kind: 'command', uses: 2 });
    expect(fake.findings().map((f) => [f.kind, f.rule])).toEqual([['ignored', 'commandResponseUrls']]);
    expect(fake.findings()[0]?.test).toMatch(/fake-slack\.test\.ts > a command's response_url > answers 200/);
  });

  it('delete_original is ignored too: with nothing else in the body → 400 no_text', async () => {
    const url = fake.responseUrl();
    await post(url, { text: 'first' });
    expect(await post(url, { delete_original: true })).toMatchObject({ status: 400, text: 'no_text' });
    expect(fake.ephemeralMessages().map((m) => m.text)).toEqual(['first']);
  });

  it('response_type in_channel posts for everyone in the channel', async () => {
    const url = fake.responseUrl({ channel: 'C0DEPLOYS1' });
    await post(url, { response_type: 'in_channel', text: 'for all' });
    expect(fake.messages('C0DEPLOYS1').map((m) => m.text)).toEqual(['for all']);
    expect(fake.visibleTo('U0BOB00001', 'C0DEPLOYS1').map((m) => m.text)).toEqual(['for all']);
  });

  it('takes 5 posts: the 6th gets 404', async () => {
    const url = fake.responseUrl();
    for (let i = 1; i <= 5; i += 1) expect((await post(url, { text: `answer ${i}` })).status).toBe(200);
    expect(await post(url, { text: 'answer 6' })).toMatchObject({ status: 404, text: 'Used url' });
    expect(fake.ephemeralMessages()).toHaveLength(5);
  });

  it('expires 30 minutes of fake time after it was handed out: then 404', async () => {
    const url = fake.responseUrl();
    fake.advance(RESPONSE_URL_TTL_MS - 1000);
    expect((await post(url, { text: 'just in time' })).status).toBe(200);
    fake.advance(1000);
    expect(await post(url, { text: 'late' })).toMatchObject({ status: 404, text: 'Expired url' });
  });

  it('refuses invalid blocks with 400 and the error as text, and blocks: [] likewise', async () => {
    const url = fake.responseUrl();
    expect(await post(url, { text: 'x', blocks: [section('x'.repeat(3001))] })).toMatchObject({
      status: 400,
      text: 'invalid_blocks',
    });
    expect(await post(url, { text: 'x', blocks: [] })).toMatchObject({ status: 400, text: 'invalid_blocks' });
    expect(fake.ephemeralMessages()).toEqual([]);
  });

  it('a response URL the fake did not hand out counts as a command’s, from its first use', async () => {
    const url = `${fake.apiUrl.replace(/api\/$/, '')}response/made-up`;
    expect((await post(url, { text: 'x' })).status).toBe(200);
    expect(fake.responseUrlState(url)).toMatchObject({ kind: 'command', uses: 1 });
  });
});

describe("an interaction's response_url", () => {
  it('replace_original replaces the clicked ephemeral card: the user sees one message', async () => {
    const url = fake.interactionResponseUrl({ ephemeral: true, text: 'old card' });
    await post(url, { replace_original: true, text: 'new card', blocks: [section('new card')] });
    expect(fake.ephemeralMessages(FAKE_USER_ID).map((m) => m.text)).toEqual(['new card']);
    expect(fake.responseUrlState(url)?.original).toMatchObject({ text: 'new card', edits: 1 });
  });

  it('delete_original deletes it', async () => {
    const url = fake.interactionResponseUrl({ ephemeral: true });
    expect(await post(url, { delete_original: true })).toMatchObject({ status: 200, text: 'ok' });
    expect(fake.ephemeralMessages()).toEqual([]);
  });

  it('without replace_original a post is a new ephemeral message beside the card', async () => {
    const url = fake.interactionResponseUrl({ ephemeral: true, text: 'card' });
    await post(url, { response_type: 'ephemeral', replace_original: false, text: '⚠️ refused' });
    expect(fake.ephemeralMessages(FAKE_USER_ID).map((m) => m.text)).toEqual(['card', '⚠️ refused']);
  });

  it('replace_original on a posted card replaces it in the channel, for everyone', async () => {
    const posted = await api('chat.postMessage', { channel: 'C0DEPLOYS1', text: 'card v1' });
    const url = fake.interactionResponseUrl({ channel: 'C0DEPLOYS1', originalTs: String(posted.ts) });
    await post(url, { replace_original: true, text: 'card v2' });
    expect(fake.messages('C0DEPLOYS1').map((m) => m.text)).toEqual(['card v2']);
  });

  it('has the same 5-post limit', async () => {
    const url = fake.interactionResponseUrl({ ephemeral: true });
    for (let i = 1; i <= 5; i += 1) await post(url, { replace_original: true, text: `v${i}` });
    expect((await post(url, { replace_original: true, text: 'v6' })).status).toBe(404);
    expect(fake.ephemeralMessages().map((m) => m.text)).toEqual(['v5']);
  });
});

describe('views', () => {
  const modal = (blocks: unknown[] = [section('x')]) => ({
    type: 'modal',
    title: { type: 'plain_text', text: 'Pipelines' },
    blocks,
  });

  it('views.open needs a trigger_id the fake handed out, usable once, within 3 s', async () => {
    expect(await api('views.open', { view: modal() })).toMatchObject({ error: 'invalid_arguments' });
    expect(await api('views.open', { trigger_id: '1.2.made-up', view: modal() })).toMatchObject({
      error: 'invalid_trigger_id',
    });
    const trigger = fake.triggerId();
    expect(await api('views.open', { trigger_id: trigger, view: modal() })).toMatchObject({
      ok: true,
      view: { id: expect.stringMatching(/^V/), type: 'modal' },
    });
    expect(await api('views.open', { trigger_id: trigger, view: modal() })).toMatchObject({
      error: 'exchanged_trigger_id',
    });
    const late = fake.triggerId();
    fake.advance(3001);
    expect(await api('views.open', { trigger_id: late, view: modal() })).toMatchObject({ error: 'expired_trigger_id' });
  });

  it('a modal or Home tab takes 100 blocks (a message 50); 101 is refused', async () => {
    const dividers = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(await api('views.open', { trigger_id: fake.triggerId(), view: modal(dividers(100)) })).toMatchObject({
      ok: true,
    });
    expect(await api('views.open', { trigger_id: fake.triggerId(), view: modal(dividers(101)) })).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
    });
    const home = (n: number) => ({ type: 'home', blocks: dividers(n) });
    expect(await api('views.publish', { user_id: FAKE_USER_ID, view: home(100) })).toMatchObject({ ok: true });
    expect(await api('views.publish', { user_id: FAKE_USER_ID, view: home(101) })).toMatchObject({
      error: 'invalid_arguments',
    });
    expect(await api('views.publish', { user_id: 'U0NOBODY01', view: home(1) })).toMatchObject({
      error: 'user_not_found',
    });
  });

  it('a view’s private_metadata takes 3,000 characters and its callback_id 255', async () => {
    const withMeta = (n: number) => ({ ...modal(), private_metadata: 'm'.repeat(n) });
    expect(await api('views.open', { trigger_id: fake.triggerId(), view: withMeta(3000) })).toMatchObject({ ok: true });
    expect(await api('views.open', { trigger_id: fake.triggerId(), view: withMeta(3001) })).toMatchObject({
      error: 'invalid_arguments',
    });
    const longId = { ...modal(), callback_id: 'c'.repeat(256) };
    expect(await api('views.open', { trigger_id: fake.triggerId(), view: longId })).toMatchObject({
      error: 'invalid_arguments',
    });
  });

  it('views.update finds the view by id and refuses a stale hash', async () => {
    const opened = (await api('views.open', { trigger_id: fake.triggerId(), view: modal() })).view as Body;
    expect(await api('views.update', { view_id: 'V0NONE', view: modal() })).toMatchObject({ error: 'not_found' });
    expect(await api('views.update', { view_id: opened.id, hash: 'stale', view: modal() })).toMatchObject({
      error: 'hash_conflict',
    });
    expect(
      await api('views.update', { view_id: opened.id, hash: opened.hash, view: modal([section('y')]) }),
    ).toMatchObject({
      ok: true,
      view: { id: opened.id },
    });
  });
});

describe('the directory: users.info, usergroups.users.list, conversations.info', () => {
  it('users.info answers the records it was given, and user_not_found otherwise', async () => {
    fake.addUser(slackUser('guest', 'U0GUEST001'));
    fake.addUser(slackUser('single_channel_guest', 'U0GUEST002'));
    fake.addUser(slackUser('external', 'U0CONNECT1', { team_id: 'T0PARTNER1' }));
    fake.addUser(slackUser('admin', 'U0ADMIN001'));
    fake.addUser(slackUser('owner', 'U0OWNER001'));
    const user = async (id: string) => (await api('users.info', { user: id })).user as Body;
    expect(await user(FAKE_USER_ID)).toMatchObject({ is_restricted: false, is_bot: false, team_id: 'T0TEAM0001' });
    expect(await user('U0GUEST001')).toMatchObject({ is_restricted: true, is_ultra_restricted: false });
    expect(await user('U0GUEST002')).toMatchObject({ is_restricted: true, is_ultra_restricted: true });
    expect(await user('U0CONNECT1')).toMatchObject({ team_id: 'T0PARTNER1' });
    expect(await user('U0ADMIN001')).toMatchObject({ is_admin: true, is_owner: false });
    expect(await user('U0OWNER001')).toMatchObject({ is_admin: true, is_owner: true });
    expect(await api('users.info', { user: 'U0NOBODY01' })).toEqual({ ok: false, error: 'user_not_found' });
  });

  it('usergroups.users.list and conversations.info', async () => {
    fake.addUsergroup('S0REVIEWS1', ['U0ALICE001', 'U0BOB00001']);
    expect(await api('usergroups.users.list', { usergroup: 'S0REVIEWS1' })).toEqual({
      ok: true,
      users: ['U0ALICE001', 'U0BOB00001'],
    });
    expect(await api('usergroups.users.list', { usergroup: 'S0NONE' })).toMatchObject({ error: 'no_such_subteam' });
    fake.addConversation({ id: 'C0SHARED01', name: 'partners', is_ext_shared: true, members: [FAKE_USER_ID] });
    expect(await api('conversations.info', { channel: 'C0SHARED01' })).toEqual({
      ok: true,
      channel: { id: 'C0SHARED01', name: 'partners', is_ext_shared: true },
    });
    expect(await api('conversations.info', { channel: 'C0NONE' })).toMatchObject({ error: 'channel_not_found' });
  });
});

describe('scripting, recording and switches', () => {
  it('a script’s reply replaces the modelled one; undefined keeps it', async () => {
    fake.on('chat.postMessage', (_call, n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } } : undefined,
    );
    const first = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C1', text: 'x' }),
    });
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '1']);
    expect(await api('chat.postMessage', { channel: 'C1', text: 'x' })).toMatchObject({ ok: true });
    expect(fake.counts()).toEqual({ 'chat.postMessage': 2 });
    expect(fake.callsOf('chat.postMessage')).toHaveLength(2);
  });

  it('record: false keeps counts, no calls, no message content', async () => {
    const light = await startFakeSlack({ record: false });
    try {
      await fetch(`${light.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'C1', text: 'secret-ish text', blocks: [section('x')] }),
      });
      expect(light.counts()).toEqual({ 'chat.postMessage': 1 });
      expect(light.calls).toEqual([]);
      expect(light.messages('C1')).toMatchObject([{ text: undefined, blocks: undefined }]);
    } finally {
      await light.close();
    }
  });

  it('faithful: false is the old lenient fake (for comparison): replace acts on a command URL, blocks: [] passes', async () => {
    const lenient = await startFakeSlack({ faithful: false });
    try {
      const url = lenient.responseUrl();
      await post(url, { text: '⏳' });
      await post(url, { replace_original: true, text: 'card' });
      expect(lenient.ephemeralMessages().map((m) => m.text)).toEqual(['card']);
      const res = await fetch(`${lenient.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'C1', text: 'x', blocks: [] }),
      });
      expect(await res.json()).toMatchObject({ ok: true });
    } finally {
      await lenient.close();
    }
  });

  it('single rules can be turned off', async () => {
    const noLimits = await startFakeSlack({ faithful: { responseUrlLimits: false } });
    try {
      const url = noLimits.responseUrl();
      for (let i = 0; i < 7; i += 1) expect((await post(url, { text: `${i}` })).status).toBe(200);
    } finally {
      await noLimits.close();
    }
  });

  it('an injected clock drives expiry', async () => {
    let t = Date.UTC(2026, 0, 1);
    const clocked = await startFakeSlack({ now: () => t });
    try {
      const url = clocked.responseUrl();
      t += RESPONSE_URL_TTL_MS + 1;
      expect((await post(url, { text: 'late' })).status).toBe(404);
      expect(clocked.now()).toBe(t);
    } finally {
      await clocked.close();
    }
  });
});
