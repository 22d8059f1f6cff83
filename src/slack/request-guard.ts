/**
 * What Bolt's signature check leaves open, closed in front of its HTTP receiver.
 *
 * Bolt 5.1 (`verifySlackRequest`) rejects a bad signature and a timestamp more than 5 minutes in the past, but
 * accepts any timestamp in the future and the same signed request any number of times within its 5 minutes. Slack
 * asks receivers to reject a timestamp that differs from their clock by more than 5 minutes either way, and a
 * captured request replayed within the window would run its command again. So for correctly signed requests this
 * guard answers 401 to a timestamp over 5 minutes ahead and to a signature already seen in the window. Everything
 * else (bad signatures, stale timestamps, `ssl_check`) is left to Bolt: one place for each rule.
 *
 * It also refuses (400) a signed payload Slack never sends and Bolt would choke on or keep: a team id that is not
 * shaped like Slack's (Bolt keeps a Web API client per team id for the life of the process, puts the id into every
 * call that request makes — a lone surrogate there makes each call throw — and looks it up in a plain object, so
 * `constructor` answers 500), and a click without a `user` or with `actions` that is not a list (Bolt answers 500
 * or never acknowledges). Only a holder of the signing secret can send these.
 *
 * Seen signatures are kept for the window only, and only for requests that verified, so forged traffic cannot grow
 * the memory; on PostgreSQL the replicas share it (src/slack/replay-memory.ts). Which requests are checked is
 * decided as Bolt routes them (src/slack/request-path.ts). Socket Mode needs none of this: Slack's own socket
 * carries the requests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, isValidSlackRequest } from '@slack/bolt';
import type { Logger } from '../log.js';
import { DEFAULT_MAX_BODY_BYTES } from './http-limits.js';
import { createReplayMemory, MAX_CLOCK_SKEW_SECONDS, type ReplayMemory } from './replay-memory.js';
import { isBoltEndpointPost } from './request-path.js';
import { slackId } from './slack-id-shape.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface RequestGuardOptions {
  signingSecret: string;
  /** The path Slack posts to; other paths (health) pass straight through. */
  path: string;
  logger: Logger;
  /**
   * Slack's clock, as Bolt reads it (ms since the epoch): the real one (`Date.now`), whatever clock the cards are
   * rendered with. Tests inject one to walk the replay window to its edges.
   */
  now?: () => number;
  /** Where a request that verified and passed every check goes instead of `inner` (./early-ack.ts). */
  verified?: Listener;
  /** Bodies larger than this are refused with 413 before they are read (default `DEFAULT_MAX_BODY_BYTES`). */
  maxBodyBytes?: number;
  /** Where accepted signatures are remembered; default this process's memory (src/slack/replay-memory.ts). */
  replayMemory?: ReplayMemory;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** Why a verified body is a payload Slack never sends (see the module comment), or `null` when it is fine. */
export function malformedPayload(rawBody: string): string | null {
  const form = new URLSearchParams(rawBody);
  // Form bodies (commands, `payload=` for interactions) or JSON (Events API).
  const payloadText = rawBody.trimStart().startsWith('{') ? rawBody : form.get('payload');
  let fields: Record<string, unknown> = Object.fromEntries(form);
  if (payloadText !== null) {
    try {
      fields = record(JSON.parse(payloadText)) ?? {};
    } catch {
      return null; // not JSON: Bolt answers that itself
    }
  }
  const teamIds = [
    fields.team_id,
    fields.enterprise_id,
    record(fields.team)?.id,
    record(fields.user)?.team_id,
    record(fields.enterprise)?.id,
  ];
  // An empty field (`enterprise_id=` outside Enterprise Grid) is absent, as Slack means it.
  if (teamIds.some((id) => id !== undefined && id !== null && id !== '' && slackId(id) === null)) {
    return 'team id not shaped like Slack’s';
  }
  if (fields.type === 'block_actions') {
    if (record(fields.user) === null) return 'click without a user';
    if (!Array.isArray(fields.actions)) return 'click without a list of actions';
  }
  return null;
}

/** Wraps the receiver's request listener with the future-timestamp and replay checks. */
export function guardSlackRequests(inner: Listener, options: RequestGuardOptions): Listener {
  const { signingSecret, path, logger } = options;
  const clock = options.now ?? (() => Date.now());
  const memory = options.replayMemory ?? createReplayMemory();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const refuseTooLarge = (res: ServerResponse, contentLength: number | null): void => {
    logger.warn('refused a Slack request', { reason: `body over ${maxBodyBytes} bytes`, contentLength });
    // Closing the connection: the rest of the body is never read, nor drained to keep the connection alive.
    res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' });
    res.end('');
  };

  const reject = (res: ServerResponse, reason: string, req: IncomingMessage): void => {
    logger.warn('rejected a Slack request', { reason, path: req.url });
    res.writeHead(401, { 'content-type': 'text/plain' });
    res.end('');
  };

  const check = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Buffered here, reused by Bolt (it reads `rawBody` when present); a body without a length stops at the limit.
    const buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, maxBodyBytes);
    const timestampSec = Number(header(req, 'x-slack-request-timestamp'));
    const signature = header(req, 'x-slack-signature');
    // One reading for both checks: Bolt's stale check (through `nowMilliseconds`) and ours.
    const nowMs = clock();
    const verified =
      signature !== undefined &&
      Number.isInteger(timestampSec) &&
      isValidSlackRequest({
        signingSecret,
        body: buffered.rawBody.toString(),
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestampSec },
        nowMilliseconds: nowMs,
      });
    if (verified) {
      const nowSec = Math.floor(nowMs / 1000);
      if (timestampSec > nowSec + MAX_CLOCK_SKEW_SECONDS) return reject(res, 'timestamp in the future', req);
      if (!(await memory.firstSighting(signature, timestampSec, nowSec))) return reject(res, 'replayed request', req);
      const malformed = malformedPayload(buffered.rawBody.toString());
      if (malformed !== null) {
        logger.warn('refused a Slack request', { reason: malformed });
        HTTPModuleFunctions.buildNoBodyResponse(res, 400);
        return;
      }
    }
    (verified && options.verified ? options.verified : inner)(buffered, res);
  };

  return (req, res) => {
    if (!isBoltEndpointPost(req, path)) {
      inner(req, res);
      return;
    }
    const contentLength = Number(header(req, 'content-length'));
    if (contentLength > maxBodyBytes) return refuseTooLarge(res, contentLength);
    check(req, res).catch((error: unknown) => {
      if (HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413 && !res.headersSent) {
        return refuseTooLarge(res, null);
      }
      // An unreadable body: what Bolt answers for the same (a client error, no details).
      logger.warn('could not read a Slack request', { tooLarge: false });
      if (!res.headersSent) HTTPModuleFunctions.buildNoBodyResponse(res, 400);
      else res.end();
    });
  };
}
