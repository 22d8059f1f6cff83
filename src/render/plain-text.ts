/**
 * A readable terminal view of a message's blocks (for the preview CLI and for reading snapshots): header,
 * context, sections, rich text, dividers and buttons as `[Refresh]`. Slack's markup is turned back into what a
 * reader would see: entities decoded, `<@U123>` → `@U123`, `<!date^…|fallback>` → fallback, `<url|label>` → label,
 * and the invisible word joiners that keep links in free text from being links (`unlink`) left out.
 */
import type { KnownBlock } from '@slack/types';
import type { SlackMessage } from './types.js';

const RULE = '─'.repeat(48);

/** Slack mrkdwn as plain text. */
export function mrkdwnToPlain(text: string): string {
  const plain = text
    .replace(/<@([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => `@${label ?? id}`)
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(/<([^|>]+)\|([^>]*)>/g, '$2')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/(^|[^\p{L}\p{N}*])\*([^*\n]+)\*(?=$|[^\p{L}\p{N}*])/gmu, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1');
  return decodeEntities(plain);
}

interface TextLike {
  type?: string;
  text?: string;
}

/** Entities decoded and `unlink`'s word joiners dropped: the last step for plain and mrkdwn text alike. */
function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\u2060/g, '');
}

function textOf(obj: TextLike | undefined): string {
  if (!obj || typeof obj.text !== 'string') return '';
  return obj.type === 'mrkdwn' ? mrkdwnToPlain(obj.text) : decodeEntities(obj.text);
}

function richText(elements: unknown[]): string {
  const out: string[] = [];
  for (const section of elements) {
    const inner = (section as { elements?: unknown[] }).elements ?? [];
    let line = '';
    for (const el of inner) {
      const e = el as { type: string; text?: string; fallback?: string; user_id?: string; name?: string; url?: string };
      if (e.type === 'text') line += e.text ?? '';
      else if (e.type === 'date') line += e.fallback ?? '';
      else if (e.type === 'user') line += `@${e.user_id ?? ''}`;
      else if (e.type === 'emoji') line += `:${e.name ?? ''}:`;
      else if (e.type === 'link') line += e.text ?? e.url ?? '';
    }
    out.push(line);
  }
  return out.join('\n');
}

function blockToPlain(block: KnownBlock): string {
  switch (block.type) {
    case 'header':
      return `${textOf(block.text)}\n${RULE}`;
    case 'context':
      return block.elements
        .map((e) => ('text' in e ? textOf(e as TextLike) : ''))
        .filter(Boolean)
        .join('  ·  ');
    case 'section': {
      const parts = [textOf(block.text)];
      for (const field of block.fields ?? []) parts.push(textOf(field));
      return parts.filter(Boolean).join('\n');
    }
    case 'rich_text':
      return richText(block.elements);
    case 'divider':
      return RULE;
    case 'actions':
      return block.elements
        .map((e) => ('text' in e && e.text && typeof e.text === 'object' ? `[${textOf(e.text as TextLike)}]` : ''))
        .filter(Boolean)
        .join(' ');
    default:
      return '';
  }
}

/** The message as lines a terminal shows well; the fallback `text` when it has no blocks. */
export function renderPlainText(message: SlackMessage): string {
  if (message.blocks.length === 0) return mrkdwnToPlain(message.text);
  return message.blocks
    .map(blockToPlain)
    .filter((s) => s !== '')
    .join('\n');
}
