/**
 * IAM password tokens: log in once, cache the token until shortly before it ends, share one login among concurrent
 * callers, and never send a password IAM has rejected again (repeated wrong passwords lock the IAM user).
 */

import { BackendError, type BackendErrorKind } from '../../../domain/backend-error.js';
import type { Logger } from '../../../log.js';
import { tryDecodeBody } from '../body.js';
import { type ResponseKindRule, responseKind } from '../error-mapping.js';
import type { HttpTransport } from '../http.js';
import { parseTime } from '../time.js';

/** Said on every call once IAM has rejected the password. */
export const PASSWORD_REJECTED_MESSAGE =
  'Huawei Cloud IAM rejected the bot’s password: fix HUAWEI_PASSWORD and restart the bot (it will not retry, so the IAM user is not locked).';

/** Said when IAM refused for another reason (unknown user, domain or project). */
export const LOGIN_REFUSED_MESSAGE = 'Huawei Cloud IAM did not issue a token: check the HUAWEI_* settings.';

export interface IamCredentials {
  endpoint: string;
  username: string;
  password: string;
  domain: string;
  project: string;
}

export interface IamTokenProviderOptions {
  credentials: IamCredentials;
  transport: HttpTransport;
  userAgent: string;
  now: () => number;
  logger: Logger;
}

/** Hands out a valid token, logging in when needed. */
export interface IamTokenProvider {
  /** A valid token; throws `BackendError` when IAM refuses or cannot be reached. */
  token(): Promise<string>;
  /** Drops `token` after SWR refused it; returns `false` when no new token can be had (password rejected). */
  invalidate(token: string): boolean;
  /** The password and recent tokens, for redaction. */
  secrets(): string[];
}

// IAM tokens live 24 h; refresh 5 minutes early, or 10 % early for short-lived ones.
const EARLY_REFRESH_MS = 5 * 60_000;
const DEFAULT_LIFETIME_MS = 24 * 3600_000;
const REMEMBERED_TOKENS = 3;

interface CachedToken {
  value: string;
  refreshAt: number;
  expiresAt: number;
}

/** How IAM's answers to the token call read: any refusal means the credentials are wrong. */
const IAM_RULES: readonly ResponseKindRule[] = [
  { status: 429, kind: 'rate_limited', why: 'throttled; Retry-After is kept' },
  {
    status: '4xx',
    kind: 'unauthorized',
    why: 'IAM refused to issue a token (wrong password, unknown user, domain or project)',
  },
  { status: '5xx', kind: 'upstream', why: 'server-side failure' },
  { status: '3xx', kind: 'invalid_response', why: 'redirects are not followed (they would carry the password)' },
];

export const iamKind = (status: number, code: string | undefined): BackendErrorKind =>
  responseKind(IAM_RULES, status, code, 'login');

