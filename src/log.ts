/**
 * One JSON line per event on stdout. Every string that leaves goes through `redact`, which removes the
 * configured secret values and anything shaped like a Slack token, an auth header or a password field.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

const PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /((?:x-auth-token|x-subject-token|authorization)["']?\s*[:=]\s*["']?)[^"',\s}]+(?:[ ,]+(?:Access|SignedHeaders|Signature)=[^"',\s}]+)*/gi,
  /((?:Signature|Access)=)[^"',\s}&]+/g,
  /("?(?:password|secret|token|secret_key|access_key)"?\s*[:=]\s*")[^"]*/gi,
];

/** Removes every secret value and secret-shaped string from `text`. Secrets shorter than 4 chars are ignored. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (_match, prefix?: string) =>
      typeof prefix === 'string' ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return out;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Values that must never appear in a log line. */
  secrets?: readonly string[];
  /** Where lines go; stdout by default. Tests pass an array's push. */
  write?: (line: string) => void;
  fields?: Record<string, unknown>;
  now?: () => Date;
}

function serialiseError(err: Error): Record<string, unknown> {
  const json = (err as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return { name: err.name, ...(json.call(err) as Record<string, unknown>) };
  return { name: err.name, message: err.message };
}

/** Creates a JSON-lines logger that redacts secrets from every field. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = LOG_LEVELS.indexOf(options.level ?? 'info');
  const secrets = options.secrets ?? [];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const base = options.fields ?? {};

  const emit = (level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void => {
    if (LOG_LEVELS.indexOf(level) < min) return;
    const record = { time: now().toISOString(), level, msg, ...base, ...fields };
    const line = JSON.stringify(record, (_key, value: unknown) =>
      value instanceof Error ? serialiseError(value) : value,
    );
    write(redact(line, secrets));
  };

  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** A logger that drops everything; for tests and tools that print their own output. */
export const silentLogger: Logger = createLogger({ write: () => {} });
