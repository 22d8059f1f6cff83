/**
 * What a reviewer is told privately after Approve or Refuse, the thread note a watched pipeline gets, and the
 * "link your Huawei account" prompt (with the Link button) for a click that needs a link. One sentence each, in
 * every locale; names that come from the API or a person are escaped. Pure.
 */
import type { Locale } from '../domain/locale.js';
import { fitEscaped } from './escape.js';
import { linkAccountButton } from './link-messages.js';
import { sentenceMessage } from './sentence-message.js';
import type { SlackMessage } from './types.js';

/** How a click on Approve or Refuse ended, as the clicker is told. */
export type ReviewNotice =
  | { kind: 'done'; decision: 'pass' | 'refuse'; stage: string; pipeline: string }
  /** No linked account: nothing was sent to the API. */
  | { kind: 'not_linked' }
  /** The linked token expired, or the API no longer accepts the credential: link again. */
  | { kind: 'relink' }
  | { kind: 'not_reviewer'; stage: string }
  | { kind: 'already_decided' }
  | { kind: 'you_decided' }
  | { kind: 'moved_on' }
  /** The API refused the review for another reason. */
  | { kind: 'api_refused' }
  /** The API did not answer (down, slow, rate limiting): the review may not have been taken. */
  | { kind: 'api_unreachable' };

interface Strings {
  done: (decision: 'pass' | 'refuse', stage: string, pipeline: string) => string;
  not_linked: string;
  relink: string;
  not_reviewer: (stage: string) => string;
  already_decided: string;
  you_decided: string;
  moved_on: string;
  api_refused: string;
  api_unreachable: string;
  thread: (who: string, decision: 'pass' | 'refuse', stage: string) => string;
}

const EN: Strings = {
  done: (decision, stage, pipeline) =>
    `${decision === 'pass' ? '✅ You approved' : '⛔ You refused'} *${stage}* of *${pipeline}*, as yourself.`,
  not_linked:
    'To approve or refuse from Slack, first link your Huawei account: reviews are taken as you, never as the bot. Nothing was sent.',
  relink: 'Your linked Huawei account has expired or is no longer accepted. Link it again, then click once more.',
  not_reviewer: (stage) => `You are not one of the reviewers of *${stage}*, so your decision was not taken.`,
  already_decided: 'That review is already decided: the card now shows where the run stands.',
  you_decided: 'You have already decided on that review: the card now shows who it still waits on.',
  moved_on: 'That run or stage has moved on: the card now shows where the pipeline stands.',
  api_refused:
    'The pipeline service refused the review. Refresh the card and try again; if it keeps failing, do it in the console.',
  api_unreachable:
    'The pipeline service did not answer, so your review may not have been taken. Refresh the card in a moment to see.',
  thread: (who, decision, stage) =>
    `${decision === 'pass' ? '✅' : '⛔'} ${who} ${decision === 'pass' ? 'approved' : 'refused'} *${stage}* (from Slack)`,
};

const ZH: Strings = {
  done: (decision, stage, pipeline) =>
    `${decision === 'pass' ? '✅ 你已通过' : '⛔ 你已驳回'} *${pipeline}* 的 *${stage}*（以你自己的身份）。`,
  not_linked:
    '要在 Slack 中通过或驳回审核，请先关联你的华为云账号：审核以你本人身份进行，绝不使用机器人的账号。未发送任何请求。',
  relink: '你关联的华为云账号已过期或不再被接受。请重新关联后再点一次。',
  not_reviewer: (stage) => `你不是 *${stage}* 的审核人，你的决定未被采纳。`,
  already_decided: '该审核已有结果：卡片现在显示流水线的最新状态。',
  you_decided: '你已对该审核做出过决定：卡片现在显示还在等待谁。',
  moved_on: '该次运行或阶段已经过去：卡片现在显示流水线的最新状态。',
  api_refused: '流水线服务拒绝了此审核。请刷新卡片后重试；如仍失败，请在控制台中操作。',
  api_unreachable: '流水线服务没有响应，你的审核可能未被接收。请稍后刷新卡片查看。',
  thread: (who, decision, stage) =>
    `${decision === 'pass' ? '✅' : '⛔'} ${who} ${decision === 'pass' ? '通过了' : '驳回了'} *${stage}*（来自 Slack）`,
};

const STRINGS: Record<Locale, Strings> = { en: EN, 'zh-CN': ZH };
const NAME_MAX = 80;

const name = (raw: string): string => fitEscaped(raw, NAME_MAX) || '?';

/** The private answer to an Approve or Refuse click. */
export function renderReviewNotice(notice: ReviewNotice, locale: Locale): SlackMessage {
  const s = STRINGS[locale];
  switch (notice.kind) {
    case 'done':
      return sentenceMessage(s.done(notice.decision, name(notice.stage), name(notice.pipeline)));
    case 'not_linked':
    case 'relink':
      return sentenceMessage(s[notice.kind], { after: [linkAccountButton(locale)] });
    case 'not_reviewer':
      return sentenceMessage(s.not_reviewer(name(notice.stage)));
    default:
      return sentenceMessage(s[notice.kind]);
  }
}

/** The thread note of a review taken from Slack: "✅ alice approved *test_review* (from Slack)". */
export function renderReviewThreadNote(
  who: string,
  decision: 'pass' | 'refuse',
  stage: string,
  locale: Locale,
): SlackMessage {
  return sentenceMessage(STRINGS[locale].thread(name(who), decision, name(stage)));
}
