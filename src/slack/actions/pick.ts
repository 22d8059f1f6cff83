/** A pick-list button: the chosen pipeline's private card replaces the list. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { markAcked } from '../middleware/request-log.js';
import { showPrivateCard } from '../show-pipeline.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/** The pick button listener, bound to `deps`. */
export function pickCallback(deps: SlackDeps) {
  return async function pick({ ack, action, respond, context }: ButtonArgs): Promise<void> {
    await ack();
    markAcked(context);
    await showPrivateCard({ deps, respond, context, replaceOriginal: true }, action.value ?? '');
  };
}
