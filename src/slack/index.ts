/** The Slack side of the bot: every listener, the request log and the last-resort error handler, on one app. */
import type { App } from '@slack/bolt';
import { register as registerAccounts } from './accounts/index.js';
import { register as registerActions } from './actions/index.js';
import { register as registerCommands } from './commands/index.js';
import type { SlackDeps } from './deps.js';
import { registerErrorHandler } from './error-handler.js';
import { requestLogMiddleware } from './middleware/request-log.js';
import { register as registerShortcuts } from './shortcuts/index.js';
import type { WorkTracker } from './work-tracker.js';

export type { SlackDeps, WatchCommands } from './deps.js';
export { createWorkTracker, type WorkTracker } from './work-tracker.js';

/** Registers the request log (first, so it times everything), the listeners and the error handler. */
export function registerListeners(app: App, deps: SlackDeps, tracker: WorkTracker): void {
  app.use(requestLogMiddleware(deps.logger.child({ component: 'slack' }), tracker));
  registerCommands(app, deps);
  registerShortcuts(app, deps);
  registerActions(app, deps);
  registerAccounts(app, deps);
  registerErrorHandler(app, deps.logger);
}
