/**
 * The answer to a click the bot cannot act on — a button value that is no pipeline id, an action id no listener
 * knows (a card from an older version of the bot), a click that does not say which conversation it came from:
 * one private sentence saying the button is out of date, instead of silence or a guess.
 */
import type { AnyMiddlewareArgs, Middleware, RespondFn } from '@slack/bolt';
import { renderNotice } from '../../render/notice-message.js';
import type { SlackDeps } from '../deps.js';
import { answerFor, type ListenerRequest } from '../listener.js';
import { markAcked, setOutcome } from '../middleware/request-log.js';
import { clickScope } from './button-context.js';

/** Tells the clicker privately that the button is out of date; the clicked message stays as it was. */
export async function answerStaleButton(
  deps: Pick<SlackDeps, 'locale'>,
  request: Pick<ListenerRequest, 'context' | 'answer'>,
  outcome = 'bad_payload',
): Promise<void> {
  setOutcome(request.context, outcome);
  await request.answer.send(renderNotice({ kind: 'stale_button' }, deps.locale));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Global middleware: a `block_actions` request whose action is not one of `known` (or is missing, or malformed)
 * is acknowledged and answered here; Bolt would otherwise leave it unacknowledged (Slack shows an error after 3 s)
 * or fail matching it.
 */
export function unknownActionGuard(deps: SlackDeps, known: ReadonlySet<string>): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, context, next } = args;
    if (!isRecord(body) || body.type !== 'block_actions') {
      await next();
      return;
    }
    const first: unknown = Array.isArray(body.actions) ? body.actions[0] : undefined;
    const actionId = isRecord(first) ? first.action_id : undefined;
    if (typeof actionId === 'string' && known.has(actionId)) {
      await next();
      return;
    }
    if ('ack' in args && typeof args.ack === 'function') await args.ack();
    markAcked(context);
    const respond = 'respond' in args ? (args.respond as RespondFn | undefined) : undefined;
    const answer = answerFor(deps, 'interaction', { respond, context }, clickScope(body as never));
    await answerStaleButton(deps, { context, answer }, 'unknown_action');
  };
}
