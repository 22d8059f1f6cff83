/**
 * How long and how much an unauthenticated client may take from the HTTP server, and how the server closes.
 *
 * Slack sends small requests at once and waits 3 s for the acknowledgement, so a client slower than the limits
 * below is not Slack: headers must be complete within `headersTimeoutMs`, the whole request within
 * `requestTimeoutMs` (Node's defaults are 60 s and 300 s, checked every 30 s), and an idle kept-alive connection is
 * closed after `keepAliveTimeoutMs`. The body limit is enforced by the request guard (src/slack/request-guard.ts).
 *
 * On shutdown the server stops accepting, idle connections are closed at once, requests in flight get `drainMs`
 * to finish (past Slack's 3 s, Slack has given up on them anyway), then every connection still open — a request
 * sent halfway, say — is cut, so none can hold the shutdown.
 */
import type { Server, ServerOptions } from 'node:http';
import type { Logger } from '../log.js';

/**
 * The largest body read from a request to the events path: a message shortcut carries the whole message (up to
 * 40,000 characters, again in its blocks, JSON in URL encoding: up to 9 bytes a character for CJK text), so Slack's
 * largest bodies approach 1 MiB while its commands and clicks are a few KiB. Bolt's own limit is 4 MB.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** On shutdown: how long requests in flight may take before their connections are cut. */
  drainMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  drainMs: 3_000,
};

/** The options to create the server with (the check interval can only be set there). */
export function httpServerOptions(limits: HttpLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // How often Node looks for connections past those limits: often enough that they are cut near their limit.
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/**
 * Closes `server` through `close` (the receiver's stop, which resolves once every connection is gone): idle
 * connections at once, the rest after `drainMs`.
 */
export async function closeHttpServer(
  server: Server,
  close: () => Promise<void>,
  drainMs: number,
  logger: Logger,
): Promise<void> {
  const closed = close();
  server.closeIdleConnections();
  const cut = setTimeout(() => {
    logger.warn('cut the HTTP connections still open after the shutdown drain', { drainMs });
    server.closeAllConnections();
  }, drainMs);
  try {
    await closed;
  } finally {
    clearTimeout(cut);
  }
}
