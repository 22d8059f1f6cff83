/**
 * Bolt's logger interface on top of ours, so Bolt's and the Web API client's own messages are JSON lines that go
 * through the same secret redaction as everything else.
 */
import { type Logger as BoltLogger, LogLevel as BoltLogLevel } from '@slack/bolt';
import type { Logger, LogLevel } from '../log.js';

const TO_BOLT: Record<LogLevel, BoltLogLevel> = {
  debug: BoltLogLevel.DEBUG,
  info: BoltLogLevel.INFO,
  warn: BoltLogLevel.WARN,
  error: BoltLogLevel.ERROR,
};
const ORDER: BoltLogLevel[] = [BoltLogLevel.DEBUG, BoltLogLevel.INFO, BoltLogLevel.WARN, BoltLogLevel.ERROR];

function text(parts: unknown[]): string {
  return parts
    .map((p) => (p instanceof Error ? `${p.name}: ${p.message}` : typeof p === 'string' ? p : JSON.stringify(p)))
    .join(' ');
}

/** Wraps `logger` for Bolt (`App({ logger })`), starting at `level`. */
export function toBoltLogger(logger: Logger, level: LogLevel): BoltLogger {
  let current = TO_BOLT[level];
  let log = logger.child({ component: 'bolt' });
  const enabled = (l: BoltLogLevel): boolean => ORDER.indexOf(l) >= ORDER.indexOf(current);
  return {
    debug: (...msg: unknown[]) => {
      if (enabled(BoltLogLevel.DEBUG)) log.debug(text(msg));
    },
    info: (...msg: unknown[]) => {
      if (enabled(BoltLogLevel.INFO)) log.info(text(msg));
    },
    warn: (...msg: unknown[]) => {
      if (enabled(BoltLogLevel.WARN)) log.warn(text(msg));
    },
    error: (...msg: unknown[]) => {
      if (enabled(BoltLogLevel.ERROR)) log.error(text(msg));
    },
    setLevel: (l: BoltLogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: (name: string) => {
      log = logger.child({ component: name });
    },
  };
}
