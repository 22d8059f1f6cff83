/**
 * A local fake of Slack's Web API and of `response_url`s that behaves like Slack: a real HTTP server on 127.0.0.1,
 * port 0. Point the Web API at `fake.apiUrl` (Bolt: `clientOptions.slackApiUrl`; WebClient: `slackApiUrl`), give
 * commands `fake.responseUrl()` and interactions `fake.interactionResponseUrl(…)` as their `response_url`.
 *
 * What it models, and where each rule comes from, is in FAKE-SLACK.md beside this file. In short: a token is needed
 * (`not_authed`, `invalid_auth`); unknown methods answer `unknown_method`; Block Kit limits (`invalid_blocks` with
 * Slack-style `response_metadata.messages`, `msg_blocks_too_long`, `msg_too_long`, `no_text`); messages are kept per
 * channel so `chat.update` / `chat.delete` of an unknown, deleted or ephemeral message answer `message_not_found`;
 * a response URL takes 5 posts within 30 minutes (then HTTP 404); a command's response URL cannot replace or delete
 * (every post is a new message) while an interaction's can; `views.*`, `users.info`, `usergroups.users.list`,
 * `conversations.info` with scriptable records. `fake.ephemeralMessages(user)`, `fake.messages(channel)` and
 * `fake.visibleTo(user)` say what a person would see. Time is fake-able: `now` option, `fake.advance(ms)`.
 *
 * Every call is recorded; any method can be scripted (`fake.on`) to fail (Slack error, 429 with Retry-After, HTTP
 * 500, a hang); a script's reply replaces the modelled one. `{ record: false }` keeps only counts per method and
 * message ids without their content (benchmarks: thousands of calls with their blocks would otherwise pile up).
 *
 * `faithful` (default: every rule on) can turn single rules off; the bot's known deviations from real Slack are
 * listed in KNOWN_BOT_DEVIATIONS below and relaxed only for the tests named there, so the suite stays green while
 * every other test runs against the faithful fake.
 */

import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BLOCK_LIMITS, checkBlocks, type Surface } from './fake-slack-blocks.js';
import { recordOutput } from './secret-audit.js';

