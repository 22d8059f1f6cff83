/**
 * Requests signed exactly as Slack signs them: `X-Slack-Signature: v0=` + hex HMAC-SHA256 of
 * `v0:{timestamp}:{raw body}` with the signing secret, `X-Slack-Request-Timestamp`, and a form body with
 * `Content-Type: application/x-www-form-urlencoded` (exactly: Bolt rejects a charset suffix). Plus builders for the
 * payloads the bot receives: a slash command, a button click, a message shortcut.
 */
import { createHmac } from 'node:crypto';

let triggers = 0;
/**
 * A fresh trigger id, as Slack gives every request one: no two requests the bot receives are byte-identical, so
 * the bot's replay check (src/slack/request-guard.ts) only ever refuses a real replay.
 */
export function nextTriggerId(): string {
  triggers += 1;
  return `${process.pid}.${triggers}.${Math.floor(Math.random() * 1e9).toString(16)}`;
}

/** Slack's signature of `body` sent at `timestamp` (unix seconds). */
export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** What came back from the bot. */
export interface SlackReply {
  status: number;
  text: string;
  /** Wall time from sending to the response's end. */
  ms: number;
}

export interface SendOptions {
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Sign with this secret instead (a forged request). */
  secret?: string;
  /** Replace the computed signature. */
  signature?: string;
}

/** Sends signed form requests to one bot. */
export interface SlackRequester {
  /** POSTs a form body (already encoded) to the events URL, signed. */
  send(body: string, options?: SendOptions): Promise<SlackReply>;
  command(fields: Partial<CommandFields> & { text: string }, options?: SendOptions): Promise<SlackReply>;
  interaction(payload: object, options?: SendOptions): Promise<SlackReply>;
  /** POSTs an Events API body (`event_callback`) as JSON, signed. */
  event(body: object, options?: SendOptions): Promise<SlackReply>;
}

export interface CommandFields {
  command: string;
  text: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  response_url: string;
  trigger_id: string;
  api_app_id: string;
  token: string;
}

/** The form body of a slash command as Slack sends it (`/pipeline` in the test workspace unless `fields` say). */
export function commandForm(fields: Partial<CommandFields> & { text: string }): string {
  const form: CommandFields = {
    command: '/pipeline',
    team_id: 'T00000001',
    team_domain: 'acme',
    channel_id: 'C00000001',
    channel_name: 'deploys',
    user_id: 'U00000001',
    user_name: 'alice',
    response_url: 'http://127.0.0.1:9/response/none',
    trigger_id: nextTriggerId(),
    api_app_id: 'A00000001',
    token: 'legacy-verification-token',
    ...fields,
  };
  return new URLSearchParams({ ...form }).toString();
}

/** A requester for the bot whose events URL is `eventsUrl`. */
export function createSlackRequester(eventsUrl: string, signingSecret: string): SlackRequester {
  const send = async (
    body: string,
    options: SendOptions = {},
    contentType = 'application/x-www-form-urlencoded',
  ): Promise<SlackReply> => {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = options.signature ?? slackSignature(options.secret ?? signingSecret, timestamp, body);
    const started = performance.now();
    const res = await fetch(eventsUrl, {
      method: 'POST',
      headers: {
        'Content-Type': contentType,
        'X-Slack-Request-Timestamp': String(timestamp),
        'X-Slack-Signature': signature,
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, text, ms: performance.now() - started };
  };
  return {
    send: (body, options) => send(body, options),
    command: (fields, options) => send(commandForm(fields), options),
    interaction: (payload, options) =>
      send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), options),
    event: (body, options) => send(JSON.stringify(body), options, 'application/json'),
  };
}

export interface ButtonClick {
  actionId: string;
  value: string;
  responseUrl: string;
  /** A private card (only through response_url) or a posted one. */
  ephemeral: boolean;
  channelId?: string;
  messageTs?: string;
  /** The clicked message's blocks (posted cards only; Slack omits `message` for ephemeral ones). */
  blocks?: object[];
  userId?: string;
}

/** A `block_actions` payload for a button click. */
export function blockActionsPayload(click: ButtonClick): object {
  const channelId = click.channelId ?? 'C00000001';
  const messageTs = click.messageTs ?? '1700000000.000001';
  return {
    type: 'block_actions',
    team: { id: 'T00000001', domain: 'acme' },
    user: { id: click.userId ?? 'U00000001', username: 'alice', name: 'alice', team_id: 'T00000001' },
    api_app_id: 'A00000001',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: click.ephemeral },
    trigger_id: nextTriggerId(),
    channel: { id: channelId, name: 'deploys' },
    ...(click.ephemeral
      ? {}
      : { message: { type: 'message', ts: messageTs, text: 'card', blocks: click.blocks ?? [] } }),
    response_url: click.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: click.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'button' },
        value: click.value,
        action_ts: '1700000001.000001',
      },
    ],
  };
}

export interface ShortcutOptions {
  callbackId: string;
  responseUrl: string;
  message: { ts: string; text?: string; thread_ts?: string; blocks?: object[]; attachments?: object[] };
  channelId?: string;
  userId?: string;
}

/** A `message_action` payload (a message shortcut). */
export function messageShortcutPayload(options: ShortcutOptions): object {
  return {
    type: 'message_action',
    token: 'legacy-verification-token',
    action_ts: '1700000002.000001',
    team: { id: 'T00000001', domain: 'acme' },
    user: { id: options.userId ?? 'U00000001', name: 'alice', team_id: 'T00000001' },
    channel: { id: options.channelId ?? 'C00000001', name: 'deploys' },
    callback_id: options.callbackId,
    trigger_id: nextTriggerId(),
    message_ts: options.message.ts,
    message: { type: 'message', user: 'U00000002', ...options.message },
    response_url: options.responseUrl,
  };
}
