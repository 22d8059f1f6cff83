/**
 * The poller's Slack client: just `chat.postMessage` and `chat.update`, over `fetch` with a JSON body.
 * Bolt's `WebClient` is made for interactive use: it waits out 429s (pausing every channel), may retry (a blind
 * retry after a timeout can post a milestone twice), and builds debug copies of every request and answer even when
 * logging is off — at 10,000 watches that garbage is most of the poller's memory peak. This client does one
 * request per call and turns every failure into a `SlackFailure` the delivery code can act on.
 */
import type { KnownBlock } from '@slack/types';
import {
  DEFAULT_RETRY_AFTER_MS,
  failureOfSlackError,
  SlackCallError,
  type SlackFailure,
  UNREACHABLE_ERRORS,
} from './slack-outcome.js';

export interface PostMessageArgs {
  channel: string;
  text: string;
  blocks: KnownBlock[];
  thread_ts?: string;
  reply_broadcast?: boolean;
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}

export interface UpdateArgs {
  channel: string;
  ts: string;
  text: string;
  blocks: KnownBlock[];
}

/** What the watch feature needs from Slack. */
export interface WatchSlack {
  postMessage(args: PostMessageArgs): Promise<{ ts: string; channel: string }>;
  update(args: UpdateArgs): Promise<void>;
}

export interface WatchSlackClientOptions {
  /** Web API base URL (tests: the fake Slack's `apiUrl`); Slack's own by default. */
  slackApiUrl?: string;
  /** Per-request timeout; a post still unanswered then is "ambiguous", never resent. */
  timeoutMs?: number;
}

const DEFAULT_API_URL = 'https://slack.com/api/';

function failureOfFetchError(error: unknown): SlackFailure {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  // Raised before the request left: certainly not posted.
  if (code && UNREACHABLE_ERRORS.has(code)) return { kind: 'refused', reason: code };
  const name = error instanceof Error ? error.name : 'Error';
  return { kind: 'ambiguous', reason: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : name };
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
}

/** Creates the poller's Slack client for `token`. */
export function createWatchSlackClient(token: string, options: WatchSlackClientOptions = {}): WatchSlack {
  const base = (options.slackApiUrl ?? DEFAULT_API_URL).replace(/\/?$/, '/');
  const timeoutMs = options.timeoutMs ?? 10_000;

  const call = async (method: string, args: object): Promise<Record<string, unknown>> => {
    let response: Response;
    try {
      response = await fetch(`${base}${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(args),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new SlackCallError(method, failureOfFetchError(error));
    }
    if (response.status === 429) {
      await response.body?.cancel();
      throw new SlackCallError(method, {
        kind: 'rate_limited',
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      });
    }
    let body: Record<string, unknown>;
    try {
      body = (await response.json()) as Record<string, unknown>;
    } catch (error) {
      // A 5xx page or a cut-off answer: Slack may have acted on the request.
      const failure =
        response.status >= 500
          ? { kind: 'ambiguous' as const, reason: `http_${response.status}` }
          : failureOfFetchError(error);
      throw new SlackCallError(method, failure);
    }
    if (body.ok !== true) {
      const reason = typeof body.error === 'string' ? body.error : `http_${response.status}`;
      throw new SlackCallError(
        method,
        response.status >= 500 && !body.error ? { kind: 'ambiguous', reason } : failureOfSlackError(reason),
      );
    }
    return body;
  };

  return {
    async postMessage(args) {
      const body = await call('chat.postMessage', args);
      return { ts: String(body.ts ?? ''), channel: String(body.channel ?? args.channel) };
    },
    async update(args) {
      await call('chat.update', args);
    },
  };
}
