/**
 * Finds pipeline ids in what people write: "pipeline 29476", "#29476", "id 29476", console links (the configured
 * `SWR_CONSOLE_URL_TEMPLATE` and generic `…/pipelines/29476`, `pipelineId=29476`). A bare number is never an id:
 * "2024" in a message is a year far more often than a pipeline. Pure.
 */

/** How to read a message. */
export interface ExtractOptions {
  /** `SWR_CONSOLE_URL_TEMPLATE` (with `{id}`); links shaped like it are read first. */
  consoleUrlTemplate?: string | null | undefined;
}

// Explicit forms may be short ids; the "#" and "id" forms need 3+ digits so "#1" or "id 2" stay prose.
const GENERIC_PATTERNS: readonly RegExp[] = [
  /\/pipelines?\/(\d{1,18})(?!\d)/gi,
  /[?&#]pipeline_?id=(\d{1,18})(?!\d)/gi,
  /(?<![\w/-])pipeline[\s_]*(?:id\s*)?(?:no\.?\s*)?[:#=]?\s*(\d{1,18})(?![\d\w])/gi,
  /(?<![\w&#/])#(\d{3,18})(?![\d\w])/g,
  /(?<![\w/-])id\s*[:#=]?\s*(\d{3,18})(?![\d\w])/gi,
];

/** Longest text read from one string: beyond it is not a message a person wrote. */
const MAX_SCAN = 40_000;

function templatePattern(template: string | null | undefined): RegExp | null {
  if (!template?.includes('{id}')) return null;
  const source = template
    .split('{id}')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('(\\d{1,18})');
  return new RegExp(`${source}(?!\\d)`, 'gi');
}

// Slack sends `&`, `<`, `>` escaped in message text.
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The pipeline ids in `text`, in order of appearance, without repeats. */
export function extractPipelineIds(text: string, options: ExtractOptions = {}): string[] {
  const scanned = unescapeSlack(text.slice(0, MAX_SCAN));
  const template = templatePattern(options.consoleUrlTemplate);
  const patterns = template ? [template, ...GENERIC_PATTERNS] : GENERIC_PATTERNS;
  const found: { at: number; id: string }[] = [];
  for (const pattern of patterns) {
    for (const match of scanned.matchAll(pattern)) {
      const id = match[1];
      if (id !== undefined) found.push({ at: match.index, id: id.replace(/^0+(?=\d)/, '') });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.id))];
}

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
export function findPipelineIdsInMessage(message: MessageLike, options: ExtractOptions = {}): string[] {
  const ids = messageTexts(message).flatMap((text) => extractPipelineIds(text, options));
  return [...new Set(ids)];
}
