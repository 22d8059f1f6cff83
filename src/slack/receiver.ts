/**
 * The Bolt receiver the bot listens with: Bolt's HTTP receiver behind the request guard (signatures, replays, body
 * size, then an early ack), or Socket Mode when an app-level token is set. `/healthz` and any other custom route is
 * served in both modes.
 */
import {
  type Logger as BoltLogger,
  type CustomRoute,
  HTTPReceiver,
  type Receiver,
  SocketModeReceiver,
} from '@slack/bolt';
import type { Logger } from '../log.js';
import { acknowledgeEarly } from './early-ack.js';
import { createSharedReplayMemory, type ReplayLedger } from './replay-memory.js';
import { guardSlackRequests } from './request-guard.js';
import type { WorkTracker } from './work-tracker.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface ReceiverOptions {
  /** Required in HTTP mode (the configuration asks for it there); Socket Mode has no signatures to check. */
  signingSecret: string | null;
  /** Socket Mode when set. */
  appToken: string | null;
  port: number;
  customRoutes: CustomRoute[];
  logger: Logger;
  boltLogger: BoltLogger;
  /** Socket Mode's Web API client options. */
  clientOptions: Record<string, unknown>;
  tracker: WorkTracker;
  /** Replicas on one PostgreSQL database refuse each other's replays through it; absent, this process remembers. */
  replayLedger?: ReplayLedger;
  maxBodyBytes: number;
}

/** The receiver, and Bolt's HTTP receiver when that is the one (`null` in Socket Mode). */
export function createSlackReceiver(options: ReceiverOptions): { receiver: Receiver; http: HTTPReceiver | null } {
  const { logger, boltLogger, customRoutes } = options;
  if (options.appToken !== null) {
    const receiver = new SocketModeReceiver({
      appToken: options.appToken,
      logger: boltLogger,
      // Custom routes make the Socket Mode receiver open an HTTP server on `port` too: /healthz works in both modes.
      customRoutes,
      installerOptions: { clientOptions: options.clientOptions, port: options.port },
    });
    return { receiver, http: null };
  }
  // HTTP mode: every request is verified with the signing secret (Socket Mode receives none over HTTP).
  const signingSecret = options.signingSecret;
  if (signingSecret === null) throw new TypeError('HTTP mode needs SLACK_SIGNING_SECRET');
  const http = new HTTPReceiver({
    signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    port: options.port,
    customRoutes,
    logger: boltLogger,
  });
  const bolt = http.requestListener;
  http.requestListener = guardSlackRequests(bolt, {
    signingSecret,
    path: SLACK_EVENTS_PATH,
    logger,
    verified: acknowledgeEarly(bolt, options.tracker, logger),
    ...(options.replayLedger ? { replayMemory: createSharedReplayMemory(options.replayLedger, { logger }) } : {}),
    maxBodyBytes: options.maxBodyBytes,
  });
  return { receiver: http, http };
}
