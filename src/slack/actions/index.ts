/** Registers the button listeners of cards, error messages and pick lists. */
import type { App, BlockButtonAction } from '@slack/bolt';
import {
  ACTION_OPEN_CONSOLE,
  ACTION_PICK,
  ACTION_REFRESH,
  ACTION_SHARE,
  ACTION_UNWATCH,
  ACTION_WATCH,
} from '../../slack-ids.js';
import type { SlackDeps } from '../deps.js';
import { openConsoleCallback } from './open-console.js';
import { pickCallback } from './pick.js';
import { refreshCallback } from './refresh.js';
import { shareCallback } from './share.js';
import { unwatchCallback } from './unwatch.js';
import { watchCallback } from './watch.js';

/** Adds every button listener to `app`. */
export function register(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(ACTION_REFRESH, refreshCallback(deps));
  app.action<BlockButtonAction>(ACTION_SHARE, shareCallback(deps));
  app.action<BlockButtonAction>(ACTION_PICK, pickCallback(deps));
  app.action<BlockButtonAction>(ACTION_WATCH, watchCallback(deps));
  app.action<BlockButtonAction>(ACTION_UNWATCH, unwatchCallback(deps));
  app.action<BlockButtonAction>(ACTION_OPEN_CONSOLE, openConsoleCallback);
}
