/**
 * The note a person gets when the pipeline API is slow to answer them. It is posted before the answer and stays
 * above it (a slash command's later posts cannot replace it), so it is worded to stay true whatever the answer is.
 * Pure.
 */
import type { BackendKind } from '../domain/backend.js';
import type { Locale } from '../domain/locale.js';
import { fitEscaped } from './escape.js';
import { serviceWords } from './service-words.js';
import type { SlackMessage } from './types.js';

const SUBJECT_MAX = 100;

/** "SWR is slow to answer about pipeline 1234; the answer follows here." (`kind: 'id'`), or about a name search. */
export function renderWaitingMessage(options: {
  subject: string;
  kind: 'id' | 'name';
  locale: Locale;
  backend?: BackendKind;
}): SlackMessage {
  const subject = fitEscaped(options.subject, SUBJECT_MAX);
  const service = serviceWords(options.backend ?? 'containerops', options.locale).service;
  const zh = options.locale === 'zh-CN';
  const text =
    options.kind === 'id'
      ? zh
        ? `⏳ ${service} 对流水线 ${subject} 的响应较慢，结果稍后在此显示。`
        : `⏳ ${service} is slow to answer about pipeline ${subject}; the answer follows here.`
      : zh
        ? `⏳ ${service} 查找名称包含“${subject}”的流水线响应较慢，结果稍后在此显示。`
        : `⏳ ${service} is slow to answer the search for “${subject}”; the answer follows here.`;
  return { text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }] };
}
