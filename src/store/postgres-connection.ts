/**
 * How the bot connects to PostgreSQL, made explicit rather than left to node-postgres's defaults: TLS from the
 * URL's `sslmode` (node-postgres 8 reads `require` as `verify-full`, which a Heroku database — a certificate no
 * public CA signed — then refuses; the bot follows libpq's meaning instead), a connect timeout, statement and
 * query timeouts, and TCP keep-alive, so a database that is down, unreachable or silent is an error in seconds,
 * never a wait.
 */
import type { ConnectionOptions } from 'node:tls';
import type pg from 'pg';
import { isLoopbackHost } from '../config/env.js';

/** The `sslmode` values the bot accepts in `DATABASE_URL`. */
export const SSL_MODES = ['disable', 'require', 'no-verify', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** Time limits and keep-alive of the connections; the defaults suit Heroku and managed databases. */
export interface ConnectionLimits {
  /** From opening the socket to the server's first "ready" (TLS and login included). */
  connectTimeoutMs?: number;
  /** The server cancels any statement running longer (`statement_timeout` on the session). */
  statementTimeoutMs?: number;
  /** The client gives up on a query with no answer (a silent network, which `statement_timeout` cannot see). */
  queryTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;
export const DEFAULT_QUERY_TIMEOUT_MS = 15_000;
// A NAT or a load balancer drops idle connections silently after a few minutes; probes keep them alive and find
// dead ones.
const KEEP_ALIVE_DELAY_MS = 10_000;

/**
 * The parts of a PostgreSQL URL the bot reads, without `new URL` (which refuses libpq's multi-host and Unix-socket
 * forms): the first host, its port, and the query.
 */
function partsOf(url: string): { host: string; port: string; base: string; query: URLSearchParams } {
  const q = url.indexOf('?');
  const base = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const authority = /^postgres(?:ql)?:\/\/(?:[^@/]*@)?([^/]*)/.exec(base)?.[1] ?? '';
  const first = authority.split(',')[0] ?? '';
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(first);
  const host = decodeURIComponent(hostPort?.[1] ?? '') || query.get('host') || '';
  return { host, port: hostPort?.[2] ?? query.get('port') ?? '5432', base, query };
}

/**
 * The URL's `sslmode`; when it has none: `disable` for a database on this machine (loopback or a Unix socket),
 * `require` for any other (Heroku Postgres gives no sslmode and refuses connections without TLS). `invalid` for a
 * value the bot does not know.
 */
export function sslModeOf(url: string): SslMode | 'invalid' {
  const { host, query } = partsOf(url);
  const mode = query.get('sslmode');
  if (mode === null) return host === '' || host.startsWith('/') || isLoopbackHost(host) ? 'disable' : 'require';
  return (SSL_MODES as readonly string[]).includes(mode) ? (mode as SslMode) : 'invalid';
}

/** node-postgres's `ssl` for `mode`: libpq's meaning (`require`: encrypted, the certificate not checked). */
export function tlsFor(mode: SslMode): false | ConnectionOptions {
  switch (mode) {
    case 'disable':
      return false;
    case 'require':
    case 'no-verify':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      // The chain is checked against trusted CAs; the host name is not (libpq's verify-ca).
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true };
  }
}

/** `host:port` of the URL (never its user or password), for error messages. */
export function serverOf(url: string): string {
  const { host, port } = partsOf(url);
  return `${host || 'localhost'}:${port}`;
}

/** The pool configuration for `url`: `sslmode` taken out of the URL (node-postgres would override `ssl` with it). */
export function poolConfigFor(url: string, limits: ConnectionLimits = {}): pg.PoolConfig {
  const mode = sslModeOf(url);
  if (mode === 'invalid') {
    throw new Error(`DATABASE_URL has an sslmode the bot does not know: use one of ${SSL_MODES.join(', ')}`);
  }
  const { base, query } = partsOf(url);
  query.delete('sslmode');
  query.delete('uselibpqcompat');
  const rest = query.toString();
  return {
    connectionString: rest === '' ? base : `${base}?${rest}`,
    ssl: tlsFor(mode),
    connectionTimeoutMillis: limits.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    statement_timeout: limits.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    query_timeout: limits.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEP_ALIVE_DELAY_MS,
  };
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE']);

/**
 * `true` when `error` says the database cannot be reached or stopped answering (network, timeouts, a server
 * shutting down), rather than that a statement was wrong.
 */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNREACHABLE_CODES.has(code) || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return true;
    // 08: connection exception; 57P01–57P03: the server is shutting down or starting; 57014: statement timeout.
    if (code.startsWith('08') || /^57P0[123]$/.test(code) || code === '57014') return true;
  }
  return /timeout|terminated|Connection ended|not queryable|ECONNREFUSED/i.test(error.message);
}

/** One sentence for a connection failure to `url` (host and port, never the password). */
export function describeConnectError(error: unknown, url: string, limits: ConnectionLimits = {}): string {
  const server = serverOf(url);
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED')
    return `PostgreSQL at ${server} refused the connection: is it running, and is the port right?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `the host of PostgreSQL at ${server} was not found: check DATABASE_URL.`;
  if (/timeout|terminated unexpectedly/i.test(message)) {
    const seconds = Math.round((limits.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS) / 1000);
    return `PostgreSQL at ${server} did not answer within ${seconds} s: check the host, port, firewall and sslmode.`;
  }
  if (code === '28P01' || code === '28000')
    return `PostgreSQL at ${server} refused the user or password in DATABASE_URL.`;
  if (code === '3D000') return `the database named in DATABASE_URL does not exist on ${server}.`;
  if (/self[- ]signed|certificate|SSL|TLS/i.test(message)) {
    return `TLS with PostgreSQL at ${server} failed (${message}): check sslmode in DATABASE_URL (require encrypts without checking the certificate).`;
  }
  return `PostgreSQL at ${server} failed: ${message}`;
}
