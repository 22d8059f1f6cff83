/** Registers the slash command listeners. */
import type { App } from '@slack/bolt';
import { COMMAND } from '../../render/action-ids.js';
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
        channelId: slackId(command.channel_id),
        userId: slackId(command.user_id),
      }),
      pipelineCommandCallback(deps),
    ),
  );
}
