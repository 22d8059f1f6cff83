/**
 * The answers `/pipeline` and the pick buttons share: a private card, a name search, and posting a card in the
 * channel. Each reads the backend, then answers privately through the request's answer (./private-answer.ts), and
 * records the outcome for the request log. When the API is slow, a note that stays true comes first (a command's
 * later posts cannot replace it); a pick button's answers replace the list clicked.
 */
import type { PipelineListing, PipelineRun } from '../domain/pipeline.js';
import type { PipelineId } from '../domain/pipeline-id.js';
import { joinMessages } from '../render/join-messages.js';
import { renderNotice } from '../render/notice-message.js';
import { PICK_MAX, renderNoMatchMessage, renderPickList } from '../render/pick-list.js';
import type { SlackMessage } from '../render/types.js';
import { renderUsageMessage, type UsageProblemCode } from '../render/usage-message.js';
import { renderWaitingMessage } from '../render/waiting-message.js';
import { classifySlackError, slackErrorCode } from '../slack-api/errors.js';
import { postForPerson } from '../slack-api/web-api.js';
import { audited, refusal, refuseNotFound, refuseUnseen } from './access-checks.js';
import { cardFor, failureFor, outcomeOf } from './cards.js';
import type { SlackDeps } from './deps.js';
import type { ListenerRequest } from './listener.js';
import { setOutcome } from './middleware/request-log.js';
import type { PrivateAnswer } from './private-answer.js';
import { awaitWithNotice } from './slow-answer.js';

/** How many matches a name search reads when the policy hides some: enough to fill a pick list after hiding. */
const RESTRICTED_SEARCH = 100;

/** What a private answer needs: the deps, the request, and whether its first answer replaces the message clicked. */
export interface PrivateAsk {
  deps: SlackDeps;
  request: ListenerRequest;
  /** A pick list's button: the answer replaces the list. */
  replaceClicked?: boolean;
}

/** `work` with the slow note first when it takes long; then `finish`'s message (`null`: nothing more to say). */
async function answerSlowly<T>(
  a: PrivateAsk,
  work: Promise<T>,
  waiting: SlackMessage,
  finish: (result: PromiseSettledResult<T>) => Promise<SlackMessage | null>,
): Promise<void> {
  const { answer } = a.request;
  const replace = a.replaceClicked === true;
  const { result } = await awaitWithNotice(work, a.deps.waitingAfterMs, () => answer.send(waiting, { replace }));
  const message = await finish(result);
  // After a note on an interaction's URL the note is the message clicked: the answer takes its place.
  if (message !== null) await answer.send(message, { replace });
}

const waitingFor = (deps: SlackDeps, subject: string, kind: 'id' | 'name'): SlackMessage =>
  renderWaitingMessage({ subject, kind, locale: deps.locale, backend: deps.backend.info.kind });

/** `/pipeline <id>` and the pick button: the pipeline's private card, or what went wrong. */
export async function showPrivateCard(a: PrivateAsk, id: PipelineId, runNumber?: number): Promise<void> {
  const { deps, request } = a;
  setOutcome(request.context, 'ok', id);
  const read = runNumber === undefined ? deps.backend.getRun(id) : deps.backend.getRun(id, { runNumber });
  await answerSlowly(a, read, waitingFor(deps, id, 'id'), async (result) => {
    if (result.status === 'fulfilled') {
      return refuseUnseen(deps, request, result.value, 'show') ?? cardFor(deps, result.value, 'private');
    }
    const hidden = refuseNotFound(deps, request, result.reason, id, 'show');
    if (hidden) return hidden;
    setOutcome(request.context, outcomeOf(result.reason), id);
    return failureFor(deps, result.reason, id);
  });
}

type SearchResult =
  | { kind: 'one'; pipeline: PipelineRun }
  /** The name matched one pipeline but reading it failed: the message names the id found, not the search text. */
  | { kind: 'one_failed'; id: string; reason: unknown }
  | { kind: 'many'; items: PipelineListing[]; total: number };

