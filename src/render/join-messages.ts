/**
 * Two answers as one message, when Slack takes it: fewer posts matter where Slack counts them (a `response_url`
 * takes five). Pure.
 */
import { LIMITS } from './limits.js';
import { blocksTextLength } from './measure.js';
import type { SlackMessage } from './types.js';

/** `messages` stacked in order as one message, or `null` when the result would break Slack's limits. */
export function joinMessages(...messages: SlackMessage[]): SlackMessage | null {
  const blocks = messages.flatMap((m) => m.blocks);
  if (blocks.length > LIMITS.blocks || blocksTextLength(blocks) > LIMITS.totalText) return null;
  const text = messages.map((m) => m.text).join('\n');
  return { text: text.length > LIMITS.messageText ? text.slice(0, LIMITS.messageText) : text, blocks };
}
