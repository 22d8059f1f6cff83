/**
 * The bot's one way out to Slack's Web API: every call the bot makes itself (the watch's posts and edits, shared
 * cards, private answers, the start-up token check) goes through here, a JSON body over `node:http(s)` (not
 * `fetch`: ./json-post.ts says why), with one policy: one request per call, a timeout, and every failure turned
 * into a `SlackFailure` (./errors.ts) the caller acts on. Bolt's own `WebClient` is made for another policy — it
 * waits out 429s (pausing every channel), may retry blindly (a retry after a timeout can post twice), and keeps
 * debug copies of every request even with logging off (at 10,000 watches most of the poller's memory peak) — so it
 * is left to Bolt's internals (Socket Mode's connection), never used by the bot's own code.
 */
import type { KnownBlock } from '@slack/types';
import {
  DEFAULT_RETRY_AFTER_MS,
  failureOfSlackError,
  SlackCallError,
  type SlackFailure,
  UNREACHABLE_CODES,
} from './errors.js';
import { createJsonPost, type JsonAnswer } from './json-post.js';

/** A message as `chat.postMessage` takes it. `blocks` is left out (not `[]`) for a message that is text alone. */
export interface PostMessageArgs {
  channel: string;
  text: string;
  blocks?: KnownBlock[];
  thread_ts?: string;
  reply_broadcast?: boolean;
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}

export interface UpdateArgs {
  channel: string;
  ts: string;
  text: string;
  /** `[]` removes the blocks (documented for `chat.update`), leaving the text. */
  blocks: KnownBlock[];
}

export interface PostEphemeralArgs {
  channel: string;
  user: string;
  text: string;
  blocks?: KnownBlock[];
  thread_ts?: string;
}

/** What `auth.test` says about the token. */
export interface AuthTestResult {
  userId: string | null;
  botId: string | null;
  teamId: string | null;
  team: string | null;
  enterpriseId: string | null;
}

/** The Web API as the bot uses it. Every method throws `SlackCallError` on failure. */
export interface SlackWebApi {
  postMessage(args: PostMessageArgs): Promise<{ ts: string; channel: string }>;
  update(args: UpdateArgs): Promise<void>;
  postEphemeral(args: PostEphemeralArgs): Promise<void>;
  authTest(): Promise<AuthTestResult>;
  /** Any other method, its answer as Slack sent it. */
  call(method: string, args: object): Promise<Record<string, unknown>>;
}

export interface SlackWebApiOptions {
  /** Web API base URL (tests: the fake Slack's `apiUrl`); Slack's own by default. */
  slackApiUrl?: string | null;
  /** Per-request timeout; a post still unanswered then is `ambiguous`, never resent blindly. Default 10 s. */
  timeoutMs?: number;
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** A request that failed without an answer: never sent (Slack out of reach), or sent with its fate unknown. */
function failureOfRequestError(error: unknown): SlackFailure {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return { kind: 'unreachable', reason: code };
  const name = error instanceof Error ? error.name : 'Error';
  return { kind: 'ambiguous', reason: name === 'TimeoutError' ? 'timeout' : name };
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return header !== null && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Creates the Web API client for `token`. */
export function createSlackWebApi(token: string, options: SlackWebApiOptions = {}): SlackWebApi {
  const base = (options.slackApiUrl ?? DEFAULT_SLACK_API_URL).replace(/\/?$/, '/');
  const timeoutMs = options.timeoutMs ?? 10_000;

  const post = createJsonPost(timeoutMs);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' };

  const call = async (method: string, args: object): Promise<Record<string, unknown>> => {
    let answer: JsonAnswer;
    try {
      answer = await post(new URL(`${base}${method}`), headers, JSON.stringify(args));
    } catch (error) {
      throw new SlackCallError(method, failureOfRequestError(error));
    }
    if (answer.status === 429) {
      throw new SlackCallError(method, { kind: 'rate_limited', retryAfterMs: retryAfterMs(answer.retryAfter) });
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(answer.text) as Record<string, unknown>;
    } catch (error) {
      // A 5xx page or a cut-off answer: Slack may have acted on the request.
      const failure =
        answer.status >= 500
          ? { kind: 'ambiguous' as const, reason: `http_${answer.status}` }
          : failureOfRequestError(error);
      throw new SlackCallError(method, failure);
    }
    if (body === null || typeof body !== 'object' || body.ok !== true) {
      const reason = typeof body?.error === 'string' ? body.error : `http_${answer.status}`;
      throw new SlackCallError(
        method,
        answer.status >= 500 && !body?.error ? { kind: 'ambiguous', reason } : failureOfSlackError(reason),
      );
    }
    return body;
  };

  return {
    async postMessage(args) {
      // A card carries text from SWR and CodeArts (descriptions, names): no link in it may unfurl a preview.
      const body = await call('chat.postMessage', { unfurl_links: false, unfurl_media: false, ...args });
      return { ts: String(body.ts ?? ''), channel: String(body.channel ?? args.channel) };
    },
    async update(args) {
      await call('chat.update', args);
    },
    async postEphemeral(args) {
      await call('chat.postEphemeral', args);
    },
    async authTest() {
      const body = await call('auth.test', {});
      return {
        userId: str(body.user_id),
        botId: str(body.bot_id),
        teamId: str(body.team_id),
        team: str(body.team),
        enterpriseId: str(body.enterprise_id),
      };
    },
    call,
  };
}

/**
 * Posts a message a person is waiting on (a shared card, a card in a thread), once more when that is safe
 * (`callForPerson`), and — as the watch does — as its text alone when Slack refuses its blocks, so the answer is not
 * lost over a block Slack would not take. Throws the last `SlackCallError`.
 */
export async function postForPerson(
  slack: SlackWebApi,
  post: PostMessageArgs,
): Promise<{ ts: string; channel: string }> {
  try {
    return await callForPerson(() => slack.postMessage(post), { repeatAmbiguous: true });
  } catch (error) {
    if (!(error instanceof SlackCallError) || error.failure.kind !== 'blocks_refused' || !post.blocks?.length)
      throw error;
    const { blocks: _refused, ...textAlone } = post;
    return callForPerson(() => slack.postMessage(textAlone), { repeatAmbiguous: true });
  }
}

/** How long a person-facing call waits out a 429 before trying once more; a longer wait is reported instead. */
const PERSON_MAX_WAIT_MS = 5_000;
/** Slack out of reach: a short pause before the one more try. */
const UNREACHABLE_WAIT_MS = 500;

/**
 * Makes a call a person is waiting on, trying it once more when that is safe: a 429 within a few seconds, Slack out
 * of reach (nothing was done), and — only when `repeatAmbiguous` (an edit, which repeats harmlessly; or a post
 * where a rare duplicate is better than no answer) — a timeout or a 5xx. The second failure is thrown.
 */
export async function callForPerson<T>(call: () => Promise<T>, options: { repeatAmbiguous: boolean }): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const failure = error instanceof SlackCallError ? error.failure : null;
    let waitMs: number | null = null;
    if (failure?.kind === 'rate_limited' && failure.retryAfterMs <= PERSON_MAX_WAIT_MS) waitMs = failure.retryAfterMs;
    if (failure?.kind === 'unreachable') waitMs = UNREACHABLE_WAIT_MS;
    if (failure?.kind === 'ambiguous' && options.repeatAmbiguous) waitMs = 0;
    if (waitMs === null) throw error;
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    return call();
  }
}
