/**
 * The answers `/pipeline` and the pick buttons share: a private card (with "still waiting…" first when SWR is
 * slow), a name search, and posting a card in the channel. Each fetches, then answers through `respond`, and
 * records the outcome for the request log. Errors from SWR become worded messages; Slack errors are named.
 */
import type { Context, RespondArguments, RespondFn } from '@slack/bolt';
import type { PipelineListing, PipelineRun } from '../domain/pipeline.js';
import type { PipelineId } from '../domain/pipeline-id.js';
import { renderNotice } from '../render/notice-message.js';
import { PICK_MAX, renderNoMatchMessage, renderPickList } from '../render/pick-list.js';
import type { SlackMessage } from '../render/types.js';
import { renderWaitingMessage } from '../render/waiting-message.js';
import { classifySlackError, slackErrorCode } from '../slack-api/errors.js';
import { callForPerson } from '../slack-api/web-api.js';
import { cardFor, failureFor, outcomeOf } from './cards.js';
import type { SlackDeps } from './deps.js';
import { setOutcome } from './middleware/request-log.js';
import { awaitWithNotice } from './slow-answer.js';

/** What a private answer needs. */
export interface PrivateAnswer {
  deps: SlackDeps;
  respond: RespondFn;
  context: Context;
  /** Replace the message the request came from (a pick list) with the first answer. */
  replaceOriginal?: boolean;
}

const ephemeral = (message: SlackMessage, replace: boolean): RespondArguments => ({
  response_type: 'ephemeral',
  replace_original: replace,
  text: message.text,
  blocks: message.blocks,
});

/** Fetches with a "still waiting" notice; the final message replaces the notice when one was shown. */
async function answerSlowly<T>(
  a: PrivateAnswer,
  work: Promise<T>,
  waiting: SlackMessage,
  finish: (result: PromiseSettledResult<T>) => Promise<SlackMessage | null>,
): Promise<void> {
  const replaceFirst = a.replaceOriginal === true;
  const { result, noticeShown } = await awaitWithNotice(work, a.deps.waitingAfterMs, () =>
    a.respond(ephemeral(waiting, replaceFirst)),
  );
  const message = await finish(result);
  if (message !== null) await a.respond(ephemeral(message, replaceFirst || noticeShown));
}

/** `/pipeline <id>` and the pick button: the pipeline's private card, or what went wrong. */
export async function showPrivateCard(a: PrivateAnswer, id: PipelineId): Promise<void> {
  const { deps, context } = a;
  setOutcome(context, 'ok', id);
  const waiting = renderWaitingMessage({ subject: id, kind: 'id', locale: deps.locale });
  await answerSlowly(a, deps.backend.getRun(id), waiting, async (result) => {
    if (result.status === 'fulfilled') return cardFor(deps, result.value, 'private');
    setOutcome(context, outcomeOf(result.reason), id);
    return failureFor(deps, result.reason, id);
  });
}

type SearchResult =
  | { kind: 'one'; pipeline: PipelineRun }
  /** The name matched one pipeline but reading it failed: the message names the id found, not the search text. */
  | { kind: 'one_failed'; id: string; reason: unknown }
  | { kind: 'many'; items: PipelineListing[]; total: number };

/** `/pipeline <name>`: one match → its card; several → a list to pick from; none → say so. */
export async function searchByName(a: PrivateAnswer, name: string): Promise<void> {
  const { deps, context } = a;
  setOutcome(context, 'ok');
  const lookup = async (): Promise<SearchResult> => {
    const list = await deps.backend.searchByName(name, PICK_MAX + 1);
    const total = list.total ?? list.items.length;
    const [only] = list.items;
    // A listing is a summary: the card needs the full run.
    if (only !== undefined && list.items.length === 1 && total <= 1) {
      const id = only.id;
      try {
        return { kind: 'one', pipeline: await deps.backend.getRun(id) };
      } catch (reason) {
        return { kind: 'one_failed', id, reason };
      }
    }
    return { kind: 'many', items: list.items, total };
  };
  const waiting = renderWaitingMessage({ subject: name, kind: 'name', locale: deps.locale });
  await answerSlowly(a, lookup(), waiting, async (result) => {
    if (result.status === 'rejected') {
      setOutcome(context, outcomeOf(result.reason));
      return failureFor(deps, result.reason, name);
    }
    const found = result.value;
    if (found.kind === 'one') {
      setOutcome(context, 'ok', String(found.pipeline.id));
      return cardFor(deps, found.pipeline, 'private');
    }
    if (found.kind === 'one_failed') {
      setOutcome(context, outcomeOf(found.reason), found.id);
      return failureFor(deps, found.reason, found.id);
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
export interface ShareAnswer extends PrivateAnswer {
  channelId: string;
  /** `/pipeline <id> share` waits visibly; the Share button's card is already on screen. */
  showWaiting: boolean;
}

/** The Share button and `/pipeline <id> share`: posts the channel card, or says privately why it could not. */
export async function shareCard(a: ShareAnswer, id: PipelineId): Promise<void> {
  const { deps, context } = a;
  setOutcome(context, 'ok', id);
  const waiting = renderWaitingMessage({ subject: id, kind: 'id', locale: deps.locale });
  const afterMs = a.showWaiting ? deps.waitingAfterMs : Number.POSITIVE_INFINITY;
  const { result, noticeShown } = await awaitWithNotice(deps.backend.getRun(id), afterMs, () =>
    a.respond(ephemeral(waiting, false)),
  );
  if (result.status === 'rejected') {
    setOutcome(context, outcomeOf(result.reason), id);
    await a.respond(ephemeral(failureFor(deps, result.reason, id), noticeShown));
    return;
  }
  const card = cardFor(deps, result.value, 'channel');
  try {
    await callForPerson(() => deps.slack.postMessage({ channel: a.channelId, text: card.text, blocks: card.blocks }), {
      repeatAmbiguous: true,
    });
  } catch (error) {
    const failure = classifySlackError(error);
    const code = slackErrorCode(failure);
    setOutcome(context, `slack_${code}`, id);
    deps.logger.warn('could not post a shared card', { channel: a.channelId, error: code });
    const cannotPost = failure.kind === 'channel_gone';
    const notice = cannotPost ? { kind: 'cannot_post' as const, reason: code } : { kind: 'slack_failed' as const };
    await a.respond(ephemeral(renderNotice(notice, deps.locale), noticeShown));
    if (cannotPost) await a.respond(ephemeral(cardFor(deps, result.value, 'private'), false));
    return;
  }
  if (noticeShown) await a.respond(ephemeral(renderNotice({ kind: 'shared', id }, deps.locale), true));
}
