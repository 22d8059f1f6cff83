/** Registers the button listeners of cards, error messages and pick lists. */
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import {
  ACTION_OPEN_CONSOLE,
  ACTION_PICK,
  ACTION_REFRESH,
  ACTION_SHARE,
  ACTION_UNWATCH,
  ACTION_WATCH,
} from '../../render/action-ids.js';
import type { SlackDeps } from '../deps.js';
import { respondOrEphemeral } from '../respond-fallback.js';
import { clickedMessage } from './button-context.js';
import { openConsoleCallback } from './open-console.js';
import { pickCallback } from './pick.js';
import { refreshCallback } from './refresh.js';
import { shareCallback } from './share.js';
import { unknownActionGuard } from './stale-button.js';
import { unwatchCallback, watchCallback } from './watch.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;
type ButtonListener = (args: ButtonArgs) => Promise<void>;

/** Every action id a listener handles; any other click is answered as an out-of-date button. */
export const KNOWN_ACTIONS: ReadonlySet<string> = new Set([
  ACTION_REFRESH,
  ACTION_SHARE,
  ACTION_PICK,
  ACTION_WATCH,
  ACTION_UNWATCH,
  ACTION_OPEN_CONSOLE,
]);

/** Gives `listener` a `respond` even when the click carried no response_url (see ../respond-fallback.ts). */
function answerable(deps: SlackDeps, listener: ButtonListener): ButtonListener {
  return (args) => {
    const where = clickedMessage(args.body);
    const target = { slack: deps.slack, channelId: where.channelId, userId: where.userId, logger: deps.logger };
    return listener({ ...args, respond: respondOrEphemeral(args.respond, target) });
  };
}

/** Adds every button listener to `app`, and the guard that answers clicks none of them handles. */
export function register(app: App, deps: SlackDeps): void {
  app.use(unknownActionGuard(deps, KNOWN_ACTIONS));
  app.action<BlockButtonAction>(ACTION_REFRESH, answerable(deps, refreshCallback(deps)));
  app.action<BlockButtonAction>(ACTION_SHARE, answerable(deps, shareCallback(deps)));
  app.action<BlockButtonAction>(ACTION_PICK, answerable(deps, pickCallback(deps)));
  app.action<BlockButtonAction>(ACTION_WATCH, answerable(deps, watchCallback(deps)));
  app.action<BlockButtonAction>(ACTION_UNWATCH, answerable(deps, unwatchCallback(deps)));
  app.action<BlockButtonAction>(ACTION_OPEN_CONSOLE, openConsoleCallback);
}
