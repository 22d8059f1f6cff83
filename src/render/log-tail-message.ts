/**
 * The end of a failed step's log, as a message: which pipeline and job it is, then the last lines in a code block,
 * cut to fit Slack. The lines arrive masked by the backend (tokens, passwords, keys); here they are escaped, so a log
 * can neither ping nor link. Pure.
 */
import type { KnownBlock } from '@slack/types';
import type { Locale } from '../domain/locale.js';
import { fitEscaped } from './escape.js';
import { LIMITS } from './limits.js';
import type { SlackMessage } from './types.js';

const LINE_MAX = 300;
/** Room for the code fence and the section's own limit. */
const BLOCK_TEXT_MAX = LIMITS.sectionText - 20;
/** The log's share of the message's text budget. */
const LOG_TEXT_MAX = 8_000;

const escapeLine = (line: string): string =>
  // Escaped, one line each, and no backticks to break out of the code block.
  fitEscaped(line.replace(/`/g, "'"), LINE_MAX);

export interface LogTailOptions {
  locale: Locale;
  pipelineName: string;
  pipelineId: string;
  /** The failed job's name. */
  jobName: string;
  lines: readonly string[];
  /** The log goes on before the first line. */
  truncated: boolean;
}

/** The log tail as sections of code; the last lines kept when they do not all fit. */
export function renderLogTail(o: LogTailOptions): SlackMessage {
  const zh = o.locale === 'zh-CN';
  const name = fitEscaped(o.pipelineName, 80) || `#${fitEscaped(o.pipelineId, 40)}`;
  const job = fitEscaped(o.jobName, 80) || '?';
  const kept: string[] = [];
  let total = 0;
  for (const line of [...o.lines].reverse().map(escapeLine)) {
    if (total + line.length + 1 > LOG_TEXT_MAX) break;
    kept.unshift(line);
    total += line.length + 1;
  }
  const cut = o.truncated || kept.length < o.lines.length;
  const title = zh
    ? `📜 *${name}* 中 *${job}* 的日志末尾${cut ? `（最后 ${kept.length} 行）` : ''}：`
    : `📜 The end of *${job}*'s log in *${name}*${cut ? ` (the last ${kept.length} lines)` : ''}:`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: title } }];
  if (kept.length === 0) {
    const empty = zh ? '（日志为空）' : '(the log is empty)';
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: empty }] });
  }
  let chunk: string[] = [];
  let length = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${chunk.join('\n')}\`\`\`` } });
    chunk = [];
    length = 0;
  };
  for (const line of kept) {
    if (length + line.length + 1 > BLOCK_TEXT_MAX) flush();
    chunk.push(line);
    length += line.length + 1;
  }
  flush();
  return { text: title, blocks };
}
