/**
 * `app.error`: the last resort for anything a listener did not handle. It logs the error (redacted by the
 * logger) and nothing else — Slack users only ever see the listeners' own worded messages.
 */
import type { App, CodedError } from '@slack/bolt';
import type { Logger } from '../log.js';
import { describeRequest } from './middleware/request-log.js';

/** Installs the global error handler on `app` (built with `extendedErrorHandler: true`, so it sees the body). */
export function registerErrorHandler(app: App, logger: Logger): void {
  app.error(async ({ error, body }: { error: CodedError; body: unknown }) => {
    const { kind, id } = describeRequest(body);
    const original = 'original' in error && error.original instanceof Error ? error.original : error;
    logger.error('unhandled error in a Slack listener', {
      kind,
      id,
      code: 'code' in error ? error.code : undefined,
      error: { name: original.name, message: original.message },
    });
  });
}
