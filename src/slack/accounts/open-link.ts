/**
 * `/pipeline login` and the "Link your Huawei account" button: open the link modal with the click's `trigger_id`
 * (valid 3 s, once — so nothing slow runs before it), or say privately why not (linking off, the trigger expired).
 * `/pipeline logout` and Unlink: forget the link and say so (Unlink on the Home tab: the tab republished without the
 * link, the sentence on top).
 */
import {
  renderLinkingDisabled,
  renderLinkModal,
  renderLinkModalFailed,
  renderNotLinked,
  renderUnlinked,
} from '../../render/link-messages.js';
import type { SlackMessage } from '../../render/types.js';
import { classifySlackError, slackErrorCode } from '../../slack-api/errors.js';
import type { SlackDeps } from '../deps.js';
import type { ListenerRequest } from '../listener.js';
import { setOutcome } from '../middleware/request-log.js';
import { workspaceOf } from '../workspace.js';

/** Where to answer once the modal is submitted (a modal has no response URL). */
export interface LinkModalMetadata {
  channelId: string | null;
}

/** Reads the modal's `private_metadata` (the bot wrote it; anything else reads as no channel). */
export function readLinkMetadata(raw: unknown): LinkModalMetadata {
  try {
    const value = JSON.parse(typeof raw === 'string' ? raw : '{}') as { channelId?: unknown };
    return {
      channelId:
        typeof value.channelId === 'string' && /^[CDG][A-Z0-9]{2,20}$/.test(value.channelId) ? value.channelId : null,
    };
  } catch {
    return { channelId: null };
  }
}

/** Opens the link modal for the person behind `request`. */
export async function openLinkModal(deps: SlackDeps, request: ListenerRequest, triggerId: unknown): Promise<void> {
  const { linking } = deps;
  if (!linking.accounts.enabled || linking.methods.length === 0) {
    setOutcome(request.context, 'linking_disabled');
    await request.answer.send(renderLinkingDisabled(deps.locale));
    return;
  }
  if (typeof triggerId !== 'string' || triggerId === '') {
    setOutcome(request.context, 'no_trigger');
    await request.answer.send(renderLinkModalFailed(deps.locale));
    return;
  }
  const metadata: LinkModalMetadata = { channelId: request.channelId };
  const view = renderLinkModal({
    methods: linking.methods,
    locale: deps.locale,
    privateMetadata: JSON.stringify(metadata),
  });
  try {
    await deps.slack.call('views.open', { trigger_id: triggerId, view });
    setOutcome(request.context, 'link_modal');
  } catch (error) {
    const code = slackErrorCode(classifySlackError(error));
    deps.logger.warn('link modal not opened', { error: code, user: request.userId });
    setOutcome(request.context, `link_modal_${code}`);
    await request.answer.send(renderLinkModalFailed(deps.locale));
  }
}

/**
 * Forgets the link of the person behind `request`, and tells them: privately, or through `tell` when the click came
 * from somewhere without a conversation to answer in (the Home tab).
 */
export async function unlinkAccount(
  deps: SlackDeps,
  request: ListenerRequest,
  tell: (message: SlackMessage) => Promise<unknown> = (message) => request.answer.send(message),
): Promise<void> {
  const teamId = linkTeam(deps, request);
  const userId = request.userId;
  const account = teamId && userId ? await deps.linking.accounts.find(teamId, userId) : null;
  const removed = teamId && userId ? await deps.linking.accounts.remove(teamId, userId) : false;
  deps.audit.record({
    action: 'unlink',
    teamId,
    channelId: request.channelId,
    userId,
    outcome: removed ? 'ok' : 'not_linked',
  });
  setOutcome(request.context, removed ? 'unlinked' : 'not_linked');
  await tell(removed ? renderUnlinked(account?.huaweiUser ?? '—', deps.locale) : renderNotLinked(deps.locale));
}

/** The workspace a link belongs to (../workspace.ts), `null` when neither the bot nor the request names one. */
export function linkTeam(
  deps: Pick<SlackDeps, 'workspace'>,
  request: { teamId: string | null; context?: { teamId?: string } },
): string | null {
  return workspaceOf(deps, request) || null;
}
