/** Registers the shortcut listeners. */
import type { App, MessageShortcut } from '@slack/bolt';
import { SHORTCUT_FIND_PIPELINES } from '../../render/action-ids.js';
import { channelNameOf } from '../actions/button-context.js';
import type { SlackDeps } from '../deps.js';
import { acknowledged } from '../listener.js';
import { slackId } from '../slack-id-shape.js';
import { findPipelinesCallback, type ShortcutArgs } from './find-pipelines.js';

/** Adds the "Find pipelines" message shortcut to `app`. */
export function register(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>(
    { callback_id: SHORTCUT_FIND_PIPELINES, type: 'message_action' },
    acknowledged<ShortcutArgs>(
      deps,
      'shortcut',
      ({ shortcut }) => ({
        // Ids that are not Slack's (a forged payload) read as missing: nothing is posted there.
        teamId: slackId(shortcut.team?.id) ?? slackId(shortcut.user?.team_id),
        enterpriseId:
          slackId((shortcut as { enterprise?: { id?: unknown } | null }).enterprise?.id) ??
          slackId((shortcut.team as { enterprise_id?: unknown } | null)?.enterprise_id),
        userTeamId: slackId(shortcut.user?.team_id),
        channelId: slackId(shortcut.channel?.id),
        channelName: channelNameOf(shortcut.channel?.name),
        userId: slackId(shortcut.user?.id),
      }),
      findPipelinesCallback(deps),
    ),
  );
}
