/**
 * Approve / Refuse / Remind reviewers on a card whose review waits. Each decision asks Slack's confirm dialog first,
 * naming the pipeline and the stage, because a click acts as the clicker on the real pipeline. The buttons carry
 * what a click needs (pipeline id, the backend's review ref, the run's key) in their value; a value that would not
 * fit Slack's 2,000 characters gives no buttons rather than a cut one.
 */
import type { ActionsBlock, Button } from '@slack/types';
import type { Locale } from '../domain/locale.js';
import type { PipelineSummary } from '../domain/summary.js';
import { ACTION_APPROVE, ACTION_REFUSE, ACTION_REMIND_REVIEWERS } from './action-ids.js';
import { fitBuilt, fitEscaped, oneLine } from './escape.js';
import { LIMITS } from './limits.js';

/** What a review button carries: enough to find the review again and tell whether the card is stale. */
export interface ReviewButtonValue {
  pipelineId: string;
  /** The backend's handle of the review (`Review.ref`). */
  ref: string;
  /** The run the card showed (`PipelineSummary.runKey`). */
  runKey: string;
}

interface ReviewButtonStrings {
  approve: string;
  refuse: string;
  remind: string;
  cancel: string;
  approveTitle: string;
  refuseTitle: string;
  approveText: (stage: string, pipeline: string) => string;
  refuseText: (stage: string, pipeline: string) => string;
}

const STRINGS: Record<Locale, ReviewButtonStrings> = {
  en: {
    approve: 'Approve',
    refuse: 'Refuse',
    remind: 'Remind reviewers',
    cancel: 'Cancel',
    approveTitle: 'Approve this review?',
    refuseTitle: 'Refuse this review?',
    approveText: (stage, pipeline) => `Approve *${stage}* of *${pipeline}* as yourself, with your linked account?`,
    refuseText: (stage, pipeline) =>
      `Refuse *${stage}* of *${pipeline}* as yourself, with your linked account? The run stops at this stage.`,
  },
  'zh-CN': {
    approve: '通过',
    refuse: '驳回',
    remind: '提醒审核人',
    cancel: '取消',
    approveTitle: '通过此审核？',
    refuseTitle: '驳回此审核？',
    approveText: (stage, pipeline) => `以你自己关联的账号通过 *${pipeline}* 的 *${stage}*？`,
    refuseText: (stage, pipeline) => `以你自己关联的账号驳回 *${pipeline}* 的 *${stage}*？流水线将停在此阶段。`,
  },
};

// Confirm dialogs: title and buttons 100 / 30 characters, text 300 (Block Kit's confirmation dialog object).
const CONFIRM_TITLE_MAX = 100;
const CONFIRM_TEXT_MAX = 300;
const NAME_IN_CONFIRM = 80;

/** The value of a review button (read back by `readReviewButtonValue`), or `null` when it would not fit. */
export function reviewButtonValue(value: ReviewButtonValue): string | null {
  const text = JSON.stringify({ p: value.pipelineId, r: value.ref, k: value.runKey });
  return text.length <= LIMITS.buttonValue ? text : null;
}

/** What a review button carries, or `null` when its value is not one (forged, cut, from an older card). */
export function readReviewButtonValue(raw: unknown): ReviewButtonValue | null {
  if (typeof raw !== 'string' || raw.length > LIMITS.buttonValue) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { p, r, k } = parsed as Record<string, unknown>;
  const ok = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 1000;
  return ok(p) && ok(r) && ok(k) ? { pipelineId: p, ref: r, runKey: k } : null;
}

function plain(text: string, max: number) {
  return { type: 'plain_text' as const, text: fitEscaped(text, max), emoji: true };
}

function decisionButton(
  actionId: string,
  label: string,
  value: string,
  style: 'primary' | 'danger',
  confirm: { title: string; text: string },
  s: ReviewButtonStrings,
): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(label, LIMITS.buttonText),
    value,
    style,
    confirm: {
      title: plain(confirm.title, CONFIRM_TITLE_MAX),
      text: { type: 'mrkdwn', text: fitBuilt(confirm.text, CONFIRM_TEXT_MAX) },
      confirm: plain(label, 30),
      deny: plain(s.cancel, 30),
      style,
    },
  };
}

/**
 * The actions block of a waiting review (`null` when no review waits, the API gave no way to act on it, or the
 * value would not fit). `remind: false` leaves out Remind reviewers (a reminder's own card).
 */
export function reviewActions(
  summary: PipelineSummary,
  locale: Locale,
  options: { remind?: boolean } = {},
): ActionsBlock | null {
  const waiting = summary.awaitingReview;
  const ref = waiting?.review?.ref ?? null;
  if (!waiting || ref === null) return null;
  const value = reviewButtonValue({ pipelineId: String(summary.id), ref, runKey: summary.runKey });
  if (value === null) return null;
  const s = STRINGS[locale];
  const stage = fitEscaped(oneLine(waiting.name), NAME_IN_CONFIRM) || `#${waiting.index + 1}`;
  const pipeline = fitEscaped(oneLine(summary.name), NAME_IN_CONFIRM) || `#${summary.id}`;
  const elements: Button[] = [
    decisionButton(
      ACTION_APPROVE,
      s.approve,
      value,
      'primary',
      { title: s.approveTitle, text: s.approveText(stage, pipeline) },
      s,
    ),
    decisionButton(
      ACTION_REFUSE,
      s.refuse,
      value,
      'danger',
      { title: s.refuseTitle, text: s.refuseText(stage, pipeline) },
      s,
    ),
  ];
  if (options.remind !== false) {
    elements.push({
      type: 'button',
      action_id: ACTION_REMIND_REVIEWERS,
      text: plain(s.remind, LIMITS.buttonText),
      value,
    });
  }
  return { type: 'actions', elements };
}
