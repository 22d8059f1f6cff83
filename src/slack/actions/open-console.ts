/** Open in console is a link button, but Slack still sends its click: acknowledging it is all there is to do. */

import { markAcked } from '../middleware/request-log.js';
import type { ButtonArgs } from './button-context.js';

/** Acknowledges a console link click; the browser does the rest. */
export async function openConsoleCallback({ ack, context }: ButtonArgs): Promise<void> {
  await ack();
  markAcked(context);
}
