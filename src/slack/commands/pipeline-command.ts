/**
 * `/pipeline …`: acknowledged at once (never after SWR), then answered through the command's `response_url`,
 * visible only to the user who typed it (see ../command-parser.ts for what the text can say).
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { renderUsageMessage } from '../../render/usage-message.js';
import { parsePipelineCommand } from '../command-parser.js';
import type { SlackDeps } from '../deps.js';
import { markAcked, setOutcome } from '../middleware/request-log.js';
import { searchByName, shareCard, showPrivateCard } from '../show-pipeline.js';
import { slackId } from '../slack-id-shape.js';
import { answerWatch } from '../watch-answers.js';

type CommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** The `/pipeline` listener, bound to `deps`. */
export function pipelineCommandCallback(deps: SlackDeps) {
  return async function pipelineCommand({ ack, command, respond, context }: CommandArgs): Promise<void> {
    await ack();
    markAcked(context);
    const parsed = parsePipelineCommand(command.text ?? '', deps.backend.ids);
    const answer = { deps, respond, context };
    // A channel id that is not Slack's (a forged request) is no channel: Slack refuses posts there, politely.
    const channelId = slackId(command.channel_id) ?? '';
    const where = { teamId: command.team_id, channelId };
    switch (parsed.kind) {
      case 'show':
        return showPrivateCard(answer, parsed.id);
      case 'search':
        return searchByName(answer, parsed.name);
      case 'share':
        return shareCard({ ...answer, channelId, showWaiting: true }, parsed.id);
      case 'watch': {
        const input = { ...where, pipelineId: parsed.id, filter: parsed.filter, userId: command.user_id };
        return answerWatch({ ...answer, pipelineId: parsed.id, call: (w) => w.watch(input), showWaiting: true });
      }
      case 'unwatch': {
        const input = { ...where, pipelineId: parsed.id, userId: command.user_id };
        return answerWatch({ ...answer, pipelineId: parsed.id, call: (w) => w.unwatch(input) });
      }
      case 'list':
        return answerWatch({ ...answer, pipelineId: null, call: (w) => w.list(where) });
      case 'help':
      case 'usage': {
        setOutcome(context, parsed.kind);
        const problem = parsed.kind === 'usage' ? parsed.problem : undefined;
        const usage = renderUsageMessage({ locale: deps.locale, problem });
        await respond({ response_type: 'ephemeral', text: usage.text, blocks: usage.blocks });
        return;
      }
    }
  };
}
