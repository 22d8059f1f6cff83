/** Registers the slash command listeners. */
import type { App } from '@slack/bolt';
import { COMMAND } from '../../render/action-ids.js';
import { channelNameOf } from '../actions/button-context.js';
import type { SlackDeps } from '../deps.js';
import { acknowledged } from '../listener.js';
import { slackId } from '../slack-id-shape.js';
import { pipelineCommandCallback } from './pipeline-command.js';

/** Adds `/pipeline` to `app`. */
export function register(app: App, deps: SlackDeps): void {
  app.command(
    COMMAND,
    acknowledged(
      deps,
      'command',
      ({ command }) => ({
        teamId: slackId(command.team_id),
        // Outside Enterprise Grid Slack sends `enterprise_id=` empty: absent.
        enterpriseId: slackId(command.enterprise_id),
        userTeamId: null,
        channelId: slackId(command.channel_id),
        channelName: channelNameOf(command.channel_name),
        userId: slackId(command.user_id),
      }),
      pipelineCommandCallback(deps),
    ),
  );
}
