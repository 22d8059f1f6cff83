/** The interim answer when SWR is slow: the user sees the bot is on it, then the result replaces this. Pure. */
import type { Locale } from '../domain/locale.js';
import { fitEscaped } from './escape.js';
import type { SlackMessage } from './types.js';

const SUBJECT_MAX = 100;

/** "Still waiting for SWR on pipeline 1234…" (`kind: 'id'`) or "…for pipelines named "pay"…" (`kind: 'name'`). */
export function renderWaitingMessage(options: { subject: string; kind: 'id' | 'name'; locale: Locale }): SlackMessage {
  const subject = fitEscaped(options.subject, SUBJECT_MAX);
  const zh = options.locale === 'zh-CN';
  const text =
    options.kind === 'id'
      ? zh
        ? `⏳ 仍在等待 SWR 返回流水线 ${subject}…`
        : `⏳ Still waiting for SWR on pipeline ${subject}…`
      : zh
        ? `⏳ 仍在等待 SWR 查找名称包含“${subject}”的流水线…`
        : `⏳ Still waiting for SWR to find pipelines named “${subject}”…`;
  return { text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }] };
}
