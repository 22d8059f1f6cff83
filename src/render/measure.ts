/** Counts what Slack counts toward a message's limits, so the card can check itself before it is sent. */
import type { KnownBlock } from '@slack/types';
import { LIMITS, TEXT_BUDGET } from './limits.js';

function textIn(value: unknown, key: string | null): number {
  if (typeof value === 'string') return key === 'text' || key === 'fallback' ? value.length : 0;
  if (value === null || typeof value !== 'object') return 0;
  let sum = 0;
  if (Array.isArray(value)) {
    for (const item of value) sum += textIn(item, null);
    return sum;
  }
  // for…in over plain block objects: no entry arrays allocated on the hot path of every render.
  const obj = value as Record<string, unknown>;
  for (const k in obj) sum += textIn(obj[k], k);
  return sum;
}

/** Characters of text across `blocks` (every `text` and date `fallback`), as in Slack's cumulative limit. */
export function blocksTextLength(blocks: readonly KnownBlock[]): number {
  return textIn(blocks, null);
}

/** `true` when `blocks` stay within the block count and the card's text budget. */
export function withinMessageBudget(blocks: readonly KnownBlock[]): boolean {
  return blocks.length <= LIMITS.blocks && blocksTextLength(blocks) <= TEXT_BUDGET;
}

/** `lines` joined by newlines into as few texts of at most `max` characters as they fit (a longer line stays alone). */
export function packLines(lines: readonly string[], max: number): string[] {
  const packed: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > max) {
      packed.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) packed.push(current);
  return packed;
}
