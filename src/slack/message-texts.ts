/**
 * The texts of a Slack message that can mention a pipeline — its `text`, then the texts of its blocks (rich-text
 * sections joined back into lines) and attachments — and the pipeline ids the backend's syntax finds in them.
 * Depth and count are bounded: a message is what a person wrote, not a tree to walk forever. Pure.
 */
import type { PipelineId, PipelineIdSyntax } from '../domain/pipeline-id.js';

const TEXT_KEYS = new Set([
  'text',
  'url',
  'title',
  'title_link',
  'pretext',
  'fallback',
  'from_url',
  'original_url',
  'value',
]);
const MAX_DEPTH = 12;
const MAX_STRINGS = 2_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A rich-text section splits "pipeline *29476*" into several elements: join them so the words meet again.
function richTextLine(node: Record<string, unknown>): string | null {
  const { type, elements } = node;
  if (typeof type !== 'string' || !type.startsWith('rich_text_') || !Array.isArray(elements)) return null;
  if (!elements.every((e) => isRecord(e) && typeof e.type === 'string' && !e.type.startsWith('rich_text'))) return null;
  return elements
    .map((e) => {
      const el = e as Record<string, unknown>;
      return [el.url, el.text].filter((v) => typeof v === 'string').join(' ');
    })
    .join('');
}

function collect(node: unknown, depth: number, out: string[]): void {
  if (out.length >= MAX_STRINGS || depth > MAX_DEPTH) return;
  if (Array.isArray(node)) {
    for (const item of node) collect(item, depth + 1, out);
    return;
  }
  if (!isRecord(node)) return;
  const line = richTextLine(node);
  if (line !== null) {
    out.push(line);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string') {
      if (TEXT_KEYS.has(key)) out.push(value);
    } else {
      collect(value, depth + 1, out);
    }
  }
}

/** The parts of a Slack message that can mention a pipeline (text, blocks, attachments). */
export interface MessageLike {
  text?: string | undefined;
  blocks?: unknown;
  attachments?: unknown;
}

/** Every text of a message worth reading: `text`, then block texts, then attachment texts. */
export function messageTexts(message: MessageLike): string[] {
  const out: string[] = [];
  if (typeof message.text === 'string') out.push(message.text);
  collect(message.blocks, 0, out);
  collect(message.attachments, 0, out);
  return out;
}

/** The pipeline ids a message mentions, in order, without repeats. */
export function findPipelineIdsInMessage(message: MessageLike, ids: PipelineIdSyntax): PipelineId[] {
  return [...new Set(messageTexts(message).flatMap((text) => ids.find(text)))];
}