export interface SlackCall {
  /** Web API method (`chat.postMessage`) or `response_url`. */
  method: string;
  /** The request path (for response URLs, which one was used). */
  path: string;
  /** Form or JSON body, with `blocks` / `attachments` / `view` strings decoded to objects. */
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (the client's timeout must fire). */
  hang?: boolean;
}

/** Returns a reply to override the modelled one, or `undefined` to use it. `n` counts calls of this method, from 1. */
export type Script = (call: SlackCall, n: number) => ScriptedReply | undefined;

/** The rules that make the fake behave like Slack; each can be turned off alone. */
export interface FaithfulRules {
  /** Web API calls need a token: none → `not_authed`, an unknown one → `invalid_auth`. */
  auth: boolean;
  /** A method the fake does not model answers `unknown_method` (instead of `{ ok: true }`). */
  unknownMethods: boolean;
  /** Block Kit limits and message text: `invalid_blocks`, `msg_blocks_too_long`, `msg_too_long`, `no_text`. */
  blocks: boolean;
  /** `blocks: []` on a new message is `invalid_blocks` (on `chat.update` it clears the blocks, as documented). */
  emptyBlocks: boolean;
  /** `chat.update` / `chat.delete` only act on messages Slack has: posted, not deleted, not ephemeral. */
  messages: boolean;
  /** A response URL takes 5 posts within 30 minutes of its creation; after that HTTP 404. */
  responseUrlLimits: boolean;
  /** A command's response URL ignores `replace_original` / `delete_original`: every post is a new message. */
  commandResponseUrls: boolean;
  /** A message needs a channel Slack can resolve: none, or one that is no id or name → `channel_not_found`. */
  channels: boolean;
}

const ALL_RULES: FaithfulRules = {
  auth: true,
  unknownMethods: true,
  blocks: true,
  emptyBlocks: true,
  messages: true,
  responseUrlLimits: true,
  commandResponseUrls: true,
  channels: true,
};

export type FaithfulRule = keyof FaithfulRules;

/**
 * Where the bot (src/, not ours to change here) does what real Slack would refuse or show differently, found by
 * running the suite against this fake. For the named test only, the rule is relaxed so the suite stays green; every
 * use is recorded in `lenientHits()`. Remove an entry once the bot is fixed. `file` is relative to the repository.
 */
export const KNOWN_BOT_DEVIATIONS: readonly {
  file: string;
  test: string;
  rule: FaithfulRule;
  finding: string;
}[] = [
  // None left: every finding is fixed (the bot) or the fixture corrected (a click on a card seeded first).
];

/** A user record as `users.info` returns it. */
export interface SlackUser {
  id: string;
  team_id: string;
  name: string;
  deleted: boolean;
  real_name: string;
  tz: string;
  tz_label: string;
  tz_offset: number;
  profile: Record<string, unknown>;
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
  is_restricted: boolean;
  is_ultra_restricted: boolean;
  is_bot: boolean;
  is_app_user: boolean;
  updated: number;
  [key: string]: unknown;
}

/** Kinds of people `slackUser` can make. */
export type SlackUserKind =
  | 'member'
  | 'admin'
  | 'owner'
  | 'guest'
  | 'single_channel_guest'
  /** A Slack Connect user: from another organisation's team, seen in a shared channel. */
  | 'external'
  | 'bot';

/**
 * A `users.info` record of `kind` (flags as docs.slack.dev/reference/objects/user-object describes them: a guest is
 * `is_restricted`, a single-channel guest also `is_ultra_restricted`, a Slack Connect user has another `team_id`).
 */
export function slackUser(kind: SlackUserKind, id: string, overrides: Partial<SlackUser> = {}): SlackUser {
  const name = overrides.name ?? id.toLowerCase();
  const teamId = kind === 'external' ? 'T0EXTERNAL1' : FAKE_TEAM_ID;
  return {
    id,
    team_id: teamId,
    name,
    deleted: false,
    real_name: name,
    tz: 'Europe/Berlin',
    tz_label: 'Central European Time',
    tz_offset: 3600,
    profile: { real_name: name, display_name: name, team: teamId, ...(kind === 'bot' ? { bot_id: FAKE_BOT_ID } : {}) },
    is_admin: kind === 'admin' || kind === 'owner',
    is_owner: kind === 'owner',
    is_primary_owner: false,
    is_restricted: kind === 'guest' || kind === 'single_channel_guest',
    is_ultra_restricted: kind === 'single_channel_guest',
    is_bot: kind === 'bot',
    is_app_user: false,
    updated: 1_700_000_000,
    ...overrides,
  };
}

/** A conversation record as `conversations.info` returns it (only the fields the fake uses or a bot reads). */
export interface SlackConversation {
  id: string;
  name?: string;
  is_channel?: boolean;
  is_group?: boolean;
  is_im?: boolean;
  is_mpim?: boolean;
  is_private?: boolean;
  is_archived?: boolean;
  is_member?: boolean;
  is_shared?: boolean;
  is_ext_shared?: boolean;
  is_org_shared?: boolean;
  context_team_id?: string;
  /** Who is in it; when given, `chat.postEphemeral` to anyone else answers `user_not_in_channel`. */
  members?: string[];
  [key: string]: unknown;
}

/** A message as Slack holds it, and so as people see it. */
export interface FakeMessage {
  ts: string;
  channel: string;
  /** Who wrote it (the bot's user id for the bot's posts). */
  user: string;
  /** Ephemeral: only `visibleTo` sees it, never in history, never editable through the Web API. */
  ephemeral: boolean;
  visibleTo?: string;
  /** Content (left out with `record: false`). */
  text?: string;
  blocks?: unknown[];
  threadTs?: string;
  deleted: boolean;
  /** Times it was replaced (`chat.update`, `replace_original`). */
  edits: number;
  /** How it came to be. */
  via: 'chat.postMessage' | 'chat.postEphemeral' | 'response_url' | 'seed';
  /** The response URL that created or last replaced it. */
  responseUrl?: string;
}

/** What one response URL has done. */
export interface ResponseUrlState {
  url: string;
  /** `command`: a slash command's; `interaction`: a button's or a shortcut's (it can replace its message). */
  kind: 'command' | 'interaction';
  user: string;
  channel: string;
  /** Fake time it was handed out (or first used, for one the fake did not hand out). */
  createdAt: number;
  /** Posts received, refused ones included. */
  uses: number;
  /** The message an interaction came from (replace/delete act on it). */
  original?: FakeMessage;
  /** Messages it created that are still there. */
  messages: FakeMessage[];
}

export interface InteractionUrlOptions {
  /** The clicked message's ts: a message the fake holds, or one it creates as the original. */
  originalTs?: string;
  channel?: string;
  /** The clicked message was ephemeral (a private card): it exists only for `user`. */
  ephemeral?: boolean;
  user?: string;
  /** Content of the original when the fake creates it. */
  text?: string;
  blocks?: unknown[];
}

export interface FakeSlack {
  /** Base URL for the Web API, ending in `/api/`. */
  apiUrl: string;
  /** A fresh slash-command response URL (every post is a new message; replace/delete are ignored). */
  responseUrl(options?: { user?: string; channel?: string }): string;
  /** A fresh response URL of an interaction on a message (`replace_original` / `delete_original` act on it). */
  interactionResponseUrl(options?: InteractionUrlOptions): string;
  /** What a response URL has done so far. */
  responseUrlState(url: string): ResponseUrlState | undefined;
  /** A fresh trigger id, valid 3 s of fake time for one `views.open`. */
  triggerId(): string;
  /** Every call received (always empty with `record: false`). */
  calls: SlackCall[];
  callsOf(method: string): SlackCall[];
  /** Calls received per method since the start or the last `reset`, recorded or not. */
  counts(): Record<string, number>;
  /** Scripts one method; replaces any earlier script for it. */
  on(method: string, script: Script): void;
  /** Resolves when `predicate` holds for the recorded calls; rejects after `timeoutMs`. */
  waitFor(predicate: (calls: SlackCall[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Messages in a channel's history (not deleted), oldest first; every channel without `channel`. */
  messages(channel?: string): FakeMessage[];
  /** Ephemeral messages still shown, oldest first; only `user`'s with `user`. */
  ephemeralMessages(user?: string): FakeMessage[];
  /** What `user` sees: channel messages and their own ephemeral ones, oldest first. */
  visibleTo(user: string, channel?: string): FakeMessage[];
  /** Puts a message in a channel as if it had been posted before (by `user`, the bot by default). */
  seedMessage(message: { channel: string; ts?: string; text?: string; blocks?: unknown[]; user?: string }): FakeMessage;
  /** Views opened or published (`views.open`, `views.publish`, `views.update`), by view id. */
  views(): Record<string, unknown>[];
  addUser(user: SlackUser): void;
  addUsergroup(id: string, userIds: string[]): void;
  addConversation(conversation: SlackConversation): void;
  /** Fake time, ms since the epoch. */
  now(): number;
  /** Moves fake time forward. */
  advance(ms: number): void;
  /**
   * Every time a rule made the fake answer or show something else than a lenient fake would: `refused` (an error
   * answer), `ignored` (a flag Slack ignores), `relaxed` (a KNOWN_BOT_DEVIATIONS entry let it through).
   */
  findings(): FakeSlackFinding[];
  reset(): void;
  close(): Promise<void>;
}

export const FAKE_BOT_USER_ID = 'UBOT000001';
export const FAKE_BOT_ID = 'BBOT000001';
export const FAKE_TEAM_ID = 'T00000001';
/** The user the request helpers (./slack-request.ts) send as. */
export const FAKE_USER_ID = 'U00000001';

/** Response URLs: 5 posts (docs.slack.dev "Handling user interaction": "up to 5 times within 30 minutes"). */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
/** `trigger_id`s expire 3 s after the interaction (docs.slack.dev "Modals"). */
export const TRIGGER_TTL_MS = 3000;

export interface FakeSlackOptions {
  /** Keep every call in `calls` (default `true`); `false` keeps only `counts()`. Scripts see every call either way. */
  record?: boolean;
  /** `true` (default): every rule on; `false`: the old lenient fake; or single rules turned off. */
  faithful?: boolean | Partial<FaithfulRules>;
  /** Fake clock (ms since the epoch); `Date.now` by default. `advance(ms)` adds to it. */
  now?: () => number;
  /** `auth.test`'s workspace and organisation. */
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
  /** Tokens the Web API accepts; by default any `xoxb-`/`xoxp-` token (and `xapp-` for Socket Mode). */
  tokens?: readonly string[];
}

/** One rule at work; see `FakeSlack.findings`. Also appended as JSON lines to `$FAKE_SLACK_FINDINGS` when set. */
export interface FakeSlackFinding {
  kind: 'refused' | 'ignored' | 'relaxed';
  rule: FaithfulRule;
  /** `test/…file.test.ts > describe > test`, or `(no test)`. */
  test: string;
  detail: string;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});
// Incoming webhooks and response URLs answer plain strings ("ok", "invalid_blocks"): java-slack-sdk
// IncomingWebhooksTest (run against real Slack), and getsentry/sentry's Slack client ("Slack just makes the error
// the entire response", content-type text/html).
const plain = (body: string, status: number): Answer => ({ status, headers: { 'content-type': 'text/html' }, body });

const FINDINGS_FILE = process.env.FAKE_SLACK_FINDINGS;
/** A conversation id (C…, G…, D…; a user id opens a DM) or a channel name. */
const CHANNEL = /^(?:[CDGUW][A-Z0-9]+|#?[a-z0-9][a-z0-9._-]{0,79})$/;
const truthy = (v: unknown): boolean => v === true || v === 'true' || v === 1 || v === '1';
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function decode(raw: string, contentType: string | undefined): Record<string, unknown> {
  let body: Record<string, unknown> = {};
  if (contentType?.includes('application/json')) {
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      body = { _raw: raw };
    }
  } else {
    body = Object.fromEntries(new URLSearchParams(raw));
  }
  for (const key of ['blocks', 'attachments', 'metadata', 'view']) {
    const value = body[key];
    if (typeof value === 'string') {
      try {
        body[key] = JSON.parse(value);
      } catch {
        // leave as sent: a test may assert on a malformed value (and Slack answers invalid_blocks_format)
      }
    }
  }
  return body;
}

/** Which test is running (vitest only), to apply KNOWN_BOT_DEVIATIONS. */
type TestIdentity = () => { file: string; name: string } | undefined;
let testIdentity: Promise<TestIdentity> | undefined;
function loadTestIdentity(): Promise<TestIdentity> {
  testIdentity ??= (async (): Promise<TestIdentity> => {
    if (!process.env.VITEST) return () => undefined;
    const { expect } = await import('vitest');
    return () => {
      const state = expect.getState();
      return state.testPath ? { file: state.testPath, name: state.currentTestName ?? '' } : undefined;
    };
  })();
  return testIdentity;
}

/** A refusal of the Web API, shaped like Slack's. */
function refusal(error: string, messages: string[] = []): Record<string, unknown> {
  return messages.length === 0
    ? { ok: false, error }
    : { ok: false, error, errors: messages, response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } };
}

/** Starts a fake Slack on 127.0.0.1 with a random port. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const record = options.record ?? true;
  const baseRules: FaithfulRules =
    options.faithful === false
      ? (Object.fromEntries(Object.keys(ALL_RULES).map((k) => [k, false])) as unknown as FaithfulRules)
      : { ...ALL_RULES, ...(typeof options.faithful === 'object' ? options.faithful : {}) };
  const currentTest = await loadTestIdentity();
  const clockBase = options.now ?? Date.now;
  let offset = 0;
  const now = (): number => clockBase() + offset;
  const teamId = options.teamId ?? FAKE_TEAM_ID;

  const calls: SlackCall[] = [];
  const scripts = new Map<string, Script>();
  const counts = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const findings: FakeSlackFinding[] = [];

  let tsCounter = 0;
  let urlCounter = 0;
  let triggerCounter = 0;
  let viewCounter = 0;
  const channelMessages = new Map<string, Map<string, FakeMessage>>();
  const ephemerals = new Map<string, FakeMessage>();
  const responseUrls = new Map<string, ResponseUrlState>();
  const triggers = new Map<string, { issuedAt: number; used: boolean }>();
  const views = new Map<string, Record<string, unknown>>();
  const users = new Map<string, SlackUser>();
  const usergroups = new Map<string, string[]>();
  const conversations = new Map<string, SlackConversation>();
  const addDefaultDirectory = (): void => {
    users.set(FAKE_BOT_USER_ID, slackUser('bot', FAKE_BOT_USER_ID, { name: 'pipeline-bot', team_id: teamId }));
    users.set(FAKE_USER_ID, slackUser('member', FAKE_USER_ID, { name: 'alice', team_id: teamId }));
  };
  addDefaultDirectory();

  const nextTs = (): string => {
    tsCounter += 1;
    return `1700000000.${String(tsCounter).padStart(6, '0')}`;
  };

  /**
   * Called when `rule` would make Slack's answer differ from a lenient fake's: is the rule on for the test now
   * running? Notes a finding either way.
   */
  const enforce = (rule: FaithfulRule, detail: string): boolean => {
    if (!baseRules[rule]) return false;
    const test = currentTest();
    const relaxed =
      test !== undefined &&
      KNOWN_BOT_DEVIATIONS.some((d) => d.rule === rule && d.test === test.name && test.file.endsWith(d.file));
    const finding: FakeSlackFinding = {
      kind: relaxed ? 'relaxed' : rule === 'commandResponseUrls' ? 'ignored' : 'refused',
      rule,
      test: test ? `${test.file.replace(/^.*?\/test\//, 'test/')} > ${test.name}` : '(no test)',
      detail,
    };
    if (record || relaxed) findings.push(finding);
    if (FINDINGS_FILE) appendFileSync(FINDINGS_FILE, `${JSON.stringify(finding)}\n`);
    return !relaxed;
  };
  const channelError = (method: string, channel: unknown): boolean =>
    (typeof channel !== 'string' || !CHANNEL.test(channel)) &&
    enforce('channels', `${method}: channel ${JSON.stringify(channel ?? null)}`);

