/** Registers the button listeners of cards, error messages and pick lists. */
import type { App, BlockButtonAction } from '@slack/bolt';
import {
  ACTION_OPEN_CONSOLE,
  ACTION_PICK,
  ACTION_REFRESH,
  ACTION_SHARE,
  ACTION_SHOW_LOG,
  ACTION_UNWATCH,
  ACTION_WATCH,
} from '../../render/action-ids.js';
import { accountButtons } from '../accounts/index.js';
import type { SlackDeps } from '../deps.js';
import { acknowledged } from '../listener.js';
import { withLookupLimit } from '../lookup-limit.js';
import { type ButtonArgs, type ButtonWork, clickScope } from './button-context.js';
import { openConsoleCallback } from './open-console.js';
import { pickCallback } from './pick.js';
import { refreshCallback } from './refresh.js';
import { shareCallback } from './share.js';
import { showLogCallback } from './show-log.js';
import { unknownActionGuard } from './stale-button.js';
import { unwatchCallback, watchCallback } from './watch.js';

/**
 * Every button the bot handles, with its work; any other click is answered as an out-of-date button. Each one
 * that reads the backend takes one of the person's lookups first (../lookup-limit.ts).
 */
function buttons(deps: SlackDeps): Record<string, ButtonWork> {
  const limited = (work: ButtonWork): ButtonWork => withLookupLimit(deps, work);
  return {
    [ACTION_REFRESH]: limited(refreshCallback(deps)),
    [ACTION_SHARE]: limited(shareCallback(deps)),
    [ACTION_PICK]: limited(pickCallback(deps)),
    [ACTION_WATCH]: limited(watchCallback(deps)),
    [ACTION_UNWATCH]: unwatchCallback(deps),
    [ACTION_SHOW_LOG]: limited(showLogCallback(deps)),
    ...accountButtons(deps),
  };
}

/** Adds every button listener to `app`, and the guard that answers clicks none of them handles. */
export function register(app: App, deps: SlackDeps): void {
  const works = buttons(deps);
  app.use(unknownActionGuard(deps, new Set([...Object.keys(works), ACTION_OPEN_CONSOLE])));
  // A console link opens in the browser: its click is only acknowledged (nothing runs, so nothing to gate).
  app.action<BlockButtonAction>(ACTION_OPEN_CONSOLE, openConsoleCallback);
  for (const [actionId, work] of Object.entries(works)) {
    app.action<BlockButtonAction>(
      actionId,
      acknowledged<ButtonArgs>(deps, 'interaction', ({ body }) => clickScope(body), work),
    );
  }
}
