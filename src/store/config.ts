/** Where watches are kept: `DATABASE_URL` (SQLite by default, PostgreSQL for several replicas). */
import { z } from 'zod';
import { configPart, variable } from '../config/env.js';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/pipeline-bot.db';

const DATABASE_URL_SHAPE = /^sqlite:.+|^postgres(?:ql)?:\/\/.+/;

/** `DATABASE_URL`: `sqlite:<path>` or `postgres://…`; a secret (it may hold a password), never echoed. */
export const databaseUrlPart = configPart<string>(
  variable(
    'DATABASE_URL',
    z
      .string()
      .regex(DATABASE_URL_SHAPE, { error: 'must be sqlite:<path> or postgres://user@host:port/db' })
      .default(DEFAULT_DATABASE_URL),
  ),
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
