/**
 * What every message the bot sends to Slack must be, whatever the input: valid Block Kit (the independent checker)
 * with a fallback text, no ping or link built from the input, no lone surrogate, nothing internal (a stack trace,
 * `undefined`, `NaN`, `[object Object]`). `answerProblems` returns each problem as a sentence; `[]` means the message is fine.
 */
import { checkMessage } from '../render/block-kit-check.js';

/** Slack tokens the bot writes itself: dates, and the mentions configured in SLACK_USER_MAP. */
function allowedToken(token: string, mentions: ReadonlySet<string>): boolean {
  if (token.startsWith('<!date^')) return true;
  if (token.startsWith('<@')) return mentions.has(token.slice(2, -1).split('|')[0] ?? '');
  return false;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Anything Slack would read as a ping, a mention, a channel link or a broadcast.
const SLACK_TOKEN = /<[!@#][^>]*>/g;
const INTERNAL: readonly [string, RegExp][] = [
  ['a stack trace', /\bat (?:async )?\S+ \(|\.(?:ts|js|mjs|cjs):\d+:\d+|node:internal/],
  ['an error class name', /\b(?:TypeError|ReferenceError|SyntaxError|RangeError|AxiosError|BackendError)\b/],
  ['"undefined"', /undefined/],
  ['"NaN"', /NaN/],
  ['"[object Object]"', /\[object Object\]/],
  ['"null" as text', /\bnull\b/],
];

/** The message fields a Slack call carries (response_url bodies and Web API bodies alike). */
function messageOf(body: Record<string, unknown>): { text: unknown; blocks: unknown } {
  return { text: body.text, blocks: body.blocks ?? [] };
}

/**
 * Problems with one message body sent to Slack. `input` is everything the request carried (JSON or text): words
 * it contains may be echoed (escaped), so they are not held against the answer. `mentions` are the Slack user ids
 * the bot was configured to mention.
 */
export function answerProblems(
  body: Record<string, unknown>,
  input: string,
  mentions: ReadonlySet<string> = new Set(),
): string[] {
  const problems = checkMessage(messageOf(body)).map((p) => `Block Kit: ${p}`);
  const seen = `${typeof body.text === 'string' ? body.text : ''}\n${JSON.stringify(body.blocks ?? [])}`;
  for (const m of seen.matchAll(SLACK_TOKEN)) {
    if (!allowedToken(m[0], mentions)) problems.push(`a Slack token the bot did not configure: ${m[0]}`);
  }
  // Slack's Web API client form-encodes `text`, and throws on half a surrogate pair (then retries for half an hour).
  if (LONE_SURROGATE.test(seen)) problems.push('a lone surrogate (not sendable through the Web API)');
  for (const [what, pattern] of INTERNAL) {
    if (pattern.test(seen) && !pattern.test(input)) problems.push(`${what} in the answer`);
  }
  return problems;
}