/** `/pipeline <name>`: one match → its card; several → a list to pick from; none → say so. */
export async function searchByName(a: PrivateAsk, name: string, ifNoMatch?: UsageProblemCode): Promise<void> {
  const { deps, request } = a;
  const { context } = request;
  setOutcome(context, 'ok');
  const { access } = request;
  const lookup = async (): Promise<SearchResult> => {
    // Only what the person may see is listed, and counted: the count must not reveal hidden pipelines.
    const found = await deps.backend.searchByName(name, access.seesAll ? PICK_MAX + 1 : RESTRICTED_SEARCH);
    const items = access.seesAll ? found.items : found.items.filter((item) => access.maySee(item));
    const total = access.seesAll ? (found.total ?? items.length) : items.length;
    const list = { items, total };
    const [only] = list.items;
    // A listing is a summary: the card needs the full run.
    if (only !== undefined && list.items.length === 1 && total <= 1) {
      try {
        return { kind: 'one', pipeline: await deps.backend.getRun(only.id) };
      } catch (reason) {
        return { kind: 'one_failed', id: only.id, reason };
      }
    }
    return { kind: 'many', items: list.items, total };
  };
  await answerSlowly(a, lookup(), waitingFor(deps, name, 'name'), async (result) => {
    if (result.status === 'rejected') {
      setOutcome(context, outcomeOf(result.reason));
      return failureFor(deps, result.reason, name);
    }
    const found = result.value;
    if (found.kind === 'one') {
      setOutcome(context, 'ok', found.pipeline.id);
      return refuseUnseen(deps, request, found.pipeline, 'search') ?? cardFor(deps, found.pipeline, 'private');
    }
    if (found.kind === 'one_failed') {
      setOutcome(context, outcomeOf(found.reason), found.id);
      return failureFor(deps, found.reason, found.id);
    }
    if (found.items.length === 0 && ifNoMatch !== undefined) {
      setOutcome(context, 'usage');
      return renderUsageMessage({ locale: deps.locale, problem: ifNoMatch, backend: deps.backend.info.kind });
    }
    if (found.items.length === 0) {
      setOutcome(context, 'no_match');
      return renderNoMatchMessage({ query: name, locale: deps.locale });
    }
    setOutcome(context, 'pick_list');
    return renderPickList(found.items, { query: name, total: found.total, locale: deps.locale });
  });
}

/** What posting a card in a channel needs. */
export interface ShareAsk extends PrivateAsk {
  channelId: string;
  /** `/pipeline <id> share` says so when the API is slow; the Share button's card is already on screen. */
  showWaiting: boolean;
}

/** The Share button and `/pipeline <id> share`: posts the channel card, or says privately why it could not. */
export async function shareCard(a: ShareAsk, id: PipelineId): Promise<void> {
  const { deps, request } = a;
  const { context, answer } = request;
  setOutcome(context, 'ok', id);
  const afterMs = a.showWaiting ? deps.waitingAfterMs : Number.POSITIVE_INFINITY;
  const { result, noticeShown } = await awaitWithNotice(deps.backend.getRun(id), afterMs, () =>
    answer.send(waitingFor(deps, id, 'id')),
  );
  if (result.status === 'rejected') {
    const hidden = refuseNotFound(deps, request, result.reason, id, 'share');
    if (!hidden) setOutcome(context, outcomeOf(result.reason), id);
    await answer.send(hidden ?? failureFor(deps, result.reason, id));
    return;
  }
  const unseen = refuseUnseen(deps, request, result.value, 'share');
  if (unseen) {
    await answer.send(unseen);
    return;
  }
  if (!request.access.mayPost) {
    const cannot = refusal(deps, request, { kind: 'cannot_post', asked: 'share', pipelineId: id }, 'share', id);
    await sendAll(answer, [cannot, cardFor(deps, result.value, 'private')]);
    return;
  }
  const card = cardFor(deps, result.value, 'channel');
  try {
    await postForPerson(deps.slack, { channel: a.channelId, text: card.text, blocks: card.blocks });
  } catch (error) {
    const failure = classifySlackError(error);
    const code = slackErrorCode(failure);
    setOutcome(context, `slack_${code}`, id);
    audited(deps, request, 'share', id, `slack_${code}`);
    deps.logger.warn('could not post a shared card', { channel: a.channelId, error: code });
    if (failure.kind !== 'channel_gone') {
      await answer.send(renderNotice({ kind: 'slack_failed' }, deps.locale));
      return;
    }
    // The card, privately, under the sentence saying why it is not in the channel.
    const cannotPost = renderNotice({ kind: 'cannot_post', reason: code }, deps.locale);
    await sendAll(answer, [cannotPost, cardFor(deps, result.value, 'private')]);
    return;
  }
  audited(deps, request, 'share', id, 'ok');
  // The slow note said an answer follows: this is it.
  if (noticeShown) await answer.send(renderNotice({ kind: 'shared', id }, deps.locale));
}

/** Sends `messages` as one message when Slack takes it, else one after another. */
export async function sendAll(answer: PrivateAnswer, messages: SlackMessage[]): Promise<void> {
  const joined = joinMessages(...messages);
  if (joined !== null) {
    await answer.send(joined);
    return;
  }
  for (const message of messages) await answer.send(message);
}