  const keep = (message: FakeMessage): FakeMessage =>
    record ? message : { ...message, text: undefined, blocks: undefined };

  const storeChannelMessage = (message: FakeMessage): FakeMessage => {
    const kept = keep(message);
    let byTs = channelMessages.get(kept.channel);
    if (!byTs) {
      byTs = new Map();
      channelMessages.set(kept.channel, byTs);
    }
    byTs.set(kept.ts, kept);
    return kept;
  };
  const storeEphemeral = (message: FakeMessage): FakeMessage => {
    const kept = keep(message);
    ephemerals.set(kept.ts, kept);
    return kept;
  };
  const replaceContent = (message: FakeMessage, body: Record<string, unknown>, url?: string): void => {
    message.edits += 1;
    if (url) message.responseUrl = url;
    if (!record) return;
    if (typeof body.text === 'string') message.text = body.text;
    // chat.update and replace_original: blocks left out are kept only when no text is given (docs: chat.update).
    if (Array.isArray(body.blocks)) message.blocks = body.blocks.length === 0 ? undefined : body.blocks;
    else if (typeof body.text === 'string') message.blocks = undefined;
  };

  /** Slack's checks of a message's content; `undefined` when it would be accepted. */
  const contentError = (
    body: Record<string, unknown>,
    where: string,
    { update = false }: { update?: boolean } = {},
  ): { error: string; messages?: string[] } | undefined => {
    const { blocks, text } = body;
    const hasText = typeof text === 'string' && text.trim() !== '';
    const hasAttachments = Array.isArray(body.attachments) && body.attachments.length > 0;
    if (blocks !== undefined && typeof blocks === 'string' && enforce('blocks', `${where}: blocks not JSON`)) {
      return { error: 'invalid_blocks_format' };
    }
    const emptyBlocks = Array.isArray(blocks) && blocks.length === 0;
    if (emptyBlocks && !update && enforce('emptyBlocks', `${where}: blocks: []`)) {
      return { error: 'invalid_blocks', messages: ['must provide at least 1 item [json-pointer:/blocks]'] };
    }
    const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
    if (hasBlocks) {
      const check = checkBlocks(blocks, 'message');
      if (check.errors.length > 0 && enforce('blocks', `${where}: ${check.errors.join('; ')}`)) {
        return { error: 'invalid_blocks', messages: check.errors };
      }
      if (check.textLength > BLOCK_LIMITS.cumulativeText && enforce('blocks', `${where}: ${check.textLength} chars`)) {
        return { error: 'msg_blocks_too_long' };
      }
    }
    if (!hasText && !hasBlocks && !hasAttachments && enforce('blocks', `${where}: no text`))
      return { error: 'no_text' };
    if (typeof text === 'string' && text.length > BLOCK_LIMITS.messageText && enforce('blocks', `${where}: long`)) {
      return { error: 'msg_too_long' };
    }
    return undefined;
  };