/** Creates the provider; nothing is sent until the first `token()`. */
export function createIamTokenProvider(options: IamTokenProviderOptions): IamTokenProvider {
  const { credentials, transport, now, logger } = options;
  let cached: CachedToken | null = null;
  let inFlight: Promise<string> | null = null;
  let rejection: BackendError | null = null;
  const recentTokens: string[] = [];

  const secrets = (): string[] => [credentials.password, ...recentTokens];

  const login = async (): Promise<string> => {
    const started = performance.now();
    const result = await transport.send({
      method: 'POST',
      url: `${credentials.endpoint.replace(/\/+$/, '')}/v3/auth/tokens?nocatalog=true`,
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json;charset=utf8',
        'User-Agent': options.userAgent,
      },
      body: JSON.stringify(loginBody(credentials)),
      kindOf: iamKind,
      // Never repeated by the transport: a password sent again after a refusal counts toward locking the user.
      retry: false,
    });
    const ms = Math.round(performance.now() - started);
    if (!result.ok) {
      const error = loginError(result.error);
      if (error.status === 401 || error.status === 403) rejection = error;
      logger.warn('iam login failed', { status: error.status, ms, kind: error.kind, code: error.code });
      throw error;
    }
    const token = result.response.headers['x-subject-token'];
    if (!token) {
      logger.warn('iam login failed', { status: result.response.status, ms, kind: 'invalid_response' });
      throw new BackendError('invalid_response', {
        status: result.response.status,
        detail: 'IAM: no X-Subject-Token header',
      });
    }
    const issuedAt = now();
    const expiresAt = readExpiry(result.response.text) ?? issuedAt + DEFAULT_LIFETIME_MS;
    const early = Math.min(EARLY_REFRESH_MS, (expiresAt - issuedAt) / 10);
    cached = { value: token, refreshAt: expiresAt - early, expiresAt };
    recentTokens.unshift(token);
    recentTokens.length = Math.min(recentTokens.length, REMEMBERED_TOKENS);
    logger.info('iam login', { status: result.response.status, ms, expiresAt: new Date(expiresAt).toISOString() });
    return token;
  };

  return {
    token() {
      if (rejection) return Promise.reject(copyError(rejection));
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.value);
      inFlight ??= login()
        .catch((error: unknown) => {
          // An early refresh that failed for a passing reason: the old token still works until it ends.
          const fallback = cached;
          if (!rejection && fallback && now() < fallback.expiresAt) return fallback.value;
          throw error;
        })
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.value === token) cached = null;
      return rejection === null;
    },
    secrets,
  };
}

export function loginBody(c: IamCredentials): unknown {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: c.username, password: c.password, domain: { name: c.domain } } },
      },
      scope: { project: { name: c.project } },
    },
  };
}

/** `token.expires_at` of an IAM token body, in ms; `null` when absent. */
export function readExpiry(text: string): number | null {
  const body = tryDecodeBody(text);
  const token = isDict(body) ? body.token : undefined;
  const expires = isDict(token) ? parseTime(token.expires_at) : null;
  return expires ? expires.getTime() : null;
}

/**
 * The user and account names an IAM token body gives (`token.user.name`, `token.user.domain.name`), and the user's
 * id (`token.user.id`) when it is a sensible one (`null` otherwise: a link still works by name).
 */
export function readTokenOwner(text: string): { user: string; domain: string; id: string | null } | null {
  const body = tryDecodeBody(text);
  const token = isDict(body) ? body.token : undefined;
  const user = isDict(token) ? token.user : undefined;
  if (!isDict(user)) return null;
  const { name, id } = user;
  const domain = isDict(user.domain) ? user.domain.name : undefined;
  const usableId = typeof id === 'string' && USER_ID.test(id) ? id : null;
  return typeof name === 'string' && typeof domain === 'string' ? { user: name, domain, id: usableId } : null;
}

// IAM user ids are 32 hex digits; a little slack in length and alphabet, none for spaces or markup.
const USER_ID = /^[0-9A-Za-z_-]{1,64}$/;

/** A login failure in IAM's words: a refusal says what to fix; a transient failure keeps its kind. */
function loginError(error: BackendError): BackendError {
  const details = {
    status: error.status,
    code: error.code,
    requestId: error.requestId,
    retryAfterSeconds: error.retryAfterSeconds,
    detail: `IAM: ${error.detail ?? ''}`.trim(),
  };
  if (error.status === 401 || error.status === 403)
    return new BackendError('unauthorized', details, PASSWORD_REJECTED_MESSAGE);
  if (error.kind === 'unauthorized') return new BackendError('unauthorized', details, LOGIN_REFUSED_MESSAGE);
  return new BackendError(error.kind, details);
}

// A fresh error per call, so each caller gets its own stack.
function copyError(error: BackendError): BackendError {
  return new BackendError(
    error.kind,
    {
      status: error.status,
      code: error.code,
      requestId: error.requestId,
      detail: error.detail,
    },
    error.message,
  );
}

function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
