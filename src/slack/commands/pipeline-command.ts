/**
 * `/pipeline …`: acknowledged at once (never after the API), then answered privately through the command's answer
 * (see ../command-parser.ts for what the text can say).
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { renderUsageMessage } from '../../render/usage-message.js';
import { openLinkModal, unlinkAccount } from '../accounts/index.js';
import { parsePipelineCommand } from '../command-parser.js';
import type { SlackDeps } from '../deps.js';
import type { ListenerRequest } from '../listener.js';
import { admitLookup } from '../lookup-limit.js';
import { setOutcome } from '../middleware/request-log.js';
import { searchByName, shareCard, showPrivateCard } from '../show-pipeline.js';
import { answerWatch } from '../watch-answers.js';

type CommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** The subcommands that read the backend, so take one of the person's lookups (../lookup-limit.ts). */
const READS_BACKEND: ReadonlySet<string> = new Set(['show', 'search', 'share', 'watch']);

/** The `/pipeline` work, bound to `deps` (the listener wrapper acknowledges first). */
export function pipelineCommandCallback(deps: SlackDeps) {
  return async function pipelineCommand({ command }: CommandArgs, request: ListenerRequest): Promise<void> {
    // CodeArts numbers its runs: `/pipeline <id> 42` shows run #42.
    const runNumbers = deps.backend.info.kind === 'codearts';
    const parsed = parsePipelineCommand(command.text ?? '', deps.backend.ids, { runNumbers });
    const ask = { deps, request };
    // A channel id that is not Slack's (a forged request) is no channel: Slack refuses posts there, politely.
    const channelId = request.channelId ?? '';
    // The bot's own workspace keys a watch: a channel shared across a Grid organisation has one watch, not two.
    const where = { teamId: deps.workspace.teamId ?? command.team_id, channelId };
    const userId = command.user_id;
    if (READS_BACKEND.has(parsed.kind) && !(await admitLookup(deps, request))) return;
    switch (parsed.kind) {
      case 'show':
        return showPrivateCard(ask, parsed.id, parsed.runNumber);
      case 'search':
        return searchByName(ask, parsed.name, parsed.ifNoMatch);
      case 'share':
        return shareCard({ ...ask, channelId, showWaiting: true }, parsed.id);
      case 'watch': {
        const call = { kind: 'watch' as const, ...where, pipelineId: parsed.id, filter: parsed.filter, userId };
        return answerWatch({ ...ask, call, showWaiting: true });
      }
      case 'unwatch':
        return answerWatch({ ...ask, call: { kind: 'unwatch', ...where, pipelineId: parsed.id, userId } });
      case 'list':
        return answerWatch({ ...ask, call: { kind: 'list', ...where } });
      case 'login':
        return openLinkModal(deps, request, command.trigger_id);
      case 'logout':
        return unlinkAccount(deps, request);
      case 'help':
      case 'usage': {
        setOutcome(request.context, parsed.kind);
        const problem = parsed.kind === 'usage' ? parsed.problem : undefined;
        await request.answer.send(
          renderUsageMessage({ locale: deps.locale, problem, backend: deps.backend.info.kind }),
        );
        return;
      }
    }
  };
}
