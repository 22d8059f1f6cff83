/**
 * Remind reviewers: the DM a pending reviewer gets (a line saying who asks, then the card with Approve and
 * Refuse) and what the clicker is told — who was reminded, who was reminded recently already, who could not be
 * (not linked, or Slack would not deliver). Pure.
 */
import type { KnownBlock } from '@slack/types';
import type { Locale } from '../domain/locale.js';
import { boldName, fitBuilt, fitEscaped } from './escape.js';
import { LIMITS } from './limits.js';
import { nameList } from './review-text.js';
import { sentenceMessage } from './sentence-message.js';
import type { SlackMessage } from './types.js';

/** How the reminders of one click went, by reviewer name (Slack user ids for those linked). */
export interface ReminderReport {
  reminded: { name: string; userId: string }[];
  recently: { name: string; userId: string }[];
  notLinked: string[];
  failed: { name: string; userId: string }[];
  /** `REVIEW_REMINDER_MINUTES`. */
  windowMinutes: number;
}

interface Strings {
  dm: (from: string, stage: string, pipeline: string) => string;
  reminded: (who: string) => string;
  recently: (who: string, minutes: number) => string;
  notLinked: (who: string) => string;
  failed: (who: string) => string;
  nobody: string;
  notWaiting: string;
}

const STRINGS: Record<Locale, Strings> = {
  en: {
    dm: (from, stage, pipeline) => `🔔 <@${from}> asks you to review *${stage}* of *${pipeline}*:`,
    reminded: (who) => `🔔 Reminded ${who} by direct message.`,
    recently: (who, minutes) => `Already reminded in the last ${minutes} min: ${who}.`,
    notLinked: (who) => `Not reminded, as they have not linked their Huawei account in Slack: ${who}.`,
    failed: (who) =>
      `Could not DM ${who}: Slack refused the message. Tell them yourself — the next Remind tries again.`,
    nobody: 'Nobody is waited on for that review.',
    notWaiting: 'That review no longer waits: nobody to remind. The card now shows where the run stands.',
  },
  'zh-CN': {
    dm: (from, stage, pipeline) => `🔔 <@${from}> 请你审核 *${pipeline}* 的 *${stage}*：`,
    reminded: (who) => `🔔 已私信提醒 ${who}。`,
    recently: (who, minutes) => `最近 ${minutes} 分钟内已提醒过：${who}。`,
    notLinked: (who) => `未提醒（尚未在 Slack 中关联华为云账号）：${who}。`,
    failed: (who) => `无法私信 ${who}：Slack 拒绝了这条消息。请直接告知对方——下次点击“提醒”会再试。`,
    nobody: '该审核没有待审核的人。',
    notWaiting: '该审核已不在等待：无需提醒。卡片现在显示流水线的最新状态。',
  },
};

const NAME_MAX = 80;
const MAX_NAMES = 20;

/** What the clicker of Remind reviewers is told. */
export function renderReminderReport(report: ReminderReport, locale: Locale): SlackMessage {
  const s = STRINGS[locale];
  const lines: string[] = [];
  const mentions = (people: { userId: string }[]) =>
    nameList(
      people.map((p) => p.userId),
      MAX_NAMES,
      locale,
      (id) => `<@${id}>`,
    );
  if (report.reminded.length > 0) lines.push(s.reminded(mentions(report.reminded)));
  if (report.recently.length > 0) lines.push(s.recently(mentions(report.recently), report.windowMinutes));
  if (report.notLinked.length > 0) {
    lines.push(s.notLinked(nameList(report.notLinked, MAX_NAMES, locale, (n) => boldName(n, NAME_MAX))));
  }
  if (report.failed.length > 0) lines.push(s.failed(mentions(report.failed)));
  return sentenceMessage(fitBuilt(lines.length > 0 ? lines.join('\n') : s.nobody, LIMITS.sectionText));
}

/** "That review no longer waits", for a Remind click on a card whose review is over. */
export function renderNothingToRemind(locale: Locale): SlackMessage {
  return sentenceMessage(STRINGS[locale].notWaiting);
}

/** The reminder DM: who asks, then `card` (its blocks, as many as a message takes). */
export function renderReminderDm(
  card: SlackMessage,
  input: { fromUserId: string; stage: string; pipeline: string },
  locale: Locale,
): SlackMessage {
  const stage = fitEscaped(input.stage, NAME_MAX) || '?';
  const pipeline = fitEscaped(input.pipeline, NAME_MAX) || '?';
  const intro = STRINGS[locale].dm(input.fromUserId, stage, pipeline);
  const head: KnownBlock = { type: 'section', text: { type: 'mrkdwn', text: intro } };
  const blocks = card.blocks.length < LIMITS.blocks ? [head, ...card.blocks] : card.blocks;
  return { text: fitBuilt(`${intro} ${card.text}`, LIMITS.messageText), blocks };
}
