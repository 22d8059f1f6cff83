/** The one way a sentence becomes a message. Pure. */
import type { KnownBlock } from '@slack/types';
import type { SlackMessage } from './types.js';

/**
 * A message of one sentence: a mrkdwn section whose `text` is the same sentence (for notifications and screen
 * readers); `context` adds a small line under it, `after` blocks after that (a button).
 */
export function sentenceMessage(text: string, options: { context?: string; after?: KnownBlock[] } = {}): SlackMessage {
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (options.context) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: options.context }] });
  if (options.after) blocks.push(...options.after);
  return { text, blocks };
}
