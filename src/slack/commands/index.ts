/** Registers the slash command listeners. */
import type { App } from '@slack/bolt';
import { COMMAND } from '../../render/action-ids.js';
import type { SlackDeps } from '../deps.js';
import { respondOrEphemeral } from '../respond-fallback.js';
import { slackId } from '../slack-id-shape.js';
import { pipelineCommandCallback } from './pipeline-command.js';

/** Adds `/pipeline` to `app`; a command without a response_url is answered with chat.postEphemeral. */
export function register(app: App, deps: SlackDeps): void {
  const listener = pipelineCommandCallback(deps);
  app.command(COMMAND, (args) => {
    const target = {
      slack: deps.slack,
      channelId: slackId(args.command.channel_id),
      userId: slackId(args.command.user_id),
      logger: deps.logger,
    };
    return listener({ ...args, respond: respondOrEphemeral(args.respond, target) });
  });
}
