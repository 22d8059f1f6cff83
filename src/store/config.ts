/**
 * Where watches are kept: `DATABASE_URL` (SQLite by default, PostgreSQL for several replicas), checked against the
 * platform: on Heroku (`DYNO` is set) a SQLite file is lost at every deploy, so the bot refuses it unless told
 * `ALLOW_EPHEMERAL_SQLITE=true`.
 */
import { z } from 'zod';
import { addProblem, addSentence, configPart, envInput } from '../config/env.js';
import { SSL_MODES, sslModeOf } from './postgres-connection.js';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/pipeline-bot.db';

const DATABASE_URL_SHAPE = /^sqlite:.+|^postgres(?:ql)?:\/\/.+/;

/** The start-up refusal on Heroku with a SQLite store: names both ways out. */
export const EPHEMERAL_SQLITE_SENTENCE =
  "Heroku wipes the dyno's disk on every deploy: add Heroku Postgres (DATABASE_URL) or set ALLOW_EPHEMERAL_SQLITE=true to accept losing watches";

/**
 * `DATABASE_URL`: `sqlite:<path>` or `postgres://…` (with `sslmode` one of `SSL_MODES`); a secret (it may hold a
 * password), never echoed. Refused as SQLite when `DYNO` is set, unless `ALLOW_EPHEMERAL_SQLITE=true`.
 */
export const databaseUrlPart = configPart<string>(
  envInput.transform((env, ctx) => {
    const url = env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
    const allow = env.ALLOW_EPHEMERAL_SQLITE?.toLowerCase();
    if (allow !== undefined && allow !== 'true' && allow !== 'false') {
      addProblem(ctx, 'ALLOW_EPHEMERAL_SQLITE', 'must be true or false', env.ALLOW_EPHEMERAL_SQLITE);
    }
    if (!DATABASE_URL_SHAPE.test(url)) {
      addProblem(ctx, 'DATABASE_URL', 'must be sqlite:<path> or postgres://user@host:port/db');
      return z.NEVER;
    }
    if (url.startsWith('sqlite:')) {
      if (env.DYNO !== undefined && allow !== 'true') addSentence(ctx, EPHEMERAL_SQLITE_SENTENCE);
      return url;
    }
    if (sslModeOf(url) === 'invalid') {
      addProblem(ctx, 'DATABASE_URL', `has an sslmode the bot does not know: use one of ${SSL_MODES.join(', ')}`);
    }
    return url;
  }),
  ['DATABASE_URL'],
);

/** The password inside a PostgreSQL URL (a secret on its own, for log redaction), or `null`. */
export function databasePassword(url: string | undefined): string | null {
  const encoded = /^postgres(?:ql)?:\/\/[^:/@]+:([^@]+)@/.exec(url?.trim() ?? '')?.[1];
  if (!encoded) return null;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
