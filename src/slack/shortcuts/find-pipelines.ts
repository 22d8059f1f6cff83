/**
 * The "Find pipelines" message shortcut: finds pipeline ids in the message (text, blocks, attachments), and
 * answers in its thread with each card (up to `SHORTCUT_MAX`), or privately when the bot cannot post there.
 * Nothing found → a private note saying what it looked for.
 *
 * Its `response_url` takes five posts (./../private-answer.ts), so the private side is counted out: at most the
 * slow note, one card per id (the first led by why it is not in the thread), and one message for every failure —
 * "more found than shown" rides on the last of them.
 */
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { PipelineRun } from '../../domain/pipeline.js';
import type { PipelineId } from '../../domain/pipeline-id.js';
import { renderNotice } from '../../render/notice-message.js';
import type { SlackMessage } from '../../render/types.js';
import { renderWaitingMessage } from '../../render/waiting-message.js';
import { classifySlackError, slackErrorCode } from '../../slack-api/errors.js';
import { postForPerson } from '../../slack-api/web-api.js';
import { refusal, refuseNotFound, refuseUnseen } from '../access-checks.js';
import { cardFor, failureFor, outcomeOf } from '../cards.js';
import type { SlackDeps } from '../deps.js';
import type { ListenerRequest } from '../listener.js';
import { admitLookup } from '../lookup-limit.js';
import { findPipelineIdsInMessage } from '../message-texts.js';
import { setOutcome } from '../middleware/request-log.js';
import { sendAll } from '../show-pipeline.js';
import { awaitWithNotice } from '../slow-answer.js';

/** Most cards one shortcut posts: a thread of ten cards is noise. */
export const SHORTCUT_MAX = 3;

export type ShortcutArgs = AllMiddlewareArgs & SlackShortcutMiddlewareArgs<MessageShortcut>;

// Slack's message timestamps: seconds, a dot, microseconds.
const SLACK_TS = /^\d{1,12}\.\d{1,8}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The thread to answer in: the message's thread, else the message itself; `null` when neither is a timestamp. */
function threadOf(message: { thread_ts?: unknown; ts?: unknown } | undefined, messageTs: unknown): string | null {
  for (const ts of [message?.thread_ts, message?.ts, messageTs]) {
    if (typeof ts === 'string' && SLACK_TS.test(ts)) return ts;
  }
  return null;
}

/** The shortcut's work, bound to `deps` (the listener wrapper acknowledges first). */
export function findPipelinesCallback(deps: SlackDeps) {
  return async function findPipelines({ shortcut }: ShortcutArgs, request: ListenerRequest): Promise<void> {
    const { context, answer } = request;
    // A payload without its message (or with a broken one) is read as a message that mentions nothing.
    const message: MessageShortcut['message'] | undefined = isObject(shortcut.message) ? shortcut.message : undefined;
    const ids = findPipelineIdsInMessage(
      { text: message?.text, blocks: message?.blocks, attachments: message?.attachments },
      deps.backend.ids,
    );
    if (ids.length === 0) {
      setOutcome(context, 'nothing_found');
      await answer.send(renderNotice({ kind: 'nothing_found' }, deps.locale));
      return;
    }
    if (!(await admitLookup(deps, request))) return;
    const shown = ids.slice(0, SHORTCUT_MAX);
    setOutcome(context, 'ok', shown.join(','));
    const waiting = renderWaitingMessage({
      subject: shown.join(', '),
      kind: 'id',
      locale: deps.locale,
      backend: deps.backend.info.kind,
    });
    const fetches = Promise.allSettled(shown.map((id) => deps.backend.getRun(id)));
    const { result } = await awaitWithNotice(fetches, deps.waitingAfterMs, () => answer.send(waiting));
    const results = result.status === 'fulfilled' ? result.value : [];

    // In the message's thread, or starting one under it; without a timestamp to thread on, or a conversation Slack
    // would take (a forged payload), privately: a card posted at the top of the channel would answer a message
    // nobody can see it belongs to.
    const threadTs = threadOf(message, shortcut.message_ts);
    const thread = request.channelId !== null && threadTs !== null ? { channel: request.channelId, threadTs } : null;
    const privately: SlackMessage[] = [];
    const failures: SlackMessage[] = [];
    let cannotPost: SlackMessage | null = null;
    if (thread !== null && !request.access.mayPost) {
      const refused = { kind: 'cannot_post' as const, asked: 'thread' as const, pipelineId: shown.join(', ') };
      cannotPost = refusal(deps, request, refused, 'shortcut', shown.join(','));
    }
    for (const [i, id] of shown.entries()) {
      const fetched = results[i];
      if (fetched?.status !== 'fulfilled') {
        const hidden = refuseNotFound(deps, request, fetched?.reason, id, 'shortcut');
        if (!hidden) setOutcome(context, outcomeOf(fetched?.reason), shown.join(','));
        failures.push(hidden ?? failureFor(deps, fetched?.reason, id));
        continue;
      }
      const unseen = refuseUnseen(deps, request, fetched.value, 'shortcut');
      if (unseen) {
        failures.push(unseen);
        continue;
      }
      if (thread !== null && cannotPost === null) {
        const refusal = await postInThread(deps, request, thread, fetched.value, shown);
        if (refusal === null) continue;
        cannotPost = refusal;
      }
      privately.push(cardFor(deps, fetched.value, 'private'));
    }
    await answerPrivately(request, privately, cannotPost, failures, moreFound(deps, ids, shown));
  };
}

/** Posts `pipeline`'s card in the thread; `null` when it went, else the private note saying why not. */
async function postInThread(
  deps: SlackDeps,
  request: ListenerRequest,
  thread: { channel: string; threadTs: string },
  pipeline: PipelineRun,
  shown: readonly PipelineId[],
): Promise<SlackMessage | null> {
  const card = cardFor(deps, pipeline, 'channel');
  try {
    await postForPerson(deps.slack, {
      channel: thread.channel,
      thread_ts: thread.threadTs,
      text: card.text,
      blocks: card.blocks,
    });
    return null;
  } catch (error) {
    const failure = classifySlackError(error);
    const code = slackErrorCode(failure);
    setOutcome(request.context, `slack_${code}`, shown.join(','));
    deps.logger.warn('could not reply in thread', { channel: thread.channel, error: code });
    return failure.kind === 'channel_gone'
      ? renderNotice({ kind: 'cannot_post', reason: code }, deps.locale)
      : renderNotice({ kind: 'slack_failed' }, deps.locale);
  }
}

const moreFound = (deps: SlackDeps, ids: readonly string[], shown: readonly string[]): SlackMessage | null =>
  ids.length > shown.length
    ? renderNotice({ kind: 'more_found', shown: shown.length, total: ids.length }, deps.locale)
    : null;

/**
 * The private side, in as few posts as Slack takes: each private card (the first led by why it is not in the
 * thread), then every failure as one message; the "more found" note rides on the last one.
 */
async function answerPrivately(
  request: ListenerRequest,
  cards: SlackMessage[],
  cannotPost: SlackMessage | null,
  failures: SlackMessage[],
  more: SlackMessage | null,
): Promise<void> {
  const posts: SlackMessage[][] = cards.map((card, i) => (i === 0 && cannotPost ? [cannotPost, card] : [card]));
  if (failures.length > 0) posts.push(failures);
  if (more !== null) {
    const last = posts.at(-1);
    if (last) last.push(more);
    else posts.push([more]);
  }
  for (const parts of posts) await sendAll(request.answer, parts);
}
