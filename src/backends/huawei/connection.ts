/**
 * What every Huawei backend client opens once: the shared transport (retries, limits, redaction), the bot's own
 * authenticator, the JSON headers, and acting as a person for the length of one call — their credential's
 * secrets are redacted from anything echoed while it runs, and the bot's account never stands in for them.
 */
import type { PersonalCredential } from '../../domain/backend.js';
import type { Logger } from '../../log.js';
import { type Authenticator, createAuthenticator, type HuaweiAuth } from './auth/authenticator.js';
import { createHttpTransport, type HttpTransport, type HuaweiLimits } from './http.js';

/** Sent as `User-Agent` unless `userAgent` is given (keep in step with package.json). */
export const DEFAULT_USER_AGENT = 'swr-pipeline-bot/0.1.0';

export interface HuaweiConnectionOptions {
  /** How the bot's own account authenticates (reads only). */
  auth: HuaweiAuth;
  /** Per attempt; default 10 000. */
  timeoutMs?: number;
  /** Extra attempts of a read after a network error, 5xx or 429; default 2. */
  retries?: number;
  /** First backoff step (doubled each retry, plus jitter); default 250. */
  retryBaseDelayMs?: number;
  /** A longer `Retry-After` fails at once with `rate_limited` (a Slack user is waiting); default 5 000. */
  maxRetryAfterMs?: number;
  /** Body size (and request) limits; defaults in ./http.ts. */
  limits?: Partial<HuaweiLimits>;
  userAgent?: string;
  logger: Logger;
  now: () => number;
}

export interface HuaweiConnection {
  transport: HttpTransport;
  /** The bot's own account. */
  bot: Authenticator;
  /** Accept, Content-Type and User-Agent of every call. */
  headers: Readonly<Record<string, string>>;
  /** Every secret in use now: the bot's and those of people acting, for redaction. */
  secrets(): string[];
  /** Runs `act` as the owner of `credential`; its secrets are redacted while it runs. */
  actingAs<T>(credential: PersonalCredential, act: (as: Authenticator) => Promise<T>): Promise<T>;
}

/** Opens the connection; nothing is sent yet. */
export function openHuaweiConnection(options: HuaweiConnectionOptions): HuaweiConnection {
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  // Secrets of the credentials people act with, while their call is in flight (for redaction of any echo).
  const acting = new Set<string>();
  const secrets = (): string[] => [...bot.secrets(), ...acting];
  const transport = createHttpTransport({
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: options.retries ?? 2,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 250,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 5_000,
    now: options.now,
    secrets,
    ...options.limits,
  });
  const authDeps = { transport, userAgent, now: options.now, logger: options.logger };
  const bot = createAuthenticator(options.auth, authDeps);
  return {
    transport,
    bot,
    headers: { Accept: 'application/json', 'Content-Type': 'application/json;charset=utf8', 'User-Agent': userAgent },
    secrets,
    async actingAs(credential, act) {
      const as = createAuthenticator(credential, authDeps);
      const own = as.secrets();
      for (const secret of own) acting.add(secret);
      try {
        return await act(as);
      } finally {
        for (const secret of own) acting.delete(secret);
      }
    },
  };
}
