/** Open in console is a link button, but Slack still sends its click: acknowledge it so Slack shows no error. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { markAcked } from '../middleware/request-log.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/** Acknowledges a console link click; the browser does the rest. */
export async function openConsoleCallback({ ack, context }: ButtonArgs): Promise<void> {
  await ack();
  markAcked(context);
}
