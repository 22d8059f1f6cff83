/**
 * The acknowledgement, written before Bolt runs: under a burst, the N-th request's ack used to wait for Bolt's
 * parsing, its second signature check, the middleware, the listener and whatever the listener does after `ack()`
 * up to its first wait (starting the SWR request) of all N−1 requests before it, all in one macrotask each. Every
 * listener of the bot acknowledges with an empty body first thing (./listener.ts), so a verified slash command or
 * interaction gets that same empty 200 here at once (not a modal's submission: its ack carries the answer); Bolt then processes the request against a stand-in response
 * that Slack never sees, one request per turn of the event loop, so requests already received are read and
 * acknowledged between two (docs/FINDINGS.md §1–2). Anything else (`ssl_check`, JSON events with their
 * `url_verification` challenge) keeps Bolt's own answer.
 */
import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import type { WorkTracker } from './work-tracker.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** A request already buffered by the guard (`rawBody`, which Bolt reuses). */
type BufferedRequest = IncomingMessage & { rawBody?: Buffer };

/**
 * Payloads whose acknowledgement carries an answer: a modal's submission (`response_action`, e.g. errors under its
 * fields) and a select menu's options. Matched in the encoded form, where the payload's own `"type":"…"` is
 * `%22type%22%3A%22…%22`; text inside the payload cannot pass for it (its quotes are escaped: `%5C%22`).
 */
const ANSWERED_IN_THE_ACK = /%22type%22%3A%22(?:view_submission|block_suggestion)%22/i;

/**
 * `true` for a form body with a `command` or `payload` field — a slash command, a click, a shortcut — unless Bolt's
 * ack must carry an answer (above). In a form body a field starts the body or follows `&` (an `&` inside a value is
 * `%26`), so no value can pass for a field name.
 */
export function isAcknowledgedEarly(rawBody: string): boolean {
  const form =
    rawBody.startsWith('command=') ||
    rawBody.startsWith('payload=') ||
    rawBody.includes('&command=') ||
    rawBody.includes('&payload=');
  return form && !ANSWERED_IN_THE_ACK.test(rawBody);
}

/** Bolt gives up on an unacknowledged request after ~3 s; the stand-in is let go a little after that at most. */
const STAND_IN_MAX_MS = 5_000;

/**
 * Wraps Bolt's request listener for requests that passed the guard's checks (see the module comment); the work of
 * each, up to its ack into the stand-in, is tracked so a shutdown waits for requests Slack was told were received.
 */
export function acknowledgeEarly(inner: Listener, tracker: WorkTracker, logger: Logger): Listener {
  const queue: (() => void)[] = [];
  let draining = false;
  const drainOne = (): void => {
    try {
      queue.shift()?.();
    } catch (error) {
      // Slack already has its 200: all that is left is to say so and move on, or every later request would be
      // acknowledged and never processed.
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      logger.error('a Slack request failed before its listener ran', { error: { name, message } });
    } finally {
      if (queue.length > 0) setImmediate(drainOne);
      else draining = false;
    }
  };

  return (req: BufferedRequest, res) => {
    if (!req.rawBody || !isAcknowledgedEarly(req.rawBody.toString())) {
      inner(req, res);
      return;
    }
    res.writeHead(200);
    res.end();
    let handedOver: () => void = () => {};
    tracker.track(
      new Promise<void>((resolve) => {
        handedOver = resolve;
      }),
    );
    queue.push(() => {
      const standIn = new ServerResponse(req);
      const timer = setTimeout(handedOver, STAND_IN_MAX_MS);
      timer.unref();
      // Bolt's ack (or its answer to a request nobody acknowledged) ends the stand-in; by then the request log's
      // middleware tracks the listener's own work.
      const end = standIn.end.bind(standIn) as (...args: unknown[]) => ServerResponse;
      standIn.end = ((...args: unknown[]) => {
        clearTimeout(timer);
        handedOver();
        return end(...args);
      }) as ServerResponse['end'];
      try {
        inner(req, standIn);
      } catch (error) {
        clearTimeout(timer);
        handedOver();
        throw error;
      }
    });
    if (!draining) {
      draining = true;
      setImmediate(drainOne);
    }
  };
}
