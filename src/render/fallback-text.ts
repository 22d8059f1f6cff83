/**
 * The message's top-level `text`: what a notification, a screen reader and an old client show. One line that
 * says what matters: "❌ build-api failed at stage 2 'compile'".
 */
import type { Locale } from '../domain/locale.js';
import type { PipelineSummary } from '../domain/summary.js';
import { formatSpan, spanMs } from './durations.js';
import { fitBuilt, fitEscaped } from './escape.js';
import { cardStrings } from './i18n.js';
import { FALLBACK_TEXT_MAX } from './limits.js';
import { nameList } from './review-text.js';
import { EXTRA_LOOKS, statusMark, statusWord } from './status-table.js';

const NAME_MAX = 100;
const STAGE_NAME_MAX = 80;

/** The card's mark: the pipeline's status, or ✋ while a review waits. */
export function headerMark(summary: PipelineSummary): string {
  return summary.awaitingReview ? EXTRA_LOOKS.awaitingReview.mark : statusMark(summary.status);
}

/** Whether the run has not started yet: waiting, with no start time (then no stage is "current"). */
export function hasNotStarted(summary: PipelineSummary): boolean {
  return summary.statusClass === 'pending' && !summary.startTime;
}

/** The one-line summary of a pipeline for `text`. */
export function fallbackText(summary: PipelineSummary, locale: Locale): string {
  const f = cardStrings(locale).fallback;
  const name = fitEscaped(summary.name, NAME_MAX) || `#${summary.id}`;
  const word = statusWord(summary.status, locale);
  const total = summary.stages.length;
  const current = summary.currentIndex === null ? null : summary.stages[summary.currentIndex];
  const stageName = (n: string) => fitEscaped(n, STAGE_NAME_MAX);
  let line: string;
  if (summary.statusClass === 'failed' || summary.failedStage) {
    const failed = summary.failedStage;
    line = failed ? f.failedAt(name, failed.index + 1, stageName(failed.name)) : f.failed(name, word);
  } else if (summary.awaitingReview?.review) {
    const stage = summary.awaitingReview;
    const review = summary.awaitingReview.review;
    const who = nameList(review.pending, 5, locale, (n) => fitEscaped(n, 40) || '?');
    line = f.awaitingReview(name, stage.index + 1, stageName(stage.name), who);
  } else if (summary.statusClass === 'succeeded') {
    const took = summary.startTime && summary.endTime ? spanMs(summary.startTime, summary.endTime) : null;
    line = took === null ? f.succeeded(name) : f.succeededIn(name, formatSpan(took, locale));
  } else if (summary.statusClass === 'active' && current) {
    line = f.active(name, word, current.index + 1, total, stageName(current.name));
  } else if (summary.statusClass === 'cancelled' && current) {
    line = f.stoppedAt(name, word, current.index + 1, stageName(current.name));
  } else if (hasNotStarted(summary)) {
    line = f.notStarted(name);
  } else {
    line = f.other(name, word);
  }
  return fitBuilt(`${headerMark(summary)} ${line}`, FALLBACK_TEXT_MAX);
}