  const messageOf = (
    body: Record<string, unknown>,
    fields: Pick<FakeMessage, 'channel' | 'user' | 'ephemeral' | 'via'> & Partial<FakeMessage>,
  ): FakeMessage => ({
    ts: nextTs(),
    deleted: false,
    edits: 0,
    text: typeof body.text === 'string' ? body.text : undefined,
    blocks: Array.isArray(body.blocks) && body.blocks.length > 0 ? body.blocks : undefined,
    threadTs: str(body.thread_ts),
    ...fields,
  });

  const postedMessageJson = (m: FakeMessage, body: Record<string, unknown>): Record<string, unknown> => ({
    type: 'message',
    subtype: 'bot_message',
    text: body.text ?? '',
    user: m.user,
    bot_id: FAKE_BOT_ID,
    ts: m.ts,
    team: teamId,
    ...(Array.isArray(body.blocks) && body.blocks.length > 0 ? { blocks: body.blocks } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
  });

  const findChannelMessage = (channel: unknown, ts: unknown): FakeMessage | undefined =>
    typeof channel === 'string' && typeof ts === 'string' ? channelMessages.get(channel)?.get(ts) : undefined;

  const tokenOf = (call: SlackCall): string | undefined => {
    const header = call.headers.authorization;
    if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice('Bearer '.length);
    return str(call.body.token);
  };
  const tokenError = (call: SlackCall): string | undefined => {
    const token = tokenOf(call);
    if (!token) return enforce('auth', `${call.method}: no token`) ? 'not_authed' : undefined;
    const valid = options.tokens ? options.tokens.includes(token) : /^xox[bpe]-|^xapp-/.test(token);
    if (!valid) return enforce('auth', `${call.method}: unknown token`) ? 'invalid_auth' : undefined;
    const appToken = token.startsWith('xapp-');
    if (appToken !== (call.method === 'apps.connections.open')) {
      return enforce('auth', `${call.method}: token type`) ? 'not_allowed_token_type' : undefined;
    }
    return undefined;
  };

  const viewRules = {
    /** The checks `views.open` / `views.publish` / `views.update` share. */
    check(view: unknown, surface: Surface): { error: string; messages?: string[] } | undefined {
      if (typeof view !== 'object' || view === null)
        return { error: 'invalid_arguments', messages: ['missing required field: view'] };
      const v = view as Record<string, unknown>;
      const wanted = surface === 'home' ? 'home' : 'modal';
      if (v.type !== wanted)
        return { error: 'invalid_arguments', messages: [`must be ${wanted} [json-pointer:/view/type]`] };
      if (surface === 'modal') {
        const title = v.title as Record<string, unknown> | undefined;
        if (typeof title?.text !== 'string' || title.text.length === 0 || title.text.length > 24) {
          return { error: 'invalid_arguments', messages: ['must be 1–24 characters [json-pointer:/view/title/text]'] };
        }
      }
      // Documented view limits: private_metadata and callback_id up to 3,000 and 255 characters.
      if (typeof v.private_metadata === 'string' && v.private_metadata.length > 3000) {
        return {
          error: 'invalid_arguments',
          messages: ['must be at most 3000 characters [json-pointer:/view/private_metadata]'],
        };
      }
      if (typeof v.callback_id === 'string' && v.callback_id.length > 255) {
        return {
          error: 'invalid_arguments',
          messages: ['must be at most 255 characters [json-pointer:/view/callback_id]'],
        };
      }
      const check = checkBlocks(v.blocks ?? [], surface);
      const errors = Array.isArray(v.blocks) && v.blocks.length === 0 ? [] : check.errors;
      if (errors.length > 0 && enforce('blocks', `view: ${errors.join('; ')}`)) {
        return {
          error: 'invalid_arguments',
          messages: errors.map((e) => e.replace('json-pointer:/blocks', 'json-pointer:/view/blocks')),
        };
      }
      return undefined;
    },
    store(view: Record<string, unknown>, extra: Record<string, unknown>, id?: string): Record<string, unknown> {
      viewCounter += 1;
      const viewId = id ?? `V${String(viewCounter).padStart(8, '0')}`;
      const stored = {
        id: viewId,
        team_id: teamId,
        state: { values: {} },
        hash: `${Math.floor(now() / 1000)}.${viewCounter.toString(16).padStart(8, '0')}`,
        private_metadata: '',
        callback_id: '',
        external_id: '',
        root_view_id: viewId,
        previous_view_id: null,
        app_id: 'A00000001',
        app_installed_team_id: teamId,
        bot_id: FAKE_BOT_ID,
        ...view,
        ...extra,
      };
      views.set(viewId, stored);
      return stored;
    },
  };

  /** The Web API, as Slack models it; `undefined` for methods the fake does not model. */
  const webApi = (call: SlackCall): Record<string, unknown> | undefined => {
    const b = call.body;
    const failed = (e: { error: string; messages?: string[] }) => refusal(e.error, e.messages);
    switch (call.method) {
      case 'api.test':
        return { ok: true, args: b };
      case 'auth.test':
        return {
          ok: true,
          url: 'https://acme.slack.com/',
          team: 'Acme',
          user: 'pipeline-bot',
          team_id: teamId,
          user_id: FAKE_BOT_USER_ID,
          bot_id: FAKE_BOT_ID,
          is_enterprise_install: options.isEnterpriseInstall ?? false,
          ...(options.enterpriseId ? { enterprise_id: options.enterpriseId } : {}),
        };
      case 'apps.connections.open':
        // Socket Mode tests script this with their own WebSocket server's URL.
        return { ok: true, url: 'ws://127.0.0.1:9/link' };
      case 'chat.postMessage': {
        if (channelError(call.method, b.channel)) return refusal('channel_not_found');
        const channel = String(b.channel ?? 'C00000001');
        const bad = contentError(b, 'chat.postMessage');
        if (bad) return failed(bad);
        const m = storeChannelMessage(
          messageOf(b, { channel, user: FAKE_BOT_USER_ID, ephemeral: false, via: 'chat.postMessage' }),
        );
        return { ok: true, channel, ts: m.ts, message: postedMessageJson(m, b) };
      }
      case 'chat.postEphemeral': {
        if (channelError(call.method, b.channel)) return refusal('channel_not_found');
        const channel = String(b.channel ?? 'C00000001');
        const user = str(b.user);
        if (!user) return refusal('invalid_arguments', ['missing required field: user']);
        const members = conversations.get(channel)?.members;
        if (members && !members.includes(user)) return refusal('user_not_in_channel');
        const bad = contentError(b, 'chat.postEphemeral');
        if (bad) return failed(bad);
        const m = storeEphemeral(
          messageOf(b, {
            channel,
            user: FAKE_BOT_USER_ID,
            ephemeral: true,
            visibleTo: user,
            via: 'chat.postEphemeral',
          }),
        );
        return { ok: true, message_ts: m.ts };
      }
      case 'chat.update': {
        if (channelError(call.method, b.channel)) return refusal('channel_not_found');
        const channel = String(b.channel ?? '');
        const ts = String(b.ts ?? '');
        const target = findChannelMessage(channel, ts);
        // An ephemeral message is not in the channel's history: chat.update cannot find it (docs.slack.dev
        // "Modifying messages": ephemeral messages can't be updated this way; slack-go/slack#387: message_not_found).
        if (
          (!target || target.deleted) &&
          enforce('messages', `chat.update ${channel}/${ts}: ${ephemerals.has(ts) ? 'ephemeral' : 'unknown'}`)
        ) {
          return refusal('message_not_found');
        }
        if (
          target &&
          target.user !== FAKE_BOT_USER_ID &&
          enforce('messages', `chat.update of ${target.user}'s message`)
        ) {
          return refusal('cant_update_message');
        }
        const bad = contentError(b, 'chat.update', { update: true });
        if (bad) return failed(bad);
        if (target) replaceContent(target, b);
        return {
          ok: true,
          channel,
          ts,
          text: b.text ?? '',
          message: {
            type: 'message',
            text: b.text ?? '',
            user: FAKE_BOT_USER_ID,
            bot_id: FAKE_BOT_ID,
            ...(Array.isArray(b.blocks) ? { blocks: b.blocks } : {}),
          },
        };
      }
      case 'chat.delete': {
        if (channelError(call.method, b.channel)) return refusal('channel_not_found');
        const channel = String(b.channel ?? '');
        const ts = str(b.ts);
        const target = findChannelMessage(channel, ts);
        if ((!target || target.deleted) && enforce('messages', `chat.delete ${channel}/${String(ts)}`)) {
          return refusal('message_not_found');
        }
        if (
          target &&
          target.user !== FAKE_BOT_USER_ID &&
          enforce('messages', `chat.delete of ${target.user}'s message`)
        ) {
          return refusal('cant_delete_message');
        }
        if (target) target.deleted = true;
        return { ok: true, channel, ts };
      }
      case 'views.open': {
        const trigger = str(b.trigger_id);
        if (!trigger) return refusal('invalid_arguments', ['missing required field: trigger_id']);
        const known = triggers.get(trigger);
        if (!known) return refusal('invalid_trigger_id');
        if (known.used) return refusal('exchanged_trigger_id');
        if (now() - known.issuedAt > TRIGGER_TTL_MS) return refusal('expired_trigger_id');
        known.used = true;
        const bad = viewRules.check(b.view, 'modal');
        if (bad) return failed(bad);
        return { ok: true, view: viewRules.store(b.view as Record<string, unknown>, {}) };
      }
      case 'views.publish': {
        const user = str(b.user_id);
        if (!user) return refusal('invalid_arguments', ['missing required field: user_id']);
        if (!users.has(user)) return refusal('user_not_found');
        const bad = viewRules.check(b.view, 'home');
        if (bad) return failed(bad);
        const existing = [...views.values()].find((v) => v.type === 'home' && v.user_id === user);
        return {
          ok: true,
          view: viewRules.store(
            b.view as Record<string, unknown>,
            { user_id: user },
            existing?.id as string | undefined,
          ),
        };
      }
      case 'views.update': {
        const id = str(b.view_id);
        const externalId = str(b.external_id);
        if (!id && !externalId) return refusal('invalid_arguments', ['must provide view_id or external_id']);
        const existing = id ? views.get(id) : [...views.values()].find((v) => v.external_id === externalId);
        if (!existing) return refusal('not_found');
        if (str(b.hash) && b.hash !== existing.hash) return refusal('hash_conflict');
        const bad = viewRules.check(b.view, existing.type === 'home' ? 'home' : 'modal');
        if (bad) return failed(bad);
        return { ok: true, view: viewRules.store(b.view as Record<string, unknown>, {}, existing.id as string) };
      }
      case 'users.info': {
        const user = users.get(String(b.user ?? ''));
        return user ? { ok: true, user } : refusal('user_not_found');
      }
      case 'usergroups.users.list': {
        const members = usergroups.get(String(b.usergroup ?? ''));
        return members ? { ok: true, users: members } : refusal('no_such_subteam');
      }
      case 'conversations.info': {
        const conversation = conversations.get(String(b.channel ?? ''));
        if (!conversation) return refusal('channel_not_found');
        const { members: _members, ...channel } = conversation;
        return { ok: true, channel };
      }
      default:
        return undefined;
    }
  };

  const adoptResponseUrl = (path: string): ResponseUrlState => {
    let state = responseUrls.get(path);
    if (!state) {
      // A URL the fake did not hand out (a test's or a benchmark's own): a command's, created at its first use.
      state = {
        url: path,
        kind: 'command',
        user: FAKE_USER_ID,
        channel: 'C00000001',
        createdAt: now(),
        uses: 0,
        messages: [],
      };
      responseUrls.set(path, state);
    }
    return state;
  };

  /** A post to a response URL, as Slack answers it: 200 "ok", or a plain-text error. */
  const respond = (call: SlackCall): Answer => {
    const state = adoptResponseUrl(call.path);
    const b = call.body;
    state.uses += 1;
    // Slack: "up to 5 times within 30 minutes". What a 6th post or a late one gets is not documented; getsentry/sentry
    // saw the text "Expired url" for a late one (src/sentry/integrations/slack/link_identity.py). 404 both: FAKE-SLACK.md.
    if (now() - state.createdAt > RESPONSE_URL_TTL_MS && enforce('responseUrlLimits', `${call.path}: after 30 min`)) {
      return plain('Expired url', 404);
    }
    if (state.uses > RESPONSE_URL_MAX_USES && enforce('responseUrlLimits', `${call.path}: use ${state.uses}`)) {
      return plain('Used url', 404);
    }
    if ('_raw' in b) return plain('invalid_payload', 400);
    const command = state.kind === 'command';
    const wantsDelete = truthy(b.delete_original);
    const wantsReplace = truthy(b.replace_original);
    // A command's URL cannot act on "the original" (bolt-js#2287, bolt-python#1268: the flags do nothing there). With
    // the rule relaxed, "the original" is what the bot believes it is: its last message through this URL.
    const canAct =
      !command ||
      ((wantsDelete || wantsReplace) &&
        !enforce(
          'commandResponseUrls',
          `${call.path}: ${wantsDelete ? 'delete' : 'replace'}_original on a command URL`,
        ));
    const original = command ? state.messages.at(-1) : state.original;
    if (wantsDelete && canAct) {
      if (original) {
        original.deleted = true;
        state.messages = state.messages.filter((m) => m !== original);
      }
      return plain('ok', 200);
    }
    const bad = contentError(b, `response_url ${call.path}`);
    if (bad) return plain(bad.error, 400);
    if (wantsReplace && canAct && original) {
      replaceContent(original, b, call.path);
      return plain('ok', 200);
    }
    const inChannel = b.response_type === 'in_channel';
    const fields = {
      channel: state.channel,
      user: FAKE_BOT_USER_ID,
      via: 'response_url' as const,
      responseUrl: call.path,
    };
    const created = inChannel
      ? storeChannelMessage(messageOf(b, { ...fields, ephemeral: false }))
      : storeEphemeral(messageOf(b, { ...fields, ephemeral: true, visibleTo: state.user }));
    state.messages.push(created);
    return plain('ok', 200);
  };

  const answer = (call: SlackCall): Answer => {
    if (call.method === 'response_url') return respond(call);
    if (!call.path.startsWith('/api/')) return plain('Not Found', 404);
    const authError = tokenError(call);
    if (authError) return json({ ok: false, error: authError });
    const modelled = webApi(call);
    if (modelled) return json(modelled);
    if (!enforce('unknownMethods', `${call.method}: not modelled`)) return json({ ok: true });
    return json({
      ok: false,
      error: 'unknown_method',
      req_method: call.method,
      response_metadata: {
        messages: [`[WARN] the fake Slack does not model ${call.method}: script it with fake.on()`],
      },
    });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = url.pathname.startsWith('/api/')
        ? url.pathname.slice('/api/'.length)
        : url.pathname.startsWith('/response/')
          ? 'response_url'
          : url.pathname;
      const raw = Buffer.concat(chunks).toString('utf8');
      const call: SlackCall = {
        method,
        path: url.pathname,
        body: decode(raw, req.headers['content-type']),
        headers: req.headers,
      };
      if (record) recordOutput(`slack:${method}`, raw);
      const n = (counts.get(method) ?? 0) + 1;
      counts.set(method, n);
      if (record) calls.push(call);
      const scripted = scripts.get(method)?.(call, n);
      if (scripted?.hang) {
        hanging.add(res);
        return;
      }
      let out: Answer;
      if (scripted && (scripted.status !== undefined || scripted.body !== undefined)) {
        const status = scripted.status ?? 200;
        const body = scripted.body ?? (status >= 400 ? { ok: false } : { ok: true });
        out = {
          status,
          headers: { 'content-type': 'application/json', ...(scripted.headers ?? {}) },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        };
      } else {
        out = answer(call);
        if (scripted?.headers) out.headers = { ...out.headers, ...scripted.headers };
      }
      res.writeHead(out.status, out.headers);
      res.end(out.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const pathOfUrl = (u: string): string => new URL(u, base).pathname;

  const newUrl = (state: Omit<ResponseUrlState, 'url' | 'createdAt' | 'uses' | 'messages'>): string => {
    urlCounter += 1;
    const path = `/response/${state.kind === 'command' ? 'c' : 'i'}${urlCounter}`;
    responseUrls.set(path, { ...state, url: path, createdAt: now(), uses: 0, messages: [] });
    return `${base}${path}`;
  };

  const sortByTs = (ms: FakeMessage[]): FakeMessage[] => ms.sort((a, b) => a.ts.localeCompare(b.ts));

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (opts = {}) =>
      newUrl({ kind: 'command', user: opts.user ?? FAKE_USER_ID, channel: opts.channel ?? 'C00000001' }),
    interactionResponseUrl: (opts = {}) => {
      const user = opts.user ?? FAKE_USER_ID;
      const channel = opts.channel ?? 'C00000001';
      let original: FakeMessage | undefined;
      if (opts.ephemeral) {
        original = opts.originalTs ? ephemerals.get(opts.originalTs) : undefined;
        original ??= storeEphemeral({
          ts: opts.originalTs ?? nextTs(),
          channel,
          user: FAKE_BOT_USER_ID,
          ephemeral: true,
          visibleTo: user,
          text: opts.text ?? '(the clicked message)',
          blocks: opts.blocks,
          deleted: false,
          edits: 0,
          via: 'seed',
        });
      } else {
        original = opts.originalTs ? findChannelMessage(channel, opts.originalTs) : undefined;
        original ??= storeChannelMessage({
          ts: opts.originalTs ?? nextTs(),
          channel,
          user: FAKE_BOT_USER_ID,
          ephemeral: false,
          text: opts.text ?? '(the clicked message)',
          blocks: opts.blocks,
          deleted: false,
          edits: 0,
          via: 'seed',
        });
      }
      return newUrl({ kind: 'interaction', user, channel, original });
    },
    responseUrlState: (u) => {
      const state = responseUrls.get(pathOfUrl(u));
      return state ? { ...state, messages: state.messages.filter((m) => !m.deleted) } : undefined;
    },
    triggerId: () => {
      triggerCounter += 1;
      const id = `${triggerCounter}.${Math.floor(now() / 1000)}.fake${triggerCounter.toString(16)}`;
      triggers.set(id, { issuedAt: now(), used: false });
      return id;
    },
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    counts: () => Object.fromEntries(counts),
    on: (method, script) => {
      scripts.set(method, script);
    },
    waitFor: (predicate, timeoutMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const check = (): void => {
          if (predicate(calls)) {
            resolve();
            return;
          }
          if (Date.now() - started > timeoutMs) {
            reject(
              new Error(
                `fake Slack: condition not met in ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`,
              ),
            );
            return;
          }
          setTimeout(check, 10);
        };
        check();
      }),
    messages: (channel) => {
      const lists = channel ? [channelMessages.get(channel)] : [...channelMessages.values()];
      return sortByTs(lists.flatMap((l) => [...(l?.values() ?? [])]).filter((m) => !m.deleted));
    },
    ephemeralMessages: (user) =>
      sortByTs([...ephemerals.values()].filter((m) => !m.deleted && (user === undefined || m.visibleTo === user))),
    visibleTo: (user, channel) => {
      const inChannel = (m: FakeMessage) => channel === undefined || m.channel === channel;
      const shared = [...channelMessages.values()].flatMap((l) => [...l.values()]);
      const own = [...ephemerals.values()].filter((m) => m.visibleTo === user);
      return sortByTs([...shared, ...own].filter((m) => !m.deleted && inChannel(m)));
    },
    seedMessage: (m) =>
      storeChannelMessage({
        ts: m.ts ?? nextTs(),
        channel: m.channel,
        user: m.user ?? FAKE_BOT_USER_ID,
        ephemeral: false,
        text: m.text,
        blocks: m.blocks,
        deleted: false,
        edits: 0,
        via: 'seed',
      }),
    views: () => [...views.values()],
    addUser: (user) => {
      users.set(user.id, user);
    },
    addUsergroup: (id, userIds) => {
      usergroups.set(id, [...userIds]);
    },
    addConversation: (conversation) => {
      conversations.set(conversation.id, conversation);
    },
    now,
    advance: (ms) => {
      offset += ms;
    },
    findings: () => [...findings],
    reset: () => {
      calls.length = 0;
      scripts.clear();
      counts.clear();
      channelMessages.clear();
      ephemerals.clear();
      responseUrls.clear();
      triggers.clear();
      views.clear();
      findings.length = 0;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
